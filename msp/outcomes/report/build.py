"""Generate a region's outcome report in one or more formats, for the command and the download alike."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q
from django.utils.text import slugify

from msp.councils.models import Region
from msp.outcomes.report.assemble import build_document
from msp.outcomes.report.inputs import report_data
from msp.reports.documents.build import CONTENT_TYPES, FORMATS, render

__all__ = ["CONTENT_TYPES", "FORMATS", "Generated", "filename", "find_region", "generate", "write"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Generated:
    region: Region
    year: str
    fmt: str
    content: bytes
    seconds: float


def find_region(text: str) -> Region | None:
    """A region by its GSS code or its name (any case)."""
    text = (text or "").strip()
    return Region.objects.filter(Q(gss_code__iexact=text) | Q(name__iexact=text)).first() if text else None


def filename(region: Region, year: str, fmt: str) -> str:
    return f"msp-outcomes-{year}-{slugify(region.name)}.{fmt}"


def generate(
    region: Region,
    year: str,
    formats: list[str],
    *,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> Iterator[Generated]:
    """The region's report for the year in each format: the figures read and assembled once."""
    started = time.perf_counter()
    if progress:
        progress(f"{region.name}: reading the figures for {year}")
    data = report_data(region, year, today=today)
    document = build_document(data)
    html = None
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"Unknown format '{fmt}'; expected one of {', '.join(FORMATS)}")
        if progress:
            progress(f"{region.name}: writing {fmt.upper()}")
        if fmt in ("html", "pdf") and html is None:
            html = render(document, "html").decode("utf-8")
        content = render(document, fmt, html)
        yield Generated(region, data.year, fmt, content, time.perf_counter() - started)
        started = time.perf_counter()


def write(generated: Generated, out: Path) -> Path:
    """Write to `out`, or into it when it is a folder."""
    name = filename(generated.region, generated.year, generated.fmt)
    path = out / name if out.is_dir() else out
    path.write_bytes(generated.content)
    return path
