"""The public alert form over HTTP: what it creates, where, what it refuses, and what it never reveals."""

import datetime
import re
import types

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases import services
from msp.cases.models import Concern, OutcomeCategory, Person
from msp.cases.scope import for_user
from tests.cases_alert.conftest import (
    ALERT_URL,
    CHECK_URL,
    DONE_URL,
    alert_data,
    answer_pages,
    send,
    step_url,
)

pytestmark = pytest.mark.django_db

NO_DATE_OF_BIRTH = {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""}


def html(response) -> str:
    return response.content.decode()


# --- Anyone can open it; it shows nothing that is stored ----------------------------------------------------


def test_anonymous_people_get_the_start_page_and_the_first_question(client, council):
    response = client.get(ALERT_URL)
    assert response.status_code == 200
    page = html(response)
    assert "Report a safeguarding concern about an adult" in page
    assert f'href="{step_url("council")}"' in page and "Start now" in page
    assert response["Cache-Control"].startswith("max-age=0")
    response = client.get(step_url("council") + "?q=Ashbourne")
    page = html(response)
    assert f'value="{council.gss_code}"' in page and ">Ashbourne Vale</label>" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "govuk-error-summary" not in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_offers_only_councils_that_exist_today(client, council, ended_council):
    assert council.gss_code in html(client.get(step_url("council") + "?q=Ashbourne"))
    page = html(client.get(step_url("council") + "?q=Old+Dunmere"))
    assert ended_council.gss_code not in page
    assert "No council areas match ‘Old Dunmere’" in page
    response = send(client, alert_data(ended_council))
    assert response.status_code == 200
    assert "Enter the name of the council area, then select it" in html(response)
    assert not Concern.objects.exists()


def test_the_form_shows_no_stored_people_cases_or_council_lists(client, council, practitioner):
    person = services.person_create(
        council=council,
        user=practitioner,
        given_name="Ottoline",
        family_name="Zephyrwood",
        date_of_birth=datetime.date(1941, 2, 3),
        confirmed_not_duplicate=True,
    )
    concern = services.concern_create(
        council=council,
        person=person,
        user=practitioner,
        received_at=timezone.now(),
        referrer_type="police",
        referrer_name="PC Ingleby",
        what_happened="Synthetic case used to check the form reveals nothing.",
    )
    OutcomeCategory.objects.create(council=council, code="pets", label="To keep my dog with me")
    page = "".join(html(client.get(url)) for url, _ in answer_pages(alert_data(council)))
    page += html(client.get(step_url("council") + "?q=Ashbourne"))
    for secret in ("Ottoline", "Zephyrwood", "PC Ingleby", concern.reference, "To keep my dog with me"):
        assert secret not in page
    assert "The abuse or neglect to stop" in page  # the national outcome list is offered


def test_it_refuses_other_methods(client, council):
    assert client.put(ALERT_URL).status_code == 405
    assert client.post(DONE_URL).status_code == 405


def test_csrf_protection_stays_on(council):
    response = Client(enforce_csrf_checks=True).post(step_url("council"), {"council": council.gss_code})
    assert response.status_code == 403
    assert not Concern.objects.exists()


# --- A valid alert becomes one concern in the chosen council's queue ----------------------------------------


def test_a_valid_alert_creates_one_concern_in_the_chosen_council(client, council, other_council):
    before = timezone.now()
    response = send(client, alert_data(council))
    assert response.status_code == 302
    assert response["Location"] == DONE_URL

    concern = Concern.objects.get()
    assert concern.council == council
    assert concern.channel == "alert"
    assert concern.status == "awaiting_decision"
    assert concern.created_by is None
    assert before <= concern.received_at <= timezone.now()
    assert concern.referrer_type == "care_provider"
    assert concern.referrer_name == "Dee Harper (Northgate Lodge Care Home)"
    assert concern.referrer_contact == "01632 960 001 / dee.harper@example.com"
    assert sorted(concern.risk_type_codes) == ["financial", "psychological"]
    assert (concern.location, concern.source_of_risk) == ("own_home", "known")
    assert concern.what_happened == "A visitor has been taking her bank card and she is frightened to say no."
    assert (concern.person_aware, concern.person_aware_reason) == ("agrees", "")
    # The three questions, as said by the person
    assert concern.wants_to_happen == "For the visits to stop and to keep her flat."
    assert concern.involvement_wishes.startswith("Wants her niece with her")
    assert concern.said_by == "person"
    assert concern.outcomes_asked == "asked"
    outcomes = list(concern.outcomes.select_related("category").order_by("id"))
    assert [(o.category.code, o.own_words, o.stage, o.status) for o in outcomes] == [
        ("stop_harm", "I want him to stop coming round.", "concern", "active"),
        ("money_property", "I want my money back.", "concern", "active"),
    ]
    assert all(o.council == council and o.created_by is None for o in outcomes)

    person = concern.person
    assert person.council == council
    assert (person.given_name, person.family_name, person.known_as) == ("Marnie", "Quillfeather", "Marn")
    assert person.date_of_birth == datetime.date(1938, 5, 14)
    assert person.nhs_number == "9434765919"
    assert person.address == "Flat 2, 17 Example Row, Ashbourne Vale"
    assert person.approximate_age is None
    assert person.created_by is None
    assert not Concern.objects.filter(council=other_council).exists()


def test_the_alert_is_audited_as_created_by_nobody(client, council):
    send(client, alert_data(council), REMOTE_ADDR="192.0.2.10")
    concern = Concern.objects.get()
    event = AuditEvent.objects.get(
        object_type="cases.Concern", object_id=str(concern.pk), action="create", summary__startswith="Concern"
    )
    assert event.user is None
    assert event.council == council
    assert event.ip_address == "192.0.2.10"


def test_another_council_sees_nothing_of_it(client, council, practitioner, outsider):
    send(client, alert_data(council))
    assert for_user(Concern.objects.all(), practitioner).count() == 1
    assert for_user(Person.objects.all(), practitioner).count() == 1
    assert not for_user(Concern.objects.all(), outsider).exists()
    assert not for_user(Person.objects.all(), outsider).exists()
    client.force_login(outsider)
    concern = Concern.objects.get()
    assert client.get(reverse("cases:concern", args=[concern.pk])).status_code == 404


def test_a_referrer_view_of_the_outcomes_leaves_asked_for_the_council(client, council):
    send(client, alert_data(council, said_by="referrer"))
    concern = Concern.objects.get()
    assert concern.said_by == "referrer"
    assert concern.outcomes_asked == ""
    assert concern.outcomes.count() == 2


def test_an_approximate_age_instead_of_a_date_of_birth_is_kept_for_the_council(client, council):
    data = alert_data(council, approximate_age="80", **NO_DATE_OF_BIRTH)
    assert send(client, data).status_code == 302
    concern = Concern.objects.get()
    assert concern.person.date_of_birth is None
    assert concern.person.approximate_age == 80
    assert concern.what_happened == data["what_happened"]


def test_a_date_of_birth_wins_over_an_approximate_age(client, council):
    assert send(client, alert_data(council, approximate_age="80")).status_code == 302
    person = Person.objects.get()
    assert (person.date_of_birth, person.approximate_age) == (datetime.date(1938, 5, 14), None)


def test_whether_the_person_knows_and_why_not_are_kept_on_the_concern(client, council):
    data = alert_data(
        council,
        knows_about_report="does_not_know",
        knows_about_report_why="Telling her could put her at more risk.",
        address="Flat 2\r\n17 Example Row,\r\n\r\nAshbourne Vale",
    )
    assert send(client, data).status_code == 302
    concern = Concern.objects.get()
    assert concern.person_aware == "does_not_know"
    assert concern.person_aware_reason == "Telling her could put her at more risk."
    assert concern.what_happened == data["what_happened"]
    assert concern.person.address == "Flat 2, 17 Example Row, Ashbourne Vale"


def test_a_known_person_gets_a_new_record_and_the_same_answer(client, council, practitioner):
    """Nothing in the response may say whether the person is already known to the council."""
    first = send(client, alert_data(council))
    second = send(Client(), alert_data(council))
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert Person.objects.filter(family_name="Quillfeather").count() == 2
    assert Concern.objects.count() == 2


# --- Bad input: GOV.UK errors, and everything typed is kept ------------------------------------------------


def test_bad_input_is_refused_page_by_page_with_govuk_errors_and_keeps_what_was_typed(client, council):
    data = alert_data(
        council,
        what_happened="",
        nhs_number="943 476 5918",
        referrer_email="not-an-email",
        risk_types=["neglect", "self_neglect"],
        **{
            "outcome-TOTAL_FORMS": "4",
            "outcome-1-category": "",
            "outcome-3-category": "feel_safe",
            "outcome-3-own_words": "I want to feel safe at night.",
        },
    )
    refused = {}
    for url, page in answer_pages(data):
        response = client.post(url, page)
        if response.status_code == 200:
            refused[url] = html(response)
    assert list(refused) == [
        step_url(s) for s in ("about-you", "the-person", "what-happened", "what-they-want")
    ]
    assert not Concern.objects.exists() and not Person.objects.exists()
    anchors = []
    for page in refused.values():
        assert "<title>Error: " in page
        summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
        links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
        for anchor, _ in links:
            assert f'id="{anchor}-error"' in page  # the inline message beside the field
        anchors += [anchor for anchor, _ in links]
        assert "govuk-form-group--error" in page
    assert anchors == ["id_referrer_email", "id_nhs_number", "id_what_happened", "id_outcome-1-category"]
    about_you, person, happened, wants = refused.values()
    assert "Enter a valid NHS number" in person
    assert "Describe what happened" in happened
    assert 'aria-describedby="id_nhs_number-hint id_nhs_number-error"' in person

    # Everything typed is still there, and each page shows only its own questions' errors.
    assert 'value="Dee Harper"' in about_you and 'value="not-an-email"' in about_you
    assert 'value="care_provider" checked' in about_you
    assert "Enter a valid NHS number" not in about_you
    assert 'value="943 476 5918"' in person
    assert 'value="14"' in person and 'value="1938"' in person
    assert "Flat 2, 17 Example Row, Ashbourne Vale" in person
    assert 'value="neglect" checked' in happened and 'value="self_neglect" checked' in happened
    assert 'value="financial" checked' not in happened
    assert 'value="own_home" checked' in happened
    assert "For the visits to stop and to keep her flat." in wants
    assert 'id="id_outcome-3-category"' in wants  # the fourth row the person added
    assert '<option value="feel_safe" selected>' in wants
    assert "I want to feel safe at night." in wants
    assert "I want my money back." in wants
    # The council page was accepted and remembers the choice.
    council_page = html(client.get(step_url("council")))
    assert f'value="{council.gss_code}" checked' in council_page


def test_empty_pages_name_every_required_question(client, council):
    pages = [client.post(url, {}) for url, _ in answer_pages(alert_data(council))]
    assert [response.status_code for response in pages[:5]] == [200] * 5
    page = "".join(html(response) for response in pages)
    for message in (
        "Enter the name of the council area, then select it",  # no search yet, so nothing to select
        "Select the option that best describes you",
        "Enter your full name",
        "Enter a phone number or an email address",
        "Enter the person&#x27;s first name",
        "Enter their date of birth, or their approximate age",
        "Select whether the person knows you are reporting this",
        "Select at least one kind of abuse or neglect",
        "Select where it happened",
        "Describe what happened",
    ):
        assert message in page, message
    assert not Concern.objects.exists()


def test_after_a_search_the_council_must_be_selected_from_what_it_found(client, council, other_council):
    page = html(client.post(step_url("council") + "?q=Ashbourne", {"q": "Ashbourne"}))
    assert "Select the council area where it happened" in page
    assert 'href="#id_council_0"' in page and 'id="id_council_0"' in page
    response = client.post(step_url("council"), {"q": "Ashbourne", "council": other_council.gss_code})
    assert response["Location"] == step_url("about-you")  # any current council is accepted


# --- Question pages, check answers, Change ------------------------------------------------------------------


def test_check_answers_shows_every_answer_with_change_links(client, council):
    for url, page in answer_pages(alert_data(council)):
        assert client.post(url, page).status_code == 302
    response = client.get(CHECK_URL)
    assert response.status_code == 200
    page = html(response)
    for shown in (
        "Ashbourne Vale",
        "Dee Harper",
        "14 May 1938",
        "943 476 5919",
        "Yes, and they agree to it",
        "Financial or material",
        "A visitor has been taking her bank card",
        "The person told me",
        "I want my money back.",
    ):
        assert shown in page, shown
    assert f'href="{step_url("the-person")}?change=1#id_date_of_birth_day"' in page
    assert "<title>Check your answers before sending your report – " in page
    assert not Concern.objects.exists()  # nothing is sent until "Send report"


def test_change_saves_and_returns_to_check_answers(client, council):
    for url, page in answer_pages(alert_data(council)):
        client.post(url, page)
    change = step_url("about-you") + "?change=1"
    page = html(client.get(change))
    assert f'href="{CHECK_URL}" class="govuk-back-link">Back to check your answers' in page
    assert "Save and return to check your answers" in page
    [_, (_, about_you), *_] = answer_pages(alert_data(council, referrer_name="Dee Harper-Lowe"))
    response = client.post(change, about_you)
    assert response["Location"] == CHECK_URL
    assert "Dee Harper-Lowe" in html(client.get(CHECK_URL))


def test_check_answers_sends_unfinished_reports_back_to_the_first_page_not_answered(client, council):
    assert client.get(CHECK_URL)["Location"] == step_url("council")
    [council_page, about_you, *_] = answer_pages(alert_data(council))
    client.post(*council_page)
    client.post(*about_you)
    assert client.get(CHECK_URL)["Location"] == step_url("the-person")
    assert client.post(CHECK_URL)["Location"] == step_url("the-person")
    assert not Concern.objects.exists()


def test_after_sending_the_answers_are_forgotten(client, council):
    assert send(client, alert_data(council)).status_code == 302
    assert client.get(CHECK_URL)["Location"] == step_url("council")
    assert "Marnie" not in html(client.get(step_url("the-person")))


def test_an_unknown_question_page_is_not_found(client):
    assert client.get(step_url("nonsense")).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"referrer_phone": "", "referrer_email": ""}, "Enter a phone number or an email address"),
        ({"referrer_phone": "call me"}, "Enter a phone number, like 01632 960 001"),
        ({"date_of_birth_year": "2015"}, "This form is for adults aged 18 or over"),
        ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "Date of birth must be a real date"),
        (
            {**NO_DATE_OF_BIRTH, "approximate_age": "16"},
            "This form is for adults aged 18 or over",
        ),
        ({"said_by": ""}, "Select who told you what the person wants"),
        ({"outcome-0-own_words": ""}, "Write what they want, in their own words"),
        ({"location": "moon_base"}, "Select a valid choice"),
    ],
)
def test_each_rule_is_checked(client, council, changes, message):
    response = send(client, alert_data(council, **changes))
    assert response.status_code == 200
    assert message in html(response).replace("&#x27;", "'")
    assert not Concern.objects.exists()


def test_add_another_outcome_adds_a_row_and_keeps_everything_without_judging_it(client, council):
    [*_, (url, page)] = answer_pages(alert_data(council, said_by="", add_outcome="1"))
    response = client.post(url, page)
    assert response.status_code == 200
    page = html(response)
    assert "govuk-error-summary" not in page and "govuk-error-message" not in page
    assert 'id="id_outcome-3-category"' in page
    assert 'name="outcome-TOTAL_FORMS" value="4"' in page
    assert "I want him to stop coming round." in page
    assert "#outcome-row" not in page  # no fragment to carry on to later pages
    assert "autofocus" in page.split('id="id_outcome-3-category"')[0].rsplit("<select", 1)[1]
    # Kept in the session: the page shows the four rows when opened again.
    assert 'name="outcome-TOTAL_FORMS" value="4"' in html(client.get(url))
    assert not Concern.objects.exists()


# --- Abuse: a honeypot, and a limit per IP ------------------------------------------------------------------


def test_a_bot_that_fills_the_honeypot_is_thanked_and_nothing_is_created(client, council):
    response = send(client, alert_data(council, website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert not Concern.objects.exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()
    done = client.get(DONE_URL)
    assert done.status_code == 200
    reference = re.search(r'id="reference">([A-Z0-9-]+)<', html(done)).group(1)
    assert not Concern.objects.filter(reference=reference).exists()


def test_a_bot_posting_straight_to_the_send_button_is_thanked_too(client, council):
    response = client.post(CHECK_URL, {"website": "https://spam.example"})
    assert response["Location"] == DONE_URL
    assert not Concern.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, council):
    page = html(client.get(step_url("about-you")))
    wrapper = re.search(r'<div class="govuk-visually-hidden" aria-hidden="true">(.*?)</div>', page, re.S)
    assert wrapper
    honeypot = '<input type="text" name="website" id="id_website" value="" tabindex="-1" autocomplete="off">'
    assert honeypot in wrapper.group(1)


@pytest.fixture
def frozen_rate_clock(monkeypatch):
    """The limit's window moves with the clock; a fixed clock keeps the count in one window."""
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1_700_000_000))


def test_over_the_limit_a_polite_429_and_nothing_created(client, council, settings, frozen_rate_clock):
    settings.MSP_ALERT_RATE = "2/10m"
    for _ in range(2):
        assert send(client, alert_data(council)).status_code == 302
    response = send(client, alert_data(council, given_name="Ingrid"))
    assert response.status_code == 429
    page = html(response)
    assert "Your report has not been sent yet" in page
    assert "minute" in page
    assert "Ingrid" in page  # what they typed is still there to send later
    assert client.post(CHECK_URL).status_code == 429  # and can be sent again from check answers
    assert Concern.objects.count() == 2
    assert not Person.objects.filter(given_name="Ingrid").exists()
    # A bot past the limit is refused too, and another connection is not affected.
    assert send(client, alert_data(council, website="x")).status_code == 429
    assert send(Client(REMOTE_ADDR="198.51.100.7"), alert_data(council)).status_code == 302
    assert Concern.objects.count() == 3


def test_mistakes_and_added_rows_do_not_count_against_the_limit(client, council, settings, frozen_rate_clock):
    settings.MSP_ALERT_RATE = "1/10m"
    for _ in range(3):
        assert send(client, alert_data(council, what_happened="")).status_code == 200
        assert send(client, alert_data(council, add_outcome="1")).status_code == 200
    assert send(client, alert_data(council)).status_code == 302
    assert send(client, alert_data(council)).status_code == 429
    assert Concern.objects.count() == 1


def test_many_addresses_together_are_stopped_by_the_overall_limit(
    client, council, settings, frozen_rate_clock
):
    settings.MSP_ALERT_RATE, settings.MSP_ALERT_RATE_ALL = "5/10m", "3/10m"
    for n in range(3):
        assert send(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), alert_data(council)).status_code == 302
    assert send(Client(REMOTE_ADDR="198.51.100.99"), alert_data(council)).status_code == 429  # a flood
    assert send(Client(REMOTE_ADDR="198.51.100.98"), alert_data(council, website="x")).status_code == 429
    assert Concern.objects.count() == 3


def test_the_default_limits_let_a_busy_hospital_report_and_stop_a_flood():
    import config.settings as project  # as configured, before this module's fixture sets a test limit

    assert project.MSP_ALERT_RATE == "30/h" and project.MSP_ALERT_RATE_ALL == "600/h"


# --- The confirmation shows only this browser's own reference ----------------------------------------------


def test_the_confirmation_shows_the_reference_to_the_submitting_session_only(client, council):
    send(client, alert_data(council))
    concern = Concern.objects.get()
    page = html(client.get(DONE_URL))
    assert concern.reference in page
    assert "govuk-panel--confirmation" in page
    for private in ("Marnie", "Quillfeather", "Dee Harper", "Ashbourne Vale", "bank card"):
        assert private not in page

    stranger = Client()
    response = stranger.get(DONE_URL)
    assert response.status_code == 302 and response["Location"] == ALERT_URL
    response = stranger.get(f"{DONE_URL}?reference={concern.reference}", follow=True)
    assert concern.reference not in html(response)


def test_a_second_report_shows_its_own_reference(client, council):
    send(client, alert_data(council))
    send(client, alert_data(council, given_name="Ingrid"))
    newest = Concern.objects.get(person__given_name="Ingrid")
    oldest = Concern.objects.exclude(pk=newest.pk).get()
    page = html(client.get(DONE_URL))
    assert newest.reference in page and oldest.reference not in page
