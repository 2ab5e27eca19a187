"""Findings in words: a short paragraph per report section, drafted from its figures (pure, no database).

The analyst may replace a draft with their own text (msp.reports.models.Narrative, slot "findings"); the
report prints the stored text where there is one and this draft otherwise. Sentences are built only from
figures the report also prints, so a draft never says more than the tables show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from msp.core.stats import percent
from msp.reports.findings import Findings, Share, share_of
from msp.reports.tabulate import INTERVIEWER_RATING, Table, Tabulation

# The achievement bands the 2016 report's summary uses (Table 10): fully implemented, rolling out, developing.
BANDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("fully_implemented", "Fully implemented (A)", ("A",)),
    ("rolling_out", "Rolling out (B–D)", ("B", "C", "D")),
    ("developing", "Still developing (E–F)", ("E", "F")),
)

# Plain-English fractions, nearest first; a share within a point of one is said "about" it.
_FRACTIONS: tuple[tuple[float, str], ...] = (
    (10, "one in ten"),
    (20, "one in five"),
    (25, "a quarter"),
    (100 / 3, "a third"),
    (40, "two in five"),
    (50, "half"),
    (60, "three in five"),
    (200 / 3, "two thirds"),
    (75, "three quarters"),
    (80, "four in five"),
    (90, "nine in ten"),
)


def in_words(pct: int | None) -> str:
    """48 -> "almost half", 52 -> "just over half", 50 -> "half", 100 -> "all", 3 -> "very few"."""
    if pct is None:
        return "an unknown share"
    if pct >= 100:
        return "all"
    if pct <= 0:
        return "none"
    if pct < 7:
        return "very few"
    if pct > 95:
        return "almost all"
    value, words = min(_FRACTIONS, key=lambda f: abs(f[0] - pct))
    gap = pct - value
    if abs(gap) < 1:
        return words
    return f"almost {words}" if gap < 0 else f"just over {words}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(share: Share, subject: str, predicate: str) -> str:
    """ "Almost half of councils (48%) used ..." from a share."""
    return f"{_capital(in_words(share.percent))} of {subject} ({share.percent}%) {predicate}."


def achievement_bands(table: Table) -> list[Share]:
    """Fully implemented = A, rolling out = B-D, still developing = E-F, of the moderated ratings."""
    return [share_of(table, codes, label) for _, label, codes in BANDS]


@dataclass(frozen=True)
class Term:
    """A term's share of answers to an open question (e.g. "outcome" in what MSP means)."""

    term: str
    count: int
    base: int


@dataclass(frozen=True)
class Facts:
    """What the drafts draw on, for one group (England, or a shown region)."""

    tabulation: Tabulation
    findings: Findings
    group: str = "England"
    terms: Sequence[Term] = ()
    themes: Sequence[tuple[str, str, int | None]] = ()  # (question, most frequent theme, its %)
    interviewed: int | None = None
    councils: int | None = None
    planned: int | None = None


def _table(facts: Facts, code: str) -> Table | None:
    table = facts.tabulation.tables.get(code)
    return table if table is not None and table.base else None


def _option(table: Table, code: str) -> Share:
    return share_of(table, (code,))


def draft_method(facts: Facts) -> str:
    if not facts.interviewed or not facts.councils:
        return ""
    text = (
        f"{facts.interviewed} councils were interviewed, {percent(facts.interviewed, facts.councils)}% "
        f"of the {facts.councils} councils with adult social services responsibilities"
    )
    if facts.planned:
        text += f"; the planned sample was {facts.planned}"
    return text + "."


def draft_summary(facts: Facts) -> str:
    parts = []
    rating = _table(facts, INTERVIEWER_RATING)
    if rating is not None:
        full, rolling, developing = achievement_bands(rating)
        parts.append(
            f"On the interviewers' moderated ratings, {full.percent}% of councils had fully implemented "
            f"MSP, {rolling.percent}% were rolling it out and {developing.percent}% were still developing "
            "their approach."
        )
    parts.append(draft_moderation(facts))
    return " ".join(p for p in parts if p)


def draft_moderation(facts: Facts) -> str:
    m = facts.tabulation.moderation
    if not m.rated:
        return ""
    if not m.moderated:
        return f"The interviewers accepted all {m.rated} self-ratings as given."
    changed = "it was lowered" if m.lowered == m.moderated == 1 else None
    if changed is None:
        if m.lowered == m.moderated:
            changed = "all of them lowered"
        elif m.raised == m.moderated:
            changed = "all of them raised"
        else:
            changed = f"{m.lowered} of them lowered and {m.raised} raised"
    noun = "rating was" if m.moderated == 1 else "ratings were"
    return f"{m.moderated} of the {m.rated} self-{noun} moderated by the interviewer, {changed}."


def draft_engagement(facts: Facts) -> str:
    parts = []
    board = next((s for s in facts.findings.engagement if s.code == "engagement.board"), None)
    corporate = next((s for s in facts.findings.engagement if s.code == "engagement.corporate"), None)
    if board and board.base and corporate and corporate.base:
        parts.append(
            f"MSP was engaged with very or fairly well at board level in {board.percent}% of councils, "
            f"and across the wider organisation in {corporate.percent}%."
        )
    scored = [i for i in facts.findings.improvement if i.current is not None]
    changed = [i for i in scored if i.change is not None]
    if len(changed) >= 2:
        ranked = sorted(changed, key=lambda i: i.change)
        best, worst = ranked[-1], ranked[0]
        parts.append(
            f"Since the previous wave, involvement improved most for {best.label} "
            f"({_signed(best.change)} points) and least for {worst.label} ({_signed(worst.change)})."
        )
    elif len(scored) >= 2:
        ranked = sorted(scored, key=lambda i: i.current)
        best, worst = ranked[-1], ranked[0]
        parts.append(
            f"The improvement score (% involved minus % not involved) was highest for {best.label} "
            f"({_signed(best.current)}) and lowest for {worst.label} ({_signed(worst.current)})."
        )
    return " ".join(parts)


def _signed(value) -> str:
    number = int(value) if value == int(value) else float(value)
    return f"+{number}" if number > 0 else str(number)


def draft_outcomes(facts: Facts) -> str:
    parts = []
    asked = _table(facts, "asked_outcomes")
    if asked is not None:
        yes, partly = _option(asked, "yes"), _option(asked, "partly")
        parts.append(
            f"{_capital(in_words(yes.percent))} of councils ({yes.percent}%) asked people what outcomes "
            f"they wanted at the start, and {partly.percent}% did so partly."
        )
    measuring = _table(facts, "measuring_difference")
    if measuring is not None:
        yes = _option(measuring, "yes")
        parts.append(f"{yes.percent}% had made the shift to measuring the difference made to people's lives.")
    changed = _table(facts, "changed_recording")
    if changed is not None:
        yes = _option(changed, "yes")
        parts.append(_sentence(yes, "councils", "had changed their recording systems"))
    return " ".join(parts)


def draft_impact(facts: Facts) -> str:
    parts = []
    confidence = _table(facts, "confidence_measuring")
    if confidence is not None:
        sure = share_of(confidence, ("totally", "reasonably"))
        parts.append(
            f"{sure.percent}% were totally or reasonably confident that they could measure the impact."
        )
    staff = facts.findings.staff_reaction
    if staff is not None and staff.base:
        text = f"Staff had reacted very or fairly positively to the change in {staff.percent}% of councils"
        comparison = next((c for c in facts.findings.comparisons if c.code == "staff_reaction"), None)
        if comparison is not None and comparison.baseline_positive is not None:
            text += f", up from {_signed(comparison.baseline_positive).lstrip('+')}% in the previous wave"
        parts.append(text + ".")
    return " ".join(parts)


def draft_themes(facts: Facts) -> str:
    parts = []
    for term in facts.terms:
        if term.base:
            share = Share("", term.term, term.count, term.base, percent(term.count, term.base))
            parts.append(
                _sentence(share, "councils", f"used the word “{term.term}” in saying what MSP means")
            )
    for question, theme, pct in facts.themes:
        if pct is not None:
            parts.append(f"Asked “{question}”, the most frequent theme was {theme.lower()} ({pct}%).")
    return " ".join(parts)


def draft_achievement(facts: Facts) -> str:
    rating = _table(facts, INTERVIEWER_RATING)
    parts = []
    if rating is not None:
        counts = {o.code: o for o in rating.options}
        top = max(rating.options, key=lambda o: o.count)
        parts.append(
            f"The most common rating was {top.display_label} ({top.percent}%); "
            f"{counts['A'].count if 'A' in counts else 0} councils were rated fully implemented."
        )
    parts.append(draft_moderation(facts))
    return " ".join(p for p in parts if p)


def draft_user_engagement(facts: Facts) -> str:
    table = _table(facts, "user_engagement")
    if table is None:
        return ""
    top = max(table.options, key=lambda o: o.count)
    return (
        f"The most common answer was “{top.display_label}” ({top.percent}% of councils); "
        f"{_option(table, table.options[0].code).percent}% had {table.options[0].label.lower()}."
    )


DRAFTERS = {
    "method_and_coverage": draft_method,
    "summary": draft_summary,
    "engagement": draft_engagement,
    "outcomes": draft_outcomes,
    "impact": draft_impact,
    "themes": draft_themes,
    "achievement": draft_achievement,
    "user_engagement": draft_user_engagement,
}


def draft(section: str, facts: Facts) -> str:
    """The section's drafted findings paragraph ("" where the section has none)."""
    drafter = DRAFTERS.get(section)
    return drafter(facts) if drafter else ""
