"""Who is calling the API: an organisation's bearer token (figures only), or a signed-in user's session;
the per-token rate limit; and the audit event every figures call writes."""

from __future__ import annotations

import math

from django_ratelimit.core import get_usage
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from msp.accounts.audit import audit
from msp.api.models import ApiToken
from msp.api.tokens import active_token, viewer_for

RATE = "300/m"  # calls per token; a BI refresh makes a few dozen
RATE_GROUP = "msp.api.token"


class TooManyCalls(HttpError):
    def __init__(self, wait_seconds: int) -> None:
        super().__init__(429, "too many calls with this token; try again later")
        self.wait_seconds = wait_seconds


def _per_token(group, request) -> str:
    return str(request.api_token_id)


def _rate(group, request) -> str:
    return RATE


class OrganisationToken(HttpBearer):
    """`Authorization: Bearer msp_...`. A token that is unknown or revoked is refused outright (401), even
    beside a session, so a system never reads figures with a token it believes has been stopped."""

    def authenticate(self, request, token: str) -> ApiToken:
        found = active_token(token.strip())
        if found is None:
            raise AuthenticationError(401, "the token is not valid (unknown or revoked)")
        request.api_token_id = found.pk
        usage = get_usage(request, group=RATE_GROUP, key=_per_token, rate=_rate, increment=True)
        if usage is not None and usage["should_limit"]:
            raise TooManyCalls(max(1, math.ceil(usage["time_left"])))
        return found


class SignedIn(SessionAuth):
    """The site's session cookie, for people signed in to MSP (read-only calls need no CSRF token)."""


def viewer(request):
    """Whom figures are shown to: the signed-in user, or the token's organisation standing in for one."""
    caller = request.auth
    return viewer_for(caller) if isinstance(caller, ApiToken) else caller


def record(
    request,
    *,
    object_type: str,
    summary: str,
    object_id: str = "",
    council=None,
    action: str = "view",
) -> None:
    """One audit event per call. A token's call has no user: the token's name and organisation say who."""
    caller = getattr(request, "auth", None)
    if isinstance(caller, ApiToken):
        audit(
            user=None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            council=council,
            summary=f"API token '{caller.name}' ({caller.organisation}): {summary}",
            changes={
                "api_token": {"id": caller.pk, "name": caller.name, "organisation": caller.organisation}
            },
        )
    else:
        audit(
            user=request.user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            council=council,
            summary=f"{summary} (API)",
        )
