"""Name normalisation: plain functions, no database."""

import pytest

from msp.councils.resolver import core_name, normalise_name, strip_notes


def test_it_drops_bracketed_notes():
    assert (
        strip_notes("Wokingham (The Board covers Wokingham, West Berks and Reading)").strip() == "Wokingham"
    )
    assert strip_notes("Bristol [City of] (UA)").split() == ["Bristol"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Brighton  &  Hove ", "brighton and hove"),
        ("Stockton-on-Tees", "stockton on tees"),
        ("St. Helens", "st helens"),
        ("King’s Lynn", "kings lynn"),
        ("Bristol, City of", "bristol city of"),
        ("NE Lincs", "north east lincolnshire"),
        ("W Sussex", "west sussex"),
        ("E Riding", "east riding"),
        ("N. Yorks", "north yorkshire"),
        ("Northants", "northamptonshire"),
        ("RBW&M", "rbw and m"),
        ("Wokingham (The Board covers Wokingham, West Berks and Reading)", "wokingham"),
    ],
)
def test_it_normalises_case_space_punctuation_ampersands_and_abbreviations(text, expected):
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("London Borough of Bexley", "bexley"),
        ("LB Bexley", "bexley"),
        ("Royal Borough of Greenwich", "greenwich"),
        ("Merton Council", "merton"),
        ("Leicestershire County Council", "leicestershire"),
        ("Derby City Council", "derby"),
        ("Stockport Metropolitan Borough Council", "stockport"),
        ("Reading Borough Council", "reading"),
        ("Bristol City", "bristol"),
        ("Bristol, City of", "bristol"),
        ("City of York", "york"),
        ("Borough of Poole", "poole"),
        ("The City of Brighton & Hove", "brighton and hove"),
        ("Hartlepool UA", "hartlepool"),
    ],
)
def test_it_strips_the_kind_of_body_from_the_place_name(text, expected):
    assert core_name(text) == expected


@pytest.mark.parametrize("text", ["City of London", "London Borough", "North Council"])
def test_it_never_strips_down_to_a_word_that_names_something_bigger(text):
    assert core_name(text) not in {"london", "north", ""}
