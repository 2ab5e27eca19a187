"""Read councils, regions and boards for pages, commands and other apps."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from msp.councils.models import Council, CouncilType, Region, SafeguardingAdultsBoard


def council_list(
    *, region_code: str = "", council_type: str = "", valid_on: datetime.date | None = None
) -> QuerySet[Council]:
    """Councils in region then name order; `valid_on=None` means every date."""
    councils = Council.objects.select_related("region").order_by(
        "region__gss_code", "short_name", "valid_from"
    )
    if region_code:
        councils = councils.filter(region__gss_code=region_code)
    if council_type:
        councils = councils.filter(council_type=council_type)
    if valid_on is not None:
        councils = councils.valid_on(valid_on)
    return councils


def council_count_valid_on(day: datetime.date) -> int:
    return Council.objects.valid_on(day).count()


def council_get(gss_code: str) -> Council | None:
    """One council with everything its page shows, or None."""
    boards = SafeguardingAdultsBoard.objects.prefetch_related(
        Prefetch("councils", queryset=Council.objects.order_by("short_name"))
    )
    return (
        Council.objects.select_related("region")
        .prefetch_related(
            "aliases",
            Prefetch("successors", queryset=Council.objects.order_by("short_name")),
            Prefetch("predecessors", queryset=Council.objects.order_by("short_name")),
            Prefetch("boards", queryset=boards),
        )
        .filter(gss_code=gss_code.upper())
        .first()
    )


def region_choices() -> list[tuple[str, str]]:
    return [(r.gss_code, r.name) for r in Region.objects.order_by("gss_code")]


def council_type_choices() -> list[tuple[str, str]]:
    return list(CouncilType.choices)
