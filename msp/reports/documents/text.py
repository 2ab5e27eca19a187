"""The report's fixed text: default foreword, background and recommendations, glossary, and base notes.

Kept in msp/reports/report_text.yaml so that wording is edited as data; analysts' saved narratives replace
the defaults per wave and region.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

TEXT_FILE = Path(__file__).resolve().parent.parent / "report_text.yaml"


@functools.cache
def _text() -> dict[str, Any]:
    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


def default_text(section: str) -> str:
    """The section's default opening text ("" for sections that open with the analysts' text only)."""
    value = _text().get(section)
    return value if isinstance(value, str) else ""


def glossary() -> dict[str, str]:
    return dict(_text()["glossary"])


def base_note(code: str, base: int, interviews: int, condition: dict | None) -> str:
    """A footnote where a table's base is not every council interviewed: who was asked, how many answered."""
    if base == interviews:
        return ""
    asked = (_text().get("base_notes") or {}).get(code)
    if asked is None and condition:
        asked = "Asked only of councils the question applied to"
    answered = f"{base} of the {interviews} councils interviewed answered; percentages are of those {base}."
    if asked:
        return f"{asked}: {answered}"
    return f"Not every council answered: {answered}"
