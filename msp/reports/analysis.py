"""A wave's analysis in one call: the selectors' responses through the pure tabulation, findings, suppression.

The `tempcheck_tables` command, the analysis and council pages and the generated documents all start here, so
they show the same figures and suppress the same groups.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from msp.core.stats import is_suppressed, suppressed_groups
from msp.reports import selectors
from msp.reports.findings import Baseline, Breakdown, Findings, breakdown, findings
from msp.reports.tabulate import Response, Tabulation, tabulate
from msp.tempcheck.instrument import Item
from msp.tempcheck.models import Wave


class UnknownGroupError(ValueError):
    """A region or council type that does not exist; the message lists the valid ones."""


def threshold_setting() -> int:
    return int(getattr(settings, "MSP_SUPPRESSION_THRESHOLD", 5))


def _canonical(value: str, valid: list[str], what: str) -> str:
    for name in valid:
        if name.casefold() == value.strip().casefold():
            return name
    raise UnknownGroupError(f"There is no {what} called '{value}'. Choose one of: {', '.join(valid)}.")


def resolve_filters(region: str | None, council_type: str | None) -> tuple[str, str]:
    """The region and council type as stored (any letter case accepted); UnknownGroupError if unknown."""
    region = _canonical(region, selectors.region_names(), "region") if region else ""
    council_type = _canonical(council_type, selectors.council_types(), "council type") if council_type else ""
    return region, council_type


def filter_suppressed(responses: list[Response], region: str, council_type: str, threshold: int) -> bool:
    """Whether the filtered group must be suppressed, judged against every group it could be compared with."""
    regions = Counter(r.region for r in responses)
    types = Counter(r.council_type for r in responses)
    if region and region in suppressed_groups(regions, threshold):
        return True
    if council_type and council_type in suppressed_groups(types, threshold):
        return True
    if region and council_type:
        # The group is a cell of two breakdowns: the region by council type, and the council type by region.
        # Judging it in both, secondary suppression included, means the groups that are shown can never be
        # subtracted from their region's or type's total to reveal a hidden one.
        types_in_region = Counter(r.council_type for r in responses if r.region == region)
        regions_of_type = Counter(r.region for r in responses if r.council_type == council_type)
        return council_type in suppressed_groups(types_in_region, threshold) or region in suppressed_groups(
            regions_of_type, threshold
        )
    if not region and not council_type:
        return is_suppressed(len(responses), threshold)
    return False


def select(responses: list[Response], region: str, council_type: str) -> list[Response]:
    return [
        r
        for r in responses
        if (not region or r.region == region) and (not council_type or r.council_type == council_type)
    ]


@dataclass(frozen=True)
class WaveAnalysis:
    """Tables and findings of a wave (or of one region and/or council type). Suppressed: no figures at all."""

    wave: Wave
    items: list[Item]
    region: str
    council_type: str
    threshold: int
    suppressed: bool
    tabulation: Tabulation | None
    findings: Findings | None
    by_region: Breakdown | None = None
    by_type: Breakdown | None = None

    @property
    def group_label(self) -> str:
        parts = [p for p in (self.region, self.council_type) if p]
        return ", ".join(parts) if parts else "England"

    def as_dict(self, *, with_findings: bool = True) -> dict[str, Any]:
        """The interchange JSON ({"wave", "tables", "moderation"}, plus filters and findings)."""
        if self.suppressed or self.tabulation is None:
            raise ValueError("a suppressed group has no figures to give")
        data = self.tabulation.as_dict(self.wave.code)
        data["filters"] = {"region": self.region or None, "council_type": self.council_type or None}
        if with_findings and self.findings is not None:
            data["findings"] = self.findings.as_dict()
        return data


def wave_analysis(
    wave: Wave,
    *,
    region: str | None = None,
    council_type: str | None = None,
    threshold: int | None = None,
    with_breakdowns: bool = False,
    responses: list[Response] | None = None,
) -> WaveAnalysis:
    """Tabulate a wave's submitted interviews, filtered if asked; UnknownGroupError for unknown filters."""
    threshold = threshold_setting() if threshold is None else threshold
    region, council_type = resolve_filters(region, council_type)
    items = selectors.wave_items(wave)
    everyone = selectors.wave_responses(wave) if responses is None else responses
    baseline: Baseline = selectors.baseline_percentages(wave)
    chosen = select(everyone, region, council_type)
    if filter_suppressed(everyone, region, council_type, threshold):
        return WaveAnalysis(wave, items, region, council_type, threshold, True, None, None)
    tabulation = tabulate(items, chosen)
    by_region = by_type = None
    if with_breakdowns:
        by_region = breakdown(
            items,
            chosen,
            by="region",
            threshold=threshold,
            baseline=baseline,
            names=[] if region else selectors.region_names(),
        )
        by_type = breakdown(
            items,
            chosen,
            by="council_type",
            threshold=threshold,
            baseline=baseline,
            names=[] if council_type else selectors.council_types(),
        )
    return WaveAnalysis(
        wave,
        items,
        region,
        council_type,
        threshold,
        False,
        tabulation,
        findings(tabulation, baseline),
        by_region,
        by_type,
    )


def council_page(wave: Wave, gss_code: str, *, threshold: int | None = None):
    """A council's profile (None without a submitted interview); region and England only if publishable."""
    from msp.reports.profiles import council_profile

    threshold = threshold_setting() if threshold is None else threshold
    everyone = selectors.wave_responses(wave)
    response = next((r for r in everyone if r.gss_code == gss_code), None)
    if response is None:
        return None
    items = selectors.wave_items(wave)
    region_hidden = filter_suppressed(everyone, response.region, "", threshold)
    national_hidden = filter_suppressed(everyone, "", "", threshold)
    regional = None if region_hidden else tabulate(items, select(everyone, response.region, ""))
    national = None if national_hidden else tabulate(items, everyone)
    return council_profile(items, response, national, regional)
