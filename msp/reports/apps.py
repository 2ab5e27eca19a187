"""App configuration."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "msp.reports"
    label = "reports"
    verbose_name = "Temperature check reports"
