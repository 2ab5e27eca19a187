"""A partner fills the alert form in Chromium: mistakes first, then a complete report; axe finds nothing."""

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


def fill_with_mistakes(page, council) -> None:
    page.select_option("#id_council", council.gss_code)
    page.get_by_label("Mental health trust").check()
    page.get_by_label("Your full name").fill("Sam Oduya")
    page.get_by_label("Your organisation (optional)").fill("Riverside Community Mental Health Team")
    page.get_by_label("Your phone number").fill("01632 960 123")
    page.get_by_label("Their first name").fill("Arthur")
    page.get_by_label("Their last name").fill("Penhallow")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("1947")
    page.get_by_label("Their NHS number (optional)").fill("123 456 7890")  # fails the check digit
    page.get_by_label("No, they do not know").check()
    page.get_by_label("Neglect and acts of omission").check()
    page.get_by_label("Self-neglect").check()
    page.get_by_label("Own home").check()
    # "What happened?" is left empty on purpose.
    page.get_by_label("The person told me").check()
    page.get_by_label("What do they want to happen?").fill("To have help at home so he can stay there.")
    page.locator("#id_outcome-0-category").select_option("stay_home")
    page.locator("#id_outcome-0-own_words").fill("I am not leaving my house.")
    page.locator("#id_outcome-1-own_words").fill("Someone to help me with shopping.")  # no kind chosen


def test_a_partner_reports_a_concern_after_correcting_mistakes(page, live_server):
    council = make_council("E06999911", "Ashbourne Vale")
    page.goto(live_server.url + ALERT_URL)
    assert page.get_by_role("heading", level=1).inner_text() == "Report a safeguarding concern about an adult"
    # The honeypot is out of reach of assistive technology.
    assert page.get_by_role("textbox", name="Leave this field empty").count() == 0
    assert_accessible(page, "form")

    fill_with_mistakes(page, council)
    page.get_by_label("Your full name").press("Enter")  # sends the report, as Enter should
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_outcome-3-category").count() == 0
    page.get_by_role("button", name="Add another outcome").click()
    page.wait_for_load_state()
    assert page.locator("#id_outcome-3-category").is_visible()
    assert page.locator("#id_outcome-0-own_words").input_value() == "I am not leaving my house."
    page.locator("#id_outcome-3-category").select_option("support")
    page.locator("#id_outcome-3-own_words").fill("A worker who knows me.")

    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error: ")
    messages = summary.locator("a").all_inner_texts()
    assert messages == [
        "Enter a valid NHS number: 10 digits, for example 943 476 5919",
        "Describe what happened",
        "Select what kind of outcome it is",
    ]
    # Everything typed is still there.
    assert page.get_by_label("Your full name").input_value() == "Sam Oduya"
    assert page.get_by_label("Self-neglect").is_checked()
    assert page.get_by_label("No, they do not know").is_checked()
    assert page.locator("#id_outcome-3-own_words").input_value() == "A worker who knows me."
    assert not Concern.objects.exists()
    assert_accessible(page, "errors")

    summary.get_by_role("link", name="Describe what happened").click()
    page.get_by_label("What happened?").fill(
        "He has not eaten properly for a week and the heating has been off. He says he is managing."
    )
    page.get_by_label("Their NHS number (optional)").fill("943 476 5919")
    page.locator("#id_outcome-1-category").select_option("support")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()

    panel = page.locator(".govuk-panel--confirmation")
    assert panel.is_visible()
    concern = Concern.objects.get()
    assert page.locator("#reference").inner_text() == concern.reference
    assert concern.council == council
    assert [o.own_words for o in concern.outcomes.order_by("id")] == [
        "I am not leaving my house.",
        "Someone to help me with shopping.",
        "A worker who knows me.",
    ]
    assert_accessible(page, "sent")


def test_over_the_limit_the_page_says_so_politely_and_keeps_the_answers(page, live_server, settings):
    settings.MSP_ALERT_RATE = "0/10m"  # the very first report is over the limit
    council = make_council("E06999912", "Brackenford")
    page.goto(live_server.url + ALERT_URL)
    fill_with_mistakes(page, council)
    page.get_by_label("Their NHS number (optional)").fill("")
    page.get_by_label("What happened?").fill("Bruises on both arms that he will not talk about.")
    page.locator("#id_outcome-1-category").select_option("support")
    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if r.request.method == "POST" else None)
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    assert response_status == [429]
    assert page.get_by_role("alert").filter(has_text="Your report has not been sent yet").is_visible()
    assert page.get_by_label("What happened?").input_value().startswith("Bruises on both arms")
    assert not Concern.objects.exists()
    assert_accessible(page, "limited")
