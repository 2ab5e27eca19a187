"""Pages of a list of records: counted by the database, cheap at any depth, filters kept in the links."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 50


class RecordPage(Page):
    """A page that also says where it is ("Showing 51 to 100 of 27,587") and which page links to show."""

    @property
    def showing(self) -> str:
        return f"Showing {self.start_index():,} to {self.end_index():,} of {self.total}"

    @property
    def total(self) -> str:
        """The number of records on all pages, written with thousands separators."""
        return f"{self.paginator.count:,}"

    @property
    def numbers(self) -> list:
        """The GOV.UK pattern for many pages: 1 … 6 [7] 8 … 42 (an ellipsis is `paginator.ELLIPSIS`)."""
        return list(self.paginator.get_elided_page_range(self.number, on_each_side=1, on_ends=1))


class RecordPaginator(Paginator):
    """Pages of `rows` (filtered and ordered, nothing else).

    The total is one COUNT over the filtered rows, without the joins that only display needs. A later page
    is two queries: the ids of its rows (LIMIT/OFFSET walked on an index from the nearer end, no row read in
    full), then those rows with what the page shows (`detail`: `rows` with select_related, prefetches or
    annotations). So page 500, or the last, costs about as much as page 1, and a per-row count is made for
    50 rows, not for all of them. The first page, the one most asked for, is read in one query (unless
    `detail` counts per row), and when it is not full its rows are the total: no COUNT.
    """

    def __init__(self, rows: QuerySet, per_page: int = PAGE_SIZE, *, detail: QuerySet | None = None):
        super().__init__(rows, per_page)
        self.detail = rows if detail is None else detail

    @cached_property
    def count(self) -> int:
        return self.object_list.select_related(None).order_by().count()

    def get_page(self, number) -> RecordPage:
        if str(number or "1").strip() == "1":
            return self.page(1)  # without counting first
        return super().get_page(number)

    def page(self, number) -> RecordPage:
        if number == 1 and not _counts_per_row(self.detail):
            rows = list(self.detail[: self.per_page])
            if len(rows) < self.per_page:
                self.count = len(rows)
            return RecordPage(rows, 1, self)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = self.object_list.values_list("pk", flat=True)
        if bottom > self.count // 2:  # nearer the end: walk the index from there (orders end with the id)
            ids = list(ids.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(ids[bottom:top])
        found = self.detail.in_bulk(ids)
        return RecordPage([found[pk] for pk in ids if pk in found], number, self)


def _counts_per_row(rows: QuerySet) -> bool:
    """An aggregate annotation (GROUP BY): to be computed for the page's rows only, never under a LIMIT."""
    return any(getattr(value, "contains_aggregate", False) for value in rows.query.annotations.values())


def query_without(request, *names: str) -> str:
    """The request's query string less the given parameters: what a page or sort link must keep."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def paginate(
    request,
    rows: QuerySet,
    *,
    detail: QuerySet | None = None,
    per_page: int = PAGE_SIZE,
    param: str = "page",
) -> tuple[RecordPage, str]:
    """The page the request asks for (a page number that is not one gives the first page, one past the end
    the last), and the query string its page links keep (every filter, less the page number)."""
    page = RecordPaginator(rows, per_page, detail=detail).get_page(request.GET.get(param))
    return page, query_without(request, param)
