"""App configuration."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "msp.api"
    label = "api"
    verbose_name = "API tokens"
