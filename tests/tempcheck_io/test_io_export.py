"""`msp tempcheck_export`: the wide format round-trips through the import; the long CSV and its codebook."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from msp.accounts.models import AuditEvent
from msp.tempcheck.models import Answer, Interview
from tests.tempcheck_io.io_helpers import (
    columns,
    councils,
    csv_bytes,
    run_import,
    stored_data,
    valid_row,
    valid_rows,
)

pytestmark = pytest.mark.django_db


def export(tmp_path, fmt: str, name: str) -> bytes:
    out = tmp_path / name
    call_command(
        "tempcheck_export", "--wave", "2016", "--out", str(out), "--format", fmt, stdout=io.StringIO()
    )
    return out.read_bytes()


def wipe() -> None:
    Answer.objects.all().delete()
    Interview.objects.all().delete()


@pytest.mark.parametrize(("fmt", "name"), [("csv", "wave.csv"), ("xlsx", "wave.xlsx")])
def test_import_export_wipe_import_gives_identical_answers(tmp_path, fmt, name):
    run_import(tmp_path, csv_bytes(valid_rows(30)), name="first.csv")
    before = stored_data()
    exported = export(tmp_path, fmt, name)
    wipe()
    run_import(tmp_path, exported, name=name)
    assert stored_data() == before
    # Every kind of awkward text went round: a curly apostrophe, a line break, a leading '=' and '-'.
    texts = {text for council in before.values() for _, text in council["answers"].values()}
    assert any(t.startswith("=") for t in texts)
    assert any(t.startswith("-") and "\n" in t for t in texts)


def test_the_wide_csv_has_labels_iso_dates_and_yes_no(tmp_path):
    council = councils(1)[0]
    row = valid_row(
        council,
        1,
        interview_date="23/05/2016",
        consent_to_attribution="Y",
        asked_outcomes="partly",
        **{"achievement.self": "a", "achievement.interviewer": "A", "moderation_reason": ""},
    )
    run_import(tmp_path, csv_bytes([row]))
    data = export(tmp_path, "csv", "wave.csv")
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    header, values = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == columns()
    got = dict(zip(header, values, strict=True))
    assert got["council"] == council.name
    assert got["interview_date"] == "2016-05-23"
    assert got["consent_to_attribution"] == "yes"
    assert got["asked_outcomes"] == "Partly"
    assert got["achievement.self"] == "Fully implemented"
    assert got["respondent_role"] == row["respondent_role"]


def test_the_csv_guards_text_a_spreadsheet_would_run(tmp_path):
    council = councils(1)[0]
    run_import(tmp_path, csv_bytes([valid_row(council, 1, msp_meaning='=HYPERLINK("x")')]))
    data = export(tmp_path, "csv", "wave.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in data


def test_the_xlsx_writes_text_never_formulas_and_real_dates(tmp_path):
    council = councils(1)[0]
    run_import(tmp_path, csv_bytes([valid_row(council, 1, msp_meaning="=1+1", interview_date="2016-06-01")]))
    sheet = load_workbook(io.BytesIO(export(tmp_path, "xlsx", "wave.xlsx"))).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == columns()
    cells = {code: cell for code, cell in zip(header, sheet[2], strict=True)}
    assert cells["msp_meaning"].value == "=1+1"
    assert cells["msp_meaning"].data_type == "s"
    assert cells["interview_date"].is_date
    assert cells["interview_date"].value.date().isoformat() == "2016-06-01"


def test_drafts_are_not_exported(tmp_path):
    first, second = councils(2)
    run_import(tmp_path, csv_bytes([valid_row(first, 1)]))
    from msp.tempcheck.models import Wave

    Interview.objects.create(wave=Wave.objects.get(code="2016"), council=second)
    data = export(tmp_path, "csv", "wave.csv").decode("utf-8-sig")
    assert first.name in data
    assert second.name not in data


def test_the_long_csv_has_one_row_per_answer(tmp_path):
    council = councils(1)[0]
    row = valid_row(council, 1, asked_outcomes="Partly", msp_meaning="Listening first")
    run_import(tmp_path, csv_bytes([row]))
    data = export(tmp_path, "long", "wave_long.csv")
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert list(rows[0]) == [
        "council_gss_code",
        "council",
        "region",
        "council_type",
        "question_code",
        "question_text",
        "table",
        "option_code",
        "option_label",
        "text",
    ]
    assert len(rows) == Answer.objects.count()
    by_code = {r["question_code"]: r for r in rows}
    asked = by_code["asked_outcomes"]
    assert (asked["council_gss_code"], asked["council"]) == (council.gss_code, council.name)
    assert asked["region"] == council.region.name
    assert asked["council_type"] == council.council_type
    assert (asked["option_code"], asked["option_label"], asked["text"]) == ("partly", "Partly", "")
    assert asked["table"] == "Table 4"
    meaning = by_code["msp_meaning"]
    assert (meaning["option_code"], meaning["text"]) == ("", "Listening first")
    board = by_code["engagement.board"]
    assert (
        board["question_text"]
        == "How well is MSP engaged with at various levels?: Strategic/partnership/board"
    )


def test_the_codebook_is_written_beside_the_long_csv(tmp_path):
    run_import(tmp_path, csv_bytes([valid_row(councils(1)[0], 1)]))
    export(tmp_path, "long", "wave_long.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "wave_long_codebook.csv").read_text("utf-8"))))
    assert list(rows[0]) == [
        "question_code",
        "question_text",
        "type",
        "table",
        "option_code",
        "option_label",
        "required",
        "condition",
    ]
    asked = [r for r in rows if r["question_code"] == "asked_outcomes"]
    assert [(r["option_code"], r["option_label"]) for r in asked] == [
        ("yes", "Yes"),
        ("partly", "Partly"),
        ("no", "No"),
    ]
    assert {r["required"] for r in asked} == {"yes"}
    progress = [r for r in rows if r["question_code"] == "recording_progress"]
    assert progress[0]["condition"] == "asked when changed_recording is answered"
    assert progress[0]["required"] == "no"
    meaning = [r for r in rows if r["question_code"] == "msp_meaning"]
    assert len(meaning) == 1
    assert meaning[0]["type"] == "open_text"
    assert meaning[0]["option_code"] == ""
    achievement = [r for r in rows if r["question_code"] == "achievement.self"]
    assert len(achievement) == 6
    assert achievement[0]["table"] == "Table 10"


def test_an_export_is_audited(tmp_path):
    run_import(tmp_path, csv_bytes([valid_row(councils(1)[0], 1)]))
    export(tmp_path, "csv", "wave.csv")
    event = AuditEvent.objects.get(action="export")
    assert (event.object_type, event.object_id) == ("tempcheck.Wave", "2016")
    assert event.changes == {"format": "csv", "interviews": 1, "file": "wave.csv"}
