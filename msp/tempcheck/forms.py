"""Forms for interview capture: the details form, and a form built from each section's questions.

The rules (required answers, conditional questions, the moderation reason) come from `rules.check_answers`, so
the pages and the import agree; this module only words them for people and attaches them to fields.
"""

from __future__ import annotations

import datetime

from django import forms

from msp.core.forms import GovukDateField, GovukDateInput
from msp.core.stale import STALE_MESSAGE  # noqa: F401 (the capture views import it from here)
from msp.tempcheck.instrument import Item
from msp.tempcheck.models import RespondentRole
from msp.tempcheck.rules import MODERATION_PAIR, Problem, check_answers
from msp.tempcheck.selectors import FACT_CODES, Section, option_text

CONTINUE = "continue"
DRAFT = "draft"
SUBMITTED_MESSAGE = (
    "This interview has been submitted, so it cannot be changed. Your answers are below and have not been "
    "saved; reopen the interview to change it."
)
FACT_MESSAGES = {
    "interview_date": "Enter the date of the interview",
    "interviewer": "Enter the interviewer's name",
    "respondent_role": "Select the role of the main respondent",
    "consent_to_attribution": "Select yes if the council may be named where its practice is quoted",
}
CHOICE_ERRORS = {"invalid_choice": "Select one of the options shown"}
CLEAR_OPTION = ("", "Not answered")  # radios cannot be unchecked: a way back to blank where blank is allowed
RETURN_TO_CHECK = "check"  # ?from=check on a section: save and go back to check answers


def field_name(code: str) -> str:
    """Question codes such as 'engagement.board' contain dots, which are awkward in HTML ids and CSS."""
    return code.replace(".", "__")


FACT_ANCHORS = {
    "interview_date": "id_interview_date_day",
    "interviewer": "id_interviewer_name",
    "respondent_role": "id_respondent_role_0",
    "consent_to_attribution": "id_consent_to_attribution_0",
}


def field_anchor(code: str, items: dict[str, Item]) -> str:
    """The id of a question's first input, for error-summary and 'Change' links from other pages."""
    if code in FACT_ANCHORS:
        return FACT_ANCHORS[code]
    item = items.get(code)
    if item is None or item.qtype == "open_text":
        return f"id_{field_name(code)}"
    return f"id_{field_name(code)}_0"


def problem_message(problem: Problem, items: dict[str, Item]) -> str:
    """A problem worded for the person at the keyboard (the import words the same rules for a file)."""
    if problem.question in FACT_MESSAGES:
        return FACT_MESSAGES[problem.question]
    if problem.rule == "moderation_reason_required":
        return "Enter why the interviewer's rating differs from the respondent's"
    item = items.get(problem.question)
    if item is None:
        return problem.message
    if problem.rule == "not_asked" and item.condition:
        target = items.get(item.condition["question"])
        target_text = target.text if target else item.condition["question"]
        wanted = ""
        if "in" in item.condition and target:
            wanted = " as " + " or ".join(option_text(target, str(v)) for v in item.condition["in"])
        return (
            f"Only answer ‘{item.text}’ when ‘{target_text}’ has been answered{wanted}. Answer that question "
            "first, or leave this one blank"
        )
    if problem.rule == "required":
        if item.qtype == "grid_row":
            return f"Select an answer for ‘{item.text}’"
        verb = "Select an answer to" if item.options else "Enter an answer to"
        return f"{verb} ‘{item.text}’"
    return problem.message


def _item_field(item: Item) -> forms.Field:
    if item.qtype == "open_text":
        return forms.CharField(
            label=item.text, help_text=item.help, required=False, widget=forms.Textarea(attrs={"rows": 4})
        )
    choices = [(o.code, option_text(item, o.code)) for o in item.options]
    if not item.required or item.condition:
        choices.append(CLEAR_OPTION)
    field = forms.ChoiceField(
        label=item.text,
        # A grid's hint belongs to the whole grid and is shown once under its heading.
        help_text="" if item.qtype == "grid_row" else item.help,
        required=False,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )
    field.legend_size = "s"
    field.inline = item.qtype == "grid_row"
    return field


class SectionForm(forms.Form):
    """One section's questions: option values and rules always checked, completeness only if `complete`."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args, section: Section, items: list[Item], stored: dict[str, str], complete=False, **kw
    ):
        super().__init__(*args, **kw)
        self.section = section
        self.items = {item.code: item for item in items}
        self.stored = stored
        self.complete = complete
        for item in section.items:
            self.fields[field_name(item.code)] = _item_field(item)

    @classmethod
    def initial_for(cls, section: Section, answers: dict[str, str], revision: int) -> dict:
        return {"revision": revision} | {field_name(i.code): answers.get(i.code, "") for i in section.items}

    def answers(self) -> dict[str, str]:
        return {
            item.code: str(self.cleaned_data.get(field_name(item.code)) or "").strip()
            for item in self.section.items
            if field_name(item.code) in self.cleaned_data
        }

    def clean(self):
        merged = {**self.stored, **self.answers()}
        for problem in check_answers(self.section.items, merged, complete=self.complete):
            name = field_name(problem.question)
            if name in self.fields and not self.has_error(name):
                self.add_error(name, problem_message(problem, self.items))
        return self.cleaned_data

    def layout(self) -> list[dict]:
        """Blocks for the template: single questions, grids (heading, hint, rows), rating pair."""
        blocks: list[dict] = []
        for item in self.section.items:
            bound = self[field_name(item.code)]
            if item.qtype == "grid_row":
                if not blocks or blocks[-1].get("grid") != item.grid_code:
                    blocks.append(
                        {
                            "grid": item.grid_code,
                            "heading": item.grid_text,
                            "hint": item.help,
                            "fields": [],
                        }
                    )
                blocks[-1]["fields"].append(bound)
            elif item.code in MODERATION_PAIR and all(code in self.section.codes for code in MODERATION_PAIR):
                if not blocks or "pair" not in blocks[-1]:
                    blocks.append({"pair": True, "fields": []})
                blocks[-1]["fields"].append(bound)
            else:
                blocks.append({"field": bound})
        return blocks


class InterviewDetailsForm(forms.Form):
    """The interview's facts. The council is fixed by the page, so it is not a field."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    interview_date = GovukDateField(
        label="Date of the interview",
        required=False,
        help_text="For example, 27 5 2016",
        widget=GovukDateInput,
    )
    interviewer_name = forms.CharField(label="Interviewer's name", max_length=120, required=False)
    respondent_role = forms.ChoiceField(
        label="Role of the main respondent",
        choices=RespondentRole.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    consent_to_attribution = forms.ChoiceField(
        label="May the council be named where its practice is quoted?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.complete = complete
        self.fields["consent_to_attribution"].inline = True
        self.fields["interviewer_name"].widget.attrs["spellcheck"] = "false"

    @classmethod
    def initial_for(cls, facts: dict, revision: int | None) -> dict:
        consent = facts.get("consent_to_attribution")
        return {
            **facts,
            "revision": revision,
            "consent_to_attribution": {True: "yes", False: "no"}.get(consent, ""),
        }

    def clean_interview_date(self):
        day = self.cleaned_data.get("interview_date")
        if day and day > datetime.date.today():
            raise forms.ValidationError("The date of the interview must be today or in the past")
        return day

    def clean(self):
        if self.complete:
            for code, name in FACT_CODES.items():
                if name not in self.errors and self.cleaned_data.get(name) in (None, ""):
                    self.add_error(name, FACT_MESSAGES[code])
        return self.cleaned_data

    def facts(self) -> dict:
        data = self.cleaned_data
        return {
            "interview_date": data.get("interview_date"),
            "interviewer_name": (data.get("interviewer_name") or "").strip(),
            "respondent_role": data.get("respondent_role") or "",
            "consent_to_attribution": {"yes": True, "no": False}.get(
                data.get("consent_to_attribution") or ""
            ),
        }


class RevisionForm(forms.Form):
    """The revision the page was read at, for submitting and reopening."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
