"""Privacy review findings on open-answer quotes and regional theme counts, kept as regressions.

Each test failed while the leak it describes existed.
"""

from __future__ import annotations

import pytest

from msp.coding import results
from msp.coding.analysis import ANONYMOUS
from msp.coding.services import answer_code
from msp.councils.models import CouncilAlias

THRESHOLD = 5

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.MSP_SUPPRESSION_THRESHOLD = THRESHOLD


def _code(scene, interview, theme, coder):
    answer_code(answer=scene.answer(interview), coder=coder, themes=[theme])


# --- A suppressed region's theme count shows through the number of its quotes ------------------------------


def test_suppressed_region_theme_does_not_reveal_its_count_through_its_quotes(scene, analyst):
    """theme_summary(region=...) hid count and base for a region with < threshold coded answers, but still
    returned min(count, quotes_per_theme) quotes: 0, 1 or 2 quotes => the hidden count is 0, 1 or 2."""
    theme = scene.theme("Money", keywords="budget")
    for i in range(2):  # a small region: 2 coded answers, both non-consenting
        council = scene.council(f"Tinyshire{i}", region="Tiny Region")
        iv = scene.interview(
            council, consent=False, blockages=f"Our budget was cut sharply this year, number {i}."
        )
        if i == 0:
            _code(scene, iv, theme, analyst)
        else:
            answer_code(answer=scene.answer(iv), coder=analyst, themes=[], no_theme=True)
    (money,) = results.theme_summary(scene.wave, "blockages", quotes_per_theme=2, region="Tiny Region")
    assert money.suppressed and money.count is None and money.base is None
    assert money.quotes == [], f"suppressed region still shows {len(money.quotes)} quote(s) = the count"
    assert not money.chosen


# --- A quote names another council that never consented -------------------------------------------------


def test_quote_does_not_name_a_council_that_did_not_consent(scene, analyst):
    """quote_for redacted only the quoting council's own names; another (non-consenting) council named in the
    text was printed as is — and nothing at all was redacted when the quoting council consented."""
    theme = scene.theme("Partners", keywords="partners")
    brackenford = scene.council("Brackenford")
    CouncilAlias.objects.create(council=brackenford, alias="LB Brackenford")
    scene.interview(brackenford, consent=False, blockages="Nothing to add about partners here.")
    consenting = scene.council("Ashvale")
    iv = scene.interview(
        consenting,
        consent=True,
        blockages="Ashvale's partners copied Brackenford's approach (LB Brackenford, in fact) and it failed.",
    )
    _code(scene, iv, theme, analyst)
    other = scene.interview(
        scene.council("Quillby"), consent=False, blockages="Quillby Council's partners sat with Ashvale's."
    )
    _code(scene, other, theme, analyst)
    (partners,) = results.theme_summary(scene.wave, "blockages", quotes_per_theme=3)
    texts = " ".join(q.text for q in partners.quotes)
    assert "Brackenford" not in texts, f"non-consenting council named in a published quote: {texts!r}"
    assert "Quillby" not in texts and "Ashvale's partners sat" not in texts  # nor by a non-consenting council
    by_attribution = {q.attribution: q.text for q in partners.quotes}
    assert by_attribution["Ashvale"].startswith("Ashvale's partners copied [a council]'s approach")  # its own
    assert by_attribution[ANONYMOUS] == "[the council]'s partners sat with [a council]'s."
    for _, quote, _ in results.quote_candidates(scene.wave, "blockages", theme):  # the quotes page too
        assert "Brackenford" not in quote.text and "Quillby" not in quote.text


# --- Regional theme counts had no secondary suppression -------------------------------------------------


def test_hidden_region_theme_count_cannot_be_worked_out_from_england_minus_shown_regions(scene, analyst):
    """Regions A and B (6 coded answers each) were shown, C (3 coded) suppressed, and England shown: the
    regional reports print each shown region's counts and England's, so C = England - A - B."""
    theme = scene.theme("Money", keywords="budget")
    sizes = {"Region A": 6, "Region B": 6, "Region C": 3}
    for region, n in sizes.items():
        for i in range(n):
            council = scene.council(f"{region[-1]}town{i}", region=region)
            iv = scene.interview(council, blockages=f"The budget is the blockage, council {region} {i}.")
            _code(scene, iv, theme, analyst)
    (england,) = results.theme_summary(scene.wave, "blockages", quotes_per_theme=0)
    assert england.count == 15
    by_region = {
        r: results.theme_summary(scene.wave, "blockages", quotes_per_theme=2, region=r)[0] for r in sizes
    }
    hidden = {r for r, result in by_region.items() if result.suppressed}
    # C, and the next smallest with it (ties: the first by name), as the results page's breakdown does.
    assert hidden == {"Region A", "Region C"}
    for region in hidden:
        assert by_region[region].count is None and by_region[region].quotes == []
    assert by_region["Region B"].count == 6
    breakdown = results.theme_breakdown(scene.wave, "blockages")
    assert {row.label for row in breakdown.rows if row.suppressed} >= hidden


# --- Regional reports undid the anonymity rule ----------------------------------------------------------


def test_regional_report_prints_no_quote_its_attribution_keeps_out_of_the_region(scene, analyst):
    """attribute_quote refuses 'a council in <region>' when that could point to the council (too few councils
    interviewed in the region, or the only one of its type answering), but a regional report printed the
    region's quotes under 'The quotes are from councils in <region>', placing the anonymous ones there."""
    from msp.reports.documents.build import generate
    from msp.reports.documents.inputs import wave_data

    theme = scene.theme("Money", keywords="budget")
    for i in range(8):
        iv = scene.interview(
            scene.council(f"Bigtown{i}", region="Big Region"), blockages=f"Budget issue {i}."
        )
        _code(scene, iv, theme, analyst)
    for i in range(6):  # so that Big Region is not the region suppressed to go with Lone Region
        iv = scene.interview(scene.council(f"Midtown{i}", region="Mid Region"), blockages=f"Budget {i}.")
        _code(scene, iv, theme, analyst)
    county = scene.interview(  # the only county council in Big Region: its quote is "a council"
        scene.council("Countyshire", region="Big Region", council_type="County council"),
        consent=False,
        blockages="Our budget for the county's brokerage team was frozen by members.",
    )
    _code(scene, county, theme, analyst)
    lone = scene.interview(
        scene.council("Lonely", region="Lone Region"),
        consent=False,
        blockages="Our budget for advocacy was halved by the cabinet in March.",
    )
    _code(scene, lone, theme, analyst)
    (england,) = results.theme_summary(scene.wave, "blockages", quotes_per_theme=20)
    attributions = {q.text: q.attribution for q in england.quotes}
    assert attributions["Our budget for advocacy was halved by the cabinet in March."] == ANONYMOUS
    assert attributions["Our budget for the county's brokerage team was frozen by members."] == ANONYMOUS

    (big,) = results.theme_summary(scene.wave, "blockages", quotes_per_theme=20, region="Big Region")
    assert not big.suppressed and big.quotes
    assert all(q.attribution != ANONYMOUS for q in big.quotes)
    (lonely,) = results.theme_summary(scene.wave, "blockages", quotes_per_theme=20, region="Lone Region")
    assert lonely.suppressed and lonely.quotes == []

    data = wave_data(scene.wave)
    lone_html = generate(data, "html", "Lone Region").content.decode()
    assert "advocacy was halved" not in lone_html, "regional report of a one-council region prints its quote"
    big_html = generate(data, "html", "Big Region").content.decode()
    assert "Budget issue" in big_html  # the region's attributable quotes are still there
    assert "brokerage team" not in big_html, "regional report prints the region's only county's quote"


def test_national_theme_counts_are_not_printed_with_too_few_coded_answers_in_england(scene, analyst):
    """With England's coded total below the threshold every region is suppressed, and England's counts would
    be the sum of them: the national report prints neither counts nor quotes then."""
    from msp.reports.documents.build import generate
    from msp.reports.documents.inputs import wave_data

    theme = scene.theme("Money", keywords="budget")
    for i in range(THRESHOLD + 1):
        iv = scene.interview(scene.council(f"Smallwave{i}"), blockages=f"Budget pressure everywhere {i}.")
        if i < THRESHOLD - 1:
            _code(scene, iv, theme, analyst)
    html = generate(wave_data(scene.wave), "html", "").content.decode()
    assert f"Theme counts and quotes are not shown with fewer than {THRESHOLD} coded answers" in html
    assert "Themes in answers to" not in html and "Budget pressure everywhere" not in html


def test_ordinary_words_that_are_also_council_names_stay_in_quotes():
    from msp.coding.analysis import CouncilNames

    names = CouncilNames({("Reading Borough Council", "Reading"): ["Reading Borough Council", "Reading"]})
    text = "We learnt a lot from Reading; reading the case notes together helped."
    assert names.redact(text, ("Ashvale Council", "Ashvale"), keep_own=True) == (
        "We learnt a lot from [a council]; reading the case notes together helped."
    )
