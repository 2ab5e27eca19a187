"""App configuration."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "msp.core"
    label = "core"
    verbose_name = "Site"
