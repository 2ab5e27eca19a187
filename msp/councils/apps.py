"""App configuration."""

from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "msp.councils"
    label = "councils"
    verbose_name = "Councils"
