"""Regions, councils with adult social services responsibilities, aliases and Safeguarding Adults Boards."""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse


class Region(models.Model):
    gss_code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilType(models.TextChoices):
    COUNTY = "County council", "County council"
    UNITARY = "Unitary authority", "Unitary authority"
    METROPOLITAN = "Metropolitan district", "Metropolitan district"
    LONDON = "London borough", "London borough"


class CouncilQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "CouncilQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Council(models.Model):
    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=80)
    council_type = models.CharField(max_length=30, choices=CouncilType.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="councils")
    valid_from = models.DateField(null=True, blank=True, help_text="Blank: existed before April 2016.")
    valid_to = models.DateField(null=True, blank=True, help_text="Blank: still exists.")
    cassr_code = models.CharField("CASSR code", max_length=10, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, related_name="predecessors", blank=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", args=[self.gss_code])

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class CouncilAlias(models.Model):
    """Another name a council is known by in files: 'LB Bexley', 'Hull', 'RBW&M'."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=160)

    class Meta:
        ordering = ["alias"]
        constraints = [models.UniqueConstraint(fields=["council", "alias"], name="unique_alias_per_council")]

    def __str__(self) -> str:
        return self.alias


class SafeguardingAdultsBoard(models.Model):
    name = models.CharField(max_length=160, unique=True)
    councils = models.ManyToManyField(Council, related_name="boards")

    class Meta:
        ordering = ["name"]
        verbose_name = "Safeguarding Adults Board"

    def __str__(self) -> str:
        return self.name


class ComparatorGroup(models.Model):
    """Councils a council compares itself with, from a reporting year until a later version replaces it:
    imported (e.g. a nearest-neighbours list the council licenses) or chosen by its lead."""

    class Kind(models.TextChoices):
        IMPORTED = "imported", "Imported"
        CHOSEN = "chosen", "Chosen by the council"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="comparator_groups")
    name = models.CharField(max_length=120)
    from_year = models.CharField(max_length=7, help_text="First reporting year it applies to, e.g. 2023-24.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    members = models.ManyToManyField(Council, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council__name", "name", "-from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name", "from_year"], name="one_group_version_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.council} (from {self.from_year})"
