"""A measure for a council beside its comparators, region, council type and England, over several years, with
its rank and quartile band among all councils; and the ranked table of every council for one year."""

from __future__ import annotations

from dataclasses import dataclass, field

from msp.councils.models import ComparatorGroup, Council
from msp.outcomes import summaries
from msp.outcomes.measures import Measure, Value, pool, ranked


@dataclass
class Line:
    label: str
    kind: str  # "self", "comparator", "group" (a pooled group of councils)
    council: Council | None = None
    by_year: dict[str, Value] = field(default_factory=dict)
    ranks: dict[str, tuple[int, int]] = field(default_factory=dict)  # year -> (rank, quartile band)


def comparator_group(council: Council, year: str) -> ComparatorGroup | None:
    """The council's comparator group in force in the year: the latest version starting on or before it
    (imported groups before chosen ones with the same start)."""
    return (
        ComparatorGroup.objects.filter(council=council, from_year__lte=year)
        .prefetch_related("members")
        .order_by("-from_year", "kind")
        .first()
    )


def benchmark(m: Measure, council: Council, years: list[str]) -> tuple[list[Line], dict[str, int]]:
    """Lines for the council, each comparator council one by one, its comparator group, region, council type
    and England, pooled from the councils' own numerators and denominators; and how many councils were ranked
    each year."""
    everyone = summaries.values(m, years)
    councils = {
        c.pk: c for c in Council.objects.filter(pk__in={k[0] for k in everyone}).select_related("region")
    }
    councils.setdefault(council.pk, council)
    ranks: dict[str, dict] = {}
    for year in years:
        ranks[year] = ranked(m, {cid: v for (cid, y), v in everyone.items() if y == year})

    def line(label, kind, members, one=None):
        result = Line(label, kind, one)
        for year in years:
            result.by_year[year] = pool(everyone.get((c.pk, year), Value(None, None, 0)) for c in members)
            if one is not None and one.pk in ranks[year]:
                result.ranks[year] = ranks[year][one.pk]
        return result

    lines = [line(council.name, "self", [council], council)]
    latest = comparator_group(council, years[-1])
    if latest is not None:
        members = sorted(latest.members.exclude(pk=council.pk), key=lambda c: c.name)
        lines += [line(member.name, "comparator", [member], member) for member in members]
        lines.append(line(f"Comparator group: {latest.name}", "group", members))
    in_region = [c for c in councils.values() if c.region_id == council.region_id]
    lines.append(line(f"{council.region.name} (region)", "group", in_region))
    same_type = [c for c in councils.values() if c.council_type == council.council_type]
    lines.append(line(f"{council.council_type}s", "group", same_type))
    lines.append(line("England", "group", list(councils.values())))
    counts = {year: len(ranks[year]) for year in years}
    return lines, counts


def league(m: Measure, year: str, councils=None) -> list[tuple[Council, Value, tuple[int, int] | None]]:
    """Every council with a figure for the year (or those given), highest first, with rank and band."""
    found = summaries.values(m, [year], councils)
    by_id = {c.pk: c for c in Council.objects.filter(pk__in={k[0] for k in found}).select_related("region")}
    values = {cid: v for (cid, _), v in found.items()}
    ranks = ranked(m, values)
    rows = [(by_id[cid], v, ranks.get(cid)) for cid, v in values.items()]
    rows.sort(key=lambda r: (r[2] is None, r[2][0] if r[2] else 0, r[0].name))
    return rows
