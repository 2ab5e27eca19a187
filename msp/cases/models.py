"""People, concerns, enquiries, desired outcomes and feedback. Every row carries its council."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from msp.cases import categories as cat
from msp.cases.choices import (
    ChangeKind,
    Channel,
    ConcernStatus,
    Decision,
    FeedbackAnswer,
    FeedbackMethod,
    InvolvementMethod,
    NoEnquiryOutcome,
    OutcomesAsked,
    OutcomeStatus,
    PersonAware,
    ReferrerType,
    RepresentativeType,
    Respondent,
    SaidBy,
    Stage,
)
from msp.cases.rules import validate_nhs_number

USER = settings.AUTH_USER_MODEL
ADULT_AGE, OLDEST_AGE = 18, 120  # an approximate age outside this is a typing error (or a child)


class CouncilCaseSettings(models.Model):
    """What a council has configured: decision time, review interval and the mandatory prompts at closure."""

    council = models.OneToOneField("councils.Council", on_delete=models.CASCADE, related_name="case_settings")
    decision_hours = models.PositiveIntegerField(
        default=48, help_text="Hours from receiving a concern to the decision on an enquiry."
    )
    review_interval_days = models.PositiveIntegerField(
        default=28,
        help_text="An open enquiry whose outcomes were not reviewed for this many days is flagged.",
    )
    require_outcomes_asked = models.BooleanField(
        default=True, help_text="An enquiry cannot close unless the person was asked about their outcomes."
    )
    require_outcomes_rated = models.BooleanField(
        default=True, help_text="An enquiry cannot close while an active outcome is not rated."
    )
    require_first_contact = models.BooleanField(
        default=False, help_text="An enquiry cannot close without the date and time of first contact."
    )
    require_capacity = models.BooleanField(
        default=True, help_text="An enquiry cannot close without the mental capacity question answered."
    )
    require_risk_result = models.BooleanField(
        default=True, help_text="An enquiry cannot close without the risk assessment result."
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "council case settings"
        verbose_name_plural = "council case settings"
        constraints = [
            models.CheckConstraint(name="decision_hours_positive", condition=Q(decision_hours__gte=1)),
            models.CheckConstraint(name="review_interval_positive", condition=Q(review_interval_days__gte=1)),
        ]

    def __str__(self) -> str:
        return f"Case settings for {self.council}"


class OutcomeCategory(models.Model):
    """A kind of desired outcome. No council: the national default list; else a council's own addition."""

    council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.CASCADE, related_name="outcome_categories"
    )
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=100)
    active = models.BooleanField(
        default=True, help_text="Inactive: kept on old records, not offered any more."
    )

    class Meta:
        ordering = ["position", "label"]
        verbose_name_plural = "outcome categories"
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="unique_outcome_category_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(council__isnull=True),
                name="unique_national_outcome_category_code",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Person(models.Model):
    """An adult at risk. Only synthetic people in the repository, demo and tests."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="people")
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80)
    known_as = models.CharField(max_length=80, blank=True, help_text="The name they like to be called.")
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(ADULT_AGE), MaxValueValidator(OLDEST_AGE)],
        help_text="In years, as told; kept only while the date of birth is not known.",
    )
    address = models.CharField(
        max_length=250, blank=True, help_text="Where they live. Personal data: shown on the person page only."
    )
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        validators=[validate_nhs_number],
        db_index=True,
        help_text="10 digits, no spaces.",
    )
    gender = models.CharField(max_length=20, blank=True, choices=cat.gender_choices)
    ethnicity = models.CharField(max_length=20, blank=True, choices=cat.ethnicity_choices)
    support_reason = models.CharField(
        "primary support reason", max_length=30, blank=True, choices=cat.support_reason_choices
    )
    area = models.CharField(max_length=80, blank=True, help_text="Locality or team area within the council.")
    external_id = models.CharField(
        "id in the previous system",
        max_length=60,
        blank=True,
        help_text="Set by imports; links later imports.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["council", "date_of_birth"]),
            models.Index(fields=["council", "family_name"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "external_id"],
                condition=~Q(external_id=""),
                name="unique_person_external_id_per_council",
            ),
            models.CheckConstraint(
                name="approximate_age_is_an_adult_age",
                condition=Q(approximate_age__isnull=True)
                | Q(approximate_age__gte=ADULT_AGE, approximate_age__lte=OLDEST_AGE),
            ),
            models.CheckConstraint(
                name="approximate_age_only_without_date_of_birth",
                condition=Q(approximate_age__isnull=True) | Q(date_of_birth__isnull=True),
                violation_error_message="Give a date of birth or an approximate age, not both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class Representative(models.Model):
    """Someone acting for the person: family member, friend, carer, advocate or IMCA."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representatives")
    kind = models.CharField(max_length=20, choices=RepresentativeType.choices)
    name = models.CharField(max_length=160)
    contact = models.CharField(max_length=200, blank=True, help_text="Phone number, email or address.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Concern(models.Model):
    """A report of possible abuse or neglect, the person's three answers at the front door, the decision."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="concerns")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="concerns")
    reference = models.CharField(max_length=12, unique=True, help_text="Given to whoever raised the concern.")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.STAFF)
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.AWAITING_DECISION, db_index=True
    )
    received_at = models.DateTimeField()
    referrer_type = models.CharField("who raised it", max_length=30, choices=ReferrerType.choices)
    referrer_name = models.CharField(max_length=160, blank=True, help_text="Person or organisation.")
    referrer_contact = models.CharField(max_length=200, blank=True)
    location = models.CharField(
        "location of risk", max_length=30, blank=True, choices=cat.risk_location_choices
    )
    source_of_risk = models.CharField(max_length=30, blank=True, choices=cat.risk_source_choices)
    what_happened = models.TextField()
    person_aware = models.CharField(
        "does the person know about this report and agree to it",
        max_length=20,
        blank=True,
        choices=PersonAware.choices,
    )
    person_aware_reason = models.TextField("why they do not know or do not agree", blank=True)
    # The three questions, as said by or for the person. Outcomes are DesiredOutcome rows.
    wants_to_happen = models.TextField("what they want to happen", blank=True)
    involvement_wishes = models.TextField("how they want to be involved", blank=True)
    outcomes_asked = models.CharField(
        "asked about their desired outcomes", max_length=20, blank=True, choices=OutcomesAsked.choices
    )
    outcomes_not_asked_reason = models.TextField(blank=True)
    said_by = models.CharField(max_length=20, blank=True, choices=SaidBy.choices)
    # Decision on an enquiry
    decision_due_at = models.DateTimeField(help_text="Received plus the council's decision time.")
    decision = models.CharField(max_length=10, blank=True, choices=Decision.choices)
    criterion_a = models.BooleanField("(a) has care and support needs", null=True, blank=True)
    criterion_b = models.BooleanField(
        "(b) is experiencing, or at risk of, abuse or neglect", null=True, blank=True
    )
    criterion_c = models.BooleanField(
        "(c) because of those needs cannot protect themselves", null=True, blank=True
    )
    decision_reason = models.TextField(blank=True)
    no_enquiry_outcome = models.CharField(
        "what happened instead", max_length=30, blank=True, choices=NoEnquiryOutcome.choices
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_repeat = models.BooleanField(
        default=False,
        help_text="The person had another concern in the 12 months before this one was received.",
    )
    external_id = models.CharField(
        "id in the previous system",
        max_length=60,
        blank=True,
        help_text="Set by imports; links later imports.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["council", "status", "decision_due_at"]),
            models.Index(fields=["council", "received_at"]),
            models.Index(fields=["person", "received_at"]),
            models.Index(fields=["received_at"]),  # a year of every council: returns and benchmarks
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "external_id"],
                condition=~Q(external_id=""),
                name="unique_concern_external_id_per_council",
            ),
            models.CheckConstraint(
                name="s42_needs_all_three_criteria",
                condition=~Q(decision="s42") | Q(criterion_a=True, criterion_b=True, criterion_c=True),
            ),
            models.CheckConstraint(
                name="no_enquiry_says_what_happened_instead",
                condition=~Q(decision="none") | ~Q(no_enquiry_outcome=""),
            ),
            models.CheckConstraint(
                name="decided_concerns_have_a_decision_time",
                condition=Q(decision="") | Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def risk_type_codes(self) -> list[str]:
        return [r.code for r in self.risk_types.all()]


class ConcernRiskType(models.Model):
    """One type of risk on a concern (several each); a row per code filters and counts on any database."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="risk_types")
    code = models.CharField(max_length=30, choices=cat.risk_type_choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["concern", "code"], name="unique_risk_type_per_concern")
        ]

    def __str__(self) -> str:
        return cat.label("risk_type", self.code)


class Enquiry(models.Model):
    """A Section 42 or other enquiry opened from a concern (its kind is the concern's decision)."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="enquiries")
    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="enquiry")
    lead_worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_enquiries"
    )
    started_at = models.DateTimeField()
    first_contact_at = models.DateTimeField("first contact with the person", null=True, blank=True)
    capacity = models.CharField(
        "lacked capacity for the enquiry's decisions",
        max_length=20,
        blank=True,
        choices=cat.mental_capacity_choices,
    )
    capacity_support = models.CharField(
        "support where capacity was lacking", max_length=20, blank=True, choices=cat.capacity_support_choices
    )
    risk_result = models.CharField(
        "action taken and result", max_length=30, blank=True, choices=cat.risk_result_choices
    )
    risk_outcome = models.CharField(max_length=20, blank=True, choices=cat.risk_outcome_choices)
    outcomes_reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="Last time the desired outcomes were added to, changed or reviewed."
    )
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closure_override_reason = models.TextField(
        blank=True, help_text="Why the enquiry closed although a mandatory prompt was not met."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name_plural = "enquiries"
        indexes = [
            models.Index(fields=["council", "closed_at"]),
            models.Index(fields=["council", "lead_worker"]),
            models.Index(fields=["started_at"]),  # SAC SG1 counts enquiries by the year they started
        ]
        constraints = [
            models.CheckConstraint(
                name="capacity_support_only_where_lacking",
                condition=Q(capacity_support="") | Q(capacity="lacked"),
            ),
            models.CheckConstraint(
                name="risk_outcome_only_where_risk_identified_and_action_taken",
                condition=Q(risk_outcome="") | Q(risk_result="identified_action"),
            ),
        ]

    def __str__(self) -> str:
        return f"Enquiry {self.concern.reference}"

    @property
    def involvement_codes(self) -> list[str]:
        return [i.method for i in self.involvement.all()]


class EnquiryInvolvement(models.Model):
    """One way the person was involved in the enquiry (several per enquiry)."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="involvement")
    method = models.CharField(max_length=20, choices=InvolvementMethod.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enquiry", "method"], name="unique_involvement_method_per_enquiry"
            )
        ]

    def __str__(self) -> str:
        return self.get_method_display()


class EnquiryAction(models.Model):
    """Something agreed in the enquiry: who does what by when, and whether it is done."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField("who", max_length=160, blank=True)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class DesiredOutcome(models.Model):
    """One outcome the person wants, in their own words, with its category; rated at closure."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="outcomes")
    category = models.ForeignKey(OutcomeCategory, on_delete=models.PROTECT, related_name="outcomes")
    own_words = models.TextField(help_text="What the person said, as they said it.")
    stage = models.CharField(
        "first said",
        max_length=10,
        choices=Stage.choices,
        default=Stage.CONCERN,
        help_text="At the concern, during the enquiry or at closure.",
    )
    status = models.CharField(max_length=10, choices=OutcomeStatus.choices, default=OutcomeStatus.ACTIVE)
    achievement = models.CharField(max_length=10, blank=True, choices=cat.outcome_achievement_choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="withdrawn_outcomes_are_not_rated",
                condition=Q(achievement="") | Q(status="active"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.own_words[:60]}"


class OutcomeChange(models.Model):
    """History of a desired outcome: what changed, when, by whom and why. Never edited."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(DesiredOutcome, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class Feedback(models.Model):
    """What the person or their representative said about the enquiry, and how it was asked."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="feedback")
    respondent = models.CharField("who answered", max_length=20, choices=Respondent.choices)
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField("how it was asked", max_length=20, choices=FeedbackMethod.choices)
    listened_to = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    treated_with_respect = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    kept_informed = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    feels_safer = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    made_difference = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    comments = models.TextField(blank=True, help_text="In their words.")
    quote_consent = models.BooleanField(
        "agreed their words may be quoted",
        default=False,
        help_text="The person (or representative) agreed their comments may be shown, without their name, on"
        " the council's and the board's dashboards.",
    )
    answered_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["answered_on", "id"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "method"], name="one_feedback_per_method_per_enquiry")
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.enquiry} ({self.get_method_display()})"
