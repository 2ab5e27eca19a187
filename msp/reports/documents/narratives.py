"""Read and write the analysts' narrative for a report section (national, or one region's); saves are audited.

An edit names the revision it started from; if someone saved the section since, `StaleEditError` is
raised and nothing is written, so one analyst's text never silently replaces another's.
"""

from __future__ import annotations

from django.db import transaction

from msp.accounts.audit import audit, field_changes
from msp.accounts.models import AuditEvent
from msp.core.stale import check_revision
from msp.councils.models import Region
from msp.reports.models import Narrative
from msp.tempcheck.models import Wave

MAX_LENGTH = 20_000


FINDINGS = "findings"  # the slot of a section's findings paragraph, drafted from the figures until edited


def narrative_get(wave: Wave, region: Region | None, section: str, slot: str = "") -> Narrative | None:
    return (
        Narrative.objects.select_related("updated_by")
        .filter(wave=wave, region=region, section=section, slot=slot)
        .first()
    )


def narratives_by_section(wave: Wave, region: Region | None) -> dict[tuple[str, str], Narrative]:
    """{(section, slot): narrative}."""
    found = Narrative.objects.select_related("updated_by").filter(wave=wave, region=region)
    return {(n.section, n.slot): n for n in found}


def _clean(text: str) -> str:
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def narrative_save(
    *,
    wave: Wave,
    region: Region | None,
    section: str,
    text: str,
    user,
    expected_revision: int,
    slot: str = "",
) -> Narrative:
    """Write the section's text. Blank text keeps the row: the report then prints the section's draft or
    default text where it has one (findings, foreword, recommendations), and nothing otherwise."""
    with transaction.atomic():
        # Ordered by pk: the model's default ordering joins Region, and PostgreSQL cannot lock an outer join.
        narrative = (
            Narrative.objects.select_for_update()
            .filter(wave=wave, region=region, section=section, slot=slot)
            .order_by("pk")
            .first()
        )
        current = narrative.revision if narrative else 0
        # The error carries the newer text (None if it was never saved), for the page to show beside theirs.
        check_revision(narrative, current_revision=current, expected_revision=expected_revision)
        created = narrative is None
        narrative = narrative or Narrative(wave=wave, region=region, section=section, slot=slot)
        before = narrative.text
        narrative.text = _clean(text)
        narrative.revision = current + 1
        narrative.updated_by = user
        narrative.full_clean()
        narrative.save()
        where = region.name if region else "England"
        audit(
            user=user,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
            obj=narrative,
            changes=field_changes({"text": before}, {"text": narrative.text}),
            summary=f"Saved the {wave.code} report narrative '{narrative.get_section_display()}'"
            f"{f' [{slot}]' if slot else ''} ({where})",
        )
    return narrative
