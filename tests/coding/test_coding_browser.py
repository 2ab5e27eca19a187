"""An analyst codes answers in a real browser; the coding, codebook and results pages pass axe."""

import pytest
from django.conf import settings
from django.test import Client

from msp.coding.models import CodedAnswer, Coding
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_by_session(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def save(page) -> None:
    with page.expect_navigation():
        page.click("button:has-text('Save and next')")


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], violations


def test_an_analyst_confirms_suggestions_and_reads_the_results(page, live_server, analyst, scene):
    cuts = scene.theme("Staff and resource cuts", "cut\nresource", position=1)
    scene.theme("Partners", "police", position=2)
    for n, text in enumerate(["Budget cuts bite.", "The police lag behind.", "Nothing stands out."]):
        scene.interview(scene.council(f"Town{n}"), blockages=text)
    sign_in_by_session(page, live_server, analyst)
    base = f"{live_server.url}/coding/2016/blockages/"

    page.goto(base + "codebook/")
    assert_accessible(page)
    page.goto(base + "code/")
    assert page.locator("mark").first.inner_text() == "cuts"
    assert page.get_by_label("Staff and resource cuts").is_checked()
    assert_accessible(page)
    save(page)
    assert "Answer 2 of 3" in page.content()
    assert page.get_by_label("Partners").is_checked()
    # Ticking "No theme applies" clears the themes (GOV.UK exclusive checkbox).
    page.get_by_label("No theme applies").check()
    assert not page.get_by_label("Partners").is_checked()
    save(page)
    assert "Answer 3 of 3" in page.content()
    save(page)  # nothing ticked: an error, nothing saved
    assert "There is a problem" in page.content()
    assert_accessible(page)
    page.get_by_label("No theme applies").check()
    save(page)
    assert page.url.endswith("/coding/2016/blockages/")

    assert CodedAnswer.objects.count() == 3
    assert list(Coding.objects.values_list("theme", flat=True)) == [cuts.pk]
    page.goto(base + "results/")
    assert "Keyword suggestions, not confirmed" in page.content()
    assert_accessible(page)
