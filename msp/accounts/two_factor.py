"""Two-factor sign-in (django-otp): a code from an authenticator app (TOTP), or a one-time recovery code.

Required, once signed in with a password, of team managers, safeguarding leads, analysts and administrators
when MSP_TWO_FACTOR_REQUIRED is on (the default in production; off in development, so the demo keeps its
simple logins); anyone else may set it up, and is then asked for a code at every sign-in.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from msp.accounts.audit import audit_account
from msp.accounts.models import Role

ROLES_REQUIRED = (Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD, Role.ANALYST)
RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
# Pages a signed-in user may open before the second step: these, signing out, static files, the health check.
OPEN_BEFORE_VERIFIED = ("/accounts/", "/static/", "/health/")


def required_of(user) -> bool:
    return settings.MSP_TWO_FACTOR_REQUIRED and (
        user.is_superuser or user.is_staff or user.role in ROLES_REQUIRED
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def code_given(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the app or a recovery code."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_verified():
        return redirect(_next(request))
    if not any(devices_for_user(request.user)):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.code_given())
        if device is not None:
            otp_login(request, device)
            used = "a recovery code" if isinstance(device, StaticDevice) else "an authenticator code"
            audit_account(
                user=request.user,
                action="sign_in",
                summary=f"Second step of signing in passed with {used}",
            )
            return redirect(_next(request))
        audit_account(
            user=request.user,
            action="sign_in_failed",
            summary="Second step of signing in: wrong code",
        )
        form.add_error("code", "The code is not right, or has been used. Try the code your app shows now")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request), "page_title": "Enter your code"},
    )


@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up an authenticator app: scan the code (or type the key), then confirm with a code it shows."""
    if not request.user.is_authenticated:
        return redirect("login")
    if any(devices_for_user(request.user)) and not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next(request)})}")
    device, _ = TOTPDevice.objects.get_or_create(user=request.user, name=APP_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = "The 6-digit code your authenticator app shows now"
    if form.is_valid():
        if device.verify_token(form.code_given()):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            codes = new_recovery_codes(request.user)
            audit_account(user=request.user, action="change", summary="Two-factor sign-in set up")
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": _next(request), "page_title": "Your recovery codes"},
            )
        form.add_error("code", "The code is not right. Try the code your app shows now")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "key": _spaced(device.bin_key),
            "next": _next(request),
            "page_title": "Set up two-factor sign-in",
        },
    )


def new_recovery_codes(user) -> list[str]:
    """Ten new one-time codes, replacing any the user had; shown once, kept only as django-otp keeps them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_svg(uri: str) -> str:
    """The setup link as an SVG QR code, drawn with a path (no inline style, so the page's CSP allows it)."""
    import qrcode
    import qrcode.image.svg

    out = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    text = out.getvalue().decode()
    return text[text.index("<svg") :]


def _spaced(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


STATE_KEY = "msp_two_factor"  # in the session: whether the user had a device when they signed in


def note_devices(request, user) -> None:
    """At sign-in: remember whether the user has a second factor, so pages need not look it up each time."""
    if getattr(request, "session", None) is not None:
        request.session[STATE_KEY] = "device" if any(devices_for_user(user)) else "none"


class TwoFactorMiddleware:
    """Sends a signed-in user who has not passed the second step to it (or to set it up where it is required)
    before any page but signing out, the two-factor pages, static files and the health check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(OPEN_BEFORE_VERIFIED):
            return self.get_response(request)  # before looking at the user: /health/ never loads them
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            there = urlencode({"next": request.get_full_path()})
            if request.session.get(STATE_KEY) == "device":
                return redirect(f"{reverse('two_factor_verify')}?{there}")
            if required_of(user):
                return redirect(f"{reverse('two_factor_setup')}?{there}")
        return self.get_response(request)
