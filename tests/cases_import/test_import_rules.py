"""A file with one bad cell is refused: the problem names row, column, value and rule; nothing is written."""

import pytest

from msp.accounts.models import AuditEvent
from msp.cases.importing import describe, import_file
from msp.cases.models import Concern, DesiredOutcome, Enquiry, Person
from tests.cases_import.conftest import ENQUIRY_AND_AFTER, GOOD, SIGNPOSTED, csv_bytes, row

NO_ENQUIRY = {**GOOD, **SIGNPOSTED}
UNDECIDED = {
    "decision": "",
    "criterion_a": "",
    "criterion_b": "",
    "criterion_c": "",
    "no_enquiry_outcome": "",
}
NO_FEEDBACK = {k: "" for k in GOOD if k.startswith("feedback_")}
# A second concern awaiting a decision, after the first one's enquiry closed.
SECOND = {
    **{k: "" for k in ENQUIRY_AND_AFTER},
    **UNDECIDED,
    "decided_at": "",
    "external_concern_id": "C-2",
    "received_at": "01/08/2019 09:00",
}


def case(name: str, rows: list[dict], line: int, column: str, rule: str, value: str):
    return pytest.param(rows, line, column, rule, value, id=name)


CASES = [
    case("unknown label", [row(gender="Mael")], 2, "gender", "unknown_option", "Mael"),
    case("unknown local choice", [row(referrer_type="Postman")], 2, "referrer_type", "unknown_option",
         "Postman"),
    case("a bad item in a list", [row(risk_types="Neglect; Shouting")], 2, "risk_types", "unknown_option",
         "Neglect; Shouting"),
    case("not a real date", [row(date_of_birth="31/02/1938")], 2, "date_of_birth", "bad_date", "31/02/1938"),
    case("month first", [row(date_of_birth="05/23/1938")], 2, "date_of_birth", "bad_date", "05/23/1938"),
    case("not a real time", [row(received_at="03/04/2019 25:10")], 2, "received_at", "bad_datetime",
         "03/04/2019 25:10"),
    case("in the future", [row(feedback_answered_on="01/01/2099")], 2, "feedback_answered_on", "in_future",
         "01/01/2099"),
    case("bad NHS number", [row(nhs_number="943 476 5918")], 2, "nhs_number", "invalid_nhs_number",
         "943 476 5918"),
    case("required cell blank", [row(what_happened="")], 2, "what_happened", "required", ""),
    case("text too long", [row(given_name="M" * 81)], 2, "given_name", "too_long", "M" * 81),
    case("yes or no", [row(criterion_a="Maybe")], 2, "criterion_a", "unknown_option", "Maybe"),
    case("s42 needs all criteria", [row(criterion_c="No")], 2, "criterion_c", "s42_needs_all_criteria", "No"),
    case("all criteria met needs s42", [{**NO_ENQUIRY, "criterion_b": "Yes", "criterion_c": "Yes"}], 2,
         "decision", "criteria_met_needs_s42", "No enquiry"),
    case("decision needs its date", [row(decided_at="")], 2, "decided_at", "decision_needs_date", ""),
    case("date without decision", [{**NO_ENQUIRY, **UNDECIDED}], 2, "decision", "date_without_decision", ""),
    case("no enquiry needs what happened instead", [{**NO_ENQUIRY, "no_enquiry_outcome": ""}], 2,
         "no_enquiry_outcome", "no_enquiry_needs_outcome", ""),
    case("what happened instead only without enquiry", [row(no_enquiry_outcome="No further action")], 2,
         "no_enquiry_outcome", "only_without_enquiry", "No further action"),
    case("enquiry columns only with an enquiry", [{**NO_ENQUIRY, "risk_result": "ceased"}], 2, "risk_result",
         "only_with_enquiry", "ceased"),
    case("capacity support only where lacking", [row(capacity="No, did not lack capacity")], 2,
         "capacity_support", "capacity_support_only_where_lacking", "Yes, by an advocate"),
    case("risk outcome only where action taken", [row(risk_result="Risk identified and no action taken")], 2,
         "risk_outcome", "risk_outcome_only_where_action", "Risk reduced"),
    case("closed before received", [row(closed_at="01/04/2019 09:00", feedback_answered_on="04/04/2019")], 2,
         "closed_at", "closed_before_received", "01/04/2019 09:00"),
    case("decided before received", [row(decided_at="02/04/2019 10:00")], 2, "decided_at",
         "decided_before_received", "02/04/2019 10:00"),
    case("first contact before received", [row(first_contact_at="02/04/2019 10:00")], 2, "first_contact_at",
         "first_contact_before_received", "02/04/2019 10:00"),
    case("closed before decided", [row(decided_at="10/04/2019 10:00", closed_at="08/04/2019 10:00",
                                       feedback_answered_on="10/04/2019")],
         2, "closed_at", "closed_before_decided", "08/04/2019 10:00"),
    case("not asked needs a reason", [row(outcomes_asked="Not asked")], 2, "outcomes_not_asked_reason",
         "not_asked_needs_reason", ""),
    case("outcome needs a category", [row(outcome_1_category="")], 2, "outcome_1_category",
         "outcome_needs_category", ""),
    case("outcome needs words", [row(outcome_2_words="")], 2, "outcome_2_words", "outcome_needs_words", ""),
    case("unknown outcome category", [row(outcome_1_category="Cake")], 2, "outcome_1_category",
         "unknown_option", "Cake"),
    case("rating without an outcome", [row(outcome_3_achievement="Fully achieved")], 2,
         "outcome_3_achievement", "achievement_without_outcome", "Fully achieved"),
    case("rating needs a closed enquiry", [row(closed_at="", outcome_2_achievement="", **NO_FEEDBACK)], 2,
         "outcome_1_achievement", "achievement_needs_closure", "Fully achieved"),
    case("feedback needs an enquiry", [{**NO_ENQUIRY, "feedback_listened_to": "Yes"}], 2,
         "feedback_listened_to", "feedback_needs_enquiry", "Yes"),
    case("feedback complete", [row(feedback_made_difference="")], 2, "feedback_made_difference",
         "feedback_incomplete", ""),
    case("feedback not before the enquiry", [row(feedback_answered_on="01/04/2019")], 2,
         "feedback_answered_on", "feedback_before_enquiry", "01/04/2019"),
    case("independent feedback after closure",
         [row(feedback_method="independent", feedback_answered_on="19/05/2019")],
         2, "feedback_answered_on", "independent_after_closure", "19/05/2019"),
    case("concern id twice in the file", [row(), row(**{**SECOND, "external_concern_id": "C-1"})], 3,
         "external_concern_id", "duplicate_concern_id", "C-1"),
    case("one person, two dates of birth", [row(), row(**SECOND, date_of_birth="15/05/1938")], 3,
         "date_of_birth", "person_differs", "15/05/1938"),
    case("unknown column", [{**GOOD, "colour": "blue"}], 1, "colour", "unknown_column", "colour"),
    case("more outcomes than columns", [{**GOOD, "outcome_6_words": "More"}], 1, "outcome_6_words",
         "unknown_column", "outcome_6_words"),
]  # fmt: skip


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Person, Concern, Enquiry, DesiredOutcome, AuditEvent))


@pytest.mark.django_db
@pytest.mark.parametrize(("rows", "line", "column", "rule", "value"), CASES)
def test_one_bad_cell_is_located_and_nothing_is_written(council, rows, line, column, rule, value):
    before = counts()
    report = import_file(name="extract.csv", data=csv_bytes(rows), council=council)

    assert [(p.row, p.column, p.rule, p.value) for p in report.problems] == [(line, column, rule, value)]
    assert describe(report.problems[0]).startswith(f"extract.csv, row {line}, column `{column}`")
    assert report.problems[0].fix
    assert not report.written and counts() == before


@pytest.mark.django_db
def test_a_concern_imported_before_is_refused(council):
    import_file(name="first.csv", data=csv_bytes([row()]), council=council)
    before = counts()
    report = import_file(name="again.csv", data=csv_bytes([row(**SECOND), row()]), council=council)

    assert [(p.row, p.column, p.rule, p.value) for p in report.problems] == [
        (3, "external_concern_id", "concern_already_imported", "C-1")
    ]
    assert "imported into Fernleigh Council before (reference" in report.problems[0].message
    assert counts() == before


@pytest.mark.django_db
def test_a_person_imported_before_must_keep_their_name(council):
    import_file(name="first.csv", data=csv_bytes([row()]), council=council)
    before = counts()
    report = import_file(
        name="again.csv", data=csv_bytes([row(**SECOND, family_name="Quilter")]), council=council
    )

    assert [(p.row, p.column, p.rule) for p in report.problems] == [
        (2, "family_name", "person_differs_from_imported")
    ]
    assert counts() == before


@pytest.mark.django_db
def test_a_missing_required_column_is_named_once(council):
    rows = [{k: v for k, v in r.items() if k != "what_happened"} for r in (row(), row(**SECOND))]
    report = import_file(name="extract.csv", data=csv_bytes(rows), council=council)

    assert [(p.row, p.column, p.rule) for p in report.problems] == [(1, "what_happened", "missing_column")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "rule"),
    [
        (b"external_person_id,given_name\n", "missing_column"),
        (b"", "empty_file"),
        ("given_name\nZo\xeb\n".encode("latin-1"), "bad_encoding"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "unsupported_file"),
    ],
    ids=["no rows", "empty", "not utf-8", "old excel"],
)
def test_an_unreadable_file_is_refused_with_a_reason(council, data, rule):
    report = import_file(name="extract.csv", data=data, council=council)

    assert rule in {p.rule for p in report.problems}
    assert not Concern.objects.exists()


@pytest.mark.django_db
def test_every_bad_cell_is_reported_not_just_the_first(council):
    rows = [row(gender="Mael"), row(**{**SECOND, "location": "Moon", "received_at": "13/13/2019"})]
    report = import_file(name="extract.csv", data=csv_bytes(rows), council=council)

    assert [(p.row, p.column) for p in report.problems] == [
        (2, "gender"),
        (3, "received_at"),
        (3, "location"),
    ]
