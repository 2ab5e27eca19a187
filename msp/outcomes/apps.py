"""App configuration."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "msp.outcomes"
    label = "outcomes"
    verbose_name = "Returns and outcome indicators"
