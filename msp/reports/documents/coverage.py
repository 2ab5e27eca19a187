"""The report's "Method and coverage" section: how the wave was run, how far it reached, who answered."""

from __future__ import annotations

from collections import Counter, defaultdict

from msp.core.stats import percent, percent_exact, round_half_up
from msp.reports.documents.content import BulletList, DataTable, Heading, Paragraph, Row, Section, cell
from msp.reports.documents.inputs import ROLE_LABELS, Coverage, WaveData
from msp.reports.documents.layout import ENGLAND, Scope, pct
from msp.reports.documents.text import glossary

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


def type_coverage_table(data: WaveData) -> DataTable:
    """Planned sample and coverage by council type (England): the sample was balanced by type."""
    interviewed = Counter(r.council_type for r in data.responses)
    types = sorted(set(data.councils_by_type) | set(data.planned_by_type) | set(interviewed))
    rows = [
        Row(
            kind or "Not recorded",
            (
                cell(data.councils_by_type[kind]),
                cell(data.planned_by_type[kind]),
                cell(interviewed[kind]),
                cell(_share(interviewed[kind], data.councils_by_type[kind])),
            ),
        )
        for kind in types
    ]
    total = (sum(data.councils_by_type.values()), sum(data.planned_by_type.values()), len(data.responses))
    rows.append(
        Row(
            "Total",
            (cell(total[0]), cell(total[1]), cell(total[2]), cell(_share(total[2], total[0]))),
            total=True,
        )
    )
    columns = ("Council type", "Councils", "Planned sample", "Interviewed", "Coverage")
    notes = ("Coverage: councils interviewed, % of all councils of that type.",)
    return DataTable(
        "coverage-by-type", "Planned sample and coverage by council type", columns, tuple(rows), notes
    )


def councils_by_region(data: WaveData) -> dict[str, list[str]]:
    """The councils with a submitted interview in the wave, by region, in alphabetical order."""
    found: dict[str, list[str]] = defaultdict(list)
    for response in data.responses:
        found[response.region].append(response.council_name)
    return {region: sorted(found[region]) for region in sorted(found)}


def councils_section(section: Section, data: WaveData) -> None:
    """The appendix of councils interviewed, by region, after the coverage by council type."""
    section.add(
        Paragraph(
            f"The {len(data.responses)} councils whose interviews were submitted in the wave, by region. "
            "Taking part does not say which answers a council gave: no table identifies a council."
        ),
        type_coverage_table(data),
    )
    for region, names in councils_by_region(data).items():
        section.add(Heading(f"{region} ({len(names)})", level=3), BulletList(tuple(names), kind="columns"))


def glossary_section(section: Section) -> None:
    rows = tuple(Row(term, (cell(meaning, numeric=False),)) for term, meaning in glossary().items())
    section.add(
        DataTable("glossary-terms", "Terms and abbreviations used in this report", ("Term", "Meaning"), rows)
    )
