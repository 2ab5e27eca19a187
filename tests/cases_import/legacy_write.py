"""The import's phase two as it was before the bulk writer: bulk_create of instances, one table at a time.

Kept only as the reference the bulk writer is compared with (test_bulk_write.py): the same checked report in,
the same rows out. Written from a report checked by the current phase one, into a council with no concern of
the file yet.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db import transaction

from msp.cases import choices as ch
from msp.cases.importing import ImportReport, unique_references
from msp.cases.importing.columns import ENQUIRY_DECISIONS, MAX_OUTCOMES, PERSON_FIELDS
from msp.cases.rules import decision_due

BATCH_SIZE = 1000


def legacy_write_rows(report: ImportReport, user=None) -> None:
    """Create every person, concern, enquiry, outcome and feedback in one transaction, and log the import."""
    from msp.accounts.audit import audit
    from msp.cases.models import Concern, Person

    old = SimpleNamespace(
        council=report.council,
        file=report.file,
        rows=[
            SimpleNamespace(
                row=values[0],
                values={n: v for n, v in zip(report.names, values[1:], strict=True) if v is not None},
                is_repeat=repeat,
            )
            for values, repeat in zip(report.rows, report.repeats, strict=True)
        ],
        people={
            external: {n: v for n, v in zip(PERSON_FIELDS, details, strict=True) if v is not None}
            for external, details in report.people.items()
        },
        known=SimpleNamespace(
            people={e: Person(pk=p.pk, council=report.council) for e, p in report.known.people.items()}
        ),
    )
    council = report.council
    author = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        people = _create_people(old, author)
        concerns = _create_concerns(old, people, author)
        Concern.objects.filter(pk__in=report.newly_repeats).update(is_repeat=True)
        _create_details(old, concerns, author)
        audit(
            user=user,
            action="import",
            object_type="cases.Concern",
            council=council,
            summary=f"Imported {len(concerns)} concerns from {report.file[:150]}",
            changes={
                "file": report.file,
                "rows_read": report.rows_read,
                **report.counts,
            },
        )


def _create_people(report, author) -> dict[str, Any]:
    from msp.cases.models import Person

    people = {e: p for e, p in report.known.people.items() if e in report.people}
    blank = {name: "" for name in PERSON_FIELDS} | {"date_of_birth": None}
    new = {
        external: Person(council=report.council, created_by=author, external_id=external, **(blank | details))
        for external, details in report.people.items()
        if external not in people
    }
    Person.objects.bulk_create(new.values(), batch_size=BATCH_SIZE)
    return {**people, **new}


def _create_concerns(report, people: dict[str, Any], author) -> list:
    from msp.cases.models import Concern, ConcernRiskType
    from msp.cases.services import settings_for

    hours = settings_for(report.council).decision_hours
    references = unique_references(len(report.rows))
    concerns = [
        Concern(
            council=report.council,
            person=people[row.values["external_person_id"]],
            external_id=row.values["external_concern_id"],
            reference=reference,
            channel=ch.Channel.IMPORT,
            status=_status(row.values),
            decision_due_at=decision_due(row.values["received_at"], hours),
            is_repeat=row.is_repeat,
            created_by=author,
            **{name: row.values.get(name, default) for name, default in CONCERN_FIELDS.items()},
        )
        for row, reference in zip(report.rows, references, strict=True)
    ]
    Concern.objects.bulk_create(concerns, batch_size=BATCH_SIZE)
    risk_types = [
        ConcernRiskType(council=report.council, concern=concern, code=code)
        for row, concern in zip(report.rows, concerns, strict=True)
        for code in row.values.get("risk_types", ())
    ]
    ConcernRiskType.objects.bulk_create(risk_types, batch_size=BATCH_SIZE)
    return concerns


CONCERN_FIELDS: dict[str, Any] = {
    "received_at": None,
    "referrer_type": "",
    "referrer_name": "",
    "referrer_contact": "",
    "location": "",
    "source_of_risk": "",
    "what_happened": "",
    "wants_to_happen": "",
    "involvement_wishes": "",
    "outcomes_asked": "",
    "outcomes_not_asked_reason": "",
    "said_by": "",
    "decision": "",
    "criterion_a": None,
    "criterion_b": None,
    "criterion_c": None,
    "decision_reason": "",
    "no_enquiry_outcome": "",
    "decided_at": None,
}


def _status(values: dict[str, Any]) -> str:
    decision = values.get("decision", "")
    if not decision:
        return ch.ConcernStatus.AWAITING_DECISION
    if decision == ch.Decision.NONE or values.get("closed_at"):
        return ch.ConcernStatus.CLOSED
    return ch.ConcernStatus.IN_ENQUIRY


def _create_details(report, concerns: list, author) -> None:
    """Enquiries with their involvement and feedback; desired outcomes with their history."""
    from msp.cases.models import DesiredOutcome, Enquiry, EnquiryInvolvement, Feedback, OutcomeChange

    council, note = report.council, f"Imported from {report.file[:150]}"
    enquiries, involvement, feedback, outcomes, changes = [], [], [], [], []
    for row, concern in zip(report.rows, concerns, strict=True):
        v = row.values
        enquiry = None
        if v.get("decision") in ENQUIRY_DECISIONS:
            enquiry = Enquiry(
                council=council,
                concern=concern,
                started_at=v["decided_at"],
                first_contact_at=v.get("first_contact_at"),
                capacity=v.get("capacity", ""),
                capacity_support=v.get("capacity_support", ""),
                risk_result=v.get("risk_result", ""),
                risk_outcome=v.get("risk_outcome", ""),
                closed_at=v.get("closed_at"),
            )
            enquiries.append(enquiry)
            involvement += [
                EnquiryInvolvement(council=council, enquiry=enquiry, method=m)
                for m in v.get("involvement", ())
            ]
            if v.get("feedback_method"):
                feedback.append(_feedback(council, enquiry, v, author))
        for n in range(1, MAX_OUTCOMES + 1):
            if not v.get(f"outcome_{n}_words"):
                continue
            outcome = DesiredOutcome(
                council=council,
                concern=concern,
                category=v[f"outcome_{n}_category"],
                own_words=v[f"outcome_{n}_words"],
                achievement=v.get(f"outcome_{n}_achievement", ""),
                created_by=author,
            )
            outcomes.append(outcome)
            added = {"category": [None, outcome.category.code], "own_words": [None, outcome.own_words]}
            changes.append(_change(outcome, "added", "concern", concern.received_at, added, author, note))
            if outcome.achievement:
                rated = {"achievement": [None, outcome.achievement]}
                changes.append(_change(outcome, "rated", "closure", v["closed_at"], rated, author, note))
    Enquiry.objects.bulk_create(enquiries, batch_size=BATCH_SIZE)
    EnquiryInvolvement.objects.bulk_create(involvement, batch_size=BATCH_SIZE)
    Feedback.objects.bulk_create(feedback, batch_size=BATCH_SIZE)
    DesiredOutcome.objects.bulk_create(outcomes, batch_size=BATCH_SIZE)
    OutcomeChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)


def _change(outcome, kind: str, stage: str, at, changes: dict, author, reason: str):
    from msp.cases.models import OutcomeChange

    return OutcomeChange(
        council=outcome.council,
        outcome=outcome,
        kind=kind,
        stage=stage,
        at=at,
        by=author,
        changes=changes,
        reason=reason,
    )


def _feedback(council, enquiry, values: dict[str, Any], author):
    from msp.cases.models import Feedback

    return Feedback(
        council=council,
        enquiry=enquiry,
        respondent=values["feedback_respondent"],
        method=values["feedback_method"],
        answered_on=values["feedback_answered_on"],
        comments=values.get("feedback_comments", ""),
        recorded_by=author,
        **{name: values[f"feedback_{name}"] for name, _ in ch.FEEDBACK_QUESTIONS},
    )
