"""Sign-in: lock-out by user name and by address, an administrator's unlock, and every sign-in, sign-out,
failure, lock-out and refused page as an audit event."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.urls import reverse

from msp.accounts.models import AuditEvent, Role
from tests.cases.conftest import make_concern, make_council, make_person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/conftest.make_user
SIGN_IN = "/accounts/sign-in/"


def sign_in(client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def worker(db):
    return make_user("worker", Role.PRACTITIONER, make_council("E06999911", "Ashbourne Vale"))


def test_after_the_limit_of_wrong_passwords_even_the_right_one_is_refused(client, worker):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert (
            sign_in(client, "worker", "wrong password").status_code == 200
        )  # the form again, with its error
    locked = sign_in(client, "worker", "wrong password")
    assert locked.status_code == 429
    assert "Sign-in is locked for now" in locked.content.decode()
    assert "30 minutes" in locked.content.decode()
    refused = sign_in(client, "worker", PASSWORD)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    # From another address too: the lock is on the account.
    assert sign_in(client, "worker", PASSWORD, address="198.51.100.7").status_code == 429
    events = AuditEvent.objects.filter(object_type="accounts.User")
    assert events.filter(action="sign_in_failed").count() >= limit
    locks = events.filter(action="locked_out").order_by("id")  # the lock-out, then each attempt it refused
    assert locks.count() == 3
    assert locks[0].changes["username"] == "worker" and locks[0].ip_address == "192.0.2.10"
    assert not events.filter(action="sign_in").exists()
    assert "wrong password" not in str(list(events.values_list("changes", flat=True)))


def test_one_address_trying_many_names_is_locked_out(client, worker):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong password", address="203.0.113.5")
    assert sign_in(client, "worker", PASSWORD, address="203.0.113.5").status_code == 429
    assert sign_in(client, "worker", PASSWORD, address="192.0.2.44").status_code == 302  # others are not


def test_an_administrator_unlocks_an_account(client, worker):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "worker", "wrong password")
    assert AccessAttempt.objects.filter(username="worker").exists()
    assert sign_in(client, "worker", PASSWORD).status_code == 429
    reset(username="worker", ip="192.0.2.10")  # what the admin's delete and `msp axes_reset_username` do
    assert sign_in(client, "worker", PASSWORD).status_code == 302


def test_the_admin_lists_the_attempts_to_unlock(client, superuser, worker):
    sign_in(client, "worker", "wrong password")
    client.force_login(superuser)
    page = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and "worker" in page.content.decode()


def test_a_right_password_clears_the_count(client, worker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "worker", "wrong password")
    assert sign_in(client, "worker", PASSWORD).status_code == 302
    client.post("/accounts/sign-out/")
    assert sign_in(client, "worker", "wrong password").status_code == 200  # not locked: counting from 0


def test_sign_in_and_sign_out_are_audited_with_the_address(client, worker):
    assert sign_in(client, "worker", PASSWORD).status_code == 302
    client.post("/accounts/sign-out/", REMOTE_ADDR="192.0.2.10")
    events = AuditEvent.objects.filter(user=worker, object_type="accounts.User")
    assert sorted(events.values_list("action", flat=True)) == ["sign_in", "sign_out"]
    assert {e.ip_address for e in events} == {"192.0.2.10"}
    assert {e.council for e in events} == {worker.council}


def test_another_councils_record_and_a_forbidden_page_are_audited_as_refused(client, worker):
    elsewhere = make_council("E06999912", "Brackenford")
    keeper = make_user("keeper", Role.PRACTITIONER, elsewhere)
    concern = make_concern(elsewhere, keeper, make_person(elsewhere, keeper))
    client.force_login(worker)
    assert client.get(reverse("cases:concern", kwargs={"pk": concern.pk})).status_code == 404
    refused = AuditEvent.objects.get(user=worker, action="refused")
    assert refused.object_type == "cases:concern" and refused.object_id == str(concern.pk)
    assert "404" in refused.summary
    interviewer = make_user("ivy", Role.INTERVIEWER)
    client.force_login(interviewer)
    assert client.get(reverse("cases:queues"), {"search": "Quillfeather"}).status_code == 403
    forbidden = AuditEvent.objects.get(user=interviewer, action="refused")
    assert "403" in forbidden.summary and "Quillfeather" not in forbidden.summary
