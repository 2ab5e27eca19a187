"""The report's "What councils told us" section: term shares, themes per open question, quotes.

Quotes are used only as the coding API gives them (`msp.coding.results.theme_summary`): text and an
attribution that names a council only with its consent. A regional report quotes the region's councils (only
those the coding API attributes by name or to "a council in <region>"), and only where its theme counts are
shown: where both the report's suppression and the coding API's allow them. With fewer coded answers in
England than the threshold, no theme counts or quotes are shown at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from msp.coding import results as coding
from msp.reports.documents.content import DataTable, Heading, Paragraph, Quote, QuoteGroup, Row, Section, cell
from msp.reports.documents.inputs import ThemeQuestion, WaveData
from msp.reports.documents.layout import Scope, pct

QUOTES_SHOWN = 3  # the most typical few per theme: a report quotes, it does not list every answer
_WORD = re.compile(r"[a-z']+")


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 3)


def _same(text: str) -> str:
    return " ".join(text.lower().split())


def typicality(text: str, others: Sequence[str]) -> float:
    """How close an answer is to the theme's other answers: its mean word overlap (Jaccard) with them."""
    mine = _words(text)
    scores = [len(mine & w) / len(mine | w) for w in map(_words, others) if mine | w]
    return sum(scores) / len(scores) if scores else 0.0


def choose_quotes(theme: coding.ThemeResult, used: set[str], limit: int = QUOTES_SHOWN) -> tuple[Quote, ...]:
    """The theme's quotes for the report: never one already quoted in the report (`used` is updated).

    An analyst's chosen quotes are all kept, in their order. Otherwise the candidates (answers with the
    theme, as the coding API ranks them) are ordered by how typical each is of the others and the first
    `limit` are taken.
    """
    texts = [q.text for q in theme.quotes]
    if theme.chosen:
        ordered = list(theme.quotes)
    else:
        scored = [(typicality(q.text, texts[:i] + texts[i + 1 :]), -i, q) for i, q in enumerate(theme.quotes)]
        ordered = [q for _, _, q in sorted(scored, key=lambda t: (t[0], t[1]), reverse=True)]
    picked = []
    for quote in ordered:
        if _same(quote.text) in used:
            continue
        if not theme.chosen and len(picked) >= limit:
            break
        used.add(_same(quote.text))
        picked.append(Quote(quote.text, quote.attribution))
    return tuple(picked)


def by_frequency(results: list[coding.ThemeResult]) -> list[coding.ThemeResult]:
    """Most frequent theme first (ties keep the codebook's order); suppressed counts keep their order."""
    return sorted(results, key=lambda r: -(r.count or 0))


def _intro(data: WaveData, scope: Scope) -> list:
    blocks: list = []
    if data.basis == coding.SUGGESTED:
        blocks.append(
            Paragraph(
                "Draft: these themes are keyword suggestions that no person has checked yet. "
                "Do not publish them as findings until the answers have been coded.",
                "warning",
            )
        )
    else:
        blocks.append(
            Paragraph(
                "Analysts code each open answer into the themes of a codebook; a theme's share is of the "
                "answers coded so far, and an answer may mention several themes."
            )
        )
    if scope.regional:
        blocks.append(
            Paragraph(
                f"The region's theme counts and quotes are shown beside England's where there are enough "
                f"answers in {scope.region} to show them. The quotes are from councils in {scope.region}."
            )
        )
    return blocks


def terms_table(terms: list[coding.TermShare], question_text: str) -> DataTable | None:
    if not terms:
        return None
    rows = tuple(
        Row(f"“{t.term}” ({', '.join(t.forms)})", (cell(t.count), cell(t.base), cell(pct(t.percent))))
        for t in terms
    )
    return DataTable(
        "terms",
        f"Terms used in answers to “{question_text}”",
        ("Term", "Answers using it", "Answers", "% of answers"),
        rows,
        ("England. A term counts in any of the forms shown, as a whole word or phrase.",),
    )


def _regional(question: ThemeQuestion, scope: Scope) -> list[coding.ThemeResult] | None:
    """The region's results when its counts may be shown, else None."""
    if not scope.beside:
        return None
    mine = question.in_region(scope.region)
    if not mine or mine[0].suppressed or not mine[0].base:
        return None
    return mine


def theme_table(question: ThemeQuestion, scope: Scope) -> DataTable:
    noun = "answers" if question.basis == coding.SUGGESTED else "coded answers"
    mine = _regional(question, scope)
    if mine is not None:
        columns = ("Theme", f"{scope.region}: answers", f"{scope.region}: %", f"England: % of {noun}")
        england = {r.theme_id: r for r in question.results}
        rows = [
            Row(m.name, (cell(m.count), cell(pct(m.percent)), cell(pct(england[m.theme_id].percent))))
            for m in by_frequency(mine)
        ]
        notes = (f"{scope.region}: {mine[0].base} {noun}; England: {question.coded}.",)
    else:
        prefix = "England: " if scope.regional else ""
        columns = ("Theme", f"{prefix}Answers", f"{prefix}% of {noun}")
        rows = [Row(r.name, (cell(r.count), cell(pct(r.percent)))) for r in by_frequency(question.results)]
        notes = ()
        if scope.regional:
            notes = (f"{scope.region}: not shown (too few answers or interviews in the region).",)
    return DataTable(
        f"themes-{question.code}", f"Themes in answers to “{question.text}”", columns, tuple(rows), notes
    )


def _question(
    section: Section,
    question: ThemeQuestion,
    scope: Scope,
    terms: list[coding.TermShare],
    used: set[str],
) -> None:
    section.add(Heading(question.text, level=3, key=f"q-{question.code}"), terms_table(terms, question.text))
    if not question.coded:
        section.add(
            Paragraph(f"None of the {question.answers} answers to this question has been coded yet.", "note")
        )
        return
    if question.basis == coding.SUGGESTED:
        status = f"Keyword suggestions for all {question.answers} answers (not checked by a person)."
    else:
        status = f"{question.coded} of the {question.answers} answers have been coded."
    if question.coded < scope.threshold:
        noun = "answers" if question.basis == coding.SUGGESTED else "coded answers"
        hidden = f"Theme counts and quotes are not shown with fewer than {scope.threshold} {noun} in England."
        section.add(Paragraph(f"{status} {hidden}", "note"))
        return
    section.add(Paragraph(status, "note"), theme_table(question, scope))
    # A region's quotes only beside its counts: a suppressed region's quotes would give its counts away.
    quoted = (_regional(question, scope) or []) if scope.regional else question.results
    for theme in by_frequency(quoted):
        quotes = choose_quotes(theme, used)
        if quotes:
            section.add(QuoteGroup(f"{theme.name}: what councils said", quotes))


def themes_section(section: Section, data: WaveData, scope: Scope) -> None:
    if not data.themes:
        return
    section.add(*_intro(data, scope))
    used: set[str] = set()  # no quote twice in one report
    for question in data.themes:
        _question(section, question, scope, data.terms.get(question.code, []), used)
