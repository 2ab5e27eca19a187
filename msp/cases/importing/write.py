"""Phase two: write every person, concern, enquiry, outcome and feedback in one transaction, or nothing.

Through the bulk writer (msp.cases.bulk): ids are reserved first for the people, concerns, enquiries and
outcomes, so each table is written whole, in dependency order, straight from the checked rows (COPY on
PostgreSQL), with no model instance made for any row.
"""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction

from msp.cases import choices as ch
from msp.cases.bulk import BulkWriter, in_batches, select_in
from msp.cases.importing.checks import check_concern_ids, known_ids
from msp.cases.importing.columns import ENQUIRY_DECISIONS, MAX_OUTCOMES, PERSON_FIELDS
from msp.cases.importing.report import ImportReport, Progress

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # as services.new_reference
# Random bytes to reference characters: 248 = 8 x 31, so each character is equally likely; bytes from 248
# up are dropped.
_TO_ALPHABET = bytes(ord(REFERENCE_ALPHABET[b % 31]) for b in range(248)) + bytes(8)
_DROPPED = bytes(range(248, 256))

CONCERN_FIELDS: dict[str, Any] = {  # column -> value when the cell is blank
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
ENQUIRY_FIELDS = {  # enquiry column -> (extract column, value when blank)
    "started_at": ("decided_at", None),
    "first_contact_at": ("first_contact_at", None),
    "capacity": ("capacity", ""),
    "capacity_support": ("capacity_support", ""),
    "risk_result": ("risk_result", ""),
    "risk_outcome": ("risk_outcome", ""),
    "closed_at": ("closed_at", None),
}
PERSON_BLANKS = tuple(None if name == "date_of_birth" else "" for name in PERSON_FIELDS)


def random_references(count: int) -> list[str]:
    """`count` references like services.new_reference ('ABCD-2345'), from the same secure random source."""
    wanted = count * 8
    chars = b""
    while len(chars) < wanted:
        chars += secrets.token_bytes(wanted - len(chars) + 16).translate(_TO_ALPHABET, _DROPPED)
    text = chars[:wanted].decode("ascii")
    return [f"{text[i : i + 4]}-{text[i + 4 : i + 8]}" for i in range(0, wanted, 8)]


def unique_references(count: int, make: Callable[[], str] | None = None) -> list[str]:
    """`count` new concern references, unique among themselves and in the database (checked in batches).

    `make` draws one reference (the generator's is seeded); by default they are drawn at random, in bulk."""
    from msp.cases.models import Concern

    chosen: dict[str, None] = {}
    while len(chosen) < count:
        batch: dict[str, None] = {}
        if make is None:
            for reference in random_references(count - len(chosen)):
                if reference not in chosen:
                    batch[reference] = None
        while len(chosen) + len(batch) < count:
            reference = make() if make is not None else random_references(1)[0]
            if reference not in chosen and reference not in batch:
                batch[reference] = None
        drawn = list(batch)
        sql = f"SELECT reference FROM {Concern._meta.db_table} WHERE reference {{in}}"
        taken = {reference for (reference,) in select_in(sql, [], drawn)}
        chosen.update((r, None) for r in drawn if r not in taken)
    return list(chosen)


def write_rows(report: ImportReport, user=None, progress: Progress | None = None) -> None:
    """Create every person, concern, enquiry, outcome and feedback in one transaction, and log the import."""
    from msp.accounts.audit import audit
    from msp.cases.models import Concern
    from msp.councils.models import Council

    council = report.council
    author = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        # One import into a council at a time: a second waits here, then finds the first one's ids.
        list(Council.objects.select_for_update().filter(pk=council.pk).values_list("pk"))
        at = report.index("external_concern_id")
        report.known = known_ids(council, [row[at] for row in report.rows], list(report.people))
        check_concern_ids(report)
        if report.problems:
            return
        writer = _Writer(report, author.pk if author else None, progress)
        people = writer.people()
        concerns = writer.concerns(people)
        for batch in in_batches(report.newly_repeats):
            Concern.objects.filter(pk__in=batch).update(is_repeat=True)
        writer.details(concerns)
        report.written = True
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


class _Writer:
    """Turns the checked rows into each table's rows, in dependency order, a column at a time."""

    def __init__(self, report: ImportReport, author_id: int | None, progress: Progress | None):
        self.report, self.author_id, self.progress = report, author_id, progress
        self.council_id = report.council.pk
        self.bulk = BulkWriter()
        # The rows a column at a time: column name -> its values, row by row (None for a blank cell).
        self.columns = dict(zip(("row", *report.names), zip(*report.rows, strict=True), strict=True))
        self.done = 0
        counts = report.counts
        self.total = (
            counts["people_new"] + 2 * counts["concerns"] + 2 * counts["enquiries"] + 2 * counts["outcomes"]
        )

    def _write(self, model, columns, rows: Iterable[tuple]) -> None:
        self.done += self.bulk.write(model, columns, rows)
        if self.progress is not None:
            self.progress("Writing", min(self.done, self.total), self.total)

    def _filled(self, name: str, blank: Any, rows: list[int] | None = None) -> list:
        """A column's values (of the given rows only), with `blank` for a blank cell."""
        values = self.columns[name]
        if rows is not None:
            values = list(map(values.__getitem__, rows))
        return list(values) if blank is None else [blank if v is None else v for v in values]

    def people(self) -> dict[str, int]:
        """New people; a person imported by an earlier file is linked to, never changed."""
        from msp.cases.models import Person

        report = self.report
        people = {e: p.pk for e, p in report.known.people.items() if e in report.people}
        new = [e for e in report.people if e not in people]
        ids = self.bulk.ids(Person, len(new))
        rows = (
            (pk, self.council_id, self.author_id, external, *_filled(report.people[external], PERSON_BLANKS))
            for external, pk in zip(new, ids, strict=True)
        )
        self._write(Person, ("id", "council_id", "created_by_id", "external_id", *PERSON_FIELDS), rows)
        people.update(zip(new, ids, strict=True))
        return people

    def concerns(self, people: dict[str, int]) -> list[int]:
        from msp.cases.models import Concern, ConcernRiskType
        from msp.cases.services import settings_for

        report, columns, count = self.report, self.columns, len(self.report.rows)
        due = datetime.timedelta(hours=settings_for(report.council).decision_hours)  # rules.decision_due
        ids = self.bulk.ids(Concern, count)
        values = [
            ids,
            [self.council_id] * count,
            list(map(people.__getitem__, columns["external_person_id"])),
            columns["external_concern_id"],
            unique_references(count),
            [ch.Channel.IMPORT.value] * count,
            [_status(d, c) for d, c in zip(columns["decision"], columns["closed_at"], strict=True)],
            [received + due for received in columns["received_at"]],
            report.repeats,
            [self.author_id] * count,
            *(self._filled(name, blank) for name, blank in CONCERN_FIELDS.items()),
        ]
        names = (
            "id",
            "council_id",
            "person_id",
            "external_id",
            "reference",
            "channel",
            "status",
            "decision_due_at",
            "is_repeat",
            "created_by_id",
            *CONCERN_FIELDS,
        )
        self._write(Concern, names, zip(*values, strict=True))
        risks = (
            (self.council_id, pk, code)
            for pk, codes in zip(ids, columns["risk_types"], strict=True)
            for code in codes or ()
        )
        self._write(ConcernRiskType, ("council_id", "concern_id", "code"), risks)
        return ids

    def details(self, concerns: list[int]) -> None:
        """Enquiries with their involvement and feedback; desired outcomes with their history."""
        from msp.cases.models import DesiredOutcome, Enquiry, EnquiryInvolvement, Feedback, OutcomeChange

        columns, council = self.columns, self.council_id
        rows = [i for i, decision in enumerate(columns["decision"]) if decision in ENQUIRY_DECISIONS]
        enquiries = self.bulk.ids(Enquiry, len(rows))
        values = [
            enquiries,
            [council] * len(rows),
            list(map(concerns.__getitem__, rows)),
            *(self._filled(source, blank, rows) for source, blank in ENQUIRY_FIELDS.values()),
        ]
        self._write(Enquiry, ("id", "council_id", "concern_id", *ENQUIRY_FIELDS), zip(*values, strict=True))
        involvement = (
            (council, pk, method)
            for pk, methods in zip(enquiries, self._filled("involvement", None, rows), strict=True)
            for method in methods or ()
        )
        self._write(EnquiryInvolvement, ("council_id", "enquiry_id", "method"), involvement)
        self._write(Feedback, FEEDBACK_COLUMNS, self._feedback(rows, enquiries))
        outcomes = self._outcomes()
        outcome_ids = self.bulk.ids(DesiredOutcome, len(outcomes))
        self._write(
            DesiredOutcome,
            ("id", "council_id", "concern_id", "category_id", "own_words", "achievement", "created_by_id"),
            (
                (pk, council, concerns[i], category.pk, words, achievement or "", self.author_id)
                for (i, category, words, achievement), pk in zip(outcomes, outcome_ids, strict=True)
            ),
        )
        names = ("council_id", "outcome_id", "kind", "stage", "at", "by_id", "changes", "reason")
        self._write(OutcomeChange, names, self._changes(outcomes, outcome_ids))

    def _outcomes(self) -> list[tuple]:
        """(row, category, words, achievement) of every desired outcome, row by row, then by number."""
        parts = [
            zip(
                *(self.columns[f"outcome_{n}_{part}"] for part in ("category", "words", "achievement")),
                strict=True,
            )
            for n in range(1, MAX_OUTCOMES + 1)
        ]
        return [
            (i, category, words, achievement)
            for i, numbered in enumerate(zip(*parts, strict=True))
            for category, words, achievement in numbered
            if words
        ]

    def _feedback(self, rows: list[int], enquiries: list[int]) -> Iterator[tuple]:
        columns = self.columns
        method = columns["feedback_method"]
        respondent, answered, comments = (
            columns[f"feedback_{name}"] for name in ("respondent", "answered_on", "comments")
        )
        answers = [columns[f"feedback_{name}"] for name, _ in ch.FEEDBACK_QUESTIONS]
        for i, pk in zip(rows, enquiries, strict=True):
            if method[i]:
                yield (
                    self.council_id,
                    pk,
                    respondent[i],
                    method[i],
                    answered[i],
                    comments[i] or "",
                    self.author_id,
                    *[answer[i] for answer in answers],
                )

    def _changes(self, outcomes: list[tuple], outcome_ids: list[int]) -> Iterator[tuple]:
        """Each outcome added at the concern and, when rated, rated at closure; `changes` as json.dumps
        writes the dict, made directly."""
        council, author = self.council_id, self.author_id
        note = f"Imported from {self.report.file[:150]}"
        received, closed = self.columns["received_at"], self.columns["closed_at"]
        for (i, category, words, achievement), pk in zip(outcomes, outcome_ids, strict=True):
            code, said = json.dumps(category.code), json.dumps(words)
            added = f'{{"category": [null, {code}], "own_words": [null, {said}]}}'
            yield (council, pk, "added", "concern", received[i], author, added, note)
            if achievement:
                rated = f'{{"achievement": [null, {json.dumps(achievement)}]}}'
                yield (council, pk, "rated", "closure", closed[i], author, rated, note)


def _status(decision: str | None, closed_at) -> str:
    if not decision:
        return ch.ConcernStatus.AWAITING_DECISION.value
    if decision == ch.Decision.NONE or closed_at:
        return ch.ConcernStatus.CLOSED.value
    return ch.ConcernStatus.IN_ENQUIRY.value


FEEDBACK_COLUMNS = (
    "council_id",
    "enquiry_id",
    "respondent",
    "method",
    "answered_on",
    "comments",
    "recorded_by_id",
    *(name for name, _ in ch.FEEDBACK_QUESTIONS),
)


def _filled(values: tuple, blanks: tuple) -> list:
    return [blank if value is None else value for value, blank in zip(values, blanks, strict=True)]
