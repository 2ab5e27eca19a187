"""Pure calculations on open answers: term share, suggestions, kappa, quotes, attribution, suppression."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msp.coding.analysis import (
    ANONYMOUS,
    CouncilNames,
    CouncilRef,
    RegionCount,
    attribute_quote,
    cohen_kappa,
    highlight,
    parse_keywords,
    plural,
    rank_quotes,
    singular,
    suggest_themes,
    term_share,
    term_variants,
)
from msp.core.stats import percent, suppressed_groups

# --- Term share ---------------------------------------------------------------------------------------------


def test_a_term_counts_with_its_plural_as_whole_words_in_any_case():
    answers = [
        "We ask what Outcomes people want.",
        "It is outcome-focused.",
        "The OUTCOME matters.",
        "Nothing about results here.",
        "Outcomesque is not a word we use.",
    ]
    assert term_share(answers, "outcome") == (3, 5, 60)


def test_the_base_leaves_out_blank_answers():
    assert term_share(["outcome", "", "   ", "process"], "outcome") == (1, 2, 50)


def test_no_answers_give_no_percentage():
    assert term_share([], "outcome") == (0, 0, None)
    assert term_share(["", " "], "outcome") == (0, 0, None)


def test_a_phrase_matches_across_spaces_and_hyphens_but_not_inside_longer_words():
    answers = ["Good social work.", "Social-work values.", "Social  work again", "Our social workers agree."]
    assert term_share(answers, "social work")[0] == 3
    # "social worker" is a different word: it counts only when given as a variant.
    assert term_share(answers, "social work", ["social worker"])[0] == 4


def test_a_plural_term_also_finds_its_singular():
    assert term_variants("outcomes") == ["outcomes", "outcome"]
    assert term_share(["one outcome", "two outcomes"], "outcomes")[0] == 2


@pytest.mark.parametrize(
    ("word", "plural_form"),
    [
        ("outcome", "outcomes"),
        ("policy", "policies"),
        ("day", "days"),
        ("box", "boxes"),
        ("process", "processes"),
    ],
)
def test_regular_plurals_and_back(word, plural_form):
    assert plural(word) == plural_form
    assert singular(plural_form) == word


def test_a_plural_ending_in_is_is_made_but_not_undone():
    # "crises" could be crise + s as well as crisis; explicit variants cover such words.
    assert plural("crisis") == "crises"


def test_words_that_are_not_plurals_have_no_singular():
    assert singular("process") is None
    assert singular("status") is None


def test_percentages_round_half_up_from_counts():
    assert percent(1, 8) == 13  # 12.5
    assert percent(18, 115) == 16  # 15.65, printed 15 in the report's Table 5
    assert percent(0, 0) is None


def test_a_blank_term_is_used_by_no_answer():
    assert term_share(["anything"], "   ") == (0, 1, 0)


# --- Suggestions --------------------------------------------------------------------------------------------

BOOK = {
    1: ["cut", "resource"],
    2: ["front door", "referral"],
    3: ["risk averse"],
}


def test_suggestions_find_keywords_and_phrases_as_whole_words_in_codebook_order():
    assert suggest_themes("Referrals keep rising and CUTS bite.", BOOK) == [1, 2]
    assert suggest_themes("Staff are Risk-Averse.", BOOK) == [3]
    assert suggest_themes("The front  door team.", BOOK) == [2]


def test_suggestions_do_not_match_inside_other_words():
    assert suggest_themes("A shortcut through the doorway", BOOK) == []
    assert suggest_themes("", BOOK) == []


def test_keywords_are_one_per_line_without_blanks_or_repeats():
    assert parse_keywords(" cut \n\nresource\nCut\n  front   door ") == ["cut", "resource", "front door"]


def test_highlight_marks_the_keywords_and_keeps_the_text():
    pieces = highlight("Cuts and more cuts.", ["cut"])
    assert pieces == [("Cuts", True), (" and more ", False), ("cuts", True), (".", False)]
    assert "".join(p for p, _ in pieces) == "Cuts and more cuts."


# --- Representative quotes ----------------------------------------------------------------------------------


def test_quotes_are_ranked_by_window_then_keyword_hits_then_shortest():
    candidates = [
        (1, "Cuts."),  # too short for the window
        (2, "Budget cuts have left us with too few resources to do this well."),  # two keywords
        (3, "Cuts to the budget have slowed everything, including training for staff."),  # one keyword
        (4, "Cuts have hurt us and that is all there is to say on it."),  # one keyword, shorter than 3
        (5, "x" * 400 + " cut"),  # too long
    ]
    assert rank_quotes(candidates, ["cut", "resource"], limit=5) == [2, 4, 3, 1, 5]
    assert rank_quotes(candidates, ["cut", "resource"], limit=2) == [2, 4]


def test_the_same_words_are_quoted_once():
    candidates = [
        (1, "Cuts hurt us badly this year."),
        (2, "cuts hurt us  badly this year."),
        (3, "Cuts bite hard."),
    ]
    assert rank_quotes(candidates, ["cut"], window=(0, 100)) == [3, 1]


# --- Cohen's kappa ------------------------------------------------------------------------------------------


def _codings(both: int, a_only: int, b_only: int, neither: int) -> tuple[list[bool], list[bool]]:
    a = [True] * both + [True] * a_only + [False] * b_only + [False] * neither
    b = [True] * both + [False] * a_only + [True] * b_only + [False] * neither
    return a, b


def test_kappa_matches_the_textbook_worked_example():
    # The worked example in Wikipedia's "Cohen's kappa" article: 50 grant proposals read by two readers,
    # 20 both yes, 5 A only, 10 B only, 15 both no: p_o = 0.7, p_e = 0.5 x 0.6 + 0.5 x 0.4 = 0.5, kappa = 0.4.
    assert cohen_kappa(*_codings(20, 5, 10, 15)) == pytest.approx(0.4)


def test_the_same_raw_agreement_can_give_different_kappas():
    # The same article's pair of tables, both with 60% agreement: kappa 0.06/0.46 and 0.14/0.54.
    assert cohen_kappa(*_codings(45, 15, 25, 15)) == pytest.approx(0.1304, abs=1e-4)
    assert cohen_kappa(*_codings(25, 35, 5, 35)) == pytest.approx(0.2593, abs=1e-4)


def test_kappa_is_not_calculable_without_variation_or_answers():
    assert cohen_kappa([], []) is None
    assert cohen_kappa([False] * 6, [False] * 6) is None
    assert cohen_kappa([True] * 6, [True] * 6) is None


def test_kappa_is_zero_when_one_coder_never_varies():
    assert cohen_kappa([False] * 4, [True, False, False, False]) == pytest.approx(0.0)


def test_kappa_is_minus_one_for_complete_disagreement_on_a_balanced_theme():
    assert cohen_kappa([True, False, True, False], [False, True, False, True]) == pytest.approx(-1.0)


def test_kappa_needs_the_same_answers():
    with pytest.raises(ValueError, match="same answers"):
        cohen_kappa([True], [True, False])


codings = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=60)


@given(codings)
def test_kappa_is_symmetric_and_at_most_one(pairs):
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    kappa = cohen_kappa(a, b)
    assert kappa == cohen_kappa(b, a)
    if kappa is not None:
        assert -1.0 - 1e-9 <= kappa <= 1.0 + 1e-9


@given(st.lists(st.booleans(), min_size=2, max_size=60).filter(lambda xs: len(set(xs)) == 2))
def test_identical_varied_codings_agree_perfectly(codes):
    assert cohen_kappa(codes, list(codes)) == pytest.approx(1.0)


# --- Attribution --------------------------------------------------------------------------------------------

COUNCIL = CouncilRef(name="Quillshire", region="North East", council_type="Unitary authority")
ENOUGH = {"North East": RegionCount(interviewed=8, answering={"Unitary authority": 3, "County council": 1})}


def test_a_council_that_consented_is_named():
    assert attribute_quote(COUNCIL, True, ENOUGH, threshold=5) == "Quillshire"
    assert attribute_quote(COUNCIL, "yes", ENOUGH, threshold=5) == "Quillshire"


@pytest.mark.parametrize("consent", [False, None, "no", "", "maybe"])
def test_without_an_explicit_yes_only_the_region_is_given(consent):
    assert attribute_quote(COUNCIL, consent, ENOUGH, threshold=5) == "a council in North East"


def test_a_region_with_few_councils_interviewed_is_not_named():
    few = {"North East": RegionCount(interviewed=4, answering={"Unitary authority": 3})}
    assert attribute_quote(COUNCIL, False, few, threshold=5) == ANONYMOUS


def test_the_only_council_of_its_type_answering_in_a_region_is_not_placed_there():
    county = CouncilRef(name="Brackenshire", region="North East", council_type="County council")
    assert attribute_quote(county, False, ENOUGH, threshold=5) == ANONYMOUS


def test_an_unknown_region_is_not_named():
    assert attribute_quote(CouncilRef("Quillshire", None, "Unitary authority"), False, ENOUGH) == ANONYMOUS
    assert attribute_quote(CouncilRef("Quillshire", "London", "London borough"), False, ENOUGH) == ANONYMOUS


def test_the_threshold_defaults_to_the_suppression_setting(settings):
    settings.MSP_SUPPRESSION_THRESHOLD = 9
    assert attribute_quote(COUNCIL, False, ENOUGH) == ANONYMOUS
    settings.MSP_SUPPRESSION_THRESHOLD = 8
    assert attribute_quote(COUNCIL, False, ENOUGH) == "a council in North East"


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=12).map(str.title)


@given(
    name=names,
    consent=st.sampled_from([True, False, None, "yes", "no", ""]),
    interviewed=st.integers(0, 20),
    same_type=st.integers(0, 5),
    threshold=st.integers(1, 10),
)
def test_no_attribution_names_a_council_without_consent(name, consent, interviewed, same_type, threshold):
    council = CouncilRef(name=name, region="Region", council_type="T")
    counts = {"Region": RegionCount(interviewed=interviewed, answering={"T": same_type})}
    attribution = attribute_quote(council, consent, counts, threshold=threshold)
    if consent in (True, "yes"):
        assert attribution == name
    else:
        assert name not in attribution
        assert attribution in (ANONYMOUS, "a council in Region")


def test_a_quote_loses_its_own_councils_name():
    text = "In Quillshire we changed. quillshire's teams and Quillshire Council agree; Quillshires aren't."
    own = ("Quillshire Council", "Quillshire")
    assert CouncilNames({own: own}).redact(text, own, keep_own=False) == (
        "In [the council] we changed. [the council]'s teams and [the council] agree; Quillshires aren't."
    )


# --- Suppression --------------------------------------------------------------------------------------------


def test_small_groups_are_suppressed():
    assert suppressed_groups({"A": 10, "B": 3, "C": 4, "D": 12}, 5) == {"B", "C"}


def test_a_lone_small_group_takes_the_next_smallest_with_it():
    # Otherwise B's figures could be worked out from the total less the shown groups.
    assert suppressed_groups({"A": 10, "B": 3, "C": 7, "D": 12}, 5) == {"B", "C"}


def test_an_empty_group_reveals_nothing_so_needs_no_partner():
    # The one rule in msp.core.stats: nobody is identified by a group of none, so it is not hidden either.
    assert suppressed_groups({"A": 10, "B": 0, "C": 7}, 5) == set()
    assert suppressed_groups({"A": 10, "C": 7}, 5) == set()
