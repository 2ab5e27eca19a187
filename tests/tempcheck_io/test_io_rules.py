"""One test per import rule: a small file with one bad cell is refused, naming row, column and value, and the
database is left as it was."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from msp.tempcheck.importing import MAX_FILE_BYTES, import_file
from msp.tempcheck.models import Wave
from tests.tempcheck_io.io_helpers import columns, councils, csv_bytes, run_import, snapshot, valid_row

pytestmark = pytest.mark.django_db


def refused(tmp_path, data: bytes, *args: str, name: str = "interviews.csv") -> str:
    """The command's error text; asserts that nothing was written."""
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        run_import(tmp_path, data, *args, name=name)
    assert snapshot() == before
    return str(caught.value)


def two_rows(**second: str) -> list[dict[str, str]]:
    first, other = councils(2)
    return [valid_row(first, 1), valid_row(other, 2, **second)]


# --- Cells --------------------------------------------------------------------------------------------------


def test_unknown_option(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(asked_outcomes="Mabye")))
    assert (
        "- row 3, column `asked_outcomes`: 'Mabye' is not an answer option; expected Yes, Partly or No"
        " [unknown_option]" in message
    )


def test_unknown_option_of_a_fact(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(respondent_role="Chief executive")))
    assert "row 3, column `respondent_role`: 'Chief executive' is not an answer option" in message
    assert "Head of safeguarding, Other middle manager" in message


def test_consent_that_is_not_yes_or_no(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(consent_to_attribution="maybe")))
    assert "row 3, column `consent_to_attribution`: 'maybe' is not yes or no" in message
    assert "[unknown_option]" in message


def test_a_blank_answer_is_not_answered_and_imports(tmp_path):
    output = run_import(tmp_path, csv_bytes(two_rows(strategy_fit="")))
    assert "2 interviews created" in output
    from msp.tempcheck.models import Answer

    assert Answer.objects.filter(question__code="strategy_fit").count() == 1  # the other council's


def test_blank_interview_details_are_not_recorded_and_import(tmp_path):
    output = run_import(
        tmp_path, csv_bytes(two_rows(interviewer="  ", interview_date="", respondent_role=""))
    )
    assert "2 interviews created" in output
    from msp.tempcheck.models import Interview

    blank = Interview.objects.get(interviewer_name="")
    assert blank.interview_date is None and blank.respondent_role == ""


def test_a_blank_council_is_still_refused(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(council="")))
    assert "row 3, column `council`: `council` must be given" in message and "[required]" in message


def test_not_asked(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(changed_recording="", recording_progress="Just starting")))
    assert (
        "row 3, column `recording_progress`: 'recording_progress' is answered but is only asked when"
        in message
    )
    assert "[not_asked]" in message


def test_moderation_without_a_reason_imports_with_one_grouped_warning(tmp_path):
    first, second, third = councils(3)
    moderated = {"achievement.self": "A", "achievement.interviewer": "C", "moderation_reason": ""}
    rows = [valid_row(first, 1), valid_row(second, 2, **moderated), valid_row(third, 3, **moderated)]
    output = run_import(tmp_path, csv_bytes(rows))
    assert "3 interviews created" in output
    assert (
        "Warning: 2 rows: the interviewer moderated the rating but no reason is recorded (rows 3, 4)"
        in output
    )


def test_the_capture_pages_still_require_the_reason():
    from msp.tempcheck.instrument import build_instrument
    from msp.tempcheck.rules import check_answers

    wave = Wave.objects.get(code="2016")
    items = build_instrument(wave.instrument.source).items
    answers = {"achievement.self": "A", "achievement.interviewer": "C"}
    assert "moderation_reason_required" in [p.rule for p in check_answers(items, answers, complete=True)]


def test_unknown_council(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(council="Atlantis")))
    assert "row 3, column `council`: 'Atlantis' does not match any council" in message
    assert "[unknown_council]" in message


def test_ambiguous_council(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(council="Cheshire")))
    assert "row 3, column `council`: 'Cheshire' could be more than one council" in message
    assert "Cheshire East" in message
    assert "[ambiguous_council]" in message


def test_duplicate_council_in_file(tmp_path):
    first, _ = councils(2)
    rows = two_rows(council=first.short_name)
    message = refused(tmp_path, csv_bytes(rows))
    assert f"row 3, column `council`: {first.name} is also on row 2; keep one row per council" in message
    assert "[duplicate_council_in_file]" in message


def test_a_row_with_other_problems_is_still_checked_for_a_duplicate_council(tmp_path):
    first, _ = councils(2)
    message = refused(tmp_path, csv_bytes(two_rows(council=first.name, asked_outcomes="Mabye")))
    assert "row 3, column `council`" in message
    assert "[duplicate_council_in_file]" in message
    assert "[unknown_option]" in message


def test_council_already_in_wave(tmp_path):
    rows = two_rows()
    run_import(tmp_path, csv_bytes(rows[:1]))
    message = refused(tmp_path, csv_bytes(rows))
    assert f"row 2, column `council`: {rows[0]['council']} already has an interview in wave 2016" in message
    assert "[council_already_in_wave]" in message


def test_bad_date(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(interview_date="31/02/2016")))
    assert "row 3, column `interview_date`: '31/02/2016' is not a real date" in message
    assert "[bad_date]" in message


def test_a_us_date_is_never_accepted(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(interview_date="05/23/2016")))
    assert "row 3, column `interview_date`: '05/23/2016' looks like month/day/year" in message
    assert "[bad_date]" in message


def test_a_date_in_words_is_not_guessed(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(interview_date="May 23rd")))
    assert "row 3, column `interview_date`: 'May 23rd' is not a date in a form we accept" in message


def test_date_in_future(tmp_path):
    future = datetime.date.today() + datetime.timedelta(days=30)
    message = refused(tmp_path, csv_bytes(two_rows(interview_date=future.isoformat())))
    assert f"row 3, column `interview_date`: {future:%d/%m/%Y} is in the future" in message
    assert "[date_in_future]" in message


def test_too_long(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(interviewer="x" * 121)))
    assert "row 3, column `interviewer`: the text is 121 characters long" in message
    assert "[too_long]" in message


def test_every_problem_is_listed_in_row_order(tmp_path):
    rows = two_rows(asked_outcomes="Mabye", interview_date="2016-02-30")
    rows[0]["strategy_fit"] = "Whatever"
    message = refused(tmp_path, csv_bytes(rows))
    assert "3 problems" in message
    lines = [line for line in message.splitlines() if line.startswith("- ")]
    assert [line.split(":")[0] for line in lines] == [
        "- row 2, column `strategy_fit`",
        "- row 3, column `interview_date`",
        "- row 3, column `asked_outcomes`",
    ]


# --- Columns ------------------------------------------------------------------------------------------------


def test_unknown_column(tmp_path):
    header = [("asked_outcome" if c == "asked_outcomes" else c) for c in columns()]
    rows = [{**r, "asked_outcome": r["asked_outcomes"]} for r in two_rows()]
    message = refused(tmp_path, csv_bytes(rows, header))
    assert "row 1, column `asked_outcome`: `asked_outcome`" in message
    assert "is not a column of this instrument; did you mean `asked_outcomes`?" in message
    assert "[unknown_column]" in message


def test_an_absent_column_imports_with_a_warning_saying_what_it_means(tmp_path):
    header = [c for c in columns() if c not in ("strategy_fit", "road_map_step", "interview_date")]
    output = run_import(tmp_path, csv_bytes(two_rows(), header))
    assert "2 interviews created" in output
    assert "column `road_map_step` is absent: the road map will be empty in this wave" in output
    assert "column `interview_date` is absent: no interview dates are recorded in this wave" in output
    assert "column `strategy_fit` is absent: no council has an answer to it in this wave" in output


def test_a_file_without_a_council_column_is_refused(tmp_path):
    header = [c for c in columns() if c != "council"]
    message = refused(tmp_path, csv_bytes(two_rows(), header))
    assert "the file has no `council` column" in message and "[missing_column]" in message


def test_missing_council_column(tmp_path):
    header = [c for c in columns() if c != "council"]
    message = refused(tmp_path, csv_bytes(two_rows(), header))
    assert "row 1, column `council`: the file has no `council` column" in message
    assert message.count("- row") == 1


def test_an_optional_column_may_be_left_out(tmp_path):
    header = [c for c in columns() if c not in ("involvement.police", "coaching_notes", "msp_meaning")]
    run_import(tmp_path, csv_bytes(two_rows(), header))
    assert snapshot()[0] == 2


def test_duplicate_column(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows(), [*columns(), "asked_outcomes"]))
    assert "row 1, column `asked_outcomes`: `asked_outcomes` appears more than once" in message
    assert "[duplicate_column]" in message


def test_unnamed_column(tmp_path):
    header = [*columns()[:5], "", *columns()[5:]]
    message = refused(tmp_path, csv_bytes(two_rows(**{"": "a note"}), header))
    assert "row 1: column F has values but no heading" in message
    assert "[unnamed_column]" in message


def test_cell_without_column(tmp_path):
    lines = csv_bytes(two_rows()).decode().split("\r\n")
    lines[2] += ",stray"
    message = refused(tmp_path, "\r\n".join(lines).encode())
    assert "row 3: column" in message
    assert "has a value but no heading" in message
    assert "[cell_without_column]" in message


# --- Files --------------------------------------------------------------------------------------------------


def test_bad_encoding(tmp_path):
    data = csv_bytes(two_rows(msp_meaning="The person\u2019s outcomes")).decode().encode("cp1252")
    message = refused(tmp_path, data)
    assert "interviews.csv: the file is not UTF-8 text (the bytes on line 2 cannot be read)" in message
    assert "CSV UTF-8" in message
    assert "[bad_encoding]" in message


def test_utf16_is_reported_as_such(tmp_path):
    message = refused(tmp_path, csv_bytes(two_rows()).decode().encode("utf-16"))
    assert "UTF-16" in message
    assert "[bad_encoding]" in message


def test_unsupported_file(tmp_path):
    message = refused(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", name="interviews.xls")
    assert "this kind of spreadsheet cannot be read; save it as an Excel workbook (.xlsx)" in message
    assert "[unsupported_file]" in message


def test_unreadable_file(tmp_path):
    message = refused(tmp_path, b"PK\x03\x04 not really a workbook", name="interviews.xlsx")
    assert "the file is not a readable Excel workbook" in message
    assert "[unreadable_file]" in message


def test_empty_file(tmp_path):
    message = refused(tmp_path, b"")
    assert "row 1: the first row has no column headings" in message
    assert "[empty_file]" in message


def test_no_rows(tmp_path):
    message = refused(tmp_path, csv_bytes([]))
    assert "the file has headings but no interviews" in message
    assert "[no_rows]" in message


def test_file_too_large():
    wave = Wave.objects.get(code="2016")
    report = import_file(name="big.csv", data=b"x" * (MAX_FILE_BYTES + 1), wave=wave)
    assert [p.rule for p in report.problems] == ["file_too_large"]
    assert snapshot() == (0, 0)


def test_the_command_refuses_a_file_over_10_mb(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(CommandError, match="larger than 10 MB"):
        call_command("tempcheck_import", str(path), "--wave", "2016")


def test_wave_not_importable(tmp_path):
    path = tmp_path / "interviews.csv"
    path.write_bytes(csv_bytes(two_rows()))
    with pytest.raises(
        CommandError, match=r"wave 2014-15 has published figures only.*\[wave_not_importable\]"
    ):
        call_command("tempcheck_import", str(path), "--wave", "2014-15")
    assert snapshot() == (0, 0)


# --- Warnings -----------------------------------------------------------------------------------------------


def test_a_near_miss_council_imports_with_a_warning(tmp_path):
    output = run_import(tmp_path, csv_bytes(two_rows(council="Middlesbrogh")))
    assert "1 warning." in output
    assert (
        "Warning: row 3, column `council`: 'Middlesbrogh' is not a known name; taken to be Middlesbrough"
        in output
    )
    assert snapshot()[0] == 2


def test_when_most_problems_are_of_one_kind_the_report_says_so_first(tmp_path):
    rows = [valid_row(council, n) for n, council in enumerate(councils(4))]
    run_import(tmp_path, csv_bytes(rows))
    message = refused(tmp_path, csv_bytes(rows))
    assert message.startswith("4 councils already have an interview in wave 2016: import with replace")
    assert "4 problems in interviews.csv" in message
    assert message.count("[council_already_in_wave]") == 4  # every problem, not the first few


def test_tables_use_the_number_who_answered_each_question_as_its_base(tmp_path):
    from msp.reports.selectors import wave_responses
    from msp.reports.tabulate import tabulate_item
    from msp.tempcheck.services import items_for

    first, second, third = councils(3)
    rows = [valid_row(first, 1), valid_row(second, 2, strategy_fit=""), valid_row(third, 3)]
    run_import(tmp_path, csv_bytes(rows))
    wave = Wave.objects.get(code="2016")
    item = next(i for i in items_for(wave.instrument) if i.code == "strategy_fit")
    assert tabulate_item(item, wave_responses(wave)).base == 2
