"""Instrument versions and their questions, waves, interviews and answers.

A published instrument version is never edited: a later wave gets a new version, and every answer points at
the exact Question row (of one version) it answered.
"""

from django.conf import settings
from django.db import models


class InstrumentVersion(models.Model):
    code = models.CharField(max_length=40, unique=True, help_text="For example 'tc2016'.")
    title = models.CharField(max_length=200)
    source = models.TextField(help_text="The YAML the version was loaded from, kept verbatim.")
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "single_choice", "Single choice"
    GRID_ROW = "grid_row", "Row of a grid of single choices"
    OPEN_TEXT = "open_text", "Open text"
    RATING = "rating", "Rating"


class Question(models.Model):
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="questions")
    code = models.CharField(max_length=80)
    section = models.CharField(max_length=60)
    section_title = models.CharField(max_length=200)
    position = models.PositiveIntegerField()
    qtype = models.CharField(max_length=20, choices=QuestionType.choices)
    text = models.TextField()
    # For a grid row: the grid's code and question text; `text` is the row's label.
    grid_code = models.CharField(max_length=60, blank=True)
    grid_text = models.TextField(blank=True)
    table = models.CharField(
        max_length=40, blank=True, help_text="Where it appears in the report, e.g. 'Table 3'."
    )
    options = models.JSONField(default=list, help_text="[{code, label, letter?}] in the order printed.")
    required = models.BooleanField(default=True)
    help = models.TextField(blank=True)
    condition = models.JSONField(
        null=True, blank=True, help_text="{question, in: [...]} or {question, answered}"
    )

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="unique_question_code")]

    def __str__(self) -> str:
        return self.code

    def option_label(self, code: str) -> str:
        for option in self.options:
            if option["code"] == code:
                return option["label"]
        return code


class Wave(models.Model):
    class Kind(models.TextChoices):
        INTERVIEWS = "interviews", "Interviews recorded in MSP"
        PUBLISHED = "published", "Published figures only (a baseline)"

    code = models.CharField(max_length=20, unique=True, help_text="For example '2016'.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INTERVIEWS)
    instrument = models.ForeignKey(InstrumentVersion, null=True, blank=True, on_delete=models.PROTECT)
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    baseline = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compared_by",
        help_text="The earlier wave this one is compared with.",
    )
    planned_councils = models.ManyToManyField("councils.Council", blank=True, related_name="planned_waves")

    class Meta:
        ordering = ["-code"]

    def __str__(self) -> str:
        return self.name


class BaselineFigure(models.Model):
    """A percentage published for an earlier wave (e.g. Table 9's 2014-15 column)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="baseline_figures")
    question_code = models.CharField(max_length=80)
    option_code = models.CharField(max_length=60)
    percent = models.DecimalField(max_digits=5, decimal_places=1)
    base = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["question_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "question_code", "option_code"], name="unique_baseline_figure"
            ),
            models.CheckConstraint(
                name="baseline_percent_in_range",
                condition=models.Q(percent__gte=0) & models.Q(percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave.code} {self.question_code} {self.option_code}: {self.percent}%"


class RespondentRole(models.TextChoices):
    HEAD_OF_SAFEGUARDING = "head_of_safeguarding", "Head of safeguarding"
    OTHER_MIDDLE_MANAGER = "other_middle_manager", "Other middle manager"
    SENIOR_MANAGER = "senior_manager", "Senior manager"
    SAB_MANAGER = "sab_manager", "SAB manager"
    SAB_CHAIR = "sab_chair", "SAB chair"
    OTHER = "other", "Other"


class Interview(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="interviews")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="interviews")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    interview_date = models.DateField(null=True, blank=True)
    interviewer_name = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    respondent_role = models.CharField(max_length=30, choices=RespondentRole.choices, blank=True)
    consent_to_attribution = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every save so that a stale form cannot overwrite a newer change.
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["council__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "council"], name="one_interview_per_council_per_wave")
        ]

    def __str__(self) -> str:
        return f"{self.council} ({self.wave.code})"


class Answer(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=60, blank=True, help_text="The option code, for closed questions.")
    text = models.TextField(blank=True, help_text="The answer, for open questions.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.choice or self.text[:40]}"
