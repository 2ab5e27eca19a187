"""The one role check: `role_required` and `can_open` read the same rule, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from msp.accounts.access import ANALYSTS, PROGRAMME_TEAM, Rule, can_open, role_required
from msp.accounts.models import Role, User
from msp.councils.models import Council

pytestmark = pytest.mark.django_db


def person(role="", council=None, superuser=False) -> User:
    """An unsaved user: the rule reads only role, council and superuser."""
    return User(username="u", role=role, council=council, is_superuser=superuser)


def a_council() -> Council:
    return Council.objects.order_by("gss_code").first()


def call(view, user):
    request = RequestFactory().get("/somewhere/?page=2")
    request.user = user
    return view(request)


@role_required(*ANALYSTS)
def analysts_page(request):
    return HttpResponse("ok")


@role_required(Role.PRACTITIONER, Role.TEAM_MANAGER, council=True)
def case_page(request):
    return HttpResponse("ok")


def test_it_sends_anyone_signed_out_to_sign_in_and_back():
    response = call(analysts_page, AnonymousUser())
    assert response.status_code == 302
    assert response.url.startswith("/accounts/sign-in/?next=")
    assert "somewhere" in response.url


def test_it_lets_in_the_named_role_and_the_superuser():
    assert call(analysts_page, person(Role.ANALYST)).content == b"ok"
    assert call(analysts_page, person(superuser=True)).content == b"ok"


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ANALYST] + [""])
def test_it_refuses_every_other_role(role):
    with pytest.raises(PermissionDenied):
        call(analysts_page, person(role))


def test_a_council_rule_needs_the_role_and_a_council():
    assert call(case_page, person(Role.PRACTITIONER, a_council())).content == b"ok"
    with pytest.raises(PermissionDenied):
        call(case_page, person(Role.SAFEGUARDING_LEAD, a_council()))  # not one of the roles


def test_a_council_rule_refuses_the_superuser_without_a_council():
    with pytest.raises(PermissionDenied):
        call(case_page, person(superuser=True))


def test_a_council_rule_refuses_a_role_without_a_council():
    assert not Rule(frozenset({Role.PRACTITIONER}), council=True).allows(person(Role.PRACTITIONER))


def test_no_roles_means_anyone_signed_in():
    rule = Rule()
    assert rule.allows(person(Role.SAB_MEMBER))
    assert not rule.allows(AnonymousUser())


def test_a_check_is_asked_after_the_roles():
    rule = Rule(frozenset(PROGRAMME_TEAM), check=lambda user: user.role == Role.ANALYST)
    assert rule.allows(person(Role.ANALYST))
    assert not rule.allows(person(Role.INTERVIEWER))


def test_the_rule_survives_decorators_applied_outside_it():
    from django.views.decorators.http import require_GET

    assert require_GET(analysts_page).access_rule == analysts_page.access_rule


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.ANALYST, True), (Role.INTERVIEWER, False), (Role.PRACTITIONER, False)],
)
def test_can_open_answers_as_the_view_would(role, allowed):
    assert can_open(person(role), "tempcheck:import") is allowed


def test_can_open_follows_the_council_rule_of_case_pages():
    assert can_open(person(Role.PRACTITIONER, a_council()), "cases:queues")
    assert not can_open(person(Role.PRACTITIONER, a_council()), "cases:settings")
    assert can_open(person(Role.SAFEGUARDING_LEAD, a_council()), "cases:settings")
    assert not can_open(person(superuser=True), "cases:queues")


def test_can_open_lets_anyone_see_a_page_without_a_rule():
    assert can_open(AnonymousUser(), "cases_alert:new")


def test_can_open_refuses_a_name_no_url_has():
    with pytest.raises(KeyError):
        can_open(person(Role.ANALYST), "tempcheck:no-such-page")
