"""Making, finding and revoking API tokens, and reading figures as the token's organisation would."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from msp.accounts.audit import audit
from msp.accounts.models import Role
from msp.api.models import ApiToken

TOKEN_START = "msp_"  # lets secret scanners and people recognise an MSP token
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # how often a token's last use is written, at most


def digest_of(raw: str) -> str:
    """SHA-256 of the token. A token is 256 random bits, so a fast unsalted hash is enough: there is nothing
    to guess from it, and it lets a request find its token with one indexed lookup."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_issue(token: ApiToken, *, created_by=None) -> str:
    """Give an unsaved token its secret, save it and audit it. Returns the token, which is never stored:
    show it to whoever asked for it, once."""
    raw = TOKEN_START + secrets.token_urlsafe(32)
    token.prefix, token.digest = raw[:12], digest_of(raw)
    token.created_by = created_by if getattr(created_by, "is_authenticated", False) else None
    token.full_clean()
    with transaction.atomic():
        token.save()
        audit(
            user=created_by,
            action="create",
            object_type="api.ApiToken",
            object_id=str(token.pk),
            summary=f"API token created: {token.name} ({token.organisation})",
        )
    return raw


def api_token_create(
    *, name: str, council=None, board=None, region=None, programme: bool = False, created_by=None
) -> tuple[ApiToken, str]:
    """A new token for exactly one organisation, and the token itself (shown once)."""
    token = ApiToken(name=name, council=council, board=board, region=region, programme=programme)
    return token, api_token_issue(token, created_by=created_by)


def api_token_revoke(*, token: ApiToken, by=None) -> bool:
    """Stop a token working from now on. False if it was already revoked."""
    if token.revoked_at is not None:
        return False
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(
            user=by,
            action="change",
            object_type="api.ApiToken",
            object_id=str(token.pk),
            summary=f"API token revoked: {token.name} ({token.organisation})",
        )
    return True


def active_token(raw: str) -> ApiToken | None:
    """The token sent, if it exists and is not revoked; its last use noted (once a minute at most)."""
    if not raw.startswith(TOKEN_START):
        return None
    token = (
        ApiToken.objects.select_related("council", "board", "region")
        .filter(digest=digest_of(raw), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token


@dataclass(frozen=True)
class OrganisationViewer:
    """Stands in for a user of the token's organisation where figures are shown: `role`, `council_id`,
    `board` and `region_id` are all msp.outcomes.access.visible_councils and msp.core.disclosure.exact_for
    read, so a token sees exactly the councils, exact or published, that such a user sees. It is never a
    user: it opens no page and no person-level record."""

    token: ApiToken
    role: str
    council_id: int | None = None
    board_id: int | None = None
    board: object = None
    region_id: int | None = None
    is_superuser: bool = False
    is_authenticated: bool = True


def viewer_for(token: ApiToken) -> OrganisationViewer:
    """A council's token reads as its lead and managers do; a board's as a board member; a region's as its
    regional lead; the programme's as the programme team (msp.outcomes.access)."""
    if token.council_id:
        return OrganisationViewer(token, Role.SAFEGUARDING_LEAD, council_id=token.council_id)
    if token.board_id:
        return OrganisationViewer(token, Role.SAB_MEMBER, board_id=token.board_id, board=token.board)
    if token.region_id:
        return OrganisationViewer(token, Role.REGIONAL_LEAD, region_id=token.region_id)
    return OrganisationViewer(token, Role.ANALYST)
