"""What a cell may say: labels whatever their case, spaces and apostrophes; codes, letters, dates, yes/no."""

import datetime

import pytest

from msp.tempcheck.importing import CellError, ImportProblem, cell_text, parse_date
from msp.tempcheck.models import Interview
from tests.tempcheck_io.io_helpers import columns, councils, csv_bytes, run_import, valid_row, xlsx_bytes


def answers_of(council) -> dict[str, str]:
    interview = Interview.objects.get(council=council)
    return {a.question.code: a.choice or a.text for a in interview.answers.select_related("question")}


@pytest.mark.django_db
def test_labels_ignore_case_spaces_and_curly_apostrophes(tmp_path):
    council = councils(1)[0]
    row = valid_row(
        council,
        1,
        **{
            "engagement.board": "  DON\u2019T   know ",
            "confidence_measuring": "we\u2019re NOT measuring it at all",
            "strategy_fit": "we don't yet have a strategy",
            "asked_outcomes": "yes",
            "staff_reaction": " Too soon to tell",
        },
    )
    run_import(tmp_path, csv_bytes([row]))
    answers = answers_of(council)
    assert answers["engagement.board"] == "dont_know"
    assert answers["confidence_measuring"] == "not_measuring"
    assert answers["strategy_fit"] == "no_strategy"
    assert answers["asked_outcomes"] == "yes"
    assert answers["staff_reaction"] == "too_soon"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("self_rating", "interviewer_rating"),
    [("A", "A"), ("a", "A) Fully implemented"), ("a) fully implemented", "Fully implemented"), ("A", "a")],
)
def test_achievement_as_letter_letter_and_label_label_or_code(tmp_path, self_rating, interviewer_rating):
    council = councils(1)[0]
    row = valid_row(
        council,
        1,
        **{
            "achievement.self": self_rating,
            "achievement.interviewer": interviewer_rating,
            "moderation_reason": "",
        },
    )
    run_import(tmp_path, csv_bytes([row]))
    answers = answers_of(council)
    assert (answers["achievement.self"], answers["achievement.interviewer"]) == ("A", "A")


@pytest.mark.django_db
def test_option_codes_are_accepted_too(tmp_path):
    council = councils(1)[0]
    row = valid_row(
        council,
        1,
        respondent_role="sab_chair",
        strategy_fit="particular_task",
        road_map_step="4",
        **{"engagement.board": "very_well"},
    )
    run_import(tmp_path, csv_bytes([row]))
    answers = answers_of(council)
    assert (answers["strategy_fit"], answers["road_map_step"], answers["engagement.board"]) == (
        "particular_task",
        "4",
        "very_well",
    )
    assert Interview.objects.get(council=council).respondent_role == "sab_chair"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Yes", True),
        ("no", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        (" yes ", True),
    ],
)
def test_consent_forms(tmp_path, cell, expected):
    council = councils(1)[0]
    run_import(tmp_path, csv_bytes([valid_row(council, 1, consent_to_attribution=cell)]))
    assert Interview.objects.get(council=council).consent_to_attribution is expected


@pytest.mark.django_db
def test_a_csv_with_a_byte_order_mark(tmp_path):
    run_import(tmp_path, csv_bytes([valid_row(councils(1)[0], 1)], bom=True))
    assert Interview.objects.count() == 1


@pytest.mark.django_db
def test_a_council_by_gss_code_or_short_name(tmp_path):
    first, second = councils(2)
    rows = [
        valid_row(first, 1, council=first.gss_code),
        valid_row(second, 2, council=second.short_name.upper()),
    ]
    run_import(tmp_path, csv_bytes(rows))
    assert set(Interview.objects.values_list("council__gss_code", flat=True)) == {
        first.gss_code,
        second.gss_code,
    }


@pytest.mark.django_db
def test_an_xlsx_with_real_dates_numbers_and_booleans(tmp_path):
    council = councils(1)[0]
    row = valid_row(council, 1)
    header = columns()
    cells = [row[code] for code in header]
    cells[header.index("interview_date")] = datetime.datetime(2016, 6, 7)
    cells[header.index("road_map_step")] = 7
    cells[header.index("consent_to_attribution")] = True
    run_import(tmp_path, xlsx_bytes([cells]), name="wave.xlsx")
    interview = Interview.objects.get(council=council)
    assert interview.interview_date == datetime.date(2016, 6, 7)
    assert interview.consent_to_attribution is True
    assert answers_of(council)["road_map_step"] == "7"


@pytest.mark.django_db
def test_only_the_first_sheet_is_read(tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook

    council = councils(1)[0]
    row = valid_row(council, 1)
    book = load_workbook(BytesIO(xlsx_bytes([[row[c] for c in columns()]])))
    book.create_sheet("Notes").append(["anything", "at all"])
    out = BytesIO()
    book.save(out)
    run_import(tmp_path, out.getvalue(), name="wave.xlsx")
    assert Interview.objects.count() == 1


@pytest.mark.django_db
def test_blank_rows_are_skipped_but_rows_keep_their_spreadsheet_numbers(tmp_path):
    first, second = councils(2)
    lines = (
        csv_bytes([valid_row(first, 1), valid_row(second, 2, asked_outcomes="Mabye")]).decode().split("\r\n")
    )
    lines.insert(2, ",,,")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="row 4, column `asked_outcomes`"):
        run_import(tmp_path, "\r\n".join(lines).encode())


# --- Plain functions, no database ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-05-23", datetime.date(2016, 5, 23)),
        ("23/05/2016", datetime.date(2016, 5, 23)),
        ("3/6/2016", datetime.date(2016, 6, 3)),  # UK order: 3 June, never 6 March
        ("23.05.2016", datetime.date(2016, 5, 23)),
        ("2016-05-23 00:00:00", datetime.date(2016, 5, 23)),
    ],
)
def test_parse_date_accepts_iso_and_uk(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["05/23/2016", "23/05/16", "2016/05/23", "23 May 2016", "30/02/2016"])
def test_parse_date_refuses_anything_else(text):
    with pytest.raises(CellError) as caught:
        parse_date(text)
    assert caught.value.rule == "bad_date"


def test_cell_text_from_spreadsheet_values():
    assert cell_text(None) == ""
    assert cell_text(4.0) == "4"
    assert cell_text(True) == "true"
    assert cell_text(datetime.datetime(2016, 5, 23)) == "2016-05-23"
    assert cell_text(datetime.date(2016, 5, 23)) == "2016-05-23"


def test_a_problem_reads_location_rule_context_fix():
    problem = ImportProblem(
        "unknown_option",
        "'Mabye' is not an answer option",
        "Expected Yes, Partly or No.",
        file="f.csv",
        row=14,
        column="asked_outcomes",
        value="Mabye",
    )
    assert str(problem) == (
        "row 14, column `asked_outcomes`: 'Mabye' is not an answer option; expected Yes, Partly or No"
    )
    assert str(ImportProblem("empty_file", "no headings", file="f.csv")) == "f.csv: no headings"
