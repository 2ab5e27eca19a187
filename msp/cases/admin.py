"""Admin for case configuration only; people and cases are worked on the audited, council-scoped pages."""

from django.contrib import admin

from msp.cases.models import CouncilCaseSettings, OutcomeCategory


@admin.register(OutcomeCategory)
class OutcomeCategoryAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "council", "position", "active")
    list_filter = ("active", ("council", admin.EmptyFieldListFilter))
    search_fields = ("label", "code", "council__short_name")


@admin.register(CouncilCaseSettings)
class CouncilCaseSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "council",
        "decision_hours",
        "review_interval_days",
        "require_outcomes_asked",
        "require_outcomes_rated",
    )
    search_fields = ("council__short_name",)
    autocomplete_fields = ()
