"""The one council-name resolver every import uses: a name or GSS code in, a council or a clear error out."""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

GSS_CODE = re.compile(r"^E\d{8}$")

# Short forms seen in returns and spreadsheets, expanded word by word on both sides of every comparison.
ABBREVIATIONS = {
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "ne": "north east",
    "nw": "north west",
    "se": "south east",
    "sw": "south west",
    "beds": "bedfordshire",
    "berks": "berkshire",
    "bucks": "buckinghamshire",
    "cambs": "cambridgeshire",
    "glos": "gloucestershire",
    "herts": "hertfordshire",
    "lancs": "lancashire",
    "leics": "leicestershire",
    "lincs": "lincolnshire",
    "northants": "northamptonshire",
    "notts": "nottinghamshire",
    "oxon": "oxfordshire",
    "staffs": "staffordshire",
    "wilts": "wiltshire",
    "worcs": "worcestershire",
    "yorks": "yorkshire",
}

# Words around a place name that say what kind of body it is, not which one; longest first.
PREFIXES = (
    "city and county of the city of",
    "metropolitan borough of",
    "london borough of",
    "royal borough of",
    "borough of",
    "county of",
    "city of",
    "the",
    "lb",
    "rb",
)
SUFFIXES = (
    "metropolitan borough council",
    "metropolitan district council",
    "borough council",
    "district council",
    "county council",
    "city council",
    "london boro",
    "council",
    "city of",
    "district",
    "borough",
    "county",
    "city",
    "mbc",
    "mdc",
    "bc",
    "cc",
    "ua",
)
# Stripping must never leave a word that names something bigger than a council ("City of London" -> "london").
TOO_GENERIC = {"", "london", "city", "county", "borough", "north", "south", "east", "west"}

NEAR_MISS_RATIO = 0.85  # difflib ratio: one typo in a name of six letters or more
TIE_MARGIN = 0.03  # a runner-up this close to the best is not a clear second
MAX_CANDIDATES = 5


def strip_notes(text: str) -> str:
    """Drop bracketed notes: 'Wokingham (The Board covers Wokingham, ...)' -> 'Wokingham'."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)
    return text


def normalise_name(text: str) -> str:
    """Lower case, ASCII, '&' as 'and', punctuation as spaces, known abbreviations expanded, no notes."""
    text = unicodedata.normalize("NFKD", strip_notes(text)).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    text = re.sub(r"['’`]", "", text)  # "King's" and "Kings" are the same word
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def core_name(text: str) -> str:
    """The place without the kind of body: 'London Borough of Bexley' -> 'bexley'."""
    name = normalise_name(text)
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if name.startswith(prefix + " ") and name[len(prefix) + 1 :] not in TOO_GENERIC:
                name, changed = name[len(prefix) + 1 :], True
                break
        for suffix in SUFFIXES:
            if name.endswith(" " + suffix) and name[: -len(suffix) - 1] not in TOO_GENERIC:
                name, changed = name[: -len(suffix) - 1], True
                break
    return name


@dataclass(frozen=True)
class CouncilRecord:
    """A council as plain data, so the resolver can be built and tested without a database."""

    gss_code: str
    name: str
    short_name: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    aliases: tuple[str, ...] = ()
    successor_names: tuple[str, ...] = ()

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.short_name, *self.aliases) if n)


@dataclass
class Resolution:
    """`council` or `error`; a `warning` when a guess or a date wants checking; `candidates` with errors."""

    council: Any = None
    warning: str = ""
    error: str = ""
    candidates: list[str] = field(default_factory=list)
    ambiguous: bool = (
        False  # True: several councils fit; False with an error: none did (candidates are closest)
    )

    @property
    def ok(self) -> bool:
        return self.council is not None


def record_of(item: Any) -> CouncilRecord:
    """A CouncilRecord from a record, a mapping (CSV-like, `aliases` may be ';'-separated) or a Council."""
    if isinstance(item, CouncilRecord):
        return item
    if isinstance(item, Mapping):
        aliases = item.get("aliases") or ()
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split(";") if a.strip()]
        return CouncilRecord(
            gss_code=item["gss_code"],
            name=item["name"],
            short_name=item.get("short_name") or "",
            valid_from=item.get("valid_from"),
            valid_to=item.get("valid_to"),
            aliases=tuple(aliases),
            successor_names=tuple(item.get("successor_names") or ()),
        )
    # A Council model instance; prefetch aliases and successors when building many.
    return CouncilRecord(
        gss_code=item.gss_code,
        name=item.name,
        short_name=item.short_name,
        valid_from=item.valid_from,
        valid_to=item.valid_to,
        aliases=tuple(a.alias for a in item.aliases.all()),
        successor_names=tuple(s.name for s in item.successors.all()),
    )


def _when(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


class CouncilResolver:
    """Build once (from the database, or from plain records), then call `resolve(text)` for every row.

    Order of trust: a GSS code; an exact name, short name or alias once normalised; the same with the kind
    of body stripped ('Council', 'London Borough of', ...); then a near miss by difflib ratio, which resolves
    only when it has exactly one clear candidate, and always with a warning. Anything else is an error that
    lists up to five candidates.

    Dates: where a name fits several councils (Dorset County Council until March 2019, Dorset Council since),
    the one valid on `on` (default: today) wins. A name that fits only councils not valid on that date still
    resolves when it names exactly one, with a warning giving its dates and successors: the text plainly names
    that council, and only the importer knows whether a historical council is acceptable in its file.
    """

    def __init__(self, councils: Iterable[Any] | None = None, on: datetime.date | None = None):
        if councils is None:
            from msp.councils.models import Council

            councils = Council.objects.prefetch_related("aliases", "successors")
        self.on = on
        self._objects: dict[str, Any] = {}
        self._records: dict[str, CouncilRecord] = {}
        self._exact: dict[str, set[str]] = {}
        self._core: dict[str, set[str]] = {}
        for item in councils:
            record = record_of(item)
            self._objects[record.gss_code] = item
            self._records[record.gss_code] = record
            for text in record.names():
                self._exact.setdefault(normalise_name(text), set()).add(record.gss_code)
                self._core.setdefault(core_name(text), set()).add(record.gss_code)

    def resolve(self, text: str | None, on: datetime.date | None = None) -> Resolution:
        day = on or self.on or datetime.date.today()
        raw = " ".join((text or "").split())
        if not raw:
            return Resolution(error="No council given.")
        if GSS_CODE.match(raw.upper()):
            if raw.upper() in self._records:
                return self._found([raw.upper()], day, raw)
            return Resolution(
                error=f"'{raw}' looks like a GSS code but is not a council in the reference data."
            )
        matches = [
            sorted(self._exact.get(normalise_name(raw), ())),
            sorted(self._core.get(core_name(raw), ())),
        ]
        # Prefer a council valid on the day, from the strictest reading that has one...
        for codes in matches:
            valid = [c for c in codes if self._records[c].is_valid_on(day)]
            if valid:
                return self._found(valid, day, raw)
        # ...then a council that existed at another time...
        for codes in matches:
            if codes:
                return self._found(codes, day, raw)
        # ...then a guess, which is never silent.
        return self._near_miss(raw, day)

    def _found(self, codes: list[str], day: datetime.date, raw: str) -> Resolution:
        if len(codes) > 1:
            return self._ambiguous(raw, codes, day)
        code = codes[0]
        if self._records[code].is_valid_on(day):
            return Resolution(council=self._objects[code])
        return Resolution(council=self._objects[code], warning=self._not_valid_warning(raw, code, day))

    def _not_valid_warning(self, raw: str, code: str, day: datetime.date) -> str:
        record = self._records[code]
        if record.valid_to and record.valid_to < day:
            span = f"ceased on {_when(record.valid_to)}"
            if record.successor_names:
                span += " (succeeded by " + " and ".join(record.successor_names) + ")"
        elif record.valid_from:
            span = f"did not exist until {_when(record.valid_from)}"
        else:
            span = "was not valid then"
        return f"'{raw}' is {record.name} ({code}), which {span}; it was not a council on {_when(day)}."

    def _ambiguous(self, raw: str, codes: list[str], day: datetime.date) -> Resolution:
        codes = codes[:MAX_CANDIDATES]
        listed = "; ".join(f"{self._records[c].name} ({c})" for c in codes)
        return Resolution(
            error=f"'{raw}' could be more than one council on {_when(day)}: {listed}. Give the GSS code.",
            candidates=[self._records[c].name for c in codes],
            ambiguous=True,
        )

    def _near_miss(self, raw: str, day: datetime.date) -> Resolution:
        query = core_name(raw)
        score: dict[str, float] = {}
        for key in difflib.get_close_matches(query, self._core.keys(), n=40, cutoff=0.5):
            ratio = difflib.SequenceMatcher(None, query, key).ratio()
            for code in self._core[key]:
                score[code] = max(score.get(code, 0.0), ratio)
        ranked = self._one_per_name(
            sorted(score, key=lambda c: (-score[c], not self._records[c].is_valid_on(day), c)), day
        )
        top = score[ranked[0]] if ranked else 0.0
        if top >= NEAR_MISS_RATIO:
            contenders = [c for c in ranked if score[c] >= max(NEAR_MISS_RATIO, top - TIE_MARGIN)]
            if len(contenders) > 1:
                return self._ambiguous(raw, contenders, day)
            code = contenders[0]
            record = self._records[code]
            warning = (
                f"'{raw}' is not a known name; taken to be {record.name} ({code}), the only close match."
            )
            if not record.is_valid_on(day):
                warning += " " + self._not_valid_warning(raw, code, day)
            return Resolution(council=self._objects[code], warning=warning)
        # A whole-word start of several names ('Cheshire', 'North') is ambiguous, never a guess.
        starts = {c for key, codes in self._core.items() if key.startswith(query + " ") for c in codes}
        prefixed = self._one_per_name(
            sorted(starts, key=lambda c: (not self._records[c].is_valid_on(day), c)), day
        )
        if len(prefixed) > 1:
            return self._ambiguous(raw, prefixed, day)
        candidates = (prefixed + [c for c in ranked if c not in prefixed])[:MAX_CANDIDATES]
        names = [self._records[c].name for c in candidates]
        closest = f" Closest: {'; '.join(names)}." if names else ""
        return Resolution(error=f"'{raw}' does not match any council.{closest}", candidates=names)

    def _one_per_name(self, codes: list[str], day: datetime.date) -> list[str]:
        """Re-coded councils share a name (Barnsley before and after 2025): keep the one valid on the day."""
        chosen: dict[str, str] = {}
        for code in codes:
            key = normalise_name(self._records[code].name)
            if key not in chosen or (
                self._records[code].is_valid_on(day) and not self._records[chosen[key]].is_valid_on(day)
            ):
                chosen[key] = code
        keep = set(chosen.values())
        return [c for c in codes if c in keep]
