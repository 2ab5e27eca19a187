"""CSV downloads as councils expect: UTF-8 with a byte-order mark (so Excel reads it), Windows line ends."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse

BLOCK_ROWS = 2000  # rows a streamed block: few enough to start at once, many enough not to write line by line


def csv_text(rows: Iterable[Iterable]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def csv_response(name: str, header: list, rows: list) -> HttpResponse:
    """Figures as a CSV file to download as `name`."""
    response = HttpResponse(
        ("\ufeff" + csv_text([header, *rows])).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_blocks(rows: Iterable[Iterable]) -> Iterator[bytes]:
    """Rows as CSV in blocks of BLOCK_ROWS, for a StreamingHttpResponse (the first block carries the mark)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % BLOCK_ROWS == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")
