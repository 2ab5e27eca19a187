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
from msp.cases.models import ADULT_AGE, OLDEST_AGE, Concern, EnquiryAction, Person, Representative
from msp.cases.rules import CRITERIA, nhs_number_is_valid, normalise_nhs_number
from msp.cases.services.closure import FeedbackInput
from msp.core.forms import GovukDateField
from msp.core.reveal import add_reveals

# A time as people type it: 14:30, 09.30, 9:30am, 9.30 pm, 9am, 12 noon is 12pm.
TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?(?:m\.?)?$")
TIME_ERROR = "Enter a real time, for example 9:30am or 14:30"
TIME_HELP = "For example, 9:30am or 14:30"
YES_NO = [("yes", "Yes"), ("no", "No")]


def _blank(choices, label="Select"):
    return [("", label), *choices]


def _radios(choices, **kwargs):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)


def _text(label, required=False, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}), **kwargs)


def _yes_no(label, required_message):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
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


def parse_time(text: str) -> datetime.time | None:
    """A typed time ('14:30', '09.30', '9:30am', '9.30 pm', '9am'), or None when it is not one.

    With am or pm the hour is 1 to 12 (12am is midnight, 12pm noon); without, the 24-hour clock, minutes
    required."""
    match = TIME_RE.match((text or "").strip().lower())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), match.group(2), match.group(3)
    if half is None and minute is None:
        return None  # '9' alone could be morning or evening
    minute = int(minute or 0)
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def combine(day: datetime.date | None, time_text: str) -> datetime.datetime | None:
    """A date and a typed time in UK local time, as an aware datetime (midnight when there is no time)."""
    if day is None:
        return None
    clock = parse_time(time_text) or datetime.time(0, 0)
    return datetime.datetime.combine(day, clock, tzinfo=ZoneInfo(settings.TIME_ZONE))


def clean_time(form, field: str) -> str:
    """The typed time as 'HH:MM' (24-hour clock), or one error saying what a time looks like."""
    value = (form.cleaned_data.get(field) or "").strip()
    if not value:
        return ""
    clock = parse_time(value)
    if clock is None:
        raise forms.ValidationError(TIME_ERROR)
    return f"{clock:%H:%M}"


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


def length(model, field: str) -> int:
    """A text field's length, from the model that stores it: defined once."""
    return model._meta.get_field(field).max_length


class PersonForm(forms.Form):
    given_name = forms.CharField(
        max_length=length(Person, "given_name"),
        label="Given name",
        error_messages={"required": "Enter the person's given name"},
    )
    family_name = forms.CharField(
        max_length=length(Person, "family_name"),
        label="Family name",
        error_messages={"required": "Enter the person's family name"},
    )
    known_as = forms.CharField(
        max_length=length(Person, "known_as"),
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
        max_length=length(Person, "area"),
        required=False,
        label="Area (optional)",
        help_text="Locality or team area",
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
    name = forms.CharField(
        max_length=length(Representative, "name"), error_messages={"required": "Enter their name"}
    )
    contact = forms.CharField(
        max_length=length(Representative, "contact"),
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
        max_length=10,
        help_text=TIME_HELP,
        error_messages={"required": "Enter the time received"},
    )
    referrer_type = forms.ChoiceField(
        label="Who raised the concern",
        choices=_blank(ReferrerType.choices),
        error_messages={"required": "Select who raised the concern"},
    )
    referrer_name = forms.CharField(
        label="Their name or organisation (optional)",
        max_length=length(Concern, "referrer_name"),
        required=False,
    )
    referrer_contact = forms.CharField(
        label="Their contact details (optional)",
        max_length=length(Concern, "referrer_contact"),
        required=False,
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
    outcomes_not_asked_reason = _text("Why were they not asked?")
    said_by = _radios(SaidBy.choices, required=False, label="Who answered these questions?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_reveals(self, "outcomes_asked", {OutcomesAsked.NOT_ASKED: ["outcomes_not_asked_reason"]})

    def clean_received_time(self):
        return clean_time(self, "received_time")

    def clean(self):
        data = super().clean()
        when = combine(data.get("received_on"), data.get("received_time", ""))
        if when and when > timezone.now() + datetime.timedelta(minutes=5):
            self.add_error("received_on", "The date received cannot be in the future")
        data["received_at"] = when
        if data.get("outcomes_asked") != OutcomesAsked.NOT_ASKED:
            data["outcomes_not_asked_reason"] = ""  # typed under another answer, then that answer changed
        elif not data.get("outcomes_not_asked_reason", "").strip():
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
    criterion_a = _yes_no("(a) Does the person have needs for care and support?", CRITERIA["criterion_a"])
    criterion_b = _yes_no(
        "(b) Are they experiencing, or at risk of, abuse or neglect?", CRITERIA["criterion_b"]
    )
    criterion_c = _yes_no(
        "(c) As a result of those needs, are they unable to protect themselves?", CRITERIA["criterion_c"]
    )
    decision = _radios(Decision.choices, label="Decision", error_messages={"required": "Select a decision"})
    # Each decision reveals its own reason box, its hint saying when a reason is needed.
    reason_s42 = _text("Reason for the decision (optional)")
    reason_other = _text(
        "Reason for the decision",
        help_text="Needed for an other enquiry: why the council is making one although not all three criteria"
        " are met",
    )
    no_enquiry_outcome = _radios(
        NoEnquiryOutcome.choices, required=False, label="What happened instead of an enquiry?"
    )
    reason_none = _text("Reason for the decision", help_text="Needed when there is no enquiry: say why not")
    lead_worker = forms.ModelChoiceField(
        queryset=None, required=False, label="Lead worker (optional)", empty_label="Assign later"
    )

    REASONS = {Decision.S42: "reason_s42", Decision.OTHER: "reason_other", Decision.NONE: "reason_none"}

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_worker"].queryset = staff
        self.fields["lead_worker"].label_from_instance = lambda u: u.display_name
        add_reveals(
            self,
            "decision",
            {
                Decision.S42: ["reason_s42"],
                Decision.OTHER: ["reason_other"],
                Decision.NONE: ["no_enquiry_outcome", "reason_none"],
            },
        )

    def reason_field(self) -> str:
        """The reason box of the decision chosen: where a service's error about the reason belongs."""
        return self.REASONS.get(self.cleaned_data.get("decision"), "reason_none")

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        # Only the chosen decision's follow-ups count: the others may still hold what was typed before.
        data["reason"] = data.get(self.REASONS[decision], "") if decision in self.REASONS else ""
        if decision != Decision.NONE:
            data["no_enquiry_outcome"] = ""
        return data


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
        max_length=10,
        label="Time of first contact",
        help_text=TIME_HELP,
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
        cat.capacity_support_choices,
        required=False,
        label="Were they supported by an advocate, family member or friend?",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_reveals(self, "capacity", {"lacked": ["capacity_support"]})

    def clean_first_contact_time(self):
        return clean_time(self, "first_contact_time")

    def clean(self):
        data = super().clean()
        # A time typed but not understood already has its one error; only a missing time needs another.
        if (
            data.get("first_contact_on")
            and not data.get("first_contact_time")
            and "first_contact_time" not in self.errors
        ):
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
        label="Risk outcome",
        help_text="After the action taken, did the risk remain, reduce or go?",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_reveals(self, "risk_result", {"identified_action": ["risk_outcome"]})


class ActionForm(forms.Form):
    description = _text(
        "What will be done", required=True, error_messages={"required": "Describe the action"}
    )
    owner = forms.CharField(
        max_length=length(EnquiryAction, "owner"), required=False, label="Who will do it (optional)"
    )
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
    outcomes_not_asked_reason = _text("Why were they not asked?")
    said_by = _radios(SaidBy.choices, required=False, label="Who answered?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_reveals(self, "outcomes_asked", {OutcomesAsked.NOT_ASKED: ["outcomes_not_asked_reason"]})

    def clean(self):
        data = super().clean()
        if data.get("outcomes_asked") != OutcomesAsked.NOT_ASKED:
            data["outcomes_not_asked_reason"] = ""  # typed under another answer, then that answer changed
        elif not data.get("outcomes_not_asked_reason", "").strip():
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
        self.optional = optional
        if optional:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        data = super().clean()
        # Optional feedback (at closure) may be left out; once started, every question needs an answer.
        if self.optional and not self.is_empty():
            for name, field in self.fields.items():
                if name in ("comments", "quote_consent") or data.get(name) or name in self.errors:
                    continue
                self.add_error(name, field.error_messages.get("required", "Answer this question"))
        return data

    def is_empty(self) -> bool:
        return not any(self.data.get(self.add_prefix(name)) for name in self.fields)

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name, _ in FEEDBACK_QUESTIONS}

    def feedback(self) -> FeedbackInput | None:
        """What was answered, for the services; None when optional feedback was left blank."""
        if self.optional and self.is_empty():
            return None
        d = self.cleaned_data
        return FeedbackInput(
            respondent=d["respondent"],
            answers=self.answers(),
            answered_on=d["answered_on"],
            comments=d["comments"],
            quote_consent=d["quote_consent"],
        )


class ClosureForm(RevisionForm):
    override_reason = _text(
        "Reason for closing without meeting every prompt",
        help_text="Not needed when every outcome is rated and every prompt is met; otherwise a reason here"
        " will do instead. It is kept on the record.",
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
