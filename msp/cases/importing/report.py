"""What an import found: the checked rows, what earlier imports created, the problems and the counts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from msp.core.tabular import CollectsProblems, ImportProblem, plural

# progress(stage, done, total): "Checking" in bytes of the file (total 0 when not known), "Writing" in rows.
Progress = Callable[[str, int, int], None]


class KnownPerson(NamedTuple):
    """A person an earlier import created: what a later file's rows are checked against and linked to."""

    pk: int
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None


@dataclass
class KnownIds:
    """What earlier imports into the council created, among the external ids the file names."""

    people: dict[str, KnownPerson] = field(default_factory=dict)  # external person id -> person
    concerns: dict[str, str] = field(default_factory=dict)  # external concern id -> reference


@dataclass
class ImportReport(CollectsProblems):
    file: str
    council: Any
    dry_run: bool = False
    rows_read: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)  # odd but clear: imported, and said so
    # The checked rows, compactly: (spreadsheet row number, *parsed values in the order of `names`), None for
    # a blank cell; `repeats[i]` says whether row i is a repeat. Kept only when every row is right.
    names: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)
    repeats: list[bool] = field(default_factory=list)
    known: KnownIds = field(default_factory=KnownIds)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # external person id -> details
    newly_repeats: list[int] = field(default_factory=list)  # concerns already in MSP that become repeats
    counts: dict[str, int] = field(default_factory=dict)
    written: bool = False

    def warn(self, rule: str, message: str, fix: str = "", **where: Any) -> None:
        self.warnings.append(ImportProblem(rule, message, fix, file=self.file, **where))

    def index(self, name: str) -> int:
        """Where a column's value sits in a row of `rows`."""
        return self.names.index(name) + 1

    def summary_lines(self) -> list[str]:
        c = self.counts
        lines = [
            f"{self.file}: {plural(self.rows_read, 'row')} read for {self.council.name}"
            f" ({self.council.gss_code})."
        ]
        if self.problems:
            return [*lines, f"{plural(len(self.problems), 'problem')} found; nothing was imported."]
        what = (
            f"{c['concerns']} concerns ({c['repeats']} repeats), {c['people_new']} new people"
            f" ({c['people_linked']} imported before), {c['enquiries']} enquiries,"
            f" {c['outcomes']} desired outcomes, {c['feedback']} feedback"
        )
        if self.written:
            return [*lines, f"Imported {what}."]
        return [*lines, f"Dry run: would import {what}; nothing was written."]
