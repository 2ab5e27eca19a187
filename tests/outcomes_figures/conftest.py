"""Councils in one region and one board, each with a few records, and the figure roles to look at them."""

from __future__ import annotations

import pytest

from msp.accounts.models import Role
from msp.councils.models import Region, SafeguardingAdultsBoard
from tests.conftest import make_user
from tests.outcomes.conftest import make_case, make_council, make_person, uk

YEAR = "2023-24"


def busy_council(gss: str, name: str, *, concerns: int, s42: int, expressed: int):
    """A council with `concerns` concerns in 2023-24, `s42` of them concluded Section 42 enquiries, of which
    `expressed` had desired outcomes expressed (all fully achieved)."""
    council = make_council(gss, name)
    for n in range(concerns):
        person = make_person(council, given=f"Person{n}", family=name)
        if n < s42:
            make_case(
                council,
                person,
                uk(2023, 6, 1 + n % 28, 10),
                decision="s42",
                closed=uk(2023, 9, 1 + n % 28, 10),
                asked="asked",
                said_by="person",
                outcomes=["fully"] if n < expressed else [],
                capacity="had",
                location="own_home",
                source="known",
                types=["neglect"],
                result="identified_action",
                risk="reduced",
            )
        else:
            make_case(council, person, uk(2023, 7, 1 + n % 28, 10), decision="none")
    return council


@pytest.fixture
def region_councils(db):
    """Three councils of one region, two sharing a board; one in another region."""
    first = busy_council("E06999621", "Ashcombe", concerns=30, s42=20, expressed=15)
    second = busy_council("E06999622", "Birchley", concerns=24, s42=12, expressed=6)
    third = busy_council("E06999623", "Coldwater", concerns=12, s42=8, expressed=7)
    elsewhere = busy_council("E06999624", "Dunmere", concerns=10, s42=6, expressed=2)
    elsewhere.region = Region.objects.create(gss_code="E12000097", name="Another test region")
    elsewhere.save()
    board = SafeguardingAdultsBoard.objects.create(name="Ashcombe and Birchley Safeguarding Adults Board")
    board.councils.set([first, second])
    return first, second, third, elsewhere, board


@pytest.fixture
def cast(region_councils):
    first, *_, board = region_councils
    return {
        "lead": make_user("lena", Role.SAFEGUARDING_LEAD, first),
        "manager": make_user("mo", Role.TEAM_MANAGER, first),
        "practitioner": make_user("pip", Role.PRACTITIONER, first),
        "board": make_user("bo", Role.SAB_MEMBER, board=board),
        "region": make_user("reg", Role.REGIONAL_LEAD, region=first.region),
        "analyst": make_user("ana", Role.ANALYST),
        "interviewer": make_user("ian", Role.INTERVIEWER),
    }
