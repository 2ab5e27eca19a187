"""Write the audit log: every view and change of a person-level record goes through `audit`.

Who acted and from which address come from the audit context, not from the callers: `AuditContextMiddleware`
sets it for each request (its user, its client address), and a command or a test sets it with
`audit_context(user=...)`. So services take no request and know nothing of HTTP.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from msp.accounts.models import AuditEvent


def client_ip(request) -> str | None:
    """The client's address: from the header a trusted proxy sets (MSP_CLIENT_IP_HEADER), else the socket's.

    The same address for the audit log, the partner form's rate limit and sign-in lock-outs."""
    if request is None:
        return None
    header = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    for value in (request.META.get(header, "") if header else "", request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(value.split(",")[0].strip()))
        except ValueError:
            continue  # absent or not an address: the next source
    return None


@dataclass(frozen=True)
class AuditContext:
    ip: str | None = None
    user_of: Callable[[], Any] = lambda: None  # read when an event is written: sign-in changes the user


_context: ContextVar[AuditContext] = ContextVar("msp_audit_context", default=AuditContext())  # noqa: B039 (frozen)


@contextmanager
def audit_context(*, user=None, ip: str | None = None) -> Iterator[None]:
    """Events written inside the block are by `user` (where the caller names no user) from `ip`."""
    token = _context.set(AuditContext(ip=ip, user_of=lambda: user))
    try:
        yield
    finally:
        _context.reset(token)


class AuditContextMiddleware:
    """Every event written while a request is answered is by its user, from its client's address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _context.set(
            AuditContext(ip=client_ip(request), user_of=lambda: getattr(request, "user", None))
        )
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


# How a record leads to the person it is about: a person, or something that belongs to one (a concern,
# a representative), to a concern (an enquiry, an outcome), to an enquiry (actions, feedback) or an outcome.
PERSON_PATHS = (
    ("person_id",),
    ("concern", "person_id"),
    ("enquiry", "concern", "person_id"),
    ("outcome", "concern", "person_id"),
)


def person_of(obj: Any, object_type: str = "", object_id: str = "") -> int | None:
    """The id of the person whose record this is, for the lead's trail by person; None if it is no one's."""
    if obj is None:
        return int(object_id) if object_type == "cases.Person" and object_id.isdigit() else None
    if obj._meta.label == "cases.Person":
        return obj.pk
    for path in PERSON_PATHS:
        value = obj
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def audit(
    *,
    user,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    council=None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Record who did what to which record. `obj` (a model instance) fills type, id, council and the person
    the record is about if it can; without `user`, the audit context's user (the request's, or the one a
    command named)."""
    context = _context.get()
    if user is None:
        user = context.user_of()
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj.__class__.__name__}"
        object_id = object_id or str(obj.pk)
        if council is None:
            council = getattr(obj, "council", None)
    return AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        council=council,
        person_id=person_of(obj, object_type, object_id),
        summary=summary[:300],
        changes=changes or {},
        ip_address=context.ip,
    )


def field_changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed; values as strings for the JSON log."""
    return {
        name: [
            None if before.get(name) is None else str(before.get(name)),
            None if value is None else str(value),
        ]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_account(*, user, action: str, summary: str, changes: dict | None = None) -> AuditEvent:
    """An event about signing in: on the user's own account (none when no user is known, as for a failure)."""
    return audit(
        user=user,
        action=action,
        object_type="accounts.User",
        object_id=str(user.pk) if user is not None else "",
        council=getattr(user, "council", None),
        summary=summary,
        changes=changes,
    )
