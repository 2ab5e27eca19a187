"""Files that bring figures in: a return made elsewhere (the long format of docs/sac.md), for councils that
record cases in another system, and comparator groups. Every row is checked first; a file with any problem
names each one (file, row, column, value, why) and imports nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from msp.accounts.audit import audit
from msp.core import tabular
from msp.core.tabular import CollectsProblems, ImportProblem
from msp.councils.models import ComparatorGroup, Council
from msp.outcomes.figures import store_cells
from msp.outcomes.layout import layout_for
from msp.outcomes.models import FigureSet
from msp.outcomes.periods import PeriodError, reporting_year

RETURN_COLUMNS = ("council_gss", "year", "table", "row", "column", "value")
GROUP_COLUMNS = ("council_gss", "group", "from_year", "member_gss")
NOT_SUBMITTED = ("", "[x]")
WORDING = tabular.FileWording(
    max_bytes=20 * 1024 * 1024,
    too_large_fix="Split it into files smaller than 20 MB, for example a file per council.",
    headings_fix="Put the column names in row 1.",
    size_format=".0f",
    unsupported=(".xls", ".ods"),
    utf16=None,
    not_utf8="the file is not UTF-8 text (line {line} cannot be read)",
    encoding_fix="In Excel choose Save As, 'CSV UTF-8 (Comma delimited)'.",
)


@dataclass
class UploadReport(CollectsProblems):
    file: str
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # what was stored, one line each


def _open(name: str, data: bytes, columns: tuple[str, ...], report: UploadReport):
    """(the table, the position of each column), or (None, None) with the problems reported."""
    table = tabular.read_table(name, data, report, WORDING)
    if table is None:
        return None, None
    found = {tabular.cell_text(h).strip().lower(): i for i, h in enumerate(table.header)}
    missing = [c for c in columns if c not in found]
    for column in missing:
        report.problem(
            "missing_column", f"there is no column `{column}`", f"Row 1 must name: {', '.join(columns)}."
        )
    return (None, None) if missing else (table, {c: found[c] for c in columns})


def _council(text: str, cache: dict) -> Council | None:
    if text not in cache:
        cache[text] = Council.objects.filter(gss_code=text.strip().upper()).first()
    return cache[text]


def _year(text: str) -> str | None:
    try:
        return reporting_year(text).label
    except PeriodError:
        return None


def upload_return(name: str, data: bytes, *, user=None, council=None, dry_run: bool = False) -> UploadReport:
    """A return made elsewhere: one council-year per group of rows. `council`: only that council's rows are
    allowed (a council lead uploading their own). A council-year with figures computed from MSP's records is
    refused: its records are the source. Cells left out, blank or `[x]` are not submitted."""
    report = UploadReport(file=name)
    table, at = _open(name, data, RETURN_COLUMNS, report)
    if table is None:
        return report
    councils: dict = {}
    sets: dict[tuple[Council, str], dict] = {}
    seen: dict = {}
    known_cells: dict[str, set] = {}  # the cells of each year's layout, built once
    for number, cells in table.rows:
        raw = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}

        def problem(rule, column, message, fix="", raw=raw, number=number):
            report.problem(rule, message, fix, row=number, column=column, value=raw[column])

        target = _council(raw["council_gss"], councils)
        year = _year(raw["year"])
        if target is None:
            problem("unknown_council", "council_gss", f"'{raw['council_gss']}' is not a council's GSS code")
            continue
        if council is not None and target.pk != council.pk:
            problem("other_council", "council_gss", f"you may upload only {council.name}'s return")
            continue
        if year is None:
            problem("bad_year", "year", f"'{raw['year']}' is not a reporting year", "Write it as 2023-24.")
            continue
        cell = (raw["table"], raw["row"], raw["column"])
        if year not in known_cells:
            known_cells[year] = set(layout_for(year).cells())
        if cell not in known_cells[year]:
            problem(
                "unknown_cell",
                "row",
                f"{' / '.join(cell)} is not a cell of the {year} return",
                "Use the tables, rows and columns of docs/sac.md exactly.",
            )
            continue
        key = (target.pk, year, cell)
        if key in seen:
            problem("duplicate_cell", "table", f"this cell is also on row {seen[key]}")
            continue
        seen[key] = number
        if cell[0] == "DERIVED":
            continue  # worked out again from the counts
        value = _value(raw["value"])
        if value is False:
            problem(
                "bad_value",
                "value",
                f"'{raw['value']}' is not a count",
                "Give a whole number of 0 or more, or leave it blank (or [x]) when not submitted.",
            )
            continue
        sets.setdefault((target, year), {})[cell] = value
    _refuse_computed(sets, report)
    if report.ok:
        for (target, year), values in sets.items():
            missing = len([c for c in layout_for(year).counted_cells() if c not in values])
            if missing:
                report.warnings.append(
                    f"{target.name} {year}: {missing} cells not in the file are not submitted ([x])"
                )
        if not dry_run:
            _write_return(name, sets, user)
        verb = "Would store" if dry_run else "Stored"
        report.written = [f"{verb} {target.name} {year}" for target, year in sets]
    return report


def _value(text: str) -> int | bool | None:
    """The count, None when not submitted, False when it is not a count."""
    if text.lower() in NOT_SUBMITTED:
        return None
    cleaned = text.replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    return False


def _refuse_computed(sets: dict, report: UploadReport) -> None:
    for target, year in sets:
        computed = FigureSet.objects.filter(
            council=target, year=year, source=FigureSet.Source.COMPUTED, empty=False
        ).exists()
        if computed:
            report.problem(
                "computed_from_records",
                f"{target.name} has case records in MSP for {year}: its return is computed from them",
                "Correct the records instead, or leave this council out of the file.",
            )


def _write_return(name: str, sets: dict, user) -> None:
    now = timezone.now()
    with transaction.atomic():
        for (target, year), values in sets.items():
            FigureSet.objects.filter(council=target, year=year).delete()
            figure_set = FigureSet.objects.create(
                council=target,
                year=year,
                source=FigureSet.Source.UPLOADED,
                refreshed_at=now,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
                file_name=name[:200],
            )
            store_cells(figure_set, values)
            audit(
                user=user,
                action="import",
                object_type="outcomes.FigureSet",
                object_id=str(figure_set.pk),
                council=target,
                summary=f"Return {year} uploaded from {name}"[:300],
            )


def upload_groups(name: str, data: bytes, *, user=None, dry_run: bool = False) -> UploadReport:
    """Comparator groups: one row per member (council_gss, group, from_year, member_gss). A group already
    imported with the same council, name and first year is replaced; earlier versions stay."""
    report = UploadReport(file=name)
    table, at = _open(name, data, GROUP_COLUMNS, report)
    if table is None:
        return report
    councils: dict = {}
    groups: dict[tuple[Council, str, str], list[Council]] = {}
    for number, cells in table.rows:
        raw = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}
        where: dict[str, Any] = {"row": number}
        owner, member = _council(raw["council_gss"], councils), _council(raw["member_gss"], councils)
        year = _year(raw["from_year"])
        for column, found in (("council_gss", owner), ("member_gss", member)):
            if found is None:
                report.problem(
                    "unknown_council",
                    f"'{raw[column]}' is not a council's GSS code",
                    column=column,
                    value=raw[column],
                    **where,
                )
        if year is None:
            report.problem(
                "bad_year",
                f"'{raw['from_year']}' is not a reporting year",
                "Write it as 2023-24.",
                column="from_year",
                value=raw["from_year"],
                **where,
            )
        if not raw["group"]:
            report.problem("required", "the group needs a name", column="group", **where)
        if owner is None or member is None or year is None or not raw["group"]:
            continue
        members = groups.setdefault((owner, raw["group"], year), [])
        if member in members:
            report.warnings.append(
                f"row {number}: {member.name} is listed twice in '{raw['group']}'; kept once"
            )
        else:
            members.append(member)
    if not report.ok:
        return report
    if not dry_run:
        with transaction.atomic():
            for (owner, group_name, year), members in groups.items():
                ComparatorGroup.objects.filter(council=owner, name=group_name, from_year=year).delete()
                group = ComparatorGroup.objects.create(
                    council=owner, name=group_name, from_year=year, kind=ComparatorGroup.Kind.IMPORTED
                )
                group.members.set(members)
    verb = "Would store" if dry_run else "Stored"
    report.written = [
        f"{verb} '{g}' for {o.name} from {y} ({len(m)} councils)" for (o, g, y), m in groups.items()
    ]
    return report
