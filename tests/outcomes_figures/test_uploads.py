"""Returns made elsewhere and comparator groups come in whole or not at all, every problem located."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from msp.councils.models import ComparatorGroup
from msp.outcomes import figures, summaries
from msp.outcomes.measures import measure
from msp.outcomes.models import FigureSet, ReturnFigure
from msp.outcomes.uploads import upload_groups, upload_return
from tests.outcomes_figures.conftest import YEAR

HEADER = "council_gss,year,table,row,column,value\n"


def test_a_return_made_elsewhere_counts_like_a_computed_one(region_councils):
    *_, elsewhere, _ = region_councils
    FigureSet.objects.all().delete()
    rows = (
        'E06999624,2023-24,SG1f,concerns,cases,"1,204"\n'
        "E06999624,2023-24,SG4a,asked_expressed,enquiries,300\n"
        "E06999624,2023-24,SG4a,Total,enquiries,400\n"
        "E06999624,2023-24,SG2c,Total,enquiries,[x]\n"
        "E06999624,2023-24,DERIVED,conversion_rate,percent,35.0\n"
    )
    report = upload_return("theirs.csv", (HEADER + rows).encode())
    assert report.ok, report.problems
    assert report.warnings == ["Dunmere Council 2023-24: 139 cells not in the file are not submitted ([x])"]
    stored = FigureSet.objects.get(council=elsewhere, year=YEAR)
    assert stored.source == "uploaded"
    cells = summaries.council_cells(elsewhere, YEAR)
    assert cells["SG1f", "concerns", "cases"] == 1204
    assert cells["SG2c", "Total", "enquiries"] is None  # not submitted, never zero
    value = summaries.values(measure("sac_asked_and_expressed"), [YEAR], [elsewhere])[elsewhere.pk, YEAR]
    assert (value.numerator, value.denominator) == (300, 400)
    figures.refresh(YEAR)  # an uploaded return is never overwritten by a computation
    assert FigureSet.objects.get(council=elsewhere, year=YEAR).source == "uploaded"


def test_a_bad_cell_is_named_and_nothing_is_stored(region_councils):
    FigureSet.objects.all().delete()
    rows = (
        "E06999624,2023-24,SG1f,concerns,cases,12\n"
        "E06999624,2023-24,SG1f,concerns,cases,13\n"
        "E06999624,2023-24,SG1f,concern,cases,12\n"
        "E06999624,2023-24,SG1f,s42_enquiries,cases,-3\n"
        "E09999999,2023-24,SG1f,concerns,cases,5\n"
        "E06999624,2023/24,SG1f,concerns,cases,5\n"
    )
    report = upload_return("theirs.csv", (HEADER + rows).encode())
    found = [(p.rule, p.row, p.column, p.value) for p in report.problems]
    assert found == [
        ("duplicate_cell", 3, "table", "SG1f"),
        ("unknown_cell", 4, "row", "concern"),
        ("bad_value", 5, "value", "-3"),
        ("unknown_council", 6, "council_gss", "E09999999"),
        ("bad_year", 7, "year", "2023/24"),
    ]
    assert not ReturnFigure.objects.exists()


def test_a_council_with_records_in_msp_cannot_upload_over_them(region_councils):
    figures.refresh(YEAR)
    report = upload_return("mine.csv", (HEADER + "E06999621,2023-24,SG1f,concerns,cases,5\n").encode())
    assert [p.rule for p in report.problems] == ["computed_from_records"]


def test_a_lead_may_upload_only_their_own_council(region_councils):
    first, *_ = region_councils
    report = upload_return(
        "x.csv", (HEADER + "E06999624,2023-24,SG1f,concerns,cases,5\n").encode(), council=first
    )
    assert [p.rule for p in report.problems] == ["other_council"]


def test_the_command_lists_every_problem(tmp_path, region_councils):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "E06999624,2023-24,SG9,x,y,1\n")
    with pytest.raises(CommandError, match=r"r.csv, row 2, column `row`.*\[unknown_cell\]"):
        call_command("sac_return_upload", path)


def test_comparator_groups_are_imported_by_version(region_councils):
    first, *_ = region_councils
    data = (
        b"council_gss,group,from_year,member_gss\n"
        b"E06999621,Near neighbours,2022-23,E06999622\n"
        b"E06999621,Near neighbours,2022-23,E06999623\n"
        b"E06999621,Near neighbours,2024-25,E06999624\n"
        b"E06999621,Near neighbours,2024-25,E06999624\n"
    )
    report = upload_groups("groups.csv", data)
    assert report.ok
    assert report.warnings == ["row 5: Dunmere Council is listed twice in 'Near neighbours'; kept once"]
    versions = ComparatorGroup.objects.filter(council=first).order_by("from_year")
    assert [(g.from_year, sorted(m.gss_code for m in g.members.all())) for g in versions] == [
        ("2022-23", ["E06999622", "E06999623"]),
        ("2024-25", ["E06999624"]),
    ]
    from msp.outcomes.benchmark import comparator_group

    assert comparator_group(first, "2023-24").from_year == "2022-23"
    assert comparator_group(first, "2025-26").from_year == "2024-25"
    assert comparator_group(first, "2021-22") is None
    bad = upload_groups("groups.csv", b"council_gss,group,from_year,member_gss\nE06999621,,2022-23,XX\n")
    assert sorted(p.rule for p in bad.problems) == ["required", "unknown_council"]


def test_a_lead_uploads_their_councils_return_on_the_web(client, region_councils):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from msp.accounts.models import Role
    from tests.conftest import make_user

    *_, elsewhere, _ = region_councils
    FigureSet.objects.all().delete()
    lead = make_user("dora", Role.SAFEGUARDING_LEAD, elsewhere)
    client.force_login(lead)
    good = SimpleUploadedFile("ours.csv", (HEADER + "E06999624,2023-24,SG1f,concerns,cases,88\n").encode())
    page = client.post("/outcomes/return/upload/", {"file": good, "check_only": "on"}).content.decode()
    assert "Would store Dunmere Council 2023-24" in page
    assert not FigureSet.objects.exists()
    good.seek(0)
    page = client.post("/outcomes/return/upload/", {"file": good}).content.decode()
    assert "Stored Dunmere Council 2023-24" in page
    assert summaries.council_cells(elsewhere, YEAR)["SG1f", "concerns", "cases"] == 88
    bad = SimpleUploadedFile("ours.csv", (HEADER + "E06999621,2023-24,SG1f,concerns,cases,88\n").encode())
    page = client.post("/outcomes/return/upload/", {"file": bad}).content.decode()
    assert "1 problem in ours.csv: nothing was stored" in page
    assert "You may upload only Dunmere Council&#x27;s return" in page
