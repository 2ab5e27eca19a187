"""Case pages in Chromium: follow-up questions revealed by their answer (and all shown without JavaScript),
the success banner after a save, closure prompts that lead to their fix, and the lead's audit trail."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from msp.accounts.models import AuditEvent, Role
from msp.cases import services
from msp.cases.models import Concern
from tests.browser_cases.conftest import assert_accessible, choose, error_messages, make_concern, submit
from tests.conftest import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _enquiry(council, manager):
    concern = make_concern(council, manager)
    services.concern_decide(
        concern=concern,
        user=manager,
        expected_revision=concern.revision,
        decision="s42",
        criterion_a=True,
        criterion_b=True,
        criterion_c=True,
    )
    return Concern.objects.get(pk=concern.pk).enquiry


def test_the_decision_reveals_only_the_follow_ups_of_the_chosen_answer(page, live_server, council, manager):
    concern = make_concern(council, manager)
    sign_in(page, live_server, "meg")
    page.goto(f"{live_server.url}/cases/concerns/{concern.pk}/")
    instead = page.locator("#id_decision-no_enquiry_outcome_0")
    other_reason = page.locator("#id_decision-reason_other")
    expect(instead).to_be_hidden()
    expect(other_reason).to_be_hidden()

    choose(page, "decision-decision", "none")
    expect(instead).to_be_visible()
    expect(page.locator("#id_decision-reason_none")).to_be_visible()
    expect(page.locator("#id_decision-decision_2")).to_have_attribute("aria-expanded", "true")
    assert_accessible(page, "decision-reveal-none")

    choose(page, "decision-decision", "other")
    expect(instead).to_be_hidden()
    expect(other_reason).to_be_visible()
    expect(page.get_by_text("Needed for an other enquiry", exact=False)).to_be_visible()

    # What was typed under an answer no longer chosen does not count.
    choose(page, "decision-decision", "none")
    choose(page, "decision-no_enquiry_outcome", "signposted")
    choose(page, "decision-decision", "other")
    other_reason.fill("A pattern of falls the care home has not explained.")
    for criterion, answer in (("a", "yes"), ("b", "yes"), ("c", "no")):
        choose(page, f"decision-criterion_{criterion}", answer)
    submit(page, "Save decision")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Decision saved: Other safeguarding enquiry"
    )
    concern.refresh_from_db()
    assert (concern.decision, concern.no_enquiry_outcome) == ("other", "")
    assert concern.decision_reason == "A pattern of falls the care home has not explained."


def test_without_javascript_every_follow_up_shows(browser, live_server, council, manager):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    try:
        concern = make_concern(council, manager)
        enquiry = _enquiry(council, manager)
        sign_in(page, live_server, "meg")
        page.goto(f"{live_server.url}/cases/concerns/{concern.pk}/")
        for box in ("#id_decision-reason_s42", "#id_decision-reason_other", "#id_decision-reason_none"):
            expect(page.locator(box)).to_be_visible()
        expect(page.locator("#id_decision-no_enquiry_outcome_0")).to_be_visible()
        page.goto(f"{live_server.url}/cases/enquiries/{enquiry.pk}/contact/")
        expect(page.locator("#id_capacity_support_0")).to_be_visible()
        page.goto(f"{live_server.url}/cases/enquiries/{enquiry.pk}/risk/")
        expect(page.locator("#id_risk_outcome_0")).to_be_visible()
        # And a form still saves: the follow-up of the answer chosen is kept.
        page.check("input[name='risk_result'][value='identified_action']")
        page.check("input[name='risk_outcome'][value='reduced']")
        with page.expect_navigation():
            page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Risk assessment saved")
        enquiry.refresh_from_db()
        assert (enquiry.risk_result, enquiry.risk_outcome) == ("identified_action", "reduced")
    finally:
        context.close()


def test_capacity_support_and_risk_outcome_open_under_their_answers(page, live_server, council, manager):
    enquiry = _enquiry(council, manager)
    sign_in(page, live_server, "meg")
    page.goto(f"{live_server.url}/cases/enquiries/{enquiry.pk}/contact/")
    support = page.locator("#id_capacity_support_0")
    expect(support).to_be_hidden()
    choose(page, "capacity", "lacked")
    expect(support).to_be_visible()
    assert_accessible(page, "contact-capacity-reveal")
    page.locator("#id_first_contact_on_day").fill(str(timezone.localdate().day))
    page.locator("#id_first_contact_on_month").fill(str(timezone.localdate().month))
    page.locator("#id_first_contact_on_year").fill(str(timezone.localdate().year))
    page.get_by_label("Time of first contact").fill("25.30pm")
    submit(page, "Save")
    assert error_messages(page) == ["Enter a real time, for example 9:30am or 14:30"]
    expect(support).to_be_visible()  # the chosen answer's follow-up stays open after an error
    assert_accessible(page, "contact-time-error")

    page.goto(f"{live_server.url}/cases/enquiries/{enquiry.pk}/risk/")
    outcome = page.locator("#id_risk_outcome_0")
    expect(outcome).to_be_hidden()
    choose(page, "risk_result", "identified_action")
    expect(outcome).to_be_visible()
    choose(page, "risk_result", "none_no_action")
    expect(outcome).to_be_hidden()


def test_a_save_shows_a_success_banner_that_is_announced(page, live_server, council, manager):
    enquiry = _enquiry(council, manager)
    sign_in(page, live_server, "meg")
    page.goto(f"{live_server.url}/cases/enquiries/{enquiry.pk}/contact/")
    choose(page, "capacity", "had")
    submit(page, "Save")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text("Contact, involvement and capacity saved")
    expect(banner).to_be_focused()  # govuk-frontend moves focus to a success banner, so it is read out
    assert_accessible(page, "success-banner")
    page.reload()
    expect(banner).to_have_count(0)


def test_each_prompt_before_closing_leads_to_where_it_is_put_right(page, live_server, council, manager):
    enquiry = _enquiry(council, manager)
    sign_in(page, live_server, "meg")
    page.goto(f"{live_server.url}/cases/enquiries/{enquiry.pk}/")
    box = page.locator(".govuk-inset-text", has_text="Before this enquiry can close")
    assert_accessible(page, "enquiry-prompts-linked")
    with page.expect_navigation():
        box.get_by_role("link", name="Record the risk assessment result").click()
    assert page.url.endswith(f"/cases/enquiries/{enquiry.pk}/risk/#id_risk_result_0")
    page.go_back()
    with page.expect_navigation():
        box.get_by_role(
            "link", name="Record whether the person lacked capacity for the enquiry's decisions"
        ).click()
    assert page.url.endswith("/contact/#id_capacity_0")
    page.go_back()
    with page.expect_navigation():
        box.get_by_role("link", name="Someone to chat to now and then", exact=False).click()
    assert "/close/#id_close-outcome_" in page.url
    expect(page.get_by_text("Either will do.", exact=False)).to_be_visible()
    expect(page.locator("#id_close-override_reason-hint")).to_contain_text("a reason here will do instead")
    assert_accessible(page, "close-either-will-do")


def test_the_lead_reads_the_audit_trail_and_a_practitioner_cannot(page, live_server, council, manager):
    lead = make_user("lee", Role.SAFEGUARDING_LEAD, council, last_name="Harrow")
    make_user("pat", Role.PRACTITIONER, council, last_name="Okafor")
    enquiry = _enquiry(council, manager)
    sign_in(page, live_server, "lee")
    page.goto(f"{live_server.url}/cases/")
    with page.expect_navigation():
        page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    page.reload()  # the first reading is on the trail, newest first, at the next look
    expect(page.locator("tbody tr").first).to_contain_text("Audit trail, page 1")
    page.get_by_label("Who").select_option(label="Meg Lindqvist (meg)")
    submit(page, "Filter")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("Meg Lindqvist")
    assert all("Ruth" not in text and "Lee" not in text for text in rows.all_inner_texts())
    expect(page.get_by_role("link", name="Download these", exact=False)).to_be_visible()
    assert_accessible(page, "audit-trail")
    assert AuditEvent.objects.filter(user=lead, object_type="accounts.AuditEvent", action="view").count() == 3
    assert enquiry.concern.person_id in set(AuditEvent.objects.values_list("person_id", flat=True))

    page.context.clear_cookies()
    sign_in(page, live_server, "pat")
    response = page.goto(f"{live_server.url}/cases/audit/")
    assert response.status == 403
