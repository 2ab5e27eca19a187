"""What coded answers show: theme counts and quotes, breakdowns, term share and agreement.

This is the API the report documents call. Every quote leaves here as text and an attribution made by
`analysis.attribute_quote` (through `quote_for`); no result carries a council, so no caller can name one
without its consent. Only submitted interviews count, and only answers with some text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.conf import settings

from msp.coding.analysis import (
    ANONYMOUS,
    CouncilNames,
    RegionCount,
    attribute_quote,
    cohen_kappa,
    consented,
    rank_quotes,
    term_share,
    term_variants,
)
from msp.coding.models import CodedAnswer, Coding, Quote, Theme
from msp.coding.selectors import (
    RATING_QUESTION,
    AnswerRow,
    answer_rows,
    answers_queryset,
    codebook,
    final_codings,
    region_counts,
    suggested_codings,
    wave_get,
)
from msp.core.stats import percent, suppressed_groups
from msp.councils.models import Council, CouncilAlias
from msp.tempcheck.models import Question, Wave

CODED = "coded"
SUGGESTED = "suggested"
NOT_RATED = "Not rated"
# Terms counted on the results page before anyone types one.
DEFAULT_TERMS = {"msp_meaning": ["outcome", "social work"]}


# --- Theme counts and quotes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteResult:
    text: str
    attribution: str


@dataclass
class ThemeResult:
    theme_id: int
    name: str
    count: int | None  # None only when suppressed
    base: int | None
    percent: int | None
    quotes: list[QuoteResult] = field(default_factory=list)
    chosen: bool = False  # the quotes were chosen by an analyst, not ranked automatically
    suppressed: bool = False  # a region with too few coded answers: show "suppressed", never a count


def council_names() -> CouncilNames:
    """Every council's names (official, short and aliases), read once for all the quotes of a call."""
    names: dict[tuple[str, str], set[str]] = {}
    keys: dict[int, tuple[str, str]] = {}
    for pk, name, short_name in Council.objects.values_list("pk", "name", "short_name"):
        keys[pk] = (name, short_name)
        names.setdefault(keys[pk], set()).update(keys[pk])
    for council_id, alias in CouncilAlias.objects.values_list("council_id", "alias"):
        names[keys[council_id]].add(alias)
    return CouncilNames(names)


def quote_for(row: AnswerRow, counts: dict[str, RegionCount], names: CouncilNames) -> QuoteResult:
    """The one way a quote is made: attributed by the rule, and every council's names taken out of the text
    but the quoting council's own when it consented (no other council has consented to be named in it)."""
    text = names.redact(row.text, row.council_names, keep_own=consented(row.consent))
    return QuoteResult(text=text, attribution=attribute_quote(row.council, row.consent, counts))


def _codings(basis: str, rows: list[AnswerRow], themes: list[Theme]) -> dict[int, set[int]]:
    if basis == SUGGESTED:
        return suggested_codings(rows, themes)
    if basis == CODED:
        return final_codings([row.id for row in rows])
    raise ValueError(f"basis must be '{CODED}' or '{SUGGESTED}'")


def _chosen_quotes(themes: list[Theme], answer_ids: set[int]) -> dict[int, list[int]]:
    chosen: dict[int, list[int]] = defaultdict(list)
    pairs = Quote.objects.filter(theme__in=themes).order_by("id").values_list("theme_id", "answer_id")
    for theme_id, answer_id in pairs:
        if answer_id in answer_ids:
            chosen[theme_id].append(answer_id)
    return chosen


def theme_summary(
    wave: Wave | str,
    question_code: str,
    *,
    basis: str = CODED,
    quotes_per_theme: int = 3,
    region: str | None = None,
) -> list[ThemeResult]:
    """Each theme's count and share, with representative quotes.

    basis CODED (default): people's codings; the base is the answers coded so far.
    basis SUGGESTED: keyword suggestions, which no person has confirmed; the base is every answer. Label them
    so wherever they are shown.
    region: only that region's answers. The region is suppressed (counts None, `suppressed` set, no quotes,
    whose number would give the count away) as the results page's breakdown suppresses it: fewer than
    settings.MSP_SUPPRESSION_THRESHOLD in its base, or the region that must go with one (secondary
    suppression, msp.core.stats.suppressed_groups). Its quotes are only those attributed to the council by
    name or to "a council in <region>": an anonymous ("a council") quote listed under its region is placed
    there. Quotes are all the analysts' chosen ones where made, otherwise the `quotes_per_theme` best-ranked
    answers with the theme; none when `quotes_per_theme` is 0.
    """
    wave = wave_get(wave)
    themes = codebook(wave, question_code)
    rows = answer_rows(wave, question_code)
    counts = region_counts(wave, rows)  # attribution always looks at the whole wave
    codings = _codings(basis, rows, themes)
    bases: dict[str, int] = defaultdict(int)
    for row in rows:
        bases[_group_of(row, "region")] += row.id in codings
    if region is not None:
        rows = [row for row in rows if row.council.region == region]
        codings = {row.id: codings[row.id] for row in rows if row.id in codings}
    by_id = {row.id: row for row in rows}
    chosen = _chosen_quotes(themes, set(by_id))
    base = len(codings)
    threshold = settings.MSP_SUPPRESSION_THRESHOLD
    hidden = region is not None and (base < threshold or region in suppressed_groups(bases, threshold))
    names = council_names() if quotes_per_theme > 0 and not hidden else None

    def quotable(answer_id: int) -> bool:
        row = by_id[answer_id]
        return region is None or attribute_quote(row.council, row.consent, counts) != ANONYMOUS

    results = []
    for theme in themes:
        with_theme = sorted(answer_id for answer_id, ids in codings.items() if theme.pk in ids)
        picked = [] if hidden else [answer_id for answer_id in chosen[theme.pk] if quotable(answer_id)]
        quote_ids = []
        if names is not None:
            ranked = [(answer_id, by_id[answer_id].text) for answer_id in with_theme if quotable(answer_id)]
            quote_ids = picked or rank_quotes(ranked, theme.keyword_list, limit=quotes_per_theme)
        results.append(
            ThemeResult(
                theme_id=theme.pk,
                name=theme.name,
                count=None if hidden else len(with_theme),
                base=None if hidden else base,
                percent=None if hidden else percent(len(with_theme), base),
                quotes=[quote_for(by_id[answer_id], counts, names) for answer_id in quote_ids],
                chosen=bool(picked),
                suppressed=hidden,
            )
        )
    return results


def quote_candidates(wave: Wave, question_code: str, theme: Theme) -> list[tuple[int, QuoteResult, bool]]:
    """Answers coded with the theme, as they would be quoted, and whether each is chosen (the quotes page)."""
    rows = answer_rows(wave, question_code)
    counts = region_counts(wave, rows)
    codings = final_codings([row.id for row in rows])
    chosen = set(Quote.objects.filter(theme=theme).values_list("answer_id", flat=True))
    ranked = rank_quotes(
        [(row.id, row.text) for row in rows if theme.pk in codings.get(row.id, ())],
        theme.keyword_list,
        limit=len(rows),
    )
    by_id = {row.id: row for row in rows}
    names = council_names()
    return [
        (answer_id, quote_for(by_id[answer_id], counts, names), answer_id in chosen) for answer_id in ranked
    ]


# --- Breakdowns ---------------------------------------------------------------------------------------------


@dataclass
class GroupRow:
    label: str
    suppressed: bool
    base: int | None = None  # never set for a suppressed group
    cells: list[tuple[int, int | None]] = field(default_factory=list)  # (count, percent) per theme


@dataclass
class Breakdown:
    by: str
    themes: list[str]
    rows: list[GroupRow]
    threshold: int


def _group_of(row: AnswerRow, by: str) -> str:
    if by == "region":
        return row.council.region or "Unknown region"
    return f"{row.rating}" if row.rating else NOT_RATED


def theme_breakdown(wave: Wave | str, question_code: str, by: str = "region") -> Breakdown:
    """Theme counts per region or per interviewer's achievement rating, base = coded answers in the group.

    A group with fewer coded answers than settings.MSP_SUPPRESSION_THRESHOLD is suppressed: it is listed, with
    no base and no counts (see msp.core.stats.suppressed_groups).
    """
    if by not in ("region", "rating"):
        raise ValueError("by must be 'region' or 'rating'")
    wave = wave_get(wave)
    themes = codebook(wave, question_code)
    rows = answer_rows(wave, question_code)
    codings = final_codings([row.id for row in rows])
    groups: dict[str, list[set[int]]] = defaultdict(list)
    for row in rows:
        coded = groups[_group_of(row, by)]  # every group is listed, even with nothing coded yet
        if row.id in codings:
            coded.append(codings[row.id])
    threshold = settings.MSP_SUPPRESSION_THRESHOLD
    hidden = suppressed_groups({label: len(coded) for label, coded in groups.items()}, threshold)
    labels = _rating_labels(wave) if by == "rating" else {}
    order = [*labels, NOT_RATED]
    result = []
    for group in sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g)):
        label = labels.get(group, group)
        coded = groups[group]
        if group in hidden:
            result.append(GroupRow(label=label, suppressed=True))
            continue
        counts = [sum(1 for ids in coded if theme.pk in ids) for theme in themes]
        cells = [(n, percent(n, len(coded))) for n in counts]
        result.append(GroupRow(label=label, suppressed=False, base=len(coded), cells=cells))
    return Breakdown(by=by, themes=[t.name for t in themes], rows=result, threshold=threshold)


def _rating_labels(wave: Wave) -> dict[str, str]:
    """{option code: "A: Fully implemented"} in the instrument's order."""
    question = Question.objects.filter(instrument_id=wave.instrument_id, code=RATING_QUESTION).first()
    options = question.options if question else []
    return {o["code"]: f"{o.get('letter') or o['code']}: {o['label']}" for o in options}


# --- Term share ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermShare:
    term: str
    forms: list[str]
    count: int
    base: int
    percent: int | None


def term_share_for(
    wave: Wave | str, question_code: str, term: str, variants: list[str] | None = None
) -> TermShare:
    """How many answers to the question use the term (or its plural, or the variants); base = every answer."""
    wave = wave_get(wave)
    texts = [row.text for row in answer_rows(wave, question_code)]
    count, base, share = term_share(texts, term, variants)
    return TermShare(term=term, forms=term_variants(term, variants), count=count, base=base, percent=share)


# --- Agreement ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementResult:
    theme_id: int
    name: str
    kappa: float | None
    n: int  # answers both coders coded
    agreed: int  # of which they agreed on this theme (both used it, or neither did)
    coders: tuple[str, str]

    @property
    def agreement_percent(self) -> int | None:
        return percent(self.agreed, self.n)


def coder_pair(answers_by_coder: dict[int, set[int]]) -> tuple[int, int] | None:
    """The two coders who coded the most answers in common (ties: lowest ids); None if no answer is shared."""
    best, best_shared = None, 0
    for a, b in combinations(sorted(answers_by_coder), 2):
        shared = len(answers_by_coder[a] & answers_by_coder[b])
        if shared > best_shared:
            best, best_shared = (a, b), shared
    return best


def agreement(wave: Wave | str, question_code: str) -> list[AgreementResult]:
    """Cohen's kappa per theme between the two people who coded most of the same answers, and on how many."""
    wave = wave_get(wave)
    ids = list(answers_queryset(wave, question_code).values_list("id", flat=True))
    answers_by_coder: dict[int, set[int]] = defaultdict(set)
    names: dict[int, str] = {}
    for done in CodedAnswer.objects.filter(answer_id__in=ids).select_related("coder"):
        answers_by_coder[done.coder_id].add(done.answer_id)
        names[done.coder_id] = done.coder.display_name
    pair = coder_pair(answers_by_coder)
    if pair is None:
        return []
    a, b = pair
    shared = sorted(answers_by_coder[a] & answers_by_coder[b])
    assigned = set(
        Coding.objects.filter(answer_id__in=shared, coder_id__in=pair).values_list(
            "coder_id", "answer_id", "theme_id"
        )
    )
    results = []
    for theme in codebook(wave, question_code):
        coder_a = [(a, answer_id, theme.pk) in assigned for answer_id in shared]
        coder_b = [(b, answer_id, theme.pk) in assigned for answer_id in shared]
        results.append(
            AgreementResult(
                theme_id=theme.pk,
                name=theme.name,
                kappa=cohen_kappa(coder_a, coder_b),
                n=len(shared),
                agreed=sum(1 for x, y in zip(coder_a, coder_b, strict=True) if x == y),
                coders=(names[a], names[b]),
            )
        )
    return results
