"""The wave list and a wave's overview: who may see them, and councils counted by region and type."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from msp.councils.models import CouncilType
from msp.tempcheck.models import Interview, Wave
from msp.tempcheck.selectors import DRAFT, INTERVIEWED, NOT_YET, tally, wave_overview
from tests.tempcheck_capture.conftest import assert_access_battery, make_council, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_wave(region):
    """A wave with a planned sample of four councils in two regions and of two types."""
    south = make_region("E12999902", "Test South")
    wave = Wave.objects.create(
        code="2099",
        name="Test wave 2099",
        instrument=Wave.objects.get(code="2016").instrument,
        fieldwork_start=datetime.date(2016, 5, 1),
    )
    councils = [
        make_council("E06999911", "Northby", region),
        make_council("E10999912", "Northshire", region, CouncilType.COUNTY),
        make_council("E06999913", "Southby", south),
        make_council("E10999914", "Southshire", south, CouncilType.COUNTY),
    ]
    wave.planned_councils.set(councils)
    Interview.objects.create(
        wave=wave, council=councils[0], status=Interview.Status.SUBMITTED, submitted_at=timezone.now()
    )
    Interview.objects.create(wave=wave, council=councils[2])
    return wave


def test_the_wave_list_is_for_interviewers_and_analysts(client, interviewer, analyst, practitioner):
    assert_access_battery(
        client,
        reverse("tempcheck:waves"),
        interviewer=interviewer,
        analyst=analyst,
        practitioner=practitioner,
    )


def test_the_wave_list_links_to_each_wave_with_its_progress(client, interviewer, sample_wave):
    client.force_login(interviewer)
    response = client.get(reverse("tempcheck:waves"))
    assert reverse("tempcheck:wave", args=["2099"]) in response.content.decode()
    row = next(w for w in response.context["waves"] if w.code == "2099")
    assert (row.submitted_count, row.draft_count) == (1, 1)


def test_the_overview_is_for_interviewers_and_analysts(client, interviewer, analyst, practitioner):
    assert_access_battery(
        client,
        reverse("tempcheck:wave", args=["2016"]),
        interviewer=interviewer,
        analyst=analyst,
        practitioner=practitioner,
    )


def test_an_unknown_wave_is_not_found(client, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("tempcheck:wave", args=["1999"])).status_code == 404


def test_the_overview_counts_councils_by_region_and_type(client, interviewer, sample_wave):
    client.force_login(interviewer)
    overview = client.get(reverse("tempcheck:wave", args=["2099"])).context["o"]
    by_region = {r.label: (r.interviewed, r.in_progress, r.not_yet, r.total) for r in overview.by_region}
    assert by_region == {"Test North": (1, 0, 1, 2), "Test South": (0, 1, 1, 2), "All councils": (1, 1, 2, 4)}
    by_type = {r.label: (r.interviewed, r.in_progress, r.not_yet) for r in overview.by_type}
    assert by_type == {"Unitary authority": (1, 1, 0), "County council": (0, 0, 2), "All councils": (1, 1, 2)}


def test_the_overview_lists_councils_with_links_to_start_continue_or_view(client, interviewer, sample_wave):
    client.force_login(interviewer)
    response = client.get(reverse("tempcheck:wave", args=["2099"]))
    overview = response.context["o"]
    assert [c.short_name for c in overview.not_yet] == ["Northshire", "Southshire"]
    assert [i.council.short_name for i in overview.in_progress] == ["Southby"]
    assert [i.council.short_name for i in overview.interviewed] == ["Northby"]
    html = response.content.decode()
    assert reverse("tempcheck:interview_new", args=["2099", "E10999912"]) in html
    for interview in sample_wave.interviews.all():
        assert reverse("tempcheck:interview", args=[interview.pk]) in html


def test_without_a_planned_sample_every_council_valid_at_fieldwork_start_is_due(region, wave):
    gone = make_council("E06999921", "Formershire", region, valid_to=datetime.date(2016, 3, 31))
    later = make_council("E06999922", "Newshire", region, valid_from=datetime.date(2019, 4, 1))
    due = make_council("E06999923", "Stillshire", region)
    not_yet = wave_overview(wave).not_yet
    assert due in not_yet
    assert gone not in not_yet
    assert later not in not_yet


def test_the_overview_links_analysts_to_the_import_page(client, analyst):
    client.force_login(analyst)
    html = client.get(reverse("tempcheck:wave", args=["2016"])).content.decode()
    assert reverse("tempcheck:import", args=["2016"]) in html


def test_the_overview_shows_interviewers_no_link_to_the_import_page_they_cannot_open(client, interviewer):
    client.force_login(interviewer)
    html = client.get(reverse("tempcheck:wave", args=["2016"])).content.decode()
    assert reverse("tempcheck:import", args=["2016"]) not in html
    assert client.get(reverse("tempcheck:import", args=["2016"])).status_code == 403


def test_a_published_baseline_wave_says_it_has_no_interviews(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("tempcheck:wave", args=["2014-15"]))
    assert "published figures only" in response.content.decode()


def test_the_overview_reads_a_fixed_number_of_queries(
    client, interviewer, sample_wave, region, django_assert_max_num_queries
):
    for n in range(30):
        council = make_council(f"E0699{n:04d}", f"Extra {n}", region)
        sample_wave.planned_councils.add(council)
        if n % 2:
            Interview.objects.create(wave=sample_wave, council=council)
    client.force_login(interviewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("tempcheck:wave", args=["2099"])).status_code == 200


def test_the_wave_list_reads_a_fixed_number_of_queries(
    client, interviewer, sample_wave, django_assert_max_num_queries
):
    client.force_login(interviewer)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("tempcheck:waves")).status_code == 200


def test_tally_counts_each_group_and_adds_a_total():
    rows = tally([("North", INTERVIEWED), ("North", NOT_YET), ("South", DRAFT), ("North", INTERVIEWED)])
    assert [(r.label, r.interviewed, r.in_progress, r.not_yet, r.total) for r in rows] == [
        ("North", 2, 0, 1, 3),
        ("South", 0, 1, 0, 1),
        ("All councils", 2, 1, 1, 4),
    ]
