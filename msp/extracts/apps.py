from django.apps import AppConfig


class ExtractsConfig(AppConfig):
    name = "msp.extracts"
    verbose_name = "Case extracts from other systems"
    default_auto_field = "django.db.models.BigAutoField"
