"""Reports generated from the 2016 fixture with some open answers coded and quotes chosen; once per module.

Answers are coded as the keyword suggestions say (as a person confirming them would), and some quotes are
chosen on purpose: three from councils that did not consent, with the council's own name put into the text,
and one from a council that did.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command

from msp.accounts.models import AuditEvent, Role
from msp.coding import selectors as coding_selectors
from msp.coding.models import CodedAnswer, Coding, Quote, Theme
from msp.coding.services import answer_code, quotes_choose
from msp.reports import selectors
from msp.reports.documents import build
from msp.tempcheck.models import Interview
from tests.conftest import make_user

# Wave 2016 has East of England with 8 interviews and four regions with 9: at 9, East of England is hidden,
# and so is East Midlands (the first of the next smallest), so that it cannot be worked out from England.
THRESHOLD = 9
CODED_QUESTIONS = ("strengths", "blockages")


@dataclass
class Coded:
    coder: object
    named: list[str] = field(default_factory=list)  # consenting councils whose quotes are chosen
    hidden_names: list[str] = field(default_factory=list)  # non-consenting councils quoted, named in the text


def _code_answers(wave, coder) -> None:
    for code in CODED_QUESTIONS:
        themes = {t.pk: t for t in coding_selectors.codebook(wave, code)}
        rows = coding_selectors.answer_rows(wave, code)
        suggested = coding_selectors.suggested_codings(rows, list(themes.values()))
        answers = {a.pk: a for a in coding_selectors.answers_queryset(wave, code)}
        for row in rows:
            chosen = [themes[i] for i in suggested[row.id]]
            answer_code(answer=answers[row.id], coder=coder, themes=chosen, no_theme=not chosen)


def _choose_quotes(wave, coder, coded: Coded) -> None:
    """For the first strengths theme: three non-consenting councils naming themselves, one consenting."""
    answers = list(coding_selectors.answers_queryset(wave, "strengths"))
    hidden = [a for a in answers if a.interview.consent_to_attribution is False][:3]
    named = [a for a in answers if a.interview.consent_to_attribution is True][:1]
    for answer in hidden:
        council = answer.interview.council
        answer.text = f"Here in {council.name} the front door now asks people first. {answer.text}"
        answer.save(update_fields=["text"])
        coded.hidden_names.append(council.name)
    coded.named = [a.interview.council.short_name for a in named]
    theme = coding_selectors.codebook(wave, "strengths")[0]
    quotes_choose(theme=theme, answer_ids=[a.pk for a in [*hidden, *named]], user=coder)


@pytest.fixture(scope="module")
def coded(wave2016, django_db_blocker):
    with django_db_blocker.unblock():
        coder = make_user("docs-coder", Role.ANALYST)
        call_command("coding_seed", wave="2016", stdout=io.StringIO())
        result = Coded(coder)
        _code_answers(wave2016, coder)
        _choose_quotes(wave2016, coder, result)
        yield result
        Quote.objects.filter(theme__wave=wave2016).delete()
        Coding.objects.filter(theme__wave=wave2016).delete()
        CodedAnswer.objects.filter(answer__interview__wave=wave2016).delete()
        Theme.objects.filter(wave=wave2016).delete()
        AuditEvent.objects.filter(user=coder).delete()
        coder.delete()


@pytest.fixture(scope="module")
def data(wave2016, coded, django_db_blocker):
    with django_db_blocker.unblock():
        return build.wave_data(selectors.wave_by_code("2016"), threshold=THRESHOLD)


@pytest.fixture(scope="module")
def reports(data, django_db_blocker) -> dict[tuple[str, str], bytes]:
    """Every report (England and the nine regions) in every format: {(region or "", fmt): bytes}."""
    with django_db_blocker.unblock():
        return {(g.region, g.fmt): g.content for g in build.generate_all(data, list(build.FORMATS))}


@pytest.fixture(scope="module")
def hidden_regions(data) -> list[str]:
    return [name for name in data.regions if data.analysis(name).suppressed]


@pytest.fixture(scope="module")
def shown_regions(data) -> list[str]:
    return [name for name in data.regions if not data.analysis(name).suppressed]


def council_names(wave, *, consented: bool) -> list[str]:
    """Names (official and short) of the wave's councils that did, or did not, agree to be named."""
    councils = Interview.objects.filter(
        wave=wave, status=Interview.Status.SUBMITTED, consent_to_attribution=consented
    ).select_related("council")
    return sorted({n for i in councils for n in (i.council.name, i.council.short_name)})


# --- reading the files -------------------------------------------------------------------------------------


@functools.cache
def pdf_pages(content: bytes) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_text(content: bytes) -> str:
    """All the pages' text with runs of white space made one space (lines wrap where the layout says)."""
    return " ".join(" ".join(pdf_pages(content)).split())


def docx_open(content: bytes):
    import docx

    return docx.Document(io.BytesIO(content))


def docx_text(content: bytes) -> str:
    document = docx_open(content)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def html_text(content: bytes) -> str:
    """The visible text of the HTML (tags and the inline CSS removed)."""
    text = content.decode("utf-8")
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    import html

    return " ".join(html.unescape(text).split())


@functools.cache
def all_text(content: bytes, fmt: str) -> str:
    return {"pdf": pdf_text, "docx": docx_text, "html": html_text}[fmt](content)
