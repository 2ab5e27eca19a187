"""Publishing figures without revealing anyone: the disclosure rules for every output beyond a council.

Every figure that leaves a council's own staff (dashboards seen by other councils, board members, regional
leads or the public; benchmarks; roll-ups; regional and national reports; CSV, XLSX and API downloads) is
turned into a `Published` value here: pure functions on plain numbers, no database. The rules follow the
publication conventions of the Safeguarding Adults Collection (NHS England, "Safeguarding Adults, England":
background, quality and methodology; data tables marked `[c]` and `[x]`), see docs/disclosure.md:

- A count of 0-4 is shown as `[c]` (confidential); every other count is rounded to the nearest 5, halves up
  (12 -> 10, 13 -> 15). A figure not submitted is `[x]`, never zero.
- Percentages are computed from the unrounded counts, then rounded half up (one decimal place by default).
  A percentage is `[c]` when its base is 0-4 (the national rule), and also when its numerator or complement
  (base - numerator) is 0-4, or when its count or base is suppressed in its table: a percentage computed from
  unrounded counts, beside its published base, gives the numerator back (7.5% of a published 40, which is
  38-42, can only be 3 of 40), so showing it would undo the `[c]` of the count it was made from.
- Tables: after that primary suppression no suppressed figure may be recoverable from what is shown. Because a
  percentage can give exact counts back (as above), the rules assume a reader who knows the exact value of
  every figure shown, and use "one more cell" secondary suppression (`table_suppression`) until none of these
  holds: a row or column (totals included) with exactly one unknown figure that is confidential (the classic
  rule); a shown total whose unknown parts are all zero (they would all be known to be 0); a confidential
  figure that the rows and columns together determine (a bridge between two groups of suppressed cells).
- A council's own staff (practitioner, team manager, safeguarding lead of that council) see that council's
  unrounded figures; everyone else, board members and regional leads included, sees published figures, and
  nobody sees a figure about several councils (a board, region or England) unrounded (`sees_exact`).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from msp.core.stats import (
    CONFIDENTIAL,
    NOT_SUBMITTED,
    PUBLISH_MINIMUM,
    PUBLISH_ROUNDING,
    percent_exact,
    round_half_up,
    round_half_up_to,
)

NO_BASE = "–"  # an exact percentage with a base of 0: there is nothing to divide by
# The council roles that see their own council's unrounded figures (msp.cases.scope.RECORDERS).
EXACT_ROLES = frozenset({"practitioner", "team_manager", "safeguarding_lead"})

Position = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Published:
    """One figure as an output shows it: `text` for pages and documents, `value` for numeric cells and JSON.

    `value` is the number shown (rounded to 5 for a published count, or the unrounded count for the council's
    own staff, when `exact`); None for `[c]`, `[x]` and a percentage with no base. It never holds a number
    that is not shown.
    """

    text: str
    value: int | Decimal | None
    suppressed: bool = False
    not_submitted: bool = False
    exact: bool = False
    percent: bool = False

    def __str__(self) -> str:
        return self.text

    @property
    def export_value(self) -> int | float | str:
        """What a CSV or XLSX cell holds: the number shown, or the marker (`[c]`, `[x]`) as text."""
        if self.value is None:
            return self.text
        return float(self.value) if isinstance(self.value, Decimal) else self.value

    def as_dict(self) -> dict:
        """For JSON: the text, the number shown (or null) and why a number is missing."""
        value = self.export_value if self.value is not None else None
        return {
            "text": self.text,
            "value": value,
            "suppressed": self.suppressed,
            "not_submitted": self.not_submitted,
        }


SUPPRESSED = Published(CONFIDENTIAL, None, suppressed=True)
NOT_SUBMITTED_FIGURE = Published(NOT_SUBMITTED, None, not_submitted=True)


def sees_exact(role: str | None, own_council_id: int | None, council_id: int | None) -> bool:
    """Whether someone with `role` in `own_council_id` sees the unrounded figures of `council_id`.

    Only a council role of the same council does; `council_id` None is a figure about several councils (a
    board, region or England), which everyone sees published.
    """
    return role in EXACT_ROLES and own_council_id is not None and own_council_id == council_id


def exact_for(user, council_id: int | None) -> bool:
    """`sees_exact` for a signed-in user object (anything with `role` and `council_id`); anonymous: False."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_exact(getattr(user, "role", None), getattr(user, "council_id", None), council_id)


def rounded_count(n: int) -> int:
    """The nearest multiple of 5, halves up (never reached with whole numbers: 12 -> 10, 13 -> 15)."""
    return PUBLISH_ROUNDING * round_half_up(Fraction(n, PUBLISH_ROUNDING))


def publish(n: int | None, *, exact: bool = False, hidden: bool = False) -> Published:
    """A count: `[x]` if not submitted; exact for the council's own staff; else `[c]` (0-4 or `hidden`) or
    rounded to the nearest 5. `hidden` is for a count that secondary suppression has chosen."""
    if n is None:
        return NOT_SUBMITTED_FIGURE
    if n < 0:
        raise ValueError("a count cannot be negative")
    if exact:
        return Published(str(n), n, exact=True)
    if hidden or n < PUBLISH_MINIMUM:
        return SUPPRESSED
    shown = rounded_count(n)
    return Published(str(shown), shown)


def publish_percent(
    count: int | None, base: int | None, *, places: int = 1, exact: bool = False, hidden: bool = False
) -> Published:
    """count / base x 100 from the unrounded counts, rounded half up to `places` decimal places.

    `[x]` if either was not submitted. Published (not `exact`): `[c]` when the base, the count or the
    complement (base - count) is 0-4, or when `hidden` (the count or the base is suppressed in its table).
    A count above its base (a rate such as conversion) has no complement to protect.
    """
    if count is None or base is None:
        return NOT_SUBMITTED_FIGURE
    if count < 0 or base < 0:
        raise ValueError("counts and bases cannot be negative")
    if exact and base == 0:
        return Published(NO_BASE, None, exact=True, percent=True)
    small = base < PUBLISH_MINIMUM or count < PUBLISH_MINIMUM or 0 <= base - count < PUBLISH_MINIMUM
    if not exact and (hidden or small):
        return SUPPRESSED
    value = round_half_up_to(percent_exact(count, base), places)
    return Published(f"{value}%", value, exact=exact, percent=True)


_COUNT = re.compile(r"[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+")
_PERCENT = re.compile(r"\d+(?:\.\d+)?%")


def is_published_text(text: str | Published) -> bool:
    """Whether a shown figure could have come out of this module's published rules (a test helper).

    True for `[c]`, `[x]`, a whole number that is a positive multiple of 5 (commas between thousands
    allowed) and a percentage written with its `%` sign. False for anything else, 0 and 1-4 included, so a
    test can walk the cells of a page, CSV, XLSX or JSON answer and prove no unrounded count slipped through.
    """
    text = (text.text if isinstance(text, Published) else str(text)).strip()
    if text in (CONFIDENTIAL, NOT_SUBMITTED) or _PERCENT.fullmatch(text):
        return True
    return bool(_COUNT.fullmatch(text)) and int(text.replace(",", "")) % PUBLISH_ROUNDING == 0


# ---------------------------------------------------------------------------------------------- tables


def _grid(cells: Sequence[Sequence[int | None]]) -> list[list[int | None]]:
    """The table with its totals: row totals in the last column, column totals in the last row.

    A figure not submitted (None) counts for nothing in a total; a total of nothing submitted is None too.
    """
    width = len(cells[0]) if cells else 0
    if not cells or not width or any(len(row) != width for row in cells):
        raise ValueError("a table needs at least one row and one column, every row as long as the first")
    if any(n is not None and n < 0 for row in cells for n in row):
        raise ValueError("a count cannot be negative")

    def total(values):
        present = [n for n in values if n is not None]
        return sum(present) if present else None

    grid = [[*row, total(row)] for row in cells]
    grid.append([total(row[j] for row in grid) for j in range(width + 1)])
    return grid


def table_suppression(
    cells: Sequence[Sequence[int | None]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    grand_total: bool = True,
) -> frozenset[Position]:
    """The positions to show as `[c]` in a table of exact counts, primary and secondary.

    Positions are (row, column) in the table with its totals: row totals are column `len(cells[0])`, column
    totals are row `len(cells)`, the grand total is both. Totals not shown still count: a reader can often
    work them out from the rest. See the module docstring for the rules; ties go to the smaller count, then
    to the first position, and a total is chosen only where no inner cell will do.
    """
    grid = _grid(cells)
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    hidden_totals = _hidden_totals(last_row, last_column, (row_totals, column_totals, grand_total))
    entries = [(i, j) for i in range(last_row + 1) for j in range(last_column + 1) if grid[i][j] is not None]
    confidential = {p for p in entries if grid[p[0]][p[1]] < PUBLISH_MINIMUM}
    unknown = confidential | (hidden_totals & set(entries))
    lines = [[(i, j) for j in range(last_column + 1)] for i in range(last_row + 1)]
    lines += [[(i, j) for i in range(last_row + 1)] for j in range(last_column + 1)]

    def choose(candidates):
        # An inner cell before a total, then the smallest count, then the first position.
        known = [p for p in candidates if p not in unknown and grid[p[0]][p[1]] is not None]
        return min(
            known, key=lambda p: (p[0] == last_row or p[1] == last_column, grid[p[0]][p[1]], p), default=None
        )

    while True:
        candidates = _first_breach(grid, lines, unknown, confidential, last_row)
        if candidates is None:
            return frozenset(confidential)
        chosen = choose(candidates)
        if chosen is None:  # nothing shown can protect it: show no number at all
            confidential |= {p for p in entries if p not in unknown}
            return frozenset(confidential)
        confidential.add(chosen)
        unknown.add(chosen)


def _hidden_totals(last_row: int, last_column: int, shown: tuple[bool, bool, bool]) -> set[Position]:
    rows, columns, grand = shown
    hidden = set() if rows else {(i, last_column) for i in range(last_row)}
    hidden |= set() if columns else {(last_row, j) for j in range(last_column)}
    return hidden | (set() if grand else {(last_row, last_column)})


def _first_breach(grid, lines, unknown, confidential, last_row) -> list[Position] | None:
    """Where the first rule is broken: positions one of which must be suppressed; None if no rule is."""
    for line in lines:  # the classic rule: one confidential figure alone in its line
        missing = [p for p in line if p in unknown]
        if len(missing) == 1 and missing[0] in confidential:
            return line
    for line in lines:  # a shown total less its shown parts is 0
        *parts, total = line
        if total in unknown or grid[total[0]][total[1]] is None:
            continue
        missing = [p for p in parts if p in unknown]
        if missing and sum(grid[p[0]][p[1]] for p in missing) == 0:
            return parts
    return _confidential_bridge(grid, unknown, confidential, last_row)


def _confidential_bridge(grid, unknown, confidential, last_row) -> list[Position] | None:
    """Cells that would close a cycle through the first confidential bridge of the unknowns, or None.

    Rows and columns are the nodes of a graph and each unknown figure an edge between its row and column. An
    unknown on a cycle can move up and down by the same amount round the cycle without changing any total; one
    on no cycle (a bridge) is fixed by the totals. Suppressing a shown cell between the two sides closes one.
    """
    width = len(grid[0])

    def node(p: Position) -> tuple[int, int]:
        return p[0], last_row + 1 + p[1]

    edges = sorted(unknown)
    for k in sorted(_bridges(last_row + 1 + width, [node(p) for p in edges])):
        if edges[k] not in confidential:
            continue
        others = [node(p) for i, p in enumerate(edges) if i != k]
        row, column = node(edges[k])
        row_side, column_side = _reachable(row, others), _reachable(column, others)
        return [
            (i, j)
            for i in range(last_row + 1)
            for j in range(width)
            if (i, j) != edges[k]
            and (
                (i in row_side and last_row + 1 + j in column_side)
                or (i in column_side and last_row + 1 + j in row_side)
            )
        ]
    return None


def _reachable(start: int, edges: list[tuple[int, int]]) -> set[int]:
    adjacent: dict[int, list[int]] = {}
    for a, b in edges:
        adjacent.setdefault(a, []).append(b)
        adjacent.setdefault(b, []).append(a)
    seen, queue = {start}, deque([start])
    while queue:
        for other in adjacent.get(queue.popleft(), []):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return seen


def _bridges(size: int, edges: list[tuple[int, int]]) -> set[int]:
    """Indexes of the edges on no cycle (Tarjan's bridges), without recursion."""
    adjacent: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for k, (a, b) in enumerate(edges):
        adjacent[a].append((b, k))
        adjacent[b].append((a, k))
    order, low, found, clock = [-1] * size, [0] * size, set(), 0
    for start in range(size):
        if order[start] != -1:
            continue
        order[start] = low[start] = clock
        clock += 1
        stack = [(start, -1, iter(adjacent[start]))]
        while stack:
            here, via, onward = stack[-1]
            for there, k in onward:
                if k == via:
                    continue
                if order[there] == -1:
                    order[there] = low[there] = clock
                    clock += 1
                    stack.append((there, k, iter(adjacent[there])))
                    break
                low[here] = min(low[here], order[there])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[here])
                    if low[here] > order[parent]:
                        found.add(via)
    return found


class PublishedTable:
    """A protected two-way table: `cells[i][j]`, `row_totals[i]`, `column_totals[j]` and `grand_total` as
    `Published` (a total not shown is None), and `suppressed`, the positions shown as `[c]`."""

    def __init__(self, grid, suppressed, shown_totals, exact):
        last_row, last_column = len(grid) - 1, len(grid[0]) - 1
        self._grid, self._exact, self.suppressed = grid, exact, suppressed

        def figure(i, j, shown=True):
            return publish(grid[i][j], exact=exact, hidden=(i, j) in suppressed) if shown else None

        rows, columns, grand = shown_totals
        self._hidden_totals = _hidden_totals(last_row, last_column, shown_totals)
        self.cells = [[figure(i, j) for j in range(last_column)] for i in range(last_row)]
        self.row_totals = [figure(i, last_column, rows) for i in range(last_row)]
        self.column_totals = [figure(last_row, j, columns) for j in range(last_column)]
        self.grand_total = figure(last_row, last_column, grand)

    def percent(
        self, row: int, column: int, *, of: Literal["row", "column", "grand"] = "row", places: int = 1
    ) -> Published:
        """The cell as a percentage of its row total, column total or grand total, by `publish_percent`."""
        last_row, last_column = len(self._grid) - 1, len(self._grid[0]) - 1
        base = {"row": (row, last_column), "column": (last_row, column), "grand": (last_row, last_column)}[of]
        if base in self._hidden_totals and not self._exact:
            # A share and its count give the total back, which the suppression took to be unknown.
            raise ValueError("a percentage of a total needs the total shown: protect the table with it")
        hidden = (row, column) in self.suppressed or base in self.suppressed
        count, total = self._grid[row][column], self._grid[base[0]][base[1]]
        return publish_percent(count, total, places=places, exact=self._exact, hidden=hidden)


def protect_table(
    cells: Sequence[Sequence[int | None]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    grand_total: bool = True,
    exact: bool = False,
) -> PublishedTable:
    """A table of exact counts (None: not submitted) and the totals it shows: published, or as is if `exact`.

    The totals are the sums of the cells. Use it only for tables whose cells add up to their totals (each
    person or case in one cell); for figures that overlap, publish each with `publish`.
    """
    grid = _grid(cells)
    shown = (row_totals, column_totals, grand_total)
    suppressed = (
        frozenset()
        if exact
        else table_suppression(
            cells, row_totals=row_totals, column_totals=column_totals, grand_total=grand_total
        )
    )
    return PublishedTable(grid, suppressed, shown, exact)


@dataclass(frozen=True)
class PublishedBreakdown:
    """A protected one-way breakdown: `groups` in the order given, and the `total` (None if not shown)."""

    groups: dict[Hashable, Published]
    total: Published | None
    _table: PublishedTable

    def percent(self, group: Hashable, *, places: int = 1) -> Published:
        """The group as a percentage of the total, by `publish_percent`."""
        return self._table.percent(0, list(self.groups).index(group), places=places)


def protect_breakdown(
    counts: Mapping[Hashable, int | None], *, total: bool = True, exact: bool = False
) -> PublishedBreakdown:
    """A breakdown's groups and total: published (a lone `[c]` gets a second), or as is if `exact`."""
    table = protect_table(
        [list(counts.values())], row_totals=total, column_totals=False, grand_total=False, exact=exact
    )
    groups = dict(zip(counts, table.cells[0], strict=True))
    return PublishedBreakdown(groups, table.row_totals[0], table)
