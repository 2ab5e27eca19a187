"""What a reader could work out from a published table, computed independently of msp.core.disclosure.

The reader is assumed to know the exact value of every figure shown (percentages from unrounded counts can
give them back) and that every row and column adds up to its total.
"""

from fractions import Fraction


def grid_of(cells):
    """The cells, row totals in the last column and column totals in the last row (None: not submitted)."""

    def total(values):
        present = [v for v in values if v is not None]
        return sum(present) if present else None

    grid = [[*row, total(row)] for row in cells]
    grid.append([total(row[j] for row in grid) for j in range(len(grid[0]))])
    return grid


def lines_of(grid):
    """Each row and column of the table with its totals, as (parts, total) positions."""
    rows, columns = len(grid), len(grid[0])
    lines = [([(i, j) for j in range(columns - 1)], (i, columns - 1)) for i in range(rows)]
    lines += [([(i, j) for i in range(rows - 1)], (rows - 1, j)) for j in range(columns)]
    return lines


def hidden_totals(grid, *, row_totals, column_totals, grand_total):
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    hidden = set()
    if not row_totals:
        hidden |= {(i, last_column) for i in range(last_row)}
    if not column_totals:
        hidden |= {(last_row, j) for j in range(last_column)}
    if not grand_total:
        hidden.add((last_row, last_column))
    return {p for p in hidden if grid[p[0]][p[1]] is not None}


def recovered_by_subtraction(grid, unknown):
    """What a reader fills in by subtracting, over and over: a line with one unknown left gives it away."""
    unknown, recovered = set(unknown), set()
    changed = True
    while changed:
        changed = False
        for parts, total in lines_of(grid):
            missing = [p for p in [*parts, total] if p in unknown]
            if len(missing) == 1:
                unknown.discard(missing[0])
                recovered.add(missing[0])
                changed = True
    return recovered


def determined(grid, unknown):
    """Positions whose value the rows and columns fix: linear algebra over the unknowns, in fractions."""
    unknown = sorted(unknown)
    index = {p: k for k, p in enumerate(unknown)}
    echelon: list[tuple[int, list[Fraction]]] = []  # (pivot column, row), reduced

    def reduce(vector):
        for pivot, row in echelon:
            if vector[pivot]:
                factor = vector[pivot]
                vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
        return vector

    for parts, total in lines_of(grid):
        vector = [Fraction(0)] * len(unknown)
        for p in parts:
            if p in index:
                vector[index[p]] += 1
        if total in index:
            vector[index[total]] -= 1
        vector = reduce(vector)
        pivot = next((k for k, v in enumerate(vector) if v), None)
        if pivot is None:
            continue
        vector = [v / vector[pivot] for v in vector]
        echelon = [(q, [r - row[pivot] * v for r, v in zip(row, vector, strict=True)]) for q, row in echelon]
        echelon.append((pivot, vector))

    def unit(k):
        return [Fraction(int(j == k)) for j in range(len(unknown))]

    return {p for p in unknown if not any(reduce(unit(index[p])))}
