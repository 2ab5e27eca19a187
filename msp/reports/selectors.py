"""Read a wave's submitted interviews as plain responses for the pure tabulation (two queries in all)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from msp.councils.models import Council, CouncilType, Region
from msp.reports.tabulate import Response
from msp.tempcheck.instrument import Item
from msp.tempcheck.models import Answer, Interview, Wave
from msp.tempcheck.services import items_for


def wave_by_code(code: str) -> Wave | None:
    """A wave with recorded interviews (not a baseline of published figures only), or None."""
    return (
        Wave.objects.select_related("instrument", "baseline")
        .filter(code=code, kind=Wave.Kind.INTERVIEWS, instrument__isnull=False)
        .first()
    )


def analysis_waves():
    return Wave.objects.select_related("instrument").filter(
        kind=Wave.Kind.INTERVIEWS, instrument__isnull=False
    )


def wave_items(wave: Wave) -> list[Item]:
    return items_for(wave.instrument)


def region_names() -> list[str]:
    return list(Region.objects.order_by("name").values_list("name", flat=True))


def council_types() -> list[str]:
    return [value for value, _ in CouncilType.choices]


def submitted_interviews(wave: Wave, *, region: str | None = None, council_type: str | None = None):
    """The wave's submitted interviews (only they count in analysis), optionally of one region and/or type."""
    interviews = Interview.objects.filter(wave=wave, status=Interview.Status.SUBMITTED)
    if region:
        interviews = interviews.filter(council__region__name=region)
    if council_type:
        interviews = interviews.filter(council__council_type=council_type)
    return interviews


def wave_responses(
    wave: Wave, *, region: str | None = None, council_type: str | None = None
) -> list[Response]:
    """Submitted interviews as `Response`s, by council: one query for the interviews, one for all answers."""
    interviews = list(
        submitted_interviews(wave, region=region, council_type=council_type)
        .order_by("council__short_name")
        .values_list(
            "pk",
            "council__gss_code",
            "council__short_name",
            "council__region__name",
            "council__council_type",
            "consent_to_attribution",
        )
    )
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    rows = Answer.objects.filter(
        interview__in=submitted_interviews(wave, region=region, council_type=council_type)
    ).values_list("interview_id", "question__code", "choice", "text")
    for interview_id, code, choice, text in rows.iterator(chunk_size=5000):
        answers[interview_id][code] = choice or text
    return [
        Response(
            answers=answers[pk],
            gss_code=gss,
            council_name=name,
            region=region_name,
            council_type=ctype,
            consent_to_attribution=consent,
        )
        for pk, gss, name, region_name, ctype, consent in interviews
    ]


def baseline_percentages(wave: Wave) -> dict[str, dict[str, Decimal]]:
    """The baseline wave's printed percentages as {question code: {option code: percent}} ({} without one),
    with the previous wave's involvement scores entered for this wave under `IMPROVEMENT_SCORE`."""
    from msp.reports.findings import IMPROVEMENT_SCORE
    from msp.reports.models import InvolvementBaseline

    figures: dict[str, dict[str, Decimal]] = defaultdict(dict)
    if wave.baseline_id is not None:
        for question, option, pct in wave.baseline.baseline_figures.values_list(
            "question_code", "option_code", "percent"
        ):
            figures[question][option] = pct
    for question, score in InvolvementBaseline.objects.filter(wave=wave).values_list(
        "question_code", "score"
    ):
        figures[question][IMPROVEMENT_SCORE] = score
    return dict(figures)


def council_interview(wave: Wave, gss_code: str) -> Interview | None:
    """One council's submitted interview in the wave, with its council and region, or None."""
    return (
        submitted_interviews(wave)
        .select_related("council__region", "wave")
        .filter(council__gss_code=gss_code)
        .first()
    )


def councils_interviewed(wave: Wave, region: str = "", council_type: str = "") -> list[Council]:
    """The councils with a submitted interview in the wave (for links to their pages), by name."""
    ids = submitted_interviews(wave, region=region or None, council_type=council_type or None).values(
        "council_id"
    )
    return list(Council.objects.filter(pk__in=ids).select_related("region").order_by("short_name"))
