"""App configuration."""

from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "msp.coding"
    label = "coding"
    verbose_name = "Open answer coding"
