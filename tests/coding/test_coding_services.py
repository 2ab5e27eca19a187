"""Codebooks, coding, counts, breakdowns, quotes and agreement from the database, through the service API."""

import pytest
from django.core.exceptions import ValidationError

from msp.accounts.models import AuditEvent
from msp.coding import results, selectors, services
from msp.coding.models import CodedAnswer, Coding, Quote, Theme
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(scene):
    return {
        "cuts": scene.theme("Staff and resource cuts", "cut\nresource", position=1),
        "partners": scene.theme("Partners", "police\nhealth partner", position=2),
        "systems": scene.theme("Recording systems", "recording system", position=3),
    }


# --- Codebook -----------------------------------------------------------------------------------------------


def test_a_new_theme_goes_last_with_tidy_keywords_and_is_audited(scene, analyst, book):
    theme = services.theme_create(
        wave=scene.wave,
        question_code="blockages",
        name=" Turnover ",
        keywords="turnover\n\n leaving \nTurnover",
        user=analyst,
    )
    assert (theme.name, theme.position, theme.keywords) == ("Turnover", 4, "turnover\nleaving")
    event = AuditEvent.objects.get(object_type="coding.Theme", object_id=str(theme.pk))
    assert event.action == "create" and event.user == analyst


def test_changing_a_theme_records_what_changed(analyst, book):
    services.theme_update(theme=book["cuts"], name="Cuts", keywords="cut", user=analyst)
    event = AuditEvent.objects.filter(action="change").get()
    assert event.changes["name"] == ["Staff and resource cuts", "Cuts"]
    assert event.changes["keywords"] == ["cut\nresource", "cut"]


def test_themes_move_up_and_down(scene, analyst, book):
    services.theme_move(theme=book["systems"], direction="up", user=analyst)
    assert [t.name for t in selectors.codebook(scene.wave, "blockages")] == [
        "Staff and resource cuts",
        "Recording systems",
        "Partners",
    ]
    services.theme_move(theme=book["cuts"], direction="up", user=analyst)  # already first: nothing moves
    services.theme_move(theme=book["cuts"], direction="down", user=analyst)
    assert [t.position for t in selectors.codebook(scene.wave, "blockages")] == [1, 2, 3]
    assert selectors.codebook(scene.wave, "blockages")[0].name == "Recording systems"


def test_a_theme_used_in_coding_cannot_be_deleted(scene, analyst, book):
    interview = scene.interview(scene.council("Alderby"), blockages="Cuts everywhere.")
    services.answer_code(answer=scene.answer(interview), coder=analyst, themes=[book["cuts"]])
    with pytest.raises(services.ThemeInUseError):
        services.theme_delete(theme=book["cuts"], user=analyst)
    services.theme_delete(theme=book["systems"], user=analyst)
    assert not Theme.objects.filter(name="Recording systems").exists()


# --- Coding -------------------------------------------------------------------------------------------------


def test_coding_replaces_the_persons_earlier_coding_and_is_audited(scene, analyst, book):
    answer = scene.answer(scene.interview(scene.council("Alderby"), blockages="Cuts and the police."))
    services.answer_code(answer=answer, coder=analyst, themes=[book["cuts"], book["partners"]])
    services.answer_code(answer=answer, coder=analyst, themes=[book["partners"]])
    assert list(Coding.objects.values_list("theme__name", flat=True)) == ["Partners"]
    assert CodedAnswer.objects.count() == 1
    events = AuditEvent.objects.filter(object_type="coding.CodedAnswer").order_by("id")
    assert [e.action for e in events] == ["create", "change"]
    assert events[1].changes["themes"] == [["Partners", "Staff and resource cuts"], ["Partners"]]
    assert events[1].council == answer.interview.council


def test_no_theme_is_coded_and_differs_from_not_yet_coded(scene, analyst, interviewer, book):
    answer = scene.answer(scene.interview(scene.council("Alderby"), blockages="Nothing in particular."))
    services.answer_code(answer=answer, coder=analyst, themes=[], no_theme=True)
    assert selectors.coder_state(answer, analyst) == (True, set())
    assert selectors.coder_state(answer, interviewer) == (False, set())
    assert not Coding.objects.exists()


def test_a_coding_needs_a_theme_or_no_theme_but_not_both(scene, analyst, book):
    answer = scene.answer(scene.interview(scene.council("Alderby"), blockages="Cuts."))
    with pytest.raises(ValidationError):
        services.answer_code(answer=answer, coder=analyst, themes=[])
    with pytest.raises(ValidationError):
        services.answer_code(answer=answer, coder=analyst, themes=[book["cuts"]], no_theme=True)


def test_a_theme_of_another_question_is_refused(scene, analyst, book):
    answer = scene.answer(scene.interview(scene.council("Alderby"), blockages="Cuts."))
    other = scene.theme("Outcomes", "outcome", question_code="msp_meaning")
    with pytest.raises(ValidationError, match="not a theme of this question"):
        services.answer_code(answer=answer, coder=analyst, themes=[other])


def test_only_submitted_answers_with_text_count(scene):
    scene.interview(scene.council("Alderby"), blockages="Cuts.")
    scene.interview(scene.council("Brindle"), blockages="   ")
    scene.interview(scene.council("Cobham"), status="draft", blockages="Cuts too.")
    assert [a.text for a in selectors.answers_queryset(scene.wave, "blockages")] == ["Cuts."]


def test_the_walk_goes_to_the_next_uncoded_answer_then_wraps():
    assert selectors.next_to_code([1, 2, 3, 4], {2}, after=1) == 3
    assert selectors.next_to_code([1, 2, 3, 4], {1, 2}, after=4) == 3
    assert selectors.next_to_code([1, 2, 3, 4], {1, 2, 3}, after=4) is None
    assert selectors.next_to_code([1, 2, 3], set()) == 1


# --- Theme counts -------------------------------------------------------------------------------------------


def _code_all(scene, coder, texts_and_themes, book):
    answers = []
    for n, (text, keys) in enumerate(texts_and_themes):
        answer = scene.answer(scene.interview(scene.council(f"Town{n}"), blockages=text))
        services.answer_code(answer=answer, coder=coder, themes=[book[k] for k in keys], no_theme=not keys)
        answers.append(answer)
    return answers


def test_theme_counts_use_coded_answers_as_the_base(scene, analyst, book):
    _code_all(
        scene, analyst, [("Cuts.", ["cuts"]), ("Cuts, police.", ["cuts", "partners"]), ("Hm.", [])], book
    )
    scene.interview(scene.council("Uncoded"), blockages="Cuts and resources.")
    by_name = {r.name: r for r in results.theme_summary(scene.wave, "blockages")}
    assert (by_name["Staff and resource cuts"].count, by_name["Staff and resource cuts"].base) == (2, 3)
    assert by_name["Staff and resource cuts"].percent == 67
    assert (by_name["Partners"].count, by_name["Recording systems"].count) == (1, 0)


def test_keyword_suggestions_are_counted_apart_over_every_answer(scene, analyst, book):
    _code_all(scene, analyst, [("Cuts.", [])], book)  # a person said no theme, despite the keyword
    scene.interview(scene.council("Uncoded"), blockages="Resources are short; the police too.")
    suggested = {r.name: r for r in results.theme_summary(scene.wave, "blockages", basis=results.SUGGESTED)}
    assert (suggested["Staff and resource cuts"].count, suggested["Staff and resource cuts"].base) == (2, 2)
    assert suggested["Partners"].count == 1
    coded = {r.name: r for r in results.theme_summary(scene.wave, "blockages")}
    assert coded["Staff and resource cuts"].count == 0


def test_the_latest_coding_of_an_answer_counts(scene, analyst, interviewer, book):
    [answer] = _code_all(scene, interviewer, [("Cuts and police.", ["cuts"])], book)
    services.answer_code(answer=answer, coder=analyst, themes=[book["partners"]])
    by_name = {r.name: r.count for r in results.theme_summary(scene.wave, "blockages")}
    assert by_name == {"Staff and resource cuts": 0, "Partners": 1, "Recording systems": 0}


# --- Breakdowns and suppression -----------------------------------------------------------------------------


def _region_scene(scene, analyst, book):
    for n in range(6):
        council = scene.council(f"North{n}", "North East")
        answer = scene.answer(scene.interview(council, rating="B", blockages="Cuts."))
        services.answer_code(answer=answer, coder=analyst, themes=[book["cuts"]])
    for n in range(7):
        council = scene.council(f"West{n}", "South West")
        answer = scene.answer(scene.interview(council, rating="E", blockages="Police."))
        services.answer_code(answer=answer, coder=analyst, themes=[book["partners"]])
    for n in range(3):
        council = scene.council(f"London{n}", "London", "London borough")
        answer = scene.answer(scene.interview(council, rating="A", blockages="Cuts."))
        services.answer_code(answer=answer, coder=analyst, themes=[book["cuts"]])


def test_small_regions_are_suppressed_with_no_count(scene, analyst, book):
    _region_scene(scene, analyst, book)
    breakdown = results.theme_breakdown(scene.wave, "blockages", "region")
    rows = {r.label: r for r in breakdown.rows}
    assert rows["London"].suppressed and rows["London"].base is None and rows["London"].cells == []
    # London alone would be found by subtraction, so the next smallest region is hidden as well.
    assert rows["North East"].suppressed and rows["North East"].base is None
    assert not rows["South West"].suppressed
    assert rows["South West"].base == 7
    assert rows["South West"].cells == [(0, 0), (7, 100), (0, 0)]


def test_ratings_are_broken_down_in_letter_order(scene, analyst, book):
    _region_scene(scene, analyst, book)
    breakdown = results.theme_breakdown(scene.wave, "blockages", "rating")
    assert [r.label for r in breakdown.rows] == [
        "A: Fully implemented",
        "B: Planning completed and rolling out",
        "E: Still developing and planning",
    ]
    assert [r.suppressed for r in breakdown.rows] == [True, True, False]


# --- Quotes -------------------------------------------------------------------------------------------------


def _quote_scene(scene, analyst, book):
    """North East: eight unitary councils answering; one county; London: two boroughs."""
    named = scene.council("Named", "North East")
    people = [scene.interview(named, consent=True, blockages="In Named the budget cuts hurt our resources.")]
    for n in range(7):
        council = scene.council(f"Hidden{n}", "North East")
        people.append(
            scene.interview(
                council,
                consent=[False, None][n % 2],
                blockages=f"Here in Hidden{n} the cuts have taken our resources away.",
            )
        )
    county = scene.council("Lonecounty", "North East", "County council")
    people.append(scene.interview(county, blockages="Lonecounty has lost resources to cuts this year."))
    for name in ("Bankside", "Cheapside"):
        people.append(
            scene.interview(
                scene.council(name, "London", "London borough"),
                blockages=f"{name} lost its resources to the cuts.",
            )
        )
    for interview in people:
        services.answer_code(answer=scene.answer(interview), coder=analyst, themes=[book["cuts"]])
    return people


NOT_CONSENTING = [
    "Hidden0",
    "Hidden1",
    "Hidden2",
    "Hidden3",
    "Hidden4",
    "Hidden5",
    "Hidden6",
    "Lonecounty",
    "Bankside",
    "Cheapside",
]


def test_no_quote_from_the_api_names_a_council_without_consent(scene, analyst, book):
    people = _quote_scene(scene, analyst, book)
    theme = book["cuts"]
    services.quotes_choose(theme=theme, answer_ids=[scene.answer(i).pk for i in people], user=analyst)
    [cuts] = [r for r in results.theme_summary(scene.wave, "blockages") if r.name == theme.name]
    assert len(cuts.quotes) == len(people)
    attributions = {q.attribution for q in cuts.quotes}
    assert attributions == {"Named", "a council in North East", "a council"}
    for quote in cuts.quotes:
        for name in NOT_CONSENTING:
            assert name not in quote.text and name not in quote.attribution
    assert any(q.text.startswith("In Named") and q.attribution == "Named" for q in cuts.quotes)
    by_text = {q.text: q.attribution for q in cuts.quotes}
    assert by_text["[the council] has lost resources to cuts this year."] == "a council"  # only county
    assert by_text["[the council] lost its resources to the cuts."] == "a council"  # London: too few


def test_no_quote_candidate_or_suggested_quote_names_a_council_without_consent(scene, analyst, book):
    _quote_scene(scene, analyst, book)
    for basis in (results.CODED, results.SUGGESTED):
        for result in results.theme_summary(scene.wave, "blockages", basis=basis, quotes_per_theme=20):
            for quote in result.quotes:
                assert not any(name in quote.text + quote.attribution for name in NOT_CONSENTING)
    for _, quote, _ in results.quote_candidates(scene.wave, "blockages", book["cuts"]):
        assert not any(name in quote.text + quote.attribution for name in NOT_CONSENTING)


def test_without_chosen_quotes_the_ranked_ones_are_used(scene, analyst, book):
    _quote_scene(scene, analyst, book)
    [cuts] = [
        r for r in results.theme_summary(scene.wave, "blockages") if r.name == "Staff and resource cuts"
    ]
    assert len(cuts.quotes) == 3 and not cuts.chosen
    services.quotes_choose(theme=book["cuts"], answer_ids=[], user=analyst)
    assert not Quote.objects.exists()


def test_a_regions_summary_keeps_its_own_answers_and_suppresses_a_small_base(scene, analyst, book):
    _region_scene(scene, analyst, book)
    west = {r.name: r for r in results.theme_summary(scene.wave, "blockages", region="South West")}
    assert (west["Partners"].count, west["Partners"].base, west["Partners"].percent) == (7, 7, 100)
    london = results.theme_summary(scene.wave, "blockages", region="London")
    assert all(r.suppressed and r.count is None and r.base is None and r.percent is None for r in london)
    cuts = next(r for r in london if r.name == "Staff and resource cuts")
    assert cuts.quotes == [] and not cuts.chosen  # how many there are would give the hidden count away


# --- Term share and agreement -------------------------------------------------------------------------------


def test_term_share_counts_every_answer_to_the_question(scene):
    scene.interview(scene.council("A1"), msp_meaning="Outcomes first.")
    scene.interview(scene.council("A2"), msp_meaning="Good social work.")
    scene.interview(scene.council("A3"), msp_meaning="The outcome the person wants, through social work.")
    scene.interview(scene.council("A4"), msp_meaning="Listening.")
    share = results.term_share_for("2016", "msp_meaning", "outcome")
    assert (share.count, share.base, share.percent, share.forms) == (2, 4, 50, ["outcome", "outcomes"])
    assert results.term_share_for(scene.wave, "msp_meaning", "social work").count == 2


def test_kappa_per_theme_from_two_coders(scene, analyst, interviewer, book):
    texts = ["Cuts.", "Cuts and police.", "Police.", "Systems.", "Cuts again.", "Nothing."]
    ana = [["cuts"], ["cuts", "partners"], ["partners"], ["systems"], ["cuts"], []]
    ivy = [["cuts"], ["cuts"], ["partners"], ["systems"], [], []]
    answers = _code_all(scene, analyst, list(zip(texts, ana, strict=True)), book)
    for answer, keys in zip(answers[:5], ivy, strict=False):  # the interviewer codes five of the six
        services.answer_code(
            answer=answer, coder=interviewer, themes=[book[k] for k in keys], no_theme=not keys
        )
    by_name = {r.name: r for r in results.agreement(scene.wave, "blockages")}
    cuts = by_name["Staff and resource cuts"]
    # Over the 5 shared answers: analyst cuts = T T F F T, interviewer = T T F F F.
    # p_o = 4/5; p_e = 3/5 x 2/5 + 2/5 x 3/5 = 12/25; kappa = (20/25 - 12/25) / (13/25) = 8/13.
    assert cuts.n == 5 and cuts.agreed == 4 and cuts.agreement_percent == 80
    assert cuts.kappa == pytest.approx(8 / 13)
    assert by_name["Recording systems"].kappa == pytest.approx(1.0)
    assert set(by_name["Partners"].coders) == {"Ana", "Ivy"}


def test_agreement_is_empty_until_two_people_code_the_same_answer(scene, analyst, interviewer, book):
    _code_all(scene, analyst, [("Cuts.", ["cuts"])], book)
    _code_all(scene, interviewer, [("Police.", ["partners"])], book)
    assert results.agreement(scene.wave, "blockages") == []


def test_agreement_uses_the_pair_with_most_answers_in_common():
    assert results.coder_pair({1: {1, 2}, 2: {2, 3}, 3: {1, 2, 3}}) == (1, 3)
    assert results.coder_pair({1: {1}, 2: {2}}) is None


def test_a_third_coder_does_not_confuse_the_pair(scene, analyst, interviewer, book):
    other = make_user("otto", "interviewer")
    answers = _code_all(scene, analyst, [("Cuts.", ["cuts"]), ("Police.", ["partners"])], book)
    services.answer_code(answer=answers[0], coder=interviewer, themes=[book["cuts"]])
    services.answer_code(answer=answers[1], coder=interviewer, themes=[book["partners"]])
    services.answer_code(answer=answers[0], coder=other, themes=[book["partners"]])
    assert {r.n for r in results.agreement(scene.wave, "blockages")} == {2}
