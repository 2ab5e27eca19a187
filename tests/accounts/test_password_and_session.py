"""Everyone changes their own password; a session ends after 30 minutes without a request."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from msp.accounts.models import Role
from msp.core import middleware
from tests.cases.conftest import make_council
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_user_changes_their_password_and_keeps_their_session(client):
    user = make_user("worker", Role.PRACTITIONER, make_council("E06999931", "Ashbourne Vale"))
    client.force_login(user)
    form = client.get("/accounts/password/").content.decode()
    assert "Change your password" in form
    wrong = client.post(
        "/accounts/password/",
        {
            "old_password": "not it",
            "new_password1": "a-new-long-phrase",
            "new_password2": "a-new-long-phrase",
        },
    )
    assert wrong.status_code == 200 and "Error: " in wrong.content.decode()
    done = client.post(
        "/accounts/password/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-new-long-phrase",
            "new_password2": "a-new-long-phrase",
        },
        follow=True,
    )
    assert "Password changed" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("a-new-long-phrase")
    assert client.get("/cases/").status_code == 200  # still signed in


def test_the_page_is_linked_from_every_page_for_someone_signed_in(client):
    client.force_login(make_user("worker", Role.PRACTITIONER, make_council("E06999931", "Ashbourne Vale")))
    assert 'href="/accounts/password/"' in client.get("/").content.decode()


def test_a_session_lasts_30_minutes_from_the_last_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_request_moves_the_end_of_the_session_on_once_five_minutes_have_passed(client, monkeypatch):
    client.force_login(make_user("worker", Role.PRACTITIONER, make_council("E06999931", "Ashbourne Vale")))
    key = client.session.session_key
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(pk=key).update(expire_date=soon)
    client.get("/cases/")  # signed in just now: no write
    assert Session.objects.get(pk=key).expire_date == soon
    later = time.time() + 301
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    client.get("/cases/")
    left = Session.objects.get(pk=key).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_an_idle_session_has_ended(client):
    client.force_login(make_user("worker", Role.PRACTITIONER, make_council("E06999931", "Ashbourne Vale")))
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
