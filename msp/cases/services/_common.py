"""What every case service shares: the stale-save check, snapshots for the audit log."""

from __future__ import annotations

from django.forms.models import model_to_dict

from msp.accounts.audit import audit, field_changes
from msp.core.stale import check_revision


def lock_and_check(obj, expected_revision: int | None):
    """Lock the row, refuse a stale save, and move obj to the next revision (compare-and-swap)."""
    current = type(obj).objects.select_for_update().only("revision").get(pk=obj.pk)
    check_revision(obj, current_revision=current.revision, expected_revision=expected_revision)
    obj.revision = current.revision + 1


def snapshot(obj, fields) -> dict:
    data = model_to_dict(obj, fields=list(fields))
    return {name: data.get(name) for name in fields}


def audit_change(*, user, obj, before: dict, fields, summary: str) -> None:
    """One audit event with the fields that changed; nothing is written when nothing changed."""
    changes = field_changes(before, snapshot(obj, fields))
    if changes:
        audit(user=user, action="change", obj=obj, summary=summary, changes=changes)


def audit_create(*, user, obj, fields, summary: str) -> None:
    after = snapshot(obj, fields)
    audit(
        user=user,
        action="create",
        obj=obj,
        summary=summary,
        changes=field_changes({}, after),
    )
