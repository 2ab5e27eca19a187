"""Secondary suppression in tables and breakdowns: examples worked out by hand."""

import pytest

from msp.core.disclosure import protect_breakdown, protect_table, table_suppression

from .oracle import determined, grid_of, recovered_by_subtraction


def texts(table):
    return [[cell.text for cell in row] for row in table.cells]


def test_a_lone_small_group_in_a_breakdown_gets_a_second_the_next_smallest():
    # 3 alone would be 33 - 10 - 20; with 10 hidden too, 13 could be any split.
    published = protect_breakdown({"Own Home": 3, "Care Home - Nursing": 10, "Hospital - Acute": 20})
    assert {group: figure.text for group, figure in published.groups.items()} == {
        "Own Home": "[c]",
        "Care Home - Nursing": "[c]",
        "Hospital - Acute": "20",
    }
    assert published.total.text == "35"


def test_two_small_groups_protect_each_other():
    published = protect_breakdown({"A": 3, "B": 2, "C": 20})
    assert [figure.text for figure in published.groups.values()] == ["[c]", "[c]", "20"]


def test_groups_that_are_all_zero_beside_a_shown_total_are_not_left_to_add_up_to_nothing():
    # 20 - 20 = 0 would tell the reader that both [c] are 0, so the 20 is hidden as well.
    published = protect_breakdown({"A": 0, "B": 0, "C": 20})
    assert [figure.text for figure in published.groups.values()] == ["[c]", "[c]", "[c]"]
    assert published.total.text == "20"


def test_a_breakdown_without_its_total_needs_no_second_group():
    published = protect_breakdown({"A": 3, "B": 10, "C": 20}, total=False)
    assert [figure.text for figure in published.groups.values()] == ["[c]", "10", "20"]
    assert published.total is None


def test_ties_go_to_the_first_group():
    published = protect_breakdown({"A": 12, "B": 3, "C": 12})
    assert [figure.text for figure in published.groups.values()] == ["[c]", "[c]", "10"]


def test_secondary_suppression_in_a_row():
    # Only row totals shown: row 0 has one small cell, so its smallest other cell goes too.
    table = protect_table([[3, 10, 20], [30, 40, 50]], column_totals=False, grand_total=False)
    assert texts(table) == [["[c]", "[c]", "20"], ["30", "40", "50"]]
    assert [total.text for total in table.row_totals] == ["35", "120"]
    assert table.column_totals == [None, None, None] and table.grand_total is None


def test_secondary_suppression_in_a_column():
    table = protect_table([[3, 30], [10, 40], [20, 50]], row_totals=False, grand_total=False)
    assert texts(table) == [["[c]", "30"], ["[c]", "40"], ["20", "50"]]
    assert [total.text for total in table.column_totals] == ["35", "120"]


def test_the_cascade_closes_a_square():
    # 3 is small. Row 0 then hides 10; column 0 hides 8; column 1 (now with 10 alone) hides 12; row 1 has two.
    table = protect_table([[3, 10, 20], [8, 12, 30], [9, 15, 40]])
    assert texts(table) == [["[c]", "[c]", "20"], ["[c]", "[c]", "30"], ["10", "15", "40"]]
    assert [t.text for t in table.row_totals] == ["35", "50", "65"]
    assert [t.text for t in table.column_totals] == ["20", "35", "90"]
    assert table.grand_total.text == "145"


def test_a_total_is_hidden_when_it_is_the_only_way_to_protect_a_cell():
    # One column: each row total equals its cell. Column 0 has 3 alone, so 10 goes; then row 1 has 10 alone
    # against its total 10, and the only other figure in that row is the total.
    assert table_suppression([[3], [10], [20]]) == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_a_small_total_is_confidential_too():
    table = protect_table([[1, 2], [30, 40]])
    assert table.row_totals[0].text == "[c]"
    assert texts(table)[0] == ["[c]", "[c]"]


BRIDGE = [
    [1, 2, 30, 40],
    [2, 1, 3, 50],
    [7, 30, 1, 2],
    [40, 30, 2, 1],
]
SMALL = {(i, j) for i, row in enumerate(BRIDGE) for j, n in enumerate(row) if n < 5}


def test_the_classic_rule_alone_can_leave_a_cell_the_rows_and_columns_give_away():
    # Every row and column has two or more small cells, yet the 3 at (1, 2) is fixed: (1,0)+(1,1) is column
    # 0's and column 1's unknowns less row 0's, and row 1's total less that and the 50 is the 3.
    grid = grid_of(BRIDGE)
    assert recovered_by_subtraction(grid, SMALL) == set()
    assert determined(grid, SMALL) == {(1, 2)}


def test_a_cell_between_two_groups_of_suppressed_cells_is_protected_by_joining_them():
    # The smallest shown cell with one end on each side of (1, 2) is the 7 at (2, 0).
    suppressed = table_suppression(BRIDGE)
    assert suppressed == SMALL | {(2, 0)}
    assert determined(grid_of(BRIDGE), suppressed) == set()


def test_figures_not_submitted_show_as_x_count_for_nothing_and_are_never_chosen():
    published = protect_breakdown({"A": None, "B": 3, "C": 12, "D": 20})
    assert [figure.text for figure in published.groups.values()] == ["[x]", "[c]", "[c]", "20"]
    assert published.total.text == "35"
    table = protect_table([[None, 3, 10], [20, 30, 40]])
    assert texts(table)[0][0] == "[x]" and (0, 0) not in table.suppressed
    assert table.row_totals[0].text == "15"  # 13: what was submitted
    assert protect_table([[None, None], [5, 5]]).row_totals[0].text == "[x]"


def test_percentages_in_a_table_follow_the_suppression():
    table = protect_table([[3, 10, 20], [8, 12, 30], [9, 15, 40]])
    assert table.percent(0, 0).text == "[c]"  # a small count
    assert table.percent(1, 1).text == "[c]"  # a count hidden by secondary suppression (12 of 50)
    assert table.percent(2, 2).text == "62.5%"  # 40 of 64
    assert table.percent(2, 2, of="column").text == "44.4%"  # 40 of 90
    assert table.percent(0, 2, of="grand", places=0).text == "14%"  # 20 of 147 = 13.6


def test_a_percentage_of_a_hidden_total_is_hidden():
    table = protect_table([[3], [10], [20]])
    assert table.percent(1, 0).text == "[c]"


def test_the_councils_own_staff_see_the_table_as_it_is():
    table = protect_table([[3, 10, 20], [8, 12, 30]], exact=True)
    assert texts(table) == [["3", "10", "20"], ["8", "12", "30"]]
    assert table.suppressed == frozenset() and table.grand_total.text == "83"
    assert table.percent(0, 0).text == "9.1%"


def test_a_breakdown_percentage():
    published = protect_breakdown({"A": 3, "B": 10, "C": 20})
    assert published.percent("C").text == "60.6%" and published.percent("B").text == "[c]"


@pytest.mark.parametrize("cells", [[], [[]], [[1, 2], [3]], [[-1]]])
def test_a_malformed_table_is_refused(cells):
    with pytest.raises(ValueError):
        table_suppression(cells)


def test_a_percentage_of_a_total_not_shown_is_refused():
    # 10 is 30.3% of 33 would give the total, and with it the 3, back.
    with pytest.raises(ValueError):
        protect_breakdown({"A": 3, "B": 10, "C": 20}, total=False).percent("B")
    with pytest.raises(ValueError):
        protect_table([[5, 10]], row_totals=False).percent(0, 0)
    assert protect_table([[5, 10]], row_totals=False, exact=True).percent(0, 0).text == "33.3%"
