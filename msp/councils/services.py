"""Write the reference data (regions, councils, aliases, successors, boards) from the CSV files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from msp.councils.reference_data import DATA_DIR, ReferenceData, reference_data_read

COUNCIL_FIELDS = ("name", "short_name", "council_type", "valid_from", "valid_to", "cassr_code")


@dataclass
class LoadSummary:
    regions: int = 0
    regions_created: int = 0
    regions_updated: int = 0
    councils: int = 0
    councils_created: int = 0
    councils_updated: int = 0
    aliases: int = 0
    aliases_added: int = 0
    aliases_removed: int = 0
    successor_links: int = 0
    successors_changed: int = 0
    boards: int = 0
    boards_created: int = 0
    boards_updated: int = 0
    boards_removed: int = 0
    # Kept, not deleted: other records may point at them. Listed so someone decides.
    councils_not_in_files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.regions_created,
                self.regions_updated,
                self.councils_created,
                self.councils_updated,
                self.aliases_added,
                self.aliases_removed,
                self.successors_changed,
                self.boards_created,
                self.boards_updated,
                self.boards_removed,
            )
        )

    def lines(self) -> list[str]:
        lines = [
            f"Regions: {self.regions} ({self.regions_created} created, {self.regions_updated} updated)",
            f"Councils: {self.councils} ({self.councils_created} created, {self.councils_updated} updated)",
            f"Aliases: {self.aliases} ({self.aliases_added} added, {self.aliases_removed} removed)",
            f"Successor links: {self.successor_links} ({self.successors_changed} councils changed)",
            f"Boards: {self.boards} ({self.boards_created} created, {self.boards_updated} updated, "
            f"{self.boards_removed} removed)",
        ]
        if self.councils_not_in_files:
            lines.append(
                "In the database but not in councils.csv (kept): " + ", ".join(self.councils_not_in_files)
            )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _models(apps: Any) -> dict[str, Any]:
    """Real models normally; the historical ones when a data migration passes its `apps`."""
    if apps is None:
        from django.apps import apps as registry
    else:
        registry = apps
    names = ("Region", "Council", "CouncilAlias", "SafeguardingAdultsBoard")
    return {name: registry.get_model("councils", name) for name in names}


def councils_load(*, data_dir: Path = DATA_DIR, apps: Any = None) -> LoadSummary:
    """Upsert everything in the reference files; running it twice changes nothing the second time."""
    data = reference_data_read(data_dir)  # raises ReferenceDataError before any write
    models = _models(apps)
    summary = LoadSummary()
    with transaction.atomic():
        regions = _regions_upsert(data, models["Region"], summary)
        councils = _councils_upsert(data, models["Council"], regions, summary)
        _aliases_replace(data, models["CouncilAlias"], councils, summary)
        _successors_set(data, councils, summary)
        _boards_upsert(data, models["SafeguardingAdultsBoard"], councils, summary)
    return summary


def _regions_upsert(data: ReferenceData, Region: Any, summary: LoadSummary) -> dict[str, Any]:
    existing = {r.gss_code: r for r in Region.objects.all()}
    for row in data.regions:
        region = existing.get(row.gss_code)
        if region is None:
            region = Region(gss_code=row.gss_code, name=row.name)
            summary.regions_created += 1
        elif region.name != row.name:
            region.name = row.name
            summary.regions_updated += 1
        else:
            continue
        region.full_clean()
        region.save()
        existing[row.gss_code] = region
    summary.regions = len(data.regions)
    return existing


def _councils_upsert(data: ReferenceData, Council: Any, regions: dict[str, Any], summary: LoadSummary):
    existing = {c.gss_code: c for c in Council.objects.all()}
    for row in data.councils:
        wanted = {name: getattr(row, name) for name in COUNCIL_FIELDS}
        wanted["region_id"] = regions[row.region_code].pk
        council = existing.get(row.gss_code)
        if council is None:
            council = Council(gss_code=row.gss_code, **wanted)
            summary.councils_created += 1
        elif any(getattr(council, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(council, name, value)
            summary.councils_updated += 1
        else:
            continue
        council.full_clean(exclude=["successors"])
        council.save()
        existing[row.gss_code] = council
    in_files = {row.gss_code for row in data.councils}
    summary.councils = len(in_files)
    summary.councils_not_in_files = sorted(set(existing) - in_files)
    return existing


def _aliases_replace(data: ReferenceData, CouncilAlias: Any, councils: dict[str, Any], summary: LoadSummary):
    """Each council's aliases become exactly the file's list; unchanged rows are left alone."""
    in_files = [councils[row.gss_code].pk for row in data.councils]
    current: dict[tuple[int, str], int] = {
        (a.council_id, a.alias): a.pk for a in CouncilAlias.objects.filter(council_id__in=in_files)
    }
    wanted = {(councils[row.gss_code].pk, alias) for row in data.councils for alias in row.aliases}
    stale = [pk for key, pk in current.items() if key not in wanted]
    new = [CouncilAlias(council_id=cid, alias=alias) for cid, alias in sorted(wanted - set(current))]
    CouncilAlias.objects.filter(pk__in=stale).delete()
    CouncilAlias.objects.bulk_create(new)
    summary.aliases = len(wanted)
    summary.aliases_added = len(new)
    summary.aliases_removed = len(stale)


def _successors_set(data: ReferenceData, councils: dict[str, Any], summary: LoadSummary) -> None:
    for row in data.councils:
        council = councils[row.gss_code]
        wanted = {councils[code].pk for code in row.successor_gss_codes}
        if set(council.successors.values_list("pk", flat=True)) != wanted:
            council.successors.set(wanted)
            summary.successors_changed += 1
        summary.successor_links += len(wanted)


def _boards_upsert(data: ReferenceData, Board: Any, councils: dict[str, Any], summary: LoadSummary) -> None:
    existing = {b.name: b for b in Board.objects.prefetch_related("councils")}
    for row in data.boards:
        wanted = {councils[code].pk for code in row.council_gss_codes}
        board = existing.pop(row.name, None)
        if board is None:
            board = Board(name=row.name)
            board.full_clean(exclude=["councils"])
            board.save()
            summary.boards_created += 1
        elif {c.pk for c in board.councils.all()} != wanted:
            summary.boards_updated += 1
        else:
            continue
        board.councils.set(wanted)
    # A board missing from the file was renamed or merged; its members are in the file under the new name.
    summary.boards_removed = len(existing)
    Board.objects.filter(pk__in=[b.pk for b in existing.values()]).delete()
    summary.boards = len(data.boards)
