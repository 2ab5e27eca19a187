"""Reading for the capture pages: waves with their progress, an interview's sections, statuses and summary.

Queries live here; the sorting, counting and status rules are plain functions on plain data so that they can
be tested without a database.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from msp.councils.models import Council
from msp.tempcheck.instrument import Item, condition_met
from msp.tempcheck.models import Interview, Wave
from msp.tempcheck.rules import Problem
from msp.tempcheck.services import interview_answers, items_for

DETAILS = "details"
DETAILS_TITLE = "Interview details"
# The interview facts that `services.interview_problems` checks, by the code it reports them under.
FACT_CODES = {
    "interview_date": "interview_date",
    "interviewer": "interviewer_name",
    "respondent_role": "respondent_role",
    "consent_to_attribution": "consent_to_attribution",
}

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not yet started"

INTERVIEWED = "interviewed"
DRAFT = "in_progress"
NOT_YET = "not_yet"


# --- Waves -------------------------------------------------------------------------------------------------


def wave_list():
    """Every wave, with how many interviews are submitted and in progress (one query)."""
    return Wave.objects.select_related("instrument").annotate(
        submitted_count=Count("interviews", filter=Q(interviews__status=Interview.Status.SUBMITTED)),
        draft_count=Count("interviews", filter=Q(interviews__status=Interview.Status.DRAFT)),
    )


def wave_get(code: str) -> Wave:
    return get_object_or_404(Wave.objects.select_related("instrument"), code=code)


def wave_sample(wave: Wave):
    """The councils the wave means to interview: its planned sample, or all valid at fieldwork start."""
    if wave.planned_councils.exists():
        return wave.planned_councils.all()
    return Council.objects.valid_on(wave.fieldwork_start or datetime.date.today())


@dataclass
class TallyRow:
    label: str
    interviewed: int = 0
    in_progress: int = 0
    not_yet: int = 0

    @property
    def total(self) -> int:
        return self.interviewed + self.in_progress + self.not_yet


def tally(rows: list[tuple[str, str]]) -> list[TallyRow]:
    """Count (group, state) pairs into one row per group, in name order, with a final 'All councils' row."""
    counts = Counter(rows)
    groups = sorted({group for group, _ in rows})
    table = [
        TallyRow(group, counts[(group, INTERVIEWED)], counts[(group, DRAFT)], counts[(group, NOT_YET)])
        for group in groups
    ]
    table.append(
        TallyRow(
            "All councils",
            sum(r.interviewed for r in table),
            sum(r.in_progress for r in table),
            sum(r.not_yet for r in table),
        )
    )
    return table


@dataclass
class WaveOverview:
    wave: Wave
    interviewed: list[Interview]
    in_progress: list[Interview]
    not_yet: list[Council]
    by_region: list[TallyRow]
    by_type: list[TallyRow]


def wave_overview(wave: Wave) -> WaveOverview:
    """Councils interviewed, in progress and not yet interviewed, listed and counted by region and type."""
    interviews = list(
        wave.interviews.select_related("council__region", "recorded_by").order_by("council__short_name")
    )
    started = {i.council_id for i in interviews}
    not_yet = (
        [c for c in wave_sample(wave).select_related("region").order_by("short_name") if c.pk not in started]
        if wave.kind == Wave.Kind.INTERVIEWS
        else []
    )
    states = [
        (i.council, INTERVIEWED if i.status == Interview.Status.SUBMITTED else DRAFT) for i in interviews
    ] + [(c, NOT_YET) for c in not_yet]
    return WaveOverview(
        wave=wave,
        interviewed=[i for i in interviews if i.status == Interview.Status.SUBMITTED],
        in_progress=[i for i in interviews if i.status == Interview.Status.DRAFT],
        not_yet=not_yet,
        by_region=tally([(c.region.name, state) for c, state in states]),
        by_type=tally([(c.get_council_type_display(), state) for c, state in states]),
    )


def council_for_new_interview(wave: Wave, gss_code: str) -> Council:
    """A council in the wave's sample (404 otherwise)."""
    return get_object_or_404(wave_sample(wave).select_related("region"), gss_code=gss_code)


# --- Interviews --------------------------------------------------------------------------------------------


def interview_get(pk: int) -> Interview:
    return get_object_or_404(
        Interview.objects.select_related("wave__instrument", "council__region", "recorded_by"), pk=pk
    )


@dataclass
class Section:
    code: str
    title: str
    items: list[Item] = field(default_factory=list)

    @property
    def codes(self) -> set[str]:
        return {item.code for item in self.items}


def group_sections(items: list[Item]) -> list[Section]:
    """The instrument's sections in interview order, each with its items."""
    sections: dict[str, Section] = {}
    for item in items:
        sections.setdefault(item.section, Section(item.section, item.section_title)).items.append(item)
    return list(sections.values())


def interview_sections(interview: Interview) -> list[Section]:
    return group_sections(items_for(interview.wave.instrument))


def interview_facts(interview: Interview) -> dict[str, object]:
    return {name: getattr(interview, name) for name in FACT_CODES.values()}


def section_status(section: Section, answers: dict[str, str], problems: list[Problem]) -> str:
    """Not started until something is answered; completed when nothing required is missing or wrong."""
    if not any(answers.get(code) for code in section.codes):
        return NOT_STARTED
    if any(p.question in section.codes for p in problems):
        return IN_PROGRESS
    return COMPLETED


def details_status(facts: dict[str, object]) -> str:
    given = [value not in (None, "") for value in facts.values()]
    if all(given):
        return COMPLETED
    return IN_PROGRESS if any(given) else NOT_STARTED


@dataclass
class Task:
    code: str
    title: str
    status: str


def task_list(
    sections: list[Section], answers: dict[str, str], facts: dict[str, object], problems: list[Problem]
) -> list[Task]:
    return [Task(DETAILS, DETAILS_TITLE, details_status(facts))] + [
        Task(s.code, s.title, section_status(s, answers, problems)) for s in sections
    ]


def problem_section(problem: Problem, sections: list[Section]) -> str:
    """Which section page fixes a problem: the details page for interview facts."""
    for section in sections:
        if problem.question in section.codes:
            return section.code
    return DETAILS


# --- Check answers -----------------------------------------------------------------------------------------


@dataclass
class SummaryRow:
    code: str
    key: str
    value: str
    answered: bool
    anchor: str = ""


@dataclass
class SummaryBlock:
    """Consecutive questions, or one grid (with its question text as heading)."""

    heading: str = ""
    rows: list[SummaryRow] = field(default_factory=list)


def option_text(item: Item, code: str) -> str:
    """An option as shown: 'A) Fully implemented'; the road map's numbered steps as '2. MSP agreed…'."""
    for option in item.options:
        if option.code == code:
            if option.letter:
                return f"{option.letter}) {option.label}"
            return f"{code}. {option.label}" if code.isdigit() else option.label
    return code


def summary_blocks(items: list[Item], answers: dict[str, str]) -> list[SummaryBlock]:
    blocks: list[SummaryBlock] = []
    for item in items:
        value = answers.get(item.code, "")
        if value:
            shown = option_text(item, value) if item.options else value
        else:
            shown = "Not answered" if condition_met(item.condition, answers) else "Not asked"
        row = SummaryRow(item.code, item.text, shown, bool(value))
        heading = item.grid_text if item.qtype == "grid_row" else ""
        if not blocks or blocks[-1].heading != heading:
            blocks.append(SummaryBlock(heading=heading))
        blocks[-1].rows.append(row)
    return blocks


@dataclass
class InterviewState:
    """Everything the task list, check and read-only pages show about one interview."""

    interview: Interview
    sections: list[Section]
    answers: dict[str, str]
    facts: dict[str, object]
    tasks: list[Task]


def interview_state(interview: Interview, problems: list[Problem]) -> InterviewState:
    sections = interview_sections(interview)
    answers = interview_answers(interview)
    facts = interview_facts(interview)
    return InterviewState(interview, sections, answers, facts, task_list(sections, answers, facts, problems))
