"""A person's right of access (UK GDPR Article 15): everything MSP holds about one person, and who looked.

`gather` reads the person, their representatives, every concern with its risk types and desired outcomes (and
each outcome's history), every enquiry with its involvement, actions and feedback, and the audit trail of all
of those records (who viewed, changed or exported them, and when). The same content is given as JSON, for
the council's information governance team, and as a PDF to send to the person.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from msp.accounts.models import AuditEvent
from msp.cases.models import Concern, Person

# Internal bookkeeping, not information about the person.
LEFT_OUT = {
    "id",
    "council",
    "person",
    "concern",
    "enquiry",
    "outcome",
    "revision",
    "created_by",
    "search_name",
}


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.attname)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if field.is_relation and value is not None:
        related = getattr(obj, field.name)
        return str(related)  # a category's label, a worker's name
    return value


def record(obj: models.Model) -> dict[str, Any]:
    """A record's fields by their labels, choices as their labels, empty ones left out."""
    found = {}
    for field in obj._meta.concrete_fields:
        if field.name in LEFT_OUT:
            continue
        value = _value(obj, field)
        if value not in (None, "", [], {}):
            label = str(field.verbose_name)
            found[label[:1].upper() + label[1:]] = value
    return found


def gather(person: Person) -> dict[str, Any]:
    concerns = (
        Concern.objects.filter(person=person)
        .select_related("decided_by", "enquiry", "enquiry__lead_worker", "enquiry__closed_by")
        .prefetch_related("risk_types", "outcomes__category", "outcomes__changes")
        .order_by("received_at", "pk")
    )
    held = {"cases.Person": [person.pk], "cases.Concern": [], "cases.Enquiry": []}
    items = []
    for concern in concerns:
        held["cases.Concern"].append(concern.pk)
        item = {
            "reference": concern.reference,
            "concern": record(concern),
            "types_of_risk": [str(r) for r in concern.risk_types.all()],
            "desired_outcomes": [
                {**record(o), "history": [record(c) for c in o.changes.all()]} for o in concern.outcomes.all()
            ],
        }
        enquiry = getattr(concern, "enquiry", None)
        if enquiry is not None:
            held["cases.Enquiry"].append(enquiry.pk)
            item["enquiry"] = {
                **record(enquiry),
                "involvement": [record(i) for i in enquiry.involvement.all()],
                "actions": [record(a) for a in enquiry.actions.all()],
                "feedback": [record(f) for f in enquiry.feedback.all()],
            }
        items.append(item)
    return {
        "produced_at": timezone.localtime().isoformat(timespec="seconds"),
        "council": str(person.council),
        "person": record(person),
        "representatives": [record(r) for r in person.representatives.all()],
        "concerns": items,
        "access_log": access_log(held),
    }


def access_log(held: dict[str, list[int]]) -> list[dict[str, str]]:
    """Who viewed, changed or exported the person's records, oldest first."""
    wanted = Q(pk__in=[])
    for object_type, ids in held.items():
        if ids:
            wanted |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    events = AuditEvent.objects.filter(wanted).select_related("user").order_by("at", "pk")
    return [
        {
            "when": timezone.localtime(e.at).isoformat(timespec="seconds"),
            "who": e.user.display_name if e.user else "No signed-in user (an import or the partner form)",
            "what": e.get_action_display(),
            "record": e.object_type.split(".")[-1],
            "summary": e.summary,
        }
        for e in events
    ]


def as_json(content: dict) -> bytes:
    return json.dumps(content, indent=1, ensure_ascii=False, default=str).encode("utf-8")


def as_pdf(content: dict) -> bytes:
    """The same content as a document to send to the person: UK dates and times, yes and no."""
    from weasyprint import HTML

    html = render_to_string("cases/subject_access.html", {"content": _for_reading(content)})
    return HTML(string=html).write_pdf()


def _for_reading(value):
    if isinstance(value, dict):
        return {k: _for_reading(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_for_reading(v) for v in value]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return f"{moment:%d/%m/%Y}"
        return f"{timezone.localtime(moment) if timezone.is_aware(moment) else moment:%d/%m/%Y %H:%M}"
    return value
