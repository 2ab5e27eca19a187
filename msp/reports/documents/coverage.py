"""The report's "Method and coverage" section: how the wave was run, how far it reached, who answered."""

from __future__ import annotations

from msp.core.stats import percent, percent_exact, round_half_up
from msp.reports.documents.content import DataTable, Paragraph, Row, Section, cell
from msp.reports.documents.inputs import ROLE_LABELS, Coverage, WaveData
from msp.reports.documents.layout import ENGLAND, Scope, pct

NOT_SHOWN = "Not shown"


def _share(part: int | None, whole: int) -> str:
    if part is None:
        return NOT_SHOWN
    # Not `percent`, which refuses a part larger than its whole: more may be interviewed than were planned.
    return pct(round_half_up(percent_exact(part, whole))) if whole else "–"


def _held(coverage: Coverage) -> str:
    if coverage.interviews is None:
        return NOT_SHOWN
    if not coverage.first_interview:
        return "Not recorded"
    return f"{coverage.first_interview:%-d %B %Y} to {coverage.last_interview:%-d %B %Y}"


def coverage_table(data: WaveData, scope: Scope, *, suppressed: bool) -> DataTable:
    """Councils, planned sample, interviews and coverage: the region (if shown) beside England."""
    groups = []
    if scope.beside:
        groups.append((scope.region, data.coverage(scope.region)))
    groups.append((ENGLAND, data.coverage(suppressed=suppressed)))

    def row(label, value):
        return Row(label, tuple(cell(value(c)) for _, c in groups))

    rows = (
        row("Councils with adult social services responsibilities", lambda c: c.councils),
        row("Councils in the planned sample", lambda c: c.planned),
        row("Interviews submitted", lambda c: NOT_SHOWN if c.interviews is None else c.interviews),
        row("Interviewed, % of the planned sample", lambda c: _share(c.interviews, c.planned)),
        row("Coverage: interviewed, % of all councils", lambda c: _share(c.interviews, c.councils)),
        row("Interviews held", _held),
    )
    notes = ("Councils: those with adult social services responsibilities when fieldwork began.",)
    columns = ("Measure", *(name for name, _ in groups))
    return DataTable("coverage", "Coverage of the wave", columns, rows, notes + scope.suppressed_note())


def roles_table(data: WaveData, scope: Scope) -> DataTable:
    """The main respondent's role: the region's number and % beside England's %, or England's alone."""
    england = data.role_counts()
    total = sum(england.values())
    mine = data.role_counts(scope.region) if scope.beside else None
    mine_total = sum(mine.values()) if mine else 0
    rows = []
    for code in [*ROLE_LABELS, *(code for code in england if code not in ROLE_LABELS)]:
        label = ROLE_LABELS.get(code, "Not recorded")
        theirs = cell(pct(percent(england[code], total)))
        if mine is not None:
            rows.append(Row(label, (cell(mine[code]), cell(pct(percent(mine[code], mine_total))), theirs)))
        else:
            rows.append(Row(label, (cell(england[code]), theirs)))
    if mine is not None:
        columns = ("Role", f"{scope.region}: number", f"{scope.region}: %", "England: %")
        rows.append(Row("Total", (cell(mine_total), cell("100%"), cell("100%")), total=True))
    else:
        prefix = "England: " if scope.regional else ""
        columns = ("Role", f"{prefix}Number", f"{prefix}%")
        rows.append(Row("Total", (cell(total), cell("100%")), total=True))
    return DataTable("respondents", "Respondents' roles", columns, tuple(rows), scope.suppressed_note())


def method_section(section: Section, data: WaveData, scope: Scope, *, suppressed: bool) -> None:
    wave = data.wave
    when = "not recorded"
    if wave.fieldwork_start and wave.fieldwork_end:
        when = f"{wave.fieldwork_start:%-d %B %Y} to {wave.fieldwork_end:%-d %B %Y}"
    section.add(
        Paragraph(
            f"Each council's safeguarding lead was interviewed once in the wave's fieldwork ({when}). "
            "Only submitted interviews are counted. Percentages are of those who answered each question "
            "(or each row of a grid), computed from the counts and rounded half up to whole numbers, so "
            "a table's percentages may not add up to exactly 100."
        ),
        Paragraph(
            f"Figures are not shown for any group with fewer than {data.threshold} submitted interviews, "
            "nor for a group from which a hidden one could be worked out. A quote names its council only "
            "where the council agreed to be named; otherwise it is attributed to a council in its region, "
            "or to no one where even that could identify it."
        ),
        coverage_table(data, scope, suppressed=suppressed),
    )
    if suppressed:
        section.add(Paragraph("There are too few submitted interviews to show any figures yet.", "warning"))
    else:
        section.add(roles_table(data, scope))
