"""The return page, the records behind a figure, the gaps list and the downloads: who may see them, what
they show, and that every look at people is audited."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from msp.accounts.models import AuditEvent, Role
from tests.conftest import make_user
from tests.outcomes.conftest import make_case, make_person, uk

YEAR = "2023-24"


@pytest.fixture
def lead(council):
    return make_user("ruth", Role.SAFEGUARDING_LEAD, council)


@pytest.fixture
def records(council, other_council):
    """Three concerns in 2023-24, one concluded Section 42 enquiry with a gap (no capacity recorded)."""
    ada = make_person(council, given="Ada", family="Quennell")
    make_case(council, ada, uk(2023, 5, 2, 10), decision="none")
    make_case(
        council,
        ada,
        uk(2023, 6, 1, 9),
        decision="s42",
        closed=uk(2023, 9, 1, 12),
        types=["neglect"],
        location="own_home",
        source="known",
        asked="asked",
        said_by="person",
        outcomes=["fully"],
        result="identified_action",
        risk="reduced",
    )
    bert = make_person(council, given="Bertram", family="Ollerton", dob=None, gender="male")
    make_case(council, bert, uk(2024, 1, 5, 15))
    theirs = make_person(other_council, given="Cressida", family="Vantongeren")
    make_case(other_council, theirs, uk(2023, 7, 7, 7), decision="s42", closed=uk(2023, 8, 1))
    return ada, bert, theirs


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_the_lead_sees_every_table_with_figures_linked_to_their_records(client, lead, records):
    response = get(client, lead, f"/outcomes/return/{YEAR}/")
    assert response.status_code == 200
    page = response.content.decode()
    for table in ("SG1a", "SG1b", "SG1f", "SG2a", "SG2b", "SG2c", "SG2e", "SG3a", "SG4a", "DERIVED"):
        assert f'id="{table}"' in page
    assert "records?table=SG1f&amp;row=concerns&amp;column=cases" in page.replace("/records/?", "records?")
    assert "3 concerns received" in page


def test_the_page_names_the_failed_checks_and_the_records_to_complete(client, lead, records):
    page = get(client, lead, f"/outcomes/return/{YEAR}/").content.decode()
    # Bertram has no date of birth: in SG1a Total, in no band.
    assert "SG1a concerns_individuals: the rows add up to 1, but Total is 2" in page
    assert "Concerns about a person with no date of birth" in page
    assert "/outcomes/return/2023-24/gaps/no_capacity/" in page


def test_a_cells_records_are_the_ones_it_counts_and_the_look_is_audited(client, lead, records):
    ada, bert, _theirs = records
    response = get(
        client,
        lead,
        f"/outcomes/return/{YEAR}/records/",
        table="SG1a",
        row="Total",
        column="concerns_individuals",
    )
    page = response.content.decode()
    assert "Showing 1 to 2 of 2 people." in page
    assert "Ada Quennell" in page and "Bertram Ollerton" in page
    assert "Vantongeren" not in page
    event = AuditEvent.objects.filter(user=lead, object_type="cases.people").latest("pk")
    assert sorted(event.changes["shown"]) == sorted([ada.pk, bert.pk])
    assert "SG1a Total / concerns_individuals" in event.summary


def test_a_gap_list_shows_the_enquiries_to_fix(client, lead, records):
    page = get(client, lead, f"/outcomes/return/{YEAR}/gaps/no_capacity/").content.decode()
    assert "Showing 1 to 1 of 1 enquiries." in page
    assert "Ada Quennell" in page
    assert AuditEvent.objects.filter(user=lead, summary__startswith="Data-quality list 2023-24").exists()


def test_the_csv_download_is_the_long_format_of_the_councils_own_return(client, lead, records):
    response = get(client, lead, f"/outcomes/return/{YEAR}/sac-return.csv")
    assert response["Content-Disposition"] == 'attachment; filename="sac-2023-24-E06999601.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["council_gss", "year", "table", "row", "column", "value"]
    assert len(rows) == 149
    assert {r[0] for r in rows[1:]} == {"E06999601"}
    assert ["E06999601", YEAR, "SG1f", "concerns", "cases", "3"] in rows
    assert AuditEvent.objects.filter(user=lead, action="export", object_type="outcomes.SacReturn").exists()


def test_the_workbook_has_a_cover_and_a_sheet_per_table(client, lead, records):
    response = get(client, lead, f"/outcomes/return/{YEAR}/sac-return.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Cover",
        "SG1a",
        "SG1b",
        "SG1f",
        "SG2a",
        "SG2b",
        "SG2c",
        "SG2e",
        "SG3a",
        "SG4a",
        "Derived",
    ]
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row[0]}
    assert cover["GSS code"] == "E06999601"
    assert cover["Reporting year"].startswith(YEAR)
    assert "checks failed" in cover["Validation"]
    sg1f = {row[0]: row[1:] for row in book["SG1f"].iter_rows(values_only=True) if row and row[0]}
    assert sg1f["Safeguarding concerns"] == (3, 2)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.ANALYST])
def test_other_roles_may_not_see_the_return(client, council, records, role):
    user = make_user(f"someone-{role}", role, council if role != Role.ANALYST else None)
    for url in (f"/outcomes/return/{YEAR}/", f"/outcomes/return/{YEAR}/sac-return.csv"):
        assert get(client, user, url).status_code == 403


def test_another_councils_lead_sees_only_their_own_records(client, other_council, records):
    theirs_lead = make_user("owain", Role.SAFEGUARDING_LEAD, other_council)
    page = get(
        client,
        theirs_lead,
        f"/outcomes/return/{YEAR}/records/",
        table="SG1a",
        row="Total",
        column="concerns_individuals",
    ).content.decode()
    assert "Cressida Vantongeren" in page
    assert "Quennell" not in page and "Ollerton" not in page


def test_signed_out_visitors_are_sent_to_sign_in(client, records):
    response = client.get(f"/outcomes/return/{YEAR}/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_bad_years_cells_and_methods_are_refused(client, lead, records):
    assert get(client, lead, "/outcomes/return/2023-2024/").status_code == 404
    assert (
        get(client, lead, f"/outcomes/return/{YEAR}/records/", table="SG9", row="x", column="y").status_code
        == 404
    )
    assert get(client, lead, f"/outcomes/return/{YEAR}/gaps/no_such_gap/").status_code == 404
    assert get(client, lead, f"/outcomes/return/{YEAR}/sac-return.pdf").status_code == 404
    client.force_login(lead)
    assert client.post(f"/outcomes/return/{YEAR}/").status_code == 405


def test_choosing_a_year_goes_to_its_page(client, lead, records):
    response = get(client, lead, "/outcomes/return/", year="2023-24")
    assert response.status_code == 302 and response["Location"].endswith("/outcomes/return/2023-24/")
    response = get(client, lead, "/outcomes/return/")
    assert response.status_code == 302 and "/outcomes/return/20" in response["Location"]
