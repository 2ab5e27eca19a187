"""Public pages of the partner alert form: no account, rate limited, and nothing shown but what was sent."""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage

from msp.cases import alert_steps as steps
from msp.cases.alert import HONEYPOT, AlertSubmission, alert_submit
from msp.cases.alert_steps import STEPS, Step
from msp.cases.services import new_reference
from msp.cases.views._common import add_errors
from msp.councils.models import Council

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

    Only sending counts (from check answers, or a caught bot), so someone correcting mistakes or moving
    between question pages is never locked out of a report they are still writing.
    """
    waits = []
    for key, rate in (("ip", alert_rate), (_everyone, alert_rate_all)):
        usage = get_usage(request, group=RATE_GROUP, key=key, rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            waits.append(max(1, math.ceil(usage["time_left"] / 60)))
    return max(waits) if waits else None


PAGE_TITLE = "Report a safeguarding concern about an adult"


@never_cache
@require_safe
def alert_start(request):
    return render(
        request,
        "cases/alert/alert_start.html",
        {"page_title": PAGE_TITLE, "first": STEPS[0], "started": bool(steps.saved(request.session))},
    )


def _back_url(step: Step, returning: bool) -> str:
    if returning:
        return reverse("cases_alert:check")
    index = STEPS.index(step)
    return STEPS[index - 1].url if index else reverse("cases_alert:new")


def _council_context(request, submission: AlertSubmission, errors: list) -> dict:
    """The council page: a search box, and the councils it finds offered as radios (no JavaScript needed)."""
    query = request.GET.get("q", request.POST.get("q", "")).strip()
    chosen = submission.form["council"].value() or ""
    if not query and chosen:
        query = Council.objects.filter(gss_code=chosen).values_list("short_name", flat=True).first() or ""
    results = steps.council_results(query) if query else []
    if not results and submission.form.has_error("council"):
        # Nothing to select yet: the error belongs to the search box.
        errors = [{"message": "Enter the name of the council area, then select it", "anchor": "id_q"}]
    submission.form.fields["council"].choices = results
    return {"query": query, "results": results, "searched": bool(query), "errors": errors}


@never_cache
@require_http_methods(["GET", "POST"])
def alert_step(request, slug):
    step = steps.BY_SLUG.get(slug)
    if step is None:
        raise Http404("No such question page.")
    returning = request.GET.get("change") == "1"
    if request.method == "POST":
        if steps.honeypot_filled(request.POST):
            request.session[steps.BOT_KEY] = True
        submission = AlertSubmission(steps.merged(request.session, step, request.POST))
        if submission.adding_row:  # kept unjudged, with the new row
            added = request.POST.copy()
            added["outcome-TOTAL_FORMS"] = str(submission.outcomes.total_form_count())
            steps.save_step(request.session, step, added)
            errors = []
        else:
            errors = steps.judge(submission, step)
            if not errors:
                steps.save_step(request.session, step, request.POST)
                following = STEPS[STEPS.index(step) + 1 :]
                if returning or not following:
                    return redirect("cases_alert:check")
                return redirect(following[0].url)
    else:
        answers = steps.merged(request.session)
        submission = AlertSubmission(answers if answers else None)
        if answers:
            submission.show_unjudged()
        errors = []
    context = {
        "page_title": step.title,
        "step": step,
        "number": STEPS.index(step) + 1,
        "count": len(STEPS),
        "form": submission.form,
        "fields": [submission.form[name] for name in step.fields],
        "outcomes": submission.outcomes,
        "submission": submission,
        "errors": errors,
        "honeypot": HONEYPOT,
        "returning": returning,
        "back_url": _back_url(step, returning),
    }
    if step.slug == "council":
        context |= _council_context(request, submission, errors)
    template = f"cases/alert/step_{step.slug.replace('-', '_')}.html"
    return render(request, [template, "cases/alert/step.html"], context)


@never_cache
@require_http_methods(["GET", "POST"])
def alert_check(request):
    """Check your answers, then send. Only a report that would be accepted counts against the limits."""
    is_bot = bool(request.session.get(steps.BOT_KEY)) or (
        request.method == "POST" and steps.honeypot_filled(request.POST)
    )
    unfinished = steps.first_unfinished(request.session)
    if unfinished is not None and not (is_bot and request.method == "POST"):
        return redirect(unfinished.url)
    submission = AlertSubmission(steps.merged(request.session))
    wait = None
    if request.method == "POST":
        wait = over_limit(request)
        if wait is None and is_bot:
            # Same answer as a real report, with a reference that belongs to nothing.
            log.warning("Alert form: honeypot filled; nothing recorded")
            steps.forget(request.session)
            request.session[SESSION_KEY] = new_reference()
            return redirect("cases_alert:done")
        if wait is None:
            submission.is_valid()
            try:
                concern = alert_submit(alert=submission.alert())
            except ValidationError as error:
                add_errors(submission.form, error)
            else:
                steps.forget(request.session)
                request.session[SESSION_KEY] = concern.reference
                return redirect("cases_alert:done")
        else:
            log.warning("Alert form: rate limit reached; nothing recorded")
    submission.is_valid()
    return render(
        request,
        "cases/alert/check.html",
        {
            "page_title": "Check your answers before sending your report",
            "pages": steps.summary(submission),
            "errors": submission.errors(),
            "has_errors": bool(submission.form.non_field_errors()),
            "wait_minutes": wait,
            "honeypot": HONEYPOT,
            "back_url": STEPS[-1].url,
        },
        status=429 if wait else 200,
    )


@never_cache
@require_safe
def alert_done(request):
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("cases_alert:new")
    return render(
        request, "cases/alert/alert_done.html", {"page_title": "Concern reported", "reference": reference}
    )
