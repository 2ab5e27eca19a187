"""Production unless asked otherwise: no fixed secret, HTTPS only, and `check --deploy` clean with four
settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_msp(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`msp` in a process of its own with only the environment given (and what Python needs to start)."""
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "-m", "msp.cli", *args],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(*names: str, **env: str) -> list[str]:
    code = "from django.conf import settings\nfor n in %r: print('=', repr(getattr(settings, n)))"
    done = run_msp("shell", "-c", code % (names,), **env)
    assert done.returncode == 0, done.stderr
    return [line[2:] for line in done.stdout.splitlines() if line.startswith("= ")]


def test_without_settings_msp_refuses_to_start_rather_than_use_a_known_key():
    done = run_msp("check")
    assert done.returncode != 0
    assert "Set MSP_SECRET_KEY" in done.stderr and "MSP_DEBUG=1" in done.stderr


def test_with_only_a_secret_key_it_runs_in_production_mode():
    key = secrets.token_urlsafe(50)
    debug, secure, hsts, redirect = settings_of(
        "DEBUG", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", MSP_SECRET_KEY=key
    )
    assert (debug, secure, redirect) == ("False", "True", "True")
    assert int(hsts) >= 31_536_000


def test_development_mode_makes_a_random_key_for_the_checkout_and_keeps_it():
    first = settings_of("SECRET_KEY", MSP_DEBUG="1")
    second = settings_of("SECRET_KEY", MSP_DEBUG="1")
    assert first == second
    key = first[0].strip("'")
    assert len(key) >= 50 and "not-secret" not in key
    assert (ROOT / ".secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_check_deploy_is_clean_with_the_four_production_settings():
    done = run_msp(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        MSP_DEBUG="0",
        MSP_SECRET_KEY=secrets.token_urlsafe(50),
        MSP_ALLOWED_HOSTS="msp.example.org",
        MSP_CSRF_TRUSTED_ORIGINS="https://msp.example.org",
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_behind_a_tls_proxy_its_forwarded_scheme_is_trusted_only_when_asked():
    key = secrets.token_urlsafe(50)
    assert settings_of("SECURE_PROXY_SSL_HEADER", MSP_SECRET_KEY=key) == ["None"]
    assert settings_of("SECURE_PROXY_SSL_HEADER", MSP_SECRET_KEY=key, MSP_BEHIND_TLS_PROXY="1") == [
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    ]
