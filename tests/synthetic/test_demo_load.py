"""`msp demo_load` sets up users, the 2016 sample and the synthetic wave, and can run again safely."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from msp.accounts.models import Role, User
from msp.councils.models import ComparatorGroup, Council
from msp.outcomes.models import FigureSet
from msp.tempcheck.models import Answer, Interview, Wave


def demo_load(**options) -> str:
    out = io.StringIO()
    call_command("demo_load", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        demo_load()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_loads_the_demo_and_can_run_twice(settings):
    from msp.cases.models import Concern

    settings.DEBUG = True
    demo_load()
    concerns_after_first_run = Concern.objects.count()
    output = demo_load()
    assert Concern.objects.count() == concerns_after_first_run  # cases are loaded once, not twice

    wave = Wave.objects.get(code="2016")
    interviews = Interview.objects.filter(wave=wave)
    assert interviews.filter(status=Interview.Status.SUBMITTED).count() == 115
    draft = interviews.get(status=Interview.Status.DRAFT)
    assert not draft.answers.exists() and draft.interviewer_name and draft.respondent_role
    assert wave.planned_councils.count() == 117
    assert interviews.count() == 116  # one planned council not yet interviewed

    ratings = Answer.objects.filter(interview__wave=wave, question__code="achievement.interviewer")
    assert Counter(ratings.values_list("choice", flat=True)) == {"A": 7, "B": 66, "C": 14, "D": 9, "E": 19}
    assert Interview.objects.filter(wave=wave, answers__question__code="moderation_reason").count() == 14

    users = {user.username: user for user in User.objects.all()}
    assert users["interviewer"].role == Role.INTERVIEWER
    assert users["analyst"].role == Role.ANALYST
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert all(user.check_password("msp-demo-2016") for user in users.values())
    assert len(users) == 10
    assert users["manager"].council == users["lead"].council != users["other_manager"].council
    # The data officer imports into the first council's records.
    assert users["data_officer"].role == Role.DATA_OFFICER
    assert users["data_officer"].council == users["lead"].council
    assert Concern.objects.filter(council=users["manager"].council).count() > 500
    # A board member and a regional lead, for the first council's board and region, with figures to see.
    lead = users["lead"]
    assert (
        users["board_member"].role == Role.SAB_MEMBER
        and lead.council in users["board_member"].board.councils.all()
    )
    assert (
        users["regional_lead"].role == Role.REGIONAL_LEAD
        and users["regional_lead"].region == lead.council.region
    )
    region = Council.objects.filter(region=lead.council.region, valid_to__isnull=True)
    assert region.exclude(concerns__isnull=False).count() == 0  # every council of the region has cases
    assert FigureSet.objects.filter(council=lead.council, empty=False).exists()
    assert ComparatorGroup.objects.filter(council=lead.council).exists()
    for username in ("interviewer", "analyst", "admin"):
        assert username in output
    assert "msp-demo-2016" in output
