"""Saved mappings from other systems' extracts, and the uploads being mapped, checked and imported."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MappingProfile(models.Model):
    """One version of a council's named mapping. Saving a changed mapping under its name adds a version."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="extract_mappings")
    name = models.CharField(
        max_length=120, help_text="For example 'Liquidlogic extract, safeguarding report v3'."
    )
    version = models.PositiveIntegerField(default=1)
    document = models.JSONField(help_text="The mapping as shared between councils (msp/extracts/mapping.py).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name", "version"], name="one_mapping_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class ExtractJob(models.Model):
    """An uploaded extract on its way in: surveyed, mapped, checked (a dry run), imported or abandoned."""

    class State(models.TextChoices):
        MAPPING = "mapping", "Being mapped"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        CHECKED = "checked", "Checked"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Not imported"
        ABANDONED = "abandoned", "Abandoned"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="extract_jobs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField(default=0)
    profile = models.ForeignKey(
        MappingProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    # What the survey of the file found: headings, a few rows, each heading's distinct values (and counts).
    survey = models.JSONField(default=dict)
    mapping = models.JSONField(default=dict, help_text="The mapping document being built or used.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.MAPPING)
    writes = models.BooleanField(default=False, help_text="False: a dry run; True: the import itself.")
    stage = models.CharField(max_length=40, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    result = models.JSONField(default=dict, help_text="Counts, sample rows, problems and warnings.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def busy(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class ExtractFile(models.Model):
    """The uploaded file itself, held only until its import ends, and never served back."""

    job = models.OneToOneField(ExtractJob, on_delete=models.CASCADE, related_name="upload")
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"The file of {self.job}"
