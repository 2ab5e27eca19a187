"""What an import found: the parsed rows, what earlier imports created, the problems and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from msp.core.tabular import CollectsProblems, ImportProblem


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # column name -> parsed value; blank cells are absent
    raw: dict[str, str]
    is_repeat: bool = False


@dataclass
class KnownIds:
    """What earlier imports into the council created, by external id."""

    people: dict[str, Any] = field(default_factory=dict)  # external person id -> Person
    concerns: dict[str, str] = field(default_factory=dict)  # external concern id -> reference


@dataclass
class ImportReport(CollectsProblems):
    file: str
    council: Any
    dry_run: bool = False
    rows_read: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)  # odd but clear: imported, and said so
    rows: list[ParsedRow] = field(default_factory=list)
    known: KnownIds = field(default_factory=KnownIds)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # external person id -> details
    newly_repeats: list[int] = field(default_factory=list)  # concerns already in MSP that become repeats
    counts: dict[str, int] = field(default_factory=dict)
    written: bool = False

    def warn(self, rule: str, message: str, fix: str = "", **where: Any) -> None:
        self.warnings.append(ImportProblem(rule, message, fix, file=self.file, **where))

    def summary_lines(self) -> list[str]:
        c = self.counts
        lines = [
            f"{self.file}: {self.rows_read} rows read for {self.council.name} ({self.council.gss_code})."
        ]
        if self.problems:
            return [*lines, f"{len(self.problems)} problems found; nothing was imported."]
        what = (
            f"{c['concerns']} concerns ({c['repeats']} repeats), {c['people_new']} new people"
            f" ({c['people_linked']} imported before), {c['enquiries']} enquiries,"
            f" {c['outcomes']} desired outcomes, {c['feedback']} feedback"
        )
        if self.written:
            return [*lines, f"Imported {what}."]
        return [*lines, f"Dry run: would import {what}; nothing was written."]
