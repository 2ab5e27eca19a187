"""Read-only JSON API over case records: concerns (list, detail) and people, scoped and audited like pages."""

from __future__ import annotations

from functools import wraps

from django.core.paginator import EmptyPage
from django.db.models import Count, prefetch_related_objects
from django.http import Http404, JsonResponse

from msp.accounts.audit import audit
from msp.cases.choices import ConcernStatus
from msp.cases.models import Concern, Person
from msp.cases.rules import spoken_within_24_hours
from msp.cases.scope import RECORDERS, can, council_of, for_user, get_for_user
from msp.cases.selectors import asked_answer, asked_answer_label, case_detail
from msp.cases.views._common import viewed
from msp.core.paging import RecordPaginator

PAGE_SIZE = 50


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def api_view(view):
    """GET only (405), signed in (401, not a redirect), council staff (403); a 404 is JSON too."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET":
            response = _error(405, "method not allowed")
            response["Allow"] = "GET"
            return response
        if not request.user.is_authenticated:
            return _error(401, "not signed in")
        if not can(request.user, RECORDERS):
            return _error(403, "forbidden")
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _error(404, "not found")

    return wrapped


def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other path under the API: JSON, not the site's HTML 404 page."""
    return _error(404, "not found")


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# --- Concerns -----------------------------------------------------------------------------------------------


def _concern_row(concern: Concern) -> dict:
    """A list row: no names, no free text; the person by id only."""
    return {
        "id": concern.pk,
        "reference": concern.reference,
        "received_at": _iso(concern.received_at),
        "status": concern.status,
        "decision": concern.decision,
        "is_repeat": concern.is_repeat,
        "risk_types": concern.risk_type_codes,
        "location": concern.location,
        "outcome_count": concern.outcome_count,
        "person_id": concern.person_id,
    }


@api_view
def concern_list(request):
    status = request.GET.get("status", "")
    if status and status not in ConcernStatus.values:
        return _error(400, f"status must be one of: {', '.join(ConcernStatus.values)}")
    rows = for_user(Concern.objects.all(), request.user).order_by("-received_at", "-id")
    if status:
        rows = rows.filter(status=status)
    # The list shows the person's id, never their name; the outcome count is made for the page's rows only.
    detail = rows.prefetch_related("risk_types").annotate(outcome_count=Count("outcomes"))
    try:
        number = int(request.GET.get("page", "1"))
        page = RecordPaginator(rows, PAGE_SIZE, detail=detail).page(number)
    except ValueError:
        return _error(400, "page must be a whole number")
    except EmptyPage:
        return _error(404, "not found")
    audit(
        user=request.user,
        action="view",
        object_type="cases.Concern",
        council=council_of(request.user),
        summary=f"Concern list (API, page {number}{f', {status}' if status else ''})",
        request=request,
    )
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "page_size": PAGE_SIZE,
            "results": [_concern_row(c) for c in page.object_list],
        }
    )


def _outcome(outcome) -> dict:
    return {
        "id": outcome.pk,
        "category": {"code": outcome.category.code, "label": outcome.category.label},
        "own_words": outcome.own_words,
        "stage": outcome.stage,
        "status": outcome.status,
        "achievement": outcome.achievement,
    }


def _enquiry(concern: Concern) -> dict | None:
    enquiry = getattr(concern, "enquiry", None)
    if enquiry is None:
        return None
    prefetch_related_objects([enquiry], "involvement")
    return {
        "id": enquiry.pk,
        "started_at": _iso(enquiry.started_at),
        "first_contact_at": _iso(enquiry.first_contact_at),
        # Derived, never stored: None when first contact is not recorded (unknown is not "no").
        "spoken_within_24_hours": spoken_within_24_hours(concern.received_at, enquiry.first_contact_at),
        "involvement": enquiry.involvement_codes,
        "capacity": enquiry.capacity,
        "capacity_support": enquiry.capacity_support,
        "risk_result": enquiry.risk_result,
        "risk_outcome": enquiry.risk_outcome,
        "closed_at": _iso(enquiry.closed_at),
    }


def _concern(concern: Concern) -> dict:
    return {
        "id": concern.pk,
        "reference": concern.reference,
        "person_id": concern.person_id,
        "channel": concern.channel,
        "status": concern.status,
        "received_at": _iso(concern.received_at),
        "referrer_type": concern.referrer_type,
        "referrer_name": concern.referrer_name,
        "referrer_contact": concern.referrer_contact,
        "risk_types": concern.risk_type_codes,
        "location": concern.location,
        "source_of_risk": concern.source_of_risk,
        "what_happened": concern.what_happened,
        "is_repeat": concern.is_repeat,
        "decision_due_at": _iso(concern.decision_due_at),
        "decision": concern.decision,
        "criteria": {"a": concern.criterion_a, "b": concern.criterion_b, "c": concern.criterion_c},
        "decision_reason": concern.decision_reason,
        "no_enquiry_outcome": concern.no_enquiry_outcome,
        "decided_at": _iso(concern.decided_at),
        "three_questions": {
            "wants_to_happen": concern.wants_to_happen,
            "involvement_wishes": concern.involvement_wishes,
            "outcomes_asked": concern.outcomes_asked,
            "outcomes_not_asked_reason": concern.outcomes_not_asked_reason,
            "said_by": concern.said_by,
        },
        "outcomes": [_outcome(o) for o in concern.outcomes.all()],
        # SAC "asked about desired outcomes", derived from the record (selectors.asked_answer).
        "asked_about_outcomes": {"code": asked_answer(concern), "label": asked_answer_label(concern)},
        "enquiry": _enquiry(concern),
    }


@api_view
def concern_detail(request, pk: int):
    try:
        concern = case_detail(request.user, pk)
    except Concern.DoesNotExist:
        raise Http404 from None
    viewed(request, concern, summary="API")
    return JsonResponse(_concern(concern))


# --- People -------------------------------------------------------------------------------------------------


@api_view
def person_detail(request, pk: int):
    person = get_for_user(Person.objects.prefetch_related("representatives"), request.user, pk=pk)
    viewed(request, person, summary="API")
    concern_ids = list(person.concerns.order_by("-received_at", "-id").values_list("pk", flat=True))
    return JsonResponse(
        {
            "id": person.pk,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "known_as": person.known_as,
            "date_of_birth": _iso(person.date_of_birth),
            "nhs_number": person.nhs_number,
            "gender": person.gender,
            "ethnicity": person.ethnicity,
            "support_reason": person.support_reason,
            "area": person.area,
            "representatives": [
                {"kind": r.kind, "name": r.name, "contact": r.contact} for r in person.representatives.all()
            ],
            "concern_ids": concern_ids,
        }
    )
