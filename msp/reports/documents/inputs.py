"""Read what a wave's reports need, once per wave, so the national and nine regional reports share it.

Figures come from `wave_analysis` (the same tables, findings and suppression as the tables command and the
analysis pages); themes, term shares and quotes only through the coding API (`msp.coding.results`), which
attributes every quote itself; coverage, respondent roles and narratives from their models.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from msp.coding import results as coding
from msp.coding import selectors as coding_selectors
from msp.councils.models import Council
from msp.reports import selectors
from msp.reports.analysis import WaveAnalysis, resolve_filters, threshold_setting, wave_analysis
from msp.reports.models import Narrative
from msp.reports.tabulate import Response
from msp.tempcheck.models import RespondentRole, Wave

# Open questions kept out of reports: the interviewer's own notes, not the council's answers.
INTERNAL_QUESTIONS = frozenset({"coaching_notes", "moderation_reason"})
# Candidates per theme, from which the report chooses the few most typical (themes.choose_quotes).
QUOTES_PER_THEME = 12


@dataclass(frozen=True)
class Coverage:
    """How much of a group the wave reached. `interviews` is None where the group is suppressed."""

    councils: int
    planned: int
    interviews: int | None
    first_interview: datetime.date | None = None
    last_interview: datetime.date | None = None


@dataclass
class ThemeQuestion:
    """One open question's themes and quotes (attributed by the coding API), nationally and by region."""

    code: str
    text: str
    answers: int
    results: list[coding.ThemeResult]
    basis: str
    wave: Wave
    _regional: dict[str, list[coding.ThemeResult]] = field(default_factory=dict, repr=False)

    @property
    def coded(self) -> int:
        return (self.results[0].base or 0) if self.results else 0

    def in_region(self, region: str) -> list[coding.ThemeResult]:
        """The region's counts (None where the coding API suppresses them) and its own quotes; read once."""
        if region not in self._regional:
            self._regional[region] = coding.theme_summary(
                self.wave, self.code, basis=self.basis, quotes_per_theme=QUOTES_PER_THEME, region=region
            )
        return self._regional[region]


@dataclass
class WaveData:
    wave: Wave
    threshold: int
    basis: str
    responses: list[Response]
    national: WaveAnalysis
    regions: list[str]
    councils: Counter = field(default_factory=Counter)  # per region, valid when fieldwork started
    planned: Counter = field(default_factory=Counter)
    councils_by_type: Counter = field(default_factory=Counter)  # valid when fieldwork started
    planned_by_type: Counter = field(default_factory=Counter)
    roles: dict[str, Counter] = field(default_factory=dict)  # region -> role code -> interviews
    dates: dict[str, list[datetime.date]] = field(default_factory=dict)
    themes: list[ThemeQuestion] = field(default_factory=list)
    terms: dict[str, list[coding.TermShare]] = field(default_factory=dict)  # question code -> shares
    # (region or "", section, slot) -> text; blank texts are kept (a blank findings edit means "the draft")
    narratives: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def analysis(self, region: str = "") -> WaveAnalysis:
        if not region:
            return self.national
        return wave_analysis(self.wave, region=region, threshold=self.threshold, responses=self.responses)

    def coverage(self, region: str = "", *, suppressed: bool = False) -> Coverage:
        names = [region] if region else self.regions
        dates = sorted(d for name in names for d in self.dates.get(name, []))
        if suppressed:
            return Coverage(sum(self.councils[n] for n in names), sum(self.planned[n] for n in names), None)
        return Coverage(
            councils=sum(self.councils[n] for n in names),
            planned=sum(self.planned[n] for n in names),
            interviews=sum(1 for r in self.responses if not region or r.region == region),
            first_interview=dates[0] if dates else None,
            last_interview=dates[-1] if dates else None,
        )

    def role_counts(self, region: str = "") -> Counter:
        total: Counter = Counter()
        for name, counts in self.roles.items():
            if not region or name == region:
                total.update(counts)
        return total

    def narrative(self, section: str, region: str = "", slot: str = "") -> str:
        return self.narratives.get((region, section, slot), "")


ROLE_LABELS = dict(RespondentRole.choices)


def canonical_region(region: str | None) -> str:
    """The region's stored name (any letter case accepted); UnknownGroupError if there is none such."""
    return resolve_filters(region, None)[0] if region else ""


def _themes(wave: Wave, basis: str) -> list[ThemeQuestion]:
    found = []
    for question in coding_selectors.open_questions(wave):
        if question.code in INTERNAL_QUESTIONS or not coding_selectors.codebook(wave, question.code):
            continue
        found.append(
            ThemeQuestion(
                code=question.code,
                text=question.text,
                answers=coding_selectors.answers_queryset(wave, question.code).count(),
                results=coding.theme_summary(
                    wave, question.code, basis=basis, quotes_per_theme=QUOTES_PER_THEME
                ),
                basis=basis,
                wave=wave,
            )
        )
    return found


def _terms(wave: Wave) -> dict[str, list[coding.TermShare]]:
    """The share of answers using the terms the report counts (e.g. "outcome" in what MSP means)."""
    return {
        question_code: [coding.term_share_for(wave, question_code, term) for term in terms]
        for question_code, terms in coding.DEFAULT_TERMS.items()
        if question_code not in INTERNAL_QUESTIONS
    }


def wave_data(wave: Wave, *, threshold: int | None = None, basis: str = coding.CODED) -> WaveData:
    """Everything the wave's reports draw on, read once."""
    threshold = threshold_setting() if threshold is None else threshold
    responses = selectors.wave_responses(wave)
    data = WaveData(
        wave=wave,
        threshold=threshold,
        basis=basis,
        responses=responses,
        national=wave_analysis(wave, threshold=threshold, responses=responses),
        regions=selectors.region_names(),
    )
    day = wave.fieldwork_start or datetime.date.today()
    data.councils = Counter(Council.objects.valid_on(day).values_list("region__name", flat=True))
    data.planned = Counter(wave.planned_councils.values_list("region__name", flat=True))
    data.councils_by_type = Counter(Council.objects.valid_on(day).values_list("council_type", flat=True))
    data.planned_by_type = Counter(wave.planned_councils.values_list("council_type", flat=True))
    roles: dict[str, Counter] = defaultdict(Counter)
    dates: dict[str, list[datetime.date]] = defaultdict(list)
    for region, role, day_held in selectors.submitted_interviews(wave).values_list(
        "council__region__name", "respondent_role", "interview_date"
    ):
        roles[region][role or ""] += 1
        if day_held:
            dates[region].append(day_held)
    data.roles, data.dates = dict(roles), dict(dates)
    data.themes = _themes(wave, basis)
    data.terms = _terms(wave)
    data.narratives = {
        (region or "", section, slot): text
        for region, section, slot, text in Narrative.objects.filter(wave=wave).values_list(
            "region__name", "section", "slot", "text"
        )
        if text.strip()
    }
    return data
