"""Narrative text analysts write for a wave's generated reports, one per section (and region, or England)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Narrative(models.Model):
    """An analyst's text for one section of a wave's report: national (no region) or one region's."""

    class Section(models.TextChoices):
        # In report order; each is placed under the section of the same name (msp.reports.documents).
        FOREWORD = "foreword", "Foreword"
        METHOD_AND_COVERAGE = "method_and_coverage", "Background and method"
        SUMMARY = "summary", "Summary of findings"
        ENGAGEMENT = "engagement", "Organisational commitment"
        OUTCOMES = "outcomes", "Measuring outcomes"
        IMPACT = "impact", "Impact"
        THEMES = "themes", "What councils told us"
        ACHIEVEMENT = "achievement", "Evaluation of progress"
        RECOMMENDATIONS = "recommendations", "Recommendations"
        USER_ENGAGEMENT = "user_engagement", "Appendix 1: Engaging people who use services"

    wave = models.ForeignKey("tempcheck.Wave", on_delete=models.CASCADE, related_name="narratives")
    region = models.ForeignKey(
        "councils.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="narratives",
        help_text="Blank: the national report.",
    )
    section = models.CharField(max_length=40, choices=Section.choices)
    # Where in the section the text sits: "" opens it, "findings" is the findings paragraph (drafted from
    # the figures until an analyst saves their own), "after:<key>" follows that table or figure.
    slot = models.CharField(max_length=60, blank=True, default="")
    text = models.TextField(blank=True)
    # Bumped on every save so that an edit made from a stale page cannot overwrite a newer one.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["wave", "region__name", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "section", "slot"],
                condition=Q(region__isnull=True),
                name="one_national_narrative_per_section",
            ),
            models.UniqueConstraint(
                fields=["wave", "region", "section", "slot"],
                condition=Q(region__isnull=False),
                name="one_regional_narrative_per_section",
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id else "England"
        slot = f" ({self.slot})" if self.slot else ""
        return f"{self.wave.code} {where}: {self.get_section_display()}{slot}"


class InvolvementBaseline(models.Model):
    """One agency's improvement score in the previous wave, entered or imported for a wave's Figure 2.

    The earlier evaluation printed only the scores (% involved minus % not involved), not the percentages
    behind them, so the score itself is stored; it runs from -100 to +100.
    """

    wave = models.ForeignKey("tempcheck.Wave", on_delete=models.CASCADE, related_name="involvement_baselines")
    question_code = models.CharField(max_length=80, help_text="The agency's row, e.g. involvement.police.")
    score = models.DecimalField(max_digits=4, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["wave", "question_code"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "question_code"], name="one_baseline_score_per_agency"),
            models.CheckConstraint(
                name="baseline_score_in_range", condition=Q(score__gte=-100) & Q(score__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave.code} {self.question_code}: {self.score}"
