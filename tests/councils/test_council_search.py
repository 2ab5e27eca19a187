"""Finding a council by what a member of the public types (no database: plain records)."""

from msp.councils.resolver import CouncilRecord
from msp.councils.search import MAX_RESULTS, council_search

COUNCILS = [
    CouncilRecord("E10000015", "Hertfordshire County Council", "Hertfordshire", aliases=("Herts CC",)),
    CouncilRecord("E10000023", "North Yorkshire County Council", "North Yorkshire"),
    CouncilRecord("E06000014", "City of York Council", "York"),
    CouncilRecord("E06000011", "East Riding of Yorkshire Council", "East Riding of Yorkshire"),
    CouncilRecord("E09000033", "Westminster City Council", "Westminster", aliases=("City of Westminster",)),
    CouncilRecord("E08000025", "Birmingham City Council", "Birmingham"),
]


def names(text: str) -> list[str]:
    return [record.short_name for record in council_search(text, COUNCILS)]


def test_it_finds_a_council_by_its_short_name_or_full_name():
    assert names("Birmingham") == ["Birmingham"]
    assert names("city of westminster") == ["Westminster"]
    assert names("Hertfordshire County Council") == ["Hertfordshire"]


def test_the_exact_name_comes_before_names_that_contain_it():
    assert names("york") == ["York", "East Riding of Yorkshire", "North Yorkshire"]


def test_it_understands_short_forms_and_the_start_of_a_name():
    assert names("Herts") == ["Hertfordshire"]
    assert names("N Yorks") == ["North Yorkshire"]
    assert names("birm") == ["Birmingham"]


def test_a_near_miss_is_offered_when_nothing_matches():
    assert names("Hertfordshre") == ["Hertfordshire"]


def test_nothing_typed_or_nothing_like_it_finds_nothing():
    assert names("") == [] and names("  ") == []
    assert names("Atlantis") == []


def test_it_offers_at_most_ten():
    many = [CouncilRecord(f"E0600{n:04d}", f"Vale {n} Council", f"Vale {n}") for n in range(15)]
    assert len(council_search("vale", many)) == MAX_RESULTS == 10
