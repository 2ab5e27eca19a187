"""The summary tables: computed per council and year, empty where a council had no records, refreshed when
records change (the audit log says so), and never over an uploaded return."""

from __future__ import annotations

import datetime

from django.utils import timezone

from msp.accounts.audit import audit
from msp.outcomes import figures, summaries
from msp.outcomes.measures import measure
from msp.outcomes.models import FigureSet, IndicatorFigure, ReturnFigure
from tests.outcomes.conftest import make_case, make_person, uk
from tests.outcomes_figures.conftest import YEAR


def test_refresh_stores_each_councils_cells_and_indicators(region_councils):
    first, *_ = region_councils
    assert figures.refresh(YEAR) == 4
    figure_set = FigureSet.objects.get(council=first, year=YEAR)
    assert figure_set.source == "computed" and not figure_set.empty
    assert ReturnFigure.objects.filter(figure_set=figure_set).count() == 143  # 148 less the 5 derived
    concerns = ReturnFigure.objects.get(figure_set=figure_set, table="SG1f", row="concerns", column="cases")
    assert concerns.value == 30
    asked = IndicatorFigure.objects.get(figure_set=figure_set, period=YEAR, indicator="asked_and_expressed")
    assert (asked.numerator, asked.denominator) == (15, 20)
    assert IndicatorFigure.objects.filter(figure_set=figure_set, period="2023-24 Q2").exists()


def test_a_council_without_records_gets_an_empty_set_not_zeros(region_councils):
    first, *_ = region_councils
    figures.refresh("2021-22", [first])
    figure_set = FigureSet.objects.get(council=first, year="2021-22")
    assert figure_set.empty
    assert not ReturnFigure.objects.filter(figure_set=figure_set).exists()
    value = summaries.values(measure("concerns"), ["2021-22"], [first])[first.pk, "2021-22"]
    assert not value.submitted


def test_a_change_to_a_record_makes_the_councils_figures_stale(region_councils):
    first, second, *_ = region_councils
    figures.refresh(YEAR, [first, second], now=timezone.now() - datetime.timedelta(minutes=5))
    assert figures.stale_councils(YEAR, [first, second]) == []
    make_case(first, make_person(first), uk(2023, 11, 5, 9), decision="none")
    audit(user=None, action="create", object_type="cases.Concern", council=first, summary="A new concern")
    assert figures.stale_councils(YEAR, [first, second]) == [first]
    audit(user=None, action="view", object_type="cases.Concern", council=second, summary="Only looked")
    summaries.refresh_changed([YEAR], [first, second])
    cells = summaries.council_cells(first, YEAR)
    assert cells["SG1f", "concerns", "cases"] == 31
    assert figures.stale_councils(YEAR, [first, second]) == []


def test_pooling_adds_counts_and_never_averages_percentages(region_councils):
    first, second, third, _, _ = region_councils
    figures.refresh(YEAR)
    m = measure("asked_and_expressed")
    found = summaries.values(m, [YEAR], [first, second, third])
    from msp.outcomes.measures import pool

    pooled = pool(found.values())
    # 15/20, 6/12 and 7/8: pooled 28/40 = 70%, not the mean of 75%, 50% and 87.5% (70.8%).
    assert (pooled.numerator, pooled.denominator, pooled.councils) == (28, 40, 3)
    assert pooled.percent == 70


def test_the_look_for_changes_starts_where_the_last_one_ended(region_councils, django_assert_max_num_queries):
    from msp.outcomes.models import FigureWatermark

    first, second, *_ = region_councils
    audit(user=None, action="import", object_type="cases.Concern", council=first, summary="Loaded")
    audit(user=None, action="import", object_type="cases.Concern", council=second, summary="Loaded")
    summaries.refresh_changed([YEAR])
    assert set(FigureSet.objects.filter(year=YEAR).values_list("council_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    mark = FigureWatermark.objects.get(year=YEAR).audit_id
    before = FigureSet.objects.get(council=second, year=YEAR).refreshed_at
    make_case(first, make_person(first), uk(2023, 11, 5, 9), decision="none")
    audit(user=None, action="change", object_type="cases.Concern", council=first, summary="Changed")
    summaries.refresh_changed([YEAR])
    assert FigureWatermark.objects.get(year=YEAR).audit_id > mark
    assert summaries.council_cells(first, YEAR)["SG1f", "concerns", "cases"] == 31
    assert FigureSet.objects.get(council=second, year=YEAR).refreshed_at == before  # not recomputed
    with django_assert_max_num_queries(6):  # nothing changed: a few small queries, no computation
        summaries.refresh_changed([YEAR])
