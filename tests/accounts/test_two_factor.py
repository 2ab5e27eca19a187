"""Two-factor sign-in: required of leads (and managers, analysts, administrators) in production, set up with
an authenticator app, asked for at every sign-in after, with one-time recovery codes."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from msp.accounts.models import AuditEvent, Role
from tests.cases.conftest import make_council
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def required(settings):
    settings.MSP_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def council(db):
    return make_council("E06999961", "Twofold")


def sign_in(client, username):
    return client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD}, follow=True)


def code_now(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def set_up(client) -> list[str]:
    page = client.get("/accounts/two-factor/set-up/?next=/cases/")
    assert "<svg" in page.content.decode()  # the QR code
    device = TOTPDevice.objects.get(user__username="lead", confirmed=False)
    done = client.post("/accounts/two-factor/set-up/", {"code": code_now(device), "next": "/cases/"})
    assert done.status_code == 200 and "Your recovery codes" in done.content.decode()
    return re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())


def test_a_lead_must_set_it_up_before_any_page_and_then_sees_recovery_codes(client, council, required):
    make_user("lead", Role.SAFEGUARDING_LEAD, council)
    landed = sign_in(client, "lead")
    assert landed.redirect_chain[-1][0].startswith("/accounts/two-factor/set-up/")
    assert client.get("/cases/").status_code == 302  # nothing else until it is set up
    codes = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(summary="Two-factor sign-in set up").exists()


def test_after_setup_every_sign_in_asks_for_a_code_and_a_wrong_one_is_refused_and_audited(
    client, council, required
):
    make_user("lead", Role.SAFEGUARDING_LEAD, council)
    sign_in(client, "lead")
    set_up(client)
    client.post("/accounts/sign-out/")
    landed = sign_in(client, "lead")
    assert landed.redirect_chain[-1][0].startswith("/accounts/two-factor/")
    wrong = client.post("/accounts/two-factor/", {"code": "000000", "next": "/cases/"})
    assert wrong.status_code == 200 and "Error: " in wrong.content.decode()
    assert client.get("/cases/").status_code == 302
    assert AuditEvent.objects.filter(action="sign_in_failed", summary__contains="wrong code").exists()
    device = TOTPDevice.objects.get(user__username="lead", confirmed=True)
    device.throttling_failure_count = 0  # the wrong code above slows the next try; this test does not wait
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post("/accounts/two-factor/", {"code": code_now(device, offset=1), "next": "/cases/"})
    assert right.status_code == 302 and right["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_a_recovery_code_works_once(client, council, required):
    make_user("lead", Role.SAFEGUARDING_LEAD, council)
    sign_in(client, "lead")
    codes = set_up(client)
    for attempt in range(2):
        client.post("/accounts/sign-out/")
        sign_in(client, "lead")
        response = client.post("/accounts/two-factor/", {"code": codes[0], "next": "/cases/"})
        assert response.status_code == (302 if attempt == 0 else 200)


def test_practitioners_are_not_asked_unless_they_set_it_up(client, council, required):
    make_user("worker", Role.PRACTITIONER, council)
    landed = sign_in(client, "worker")
    assert not landed.redirect_chain[-1][0].startswith("/accounts/two-factor")
    assert client.get("/cases/").status_code == 200


def test_in_development_the_demo_logins_need_no_second_step(client, council, settings):
    settings.MSP_TWO_FACTOR_REQUIRED = False
    make_user("lead", Role.SAFEGUARDING_LEAD, council)
    sign_in(client, "lead")
    assert client.get("/cases/").status_code == 200


def test_production_requires_it_by_default_and_development_does_not():
    import secrets

    from tests.core.test_safe_defaults import settings_of

    assert settings_of("MSP_TWO_FACTOR_REQUIRED", MSP_SECRET_KEY=secrets.token_urlsafe(50)) == ["True"]
    assert settings_of("MSP_TWO_FACTOR_REQUIRED", MSP_DEBUG="1") == ["False"]
