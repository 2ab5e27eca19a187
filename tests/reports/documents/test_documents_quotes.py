"""Quotes are chosen, not dumped: the most typical few per theme, never one twice in a report, themes by
frequency, and an analyst's own choice kept as made."""

from __future__ import annotations

from msp.coding.results import QuoteResult, ThemeResult
from msp.reports.documents.themes import by_frequency, choose_quotes, typicality


def theme(name, count, texts, chosen=False):
    quotes = [QuoteResult(text, f"A council in Region {i}") for i, text in enumerate(texts)]
    return ThemeResult(1, name, count, 100, count, quotes, chosen=chosen)


TYPICAL = "Staff now ask people what outcomes they want at the start of every enquiry."
SIMILAR = [
    "Staff ask people what outcomes they want at the start.",
    "We ask people what outcomes they want at the start of the enquiry.",
    "Practitioners ask what outcomes people want from every enquiry.",
]
ODD = "The car park was resurfaced in spring."


def test_a_typical_answer_scores_higher_than_an_odd_one():
    assert typicality(TYPICAL, SIMILAR) > typicality(ODD, SIMILAR)


def test_at_most_three_quotes_per_theme_the_most_typical_first():
    chosen = choose_quotes(theme("Outcomes", 5, [ODD, *SIMILAR, TYPICAL]), set())
    assert len(chosen) == 3
    assert ODD not in [q.text for q in chosen]
    assert chosen[0].text == TYPICAL


def test_no_quote_appears_twice_in_a_report():
    used: set[str] = set()
    first = choose_quotes(theme("Outcomes", 5, [TYPICAL, *SIMILAR]), used)
    second = choose_quotes(
        theme(
            "Asking early",
            4,
            [TYPICAL, "  staff now ask people what OUTCOMES they want at the start of every enquiry.", ODD],
        ),
        used,
    )
    assert TYPICAL in [q.text for q in first]
    assert [q.text for q in second] == [ODD]


def test_an_analysts_chosen_quotes_are_kept_in_their_order():
    texts = [ODD, *SIMILAR, TYPICAL]
    chosen = choose_quotes(theme("Outcomes", 5, texts, chosen=True), set())
    assert [q.text for q in chosen] == texts


def test_themes_are_ordered_by_how_often_they_were_coded():
    results = [theme("Rare", 3, []), theme("Common", 40, []), theme("Middling", 12, [])]
    assert [r.name for r in by_frequency(results)] == ["Common", "Middling", "Rare"]
