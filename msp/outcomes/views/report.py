"""The regional pooled outcome report as a download (PDF, Word or HTML), for the programme team and the
region's own regional lead; the `outcomes_report` command writes the same report."""

from __future__ import annotations

import datetime

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent, Role
from msp.councils.models import Region
from msp.outcomes import access
from msp.outcomes.periods import PeriodError, reporting_year, year_of
from msp.outcomes.report import build


def may_download(user, region: Region) -> bool:
    """The programme team, any region; a regional lead, their own (the link on the ranked page says the
    same)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.role in access.PROGRAMME:
        return True
    return user.role == Role.REGIONAL_LEAD and user.region_id == region.pk


@require_safe
def region_report(request, region: str, fmt: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    chosen = get_object_or_404(Region, gss_code=region)
    if not may_download(request.user, chosen):
        raise PermissionDenied
    if fmt not in build.FORMATS:
        raise Http404("No such format.")
    wanted = request.GET.get("year") or year_of(timezone.now() - datetime.timedelta(days=366))
    try:
        year = reporting_year(wanted).label
    except PeriodError as exc:
        raise Http404(str(exc)) from None
    generated = next(build.generate(chosen, year, [fmt]))
    audit(
        user=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="outcomes.RegionReport",
        object_id=chosen.gss_code,
        summary=f"Downloaded the {year} outcome report for {chosen.name} as {fmt.upper()}",
    )
    response = HttpResponse(generated.content, content_type=build.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{build.filename(chosen, year, fmt)}"'
    return response
