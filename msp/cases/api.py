"""Read-only JSON API over case records: concerns (list, detail) and people, scoped and audited like pages.
Served by the project's one API (msp.api.main), which describes it in /api/openapi.json; session only."""

from __future__ import annotations

from typing import Annotated

from django.core.paginator import EmptyPage
from django.db.models import Count, prefetch_related_objects
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import AuthorizationError, HttpError
from ninja.security import SessionAuth
from pydantic import Field

from msp.accounts.audit import audit
from msp.api.schemas import Error
from msp.cases.choices import ConcernStatus
from msp.cases.models import Concern, Person
from msp.cases.rules import spoken_within_24_hours
from msp.cases.scope import RECORDERS, can, council_of, for_user, get_for_user
from msp.cases.selectors import asked_answer, asked_answer_label, case_detail
from msp.cases.views._common import viewed
from msp.core.paging import RecordPaginator

PAGE_SIZE = 50

DateTime = Annotated[str | None, Field(json_schema_extra={"format": "date-time"})]
Date = Annotated[str | None, Field(json_schema_extra={"format": "date"})]


class CouncilStaff(SessionAuth):
    """The site's session: a practitioner, team manager or safeguarding lead of a council (403 for anyone
    else signed in). API tokens do not open person-level records."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and not can(user, RECORDERS):
            raise AuthorizationError(403, "forbidden")
        return user


ERRORS = {401: Error, 403: Error, 404: Error}
router = Router(auth=CouncilStaff(), tags=["cases"])


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# --- Concerns -----------------------------------------------------------------------------------------------


class ConcernRow(Schema):
    id: int
    reference: str
    received_at: DateTime
    status: str
    decision: str
    is_repeat: bool | None
    risk_types: list[str]
    location: str
    outcome_count: int = Field(description="Desired outcomes recorded, withdrawn ones too.")
    person_id: int


class ConcernPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[ConcernRow]


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


@router.get(
    "/concerns/",
    response={200: ConcernPage, 400: Error, **ERRORS},
    url_name="concerns",
    summary="Concerns",
)
def concern_list(request, page: str = "1", status: str = ""):
    """The council's concerns, newest received first, 50 a page; `status` one of awaiting_decision,
    in_enquiry, closed. No names and no free text: the person by id only."""
    if status and status not in ConcernStatus.values:
        raise HttpError(400, f"status must be one of: {', '.join(ConcernStatus.values)}")
    rows = for_user(Concern.objects.all(), request.user).order_by("-received_at", "-id")
    if status:
        rows = rows.filter(status=status)
    # The list shows the person's id, never their name; the outcome count is made for the page's rows only.
    detail = rows.prefetch_related("risk_types").annotate(outcome_count=Count("outcomes"))
    try:
        number = int(page)
        found = RecordPaginator(rows, PAGE_SIZE, detail=detail).page(number)
    except ValueError:
        raise HttpError(400, "page must be a whole number") from None
    except EmptyPage:
        raise Http404 from None
    audit(
        user=request.user,
        action="view",
        object_type="cases.Concern",
        council=council_of(request.user),
        summary=f"Concern list (API, page {number}{f', {status}' if status else ''})",
    )
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [_concern_row(c) for c in found.object_list],
    }


class CodeLabel(Schema):
    code: str
    label: str


class Outcome(Schema):
    id: int
    category: CodeLabel
    own_words: str
    stage: str
    status: str
    achievement: str


class Criteria(Schema):
    a: bool | None
    b: bool | None
    c: bool | None


class ThreeQuestions(Schema):
    wants_to_happen: str
    involvement_wishes: str
    outcomes_asked: str
    outcomes_not_asked_reason: str
    said_by: str


class EnquiryOut(Schema):
    id: int
    started_at: DateTime
    first_contact_at: DateTime
    spoken_within_24_hours: bool | None = Field(
        description="Derived; null while first contact is not recorded."
    )
    involvement: list[str]
    capacity: str
    capacity_support: str
    risk_result: str
    risk_outcome: str
    closed_at: DateTime


class ConcernDetail(Schema):
    id: int
    reference: str
    person_id: int
    channel: str
    status: str
    received_at: DateTime
    referrer_type: str
    referrer_name: str
    referrer_contact: str
    risk_types: list[str]
    location: str
    source_of_risk: str
    what_happened: str
    is_repeat: bool | None
    decision_due_at: DateTime
    decision: str
    criteria: Criteria
    decision_reason: str
    no_enquiry_outcome: str
    decided_at: DateTime
    three_questions: ThreeQuestions
    outcomes: list[Outcome]
    asked_about_outcomes: CodeLabel = Field(description="The SAC answer, derived from the record.")
    enquiry: EnquiryOut | None


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


@router.get(
    "/concerns/{int:pk}/", response={200: ConcernDetail, **ERRORS}, url_name="concern", summary="Concern"
)
def concern_detail(request, pk: int):
    """The concern, the three questions, its desired outcomes and its enquiry, with the derived answers."""
    try:
        concern = case_detail(request.user, pk)
    except Concern.DoesNotExist:
        raise Http404 from None
    viewed(request, concern, summary="API")
    return _concern(concern)


# --- People -------------------------------------------------------------------------------------------------


class Representative(Schema):
    kind: str
    name: str
    contact: str


class PersonDetail(Schema):
    id: int
    given_name: str
    family_name: str
    known_as: str
    date_of_birth: Date
    nhs_number: str
    gender: str
    ethnicity: str
    support_reason: str
    area: str
    representatives: list[Representative]
    concern_ids: list[int] = Field(description="Newest first.")


@router.get("/people/{int:pk}/", response={200: PersonDetail, **ERRORS}, url_name="person", summary="Person")
def person_detail(request, pk: int):
    """The person's details, representatives and concerns (by id)."""
    person = get_for_user(Person.objects.prefetch_related("representatives"), request.user, pk=pk)
    viewed(request, person, summary="API")
    concern_ids = list(person.concerns.order_by("-received_at", "-id").values_list("pk", flat=True))
    return {
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
