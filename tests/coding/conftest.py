"""A small wave of interviews with open answers, built straight on the temperature check models."""

from __future__ import annotations

import itertools

import pytest

from msp.coding.models import Theme
from msp.councils.models import Council, Region
from msp.tempcheck.models import Answer, Interview, Question, Wave

_codes = itertools.count(1)


class Scene:
    """Makes regions, councils and submitted interviews for wave 2016."""

    def __init__(self):
        self.wave = Wave.objects.get(code="2016")

    def question(self, code: str) -> Question:
        return Question.objects.get(instrument=self.wave.instrument, code=code)

    def region(self, name: str) -> Region:
        region, _ = Region.objects.get_or_create(name=name, defaults={"gss_code": f"E9{next(_codes):07d}"})
        return region

    def council(self, short_name: str, region: str = "North East", council_type: str = "Unitary authority"):
        return Council.objects.create(
            gss_code=f"E6{next(_codes):07d}",
            name=f"{short_name} Council",
            short_name=short_name,
            council_type=council_type,
            region=self.region(region),
        )

    def interview(self, council, *, consent=False, status="submitted", rating="", **answers) -> Interview:
        interview = Interview.objects.create(
            wave=self.wave, council=council, status=status, consent_to_attribution=consent
        )
        if rating:
            Answer.objects.create(
                interview=interview, question=self.question("achievement.interviewer"), choice=rating
            )
        for code, text in answers.items():
            Answer.objects.create(interview=interview, question=self.question(code), text=text)
        return interview

    def answer(self, interview: Interview, code: str = "blockages") -> Answer:
        return interview.answers.get(question__code=code)

    def theme(
        self, name: str, keywords: str = "", question_code: str = "blockages", position: int = 0
    ) -> Theme:
        return Theme.objects.create(
            wave=self.wave, question_code=question_code, name=name, keywords=keywords, position=position
        )


@pytest.fixture
def scene(db) -> Scene:
    return Scene()
