"""A partner reports a concern in Chromium: question pages, mistakes corrected, check answers, sent; axe finds
nothing on any page."""

import os
from pathlib import Path

import pytest

from msp.cases.models import Concern
from tests.cases_alert.conftest import ALERT_URL, make_council
from tests.conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(os.environ.get("MSP_SHOTS", "/tmp/msp-shots"))


def look(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"alert-{name}.png"), full_page=True)


def assert_accessible(page, name: str) -> None:
    look(page, name)
    assert axe_violations(page) == [], name


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def find_council(page, typed: str, name: str) -> None:
    page.get_by_label("Which council area did it happen in?").fill(typed)
    press(page, "Search")
    page.get_by_label(name, exact=True).check()


def about_you(page) -> None:
    page.get_by_label("Mental health trust").check()
    page.get_by_label("Your full name").fill("Sam Oduya")
    page.get_by_label("Your organisation (optional)").fill("Riverside Community Mental Health Team")
    page.get_by_label("Your phone number").fill("01632 960 123")


def the_person(page, nhs_number: str) -> None:
    page.get_by_label("Their first name").fill("Arthur")
    page.get_by_label("Their last name").fill("Penhallow")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("1947")
    page.get_by_label("Their NHS number (optional)").fill(nhs_number)


def what_happened(page, text: str) -> None:
    page.get_by_label("Neglect and acts of omission").check()
    page.get_by_label("Self-neglect").check()
    page.get_by_label("Own home").check()
    page.get_by_label("What happened?").fill(text)


def test_a_partner_reports_a_concern_page_by_page_after_correcting_mistakes(page, live_server):
    council = make_council("E06999911", "Ashbourne Vale")
    page.goto(live_server.url + ALERT_URL)
    assert page.get_by_role("heading", level=1).inner_text() == "Report a safeguarding concern about an adult"
    assert_accessible(page, "0-start")
    page.get_by_role("button", name="Start now").click()

    # Council: typed, searched, chosen from what was found.
    assert page.get_by_role("button", name="Continue").count() == 0  # nothing to choose from before a search
    find_council(page, "ashbourne", "Ashbourne Vale")
    assert_accessible(page, "1-council")
    press(page, "Continue")

    # About you; the honeypot is out of reach of assistive technology.
    assert page.get_by_role("textbox", name="Leave this field empty").count() == 0
    about_you(page)
    assert_accessible(page, "2-about-you")
    press(page, "Continue")

    the_person(page, "123 456 7890")  # fails the check digit
    page.get_by_label("Their first name").press("Enter")  # Enter continues, as it should
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error: ")
    assert summary.locator("a").all_inner_texts() == [
        "Enter a valid NHS number: 10 digits, for example 943 476 5919"
    ]
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")  # focus moved
    assert page.get_by_label("Their last name").input_value() == "Penhallow"  # everything typed is kept
    assert_accessible(page, "3-the-person-errors")
    summary.get_by_role("link").click()
    page.get_by_label("Their NHS number (optional)").fill("943 476 5919")
    press(page, "Continue")

    page.get_by_label("No, they do not know").check()
    assert_accessible(page, "4-telling-them")
    press(page, "Continue")

    what_happened(page, "")
    press(page, "Continue")
    assert page.locator(".govuk-error-summary").locator("a").all_inner_texts() == ["Describe what happened"]
    page.get_by_label("What happened?").fill(
        "He has not eaten properly for a week and the heating has been off. He says he is managing."
    )
    assert_accessible(page, "5-what-happened")
    press(page, "Continue")

    page.get_by_label("The person told me").check()
    page.get_by_label("What do they want to happen?").fill("To have help at home so he can stay there.")
    page.locator("#id_outcome-0-category").select_option("stay_home")
    page.locator("#id_outcome-0-own_words").fill("I am not leaving my house.")
    page.locator("#id_outcome-1-own_words").fill("Someone to help me with shopping.")  # no kind chosen
    assert page.locator("#id_outcome-3-category").count() == 0
    press(page, "Add another outcome")
    assert "#" not in page.url  # no fragment to push a later error summary off screen
    assert page.evaluate("document.activeElement.id") == "id_outcome-3-category"
    assert page.locator("#id_outcome-0-own_words").input_value() == "I am not leaving my house."
    page.locator("#id_outcome-3-category").select_option("support")
    page.locator("#id_outcome-3-own_words").fill("A worker who knows me.")
    press(page, "Continue")
    summary = page.locator(".govuk-error-summary")
    assert summary.locator("a").all_inner_texts() == ["Select what kind of outcome it is"]
    assert page.evaluate("window.scrollY") == 0 and "#" not in page.url  # the summary is in view
    assert_accessible(page, "6-what-they-want-errors")
    page.locator("#id_outcome-1-category").select_option("support")
    press(page, "Continue")

    # Check answers; Change goes to the question and comes back.
    page.wait_for_url("**/check/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers before sending")
    assert_accessible(page, "7-check-answers")
    page.get_by_role("link", name="Change your full name").click()
    assert page.get_by_role("link", name="Back to check your answers").is_visible()
    page.get_by_label("Your full name").fill("Samira Oduya")
    press(page, "Save and return to check your answers")
    page.wait_for_url("**/check/")
    assert page.get_by_text("Samira Oduya").is_visible()
    assert not Concern.objects.exists()  # nothing sent until "Send report"
    press(page, "Send report")

    panel = page.locator(".govuk-panel--confirmation")
    assert panel.is_visible()
    assert "#" not in page.url
    concern = Concern.objects.get()
    assert page.locator("#reference").inner_text() == concern.reference
    assert concern.council == council
    assert concern.referrer_name.startswith("Samira Oduya")
    assert [o.own_words for o in concern.outcomes.order_by("id")] == [
        "I am not leaving my house.",
        "Someone to help me with shopping.",
        "A worker who knows me.",
    ]
    assert_accessible(page, "8-sent")


def test_the_council_is_found_by_name_or_short_form_without_javascript(browser, live_server):
    # The councils are the reference data's, with their former names and short forms.
    context = browser.new_context(java_script_enabled=False, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + ALERT_URL + "council/")
    find_council(page, "N Yorks", "North Yorkshire")
    assert page.get_by_label("Hertfordshire").count() == 0
    press(page, "Continue")
    page.wait_for_url("**/about-you/")
    page.goto(live_server.url + ALERT_URL + "council/")
    assert page.get_by_label("North Yorkshire").is_checked()  # the choice is remembered
    page.get_by_label("Which council area did it happen in?").fill("Hertfordshre")  # a near miss
    press(page, "Search")
    assert page.get_by_label("Hertfordshire").is_visible()
    page.get_by_label("Which council area did it happen in?").fill("Atlantis")
    press(page, "Search")
    assert page.get_by_text("No council areas match ‘Atlantis’").is_visible()
    context.close()


def test_with_javascript_the_councils_found_follow_what_is_typed(page, live_server):
    page.goto(live_server.url + ALERT_URL + "council/")
    page.get_by_label("Which council area did it happen in?").type("herts", delay=20)  # no Search pressed
    page.get_by_label("Hertfordshire").wait_for()
    assert page.get_by_text("1 council area found").count() == 1  # said to screen readers
    assert "q=" not in page.url  # the page itself was not reloaded
    page.get_by_label("Hertfordshire").check()
    assert_accessible(page, "1-council-as-you-type")
    press(page, "Continue")
    page.wait_for_url("**/about-you/")


def test_over_the_limit_the_page_says_so_politely_and_keeps_the_answers(page, live_server, settings):
    settings.MSP_ALERT_RATE = "0/10m"  # the very first report is over the limit
    make_council("E06999912", "Brackenford")
    page.goto(live_server.url + ALERT_URL + "council/")
    find_council(page, "Brackenford", "Brackenford")
    press(page, "Continue")
    about_you(page)
    press(page, "Continue")
    the_person(page, "")
    press(page, "Continue")
    page.get_by_label("I do not know", exact=True).check()
    press(page, "Continue")
    what_happened(page, "Bruises on both arms that he will not talk about.")
    press(page, "Continue")
    press(page, "Continue")
    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if r.request.method == "POST" else None)
    press(page, "Send report")
    assert response_status == [429]
    assert page.get_by_role("alert").filter(has_text="Your report has not been sent yet").is_visible()
    assert page.get_by_text("Bruises on both arms").is_visible()
    assert not Concern.objects.exists()
    assert_accessible(page, "limited")
