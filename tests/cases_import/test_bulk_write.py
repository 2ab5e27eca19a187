"""The bulk writer (COPY on PostgreSQL, batched INSERTs on SQLite) writes exactly what bulk_create wrote: the
same rows, linked the same way, in the same order; and all or nothing when it fails half way."""

import csv
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases import bulk
from msp.cases.importing import FILE_WORDING, ImportReport, import_file
from msp.cases.importing import write as importing_write
from msp.cases.importing.checks import validate_rows
from msp.cases.models import (
    Concern,
    ConcernRiskType,
    DesiredOutcome,
    Enquiry,
    EnquiryInvolvement,
    Feedback,
    OutcomeChange,
    Person,
)
from msp.cases.synthetic import Writer, bulk_create_rows, plan_council, setting_for
from msp.core.reading import open_rows
from msp.councils.models import Council
from tests.cases_import.conftest import GOOD, SIGNPOSTED, csv_bytes, row
from tests.cases_import.legacy_write import legacy_write_rows

EXTRACT = Path(__file__).parents[1] / "outcomes" / "fixtures" / "sac_extract.csv"
TABLES = (
    Person,
    Concern,
    ConcernRiskType,
    Enquiry,
    EnquiryInvolvement,
    Feedback,
    DesiredOutcome,
    OutcomeChange,
)
PARENTS = (Person, Concern, Enquiry, DesiredOutcome)
STAMPS = {"created_at", "updated_at", "recorded_at"}  # when the rows were written


def snapshot(council, *, skip=("reference",)) -> dict[str, list[dict]]:
    """Every case record of the council, table by table in id order, without ids: a link to another record is
    that record's place in its own table, so two councils' records compare whatever their ids."""
    place: dict[tuple, int] = {}
    tables = {}
    for model in TABLES:
        rows = list(model.objects.filter(council=council).order_by("pk").values())
        place.update(((model, r["id"]), i) for i, r in enumerate(rows))
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in STAMPS and f.name != "council" and f.name not in skip
        ]
        tables[model.__name__] = [
            {
                f.name: place[f.related_model, r[f.attname]]
                if f.is_relation and f.related_model in PARENTS and r[f.attname] is not None
                else r[f.attname]
                for f in fields
            }
            for r in rows
        ]
    return tables


def checked(name: str, data: bytes, council) -> ImportReport:
    report = ImportReport(file=name, council=council)
    validate_rows(open_rows(name, data, report, FILE_WORDING), report)
    assert report.ok, report.problems
    return report


def both_ways(files: list[tuple[str, bytes]], council, other_council) -> list[ImportReport]:
    """Each file imported into `council` by the import, and into `other_council` by bulk_create."""
    reports = []
    for name, data in files:
        report = import_file(name=name, data=data, council=council)
        assert report.written, report.problems
        reports.append(report)
        legacy_write_rows(checked(name, data, other_council))
        connection.check_constraints()  # PostgreSQL checks foreign keys at commit: check them now
    return reports


def later_file() -> bytes:
    """A second file: a concern of a person imported before (linked, not changed), received before their
    first, which makes that one a repeat; and a new person with two concerns."""
    with EXTRACT.open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))  # P01's concern of 31/03/2024
    undecided = ("decision", "decided_at", "no_enquiry_outcome", "criterion_a", "criterion_b", "criterion_c")
    back_dated = {**first, **dict.fromkeys(undecided, ""), "external_concern_id": "C-LATER-1",
                  "received_at": "01/02/2024 09:00"}  # fmt: skip
    new = {"external_person_id": "P-NEW", "nhs_number": ""}
    return csv_bytes(
        [
            back_dated,
            row(**new, external_concern_id="C-LATER-2"),
            {**GOOD, **SIGNPOSTED, **new, "external_concern_id": "C-LATER-3"},
        ]
    )


@pytest.mark.django_db
def test_an_import_writes_what_bulk_create_wrote(council, other_council):
    both_ways([("sac_extract.csv", EXTRACT.read_bytes())], council, other_council)

    fast, slow = snapshot(council), snapshot(other_council)
    assert fast == slow
    assert len(fast["Concern"]) == 35 and len(fast["OutcomeChange"]) > 20
    events = AuditEvent.objects.filter(action="import").order_by("pk")
    assert events[0].changes == events[1].changes


@pytest.mark.django_db
def test_a_later_import_links_and_flags_as_bulk_create_did(council, other_council):
    files = [("sac_extract.csv", EXTRACT.read_bytes()), ("later.csv", later_file())]
    _, later = both_ways(files, council, other_council)

    assert snapshot(council) == snapshot(other_council)
    assert (later.counts["people_new"], later.counts["people_linked"]) == (1, 1)
    assert later.counts["existing_now_repeats"] == 1
    assert Concern.objects.get(council=council, external_id="C01").is_repeat


@pytest.mark.django_db
def test_every_concern_gets_its_own_new_reference(council):
    import_file(name="sac_extract.csv", data=EXTRACT.read_bytes(), council=council)

    references = list(Concern.objects.values_list("reference", flat=True))
    assert len(set(references)) == len(references) == 35
    assert all(len(r) == 9 and r[4] == "-" and set(r) - {"-"} <= set(importing_write.REFERENCE_ALPHABET)
               for r in references)  # fmt: skip


@pytest.mark.django_db
def test_a_failure_half_way_through_the_write_keeps_nothing(council, monkeypatch):
    before = [m.objects.count() for m in (*TABLES, AuditEvent)]
    write = bulk.BulkWriter.write

    def fail_at_enquiries(self, model, columns, rows):
        if model is Enquiry:
            raise RuntimeError("the disk is full")
        return write(self, model, columns, rows)

    monkeypatch.setattr(bulk.BulkWriter, "write", fail_at_enquiries)
    with pytest.raises(RuntimeError):
        import_file(name="sac_extract.csv", data=EXTRACT.read_bytes(), council=council)

    assert [m.objects.count() for m in (*TABLES, AuditEvent)] == before


@pytest.mark.django_db
def test_a_database_error_half_way_through_keeps_nothing(council, monkeypatch):
    import_file(name="first.csv", data=csv_bytes([GOOD]), council=council)
    taken = Concern.objects.get().reference
    before = [m.objects.count() for m in (*TABLES, AuditEvent)]
    # People are written first; the concerns then collide with a reference already used.
    monkeypatch.setattr(importing_write, "unique_references", lambda count, make=None: [taken] * count)

    with pytest.raises(IntegrityError):
        import_file(name="sac_extract.csv", data=EXTRACT.read_bytes(), council=council)

    assert [m.objects.count() for m in (*TABLES, AuditEvent)] == before


@pytest.mark.django_db
def test_reserved_ids_are_new_and_never_handed_out_twice(council):
    with transaction.atomic():
        writer = bulk.BulkWriter()
        first, second = writer.ids(Person, 3), writer.ids(Person, 2)
        writer.write(
            Person,
            ("id", "council_id", "given_name", "family_name"),
            [(pk, council.pk, "Ada", f"Wrenholt {pk}") for pk in first + second],
        )
        later = Person.objects.create(council=council, given_name="Ada", family_name="Later")

    assert len(set(first + second)) == 5 and max(first) < min(second)
    assert later.pk > max(second)
    person = Person.objects.get(pk=first[0])
    assert (person.known_as, person.external_id, person.revision, person.date_of_birth) == ("", "", 1, None)
    assert person.created_at == writer.now


@pytest.mark.django_db
def test_the_generator_writes_what_bulk_create_wrote():
    council = Council.objects.valid_on(timezone.localdate().replace(year=2019)).order_by("gss_code").first()
    setting = setting_for(council, timezone.now())

    class Undo(Exception):
        pass

    def written(insert) -> dict:
        plan = plan_council(council, seed=11, start_year=2019, years=1, setting=setting, per_year=150)
        try:
            with transaction.atomic():
                Writer(council, seed=11, insert=insert)(plan)
                connection.check_constraints()
                records = snapshot(council, skip=())
                raise Undo
        except Undo:
            return records

    fast, slow = written(None), written(bulk_create_rows)
    assert fast == slow
    assert len(fast["Concern"]) >= 150 and fast["Enquiry"] and fast["OutcomeChange"]
