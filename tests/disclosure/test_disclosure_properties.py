"""Property-based: no published table lets a suppressed figure be worked out from what it shows."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msp.core.disclosure import is_published_text, protect_breakdown, protect_table, table_suppression

from .oracle import determined, grid_of, hidden_totals, lines_of, recovered_by_subtraction

COUNT = st.one_of(st.integers(min_value=0, max_value=4), st.integers(min_value=0, max_value=60))


@st.composite
def tables(draw, missing=False):
    rows = draw(st.integers(min_value=1, max_value=6))
    columns = draw(st.integers(min_value=1, max_value=6))
    value = st.one_of(COUNT, st.none()) if missing else COUNT
    cells = draw(st.lists(st.lists(value, min_size=columns, max_size=columns), min_size=rows, max_size=rows))
    shown = {name: draw(st.booleans()) for name in ("row_totals", "column_totals", "grand_total")}
    return cells, shown


ALL_TOTALS = {"row_totals": True, "column_totals": True, "grand_total": True}


def case(cells, shown):
    """The table with totals, what the reader does not know, and the positions shown as [c]."""
    grid = grid_of(cells)
    suppressed = table_suppression(cells, **shown)
    return grid, suppressed, set(suppressed) | hidden_totals(grid, **shown)


@settings(max_examples=300, deadline=None)
@given(tables().map(lambda t: (t[0], ALL_TOTALS)))
def test_no_suppressed_cell_is_alone_in_a_row_or_column_whose_total_is_shown(table):
    cells, shown = table
    grid, suppressed, _ = case(cells, shown)
    for parts, total in lines_of(grid):
        if total not in suppressed:
            assert len([p for p in parts if p in suppressed]) != 1


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_suppressed_cell_is_recovered_by_subtracting_shown_cells_from_a_shown_total(table):
    grid, suppressed, unknown = case(*table)
    # Directly: with the exact values of the shown cells, the total less them is the sum of the unknown parts;
    # it is one suppressed cell's value only when that cell is the line's only unknown.
    for parts, total in lines_of(grid):
        if total in unknown or grid[total[0]][total[1]] is None:
            continue
        missing = [p for p in parts if p in unknown]
        remainder = grid[total[0]][total[1]] - sum(grid[i][j] or 0 for i, j in parts if (i, j) not in unknown)
        assert remainder == sum(grid[i][j] for i, j in missing)
        assert len(missing) != 1 or missing[0] not in suppressed
    # And repeatedly, each figure worked out feeding the next subtraction.
    assert not recovered_by_subtraction(grid, unknown) & suppressed


@settings(max_examples=300, deadline=None)
@given(tables(missing=True))
def test_no_suppressed_cell_is_fixed_by_the_rows_and_columns_together(table):
    grid, suppressed, unknown = case(*table)
    assert not determined(grid, unknown) & suppressed


@settings(max_examples=200, deadline=None)
@given(tables(missing=True))
def test_no_shown_total_tells_the_reader_its_suppressed_parts_are_all_zero(table):
    grid, _, unknown = case(*table)
    for parts, total in lines_of(grid):
        missing = [p for p in parts if p in unknown]
        if missing and total not in unknown and grid[total[0]][total[1]] is not None:
            assert sum(grid[i][j] for i, j in missing) > 0


@settings(max_examples=200, deadline=None)
@given(tables(missing=True))
def test_every_shown_count_is_a_multiple_of_5_within_2_and_every_small_count_is_suppressed(table):
    cells, shown = table
    grid = grid_of(cells)
    published = protect_table(cells, **shown)
    last_row, last_column = len(cells), len(cells[0])
    figures = {(i, j): published.cells[i][j] for i in range(last_row) for j in range(last_column)}
    figures |= {(i, last_column): figure for i, figure in enumerate(published.row_totals) if figure}
    figures |= {(last_row, j): figure for j, figure in enumerate(published.column_totals) if figure}
    if published.grand_total:
        figures[(last_row, last_column)] = published.grand_total
    for (i, j), figure in figures.items():
        exact = grid[i][j]
        assert is_published_text(figure)
        if exact is None:
            assert figure.text == "[x]"
        elif exact < 5 or (i, j) in published.suppressed:
            assert figure.text == "[c]" and figure.value is None
        else:
            assert (
                figure.value % 5 == 0 and abs(figure.value - exact) <= 2 and figure.text == str(figure.value)
            )


@settings(max_examples=200, deadline=None)
@given(tables(missing=True))
def test_percentages_are_never_shown_when_their_base_or_count_is_suppressed(table):
    cells, shown = table
    grid = grid_of(cells)
    published = protect_table(cells, **shown)
    last_row, last_column = len(cells), len(cells[0])
    bases = {"row": lambda i, j: (i, last_column), "column": lambda i, j: (last_row, j)}
    bases["grand"] = lambda i, j: (last_row, last_column)
    not_shown = {(i, last_column) for i in range(last_row) if not shown["row_totals"]}
    not_shown |= {(last_row, j) for j in range(last_column) if not shown["column_totals"]}
    not_shown |= set() if shown["grand_total"] else {(last_row, last_column)}
    for i in range(last_row):
        for j in range(last_column):
            for of, base_of in bases.items():
                base = base_of(i, j)
                if base in not_shown:
                    with pytest.raises(ValueError):
                        published.percent(i, j, of=of)
                    continue
                pct = published.percent(i, j, of=of)
                if grid[i][j] is None or grid[base[0]][base[1]] is None:
                    assert pct.text == "[x]"
                elif (
                    base in published.suppressed
                    or grid[base[0]][base[1]] < 5
                    or (i, j) in published.suppressed
                ):
                    assert pct.text == "[c]"
                else:
                    assert is_published_text(pct)


@given(tables(missing=True))
def test_the_councils_own_staff_see_every_figure_as_it_is(table):
    cells, shown = table
    published = protect_table(cells, **shown, exact=True)
    assert published.suppressed == frozenset()
    for row, figures in zip(cells, published.cells, strict=True):
        assert [figure.value for figure in figures] == row


@given(st.dictionaries(st.sampled_from("ABCDEFGHIJ"), st.one_of(COUNT, st.none()), min_size=1))
def test_a_breakdown_never_shows_exactly_one_suppressed_group_beside_its_total(counts):
    published = protect_breakdown(counts)
    hidden = [group for group, figure in published.groups.items() if figure.suppressed]
    if not published.total.suppressed and published.total.value is not None:
        assert len(hidden) != 1
        assert not hidden or sum(counts[group] for group in hidden) > 0
