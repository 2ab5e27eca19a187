"""Reading for coding: waves, open questions, codebooks, the answers that count, and who coded what.

Only submitted interviews count, and only answers with some text. What the coding shows (counts, quotes,
agreement) is in `msp.coding.results`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from msp.coding.analysis import (
    CouncilRef,
    RegionCount,
    suggest_themes,
)
from msp.coding.models import CodedAnswer, Coding, Theme
from msp.tempcheck.models import Answer, Interview, Question, QuestionType, Wave

# The interviewer's moderated rating: the one the report uses.
RATING_QUESTION = "achievement.interviewer"


# --- Waves, questions and codebooks -------------------------------------------------------------------------


def wave_get(wave: Wave | str) -> Wave:
    if isinstance(wave, Wave):
        return wave
    return get_object_or_404(Wave.objects.select_related("instrument"), code=wave)


def coding_waves():
    """Waves with interviews recorded in MSP (published baselines have no answers to code)."""
    return Wave.objects.filter(kind=Wave.Kind.INTERVIEWS, instrument__isnull=False).select_related(
        "instrument"
    )


def open_questions(wave: Wave) -> list[Question]:
    if wave.instrument_id is None:
        return []
    return list(wave.instrument.questions.filter(qtype=QuestionType.OPEN_TEXT).order_by("position"))


def question_get(wave: Wave, code: str) -> Question:
    """An open question of the wave's instrument (404 otherwise)."""
    return get_object_or_404(
        Question, instrument_id=wave.instrument_id, code=code, qtype=QuestionType.OPEN_TEXT
    )


def codebook(wave: Wave, question_code: str) -> list[Theme]:
    return list(Theme.objects.filter(wave=wave, question_code=question_code).order_by("position", "id"))


def theme_get(wave: Wave, question_code: str, theme_id: int) -> Theme:
    return get_object_or_404(Theme, pk=theme_id, wave=wave, question_code=question_code)


# --- Answers ------------------------------------------------------------------------------------------------


def answers_queryset(wave: Wave, question_code: str):
    """The answers that count: submitted interviews of the wave, with some text, in a stable order."""
    return (
        Answer.objects.filter(
            interview__wave=wave,
            interview__status=Interview.Status.SUBMITTED,
            question__code=question_code,
            question__instrument_id=wave.instrument_id,
        )
        .exclude(text__regex=r"^\s*$")
        .select_related("interview__council__region")
        .order_by("id")
    )


def answer_get(wave: Wave, question_code: str, answer_id: int) -> Answer:
    return get_object_or_404(answers_queryset(wave, question_code), pk=answer_id)


@dataclass(frozen=True)
class AnswerRow:
    id: int
    text: str
    council: CouncilRef
    council_names: tuple[str, ...]
    consent: bool | None
    rating: str


def answer_rows(wave: Wave, question_code: str) -> list[AnswerRow]:
    answers = list(answers_queryset(wave, question_code))
    ratings = dict(
        Answer.objects.filter(
            interview_id__in=[a.interview_id for a in answers], question__code=RATING_QUESTION
        ).values_list("interview_id", "choice")
    )
    rows = []
    for a in answers:
        council = a.interview.council
        rows.append(
            AnswerRow(
                id=a.pk,
                text=a.text.strip(),
                council=CouncilRef(council.short_name, council.region.name, council.council_type),
                council_names=(council.name, council.short_name),
                consent=a.interview.consent_to_attribution,
                rating=ratings.get(a.interview_id) or "",
            )
        )
    return rows


def region_counts(wave: Wave, rows: list[AnswerRow]) -> dict[str, RegionCount]:
    """Per region: councils interviewed in the wave, and councils of each type that answered the question."""
    interviewed = Counter(
        Interview.objects.filter(wave=wave, status=Interview.Status.SUBMITTED).values_list(
            "council__region__name", flat=True
        )
    )
    answering: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        answering[row.council.region][row.council.council_type] += 1
    return {
        region: RegionCount(interviewed=interviewed[region], answering=dict(answering[region]))
        for region in set(interviewed) | set(answering)
    }


# --- Coding -------------------------------------------------------------------------------------------------


def coder_state(answer: Answer, coder) -> tuple[bool, set[int]]:
    """Whether this person has coded the answer, and with which themes."""
    done = CodedAnswer.objects.filter(answer=answer, coder=coder).exists()
    themes = set(Coding.objects.filter(answer=answer, coder=coder).values_list("theme_id", flat=True))
    return done, themes


def coded_by(answer_ids: list[int], coder) -> set[int]:
    return set(
        CodedAnswer.objects.filter(answer_id__in=answer_ids, coder=coder).values_list("answer_id", flat=True)
    )


def next_to_code(order: list[int], done: set[int], after: int | None = None) -> int | None:
    """The next answer not yet coded by this person: after `after` first, then from the top."""
    start = order.index(after) + 1 if after in order else 0
    for answer_id in order[start:] + order[:start]:
        if answer_id not in done and answer_id != after:
            return answer_id
    return None


@dataclass
class Progress:
    answers: int
    coded_by_you: int
    coded: int
    double_coded: int
    themes: int


def progress(wave: Wave, question_code: str, coder) -> Progress:
    ids = list(answers_queryset(wave, question_code).values_list("id", flat=True))
    coders_per_answer = Counter(
        CodedAnswer.objects.filter(answer_id__in=ids).values_list("answer_id", flat=True)
    )
    return Progress(
        answers=len(ids),
        coded_by_you=len(coded_by(ids, coder)),
        coded=len(coders_per_answer),
        double_coded=sum(1 for n in coders_per_answer.values() if n >= 2),
        themes=Theme.objects.filter(wave=wave, question_code=question_code).count(),
    )


def final_codings(answer_ids: list[int]) -> dict[int, set[int]]:
    """The themes each coded answer counts under: the most recent person's coding of it.

    Coding an answer again after others (for example an analyst settling a disagreement) decides it; the
    other codings still count towards agreement.
    """
    latest: dict[int, int] = {}
    for answer_id, coder_id in (
        CodedAnswer.objects.filter(answer_id__in=answer_ids)
        .order_by("done_at", "id")
        .values_list("answer_id", "coder_id")
    ):
        latest[answer_id] = coder_id
    themes: dict[int, set[int]] = {answer_id: set() for answer_id in latest}
    for answer_id, coder_id, theme_id in Coding.objects.filter(answer_id__in=answer_ids).values_list(
        "answer_id", "coder_id", "theme_id"
    ):
        if latest.get(answer_id) == coder_id:
            themes[answer_id].add(theme_id)
    return themes


def suggested_codings(rows: list[AnswerRow], themes: list[Theme]) -> dict[int, set[int]]:
    """Keyword suggestions for every answer (not a person's decision; shown only labelled as suggestions)."""
    book = {t.pk: t.keyword_list for t in themes}
    return {row.id: set(suggest_themes(row.text, book)) for row in rows}
