"""Summary tables: each council's return and indicators for a year, computed from its records or uploaded,
so dashboards, roll-ups and benchmarks read a few thousand rows instead of the records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FigureSet(models.Model):
    """One council's figures for one reporting year, and where they came from."""

    class Source(models.TextChoices):
        COMPUTED = "computed", "Computed from MSP's records"
        UPLOADED = "uploaded", "Uploaded return"
        KEPT = "kept", "Kept when records behind them were erased"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="figure_sets")
    year = models.CharField(max_length=7, help_text="Reporting year, e.g. 2023-24.")
    source = models.CharField(max_length=10, choices=Source.choices)
    refreshed_at = models.DateTimeField(help_text="When the figures were computed or uploaded.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    empty = models.BooleanField(
        default=False,
        help_text="Computed, but the council had no records that year: nothing submitted ([x]).",
    )

    class Meta:
        ordering = ["year", "council__gss_code"]
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="one_figure_set_per_year")]

    def __str__(self) -> str:
        return f"{self.council} {self.year} ({self.get_source_display()})"


class ReturnFigure(models.Model):
    """One counted cell of a council's return (the derived percentages are worked out from these).
    No value: not submitted, shown as [x] and never as zero."""

    figure_set = models.ForeignKey(FigureSet, on_delete=models.CASCADE, related_name="cells")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=7)
    table = models.CharField(max_length=8)
    row = models.CharField(max_length=80)
    column = models.CharField(max_length=40)
    value = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["figure_set", "table", "row", "column"], name="one_value_per_cell"
            )
        ]
        indexes = [models.Index(fields=["year", "table", "row", "column"])]

    def __str__(self) -> str:
        return f"{self.council_id} {self.year} {self.table} {self.row} / {self.column}: {self.value}"


class IndicatorFigure(models.Model):
    """One outcome indicator of a council for a year or a quarter: numerator and denominator, unrounded."""

    figure_set = models.ForeignKey(FigureSet, on_delete=models.CASCADE, related_name="indicators")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=7)
    period = models.CharField(max_length=10, help_text="The year (2023-24) or a quarter (2023-24 Q1).")
    indicator = models.CharField(max_length=60)
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["figure_set", "period", "indicator"], name="one_value_per_indicator_and_period"
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "period"]),
            models.Index(fields=["council", "indicator"]),
        ]

    def __str__(self) -> str:
        return f"{self.council_id} {self.period} {self.indicator}: {self.numerator}/{self.denominator}"


class FigureWatermark(models.Model):
    """The last audit event already looked at for a year's figures: the next look starts after it, so
    finding the councils whose records changed costs the changes since, never the whole log."""

    year = models.CharField(max_length=7, unique=True)
    audit_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: audit events up to {self.audit_id} seen"
