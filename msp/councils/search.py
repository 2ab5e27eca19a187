"""Find a council by what a member of the public types: its name, a former name or a short form ('Herts')."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from msp.councils.resolver import CouncilRecord, core_name, normalise_name

MAX_RESULTS = 10


def _rank(query: str, query_core: str, record: CouncilRecord) -> int | None:
    """0 the name itself, 1 a name that starts with it, 2 every word found, else None."""
    names = {form for name in record.names() for form in (normalise_name(name), core_name(name))}
    if query in names or query_core in names:
        return 0
    if any(name.startswith(query) or name.startswith(query_core) for name in names):
        return 1
    words = {word for name in names for word in name.split()}
    if all(any(word.startswith(part) for word in words) for part in query_core.split()):
        return 2
    return None


def council_search(text: str, records: Iterable[CouncilRecord]) -> list[CouncilRecord]:
    """Councils matching what was typed, best first; a near miss ('Lancashre') when nothing matches.

    Names, short names and the aliases in the reference data are searched, with the abbreviations the
    resolver knows ('Herts', 'N Yorks'). Postcodes are not: the reference data has no postcode districts.
    """
    query, query_core = normalise_name(text), core_name(text)
    if not query:
        return []
    records = list(records)
    ranked = []
    for record in records:
        rank = _rank(query, query_core, record)
        if rank is not None:
            ranked.append((rank, record.short_name or record.name, record))
    if not ranked:
        by_core = {}
        for record in records:
            for name in record.names():
                by_core.setdefault(core_name(name), record)
        close = difflib.get_close_matches(query_core, list(by_core), n=MAX_RESULTS, cutoff=0.75)
        ranked = [(3, by_core[name].short_name, by_core[name]) for name in close]
    seen, found = set(), []
    for _, _, record in sorted(ranked, key=lambda r: (r[0], r[1])):
        if record.gss_code not in seen:
            seen.add(record.gss_code)
            found.append(record)
    return found[:MAX_RESULTS]
