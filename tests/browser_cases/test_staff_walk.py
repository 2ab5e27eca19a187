"""A team manager walks one case from the front door to closure in Chromium; axe checks each page."""

import datetime

import pytest
from playwright.sync_api import expect

from msp.accounts.models import AuditEvent
from msp.cases.models import Concern, DesiredOutcome, Enquiry, Feedback, Person
from tests.browser_cases.conftest import (
    assert_accessible,
    choose,
    error_messages,
    fill_date,
    follow,
    local_ago,
    submit,
)
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def record_person(page) -> None:
    follow(page, "Find a person")
    assert_accessible(page, "person-search")
    page.get_by_label("Name").fill("Tamsin Ellery")
    submit(page, "Search")
    expect(page.get_by_role("heading", name="No one found")).to_be_visible()
    assert_accessible(page, "person-search-none")

    follow(page, "Record a new person")
    assert_accessible(page, "person-new")
    submit(page, "Record person")
    assert error_messages(page) == ["Enter the person's given name", "Enter the person's family name"]
    assert_accessible(page, "person-new-errors")
    page.get_by_label("Given name").fill("Tamsin")
    page.get_by_label("Family name").fill("Ellery")
    fill_date(page, "date_of_birth", datetime.date(1941, 9, 3))
    choose(page, "gender", "female")
    page.get_by_label("Area (optional)").fill("Northfield")
    submit(page, "Record person")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tamsin Ellery")
    assert_accessible(page, "person")


def record_concern(page, received: datetime.datetime) -> None:
    follow(page, "Record a new concern")
    assert_accessible(page, "concern-new")
    # A first go with the facts missing: the GOV.UK error summary, and nothing typed is lost.
    page.get_by_label("Their name or organisation (optional)").fill("Larkspur Home Care (synthetic)")
    page.get_by_label("What does the person want to happen?").fill("To stop worrying about money.")
    page.locator("#id_outcome-0-own_words").fill("I want to feel safe when the carers come.")
    page.locator("#id_received_time").fill("")
    submit(page, "Record concern")
    assert error_messages(page) == [
        "Enter the time received",
        "Select who raised the concern",
        "Select at least one type of risk",
        "Select the location of risk",
        "Select the source of risk",
        "Describe what happened",
        "Say whether the person was asked about outcomes",
        "Select the kind of outcome",
    ]
    assert page.get_by_label("Their name or organisation (optional)").input_value() == (
        "Larkspur Home Care (synthetic)"
    )
    assert (
        page.locator("#id_outcome-0-own_words").input_value() == "I want to feel safe when the carers come."
    )
    assert_accessible(page, "concern-new-errors")

    fill_date(page, "received_on", received.date())
    page.locator("#id_received_time").fill(f"{received:%H:%M}")
    page.get_by_label("Who raised the concern").select_option("care_provider")
    choose(page, "risk_types", "neglect")
    choose(page, "risk_types", "financial")
    page.get_by_label("Location of risk").select_option("own_home")
    choose(page, "source_of_risk", "known")
    page.get_by_label("What happened").fill("Carers found no food in the flat and letters about unpaid rent.")
    page.get_by_label("How do they want to be involved?").fill("Visit me at home, with my daughter there.")
    choose(page, "outcomes_asked", "asked")
    choose(page, "said_by", "person")
    page.locator("#id_outcome-0-category").select_option("feel_safe")
    page.locator("#id_outcome-1-category").select_option("money_property")
    page.locator("#id_outcome-1-own_words").fill("Get my pension sorted out.")
    submit(page, "Record concern")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Concern {Concern.objects.get().reference}")


def decide_on_s42(page, concern: Concern, manager) -> None:
    expect(page.locator(".govuk-tag").first).to_have_text("Awaiting a decision")
    assert page.locator("ol.govuk-list--number li").all_inner_texts() == [
        "“I want to feel safe when the carers come.” To feel safe or safer",
        "“Get my pension sorted out.” To get money or belongings back",
    ]
    assert_accessible(page, "concern")
    choose(page, "decision-decision", "s42")
    submit(page, "Save decision")
    assert error_messages(page) == [
        "Say whether the person has care and support needs",
        "Say whether the person is experiencing, or at risk of, abuse or neglect",
        "Say whether, because of those needs, the person is unable to protect themselves",
    ]
    assert page.locator("input[name='decision-decision'][value='s42']").is_checked()
    assert_accessible(page, "decision-errors")
    for criterion in "abc":
        choose(page, f"decision-criterion_{criterion}", "yes")
    page.get_by_label("Lead worker (optional)").select_option(str(manager.pk))
    submit(page, "Save decision")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Section 42 enquiry {concern.reference}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Open")
    assert_accessible(page, "enquiry")


def record_contact_and_risk(page, first_contact: datetime.datetime) -> None:
    follow(page, "Change first contact with the person")
    assert_accessible(page, "enquiry-contact")
    fill_date(page, "first_contact_on", first_contact.date())
    page.get_by_label("Time of first contact").fill(f"{first_contact:%H:%M}")
    choose(page, "involvement", "home_visit")
    choose(page, "involvement", "phone")
    choose(page, "capacity", "had")
    submit(page, "Save")
    row = page.locator(".govuk-summary-list__row", has_text="Spoken to within 24 hours")
    expect(row.locator("dd").first).to_have_text("Yes")
    row = page.locator(".govuk-summary-list__row", has_text="How they were involved")
    expect(row.locator("dd").first).to_have_text("Home visit, By phone")

    follow(page, "Change action taken and result")
    choose(page, "risk_result", "identified_action")
    choose(page, "risk_outcome", "reduced")
    submit(page, "Save")
    row = page.locator(".govuk-summary-list__row", has_text="Risk outcome")
    expect(row.locator("dd").first).to_have_text("Risk reduced")


def review_outcomes(page) -> None:
    follow(page, "Change or withdraw outcome 2")
    assert_accessible(page, "outcome-change")
    page.locator("#id_change-own_words").fill("Get my pension paid into my own bank account.")
    submit(page, "Save the change")
    assert error_messages(page) == ["Say why the outcome changed"]
    assert (
        page.locator("#id_change-own_words").input_value() == "Get my pension paid into my own bank account."
    )
    assert_accessible(page, "outcome-change-errors")
    page.locator("#id_change-reason").fill(
        "On the home visit she said the problem is her nephew holding her card."
    )
    submit(page, "Save the change")

    follow(page, "Add an outcome")
    assert_accessible(page, "outcome-add")
    page.get_by_label("Kind of outcome").select_option("support")
    page.get_by_label("In the person's own words").fill("Someone to help me with the shopping each week.")
    page.get_by_label("Why, and what the person said").fill("Came up at the second visit.")
    submit(page, "Add outcome")
    cards = page.locator(".govuk-summary-card")
    expect(cards).to_have_count(3)
    expect(cards.nth(1)).to_contain_text("Get my pension paid into my own bank account.")
    cards.nth(1).locator(".govuk-details__summary").click()
    expect(cards.nth(1).locator(".govuk-details__text")).to_contain_text("her nephew holding her card")
    expect(cards.nth(2)).to_contain_text("First said during the enquiry.")
    assert_accessible(page, "enquiry-reviewed")


PROMPT_ERRORS = [
    "Say whether the outcome 'Someone to help me with the shopping each week.' was fully, partially"
    " or not achieved",
    "To close without meeting these prompts, give a reason; it is kept on the record",
]


def close_with_feedback(page, outcomes: list[DesiredOutcome]) -> list[str]:
    follow(page, "Close the enquiry")
    assert_accessible(page, "close")
    choose(page, f"close-outcome_{outcomes[0].pk}", "fully")
    choose(page, f"close-outcome_{outcomes[1].pk}", "partially")
    choose(page, "feedback-respondent", "person")
    for question, answer in [
        ("listened_to", "yes"),
        ("treated_with_respect", "yes"),
        ("kept_informed", "partly"),
        ("feels_safer", "yes"),
        ("made_difference", "yes"),
    ]:
        choose(page, f"feedback-{question}", answer)
    page.get_by_label("What they said, in their words (optional)").fill("I can sleep at night again.")
    # The third outcome is left unrated: the council's mandatory prompt stops the closure.
    submit(page, "Close the enquiry")
    messages = error_messages(page)
    assert sorted(messages) == sorted(PROMPT_ERRORS)  # the order is checked at the end of the test
    expect(page.locator(f"#id_close-outcome_{outcomes[2].pk}-error")).to_be_visible()
    assert page.locator("input[name='feedback-kept_informed'][value='partly']").is_checked()
    assert page.get_by_label("What they said, in their words (optional)").input_value() == (
        "I can sleep at night again."
    )
    assert Enquiry.objects.get().closed_at is None
    assert_accessible(page, "close-prompt-errors")

    page.get_by_role("link", name=PROMPT_ERRORS[0]).click()
    choose(page, f"close-outcome_{outcomes[2].pk}", "not")
    submit(page, "Close the enquiry")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Closed")
    assert_accessible(page, "enquiry-closed")
    return messages


def test_a_team_manager_takes_a_concern_through_an_enquiry_to_closure(page, live_server, manager):
    sign_in(page, live_server, "meg")
    page.goto(f"{live_server.url}/cases/")
    assert_accessible(page, "queues-empty")
    record_person(page)
    received = local_ago(hours=3)
    record_concern(page, received)
    concern = Concern.objects.get()
    decide_on_s42(page, concern, manager)
    record_contact_and_risk(page, received + datetime.timedelta(hours=2))
    review_outcomes(page)
    prompt_errors = close_with_feedback(page, list(concern.outcomes.order_by("id")))

    # What the page says.
    ratings = page.locator(".govuk-summary-card__title .govuk-tag").all_inner_texts()
    assert ratings == ["Fully achieved", "Partially achieved", "Not achieved"]
    feedback_row = page.locator(".govuk-summary-list__row", has_text="Kept informed")
    expect(feedback_row.locator("dd")).to_have_text("Partly")

    # What the record says.
    person = Person.objects.get()
    assert (person.given_name, person.family_name, person.date_of_birth) == (
        "Tamsin",
        "Ellery",
        datetime.date(1941, 9, 3),
    )
    concern.refresh_from_db()
    assert concern.council == manager.council
    assert concern.received_at == received
    assert (concern.decision, concern.criterion_a, concern.criterion_b, concern.criterion_c) == (
        "s42",
        True,
        True,
        True,
    )
    assert concern.status == "closed"
    enquiry = concern.enquiry
    assert enquiry.lead_worker == manager
    assert enquiry.closed_at is not None and enquiry.closed_by == manager
    assert enquiry.closure_override_reason == ""
    assert enquiry.first_contact_at == received + datetime.timedelta(hours=2)
    assert sorted(enquiry.involvement_codes) == ["home_visit", "phone"]
    assert enquiry.capacity == "had"
    outcomes = list(concern.outcomes.order_by("id"))
    assert [(o.category.code, o.stage, o.status, o.achievement) for o in outcomes] == [
        ("feel_safe", "concern", "active", "fully"),
        ("money_property", "concern", "active", "partially"),
        ("support", "enquiry", "active", "not"),
    ]
    change = outcomes[1].changes.get(kind="changed")
    assert change.changes["own_words"] == [
        "Get my pension sorted out.",
        "Get my pension paid into my own bank account.",
    ]
    assert "nephew" in change.reason and change.by == manager
    assert outcomes[2].changes.filter(kind="added", stage="enquiry").exists()
    assert all(o.changes.filter(kind="rated").exists() for o in outcomes)
    feedback = Feedback.objects.get(enquiry=enquiry)
    assert (feedback.method, feedback.respondent) == ("at_closure", "person")
    assert [
        feedback.listened_to,
        feedback.treated_with_respect,
        feedback.kept_informed,
        feedback.feels_safer,
        feedback.made_difference,
    ] == ["yes", "yes", "partly", "yes", "yes"]
    assert feedback.comments == "I can sleep at night again."

    # Every view and change of the person and the case is in the audit log, under this manager and council.
    events = AuditEvent.objects.filter(user=manager)
    assert set(events.values_list("council", flat=True)) == {manager.council_id}
    logged = set(events.values_list("action", "object_type"))
    assert {
        ("search", "cases.Person"),
        ("create", "cases.Person"),
        ("view", "cases.Person"),
        ("create", "cases.Concern"),
        ("view", "cases.Concern"),
        ("change", "cases.Concern"),
        ("view", "cases.Enquiry"),
        ("change", "cases.Enquiry"),
    } <= logged
    outcome_events = events.filter(object_type="cases.DesiredOutcome")
    assert outcome_events.filter(action="create", object_id=str(outcomes[2].pk)).exists()
    assert (
        outcome_events.filter(action="change", object_id=str(outcomes[1].pk)).count() >= 2
    )  # changed, rated
    assert events.filter(action="view", object_type="cases.Enquiry", object_id=str(enquiry.pk)).count() >= 5

    # Known problem (reported): GOV.UK lists errors in page order, but the closure page's summary puts the
    # override reason (last on the page) before the unrated outcome (first). Checked last so the walk runs.
    assert prompt_errors == PROMPT_ERRORS, "closure error summary is not in page order"
