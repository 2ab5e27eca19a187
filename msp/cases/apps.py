"""App configuration."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "msp.cases"
    label = "cases"
    verbose_name = "Safeguarding cases"
