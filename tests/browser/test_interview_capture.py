"""An interviewer captures a whole interview in a real browser; every page passes axe with no violations."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from msp.accounts.models import AuditEvent
from msp.tempcheck.models import Interview
from msp.tempcheck.services import interview_answers
from tests.conftest import axe_violations
from tests.tempcheck_capture.conftest import make_council, make_region

SHOTS = Path(os.environ.get("MSP_SHOTS", "/tmp/msp-shots"))

CLOSED = {
    "strategy_fit": "main",
    **{
        f"engagement__{row}": "fairly_well"
        for row in ("board", "corporate", "senior", "middle", "operational")
    },
    "involvement__police": "very",
    "involvement__sab": "fairly",
    "asked_outcomes": "yes",
    "measuring_difference": "partly",
    "changed_recording": "yes",
    "recording_progress": "about_halfway",
    "user_engagement": "existing_groups",
    "confidence_measuring": "reasonably",
    "staff_reaction": "fairly",
    "road_map_step": "5",
}
OPEN = {
    "msp_meaning": "Starting every enquiry by asking what the person wants to change.",
    "user_voice": "A quarterly panel of people who have been through an enquiry.",
    "strengths": "Front-door conversations in the community teams.",
    "blockages": "Turnover in the duty team.",
    "next_steps": "Train the remaining duty staff.",
    "single_thing": "A shared outcomes form across partners.",
    "programme_wishes": "Examples of outcome reporting from similar councils.",
    "coaching_notes": "Suggested contacting a neighbouring board about its panel.",
}


def sign_in_by_session(page, live_server, user) -> None:
    """Sign in without the sign-in form: a session made by Django's test client, handed to the browser.

    The form is covered by the accounts tests; going round it keeps this test about capture.
    """
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def look(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page, name: str) -> None:
    look(page, name)
    assert axe_violations(page) == [], name


def answer(page, codes) -> None:
    for name in codes:
        if name in CLOSED:
            page.check(f"input[name='{name}'][value='{CLOSED[name]}']")
        else:
            page.fill(f"#id_{name}", OPEN[name])


def save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_interviewer_captures_checks_and_submits_an_interview(live_server, page, interviewer):
    council = make_council("E06999951", "Browsershire", make_region("E12999951", "Test West"))
    sign_in_by_session(page, live_server, interviewer)

    page.goto(f"{live_server.url}/temperature-check/")
    page.get_by_role("link", name="MSP temperature check 2016").click()
    assert_accessible(page, "1-wave-overview")
    page.get_by_role("link", name="Start interview with Browsershire Council").click()

    # Interview details, saved as a draft first to land on the task list.
    page.fill("#id_interview_date_day", "12")
    page.fill("#id_interview_date_month", "5")
    page.fill("#id_interview_date_year", "2016")
    page.fill("#id_interviewer_name", "Robin Ashdown")
    page.check("#id_respondent_role_0")
    page.check("#id_consent_to_attribution_1")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url("**/interview/*/")
    assert_accessible(page, "2-task-list")

    # Checking too early lists what is missing, each linking to its section.
    page.get_by_role("button", name="Check answers and submit").click()
    page.get_by_role("button", name="Submit interview").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "2b-check-with-problems")
    page.get_by_role("link", name="Back to the task list").click()

    page.get_by_role("link", name="What MSP means").click()
    answer(page, ["msp_meaning"])
    save_and_continue(page)

    # Organisational commitment: first with a gap, to see the errors and that typed answers stay.
    answer(page, ["strategy_fit", "engagement__board"])
    save_and_continue(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.is_checked("input[name='strategy_fit'][value='main']")
    assert_accessible(page, "3-section-with-errors")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_engagement__corporate_0"
    answer(page, [n for n in CLOSED if n.startswith(("engagement__", "involvement__"))])
    save_and_continue(page)

    answer(
        page,
        [
            "asked_outcomes",
            "measuring_difference",
            "changed_recording",
            "recording_progress",
            "user_voice",
            "user_engagement",
        ],
    )
    save_and_continue(page)
    answer(page, ["confidence_measuring", "strengths", "blockages", "staff_reaction"])
    save_and_continue(page)
    answer(page, ["next_steps", "single_thing", "programme_wishes", "road_map_step", "coaching_notes"])
    look(page, "4-coaching")
    save_and_continue(page)

    # Rating: the two ratings side by side; differing without a reason is refused.
    assert page.locator(".govuk-grid-column-one-half").count() == 2
    page.check("input[name='achievement__self'][value='B']")
    page.check("input[name='achievement__interviewer'][value='D']")
    save_and_continue(page)
    assert page.get_by_text("Enter why the interviewer's rating differs").first.is_visible()
    assert_accessible(page, "5-rating-with-error")
    page.fill("#id_moderation_reason", "Roll-out has reached one of four teams so far.")
    save_and_continue(page)

    page.wait_for_url("**/check/")
    assert page.locator(".govuk-error-summary").count() == 0
    assert_accessible(page, "6-check-answers")
    # "Change" leads to the question and, once saved, straight back here; an optional row can be blanked.
    page.get_by_role("link", name="Change Police").click()
    assert page.get_by_role("link", name="Back to check answers").is_visible()
    page.check("input[name='involvement__police'][value='']")
    assert_accessible(page, "6a-change-from-check-answers")
    page.get_by_role("button", name="Save and return to check answers").click()
    page.wait_for_url("**/check/")  # no #fragment carried from the Change link
    police = page.locator(".govuk-summary-list__row").filter(has_text="Police")
    assert police.locator(".govuk-summary-list__value").inner_text() == "Not answered"
    page.get_by_role("link", name="Change Police").click()
    page.check("input[name='involvement__police'][value='very']")
    page.get_by_role("button", name="Save and return to check answers").click()
    page.wait_for_url("**/check/")
    assert police.locator(".govuk-summary-list__value").inner_text() == "Very involved"
    page.get_by_role("button", name="Submit interview").click()
    page.wait_for_url("**/submitted/")
    assert page.locator(".govuk-panel__title").inner_text() == "Interview submitted"
    assert_accessible(page, "7-confirmation")
    page.get_by_role("link", name="View the submitted interview").click()
    assert page.get_by_role("button", name="Reopen interview").is_visible()  # a link drawn as a button
    assert page.get_by_role("link", name=re.compile(r"^Change(?! your password)")).count() == 0
    assert_accessible(page, "8-submitted-read-only")

    interview = Interview.objects.get(wave__code="2016", council=council)
    assert interview.status == Interview.Status.SUBMITTED
    assert (interview.interviewer_name, interview.respondent_role, interview.consent_to_attribution) == (
        "Robin Ashdown",
        "head_of_safeguarding",
        False,
    )
    answers = interview_answers(interview)
    for name, value in {**CLOSED, **OPEN}.items():
        assert answers[name.replace("__", ".")] == value
    assert (answers["achievement.self"], answers["achievement.interviewer"]) == ("B", "D")
    assert answers["moderation_reason"].startswith("Roll-out")
    summaries = list(
        AuditEvent.objects.filter(object_type="tempcheck.Interview", object_id=str(interview.pk))
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert summaries[0] == "Started the interview"
    assert summaries[-1] == "Submitted the interview"

    # Reopening asks first; "No" leaves it submitted, "Yes" makes it a draft again.
    page.get_by_role("button", name="Reopen interview").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Reopen the interview with")
    assert_accessible(page, "9-reopen-confirmation")
    page.get_by_role("link", name="No, keep it submitted").click()
    assert Interview.objects.get(pk=interview.pk).status == Interview.Status.SUBMITTED
    page.get_by_role("button", name="Reopen interview").click()
    page.get_by_role("button", name="Yes, reopen the interview").click()
    page.wait_for_load_state()
    assert page.get_by_text("The interview has been reopened").is_visible()
    assert Interview.objects.get(pk=interview.pk).status == Interview.Status.DRAFT
