"""Public pages of the partner alert form: no account, rate limited, and nothing shown but what was sent."""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage

from msp.cases.alert import HONEYPOT, AlertSubmission, alert_submit
from msp.cases.services import new_reference
from msp.cases.views._common import add_errors

log = logging.getLogger(__name__)

SESSION_KEY = "msp_alert_reference"  # the one reference this browser may see again
RATE_GROUP = "msp.cases.alert"


def alert_rate(group, request) -> str:
    """Reports from one address, read at request time so settings (and tests) can change it: '30/h' is thirty
    an hour, enough for a busy hospital's ward staff behind one address."""
    return settings.MSP_ALERT_RATE


def alert_rate_all(group, request) -> str:
    """Reports from every address together: a flood from many addresses stops here."""
    return settings.MSP_ALERT_RATE_ALL


def _everyone(group, request) -> str:
    return "all"


def over_limit(request) -> int | None:
    """Count one accepted submission (or honeypot catch) from this client's address and in all; minutes to
    wait when either is over its limit, else None.

    Only submissions that would be accepted count, so someone correcting mistakes or adding outcome rows
    is never locked out of a report they are still writing.
    """
    waits = []
    for key, rate in (("ip", alert_rate), (_everyone, alert_rate_all)):
        usage = get_usage(request, group=RATE_GROUP, key=key, rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            waits.append(max(1, math.ceil(usage["time_left"] / 60)))
    return max(waits) if waits else None


def _page(request, submission: AlertSubmission, *, status: int = 200, wait_minutes: int | None = None):
    return render(
        request,
        "cases/alert/alert_form.html",
        {
            "page_title": "Report a safeguarding concern about an adult",
            "form": submission.form,
            "outcomes": submission.outcomes,
            "submission": submission,
            "errors": submission.errors(),
            "wait_minutes": wait_minutes,
            "honeypot": HONEYPOT,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def alert_new(request):
    submission = AlertSubmission(request.POST if request.method == "POST" else None)
    if request.method == "GET" or (submission.adding_row and not submission.is_bot):
        return _page(request, submission)
    if not (submission.is_bot or submission.is_valid()):
        return _page(request, submission)
    wait = over_limit(request)
    if wait is not None:
        log.warning("Alert form: rate limit reached; nothing recorded")
        return _page(request, submission, status=429, wait_minutes=wait)
    if submission.is_bot:
        # Same answer as a real report, with a reference that belongs to nothing.
        log.warning("Alert form: honeypot filled; nothing recorded")
        request.session[SESSION_KEY] = new_reference()
        return redirect("cases_alert:done")
    try:
        concern = alert_submit(alert=submission.alert())
    except ValidationError as error:
        add_errors(submission.form, error)
        return _page(request, submission)
    request.session[SESSION_KEY] = concern.reference
    return redirect("cases_alert:done")


@never_cache
@require_safe
def alert_done(request):
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("cases_alert:new")
    return render(
        request, "cases/alert/alert_done.html", {"page_title": "Concern reported", "reference": reference}
    )
