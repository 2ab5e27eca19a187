"""The concerns list: 50 a page with the whole count, sorts, filters, search, scope, the audit of a search."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases.models import Concern, Person
from tests.cases_lists.records import bulk_concerns, bulk_people

pytestmark = pytest.mark.django_db

URL = reverse("cases:concerns")


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _references(response) -> list[str]:
    return re.findall(r'href="/cases/concerns/\d+/">([A-Z0-9]{4}-[A-Z0-9]{4})<', _text(response))


def test_it_shows_fifty_a_page_and_says_how_many_there_are_in_all(client, council, practitioner):
    made = bulk_concerns(council, 120)
    client.force_login(practitioner)
    first = client.get(URL)
    assert "Showing 1 to 50 of 120 concerns" in _text(first)
    assert _references(first) == [c.reference for c in made[:50]]  # newest first
    last = client.get(URL, {"page": 3})
    assert "Showing 101 to 120 of 120 concerns" in _text(last)
    assert _references(last) == [c.reference for c in made[100:]]


def test_the_count_has_thousands_separators(client, council, practitioner):
    bulk_concerns(council, 1_001)
    client.force_login(practitioner)
    assert "Showing 1 to 50 of 1,001 concerns" in _text(client.get(URL))


def test_page_links_keep_the_filters_and_the_sort(client, council, practitioner):
    bulk_concerns(council, 120)
    client.force_login(practitioner)
    text = _text(client.get(URL, {"status": "awaiting_decision", "sort": "reference", "page": 2}))
    nav = text[text.index('<nav class="govuk-pagination"') :]
    assert 'href="?status=awaiting_decision&amp;sort=reference&amp;page=3" rel="next"' in nav
    assert 'href="?status=awaiting_decision&amp;sort=reference&amp;page=1" rel="prev"' in nav
    assert 'aria-label="Page 2" aria-current="page"' in nav


def test_a_page_number_that_is_not_one_shows_the_first_page_and_one_past_the_end_the_last(
    client, council, practitioner
):
    bulk_concerns(council, 60)
    client.force_login(practitioner)
    assert "Showing 1 to 50 of 60" in _text(client.get(URL, {"page": "two"}))
    assert "Showing 51 to 60 of 60" in _text(client.get(URL, {"page": "99"}))


def test_deep_pages_cost_no_more_queries_than_the_first(
    client, council, practitioner, django_assert_max_num_queries
):
    bulk_concerns(council, 160)
    client.force_login(practitioner)
    # Session, user, council, the areas, count, the page's ids, its rows with person and enquiry, audit.
    for page in (1, 4):
        with django_assert_max_num_queries(8):
            client.get(URL, {"page": page})


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("received", "received_at", False),
        ("-received", "received_at", True),
        ("reference", "reference", False),
        ("-reference", "reference", True),
        ("due", "decision_due_at", False),
        ("-due", "decision_due_at", True),
    ],
)
def test_it_sorts_by_received_reference_or_decision_due(client, council, practitioner, sort, key, reverse):
    made = bulk_concerns(council, 30)
    for i, concern in enumerate(made):  # due dates in another order than received
        concern.decision_due_at = timezone.now() + datetime.timedelta(hours=(i * 7) % 30)
    Concern.objects.bulk_update(made, ["decision_due_at"])
    client.force_login(practitioner)
    expected = [c.reference for c in sorted(made, key=lambda c: getattr(c, key), reverse=reverse)]
    assert _references(client.get(URL, {"sort": sort})) == expected


def test_the_sorted_column_says_so_and_its_link_reverses_it(client, council, practitioner):
    bulk_concerns(council, 3)
    client.force_login(practitioner)
    text = _text(client.get(URL, {"status": "awaiting_decision", "sort": "reference"}))
    assert re.search(
        r'aria-sort="ascending"><a class="govuk-link" href="\?status=awaiting_decision&amp;sort=-reference"',
        text,
    )
    assert (
        'href="?status=awaiting_decision&amp;sort=-received">Received' in text
    )  # newest first on a first click
    assert text.count("aria-sort=") == 1


def test_it_filters_by_status_decision_and_overdue(client, council, practitioner, manager):
    waiting = bulk_concerns(council, 3)
    overdue = bulk_concerns(council, 2, hours_ago=100)
    decided_at = timezone.now()
    s42 = bulk_concerns(
        council,
        2,
        status="in_enquiry",
        decision="s42",
        criterion_a=True,
        criterion_b=True,
        criterion_c=True,
        decided_at=decided_at,
    )
    none = bulk_concerns(
        council, 1, status="closed", decision="none", no_enquiry_outcome="info_advice", decided_at=decided_at
    )
    client.force_login(practitioner)

    def refs(**query):
        return set(_references(client.get(URL, query)))

    assert refs(status="awaiting_decision") == {c.reference for c in waiting + overdue}
    assert refs(status="in_enquiry") == {c.reference for c in s42}
    assert refs(decision="none") == {c.reference for c in none}
    assert refs(overdue="on") == {c.reference for c in overdue}
    assert refs(status="closed", decision="s42") == set()


def test_it_filters_by_team_or_area_and_offers_the_councils_areas(
    client, council, other_council, practitioner, outsider
):
    north = bulk_concerns(council, 1, person=bulk_people(council, 1, area="North locality")[0])
    bulk_concerns(council, 1, person=bulk_people(council, 1, area="South locality")[0])
    bulk_people(other_council, 1, area="Far away locality")
    client.force_login(practitioner)
    text = _text(client.get(URL, {"area": "North locality"}))
    assert _references(client.get(URL, {"area": "North locality"})) == [north[0].reference]
    assert '<option value="South locality">' in text
    assert "Far away locality" not in text


def test_it_filters_by_the_uk_days_received(client, council, practitioner):
    def on(day, hour, minute=0):
        return timezone.make_aware(datetime.datetime(2024, 6, day, hour, minute))

    made = bulk_concerns(council, 4)
    for concern, at in zip(made, [on(9, 23, 59), on(10, 0, 0), on(11, 23, 59), on(12, 0, 0)], strict=True):
        concern.received_at = at
    Concern.objects.bulk_update(made, ["received_at"])
    client.force_login(practitioner)
    query = {
        "received_from_day": "10",
        "received_from_month": "6",
        "received_from_year": "2024",
        "received_to_day": "11",
        "received_to_month": "6",
        "received_to_year": "2024",
    }
    assert set(_references(client.get(URL, query))) == {made[1].reference, made[2].reference}


def test_a_date_that_is_not_real_is_shown_as_an_error_and_the_list_still_shows(client, council, practitioner):
    bulk_concerns(council, 2)
    client.force_login(practitioner)
    text = _text(
        client.get(URL, {"received_from_day": "31", "received_from_month": "2", "received_from_year": "2024"})
    )
    assert "govuk-error-summary" in text and "Enter a real date" in text
    assert "Showing 1 to 2 of 2 concerns" in text


def _searched(client, term) -> set[str]:
    return set(_references(client.get(URL, {"search": term})))


def test_it_searches_by_name_every_word_in_any_name(client, council, practitioner):
    marnie = bulk_concerns(
        council, 1, person=bulk_people(council, 1, family="Quillfeather", known_as="Marnie")[0]
    )
    bulk_concerns(council, 1, person=bulk_people(council, 1, family="Attwater", known_as="Marnie")[0])
    client.force_login(practitioner)
    assert _searched(client, "marnie quill") == {marnie[0].reference}
    assert len(_searched(client, "MARNIE")) == 2


def test_it_searches_by_reference_however_it_is_typed(client, council, practitioner):
    [concern, _] = bulk_concerns(council, 2)
    client.force_login(practitioner)
    assert _searched(client, concern.reference) == {concern.reference}
    assert _searched(client, concern.reference.lower().replace("-", "")) == {concern.reference}


def test_it_searches_by_nhs_number_with_or_without_spaces(client, council, practitioner):
    person = bulk_people(council, 1, nhs_number="9434765919")[0]
    [concern] = bulk_concerns(council, 1, person=person)
    bulk_concerns(council, 3)
    client.force_login(practitioner)
    assert _searched(client, "943 476 5919") == {concern.reference}


def test_it_searches_by_the_id_in_the_previous_system_of_the_concern_or_the_person(
    client, council, practitioner
):
    [by_concern] = bulk_concerns(council, 1, external_id="LAS-00017")
    [by_person] = bulk_concerns(council, 1, person=bulk_people(council, 1, external_id="P-4411")[0])
    bulk_concerns(council, 3)
    client.force_login(practitioner)
    assert _searched(client, "LAS-00017") == {by_concern.reference}
    assert _searched(client, "P-4411") == {by_person.reference}


def test_a_search_matching_many_people_still_finds_all_their_concerns(
    client, council, practitioner, settings
):
    from msp.cases import selectors

    bulk_concerns(council, 12)  # all "Quillfeather"
    bulk_concerns(council, 1, person=bulk_people(council, 1, family="Attwater")[0])
    client.force_login(practitioner)
    original = selectors.PEOPLE_AS_IDS
    selectors.PEOPLE_AS_IDS = 5  # past this many people the search uses a subquery
    try:
        assert len(_searched(client, "quillfeather")) == 12
    finally:
        selectors.PEOPLE_AS_IDS = original


def test_another_councils_concerns_never_appear_even_when_searched_for(
    client, council, other_council, practitioner, outsider
):
    theirs = bulk_concerns(other_council, 3, external_id="")
    mine = bulk_concerns(council, 2)
    client.force_login(practitioner)
    assert set(_references(client.get(URL))) == {c.reference for c in mine}
    assert _searched(client, theirs[0].reference) == set()
    assert _searched(client, "quillfeather") == {c.reference for c in mine}
    assert "Showing 1 to 2 of 2 concerns" in _text(client.get(URL))


def test_a_search_is_audited_as_a_search_with_its_terms_and_nothing_found(client, council, practitioner):
    [concern] = bulk_concerns(council, 1)
    client.force_login(practitioner)
    client.get(URL, {"search": "quillfeather", "status": "awaiting_decision"})
    [event] = AuditEvent.objects.filter(action="search")
    assert (event.user, event.object_type, event.council) == (practitioner, "cases.Concern", council)
    assert event.changes == {"search": "quillfeather", "status": "awaiting_decision"}
    assert concern.reference not in event.summary + str(event.changes)
    assert str(concern.person_id) not in event.object_id


def test_browsing_the_list_is_audited_as_a_view_with_its_filters(client, council, practitioner):
    bulk_concerns(council, 60)
    client.force_login(practitioner)
    client.get(URL, {"status": "awaiting_decision", "page": 2})
    [event] = AuditEvent.objects.filter(action="view", object_type="cases.Concern")
    assert event.summary == "Concern list, page 2 (awaiting_decision)"
    assert not AuditEvent.objects.filter(action="search").exists()


def test_people_without_concerns_are_not_listed(client, council, practitioner):
    Person.objects.create(council=council, given_name="Alone", family_name="Quillfeather")
    client.force_login(practitioner)
    assert "No concerns found." in _text(client.get(URL, {"search": "alone"}))


def test_a_search_finds_both_a_concern_by_its_id_and_people_by_name(client, council, practitioner):
    [by_id] = bulk_concerns(council, 1, external_id="Attwater")
    [by_name] = bulk_concerns(council, 1, person=bulk_people(council, 1, family="Attwater")[0])
    bulk_concerns(council, 2)
    client.force_login(practitioner)
    assert _searched(client, "attwater") == {by_name.reference}  # ids match exactly, names in any case
    assert _searched(client, "Attwater") == {by_id.reference, by_name.reference}
