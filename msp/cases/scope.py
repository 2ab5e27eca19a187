"""Who sees and does what: case querysets go through `for_user`, case views through
`msp.accounts.access.role_required(*RECORDERS, council=True)`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from msp.accounts.access import Rule
from msp.accounts.models import Role

# What each council role may do. Team managers and leads can do everything a practitioner can.
RECORDERS = (Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD)
DECIDERS = (Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD)  # decide on concerns, assign lead workers, close
CONFIGURERS = (Role.SAFEGUARDING_LEAD,)  # council settings and the outcome category list


def council_of(user):
    """The council whose records the user may see, or None. Superusers are not council staff: None."""
    if not getattr(user, "is_authenticated", False) or user.role not in RECORDERS:
        return None
    return user.council


def can(user, roles) -> bool:
    """Has one of the roles AND a council (a superuser without a council cannot work cases)."""
    return Rule(frozenset(roles), council=True).allows(user)


def for_user(queryset: QuerySet, user) -> QuerySet:
    """Only the user's council's rows; nothing for anyone who is not council staff."""
    council = council_of(user)
    if council is None:
        return queryset.none()
    return queryset.filter(council=council)


def get_for_user(queryset: QuerySet, user, **lookup):
    """One row of the user's council, or 404: another council's record is never confirmed to exist."""
    return get_object_or_404(for_user(queryset, user), **lookup)
