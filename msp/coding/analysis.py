"""Pure calculations on open answers: term share, keyword suggestions, Cohen's kappa, quotes and attribution.

Plain functions on plain data, tested without a database; the selectors feed them from the models.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from msp.core.stats import percent  # one definition of a percentage, rounded half up

# --- Words and phrases --------------------------------------------------------------------------------------

_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
_VOWELS = "aeiou"


def plural(word: str) -> str:
    """The regular English plural: outcome -> outcomes, box -> boxes, policy -> policies, crisis -> crises."""
    lower = word.lower()
    if len(lower) > 3 and lower.endswith("is"):
        return word[:-2] + "es"
    if lower.endswith(_SIBILANT_ENDINGS):
        return word + "es"
    if len(lower) > 1 and lower.endswith("y") and lower[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def singular(word: str) -> str | None:
    """The singular of a regular plural (outcomes -> outcome, policies -> policy), or None if not one."""
    lower = word.lower()
    if len(lower) > 3 and lower.endswith("ies"):
        return word[:-3] + "y"
    if len(lower) > 3 and lower.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(lower) > 2 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return None


def term_variants(term: str, variants: Iterable[str] | None = None) -> list[str]:
    """The forms a term is counted under: itself, its regular plural (or singular), and any explicit variants.

    Only the last word of a phrase is inflected ("social work" -> "social works"); irregular forms and
    derived words ("social worker") count only when given as explicit variants.
    """
    forms: list[str] = []
    for given in [term, *(variants or [])]:
        words = given.split()
        if not words:
            continue
        *head, last = words
        one = singular(last)
        inflected = [last, plural(last) if one is None else one]
        for form in inflected:
            phrase = " ".join([*head, form])
            if phrase.lower() not in {f.lower() for f in forms}:
                forms.append(phrase)
    return forms


def phrase_pattern(forms: Iterable[str]) -> re.Pattern | None:
    """One case-insensitive pattern matching any form as a whole word or phrase.

    Words of a phrase may be separated by any run of spaces or hyphens ("social work", "social-work").
    """
    parts = sorted({f.strip() for f in forms if f.strip()}, key=len, reverse=True)
    if not parts:
        return None
    alternatives = [r"[\s\-]+".join(re.escape(w) for w in p.split()) for p in parts]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def uses_term(text: str, term: str, variants: Iterable[str] | None = None) -> bool:
    pattern = phrase_pattern(term_variants(term, variants))
    return bool(pattern and pattern.search(text or ""))


# --- Term share ---------------------------------------------------------------------------------------------


def term_share(
    answers: Sequence[str], term: str, variants: Iterable[str] | None = None
) -> tuple[int, int, int | None]:
    """(count, base, percent) of answers using the term or its variants.

    The base is the answers with any text (blank answers are not answers); the percent is None when the base
    is 0. A term that is blank after trimming is used by no answer.
    """
    given = [a for a in answers if a and a.strip()]
    pattern = phrase_pattern(term_variants(term, variants))
    count = sum(1 for a in given if pattern and pattern.search(a))
    return count, len(given), percent(count, len(given))


# --- Keyword suggestions ------------------------------------------------------------------------------------


def parse_keywords(text: str) -> list[str]:
    """Keywords typed one per line (blank lines and surrounding spaces ignored, duplicates dropped)."""
    seen: dict[str, str] = {}
    for line in (text or "").splitlines():
        keyword = " ".join(line.split())
        if keyword and keyword.lower() not in seen:
            seen[keyword.lower()] = keyword
    return list(seen.values())


def matched_keywords(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords (each with its regular plural or singular) that the text uses, in keyword order."""
    return [k for k in keywords if uses_term(text, k)]


def suggest_themes(text: str, codebook: Mapping[Hashable, Iterable[str]]) -> list[Hashable]:
    """The ids of the themes whose keywords the text uses, in codebook order.

    `codebook` maps a theme id to its keywords. Matching is by whole word or phrase, case-insensitive, with
    each keyword's regular plural or singular ("cut" also finds "cuts").
    """
    return [theme_id for theme_id, keywords in codebook.items() if matched_keywords(text, keywords)]


def highlight(text: str, keywords: Iterable[str]) -> list[tuple[str, bool]]:
    """The text as (segment, is_keyword) pieces, so a page can mark the words behind a suggestion."""
    forms = [form for k in keywords for form in term_variants(k)]
    pattern = phrase_pattern(forms)
    if pattern is None or not text:
        return [(text or "", False)]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(0), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


# --- Representative quotes ----------------------------------------------------------------------------------

# Quotes read best between a sentence and a short paragraph; longer answers are still used if nothing fits.
QUOTE_WINDOW = (30, 280)


def rank_quotes(
    candidates: Sequence[tuple[Hashable, str]],
    keywords: Iterable[str],
    *,
    limit: int = 3,
    window: tuple[int, int] = QUOTE_WINDOW,
) -> list[Hashable]:
    """The keys of the best quotes: inside the length window first, then most keywords used, then shortest.

    Ties keep the candidates' order, so the choice is stable from one run to the next. Answers with the same
    words (ignoring case and spacing) are offered once.
    """
    keywords = list(keywords)
    low, high = window

    def key(item: tuple[int, tuple[Hashable, str]]):
        position, (_, text) = item
        length = len(text.strip())
        return (not (low <= length <= high), -len(matched_keywords(text, keywords)), length, position)

    ranked = sorted(enumerate(c for c in candidates if c[1] and c[1].strip()), key=key)
    chosen: list[Hashable] = []
    seen: set[str] = set()
    for _, (candidate_key, text) in ranked:
        # The same words from two councils make one quote, not two.
        same = " ".join(text.lower().split())
        if same not in seen and len(chosen) < limit:
            seen.add(same)
            chosen.append(candidate_key)
    return chosen


# --- Agreement ----------------------------------------------------------------------------------------------


def cohen_kappa(coder_a: Sequence[bool], coder_b: Sequence[bool]) -> float | None:
    """Cohen's kappa for one theme: did each coder assign it to each answer both of them coded?

    kappa = (p_o - p_e) / (1 - p_e), with p_o the share of answers the coders agree on and p_e the agreement
    expected by chance from each coder's own rate of assigning the theme.

    Returns None when kappa is undefined: no answers, or no variation at all (both coders gave every answer
    the same code, so p_e = 1 and the formula is 0/0). Pages show "not calculable" beside the raw agreement.
    Perfect agreement where the theme was used for some answers and not others gives 1.0.
    """
    if len(coder_a) != len(coder_b):
        raise ValueError("both coders must code the same answers")
    n = len(coder_a)
    if n == 0:
        return None
    both = sum(1 for a, b in zip(coder_a, coder_b, strict=True) if a and b)
    neither = sum(1 for a, b in zip(coder_a, coder_b, strict=True) if not a and not b)
    rate_a = sum(1 for a in coder_a if a) / n
    rate_b = sum(1 for b in coder_b if b) / n
    observed = (both + neither) / n
    expected = rate_a * rate_b + (1 - rate_a) * (1 - rate_b)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


# --- Attribution --------------------------------------------------------------------------------------------

ANONYMOUS = "a council"


@dataclass(frozen=True)
class CouncilRef:
    """What attribution needs to know about the council behind a quote."""

    name: str
    region: str | None
    council_type: str


@dataclass(frozen=True)
class RegionCount:
    """For one region in one wave: councils interviewed, and councils of each type answering."""

    interviewed: int
    answering: Mapping[str, int] = field(default_factory=dict)


def consented(consent: bool | str | None) -> bool:
    """Only an explicit yes counts: unrecorded consent is no consent."""
    if isinstance(consent, str):
        return consent.strip().lower() == "yes"
    return consent is True


def attribute_quote(
    council: CouncilRef,
    consent: bool | str | None,
    region_counts: Mapping[str, RegionCount],
    *,
    threshold: int | None = None,
) -> str:
    """Who a quote is attributed to.

    - The council's name, only if it consented to attribution (an explicit yes).
    - Otherwise "a council in <region>", unless naming the region could still point to the council: the
      region had fewer than `threshold` councils interviewed in the wave (default
      settings.MSP_SUPPRESSION_THRESHOLD), or the council is the only one of its type in the region that
      answered the question (a reader who knows who took part, or a quote saying "our county", would find it).
    - Otherwise, and whenever the region is unknown, "a council".
    """
    if consented(consent):
        return council.name
    if threshold is None:
        from django.conf import settings

        threshold = settings.MSP_SUPPRESSION_THRESHOLD
    counts = region_counts.get(council.region) if council.region else None
    if counts is None or counts.interviewed < threshold:
        return ANONYMOUS
    if counts.answering.get(council.council_type, 0) < 2:
        return ANONYMOUS
    return f"a council in {council.region}"


OWN_COUNCIL = "[the council]"
OTHER_COUNCIL = "[a council]"


def _name_key(name: str) -> str:
    """A name as phrase_pattern matches it: any letter case, words split by spaces or hyphens."""
    return " ".join(re.split(r"[\s\-]+", name.strip().lower()))


class CouncilNames:
    """Every council's names, to take out of quotes; made once (one pattern) and used for each quote.

    No quote names a council that did not consent to attribution: every council's names are taken out
    ("[a council]"), the quoting council's own as "[the council]" — or left in when it consented.
    `councils` maps a key for each council (the quote's `own` names: (name, short name)) to all its names.
    """

    def __init__(self, councils: Mapping[Hashable, Iterable[str]]):
        self._names = {key: tuple(n for n in names if n and n.strip()) for key, names in councils.items()}
        self._all = [n for names in self._names.values() for n in names]
        self._pattern = phrase_pattern(self._all)
        self._keys = {_name_key(n) for n in self._all}

    def redact(self, text: str, own: Sequence[str], *, keep_own: bool) -> str:
        own_names = [n for n in (*own, *self._names.get(tuple(own), ())) if n and n.strip()]
        own_keys = {_name_key(n) for n in own_names}
        pattern = self._pattern
        if not own_keys <= self._keys:  # a council not in the list: its names join the pattern
            pattern = phrase_pattern([*self._all, *own_names])
        if pattern is None:
            return text

        def replace(match: re.Match) -> str:
            if _name_key(match.group(0)) in own_keys:
                return match.group(0) if keep_own else OWN_COUNCIL
            # Another council is named as a proper noun; lower-case "reading" or "bury" is an ordinary word.
            return OTHER_COUNCIL if match.group(0)[:1].isupper() else match.group(0)

        return pattern.sub(replace, text)
