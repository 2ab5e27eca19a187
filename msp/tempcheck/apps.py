"""App configuration."""

from django.apps import AppConfig


class TempcheckConfig(AppConfig):
    name = "msp.tempcheck"
    label = "tempcheck"
    verbose_name = "Temperature check"
