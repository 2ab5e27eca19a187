"""`msp cases_import`: a good file lands, scoped to its council, with people linked and repeats flagged."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases.importing import column_reference, import_file, parse_datetime
from msp.cases.models import Concern, DesiredOutcome, Enquiry, Feedback, OutcomeChange, Person
from tests.cases_import.conftest import GOOD, SIGNPOSTED, csv_bytes, row, xlsx_bytes

AWAITING = {  # a concern awaiting a decision: little more than the required columns
    **{k: "" for k in GOOD},
    "what_happened": "Not eating; found by a neighbour.",
    "external_person_id": "P-2",
    "given_name": "Albert",
    "family_name": "Thornwick",
    "external_concern_id": "C-3",
    "received_at": "01/10/2019",
    "referrer_type": "GP",
}


def run(tmp_path, data: bytes, *args, name="extract.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("cases_import", str(path), *args, stdout=out)
    return out.getvalue()


def local(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"


@pytest.mark.django_db
def test_a_good_csv_imports_every_row_into_the_named_council(tmp_path, council, other_council):
    output = run(tmp_path, csv_bytes([GOOD, {**GOOD, **SIGNPOSTED}, AWAITING]), "--council", "E06999901")

    assert "Imported 3 concerns (1 repeats), 2 new people" in output
    assert Concern.objects.filter(council=council).count() == 3
    assert not Concern.objects.filter(council=other_council).exists()
    assert set(Person.objects.values_list("council", flat=True)) == {council.pk}
    s42, signposted, awaiting = Concern.objects.order_by("received_at")
    assert (s42.status, signposted.status, awaiting.status) == ("closed", "closed", "awaiting_decision")
    assert s42.channel == "import" and len(s42.reference) == 9
    assert local(s42.received_at) == "03/04/2019 14:30"
    assert s42.decision_due_at - s42.received_at == datetime.timedelta(hours=48)
    assert s42.risk_type_codes == ["neglect", "financial"]
    assert (s42.location, s42.source_of_risk, s42.outcomes_asked) == ("own_home", "known", "asked")
    assert (s42.criterion_a, s42.criterion_b, s42.criterion_c) == (True, True, True)
    assert (signposted.decision, signposted.no_enquiry_outcome) == ("none", "signposted")
    assert signposted.person == s42.person and signposted.is_repeat and not s42.is_repeat
    enquiry = Enquiry.objects.get()
    assert enquiry.concern == s42 and enquiry.council == council
    assert (enquiry.capacity, enquiry.capacity_support) == ("lacked", "advocate")
    assert (enquiry.risk_result, enquiry.risk_outcome) == ("identified_action", "reduced")
    assert enquiry.involvement_codes == ["home_visit", "phone"]
    assert local(enquiry.first_contact_at) == "04/04/2019 16:15"
    outcomes = s42.outcomes.order_by("id")
    assert [(o.category.code, o.achievement) for o in outcomes] == [
        ("feel_safe", "fully"),
        ("money_property", "partially"),
    ]
    assert OutcomeChange.objects.filter(outcome__concern=s42, kind="added").count() == 2
    assert OutcomeChange.objects.filter(outcome__concern=s42, kind="rated").count() == 2
    feedback = Feedback.objects.get()
    assert (feedback.method, feedback.kept_informed, feedback.council) == ("at_closure", "partly", council)
    person = s42.person
    assert (person.nhs_number, person.date_of_birth) == ("9434765919", datetime.date(1938, 5, 14))
    assert (person.gender, person.ethnicity, person.support_reason) == ("female", "white", "physical")


@pytest.mark.django_db
def test_the_import_is_one_audit_event_and_keeps_the_external_ids(tmp_path, council):
    run(tmp_path, csv_bytes([GOOD, AWAITING]), "--council", "E06999901")

    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.council) == ("import", "cases.Concern", council)
    assert event.changes["concerns"] == 2
    concerns = dict(Concern.objects.values_list("external_id", "person__external_id"))
    assert concerns == {"C-1": "P-1", "C-3": "P-2"}


@pytest.mark.django_db
def test_a_good_xlsx_imports_with_real_date_cells(tmp_path, council):
    cells = {
        "external_person_id": 101,
        "given_name": "Edith",
        "family_name": "Larkholt",
        "date_of_birth": datetime.date(1931, 2, 3),
        "nhs_number": 9434765919,
        "external_concern_id": 9001,
        "received_at": datetime.datetime(2020, 1, 6, 9, 15),
        "referrer_type": "acute_hospital",
        "what_happened": "Fell at home.",
        "decision": "No enquiry",
        "criterion_a": "yes",
        "criterion_b": "no",
        "criterion_c": "no",
        "decided_at": datetime.datetime(2020, 1, 7, 10, 0),
        "no_enquiry_outcome": "Information and advice",
    }
    header, cells = list(cells), list(cells.values())
    output = run(tmp_path, xlsx_bytes([header, cells]), "--council", "E06999901", name="extract.xlsx")

    assert "Imported 1 concerns" in output
    concern = Concern.objects.select_related("person").get(council=council)
    assert local(concern.received_at) == "06/01/2020 09:15"
    assert concern.person.date_of_birth == datetime.date(1931, 2, 3)
    assert concern.person.nhs_number == "9434765919"
    assert concern.no_enquiry_outcome == "info_advice"


@pytest.mark.django_db
def test_labels_and_codes_are_accepted_whatever_their_case_and_spacing(council):
    shouty = row(
        gender="  FEMALE ",
        ethnicity="white",
        location="OWN_HOME",
        risk_types="neglect  AND acts of omission;SELF-NEGLECT",
        referrer_type="care   provider",
        decision="S42",
        criterion_a="y",
        criterion_b="TRUE",
        capacity="lacked",
        capacity_support="YES, BY AN ADVOCATE",
        risk_result="identified_action",
        risk_outcome="risk REDUCED",
        outcome_1_category="feel_safe",
        outcome_1_achievement="FULLY",
        feedback_method="at_closure",
        feedback_listened_to="partly",
    )
    report = import_file(name="shouty.csv", data=csv_bytes([shouty]), council=council)

    assert report.ok, report.problems
    concern = Concern.objects.get()
    assert concern.risk_type_codes == ["neglect", "self_neglect"]
    assert (concern.location, concern.referrer_type, concern.decision) == ("own_home", "care_provider", "s42")
    assert concern.enquiry.capacity_support == "advocate"
    assert concern.outcomes.get(category__code="feel_safe").achievement == "fully"


def test_dates_are_read_day_first_or_iso_never_month_first():
    forms = (
        "03/04/2019 14:30",
        "2019-04-03 14:30",
        "2019-04-03T14:30:00",
        "3.4.2019 14:30",
        "03/04/2019, 14:30",
    )
    moments = {parse_datetime(text) for text in forms}
    assert len(moments) == 1
    assert local(moments.pop()) == "03/04/2019 14:30"
    assert local(parse_datetime("2019-04-03")) == "03/04/2019 00:00"


@pytest.mark.django_db
def test_uk_and_iso_dates_give_the_same_records(council):
    uk = row(date_of_birth="14/05/1938", received_at="03/04/2019 14:30")
    iso = row(external_concern_id="C-9", date_of_birth="1938-05-14", received_at="2019-04-03T14:30")
    report = import_file(name="dates.csv", data=csv_bytes([uk, iso]), council=council)

    assert report.ok, report.problems
    first, second = Concern.objects.order_by("id")
    assert first.received_at == second.received_at
    assert first.person_id == second.person_id  # same person id, same details written two ways


@pytest.mark.django_db
def test_dry_run_checks_and_counts_but_writes_nothing(tmp_path, council):
    output = run(tmp_path, csv_bytes([GOOD, AWAITING]), "--council", "E06999901", "--dry-run")

    assert "Dry run: would import 2 concerns" in output and "nothing was written" in output
    assert not Concern.objects.exists() and not Person.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_rows_with_one_external_person_id_are_one_person(council):
    rows = [
        row(),
        row(external_concern_id="C-2", received_at="01/02/2021 10:00", **_no_enquiry()),
        row(external_person_id="P-7", external_concern_id="C-3", given_name="Marnie", nhs_number=""),
    ]
    report = import_file(name="people.csv", data=csv_bytes(rows), council=council)

    assert report.ok, report.problems
    assert Person.objects.count() == 2  # same name, different ids: two people
    assert Concern.objects.filter(person__concerns__isnull=False).values("person").distinct().count() == 2
    assert [
        c.is_repeat for c in Concern.objects.filter(person__nhs_number="9434765919").order_by("received_at")
    ] == [
        False,
        False,  # 22 months after the first: not within 12 months
    ]


@pytest.mark.django_db
def test_a_concern_within_twelve_months_of_another_is_a_repeat(council):
    rows = [
        row(external_concern_id="C-1", received_at="03/04/2019 14:30"),
        row(external_concern_id="C-2", received_at="02/04/2020 09:00", **_no_enquiry()),
        row(external_concern_id="C-3", received_at="01/04/2022 09:00", **_no_enquiry()),
    ]
    report = import_file(name="repeats.csv", data=csv_bytes(rows), council=council)

    assert report.ok, report.problems
    assert report.counts["repeats"] == 1
    assert list(Concern.objects.order_by("received_at").values_list("is_repeat", flat=True)) == [
        False,
        True,
        False,
    ]


@pytest.mark.django_db
def test_a_later_import_links_to_the_person_imported_before(council):
    import_file(name="first.csv", data=csv_bytes([row()]), council=council)
    later = row(
        external_concern_id="C-2",
        received_at="01/06/2019 09:00",
        given_name="MARNIE",
        nhs_number="",
        **_no_enquiry(),
    )
    report = import_file(name="second.csv", data=csv_bytes([later]), council=council)

    assert report.ok, report.problems
    assert (report.counts["people_new"], report.counts["people_linked"]) == (0, 1)
    assert Person.objects.count() == 1
    assert Concern.objects.get(
        reference__in=Concern.objects.values("reference"), received_at__month=6
    ).is_repeat


@pytest.mark.django_db
def test_a_back_dated_concern_makes_the_later_one_a_repeat(council):
    first = row(received_at="01/06/2019 09:00", **_no_enquiry())
    import_file(name="first.csv", data=csv_bytes([first]), council=council)
    earlier = row(external_concern_id="C-0", received_at="01/02/2019 09:00", **_no_enquiry())
    report = import_file(name="second.csv", data=csv_bytes([earlier]), council=council)

    assert report.ok, report.problems
    assert list(Concern.objects.order_by("received_at").values_list("is_repeat", flat=True)) == [False, True]


def _no_enquiry() -> dict:
    """A concern still awaiting a decision: no decision, enquiry, rating or feedback."""
    from tests.cases_import.conftest import ENQUIRY_AND_AFTER

    decision = ["decision", "criterion_a", "criterion_b", "criterion_c", "decided_at", "no_enquiry_outcome"]
    return {k: "" for k in [*ENQUIRY_AND_AFTER, *decision]}


@pytest.mark.django_db
def test_the_same_external_ids_in_another_council_are_another_councils_records(council, other_council):
    import_file(name="a.csv", data=csv_bytes([row()]), council=council)
    report = import_file(name="b.csv", data=csv_bytes([row()]), council=other_council)

    assert report.ok, report.problems
    assert Person.objects.filter(council=other_council).count() == 1
    assert Concern.objects.filter(council=council).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("council_arg", "message"),
    [
        ("E06999999", "not a council in the reference data"),
        ("Fernleih", "Give the council's GSS code"),  # a near miss is never guessed for personal records
        ("Nowhere at all", "does not match any council"),
    ],
)
def test_the_council_must_be_named_exactly(tmp_path, council, council_arg, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, csv_bytes([GOOD]), "--council", council_arg)
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_a_bad_file_is_reported_by_the_command_with_row_column_value_and_rule(tmp_path, council):
    with pytest.raises(CommandError) as raised:
        run(
            tmp_path,
            csv_bytes([GOOD, row(external_concern_id="C-2", gender="Mael")]),
            "--council",
            "E06999901",
        )

    text = str(raised.value)
    assert "1 problem in extract.csv; nothing was imported" in text
    assert "- extract.csv, row 3, column `gender`: 'Mael' is not a gender; did you mean 'Male'?" in text
    assert "[unknown_option]" in text
    assert not Concern.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_imported_records_keep_the_models_rules(council):
    import_file(name="ok.csv", data=csv_bytes([GOOD, {**GOOD, **SIGNPOSTED}, AWAITING]), council=council)

    checked = 0
    for model in (Person, Concern, Enquiry, DesiredOutcome, OutcomeChange, Feedback):
        for obj in model.objects.all():
            obj.full_clean()
            checked += 1
    assert Concern.objects.count() == 3 and checked > 3  # something to check


@pytest.mark.django_db
def test_the_column_document_matches_the_columns():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "cases_import.md").read_text(encoding="utf-8")
    assert column_reference() in doc, "Regenerate the tables: uv run msp cases_import --columns"


@pytest.mark.django_db
def test_columns_option_prints_the_reference(tmp_path):
    out = io.StringIO()
    call_command("cases_import", "--columns", stdout=out)
    assert "| `risk_outcome` |" in out.getvalue() and "Risk reduced (`reduced`)" in out.getvalue()


@pytest.mark.django_db
def test_a_nul_byte_in_a_cell_is_refused_at_its_row_and_column_and_nothing_is_written(tmp_path, council):
    # On PostgreSQL a NUL reaching the database was an error there; it is refused before any row is checked.
    with pytest.raises(CommandError) as raised:
        run(
            tmp_path,
            csv_bytes([GOOD, row(external_concern_id="C-2", what_happened="Found \x00 at home")]),
            "--council",
            "E06999901",
        )
    text = str(raised.value)
    assert "row 3" in text and "[control_character]" in text and "'\\x00'" in text
    assert not Concern.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_a_damaged_workbook_is_reported_not_a_traceback(tmp_path, council):
    import zipfile

    good = xlsx_bytes([list(GOOD), list(GOOD.values())])
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            target.writestr(item, body[: len(body) // 2] if item.filename.endswith("sheet1.xml") else body)
    with pytest.raises(CommandError) as raised:
        run(tmp_path, damaged.getvalue(), "--council", "E06999901", name="extract.xlsx")
    assert "[unreadable_file]" in str(raised.value) and "Traceback" not in str(raised.value)
    assert not Concern.objects.exists()
