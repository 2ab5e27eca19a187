"""The extract's columns in their documented order, and the column tables of docs/cases_import.md."""

from __future__ import annotations

import re

from msp.cases import choices as ch
from msp.cases.importing.columns import (
    MAX_OUTCOMES,
    Column,
    DateColumn,
    DateTimeColumn,
    ListColumn,
    LocalColumn,
    NationalColumn,
    NhsNumberColumn,
    OutcomeCategoryColumn,
    TextColumn,
    YesNoColumn,
)
from msp.cases.models import Concern, Person

GROUPS = {
    "person": "The person",
    "concern": "The concern and the three questions",
    "outcome": "Desired outcomes",
    "decision": "The decision",
    "enquiry": "The enquiry (only where the decision is an enquiry)",
    "feedback": "Feedback (optional; only where there is an enquiry)",
}


def _in_group(group: str, columns: list[Column]) -> list[Column]:
    for column in columns:
        column.group = group
    return columns


def _length(model, field: str) -> int:
    """The model's own limit, so a column can never accept more than the record can hold."""
    return model._meta.get_field(field).max_length


def build_columns(outcome_categories: list) -> list[Column]:
    """Every column of the extract, in the documented order."""
    text, date, when, national, local = TextColumn, DateColumn, DateTimeColumn, NationalColumn, LocalColumn
    person = [
        text(
            "external_person_id",
            "The person's id in the old system; rows with the same id are one person.",
            "P-10442",
            required=True,
            max_length=_length(Person, "external_id"),
        ),
        text("given_name", "Given name.", "Marnie", required=True, max_length=_length(Person, "given_name")),
        text(
            "family_name",
            "Family name.",
            "Quillfeather",
            required=True,
            max_length=_length(Person, "family_name"),
        ),
        text("known_as", "The name they like to be called.", "Marn", max_length=_length(Person, "known_as")),
        date("date_of_birth", "Date of birth.", "14/05/1938"),
        NhsNumberColumn("nhs_number", "NHS number.", "943 476 5919"),
        national("gender", "Gender.", "Female", set_name="gender"),
        national("ethnicity", "Ethnicity.", "White", set_name="ethnicity"),
        national("support_reason", "Primary support reason.", "Physical support", set_name="support_reason"),
        text("area", "Locality or team area.", "North locality", max_length=_length(Person, "area")),
    ]
    concern = [
        text(
            "external_concern_id",
            "The concern's id in the old system; once per file, once per council.",
            "C-2019-0381",
            required=True,
            max_length=_length(Concern, "external_id"),
        ),
        when("received_at", "When the concern was received.", "03/04/2019 14:30", required=True),
        local(
            "referrer_type",
            "Who raised it.",
            "Care provider",
            required=True,
            choices=ch.ReferrerType,
            set_label="kind of referrer",
        ),
        text(
            "referrer_name",
            "Person or organisation that raised it.",
            "Larkspur Lodge",
            max_length=_length(Concern, "referrer_name"),
        ),
        text(
            "referrer_contact",
            "Their phone, email or address.",
            "01632 960123",
            max_length=_length(Concern, "referrer_contact"),
        ),
        ListColumn(
            "risk_types",
            "Types of risk.",
            "Neglect and acts of omission; Financial or material",
            item=national("", "", set_name="risk_type"),
        ),
        national("location", "Location of risk.", "Own home", set_name="risk_location"),
        national(
            "source_of_risk", "Source of risk.", "Other - known to the individual", set_name="risk_source"
        ),
        text("what_happened", "What happened.", "A carer noticed missed medication.", required=True),
        text("wants_to_happen", "What the person wants to happen.", "For it to stop."),
        text("involvement_wishes", "How they want to be involved.", "Visit me with my niece there."),
        local(
            "outcomes_asked",
            "Asked about their desired outcomes?",
            "Asked",
            choices=ch.OutcomesAsked,
            set_label="answer to 'asked about desired outcomes'",
        ),
        text(
            "outcomes_not_asked_reason",
            "Why they were not asked.",
            "Too unwell at the time.",
            needed_when="When outcomes_asked is Not asked",
        ),
        local("said_by", "Who gave the answers.", "The person", choices=ch.SaidBy, set_label="speaker"),
    ]
    outcome = []
    for n in range(1, MAX_OUTCOMES + 1):
        outcome += [
            OutcomeCategoryColumn(
                f"outcome_{n}_category",
                f"Desired outcome {n}: its category.",
                "To feel safe or safer",
                categories=outcome_categories,
                needed_when=f"When outcome_{n}_words is given",
            ),
            text(
                f"outcome_{n}_words",
                f"Desired outcome {n}, in the person's own words.",
                "I want to feel safe in my flat.",
                needed_when=f"When outcome_{n}_category is given",
            ),
            national(
                f"outcome_{n}_achievement",
                f"Desired outcome {n}: achieved? (at closure only)",
                "Partially achieved",
                set_name="outcome_achievement",
            ),
        ]
    decision = [
        local(
            "decision",
            "The decision; blank while awaiting one.",
            "Section 42 enquiry",
            choices=ch.Decision,
            set_label="decision",
        ),
        *(
            YesNoColumn(
                f"criterion_{x}",
                f"Section 42 criterion ({x}) met?",
                "Yes",
                needed_when="Yes, for a Section 42 enquiry",
            )
            for x in "abc"
        ),
        text("decision_reason", "Why (for other enquiry or no enquiry).", "Support already in place."),
        when("decided_at", "When it was decided.", "04/04/2019 10:00", needed_when="With a decision"),
        local(
            "no_enquiry_outcome",
            "What happened instead.",
            "Signposted to community or voluntary services",
            choices=ch.NoEnquiryOutcome,
            set_label="no-enquiry outcome",
            needed_when="For No enquiry",
        ),
    ]
    enquiry = [
        when("first_contact_at", "First contact with the person.", "04/04/2019 16:15"),
        ListColumn(
            "involvement",
            "How the person was involved.",
            "Home visit; By phone",
            item=local("", "", choices=ch.InvolvementMethod, set_label="way of involvement"),
        ),
        national(
            "capacity",
            "Lacked capacity for the enquiry's decisions?",
            "No, did not lack capacity",
            set_name="mental_capacity",
        ),
        national(
            "capacity_support",
            "Support, where capacity was lacking.",
            "Yes, by an advocate",
            set_name="capacity_support",
        ),
        national(
            "risk_result",
            "Action taken and result.",
            "Risk identified and action taken",
            set_name="risk_result",
        ),
        national(
            "risk_outcome",
            "Risk outcome (only where risk identified and action taken).",
            "Risk reduced",
            set_name="risk_outcome",
        ),
        when("closed_at", "When the enquiry closed; blank while open.", "20/05/2019 12:00"),
    ]
    feedback = [
        local(
            "feedback_respondent",
            "Who answered.",
            "The person",
            choices=ch.Respondent,
            set_label="respondent",
            needed_when="With any feedback",
        ),
        local(
            "feedback_method",
            "How it was asked.",
            "By the enquiry lead at closure",
            choices=ch.FeedbackMethod,
            set_label="way of asking",
            needed_when="With any feedback",
        ),
        date("feedback_answered_on", "When they answered.", "20/05/2019", needed_when="With any feedback"),
        *(
            local(
                f"feedback_{name}",
                question,
                "Yes",
                choices=ch.FeedbackAnswer,
                set_label="feedback answer",
                needed_when="With any feedback",
            )
            for name, question in ch.FEEDBACK_QUESTIONS
        ),
        text("feedback_comments", "Their comments, in their words.", "They listened to me."),
    ]
    return [
        *_in_group("person", person),
        *_in_group("concern", concern),
        *_in_group("outcome", outcome),
        *_in_group("decision", decision),
        *_in_group("enquiry", enquiry),
        *_in_group("feedback", feedback),
    ]


def column_reference(columns: list[Column] | None = None) -> str:
    """The column tables of docs/cases_import.md, made from the columns themselves so the two never differ."""
    if columns is None:
        from msp.cases.models import OutcomeCategory

        columns = build_columns(list(OutcomeCategory.objects.filter(council=None)))
    lines: list[str] = []
    for group, title in GROUPS.items():
        lines += [f"### {title}", "", "| Column | Required | What it holds | Allowed values | Example |"]
        lines.append("|---|---|---|---|---|")
        for column in columns:
            if column.group != group or re.match(r"outcome_[2-9]", column.name):
                continue
            required = "Yes" if column.required else (column.needed_when or "No")
            lines.append(
                f"| `{column.name}` | {required} | {column.description} | {column.allowed()}"
                f" | {column.example} |"
            )
        if group == "outcome":
            lines += [
                "",
                f"The same three columns follow for outcomes 2 to {MAX_OUTCOMES} (`outcome_2_category`, ...,"
                f" `outcome_{MAX_OUTCOMES}_achievement`). Categories: the national list above, and the"
                " council's own categories.",
            ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
