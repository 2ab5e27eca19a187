"""Sign-in, sign-out, failed sign-ins, lock-outs and refused access, as audit events.

Lock-outs themselves are django-axes' (settings: AXES_*): after MSP_SIGNIN_FAILURE_LIMIT failures for one
user name, or from one address, sign-in is refused for MSP_SIGNIN_COOLOFF_MINUTES; an administrator lifts a
lock-out sooner by deleting its access attempts in the admin, or with `msp axes_reset_username NAME`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import render

from msp.accounts.audit import audit, audit_account
from msp.accounts.two_factor import note_devices
from msp.core.middleware import session_seen


def _tried(credentials: dict) -> str:
    """The user name typed (never the password), cut to a length the log can hold."""
    return str(credentials.get("username", ""))[:150]


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    if getattr(request, "session", None) is not None:
        session_seen(request.session)  # the idle timeout counts from here
        note_devices(request, user)
    audit_account(user=user, action="sign_in", summary="Signed in")


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:  # else the session had already ended
        audit_account(user=user, action="sign_out", summary="Signed out")


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    audit_account(
        user=None,
        action="sign_in_failed",
        summary="Sign-in failed",
        changes={"username": _tried(credentials)},
    )


def locked_out(sender, request, username, ip_address, **kwargs):
    audit_account(  # sent at the lock-out and at each attempt refused while it lasts
        user=None,
        action="locked_out",
        summary="Sign-in refused: locked after repeated failures",
        changes={"username": str(username or "")[:150], "ip_address": ip_address or ""},
    )


class RefusedAccessAuditMiddleware:
    """A signed-in user refused a page (403) or a record outside their scope (404 from the view): an audit
    event with the route and the path, never the query string (searches carry names)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (Http404, PermissionDenied)):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = getattr(request, "resolver_match", None)
        status = 403 if isinstance(exception, PermissionDenied) else 404
        audit(
            user=user,
            action="refused",
            object_type=(match.view_name if match else "")[:60],
            object_id=str(next(iter(match.kwargs.values()), "")) if match and match.kwargs else "",
            council=getattr(user, "council", None),
            summary=f"Refused ({status}): {request.path}"[:300],
        )
        return None


def lockout_response(request, original_response, credentials):
    """The page a locked-out sign-in gets (429): in the site's layout, saying for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
