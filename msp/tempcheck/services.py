"""Services that write temperature check data: instruments, waves, and saving and submitting interviews."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from msp.accounts.audit import audit
from msp.core.stale import check_revision
from msp.tempcheck.instrument import Instrument, InstrumentError, Item, read_instrument
from msp.tempcheck.rules import Problem, check_answers


def _models(apps=None):
    """Real models, or a data migration's historical ones."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    return (
        apps.get_model("tempcheck", "InstrumentVersion"),
        apps.get_model("tempcheck", "Question"),
        apps.get_model("tempcheck", "Wave"),
        apps.get_model("tempcheck", "BaselineFigure"),
    )


def instrument_publish(instrument: Instrument, *, apps=None):
    """Store a version and its questions. A published version is never edited: a changed text is refused."""
    InstrumentVersion, Question, _, _ = _models(apps)
    existing = InstrumentVersion.objects.filter(code=instrument.code).first()
    if existing is not None:
        if existing.sha256 != instrument.sha256:
            raise InstrumentError(
                [
                    f"version '{instrument.code}' is already published with different content;"
                    " published versions are never edited, so give the changed file a new code"
                ]
            )
        return existing
    with transaction.atomic():
        version = InstrumentVersion.objects.create(
            code=instrument.code, title=instrument.title, source=instrument.source, sha256=instrument.sha256
        )
        Question.objects.bulk_create(
            Question(
                instrument=version,
                code=item.code,
                section=item.section,
                section_title=item.section_title,
                position=position,
                qtype=item.qtype,
                text=item.text,
                grid_code=item.grid_code,
                grid_text=item.grid_text,
                table=item.table,
                options=[o.as_dict() for o in item.options],
                required=item.required,
                help=item.help,
                condition=item.condition,
            )
            for position, item in enumerate(instrument.items, start=1)
        )
    return version


def instrument_publish_file(path, *, apps=None):
    return instrument_publish(read_instrument(path), apps=apps)


@dataclass(frozen=True)
class BaselineRow:
    question_code: str
    option_code: str
    percent: Decimal
    base: int | None = None


def wave_create(
    *,
    code: str,
    name: str,
    instrument_code: str | None,
    kind: str = "interviews",
    fieldwork_start: datetime.date | None = None,
    fieldwork_end: datetime.date | None = None,
    baseline_code: str | None = None,
    apps=None,
):
    InstrumentVersion, _, Wave, _ = _models(apps)
    wave, _ = Wave.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "instrument": InstrumentVersion.objects.get(code=instrument_code) if instrument_code else None,
            "fieldwork_start": fieldwork_start,
            "fieldwork_end": fieldwork_end,
            "baseline": Wave.objects.get(code=baseline_code) if baseline_code else None,
        },
    )
    return wave


def baseline_figures_set(*, wave, rows: list[BaselineRow], apps=None) -> None:
    """Replace the published percentages of a baseline wave."""
    _, _, _, BaselineFigure = _models(apps)
    with transaction.atomic():
        BaselineFigure.objects.filter(wave=wave).delete()
        BaselineFigure.objects.bulk_create(
            BaselineFigure(
                wave=wave,
                question_code=r.question_code,
                option_code=r.option_code,
                percent=r.percent,
                base=r.base,
            )
            for r in rows
        )


# --- Interviews ---------------------------------------------------------------------------------------


class SubmittedInterviewError(Exception):
    """A submitted interview is read only until it is reopened."""


class IncompleteInterviewError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def items_for(instrument_version) -> list[Item]:
    """The answerable items of a stored instrument version, in interview order."""
    from msp.tempcheck.instrument import Option

    return [
        Item(
            code=q.code,
            qtype=q.qtype,
            text=q.text,
            section=q.section,
            section_title=q.section_title,
            options=tuple(Option(o["code"], o["label"], o.get("letter", "")) for o in q.options),
            grid_code=q.grid_code,
            grid_text=q.grid_text,
            table=q.table,
            required=q.required,
            help=q.help,
            condition=q.condition,
        )
        for q in instrument_version.questions.order_by("position")
    ]


def interview_answers(interview) -> dict[str, str]:
    return {a.question.code: (a.choice or a.text) for a in interview.answers.select_related("question")}


FACT_FIELDS = ("interview_date", "interviewer_name", "respondent_role", "consent_to_attribution")


def interview_save(
    *,
    interview,
    answers: dict[str, str],
    facts: dict | None = None,
    user=None,
    expected_revision: int | None = None,
    summary: str = "",
) -> None:
    """Save a draft: the given answers replace those for the same questions; blanks remove an answer.

    Refuses (StaleEditError) when the interview changed since `expected_revision` was read, so nobody's
    work is silently overwritten, and (SubmittedInterviewError) when it has been submitted.
    """
    from msp.tempcheck.models import Answer, Interview, Question

    creating = interview.pk is None
    with transaction.atomic():
        if not creating:
            current = Interview.objects.select_for_update().get(pk=interview.pk)
            check_revision(interview, current_revision=current.revision, expected_revision=expected_revision)
            if current.status == Interview.Status.SUBMITTED:
                raise SubmittedInterviewError(interview.pk)
            interview.revision = current.revision + 1
        changed = []
        for name, value in (facts or {}).items():
            if name not in FACT_FIELDS:
                raise ValueError(f"unknown interview fact {name}")
            if getattr(interview, name) != value:
                changed.append(name)
            setattr(interview, name, value)
        if user is not None and interview.recorded_by_id is None:
            interview.recorded_by = user
        interview.full_clean(exclude=["recorded_by"])
        interview.save()
        questions = {
            q.code: q for q in Question.objects.filter(instrument=interview.wave.instrument, code__in=answers)
        }
        stored = {
            a.question.code: a
            for a in Answer.objects.filter(
                interview=interview, question__in=questions.values()
            ).select_related("question")
        }
        previous = {code: answer.choice or answer.text for code, answer in stored.items()}
        # Only changed answers are replaced: an unchanged one keeps its row, and with it any coding of it.
        replaced = [
            code
            for code, value in answers.items()
            if code in questions and (value or "") != previous.get(code, "")
        ]
        Answer.objects.filter(pk__in=[stored[code].pk for code in replaced if code in stored]).delete()
        Answer.objects.bulk_create(
            Answer(
                interview=interview,
                question=questions[code],
                **(
                    {"text": answers[code]}
                    if questions[code].qtype == "open_text"
                    else {"choice": answers[code]}
                ),
            )
            for code in replaced
            if answers[code]
        )
        audit(
            user=user,
            action="create" if creating else "change",
            obj=interview,
            summary=summary or ("Started the interview" if creating else "Saved the interview"),
            changes={"changed": sorted([*replaced, *changed])},
        )


def interview_submit(*, interview, user=None, expected_revision: int | None = None) -> None:
    """Mark complete, once every rule holds (required answers, conditions, moderation reason)."""
    from msp.tempcheck.models import Interview

    problems = interview_problems(interview, complete=True)
    if problems:
        raise IncompleteInterviewError(problems)
    with transaction.atomic():
        current = Interview.objects.select_for_update().get(pk=interview.pk)
        check_revision(interview, current_revision=current.revision, expected_revision=expected_revision)
        interview.status = Interview.Status.SUBMITTED
        interview.submitted_at = timezone.now()
        interview.revision = current.revision + 1
        interview.save(update_fields=["status", "submitted_at", "revision", "updated_at"])
        audit(user=user, action="change", obj=interview, summary="Submitted the interview")


def interview_reopen(*, interview, user=None) -> None:
    """Set a submitted interview back to draft so that it can be changed and submitted again."""
    from msp.tempcheck.models import Interview

    with transaction.atomic():
        current = Interview.objects.select_for_update().get(pk=interview.pk)
        interview.status = Interview.Status.DRAFT
        interview.submitted_at = None
        interview.revision = current.revision + 1
        interview.save(update_fields=["status", "submitted_at", "revision", "updated_at"])
        audit(user=user, action="change", obj=interview, summary="Reopened the interview")


def interview_problems(interview, *, complete: bool) -> list[Problem]:
    problems = check_answers(
        items_for(interview.wave.instrument), interview_answers(interview), complete=complete
    )
    if complete:
        missing = {
            "interview_date": interview.interview_date,
            "interviewer": interview.interviewer_name,
            "respondent_role": interview.respondent_role,
            "consent_to_attribution": interview.consent_to_attribution,
        }
        problems = [
            Problem(code, "required", f"'{code}' must be answered", "Complete the interview details.")
            for code, value in missing.items()
            if value in (None, "")
        ] + problems
    return problems
