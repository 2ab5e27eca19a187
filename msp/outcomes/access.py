"""Who sees which councils' figures (never a person-level record): council staff their own council, a board
member the board's councils, a regional lead the region's, the programme team every council. Whether a figure
is shown exact or published is msp.core.disclosure's decision."""

from __future__ import annotations

from msp.accounts.access import role_required
from msp.accounts.models import Role
from msp.councils.models import Council

DASHBOARD_STAFF = (Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD)  # a council's lead and managers
PROGRAMME = (Role.ANALYST,)


def visible_councils(user):
    """The councils whose dashboards the user may open (a queryset; empty for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    if user.is_superuser or user.role in PROGRAMME:
        return Council.objects.all()
    if user.role in DASHBOARD_STAFF and user.council_id:
        return Council.objects.filter(pk=user.council_id)
    if user.role == Role.SAB_MEMBER and user.board_id:
        return user.board.councils.all()
    if user.role == Role.REGIONAL_LEAD and user.region_id:
        return Council.objects.filter(region_id=user.region_id)
    return Council.objects.none()


def sees_figures(user) -> bool:
    return visible_councils(user).exists()


# Anonymous: to sign in. Signed in with no councils' figures to see: 403.
figures_required = role_required(check=sees_figures)
