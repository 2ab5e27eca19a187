"""Forms for case pages: plain Django forms, rendered as GOV.UK fields; services do the saving."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone

from msp.cases import categories as cat
from msp.cases.choices import (
    FEEDBACK_QUESTIONS,
    Decision,
    FeedbackAnswer,
    FeedbackMethod,
    InvolvementMethod,
    NoEnquiryOutcome,
    OutcomesAsked,
    PersonAware,
    ReferrerType,
    RepresentativeType,
    Respondent,
    SaidBy,
)
from msp.cases.models import ADULT_AGE, OLDEST_AGE
from msp.cases.rules import nhs_number_is_valid, normalise_nhs_number
from msp.core.forms import GovukDateField

TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
YES_NO = [("yes", "Yes"), ("no", "No")]


def _blank(choices, label="Select"):
    return [("", label), *choices]


def _radios(choices, **kwargs):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)


def _text(label, required=False, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}), **kwargs)


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Say whether {label[:3]} is met"},
    )


NO_REVISION = 0  # records start at revision 1, so a save that names no revision is refused as a stale one


class RevisionField(forms.IntegerField):
    """The hidden revision the user opened. Left out of a post, it becomes NO_REVISION: the save is then
    refused like one over someone else's newer change, never made without the check."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        cleaned = super().clean(value)
        return NO_REVISION if cleaned is None else cleaned


class RevisionForm(forms.Form):
    """Carries the revision the user opened, so a save over someone else's newer change is refused."""

    revision = RevisionField()


def combine(day: datetime.date | None, time_text: str) -> datetime.datetime | None:
    """A date and an 'HH:MM' time typed in UK local time, as an aware datetime."""
    if day is None:
        return None
    match = TIME_RE.match(time_text or "")
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


def clean_time(form, field: str) -> str:
    value = form.cleaned_data.get(field, "")
    match = TIME_RE.match(value or "")
    if value and not (match and int(match.group(1)) < 24 and int(match.group(2)) < 60):
        raise forms.ValidationError("Enter a time using the 24-hour clock, for example 14:30")
    return value


class PersonSearchForm(forms.Form):
    name = forms.CharField(required=False, label="Name", help_text="Given name, family name or both")
    date_of_birth = GovukDateField(required=False, label="Date of birth", help_text="For example, 14 5 1938")
    nhs_number = forms.CharField(required=False, label="NHS number", max_length=14)

    def clean_nhs_number(self):
        return normalise_nhs_number(self.cleaned_data["nhs_number"])

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(f) for f in ("name", "date_of_birth", "nhs_number")):
            raise forms.ValidationError("Enter a name, a date of birth or an NHS number")
        return data


class PersonForm(forms.Form):
    given_name = forms.CharField(
        max_length=80, label="Given name", error_messages={"required": "Enter the person's given name"}
    )
    family_name = forms.CharField(
        max_length=80, label="Family name", error_messages={"required": "Enter the person's family name"}
    )
    known_as = forms.CharField(
        max_length=80,
        required=False,
        label="Known as (optional)",
        help_text="The name they like to be called",
    )
    date_of_birth = GovukDateField(
        required=False, label="Date of birth (if known)", help_text="For example, 14 5 1938"
    )
    approximate_age = forms.IntegerField(
        required=False,
        min_value=ADULT_AGE,
        max_value=OLDEST_AGE,
        label="Approximate age (if the date of birth is not known)",
        help_text="In years. A date of birth, when given, replaces it.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Approximate age must be a whole number, like 80",
            "min_value": f"Approximate age must be {ADULT_AGE} or more",
            "max_value": f"Approximate age must be {OLDEST_AGE} or less",
        },
    )
    nhs_number = forms.CharField(
        required=False,
        max_length=14,
        label="NHS number (optional)",
        help_text="10 digits, for example 943 476 5919",
    )
    address = forms.CharField(
        max_length=250,
        required=False,
        label="Address (optional)",
        help_text="Where they live",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    gender = _radios(cat.gender_choices, required=False, label="Gender")
    ethnicity = forms.ChoiceField(choices=_blank(cat.ethnicity_choices(), "Not recorded"), required=False)
    support_reason = forms.ChoiceField(
        label="Primary support reason",
        choices=_blank(cat.support_reason_choices(), "Not recorded"),
        required=False,
    )
    area = forms.CharField(
        max_length=80, required=False, label="Area (optional)", help_text="Locality or team area"
    )

    def clean_nhs_number(self):
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value and not nhs_number_is_valid(value):
            raise forms.ValidationError("Enter a valid NHS number: 10 digits, for example 943 476 5919")
        return value

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        return value


class PersonEditForm(PersonForm):
    revision = RevisionField()


class RepresentativeForm(forms.Form):
    kind = _radios(
        RepresentativeType.choices,
        label="Who are they to the person?",
        error_messages={"required": "Select who they are to the person"},
    )
    name = forms.CharField(max_length=160, error_messages={"required": "Enter their name"})
    contact = forms.CharField(
        max_length=200,
        required=False,
        label="Contact details (optional)",
        help_text="Phone number, email or address",
    )


class ConcernForm(forms.Form):
    received_on = GovukDateField(
        label="Date received", error_messages={"required": "Enter the date received"}
    )
    received_time = forms.CharField(
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        label="Time received",
        max_length=5,
        help_text="24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time received"},
    )
    referrer_type = forms.ChoiceField(
        label="Who raised the concern",
        choices=_blank(ReferrerType.choices),
        error_messages={"required": "Select who raised the concern"},
    )
    referrer_name = forms.CharField(
        label="Their name or organisation (optional)", max_length=160, required=False
    )
    referrer_contact = forms.CharField(
        label="Their contact details (optional)", max_length=200, required=False
    )
    risk_types = forms.MultipleChoiceField(
        label="Types of risk",
        choices=cat.risk_type_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one type of risk"},
    )
    location = forms.ChoiceField(
        label="Location of risk",
        choices=_blank(cat.risk_location_choices()),
        error_messages={"required": "Select the location of risk"},
    )
    source_of_risk = _radios(
        cat.risk_source_choices,
        label="Source of risk",
        error_messages={"required": "Select the source of risk"},
    )
    what_happened = _text(
        "What happened", required=True, error_messages={"required": "Describe what happened"}
    )
    person_aware = _radios(
        PersonAware.choices, required=False, label="Does the person know about this report, and agree to it?"
    )
    person_aware_reason = _text("If they do not know, or do not agree, why not? (optional)")
    wants_to_happen = _text(
        "What does the person want to happen?", help_text="In their words, or as said for them"
    )
    involvement_wishes = _text("How do they want to be involved?")
    outcomes_asked = _radios(
        OutcomesAsked.choices,
        label="Was the person asked about the outcomes they want?",
        error_messages={"required": "Say whether the person was asked about outcomes"},
    )
    outcomes_not_asked_reason = _text("If not asked, why not?")
    said_by = _radios(SaidBy.choices, required=False, label="Who answered these questions?")

    def clean_received_time(self):
        return clean_time(self, "received_time")

    def clean(self):
        data = super().clean()
        when = combine(data.get("received_on"), data.get("received_time", ""))
        if when and when > timezone.now() + datetime.timedelta(minutes=5):
            self.add_error("received_on", "The date received cannot be in the future")
        data["received_at"] = when
        if (
            data.get("outcomes_asked") == "not_asked"
            and not data.get("outcomes_not_asked_reason", "").strip()
        ):
            self.add_error("outcomes_not_asked_reason", "Say why the person was not asked")
        return data


class OutcomeRowForm(forms.Form):
    """One desired outcome at the front door. Both fields blank: the row is ignored."""

    category = forms.ChoiceField(label="Kind of outcome", required=False)
    own_words = forms.CharField(
        label="In the person's own words", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _blank([(c.code, c.label) for c in categories])

    def clean(self):
        data = super().clean()
        if data.get("own_words", "").strip() and not data.get("category"):
            self.add_error("category", "Select the kind of outcome")
        if data.get("category") and not data.get("own_words", "").strip():
            self.add_error("own_words", "Write the outcome in the person's own words")
        return data


OutcomeRowFormSet = forms.formset_factory(OutcomeRowForm, extra=0, max_num=20, absolute_max=20)


class DecisionForm(RevisionForm):
    criterion_a = _yes_no("(a) Does the person have needs for care and support?")
    criterion_b = _yes_no("(b) Are they experiencing, or at risk of, abuse or neglect?")
    criterion_c = _yes_no("(c) As a result of those needs, are they unable to protect themselves?")
    decision = _radios(Decision.choices, label="Decision", error_messages={"required": "Select a decision"})
    no_enquiry_outcome = _radios(
        NoEnquiryOutcome.choices, required=False, label="If no enquiry: what happened instead?"
    )
    reason = _text("Reason for the decision", help_text="Needed for an other enquiry or no enquiry")
    lead_worker = forms.ModelChoiceField(
        queryset=None, required=False, label="Lead worker (optional)", empty_label="Assign later"
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = staff
        self.fields["lead_worker"].label_from_instance = lambda u: u.display_name


class AssignForm(RevisionForm):
    lead_worker = forms.ModelChoiceField(
        queryset=None, label="Lead worker", error_messages={"required": "Select the lead worker"}
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = staff
        self.fields["lead_worker"].label_from_instance = lambda u: u.display_name


class ContactForm(RevisionForm):
    first_contact_on = GovukDateField(required=False, label="Date of first contact with the person")
    first_contact_time = forms.CharField(
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        required=False,
        max_length=5,
        label="Time of first contact",
        help_text="24-hour clock, for example 09:15",
    )
    involvement = forms.MultipleChoiceField(
        required=False,
        choices=InvolvementMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        label="How was the person involved?",
        help_text="Select all that apply",
    )
    capacity = _radios(
        cat.mental_capacity_choices,
        required=False,
        label="Did the person lack capacity for the decisions in the enquiry?",
    )
    capacity_support = _radios(
        cat.capacity_support_choices, required=False, label="If they lacked capacity: were they supported?"
    )

    def clean_first_contact_time(self):
        return clean_time(self, "first_contact_time")

    def clean(self):
        data = super().clean()
        if data.get("first_contact_on") and not data.get("first_contact_time"):
            self.add_error("first_contact_time", "Enter the time of first contact")
        data["first_contact_at"] = combine(data.get("first_contact_on"), data.get("first_contact_time", ""))
        return data


class RiskForm(RevisionForm):
    risk_result = _radios(
        cat.risk_result_choices,
        label="Action taken and result",
        error_messages={"required": "Select the result of the risk assessment"},
    )
    risk_outcome = _radios(
        cat.risk_outcome_choices,
        required=False,
        label="If risk was identified and action taken: the risk outcome",
    )


class ActionForm(forms.Form):
    description = _text(
        "What will be done", required=True, error_messages={"required": "Describe the action"}
    )
    owner = forms.CharField(max_length=160, required=False, label="Who will do it (optional)")
    due_on = GovukDateField(required=False, label="By when (optional)")


class OutcomeForm(RevisionForm):
    category = forms.ChoiceField(
        label="Kind of outcome", error_messages={"required": "Select the kind of outcome"}
    )
    own_words = forms.CharField(
        label="In the person's own words",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the outcome in the person's own words"},
    )
    reason = _text("Why, and what the person said")

    def __init__(self, *args, categories=(), reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _blank([(c.code, c.label) for c in categories])
        if reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Say why the outcome changed"


class WithdrawForm(RevisionForm):
    reason = _text(
        "Why is it withdrawn?",
        required=True,
        error_messages={"required": "Say why the outcome was withdrawn"},
    )


class ReviewedForm(forms.Form):
    note = _text("Note (optional)", help_text="For example, what the person said when you went through them")


class AskedForm(RevisionForm):
    outcomes_asked = _radios(
        OutcomesAsked.choices,
        label="Was the person asked about the outcomes they want?",
        error_messages={"required": "Select an answer"},
    )
    outcomes_not_asked_reason = _text("If not asked, why not?")
    said_by = _radios(SaidBy.choices, required=False, label="Who answered?")

    def clean(self):
        data = super().clean()
        if (
            data.get("outcomes_asked") == "not_asked"
            and not data.get("outcomes_not_asked_reason", "").strip()
        ):
            self.add_error("outcomes_not_asked_reason", "Say why the person was not asked")
        return data


class FeedbackForm(forms.Form):
    respondent = _radios(
        Respondent.choices, label="Who answered?", error_messages={"required": "Select who answered"}
    )
    answered_on = GovukDateField(
        label="Date answered", error_messages={"required": "Enter the date answered"}
    )
    comments = _text("What they said, in their words (optional)")
    quote_consent = forms.BooleanField(
        required=False,
        label="They agree their words may be quoted, without their name, on the council's and the board's"
        " dashboards",
    )

    def __init__(self, *args, method: str = FeedbackMethod.AT_CLOSURE, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method
        for name, question in FEEDBACK_QUESTIONS:
            self.fields[name] = _radios(
                FeedbackAnswer.choices,
                label=question,
                error_messages={"required": "Select an answer, or 'Not asked'"},
            )
            self.fields[name].inline = True
        self.order_fields(
            ["respondent", *[n for n, _ in FEEDBACK_QUESTIONS], "comments", "quote_consent", "answered_on"]
        )
        if optional:
            for field in self.fields.values():
                field.required = False

    def is_empty(self) -> bool:
        return not any(self.data.get(self.add_prefix(name)) for name in self.fields)

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name, _ in FEEDBACK_QUESTIONS}


class ClosureForm(RevisionForm):
    override_reason = _text(
        "Reason for closing without meeting every prompt",
        help_text="Only needed if a prompt above is not met. It is kept on the record.",
    )

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        for index, outcome in enumerate(outcomes, start=1):
            field = _radios(
                cat.outcome_achievement_choices, required=False, label=f"Outcome {index}: {outcome.own_words}"
            )
            field.help_text = str(outcome.category)
            self.fields[f"outcome_{outcome.pk}"] = field
        # Page order for the error summary: the outcomes come before the reason box.
        self.order_fields([name for name in self.fields if name != "override_reason"] + ["override_reason"])

    def achievements(self) -> dict[int, str]:
        return {
            int(name.split("_")[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("outcome_") and value
        }


class CaseSettingsForm(RevisionForm):
    decision_hours = forms.IntegerField(min_value=1, max_value=24 * 28, label="Hours to decide on a concern")
    review_interval_days = forms.IntegerField(
        min_value=1, max_value=365, label="Days before outcomes count as not reviewed lately"
    )
    require_outcomes_asked = forms.BooleanField(
        required=False, label="The person was asked about their outcomes"
    )
    require_outcomes_rated = forms.BooleanField(required=False, label="Every active outcome is rated")
    require_first_contact = forms.BooleanField(required=False, label="First contact is recorded")
    require_capacity = forms.BooleanField(required=False, label="Mental capacity is recorded")
    require_risk_result = forms.BooleanField(required=False, label="The risk assessment result is recorded")


class OutcomeCategoryForm(forms.Form):
    label = forms.CharField(
        max_length=120,
        label="New kind of outcome for your council",
        error_messages={"required": "Enter the kind of outcome"},
    )
