"""The rules an interview's answers must keep, as plain functions shared by the capture pages and the import.

Answers are plain dictionaries of question code -> option code (closed questions) or text (open questions).
Each broken rule is a `Problem` with a stable rule code, the question it concerns, and a suggested fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from msp.tempcheck.instrument import Item, Option, condition_met

MODERATION_PAIR = ("achievement.self", "achievement.interviewer")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_LETTER_AND_LABEL = re.compile(r"^\(?([a-z])\)?\s*[)\.:\-\u2013]?\s+(.+)$")


@dataclass(frozen=True)
class Problem:
    question: str
    rule: str
    message: str
    fix: str = ""


def normalise_label(text: str) -> str:
    """Case, surrounding and repeated spaces, and straight/curly apostrophes do not matter."""
    return " ".join(str(text).translate(_APOSTROPHES).split()).casefold()


def parse_choice(options: tuple[Option, ...], raw: str) -> str | None:
    """The option code that `raw` names (code, label, letter, or 'A) label'), or None if it names none."""
    wanted = normalise_label(raw)
    if not wanted:
        return None
    for option in options:
        if wanted in (normalise_label(option.code), normalise_label(option.label)):
            return option.code
        if option.letter and wanted == option.letter.casefold():
            return option.code
    match = _LETTER_AND_LABEL.match(wanted)
    if match:
        letter, label = match.groups()
        for option in options:
            if option.letter.casefold() == letter and normalise_label(option.label) == label:
                return option.code
    return None


def describe_options(options: tuple[Option, ...]) -> str:
    labels = [f"{o.letter}) {o.label}" if o.letter else o.label for o in options]
    if len(labels) > 1:
        return ", ".join(labels[:-1]) + " or " + labels[-1]
    return labels[0] if labels else ""


# Rules the interviewer's capture pages enforce but an import of a past wave only warns about: a file kept at
# the time holds what was written down then, and a reason not recorded cannot be invented now.
IMPORT_WARNS = {
    "moderation_reason_required": "the interviewer moderated the rating but no reason is recorded",
}


def check_answers(items: list[Item], answers: dict[str, str], *, complete: bool) -> list[Problem]:
    """Rules across questions. With `complete`, also that every required question asked has an answer."""
    problems: list[Problem] = []
    for item in items:
        value = answers.get(item.code, "")
        asked = condition_met(item.condition, answers)
        if value and not asked:
            target = item.condition["question"] if item.condition else ""
            problems.append(
                Problem(
                    item.code,
                    "not_asked",
                    f"'{item.code}' is answered but is only asked when '{target}' is"
                    f" answered{' as ' + ', '.join(item.condition['in']) if 'in' in item.condition else ''}",
                    f"Leave '{item.code}' blank or answer '{target}'.",
                )
            )
        elif complete and asked and item.required and not value:
            fix = f"Choose {describe_options(item.options)}." if item.options else "Enter an answer."
            problems.append(Problem(item.code, "required", f"'{item.code}' must be answered", fix))
    own, moderated = (answers.get(code, "") for code in MODERATION_PAIR)
    if own and moderated and own != moderated and not answers.get("moderation_reason", "").strip():
        problems.append(
            Problem(
                "moderation_reason",
                "moderation_reason_required",
                f"the interviewer's rating ({moderated}) differs from the respondent's ({own}), so a"
                " moderation reason is required",
                "Say why the interviewer moderated the rating.",
            )
        )
    return problems


def is_moderated(answers: dict[str, str]) -> bool:
    own, moderated = (answers.get(code, "") for code in MODERATION_PAIR)
    return bool(own and moderated and own != moderated)
