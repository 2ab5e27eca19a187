"""The coding pages through the Django test client: access, codebook editing, coding, quotes and results."""

import re

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent, Role
from msp.coding import results, services
from msp.coding.models import CodedAnswer, Coding, Quote, Theme
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(scene):
    return {
        "cuts": scene.theme("Staff and resource cuts", "cut\nresource", position=1),
        "partners": scene.theme("Partners", "police", position=2),
    }


@pytest.fixture
def answers(scene):
    first = scene.interview(scene.council("Alderby"), blockages="Budget cuts have hit us hard.")
    second = scene.interview(scene.council("Brindle"), blockages="The police are not on board.")
    third = scene.interview(scene.council("Cobham"), blockages="Hard to say.")
    return [scene.answer(i) for i in (first, second, third)]


@pytest.fixture
def practitioner(scene):
    return make_user("pat", Role.PRACTITIONER, council=scene.council("Patchley"))


def url(name, *args, wave="2016", question="blockages"):
    return (
        reverse(f"coding:{name}", args=[wave, question, *args])
        if name != "index"
        else reverse("coding:index")
    )


# --- Access -------------------------------------------------------------------------------------------------

CODER_PAGES = ["index", "question", "codebook", "code_start", "results"]
EDITOR_PAGES = ["theme_add"]


@pytest.mark.parametrize("page", CODER_PAGES)
def test_coders_see_the_coding_pages(client, analyst, interviewer, superuser, answers, book, page):
    for user in (analyst, interviewer, superuser):
        client.force_login(user)
        response = client.get(url(page), follow=True)
        assert response.status_code == 200, (user, page)
        # Not the sign-in page: a coding page, reached directly or by its own redirect.
        assert response.resolver_match.namespace == "coding", (user, page, response.redirect_chain)


@pytest.mark.parametrize("page", CODER_PAGES + EDITOR_PAGES)
def test_practitioners_are_refused_and_strangers_sent_to_sign_in(client, practitioner, page):
    assert client.get(url(page)).url.startswith(reverse("login"))
    client.force_login(practitioner)
    assert client.get(url(page)).status_code == 403


def test_only_analysts_edit_the_codebook_and_choose_quotes(client, analyst, interviewer, book):
    theme = book["cuts"]
    pages = [url("theme_add"), url("theme_edit", theme.pk), url("quotes", theme.pk)]
    client.force_login(interviewer)
    for page in pages:
        assert client.get(page).status_code == 403
    assert client.post(url("theme_move", theme.pk), {"direction": "down"}).status_code == 403
    assert client.post(url("theme_delete", theme.pk)).status_code == 403
    client.force_login(analyst)
    for page in pages:
        assert client.get(page).status_code == 200


def test_the_answer_page_is_for_coders_only(client, interviewer, practitioner, answers):
    page = url("code_answer", answers[0].pk)
    assert client.get(page).url.startswith(reverse("login"))
    client.force_login(practitioner)
    assert client.get(page).status_code == 403
    client.force_login(interviewer)
    assert client.get(page).status_code == 200


def test_bad_ids_are_not_found(client, analyst, scene, answers, book):
    other_theme = scene.theme("Outcomes", "outcome", question_code="msp_meaning")
    draft = scene.interview(scene.council("Drafton"), status="draft", blockages="Cuts.")
    client.force_login(analyst)
    for page in [
        url("question", wave="1999"),
        url("question", question="nonsense"),
        url("question", question="strategy_fit"),  # a closed question has nothing to code
        url("results", wave="2014-15"),
        url("theme_edit", 999999),
        url("theme_edit", other_theme.pk),
        url("quotes", other_theme.pk),
        url("code_answer", 999999),
        url("code_answer", scene.answer(draft).pk),
        url("code_answer", answers[0].pk, question="msp_meaning"),
    ]:
        assert client.get(page).status_code == 404, page
    assert client.post(url("theme_move", 999999), {"direction": "up"}).status_code == 404


def test_changes_need_a_post(client, analyst, book):
    client.force_login(analyst)
    assert client.get(url("theme_move", book["cuts"].pk)).status_code == 405
    assert client.get(url("theme_delete", book["cuts"].pk)).status_code == 405


# --- Codebook editor ----------------------------------------------------------------------------------------


def test_an_analyst_adds_a_theme(client, analyst, scene, book):
    client.force_login(analyst)
    response = client.post(
        url("theme_add"),
        {"name": "Turnover", "description": "People leave.", "keywords": "turnover\nleaving"},
    )
    assert response.status_code == 302 and response.url == url("codebook")
    theme = Theme.objects.get(name="Turnover")
    assert (theme.position, theme.keyword_list) == (3, ["turnover", "leaving"])
    assert AuditEvent.objects.filter(object_type="coding.Theme", action="create").exists()


def test_a_theme_form_with_errors_keeps_what_was_typed(client, analyst, book):
    client.force_login(analyst)
    response = client.post(
        url("theme_add"),
        {
            "name": "partners",
            "description": "Typed description",
            "keywords": "health partner\nGP surgery\n???",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "There is already a theme called" in html
    assert "has no letters or numbers" in html
    assert 'href="#id_name"' in html
    assert "Typed description" in html and "GP surgery" in html and 'value="partners"' in html
    assert Theme.objects.count() == 2


def test_an_analyst_edits_moves_and_deletes_themes(client, analyst, book, answers):
    client.force_login(analyst)
    response = client.post(url("theme_edit", book["cuts"].pk), {"name": "Cuts", "keywords": "cut"})
    assert response.status_code == 302
    assert Theme.objects.get(pk=book["cuts"].pk).name == "Cuts"
    client.post(url("theme_move", book["partners"].pk), {"direction": "up"})
    assert [t.name for t in Theme.objects.order_by("position")] == ["Partners", "Cuts"]
    services.answer_code(answer=answers[0], coder=analyst, themes=[book["cuts"]])
    response = client.post(url("theme_delete", book["cuts"].pk), follow=True)
    assert "cannot be deleted" in response.content.decode()
    client.post(url("theme_delete", book["partners"].pk))
    assert list(Theme.objects.values_list("name", flat=True)) == ["Cuts"]


def test_the_codebook_is_read_only_for_interviewers(client, interviewer, book):
    client.force_login(interviewer)
    html = client.get(url("codebook")).content.decode()
    assert "Staff and resource cuts" in html and "cut, resource" in html
    assert "Add a theme" not in html and "Move down" not in html


# --- Coding an answer ---------------------------------------------------------------------------------------


def _checked(html: str) -> set[str]:
    """The values of the ticked checkboxes: theme ids, and 'none' for no theme."""
    return set(re.findall(r'name="themes" type="checkbox" value="(\w+)" checked', html))


def test_coding_starts_at_the_first_uncoded_answer(client, analyst, answers, book):
    client.force_login(analyst)
    assert client.get(url("code_start")).url == url("code_answer", answers[0].pk)
    services.answer_code(answer=answers[0], coder=analyst, themes=[book["cuts"]])
    assert client.get(url("code_start")).url == url("code_answer", answers[1].pk)


def test_suggested_themes_are_ticked_and_labelled(client, analyst, answers, book):
    client.force_login(analyst)
    html = client.get(url("code_answer", answers[0].pk)).content.decode()
    assert _checked(html) == {str(book["cuts"].pk)}
    assert "Suggested" in html and "Keywords found: cut" in html
    assert "<mark>cuts</mark>" in html
    assert "Answer 1 of 3" in html
    assert _checked(client.get(url("code_answer", answers[2].pk)).content.decode()) == set()


def test_confirming_saves_and_goes_to_the_next_answer(client, analyst, answers, book):
    client.force_login(analyst)
    response = client.post(url("code_answer", answers[0].pk), {"themes": [str(book["cuts"].pk)]})
    assert response.url == url("code_answer", answers[1].pk)
    assert list(Coding.objects.values_list("theme__name", "coder__username")) == [
        ("Staff and resource cuts", "ana")
    ]


def test_a_person_can_change_the_suggestion(client, analyst, answers, book):
    client.force_login(analyst)
    client.post(url("code_answer", answers[0].pk), {"themes": [str(book["partners"].pk)]})
    assert list(Coding.objects.values_list("theme__name", flat=True)) == ["Partners"]
    # Coming back shows their coding, not the keyword suggestion.
    assert _checked(client.get(url("code_answer", answers[0].pk)).content.decode()) == {
        str(book["partners"].pk)
    }


def test_no_theme_is_saved_and_shown_again(client, analyst, answers, book):
    client.force_login(analyst)
    client.post(url("code_answer", answers[2].pk), {"themes": ["none"]})
    assert CodedAnswer.objects.filter(answer=answers[2], coder=analyst).exists()
    assert not Coding.objects.exists()
    assert _checked(client.get(url("code_answer", answers[2].pk)).content.decode()) == {"none"}


def test_saving_nothing_asks_for_a_choice_and_saves_nothing(client, analyst, answers, book):
    client.force_login(analyst)
    response = client.post(url("code_answer", answers[0].pk), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select the themes the answer mentions" in html and 'href="#id_themes_0"' in html
    both = client.post(url("code_answer", answers[0].pk), {"themes": [str(book["cuts"].pk), "none"]})
    assert "but not both" in both.content.decode()
    assert _checked(both.content.decode()) == {str(book["cuts"].pk), "none"}  # kept as posted
    assert not CodedAnswer.objects.exists()


def test_the_last_answer_coded_goes_back_to_the_question(client, analyst, answers, book):
    client.force_login(analyst)
    for answer in answers[:2]:
        services.answer_code(answer=answer, coder=analyst, themes=[book["cuts"]])
    response = client.post(url("code_answer", answers[2].pk), {"themes": ["none"]}, follow=True)
    assert response.redirect_chain[-1][0] == url("question")
    assert "You have coded every answer" in response.content.decode()


def test_only_analysts_see_which_council_answered(client, analyst, interviewer, answers):
    client.force_login(interviewer)
    for page in (url("code_answer", answers[0].pk), url("question")):
        assert "Alderby" not in client.get(page).content.decode()
    client.force_login(analyst)
    assert "Alderby Council" in client.get(url("code_answer", answers[0].pk)).content.decode()


def test_interviewers_may_code(client, interviewer, answers, book):
    client.force_login(interviewer)
    client.post(url("code_answer", answers[1].pk), {"themes": [str(book["partners"].pk)]})
    assert Coding.objects.get().coder == interviewer


# --- Results ------------------------------------------------------------------------------------------------


def _populate(scene, analyst, book):
    """Six councils in the North East (one named), three in London, all coded; quotes chosen for 'cuts'."""
    people = []
    for n in range(6):
        consent = n == 0
        name = "Namedham" if consent else f"Secretby{n}"
        council = scene.council(name, "North East")
        people.append(
            scene.interview(
                council,
                consent=consent,
                rating="B",
                blockages=f"{name} has seen cuts to resources, and the police lag.",
            )
        )
    for n in range(3):
        council = scene.council(f"Hushwick{n}", "London", "London borough")
        people.append(scene.interview(council, rating="E", blockages=f"Hushwick{n} lost resources to cuts."))
    for interview in people:
        services.answer_code(answer=scene.answer(interview), coder=analyst, themes=[book["cuts"]])
    services.quotes_choose(theme=book["cuts"], answer_ids=[scene.answer(i).pk for i in people], user=analyst)
    return people


def test_the_results_page_never_names_a_council_without_consent(client, analyst, interviewer, scene, book):
    _populate(scene, analyst, book)
    for user in (analyst, interviewer):
        client.force_login(user)
        html = client.get(url("results")).content.decode()
        assert "Namedham" in html
        assert "a council in North East" in html.replace("A council in", "a council in")
        for secret in ["Secretby", "Hushwick"]:
            assert secret not in html
    client.force_login(analyst)
    quotes_page = client.get(url("quotes", book["cuts"].pk)).content.decode()
    assert "Secretby" not in quotes_page and "Hushwick" not in quotes_page


def _row(html: str, label: str) -> str:
    match = re.search(r"<tr[^>]*>\s*<th[^>]*>" + re.escape(label) + r"</th>(.*?)</tr>", html, re.S)
    assert match, label
    return match.group(1)


def test_suppressed_groups_never_show_a_count(client, analyst, scene, book):
    _populate(scene, analyst, book)
    client.force_login(analyst)
    html = client.get(url("results")).content.decode()
    london = _row(html, "London")
    assert "Suppressed" in london and not re.search(r"\d", re.sub(r'colspan="\d+"', "", london))
    rating_e = _row(html, "E: Still developing and planning")
    assert "Suppressed" in rating_e and not re.search(r"\d", re.sub(r'colspan="\d+"', "", rating_e))
    # North East is suppressed as well, or London's figures would follow from the total.
    assert "Suppressed" in _row(html, "North East")


def test_the_results_page_shows_counts_suggestions_and_term_share(client, analyst, scene, book):
    _populate(scene, analyst, book)
    scene.interview(scene.council("Late"), blockages="Police again.")
    client.force_login(analyst)
    html = client.get(url("results")).content.decode()
    themes = _row(html, "Staff and resource cuts")
    assert ">9<" in themes and "100%" in themes  # 9 of 9 coded answers
    assert "Keyword suggestions, not confirmed" in html
    response = client.get(url("results"), {"term": "police", "variants": "constabulary"})
    share = _row(response.content.decode(), "police")
    assert "police, polices, constabulary, constabularies" in share
    assert ">7<" in share and ">10<" in share and "70%" in share


def test_meaning_results_count_outcome_and_social_work_by_default(client, analyst, scene):
    scene.interview(scene.council("M1"), msp_meaning="Outcomes the person wants.")
    scene.interview(scene.council("M2"), msp_meaning="Good social work.")
    client.force_login(analyst)
    html = client.get(url("results", question="msp_meaning")).content.decode()
    assert "50%" in _row(html, "outcome") and "50%" in _row(html, "social work")


def test_the_results_page_shows_kappa_with_the_answers_both_coded(
    client, analyst, interviewer, scene, book, answers
):
    for coder in (analyst, interviewer):
        services.answer_code(answer=answers[0], coder=coder, themes=[book["cuts"]])
        services.answer_code(answer=answers[1], coder=coder, themes=[book["partners"]])
    services.answer_code(answer=answers[2], coder=analyst, themes=[book["cuts"]])
    client.force_login(interviewer)
    html = client.get(url("results")).content.decode()
    cuts = _row(html.split('id="agreement"')[1], "Staff and resource cuts")
    assert "1.00" in cuts and ">2<" in cuts
    assert "over the 2 answers both coded" in html
    assert results.agreement("2016", "blockages")[0].kappa == 1.0


def test_an_analyst_chooses_quotes(client, analyst, scene, book):
    people = _populate(scene, analyst, book)
    Quote.objects.all().delete()
    client.force_login(analyst)
    chosen = scene.answer(people[1]).pk
    response = client.post(url("quotes", book["cuts"].pk), {"answers": [str(chosen)]})
    assert response.status_code == 302
    assert list(Quote.objects.values_list("answer_id", flat=True)) == [chosen]
    assert AuditEvent.objects.filter(object_type="coding.Theme", action="change").exists()
