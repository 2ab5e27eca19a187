"""The public partner alert form: its questions, their checks, and the service that makes it a concern."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.forms.utils import ErrorDict
from django.utils import timezone

from msp.cases import categories as cat
from msp.cases.choices import Channel, OutcomesAsked, PersonAware, ReferrerType, SaidBy
from msp.cases.models import ADULT_AGE, OLDEST_AGE, Concern, OutcomeCategory, Person
from msp.cases.rules import normalise_nhs_number, validate_nhs_number
from msp.cases.services import OutcomeInput, concern_create, person_create
from msp.core.forms import GovukDateField
from msp.core.templatetags.govuk import govuk_anchor
from msp.councils.models import Council

HONEYPOT = "website"  # never shown to people; a bot that fills it is thanked and ignored
OUTCOME_ROWS = 3
MAX_OUTCOME_ROWS = 10
LONG_TEXT = 5000  # enough for a full account; stops a bot posting megabytes into a record
CHILD_MESSAGE = (
    "This form is for adults aged 18 or over. For a child, contact the council's children's services"
)
PHONE_RE = re.compile(r"^\+?[\d\s()-]+$")
# The person's details are not the user's own: keep the browser from offering the user's name or address.
NOT_ME = {"autocomplete": "off", "spellcheck": "false"}

# Worded for whoever is filling in the form; the stored codes are the case record's own.
SAID_BY_CHOICES = [
    (SaidBy.PERSON, "The person told me"),
    (
        SaidBy.REPRESENTATIVE,
        "Someone who speaks for them told me (a family member, friend, carer or advocate)",
    ),
    (SaidBy.REFERRER, "I could not ask them, so this is what I think they would want"),
]
_REFERRER_WORDING = {"family_friend": "A family member or friend of the person", "self": "I am the person"}
REFERRER_CHOICES = [(code, _REFERRER_WORDING.get(code, label)) for code, label in ReferrerType.choices]
KNOWS_CHOICES = [
    (PersonAware.AGREES, "Yes, and they agree to it"),
    (PersonAware.DOES_NOT_AGREE, "Yes, but they do not agree to it"),
    (PersonAware.DOES_NOT_KNOW, "No, they do not know"),
    (PersonAware.NOT_KNOWN, "I do not know"),
]
ADDRESS_LENGTH = Person._meta.get_field("address").max_length


class TelInput(forms.TextInput):
    input_type = "tel"


def _text(label: str, *, required: bool = False, rows: int = 4, attrs=None, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": rows, **(attrs or {})}),
        **kwargs,
    )


def _no_maxlength(form: forms.Form) -> None:
    """GOV.UK advice: no maxlength attribute, which cuts text off unseen; the server checks the length."""
    for form_field in form.fields.values():
        form_field.widget.attrs.pop("maxlength", None)


def _radios(choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)


def council_choices(on: datetime.date | None = None) -> list[tuple[str, str]]:
    """Councils that exist on the day: what a chosen council is checked against (the page offers only the
    councils found by a search, see alert_steps.py)."""
    councils = Council.objects.valid_on(on or timezone.localdate()).order_by("short_name")
    return list(councils.values_list("gss_code", "short_name"))


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class AlertForm(forms.Form):
    """Everything but the outcome rows, in page order (the error summary follows it)."""

    council = forms.ChoiceField(
        label="Select the council area",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the council area where it happened",
            "invalid_choice": "Select a council area from the list",
        },
    )
    # About you
    referrer_type = _radios(
        REFERRER_CHOICES,
        label="Which of these best describes you?",
        error_messages={"required": "Select the option that best describes you"},
    )
    referrer_name = forms.CharField(
        label="Your full name",
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your full name"},
    )
    referrer_organisation = forms.CharField(
        label="Your organisation (optional)",
        max_length=70,
        required=False,
        help_text="For example, the name of the hospital, care home or police team",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    referrer_phone = forms.CharField(
        label="Your phone number",
        max_length=30,
        required=False,
        help_text="Give a phone number, an email address or both, so the council can contact you",
        widget=TelInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
    )
    referrer_email = forms.EmailField(
        label="Your email address",
        max_length=160,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    # The person
    given_name = forms.CharField(
        label="Their first name",
        max_length=80,
        widget=forms.TextInput(attrs=NOT_ME),
        error_messages={"required": "Enter the person's first name"},
    )
    family_name = forms.CharField(
        label="Their last name",
        max_length=80,
        help_text="If you do not know it, write 'not known'",
        widget=forms.TextInput(attrs=NOT_ME),
        error_messages={"required": "Enter the person's last name, or write 'not known'"},
    )
    known_as = forms.CharField(
        label="The name they like to be called (optional)",
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs=NOT_ME),
    )
    date_of_birth = GovukDateField(
        label="Their date of birth",
        required=False,
        help_text="For example, 14 5 1938. If you do not know it, give their approximate age below.",
        error_messages={"invalid": "Date of birth must be a real date, for example 14 5 1938"},
    )
    approximate_age = forms.IntegerField(
        label="Their approximate age, if you do not know their date of birth",
        required=False,
        min_value=ADULT_AGE,
        max_value=OLDEST_AGE,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Approximate age must be a whole number, like 80",
            "min_value": CHILD_MESSAGE,
            "max_value": f"Approximate age must be {OLDEST_AGE} or less",
        },
    )
    address = _text(
        "Where they live (optional)",
        rows=3,
        attrs=NOT_ME,
        help_text="Their address, or the town or area if you do not know it",
    )
    nhs_number = forms.CharField(
        label="Their NHS number (optional)",
        max_length=14,
        required=False,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-10", "autocomplete": "off"}
        ),
    )
    knows_about_report = _radios(
        KNOWS_CHOICES,
        label="Does the person know you are reporting this?",
        error_messages={"required": "Select whether the person knows you are reporting this"},
    )
    knows_about_report_why = _text(
        "If they do not know, or do not agree, tell us why (optional)",
        rows=2,
        help_text="For example, telling them could put them at more risk",
    )
    # What happened
    risk_types = forms.MultipleChoiceField(
        label="What kind of abuse or neglect do you think it is?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. If you are not sure, choose the closest.",
        error_messages={"required": "Select at least one kind of abuse or neglect"},
    )
    location = _radios(
        (),
        label="Where did it happen?",
        error_messages={"required": "Select where it happened"},
    )
    source_of_risk = _radios(
        (),
        required=False,
        label="Who do you think is causing the harm? (optional)",
        help_text="Leave this blank if you do not know",
    )
    what_happened = _text(
        "What happened?",
        required=True,
        rows=8,
        help_text="Say what you saw or were told, when it happened, and whether the person is safe now",
        error_messages={"required": "Describe what happened"},
    )
    # What the person wants: the three questions, as said by or for the person
    said_by = _radios(
        SAID_BY_CHOICES,
        required=False,
        label="Who told you what the person wants?",
    )
    wants_to_happen = _text("What do they want to happen?")
    involvement_wishes = _text(
        "How do they want to be involved?",
        help_text="For example, who they want with them, and how and when they want to be contacted",
    )

    def __init__(self, *args, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = councils or council_choices()
        year = cat.reporting_year(timezone.localdate())
        self.fields["risk_types"].choices = cat.category_set("risk_type", year).choices()
        self.fields["location"].choices = cat.category_set("risk_location", year).choices()
        self.fields["source_of_risk"].choices = cat.category_set("risk_source", year).choices()
        _no_maxlength(self)

    def clean_referrer_phone(self) -> str:
        value = " ".join(self.cleaned_data["referrer_phone"].split())
        digits = sum(ch.isdigit() for ch in value)
        if value and not (PHONE_RE.match(value) and 10 <= digits <= 15):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or +44 808 157 0192")
        return value

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        validate_nhs_number(value)
        return value

    def clean_address(self) -> str:
        value = one_line(self.cleaned_data["address"])
        if len(value) > ADDRESS_LENGTH:
            raise forms.ValidationError(f"Where they live must be {ADDRESS_LENGTH} characters or fewer")
        return value

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born and born > today:
            raise forms.ValidationError("Date of birth must be in the past")
        if born and age_on(born, today) < ADULT_AGE:
            raise forms.ValidationError(CHILD_MESSAGE)
        return born

    def clean(self):
        data = super().clean()
        if not (data.get("referrer_phone") or data.get("referrer_email") or self.has_error("referrer_email")):
            self.add_error("referrer_phone", "Enter a phone number or an email address")
        if not any(self.has_error(f) for f in ("date_of_birth", "approximate_age")) and not (
            data.get("date_of_birth") or data.get("approximate_age")
        ):
            self.add_error("date_of_birth", "Enter their date of birth, or their approximate age")
        return data


class OutcomeRowForm(forms.Form):
    """One desired outcome: a kind from the national list and the person's words. A blank row is skipped."""

    category = forms.ChoiceField(label="What kind of outcome is it?", required=False)
    own_words = forms.CharField(
        label="What they want, in their own words",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose a kind of outcome"), *categories]
        _no_maxlength(self)

    def clean(self):
        data = super().clean()
        words = data.get("own_words", "").strip()
        if words and not data.get("category"):
            self.add_error("category", "Select what kind of outcome it is")
        if data.get("category") and not words:
            self.add_error("own_words", "Write what they want, in their own words")
        return data


OutcomeRowFormSet = forms.formset_factory(
    OutcomeRowForm, extra=0, max_num=MAX_OUTCOME_ROWS, absolute_max=MAX_OUTCOME_ROWS
)


def national_outcome_categories() -> list[tuple[str, str]]:
    """The council is chosen on the same page, so only the national list can be offered."""
    return list(OutcomeCategory.objects.filter(council=None, active=True).values_list("code", "label"))


@dataclass(frozen=True)
class Alert:
    """A checked alert, ready to become a person and a concern in the chosen council."""

    council: Council
    data: dict
    outcomes: list[OutcomeInput] = field(default_factory=list)


class AlertSubmission:
    """The alert form and its outcome rows together: bound, checked, errors in page order, and the result."""

    def __init__(self, data=None):
        self.is_bound = data is not None
        self.is_bot = bool(data and data.get(HONEYPOT, "").strip())
        self.adding_row = bool(data and "add_outcome" in data)
        councils = council_choices()
        self.form = AlertForm(data, councils=councils)
        categories = national_outcome_categories()
        if data is None or "outcome-TOTAL_FORMS" not in data:  # the outcome rows' page not yet seen
            self.outcomes = OutcomeRowFormSet(
                prefix="outcome", initial=[{}] * OUTCOME_ROWS, form_kwargs={"categories": categories}
            )
        else:
            data = data.copy()
            if self.adding_row:  # "Add another outcome" without JavaScript: one more row, all else kept
                rows = data.get("outcome-TOTAL_FORMS", "")
                rows = int(rows) if rows.isdigit() else OUTCOME_ROWS
                data["outcome-TOTAL_FORMS"] = str(min(rows + 1, MAX_OUTCOME_ROWS))
            self.outcomes = OutcomeRowFormSet(data, prefix="outcome", form_kwargs={"categories": categories})
            if self.adding_row:
                self.show_unjudged()

    def show_unjudged(self) -> None:
        """'Add another outcome' is not a submission: show what was typed, unjudged, plus the new row.

        An empty ErrorDict tells Django the forms were cleaned, so rendering them does not validate.
        """
        self.form._errors = ErrorDict()
        for row in self.outcomes.forms:
            row._errors = ErrorDict()
        self.outcomes._errors = [row._errors for row in self.outcomes.forms]
        self.outcomes._non_form_errors = self.outcomes.error_class()
        if self.adding_row and self.outcomes.forms:
            # Focus goes to the new row (no #fragment in the address: it would outlive this page).
            self.outcomes.forms[-1].fields["category"].widget.attrs["autofocus"] = True

    @property
    def can_add_row(self) -> bool:
        return len(self.outcomes.forms) < MAX_OUTCOME_ROWS

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        rows_ok = self.outcomes.is_valid()
        answered = bool(self.outcome_rows()) or any(
            self.form.cleaned_data.get(name, "").strip() for name in ("wants_to_happen", "involvement_wishes")
        )
        if answered and not self.form.cleaned_data.get("said_by") and not self.form.has_error("said_by"):
            self.form.add_error("said_by", "Select who told you what the person wants")
        return form_ok and rows_ok and not self.form.errors

    def outcome_rows(self) -> list[OutcomeInput]:
        if not self.outcomes.is_valid():
            return []
        return [
            OutcomeInput(row["category"], row["own_words"].strip())
            for row in self.outcomes.cleaned_data
            if row.get("category") and row.get("own_words", "").strip()
        ]

    def errors(self, fields=None, *, outcomes: bool = True) -> list:
        """Every error as {message, anchor} (or plain text), in the order the questions appear on the page;
        only those of `fields` (and of the outcome rows if `outcomes`) when a page shows some questions."""
        if not self.is_bound or self.adding_row:
            return []
        # A message with no field to link to goes in as plain text; the summary template shows it unlinked.
        found: list = [str(e) for e in self.form.non_field_errors()]
        for bound in self.form:
            if fields is None or bound.name in fields:
                found += [{"message": str(e), "anchor": govuk_anchor(bound)} for e in bound.errors]
        if outcomes:
            for row in self.outcomes.forms:
                for bound in row:
                    found += [{"message": str(e), "anchor": bound.auto_id} for e in bound.errors]
            found += [{"message": str(e), "anchor": "outcomes"} for e in self.outcomes.non_form_errors()]
        return found

    def alert(self) -> Alert:
        data = dict(self.form.cleaned_data)
        council = Council.objects.get(gss_code=data.pop("council"))
        return Alert(council=council, data=data, outcomes=self.outcome_rows())


# --- From an alert to a case record ---------------------------------------------------------------------


def referrer_name(data: dict) -> str:
    """'Dee Harper (Northgate Care Home)': the case record keeps one line for person and organisation."""
    name, organisation = data["referrer_name"].strip(), data.get("referrer_organisation", "").strip()
    return f"{name} ({organisation})" if organisation else name


def referrer_contact(data: dict) -> str:
    return " / ".join(v for v in (data.get("referrer_phone", ""), data.get("referrer_email", "")) if v)


def one_line(text: str) -> str:
    """'12 Example Street,\n Brackenford' -> '12 Example Street, Brackenford': an address kept on one line."""
    lines = (" ".join(line.split()).rstrip(",") for line in (text or "").splitlines())
    return ", ".join(line for line in lines if line)


def outcomes_asked_for(said_by: str, answered: bool) -> str:
    """Asked, when the person or someone for them answered; otherwise left for the council to record."""
    if answered and said_by in (SaidBy.PERSON, SaidBy.REPRESENTATIVE):
        return OutcomesAsked.ASKED
    return ""


def alert_submit(*, alert: Alert) -> Concern:
    """A new person and a concern in the chosen council's queue, the outcomes as their initial wishes.

    A new person every time: the form must never reveal whether someone is already known, so the
    council's staff check for duplicates afterwards.
    """
    data = alert.data
    answered = bool(alert.outcomes or data["wants_to_happen"].strip() or data["involvement_wishes"].strip())
    with transaction.atomic():
        person = person_create(
            council=alert.council,
            user=None,
            given_name=data["given_name"],
            family_name=data["family_name"],
            known_as=data.get("known_as", ""),
            date_of_birth=data.get("date_of_birth"),
            approximate_age=data.get("approximate_age"),
            address=data.get("address", ""),
            nhs_number=data.get("nhs_number", ""),
            confirmed_not_duplicate=True,
        )
        return concern_create(
            council=alert.council,
            person=person,
            user=None,
            channel=Channel.ALERT,
            received_at=timezone.now(),
            referrer_type=data["referrer_type"],
            referrer_name=referrer_name(data),
            referrer_contact=referrer_contact(data),
            risk_types=data["risk_types"],
            location=data["location"],
            source_of_risk=data.get("source_of_risk", ""),
            what_happened=data["what_happened"],
            person_aware=data.get("knows_about_report", ""),
            person_aware_reason=data.get("knows_about_report_why", ""),
            wants_to_happen=data["wants_to_happen"],
            involvement_wishes=data["involvement_wishes"],
            said_by=data.get("said_by", "") if answered else "",
            outcomes_asked=outcomes_asked_for(data.get("said_by", ""), answered),
            outcomes=alert.outcomes,
        )
