"""Who acted and from where come from the audit context: set by middleware for a request, by a command with
`audit_context`; services take no request."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from msp.accounts.audit import AuditContextMiddleware, audit, audit_context
from msp.accounts.models import AuditEvent, Role
from msp.councils.models import Council
from msp.tempcheck.models import Interview, Wave
from msp.tempcheck.services import interview_reopen
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_without_a_context_an_event_has_no_user_and_no_address():
    event = audit(user=None, action="view", object_type="test.Thing", object_id="1")
    assert (event.user, event.ip_address) == (None, None)


def test_the_middleware_sets_the_requests_user_and_address(analyst):
    def view(request):
        return audit(user=None, action="view", object_type="test.Thing", object_id="1")

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.44")
    request.user = analyst
    event = AuditContextMiddleware(view)(request)
    assert (event.user, event.ip_address) == (analyst, "192.0.2.44")


def test_the_middleware_reads_the_user_when_the_event_is_written(analyst, interviewer):
    """Signing in changes the request's user part-way through: the event names whoever it is by then."""

    def view(request):
        request.user = interviewer
        return audit(user=None, action="view", object_type="test.Thing", object_id="1")

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.45")
    request.user = analyst
    assert AuditContextMiddleware(view)(request).user == interviewer


def test_the_context_ends_with_the_request(analyst):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.46")
    request.user = analyst
    AuditContextMiddleware(lambda request: None)(request)
    assert audit(user=None, action="view", object_type="test.Thing").ip_address is None


def test_a_user_named_by_the_caller_wins_over_the_context(analyst, interviewer):
    with audit_context(user=analyst, ip="192.0.2.47"):
        event = audit(user=interviewer, action="view", object_type="test.Thing")
    assert (event.user, event.ip_address) == (interviewer, "192.0.2.47")


def test_a_service_called_from_a_command_records_the_commands_actor(analyst):
    wave = Wave.objects.get(code="2016")
    council = Council.objects.order_by("gss_code").first()
    interview = Interview.objects.create(wave=wave, council=council, status=Interview.Status.SUBMITTED)
    with audit_context(user=analyst):
        interview_reopen(interview=interview)  # as a command would call it: no user, no request
    event = AuditEvent.objects.get(object_id=str(interview.pk), summary="Reopened the interview")
    assert (event.user, event.ip_address) == (analyst, None)


def test_a_request_records_the_address_of_the_client(client):
    user = make_user("ctx-ana", Role.ANALYST)
    client.force_login(user)
    wave = Wave.objects.get(code="2016")
    client.get(reverse("tempcheck:export", args=[wave.code, "csv"]), REMOTE_ADDR="192.0.2.48")
    exported = AuditEvent.objects.filter(user=user, action="export").first()
    assert exported is not None and exported.ip_address == "192.0.2.48"
