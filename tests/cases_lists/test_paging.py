"""The one way lists are paged (msp.core.paging) and the one pagination include, for any Django page."""

import pytest
from django.core.paginator import Paginator
from django.db.models.functions import Upper
from django.template.loader import render_to_string
from django.test import RequestFactory

from msp.cases.models import Person
from msp.core.paging import RecordPaginator, paginate, query_without
from tests.cases_lists.records import bulk_people

pytestmark = pytest.mark.django_db


def _people(council):
    return Person.objects.filter(council=council).order_by("given_name", "id")


def test_a_page_is_its_rows_in_order_with_the_whole_count(council):
    people = bulk_people(council, 130)
    page = RecordPaginator(_people(council), 50).page(3)
    assert list(page) == people[100:]
    assert (page.paginator.count, page.paginator.num_pages) == (130, 3)
    assert page.showing == "Showing 101 to 130 of 130"


def test_the_rows_shown_can_carry_more_than_the_rows_paged(council):
    bulk_people(council, 3)
    rows = _people(council)
    page = RecordPaginator(rows, 2, detail=rows.select_related("council")).page(1)
    assert [p.council.gss_code for p in page] == [council.gss_code] * 2


def test_many_pages_are_linked_as_first_neighbours_and_last(council):
    bulk_people(council, 1_000)
    page = RecordPaginator(_people(council), 10).page(50)
    ellipsis = page.paginator.ELLIPSIS
    assert page.numbers == [1, ellipsis, 49, 50, 51, ellipsis, 100]


def test_paginate_reads_its_own_parameter_and_keeps_every_other(council):
    bulk_people(council, 30)
    request = RequestFactory().get("/", {"status": "closed", "open": "2", "reviews": "3"})
    page, query = paginate(request, _people(council), per_page=10, param="open")
    assert page.number == 2 and query == "status=closed&reviews=3"
    assert query_without(request, "status", "open") == "reviews=3"


def _nav(page, **context) -> str:
    return render_to_string("core/pagination.html", {"page": page, **context})


def test_the_include_links_every_page_keeping_the_query(council):
    bulk_people(council, 25)
    page = RecordPaginator(_people(council), 10).page(2)
    nav = _nav(page, query="status=closed", label="people")
    assert 'aria-label="Pages of people"' in nav
    assert 'href="?status=closed&amp;page=1" rel="prev"' in nav
    assert 'href="?status=closed&amp;page=3" rel="next"' in nav
    assert 'aria-label="Page 2" aria-current="page"' in nav


def test_the_include_uses_its_own_parameter_and_anchor(council):
    bulk_people(council, 25)
    page = RecordPaginator(_people(council), 10).page(1)
    nav = _nav(page, param="decisions", anchor="#awaiting")
    assert 'href="?decisions=2#awaiting" rel="next"' in nav and 'rel="prev"' not in nav


def test_the_include_shows_nothing_for_a_single_page(council):
    bulk_people(council, 5)
    assert _nav(RecordPaginator(_people(council), 10).page(1)).strip() == ""


def test_the_include_pages_a_plain_django_page_too(council):
    bulk_people(council, 100)
    page = Paginator(_people(council), 10).page(5)
    nav = _nav(page, query="table=SG1")
    links = [n for n in range(1, 11) if f'aria-label="Page {n}"' in nav]
    assert links == [1, 4, 5, 6, 10]
    assert nav.count("govuk-pagination__item--ellipsis") == 2


def test_a_first_page_is_one_query_and_needs_no_count_when_it_is_not_full(council, django_assert_num_queries):
    bulk_people(council, 30)
    with django_assert_num_queries(1):
        page = RecordPaginator(_people(council), 50).get_page("1")
        assert page.showing == "Showing 1 to 30 of 30"


def test_a_full_first_page_counts_and_a_later_page_reads_ids_then_rows(council, django_assert_num_queries):
    bulk_people(council, 120)
    with django_assert_num_queries(2):
        assert RecordPaginator(_people(council), 50).get_page(None).showing == "Showing 1 to 50 of 120"
    with django_assert_num_queries(3):
        assert RecordPaginator(_people(council), 50).get_page("2").showing == "Showing 51 to 100 of 120"


def test_a_count_per_row_is_made_for_the_pages_rows_only(council):
    from django.db.models import Count

    people = bulk_people(council, 60)
    rows = _people(council)
    detail = rows.annotate(representatives_count=Count("representatives"))
    page = RecordPaginator(rows, 50, detail=detail).page(1)
    assert [p.pk for p in page] == [p.pk for p in people[:50]]
    assert {p.representatives_count for p in page} == {0}


@pytest.mark.parametrize(
    "order",
    [("given_name", "id"), ("-given_name", "-id"), (Upper("family_name").desc(), Upper("given_name"), "id")],
    ids=["ascending", "descending", "expressions"],
)
def test_the_pages_together_are_every_row_once_in_order_from_either_end(council, order):
    bulk_people(council, 137)
    rows = Person.objects.filter(council=council).order_by(*order)
    expected = list(rows.values_list("pk", flat=True))
    paginator = RecordPaginator(rows, 20)
    pages = [[p.pk for p in paginator.page(n)] for n in paginator.page_range]
    assert [pk for page in pages for pk in page] == expected
    assert [len(page) for page in pages] == [20] * 6 + [17]
