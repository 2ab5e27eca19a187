"""The council-name resolver, built from the reference CSV as plain records (no database)."""

import datetime

import pytest

from msp.councils.resolver import CouncilRecord, CouncilResolver

D = datetime.date
JUNE_2016 = D(2016, 6, 1)


def code(resolution):
    return resolution.council["gss_code"] if resolution.council else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("E06000041", "E06000041"),
        ("e06000041", "E06000041"),
        ("Wokingham Borough Council", "E06000041"),
        ("Wokingham", "E06000041"),
        ("  WOKINGHAM  council ", "E06000041"),
        ("Wokingham (The Board covers Wokingham, West Berks and Reading)", "E06000041"),
        ("RBW&M", "E06000040"),
        ("Royal Borough of Windsor & Maidenhead", "E06000040"),
        ("Hull", "E06000010"),
        ("Kingston upon Hull, City of", "E06000010"),
        ("North East Lincs", "E06000012"),
        ("NE Lincs", "E06000012"),
        ("W Sussex", "E10000032"),
        ("West Sussex County Council", "E10000032"),
        ("E Riding", "E06000011"),
        ("Brighton & Hove", "E06000043"),
        ("Bristol City", "E06000023"),
        ("Hammersmith", "E09000013"),
        ("Blackburn", "E06000008"),
        ("Durham", "E06000047"),
        ("Richmond", "E09000027"),
        ("Kensington & Chelsea", "E09000020"),
        ("Southend-on-Sea", "E06000033"),
        ("Southend on Sea Borough Council", "E06000033"),
        ("Bath and North East Somerset", "E06000022"),
        ("LB Bexley", "E09000004"),
        ("London Borough of Barking & Dagenham", "E09000002"),
        ("Merton Council", "E09000024"),
        ("City of London", "E09000001"),
        ("Leicester City", "E06000016"),
        ("Stockport Metropolitan Borough Council", "E08000007"),
    ],
)
def test_it_resolves_codes_names_aliases_and_variants_without_a_warning(resolver, text, expected):
    resolution = resolver.resolve(text, on=JUNE_2016)
    assert (code(resolution), resolution.warning, resolution.error) == (expected, "", "")


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("Northamptonshire", D(2016, 6, 1), "E10000021"),
        ("Dorset", D(2016, 6, 1), "E10000009"),
        ("Dorset", D(2019, 4, 1), "E06000059"),
        ("Dorset Council", D(2016, 6, 1), "E10000009"),  # in 2016 the county council, not the 2019 unitary
        ("Buckinghamshire", D(2016, 6, 1), "E10000002"),
        ("Buckinghamshire", D(2020, 4, 1), "E06000060"),
        ("North Yorkshire", D(2023, 3, 31), "E10000023"),
        ("North Yorkshire", D(2023, 4, 1), "E06000065"),
        ("Barnsley", D(2016, 6, 1), "E08000016"),
        ("Barnsley", D(2025, 4, 1), "E08000038"),
        ("Sheffield City Council", D(2025, 6, 1), "E08000039"),
    ],
)
def test_it_prefers_the_council_that_existed_on_the_date(resolver, text, day, expected):
    resolution = resolver.resolve(text, on=day)
    assert (code(resolution), resolution.warning, resolution.error) == (expected, "", "")


def test_it_resolves_a_council_that_did_not_exist_on_the_date_with_a_warning_naming_its_successors(resolver):
    resolution = resolver.resolve("Northamptonshire", on=D(2022, 1, 1))
    assert code(resolution) == "E10000021"
    assert "ceased on 31 March 2021" in resolution.warning
    assert "North Northamptonshire Council and West Northamptonshire Council" in resolution.warning
    assert "not a council on 1 January 2022" in resolution.warning

    resolution = resolver.resolve("BCP", on=JUNE_2016)
    assert code(resolution) == "E06000058"
    assert "did not exist until 1 April 2019" in resolution.warning


def test_it_uses_the_date_it_was_built_with_and_today_otherwise(records):
    assert code(CouncilResolver(records, on=JUNE_2016).resolve("Poole")) == "E06000029"
    assert CouncilResolver(records, on=JUNE_2016).resolve("Poole").warning == ""
    assert "ceased on 31 March 2019" in CouncilResolver(records).resolve("Poole").warning


@pytest.mark.parametrize(
    ("text", "expected", "matched"),
    [
        ("Wokingam", "E06000041", "Wokingham Borough Council"),
        ("Lecestershire", "E10000018", "Leicestershire County Council"),
        ("Cheshire West and Cheshire", "E06000050", "Cheshire West and Chester Council"),
        ("London Borough of Hackeny", "E09000012", "London Borough of Hackney"),
    ],
)
def test_it_resolves_a_near_miss_with_a_warning_naming_what_it_matched(resolver, text, expected, matched):
    resolution = resolver.resolve(text, on=JUNE_2016)
    assert code(resolution) == expected
    assert resolution.error == ""
    assert f"taken to be {matched} ({expected})" in resolution.warning


def test_it_reports_an_ambiguous_name_with_the_candidates(resolver):
    resolution = resolver.resolve("Cheshire", on=JUNE_2016)
    assert (resolution.council, resolution.ambiguous) == (None, True)
    assert resolution.candidates == ["Cheshire East Council", "Cheshire West and Chester Council"]
    assert "could be more than one council on 1 June 2016" in resolution.error
    assert "Cheshire East Council (E06000049)" in resolution.error


def test_it_lists_at_most_five_candidates_for_a_very_ambiguous_name(resolver):
    resolution = resolver.resolve("North", on=JUNE_2016)
    assert resolution.council is None
    assert len(resolution.candidates) == 5
    assert all(name.startswith("North") for name in resolution.candidates)


@pytest.mark.parametrize("text", ["Gotham", "Burt", "London", "North East Somerset"])
def test_it_reports_an_unknown_name_with_the_closest_councils(resolver, text):
    resolution = resolver.resolve(text, on=JUNE_2016)
    assert (resolution.council, resolution.ambiguous) == (None, False)
    assert resolution.error.startswith(f"'{text}' does not match any council. Closest: ")
    assert 1 <= len(resolution.candidates) <= 5


def test_it_suggests_the_council_a_partial_name_starts(resolver):
    resolution = resolver.resolve("Barking", on=JUNE_2016)
    assert resolution.council is None
    assert resolution.candidates[0] == "London Borough of Barking and Dagenham"


@pytest.mark.parametrize("text", ["", "   ", None])
def test_it_reports_a_blank_name(resolver, text):
    assert resolver.resolve(text).error == "No council given."


def test_it_reports_a_gss_code_that_is_not_a_council(resolver):
    resolution = resolver.resolve("E07000041")
    assert resolution.council is None
    assert "looks like a GSS code" in resolution.error


def test_it_works_on_plain_records_without_aliases():
    resolver = CouncilResolver(
        [
            CouncilRecord("E10000032", "West Sussex County Council", "West Sussex"),
            CouncilRecord("E10000011", "East Sussex County Council", "East Sussex"),
        ],
        on=JUNE_2016,
    )
    assert resolver.resolve("W. Sussex CC").council.gss_code == "E10000032"
    assert resolver.resolve("east sussex").council.gss_code == "E10000011"
    tie = resolver.resolve("Sussex")
    assert tie.council is None
    assert tie.candidates == ["East Sussex County Council", "West Sussex County Council"]


def test_it_reports_two_equally_near_misses_as_ambiguous():
    resolver = CouncilResolver(
        [
            CouncilRecord("E06000901", "Barford Council", "Barford"),
            CouncilRecord("E06000902", "Barfold Council", "Barfold"),
        ],
        on=JUNE_2016,
    )
    resolution = resolver.resolve("Barfosd")
    assert resolution.council is None
    assert resolution.candidates == ["Barford Council", "Barfold Council"]
    assert "could be more than one council" in resolution.error
