"""The SAC return on the records where counting is easy to get wrong, each worked out by hand; then every
cell of a varied synthetic dataset against an independent computation (tests/outcomes/oracle.py) and the
records behind every cell."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import IntegrityError, transaction

from msp.cases.models import ConcernRiskType
from msp.outcomes.checks import check_return
from msp.outcomes.layout import layout_for
from msp.outcomes.sac import cell_records, compute, format_value
from tests.outcomes import oracle
from tests.outcomes.conftest import make_case, make_person, uk

SP, KNOWN, UNKNOWN = "Service Provider", "Other - Known to Individual", "Other - Unknown to Individual"
NEGLECT = "Neglect and Acts of Omission"
ACTION = "Risk identified - action taken"
DERIVED_NONE = {
    "conversion_rate": None,
    "pct_risk_reduced_or_removed": None,
    "pct_asked_and_expressed": None,
    "pct_expressed_fully_or_partially_achieved": None,
    "pct_lacking_capacity_supported": None,
}


def sac_return(year: str, council):
    return compute(year, councils=[council])[council]


def counted(result) -> dict:
    """The non-zero counts of a return: comparing it with a dict asserts every other count is zero."""
    return {cell: value for cell, value in result.cells.items() if cell[0] != "DERIVED" and value != 0}


def derived(result) -> dict:
    return {row: value for (table, row, _), value in result.cells.items() if table == "DERIVED"}


def one_person(band, sex, *, concerns=0, s42=0, other=0) -> dict:
    """The SG1 cells of one person (age band `band`, or None; SG1b row `sex`) with `concerns` concerns
    received and `s42` / `other` enquiries started in the year."""
    cells = {}
    for column, cases in (("concerns_individuals", concerns), ("s42_individuals", s42)):
        if cases:
            if band:
                cells["SG1a", band, column] = 1
            cells |= {("SG1a", "Total", column): 1, ("SG1b", sex, column): 1, ("SG1b", "Total", column): 1}
    for row, cases in (("concerns", concerns), ("s42_enquiries", s42), ("other_enquiries", other)):
        if cases:
            cells |= {("SG1f", row, "cases"): cases, ("SG1f", row, "individuals"): 1}
    return cells


def close_to(value, exact: Fraction) -> bool:
    return value is not None and abs(Fraction(value) - exact) < Fraction(1, 10**20)


# --- Which year --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_concern_at_23_30_on_31_march_bst_is_in_the_year_ending_that_day_and_00_30_on_1_april_is_not(
    council,
):
    person = make_person(council, dob=datetime.date(1950, 6, 1))  # 72, 73, 74 on 31 March 2023, 2024, 2025
    make_case(council, person, uk(2023, 3, 31, 23, 59))  # 2022-23
    make_case(council, person, uk(2023, 4, 1, 0, 0))  # the first moment of 2023-24
    make_case(council, person, uk(2024, 3, 31, 23, 30))  # 22:30 UTC: 2023-24
    late = make_case(council, person, uk(2024, 4, 1, 0, 30))  # 23:30 UTC on 31 March, but 2024-25 in the UK
    assert late.received_at.astimezone(datetime.UTC).date() == datetime.date(2024, 3, 31)

    assert counted(sac_return("2022-23", council)) == one_person("65-74", "Female", concerns=1)
    assert counted(sac_return("2023-24", council)) == one_person("65-74", "Female", concerns=2)
    assert counted(sac_return("2024-25", council)) == one_person("65-74", "Female", concerns=1)
    assert derived(sac_return("2023-24", council)) == DERIVED_NONE | {"conversion_rate": Decimal(0)}


@pytest.mark.django_db
def test_an_enquiry_started_in_one_year_and_concluded_in_the_next_counts_in_sg1_then_in_sg2_to_sg4(
    council,
):
    person = make_person(council)  # born 15 June 1940: 83 on 31 March 2024, 84 on 31 March 2025
    make_case(
        council,
        person,
        uk(2024, 3, 10, 9),
        decision="s42",
        started=uk(2024, 3, 11, 10),
        closed=uk(2024, 5, 20, 12),
        types=["neglect"],
        location="own_home",
        source="known",
        result="identified_action",
        risk="reduced",
        capacity="had",
        asked="asked",
        said_by="person",
        outcomes=["fully"],
    )

    first, second = sac_return("2023-24", council), sac_return("2024-25", council)

    assert counted(first) == one_person("75-84", "Female", concerns=1, s42=1)
    assert derived(first) == DERIVED_NONE | {"conversion_rate": Decimal(100)}
    assert counted(second) == {
        ("SG2a", NEGLECT, KNOWN): 1,
        ("SG2a", NEGLECT, "Total"): 1,
        ("SG2a", "Total", KNOWN): 1,
        ("SG2a", "Total", "Total"): 1,
        ("SG2b", "Own Home", KNOWN): 1,
        ("SG2b", "Own Home", "Total"): 1,
        ("SG2b", "Total", KNOWN): 1,
        ("SG2b", "Total", "Total"): 1,
        ("SG2c", ACTION, "enquiries"): 1,
        ("SG2c", "Total", "enquiries"): 1,
        ("SG2e", "reduced", "enquiries"): 1,
        ("SG2e", "Total", "enquiries"): 1,
        ("SG3a", "no", "enquiries"): 1,
        ("SG3a", "Total", "enquiries"): 1,
        ("SG4a", "asked_expressed", "enquiries"): 1,
        ("SG4a", "Total", "enquiries"): 1,
        ("SG4a", "fully", "achieved"): 1,
        ("SG4a", "Total", "achieved"): 1,
    }
    assert derived(second) == {
        "conversion_rate": None,  # no concern received in 2024-25
        "pct_risk_reduced_or_removed": Decimal(100),
        "pct_asked_and_expressed": Decimal(100),
        "pct_expressed_fully_or_partially_achieved": Decimal(100),
        "pct_lacking_capacity_supported": None,
    }
    assert council in compute("2024-25")  # a concluded enquiry is a record of the year


@pytest.mark.django_db
def test_an_enquiry_started_at_23_30_on_31_march_and_closed_at_00_30_on_1_april_spans_two_years(council):
    person = make_person(council, gender="male", dob=datetime.date(1980, 1, 1))  # 44 on 31 March 2024
    make_case(
        council,
        person,
        uk(2024, 3, 31, 20),
        decision="s42",
        started=uk(2024, 3, 31, 23, 30),
        closed=uk(2024, 4, 1, 0, 30),  # 23:30 UTC on 31 March
        capacity="had",
    )

    assert counted(sac_return("2023-24", council)) == one_person("18-64", "Male", concerns=1, s42=1)
    assert counted(sac_return("2024-25", council)) == {
        ("SG3a", "no", "enquiries"): 1,
        ("SG3a", "Total", "enquiries"): 1,
        ("SG4a", "not_recorded", "enquiries"): 1,
        ("SG4a", "Total", "enquiries"): 1,
    }


@pytest.mark.django_db
def test_an_open_enquiry_is_in_sg1_of_its_start_year_and_in_no_sg2_to_sg4_table(council):
    person = make_person(council)
    make_case(
        council,
        person,
        uk(2023, 11, 2, 9),
        decision="s42",
        types=["physical"],
        location="own_home",
        source="known",
        capacity="lacked",  # recorded while open
        asked="asked",
        said_by="person",
        outcomes=["fully"],  # rated early: still not counted until it closes
    )

    assert counted(sac_return("2023-24", council)) == one_person("75-84", "Female", concerns=1, s42=1)
    assert counted(sac_return("2024-25", council)) == {}
    assert council not in compute("2024-25")


@pytest.mark.django_db
def test_an_other_enquiry_with_full_details_is_in_sg1f_other_enquiries_and_never_in_sg2_to_sg4(council):
    person = make_person(council, gender="male")
    make_case(
        council,
        person,
        uk(2023, 6, 10, 9),
        decision="other",
        closed=uk(2023, 7, 30, 12),
        types=["physical", "domestic_abuse"],
        location="own_home",
        source="known",
        result="identified_action",
        risk="removed",
        capacity="lacked",
        support="advocate",
        asked="asked",
        said_by="person",
        outcomes=["fully"],
    )

    result = sac_return("2023-24", council)

    # Not a Section 42 enquiry: no s42 individuals either.
    assert counted(result) == one_person("75-84", "Male", concerns=1, other=1)
    assert derived(result) == DERIVED_NONE | {"conversion_rate": Decimal(100)}


# --- Types of risk: distinct, and overlapping --------------------------------------------------------------


@pytest.mark.django_db
def test_a_type_of_risk_counts_an_enquiry_once_and_two_types_put_it_in_two_rows_but_once_in_total(council):
    person = make_person(council)
    closed = uk(2023, 12, 1, 12)
    one = make_case(
        council,
        person,
        uk(2023, 9, 1),
        decision="s42",
        closed=closed,
        types=["neglect"],
        location="own_home",
        source="service_provider",
    )
    make_case(
        council,
        person,
        uk(2023, 9, 2),
        decision="s42",
        closed=closed,
        types=["neglect", "financial"],
        location="own_home",
        source="service_provider",
    )
    make_case(
        council, person, uk(2023, 9, 3), decision="s42", closed=closed, location="own_home", source="known"
    )
    make_case(council, person, uk(2023, 9, 4), decision="s42", closed=closed, types=["physical"])
    # The same type cannot be stored twice on one concern.
    with pytest.raises(IntegrityError), transaction.atomic():
        ConcernRiskType.objects.create(council=council, concern=one, code="neglect")

    result = sac_return("2023-24", council)

    assert counted(result) == one_person("75-84", "Female", concerns=4, s42=4) | {
        ("SG2a", NEGLECT, SP): 2,
        ("SG2a", NEGLECT, "Total"): 2,
        ("SG2a", "Financial or Material", SP): 1,
        ("SG2a", "Financial or Material", "Total"): 1,
        ("SG2a", "Physical", "Total"): 1,  # no source recorded: the Total column only
        ("SG2a", "Total", SP): 2,  # the second enquiry once, though in two rows
        ("SG2a", "Total", "Total"): 3,  # the third enquiry has no type: not in SG2a at all
        ("SG2b", "Own Home", SP): 2,
        ("SG2b", "Own Home", KNOWN): 1,
        ("SG2b", "Own Home", "Total"): 3,
        ("SG2b", "Total", SP): 2,
        ("SG2b", "Total", KNOWN): 1,
        ("SG2b", "Total", "Total"): 3,  # the fourth has no location
        ("SG3a", "not_recorded", "enquiries"): 4,
        ("SG3a", "Total", "enquiries"): 4,
        ("SG4a", "not_recorded", "enquiries"): 4,
        ("SG4a", "Total", "enquiries"): 4,
    }


@pytest.mark.django_db
def test_sg2a_total_is_not_the_sum_of_its_rows_and_no_check_asks_it_to_be(council):
    person = make_person(council)
    for day, types in enumerate(
        (["neglect", "financial", "psychological"], ["neglect", "physical"]), start=1
    ):
        make_case(
            council,
            person,
            uk(2024, 1, day),
            decision="s42",
            closed=uk(2024, 2, 1),
            types=types,
            location="own_home",
            source="known",
        )
    result = sac_return("2023-24", council)
    layout = layout_for("2023-24")

    for column in (KNOWN, "Total"):
        rows = sum(result.value("SG2a", row, column) for row in layout.labels("risk_type"))
        assert (rows, result.value("SG2a", "Total", column)) == (5, 2)
    checks = check_return(result.cells, layout)
    assert not [
        c for c in checks if c.code == "rows_do_not_add_up" and any(t == "SG2a" for t, _, _ in c.cells)
    ]


# --- People: cases and individuals, age and gender ---------------------------------------------------------


@pytest.mark.django_db
def test_a_person_with_several_concerns_in_a_year_is_one_individual_and_several_cases(council):
    often = make_person(council)  # 75-84
    once = make_person(council, given="Tobias", family="Wren", gender="male", dob=datetime.date(1980, 1, 1))
    make_case(council, often, uk(2023, 6, 1), decision="s42")
    make_case(council, often, uk(2023, 9, 1), decision="s42")
    make_case(council, often, uk(2024, 1, 10))
    make_case(council, once, uk(2023, 7, 1), decision="none")

    result = sac_return("2023-24", council)

    assert counted(result) == {
        ("SG1a", "18-64", "concerns_individuals"): 1,
        ("SG1a", "75-84", "concerns_individuals"): 1,
        ("SG1a", "75-84", "s42_individuals"): 1,
        ("SG1a", "Total", "concerns_individuals"): 2,
        ("SG1a", "Total", "s42_individuals"): 1,
        ("SG1b", "Male", "concerns_individuals"): 1,
        ("SG1b", "Female", "concerns_individuals"): 1,
        ("SG1b", "Female", "s42_individuals"): 1,
        ("SG1b", "Total", "concerns_individuals"): 2,
        ("SG1b", "Total", "s42_individuals"): 1,
        ("SG1f", "concerns", "cases"): 4,
        ("SG1f", "concerns", "individuals"): 2,
        ("SG1f", "s42_enquiries", "cases"): 2,
        ("SG1f", "s42_enquiries", "individuals"): 1,
    }
    assert result.value("DERIVED", "conversion_rate", "percent") == Decimal(50)  # 2 enquiries / 4 concerns


@pytest.mark.django_db
def test_a_person_is_in_the_age_band_of_their_age_on_31_march_at_the_end_of_the_year(council):
    turns_65 = make_person(council, gender="male", dob=datetime.date(1959, 2, 1))  # 65 on 1 February 2024
    one_day_short = make_person(council, given="Ines", dob=datetime.date(1959, 4, 1))  # 65 on 1 April 2024
    make_case(council, turns_65, uk(2022, 10, 1), decision="none")  # 63 then, 64 on 31 March 2023
    make_case(council, turns_65, uk(2023, 5, 1), decision="s42")  # 64 then, 65 on 31 March 2024
    make_case(council, one_day_short, uk(2024, 2, 1))

    assert counted(sac_return("2022-23", council)) == one_person("18-64", "Male", concerns=1)
    assert counted(sac_return("2023-24", council)) == {
        ("SG1a", "18-64", "concerns_individuals"): 1,
        ("SG1a", "65-74", "concerns_individuals"): 1,
        ("SG1a", "65-74", "s42_individuals"): 1,
        ("SG1a", "Total", "concerns_individuals"): 2,
        ("SG1a", "Total", "s42_individuals"): 1,
        ("SG1b", "Male", "concerns_individuals"): 1,
        ("SG1b", "Male", "s42_individuals"): 1,
        ("SG1b", "Female", "concerns_individuals"): 1,
        ("SG1b", "Total", "concerns_individuals"): 2,
        ("SG1b", "Total", "s42_individuals"): 1,
        ("SG1f", "concerns", "cases"): 2,
        ("SG1f", "concerns", "individuals"): 2,
        ("SG1f", "s42_enquiries", "cases"): 1,
        ("SG1f", "s42_enquiries", "individuals"): 1,
    }


@pytest.mark.django_db
def test_people_born_on_29_february_and_on_their_18th_birthday_are_banded_by_their_age_on_31_march(council):
    leap_1960 = make_person(
        council, given="Alba", dob=datetime.date(1960, 2, 29)
    )  # 64 / 65 on 31 March 24 / 25
    leap_1944 = make_person(council, given="Bram", gender="male", dob=datetime.date(1944, 2, 29))  # 80
    eighteen = make_person(council, given="Cleo", dob=datetime.date(2006, 3, 31))  # 18 on 31 March 2024
    seventeen = make_person(council, given="Dion", gender="male", dob=datetime.date(2006, 4, 1))  # 17 then
    for person in (leap_1960, leap_1944, eighteen, seventeen):
        make_case(council, person, uk(2023, 11, 1))
    make_case(council, leap_1960, uk(2024, 6, 1))

    assert counted(sac_return("2023-24", council)) == {
        ("SG1a", "18-64", "concerns_individuals"): 2,
        ("SG1a", "75-84", "concerns_individuals"): 1,
        ("SG1a", "Total", "concerns_individuals"): 4,  # the 17-year-old: Total only
        ("SG1b", "Male", "concerns_individuals"): 2,
        ("SG1b", "Female", "concerns_individuals"): 2,
        ("SG1b", "Total", "concerns_individuals"): 4,
        ("SG1f", "concerns", "cases"): 4,
        ("SG1f", "concerns", "individuals"): 4,
    }
    assert counted(sac_return("2024-25", council)) == one_person("65-74", "Female", concerns=1)


@pytest.mark.django_db
def test_a_person_with_no_date_of_birth_is_counted_in_total_only_even_with_an_approximate_age(council):
    person = make_person(council, dob=None, approximate_age=80)
    make_case(council, person, uk(2023, 8, 1), decision="s42")

    assert counted(sac_return("2023-24", council)) == one_person(None, "Female", concerns=1, s42=1)


@pytest.mark.django_db
def test_a_blank_gender_counts_as_not_known(council):
    for given, gender in (("Ada", "male"), ("Bea", "female"), ("Cal", "not_known"), ("Dee", "")):
        make_case(council, make_person(council, given=given, gender=gender), uk(2023, 10, 1))

    assert counted(sac_return("2023-24", council)) == {
        ("SG1a", "75-84", "concerns_individuals"): 4,
        ("SG1a", "Total", "concerns_individuals"): 4,
        ("SG1b", "Male", "concerns_individuals"): 1,
        ("SG1b", "Female", "concerns_individuals"): 1,
        ("SG1b", "Not Known", "concerns_individuals"): 2,
        ("SG1b", "Total", "concerns_individuals"): 4,
        ("SG1f", "concerns", "cases"): 4,
        ("SG1f", "concerns", "individuals"): 4,
    }


# --- Concerns without an enquiry, and councils without records ---------------------------------------------


@pytest.mark.django_db
def test_a_concern_with_no_enquiry_counts_in_sg1f_concerns_only_and_lowers_the_conversion_rate(council):
    person = make_person(council)
    make_case(council, person, uk(2023, 5, 1), decision="s42")
    make_case(council, person, uk(2023, 6, 1), decision="other")
    for month in (7, 8, 9):
        make_case(council, person, uk(2023, month, 1), decision="none")
    make_case(council, person, uk(2023, 10, 1))  # awaiting a decision

    result = sac_return("2023-24", council)

    assert counted(result) == one_person("75-84", "Female", concerns=6, s42=1, other=1)
    rate = result.value("DERIVED", "conversion_rate", "percent")
    assert close_to(rate, Fraction(200, 6))  # (1 + 1) / 6 x 100
    assert format_value(rate) == "33.3"


@pytest.mark.django_db
def test_a_council_with_no_records_in_the_year_has_no_return_unless_asked_for_and_then_all_zeros(
    council, other_council
):
    make_case(council, make_person(council), uk(2023, 3, 1))  # 2022-23 only
    for day in (1, 2):
        make_case(other_council, make_person(other_council), uk(2023, 8, day))

    everyone = compute("2023-24")
    assert council not in everyone
    assert counted(everyone[other_council])[("SG1f", "concerns", "cases")] == 2  # its own records only

    empty = compute("2023-24", councils=[council])[council]
    assert len(empty.cells) == 148
    counts = {cell: v for cell, v in empty.cells.items() if cell[0] != "DERIVED"}
    assert set(counts.values()) == {0} and all(type(v) is int for v in counts.values())
    assert derived(empty) == DERIVED_NONE
    assert {format_value(v) for v in derived(empty).values()} == {""}


# --- SG3a and SG4a -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sg3a_supported_is_advocate_family_or_friend_not_supported_is_none_and_unknown_support_is_neither(
    council,
):
    person = make_person(council)
    answers = [
        ("lacked", "advocate"),
        ("lacked", "family"),
        ("lacked", "friend"),
        ("lacked", "none"),
        ("lacked", "dont_know"),
        ("lacked", ""),
        ("had", ""),
        ("dont_know", ""),
        ("not_recorded", ""),
        ("", ""),
    ]
    for day, (capacity, support) in enumerate(answers, start=1):
        make_case(
            council,
            person,
            uk(2023, 5, day),
            decision="s42",
            closed=uk(2023, 8, 1),
            capacity=capacity,
            support=support,
        )

    result = sac_return("2023-24", council)

    assert counted(result) == one_person("75-84", "Female", concerns=10, s42=10) | {
        ("SG3a", "yes", "enquiries"): 6,
        ("SG3a", "yes", "supported"): 3,
        ("SG3a", "yes", "not_supported"): 1,
        ("SG3a", "no", "enquiries"): 1,
        ("SG3a", "dont_know", "enquiries"): 1,
        ("SG3a", "not_recorded", "enquiries"): 2,  # recorded as not recorded, and blank
        ("SG3a", "Total", "enquiries"): 10,
        ("SG4a", "not_recorded", "enquiries"): 10,
        ("SG4a", "Total", "enquiries"): 10,
    }
    assert result.value("DERIVED", "pct_lacking_capacity_supported", "percent") == Decimal(50)  # 3 of 6


@pytest.mark.django_db
def test_sg4a_achieved_is_fully_or_not_when_all_rated_agree_else_partially_and_total_only_if_none_rated(
    council,
):
    person = make_person(council)
    ratings = [
        ["fully", "fully"],  # fully
        ["not", "not"],  # not
        ["fully", "not"],  # partially
        ["partially"],  # partially
        ["not", "partially"],  # partially
        ["fully", ""],  # fully: the unrated one is left out
        ["fully", "withdrawn"],  # fully: a withdrawn outcome is never rated
        ["", ""],  # none rated: Total only
    ]
    for day, outcomes in enumerate(ratings, start=1):
        make_case(
            council,
            person,
            uk(2023, 5, day),
            decision="s42",
            closed=uk(2023, 7, 1),
            asked="asked",
            said_by="person",
            outcomes=outcomes,
        )

    result = sac_return("2023-24", council)

    assert counted(result) == one_person("75-84", "Female", concerns=8, s42=8) | {
        ("SG3a", "not_recorded", "enquiries"): 8,
        ("SG3a", "Total", "enquiries"): 8,
        ("SG4a", "asked_expressed", "enquiries"): 8,
        ("SG4a", "Total", "enquiries"): 8,
        ("SG4a", "fully", "achieved"): 3,
        ("SG4a", "partially", "achieved"): 3,
        ("SG4a", "not", "achieved"): 1,
        ("SG4a", "Total", "achieved"): 8,
    }
    assert derived(result) == DERIVED_NONE | {
        "conversion_rate": Decimal(100),
        "pct_asked_and_expressed": Decimal(100),
        "pct_expressed_fully_or_partially_achieved": Decimal(75),  # 6 of 8
    }


@pytest.mark.django_db
def test_outcomes_given_only_by_the_referrer_are_not_asked_and_expressed_until_the_person_is_asked(council):
    person = make_person(council)
    records = [
        ("referrer", "", ["fully"]),  # the referrer's view: not recorded
        ("referrer", "declined", ["fully"]),  # asked, not expressed
        ("referrer", "unknown", ["fully"]),  # don't know
        ("referrer", "not_asked", ["fully"]),  # no
        ("referrer", "asked", ["fully"]),  # staff asked the person: asked and expressed, fully
        ("person", "", ["not"]),  # any outcome of the person's: asked and expressed, not
        ("representative", "not_asked", [""]),  # asked and expressed, none rated
    ]
    for day, (said_by, asked, outcomes) in enumerate(records, start=1):
        make_case(
            council,
            person,
            uk(2023, 6, day),
            decision="s42",
            closed=uk(2023, 9, 1),
            asked=asked,
            said_by=said_by,
            outcomes=outcomes,
        )

    result = sac_return("2023-24", council)

    assert counted(result) == one_person("75-84", "Female", concerns=7, s42=7) | {
        ("SG3a", "not_recorded", "enquiries"): 7,
        ("SG3a", "Total", "enquiries"): 7,
        ("SG4a", "asked_expressed", "enquiries"): 3,
        ("SG4a", "asked_not_expressed", "enquiries"): 1,
        ("SG4a", "no", "enquiries"): 1,
        ("SG4a", "dont_know", "enquiries"): 1,
        ("SG4a", "not_recorded", "enquiries"): 1,
        ("SG4a", "Total", "enquiries"): 7,
        ("SG4a", "fully", "achieved"): 1,  # the referrer-only ratings are not counted
        ("SG4a", "not", "achieved"): 1,
        ("SG4a", "Total", "achieved"): 3,
    }
    assert close_to(result.value("DERIVED", "pct_asked_and_expressed", "percent"), Fraction(300, 7))


@pytest.mark.django_db
def test_every_asked_answer_without_outcomes_lands_in_its_own_sg4a_row(council):
    person = make_person(council)
    records = [
        ("asked", []),
        ("declined", []),
        ("not_asked", []),
        ("unknown", []),
        ("", []),
        ("asked", ["partially"]),
    ]
    for day, (asked, outcomes) in enumerate(records, start=1):
        make_case(
            council,
            person,
            uk(2023, 6, day),
            decision="s42",
            closed=uk(2023, 9, 1),
            asked=asked,
            said_by="person" if asked else "",
            outcomes=outcomes,
        )

    result = sac_return("2023-24", council)

    assert counted(result) == one_person("75-84", "Female", concerns=6, s42=6) | {
        ("SG3a", "not_recorded", "enquiries"): 6,
        ("SG3a", "Total", "enquiries"): 6,
        ("SG4a", "asked_expressed", "enquiries"): 1,
        ("SG4a", "asked_not_expressed", "enquiries"): 2,  # asked, and asked but chose not to say
        ("SG4a", "no", "enquiries"): 1,
        ("SG4a", "dont_know", "enquiries"): 1,
        ("SG4a", "not_recorded", "enquiries"): 1,
        ("SG4a", "Total", "enquiries"): 6,
        ("SG4a", "partially", "achieved"): 1,
        ("SG4a", "Total", "achieved"): 1,
    }
    percent = result.value("DERIVED", "pct_asked_and_expressed", "percent")
    assert close_to(percent, Fraction(100, 6)) and format_value(percent) == "16.7"


def test_derived_percentages_are_shown_to_one_decimal_place_rounded_half_up():
    assert format_value(Decimal("56.25")) == "56.3"
    assert format_value(Decimal("71.45")) == "71.5"
    assert format_value(Decimal(0)) == "0.0"
    assert format_value(None) == ""
    assert format_value(12) == "12"


# --- The whole return: against an independent computation, and the records behind each cell ----------------


def test_the_return_has_the_148_cells_of_sac_md_in_template_order():
    assert layout_for("2023-24").cells() == oracle.all_cells()
    assert len(oracle.all_cells()) == 148


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["2022-23", "2023-24"])
def test_the_database_computation_equals_an_independent_loop_over_the_records_on_every_cell(
    varied_dataset, year
):
    computed = compute(year)
    expected = oracle.sac(year)

    assert {c.pk for c in computed} == set(expected) == {c.pk for c in varied_dataset}
    differences = []
    for council, result in computed.items():
        assert list(result.cells) == oracle.all_cells()
        for cell, value in result.cells.items():
            if not oracle.same_value(value, expected[council.pk][cell]):
                differences.append((council.gss_code, cell, value, expected[council.pk][cell]))
    assert differences == []
    # The dataset is varied enough for the comparison to mean something.
    for council in computed:
        cells = expected[council.pk]
        assert cells["SG1f", "other_enquiries", "cases"] > 0
        assert cells["SG4a", "not_recorded", "enquiries"] > 0
        assert (
            sum(cells["SG4a", row, "achieved"] for row in ("fully", "partially", "not"))
            < cells["SG4a", "Total", "achieved"]
        )
        assert (
            cells["SG3a", "yes", "enquiries"]
            > cells["SG3a", "yes", "supported"] + cells["SG3a", "yes", "not_supported"]
        )


@pytest.mark.django_db
def test_the_records_behind_every_cell_are_as_many_as_its_value_and_the_ones_it_counts(varied_dataset):
    year = "2023-24"
    expected = oracle.sac_sets(year)
    mismatches = []
    for council, result in compute(year).items():
        for cell, value in result.cells.items():
            if cell[0] == "DERIVED":
                continue
            records = cell_records(cell, year=year, council=council)
            ids = set(records.rows.values_list("pk", flat=True))
            if (records.kind, records.rows.count(), ids) != (
                oracle.kind_of(cell),
                value,
                expected[council.pk][cell],
            ):
                mismatches.append((council.gss_code, cell, records.kind, records.rows.count(), value))
    assert mismatches == []
