"""Who may open which page: one role rule per view, read both by the view's guard and by the links pages show.

`role_required` puts a `Rule` on the view it guards; `can_open(user, "namespace:url-name")` finds the view
a URL name resolves to and asks the same rule, so a page never shows a link its user would get a 403 from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver

from msp.accounts.models import Role


@dataclass(frozen=True)
class Rule:
    """Signed in, and: one of `roles` (any role if None); with `council`, also a council of one's own (a
    superuser without the role and a council does not pass: council records are only for council staff);
    with `check`, also whatever it says."""

    roles: frozenset[str] | None = None
    council: bool = False
    check: Callable | None = None

    def allows(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if self.council:
            if user.role not in (self.roles or ()) or user.council_id is None:
                return False
        elif self.roles is not None and not (user.is_superuser or user.role in self.roles):
            return False
        return self.check is None or bool(self.check(user))


def role_required(*roles: str, council: bool = False, check: Callable | None = None):
    """Anonymous: to the sign-in page. Signed in but not allowed by the rule: 403. Else the view runs."""
    rule = Rule(frozenset(roles) if roles else None, council, check)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule.allows(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule  # wraps() copies it onto any decorator applied outside this one
        return wrapped

    return decorator


# The national programme's roles, used across the temperature check, its analysis and coding pages.
PROGRAMME_TEAM = (Role.INTERVIEWER, Role.ANALYST)
ANALYSTS = (Role.ANALYST,)


@cache
def _rules_by_url_name() -> dict[str, Rule | None]:
    """Every named URL's rule (None where the view carries none), walked once from the URL configuration."""
    found: dict[str, Rule | None] = {}

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(namespace + pattern.name, getattr(pattern.callback, "access_rule", None))

    walk(get_resolver().url_patterns, "")
    return found


def can_open(user, url_name: str) -> bool:
    """Whether the user passes the role rule of the page `url_name` names (a page without one is open to
    all). Checks on one record (its council, its author) still happen in the view."""
    rules = _rules_by_url_name()
    if url_name not in rules:
        raise KeyError(f"No URL is named {url_name!r}")
    rule = rules[url_name]
    return rule is None or rule.allows(user)
