"""Tabulating closed questions from plain responses: every option, per-row bases, conditions, moderation."""

import pytest

from msp.reports.tabulate import Response, blocks, tabulate
from msp.tempcheck.instrument import build_instrument, instrument_path, read_instrument
from tests.reports.printed_2016 import PRINTED, PRINTED_SLIPS, responses_from_printed


@pytest.fixture(scope="module")
def items():
    return read_instrument(instrument_path("tc2016")).items


SMALL = """
code: t1
title: Test
sections:
  - code: s
    title: S
    questions:
      - code: changed
        type: single_choice
        text: Changed?
        options: [{code: "yes", label: "Yes"}, {code: "no", label: "No"}]
      - code: progress
        type: single_choice
        text: How far?
        required: false
        condition: {question: changed, in: ["no"]}
        options: [{code: near, label: Almost}, {code: far, label: Far}]
      - code: grid
        type: grid
        text: Grid?
        required: false
        options: [{code: a, label: A}, {code: b, label: B}]
        rows: [{code: r1, label: Row one}, {code: r2, label: Row two}]
      - code: why
        type: open_text
        text: Why?
      - code: achievement.self
        type: rating
        text: Own rating?
        options: &rating
          - {code: A, letter: A, label: Best}
          - {code: B, letter: B, label: Middle}
          - {code: C, letter: C, label: Worst}
      - code: achievement.interviewer
        type: rating
        text: Their rating?
        options: *rating
"""


def small_items():
    return build_instrument(SMALL).items


def r(**answers):
    return Response(answers={k.replace("__", "."): v for k, v in answers.items()})


def rated(own, theirs, **answers):
    return r(achievement__self=own, achievement__interviewer=theirs, **answers)


def test_every_option_is_listed_in_instrument_order_with_zeros():
    table = tabulate(small_items(), [r(changed="no"), r(changed="no")]).tables["changed"]
    assert [(o.label, o.count, o.percent) for o in table.options] == [("Yes", 0, 0), ("No", 2, 100)]
    assert table.base == 2 and table.total == {"count": 2, "percent": 100}


def test_open_questions_are_not_tabulated():
    assert "why" not in tabulate(small_items(), [r(why="Because")]).tables


def test_a_conditional_question_counts_only_those_it_applied_to_and_who_answered():
    responses = [r(changed="no", progress="near"), r(changed="no"), r(changed="yes", progress="far"), r()]
    table = tabulate(small_items(), responses).tables["progress"]
    # The 'yes' council was not asked, so its stray answer is left out; the blank 'no' council did not answer.
    assert table.base == 1
    assert [(o.code, o.count, o.percent) for o in table.options] == [("near", 1, 100), ("far", 0, 0)]


def test_each_grid_row_has_its_own_base():
    responses = [r(grid__r1="a", grid__r2="b"), r(grid__r1="b"), r(grid__r1="a")]
    tables = tabulate(small_items(), responses).tables
    assert tables["grid.r1"].base == 3 and tables["grid.r2"].base == 1
    assert tables["grid.r1"].option("a").percent == 67
    assert tables["grid.r2"].option("b").percent == 100


def test_a_question_nobody_answered_has_no_percentages():
    table = tabulate(small_items(), [r()]).tables["changed"]
    assert table.base == 0 and all(o.percent is None for o in table.options)
    assert table.total == {"count": 0, "percent": None}


def test_an_answer_naming_no_option_is_kept_out_of_the_base_and_reported():
    table = tabulate(small_items(), [r(changed="yes"), r(changed="maybe")]).tables["changed"]
    assert table.base == 1 and table.unrecognised == 1
    assert table.as_dict()["unrecognised"] == 1


def test_moderation_counts_lowered_and_raised_ratings():
    responses = [rated("A", "B"), rated("A", "C"), rated("C", "B"), rated("B", "B"), r(achievement__self="A")]
    moderation = tabulate(small_items(), responses).moderation
    assert (moderation.rated, moderation.moderated, moderation.lowered, moderation.raised) == (4, 3, 2, 1)


def test_the_json_has_the_agreed_shape():
    data = tabulate(small_items(), [rated("A", "B", changed="no", grid__r1="a")]).as_dict("2016")
    assert data["wave"] == "2016"
    assert data["moderation"] == {"moderated": 1, "lowered": 1, "raised": 0}
    assert data["tables"]["changed"]["base"] == 1
    assert data["tables"]["changed"]["options"][1] == {
        "code": "no",
        "label": "No",
        "count": 1,
        "percent": 100,
    }
    assert "grid.r1" in data["tables"] and data["tables"]["grid.r1"]["grid"] == "grid"


def test_blocks_gather_a_grids_rows_in_order():
    tabulation = tabulate(small_items(), [])
    assert [(b.code, len(b.rows), b.is_grid) for b in blocks(tabulation)] == [
        ("changed", 1, False),
        ("progress", 1, False),
        ("grid", 2, True),
        ("achievement.self", 1, False),
        ("achievement.interviewer", 1, False),
    ]


def test_hand_made_responses_reproduce_every_printed_count_and_base(items):
    tables = tabulate(items, responses_from_printed(items)).tables
    for code, (base, rows) in PRINTED.items():
        table = tables[code]
        assert table.base == base, code
        assert [(o.label, o.count) for o in table.options] == [(label, count) for label, count, _ in rows], (
            code
        )
        for option, (label, _, printed) in zip(table.options, rows, strict=True):
            expected = PRINTED_SLIPS.get((code, label), (printed, printed))[1]
            assert option.percent == expected, (code, label)
