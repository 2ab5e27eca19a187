"""A partner's alert reaches the council's queue; the manager decides on it and an enquiry opens."""

import datetime

import pytest
from playwright.sync_api import expect

from msp.cases.models import Concern
from tests.browser_cases.conftest import (
    assert_accessible,
    choose,
    error_messages,
    fill_date,
    follow,
    submit,
)
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ALERT_URL = "/report-a-concern/"
OUTCOMES = [
    ("stop_harm", "I want my grandson to stop taking my pension."),
    ("stay_home", "I want to stay in my bungalow."),
]


def send_alert(page, live_server, council) -> str:
    """Page by page: each page first left blank (its own errors, nothing about later pages), then answered."""
    page.goto(live_server.url + ALERT_URL)
    assert_accessible(page, "alert-start")
    submit(page, "Start now")  # a link drawn as a start button
    page.get_by_label("Which council area did it happen in?").fill(council.short_name)
    submit(page, "Search")
    messages = []

    def blank_then(answer) -> None:
        submit(page, "Continue")
        messages.extend(error_messages(page))
        answer()
        submit(page, "Continue")

    blank_then(lambda: page.get_by_label(council.short_name, exact=True).check())

    def about_you():
        assert_accessible(page, "alert-form-errors")
        page.get_by_label("Acute hospital").check()
        page.get_by_label("Your full name").fill("Rosa Achterberg")
        page.get_by_label("Your organisation (optional)").fill("St Elwyn's Hospital (synthetic)")
        page.get_by_label("Your phone number").fill("01632 960 456")

    def the_person():
        page.get_by_label("Their first name").fill("Wilfred")
        page.get_by_label("Their last name").fill("Ashdown")
        fill_date(page, "date_of_birth", datetime.date(1939, 7, 22))

    def what_happened():
        page.get_by_label("Financial or material").check()
        page.get_by_label("Own home").check()
        page.get_by_label("What happened?").fill(
            "On admission he said his grandson keeps his bank card and he has no money for food."
        )

    blank_then(about_you)
    blank_then(the_person)
    blank_then(lambda: page.get_by_label("Yes, and they agree to it").check())
    blank_then(what_happened)
    assert messages == [
        "Select the council area where it happened",
        "Select the option that best describes you",
        "Enter your full name",
        "Enter a phone number or an email address",
        "Enter the person's first name",
        "Enter the person's last name, or write 'not known'",
        "Enter their date of birth, or their approximate age",
        "Select whether the person knows you are reporting this",
        "Select at least one kind of abuse or neglect",
        "Select where it happened",
        "Describe what happened",
    ]

    page.get_by_label("The person told me").check()
    page.get_by_label("What do they want to happen?").fill("For his grandson to stop, without the police.")
    page.get_by_label("How do they want to be involved?").fill("Talk to him on the ward before he goes home.")
    for row, (category, words) in enumerate(OUTCOMES):
        page.locator(f"#id_outcome-{row}-category").select_option(category)
        page.locator(f"#id_outcome-{row}-own_words").fill(words)
    submit(page, "Continue")
    assert_accessible(page, "alert-check-answers")
    submit(page, "Send report")
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    reference = page.locator("#reference").inner_text().strip()
    assert_accessible(page, "alert-sent")
    return reference


def test_an_alert_reaches_the_queue_and_becomes_a_section_42_enquiry(page, live_server, council, manager):
    reference = send_alert(page, live_server, council)
    concern = Concern.objects.get(reference=reference)
    assert (concern.council, concern.channel, concern.created_by) == (council, "alert", None)

    sign_in(page, live_server, "meg")
    page.goto(f"{live_server.url}/cases/")
    awaiting = page.locator("#awaiting + p + table")
    row = awaiting.locator("tr", has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("Wilfred Ashdown")
    assert_accessible(page, "queues")

    follow(page, reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Concern {reference}")
    arrived = page.locator(".govuk-summary-list__row", has=page.locator("dt").get_by_text("How it arrived"))
    expect(arrived.locator("dd")).to_have_text("Partner alert form")
    assert page.locator("ol.govuk-list--number li").all_inner_texts() == [
        "“I want my grandson to stop taking my pension.” The abuse or neglect to stop",
        "“I want to stay in my bungalow.” To stay where I live",
    ]
    assert_accessible(page, "concern-from-alert")

    for criterion in "abc":
        choose(page, f"decision-criterion_{criterion}", "yes")
    choose(page, "decision-decision", "s42")
    submit(page, "Save decision")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Section 42 enquiry {reference}")
    cards = page.locator(".govuk-summary-card")
    expect(cards).to_have_count(2)
    for index, (_, words) in enumerate(OUTCOMES):
        expect(cards.nth(index)).to_contain_text(words)
        expect(cards.nth(index)).to_contain_text("First said at the concern.")
    assert_accessible(page, "enquiry-from-alert")

    follow(page, "Reviewed with the person, no change")
    page.get_by_label("Note (optional)").fill("Went through both with him on the ward; nothing to change.")
    submit(page, "Record review")
    last_reviewed = page.locator(
        ".govuk-summary-list__row", has=page.locator("dt").get_by_text("Outcomes last reviewed")
    )
    expect(last_reviewed.locator("dd")).not_to_have_text("Not since the enquiry started")

    concern.refresh_from_db()
    assert (concern.status, concern.decision) == ("in_enquiry", "s42")
    assert [(o.category.code, o.own_words, o.stage) for o in concern.outcomes.order_by("id")] == [
        (code, words, "concern") for code, words in OUTCOMES
    ]
    assert concern.enquiry.outcomes_reviewed_at is not None
    assert all(o.changes.filter(kind="reviewed").exists() for o in concern.outcomes.all())
