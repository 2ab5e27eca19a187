"""Generate a wave's reports: one document in one format, or the national and every region's, with progress.

The command, the download page and the benchmark all call `generate` / `generate_all`, so a report is the
same however it is asked for.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from msp.reports.documents.assemble import build_document
from msp.reports.documents.inputs import WaveData, canonical_region, wave_data
from msp.tempcheck.models import Wave

FORMATS = ("pdf", "docx", "html")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
NATIONAL = "england"  # the scope slug of the national report

Progress = Callable[[str], None]


def scope_slug(region: str = "") -> str:
    return slugify(region) if region else NATIONAL


def region_for_slug(slug: str, regions: list[str]) -> str | None:
    """The region a slug names ("" for the national report), or None if it names none."""
    if slug == NATIONAL:
        return ""
    return next((name for name in regions if slugify(name) == slug), None)


def filename(wave: Wave, fmt: str, region: str = "") -> str:
    return f"tempcheck-{slugify(wave.code)}-{scope_slug(region)}.{fmt}"


@dataclass(frozen=True)
class Generated:
    region: str
    fmt: str
    content: bytes
    seconds: float


def render(document, fmt: str, html: str | None = None) -> bytes:
    """The document in one format; `html` (its HTML, if already made) saves making it again for the PDF."""
    if fmt in ("html", "pdf") and html is None:
        from msp.reports.documents.render_html import render_html

        html = render_html(document)
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "pdf":
        from msp.reports.documents.render_pdf import render_pdf

        return render_pdf(document, html)
    if fmt == "docx":
        from msp.reports.documents.render_docx import render_docx

        return render_docx(document)
    raise ValueError(f"Unknown format '{fmt}'; expected one of {', '.join(FORMATS)}")


def generate_formats(
    data: WaveData,
    formats: list[str],
    region: str = "",
    *,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> Iterator[Generated]:
    """One report (national, or `region`'s) in each format, saying "n/N sections" as it goes."""
    started = time.perf_counter()
    region = canonical_region(region)
    label = region or "England"

    def step(number: int, total: int, title: str) -> None:
        if progress:
            progress(f"{label}: {number}/{total} sections ({title})")

    document = build_document(data, region, progress=step, today=today)
    html = None
    for fmt in formats:
        if progress:
            progress(f"{label}: writing {fmt.upper()}")
        if fmt in ("html", "pdf") and html is None:
            from msp.reports.documents.render_html import render_html

            html = render_html(document)
        content = render(document, fmt, html)
        yield Generated(region, fmt, content, time.perf_counter() - started)
        started = time.perf_counter()


def generate(
    data: WaveData,
    fmt: str,
    region: str = "",
    *,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> Generated:
    """One report (national, or `region`'s) in one format."""
    return next(generate_formats(data, [fmt], region, progress=progress, today=today))


def generate_all(
    data: WaveData, formats: list[str], *, progress: Progress | None = None
) -> Iterator[Generated]:
    """The national report and each region's, in each format: "report n/N" as each starts."""
    scopes = ["", *data.regions]
    for number, region in enumerate(scopes, start=1):
        if progress:
            progress(f"Report {number}/{len(scopes)}: {region or 'England'}")
        yield from generate_formats(data, formats, region, progress=progress)


def write(generated: Generated, wave: Wave, out: Path) -> Path:
    """Write to `out`, or into it when it is a folder."""
    path = out / filename(wave, generated.fmt, generated.region) if out.is_dir() else out
    path.write_bytes(generated.content)
    return path


__all__ = ["FORMATS", "Generated", "generate", "generate_all", "generate_formats", "wave_data", "write"]
