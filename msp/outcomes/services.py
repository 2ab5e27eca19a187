"""The return and the indicators as a council or the programme receives them: computed, checked, audited.
The command, the page and the downloads call these, so each does the same thing."""

from __future__ import annotations

import datetime

from msp.accounts.audit import audit
from msp.outcomes import exporting, sac
from msp.outcomes.checks import check_return
from msp.outcomes.layout import layout_for


def checked_return(*, year: str, council) -> tuple[sac.SacReturn, list]:
    """One council's return with the checks it fails (zeros if it has no records that year)."""
    result = sac.compute(year, [council])[council]
    return result, check_return(result.cells, layout_for(result.year))


def source_description(result: sac.SacReturn) -> str:
    cells = result.cells
    return (
        f"MSP case records: {cells['SG1f', 'concerns', 'cases']:,} concerns received,"
        f" {cells['SG1f', 's42_enquiries', 'cases'] + cells['SG1f', 'other_enquiries', 'cases']:,}"
        f" enquiries started and {cells['SG3a', 'Total', 'enquiries']:,} Section 42 enquiries concluded"
    )


def return_file(*, year: str, council, fmt: str, now: datetime.datetime, user=None) -> tuple[bytes, int, int]:
    """(file bytes, councils in it, checks failed) for the CSV of every council (or one) or one council's
    workbook. Audited: who took which return when."""
    if fmt == "xlsx":
        result, checks = checked_return(year=year, council=council)
        data = exporting.return_xlsx(result, checks, produced_at=now, source=source_description(result))
        count, failed = 1, len(checks)
    else:
        returns = sac.compute(year, None if council is None else [council])
        data = exporting.return_csv(returns)
        count = len(returns)
        failed = sum(len(check_return(r.cells, layout_for(r.year))) for r in returns.values())
    audit(
        user=user,
        action="export",
        object_type="outcomes.SacReturn",
        object_id=year,
        council=council,
        summary=f"SAC return {year} ({fmt}, {count} council{'s' if count != 1 else ''})",
    )
    return data, count, failed
