"""`msp tempcheck_import`: a whole wave imports; --dry-run writes nothing; --replace; summary and audit."""

import datetime

import pytest
from django.core.management.base import CommandError

from msp.accounts.models import AuditEvent
from msp.tempcheck.models import Answer, Interview
from tests.tempcheck_io.io_helpers import councils, csv_bytes, run_import, snapshot, valid_row, valid_rows

pytestmark = pytest.mark.django_db


def test_a_file_of_115_councils_imports(tmp_path):
    output = run_import(tmp_path, csv_bytes(valid_rows(115)))
    assert "115 rows read" in output
    assert "115 interviews created, 0 replaced" in output
    assert Interview.objects.filter(wave__code="2016", status=Interview.Status.SUBMITTED).count() == 115
    assert not Interview.objects.filter(submitted_at__isnull=True).exists()
    assert Answer.objects.count() > 115 * 20


def test_it_stores_facts_and_option_codes(tmp_path):
    council = councils(1)[0]
    row = valid_row(
        council,
        1,
        interview_date="23/05/2016",
        respondent_role="SAB chair",
        consent_to_attribution="No",
        asked_outcomes="Partly",
    )
    run_import(tmp_path, csv_bytes([row]))
    interview = Interview.objects.get(council=council)
    assert interview.interview_date == datetime.date(2016, 5, 23)
    assert interview.respondent_role == "sab_chair"
    assert interview.consent_to_attribution is False
    assert interview.interviewer_name == row["interviewer"]
    assert interview.answers.get(question__code="asked_outcomes").choice == "partly"


def test_it_writes_one_audit_event_on_a_real_import(tmp_path):
    run_import(tmp_path, csv_bytes(valid_rows(3)))
    event = AuditEvent.objects.get(action="import")
    assert (event.object_type, event.object_id) == ("tempcheck.Wave", "2016")
    assert event.changes["created"] == 3
    assert event.changes["rows_read"] == 3
    assert "3 created" in event.summary


def test_dry_run_writes_nothing(tmp_path):
    output = run_import(tmp_path, csv_bytes(valid_rows(5)), "--dry-run")
    assert "Dry run: 5 interviews would be created, 0 replaced" in output
    assert snapshot() == (0, 0)
    assert not AuditEvent.objects.filter(action="import").exists()


def test_dry_run_still_reports_problems(tmp_path):
    rows = valid_rows(2)
    rows[1]["asked_outcomes"] = "Mabye"
    with pytest.raises(CommandError, match="row 3, column `asked_outcomes`: 'Mabye'"):
        run_import(tmp_path, csv_bytes(rows), "--dry-run")


def test_replace_overwrites_the_councils_interview(tmp_path):
    rows = valid_rows(2)
    run_import(tmp_path, csv_bytes(rows))
    first = Interview.objects.get(council__name=rows[0]["council"])
    rows[0]["asked_outcomes"] = "No"
    rows[0]["interviewer"] = "A second interviewer"
    output = run_import(tmp_path, csv_bytes(rows[:1]), "--replace")
    assert "0 interviews created, 1 replaced" in output
    replaced = Interview.objects.get(council__name=rows[0]["council"])
    assert replaced.pk == first.pk
    assert replaced.revision == first.revision + 1
    assert replaced.interviewer_name == "A second interviewer"
    assert replaced.answers.get(question__code="asked_outcomes").choice == "no"
    assert Interview.objects.count() == 2
    assert AuditEvent.objects.filter(action="import").count() == 2


def test_replace_drops_answers_the_new_row_leaves_blank(tmp_path):
    row = valid_row(councils(1)[0], 1, **{"involvement.police": "Very involved"})
    run_import(tmp_path, csv_bytes([row]))
    row["involvement.police"] = ""
    run_import(tmp_path, csv_bytes([row]), "--replace")
    assert not Answer.objects.filter(question__code="involvement.police").exists()


def test_replace_and_new_councils_in_one_file(tmp_path):
    rows = valid_rows(3)
    run_import(tmp_path, csv_bytes(rows[:1]))
    output = run_import(tmp_path, csv_bytes(rows), "--replace")
    assert "2 interviews created, 1 replaced" in output
    assert Interview.objects.count() == 3


def test_an_unknown_wave_is_an_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"council\n")
    from django.core.management import call_command

    with pytest.raises(CommandError, match="no wave '2099'"):
        call_command("tempcheck_import", str(path), "--wave", "2099")


def test_a_missing_file_is_an_error(tmp_path):
    from django.core.management import call_command

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("tempcheck_import", str(tmp_path / "absent.csv"), "--wave", "2016")
