"""Writing codebooks, codings and quote choices; every change is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent
from msp.coding.analysis import parse_keywords
from msp.coding.models import CodedAnswer, Coding, Quote, Theme


class ThemeInUseError(Exception):
    """A theme that people have used cannot be deleted: their coding would be lost."""


def _clean_keywords(text: str) -> str:
    return "\n".join(parse_keywords(text))


# --- Codebook -----------------------------------------------------------------------------------------------


def theme_create(
    *, wave, question_code: str, name: str, description: str = "", keywords: str = "", user
) -> Theme:
    with transaction.atomic():
        last = Theme.objects.filter(wave=wave, question_code=question_code).aggregate(m=Max("position"))["m"]
        theme = Theme(
            wave=wave,
            question_code=question_code,
            name=name.strip(),
            description=description.strip(),
            keywords=_clean_keywords(keywords),
            position=(last or 0) + 1,
        )
        theme.full_clean()
        theme.save()
        audit(
            user=user,
            action=AuditEvent.Action.CREATE,
            obj=theme,
            summary=f"Added theme '{theme.name}' to {wave.code} {question_code}",
        )
    return theme


def theme_update(*, theme: Theme, name: str, description: str = "", keywords: str = "", user) -> Theme:
    before = {"name": theme.name, "description": theme.description, "keywords": theme.keywords}
    theme.name = name.strip()
    theme.description = description.strip()
    theme.keywords = _clean_keywords(keywords)
    after = {"name": theme.name, "description": theme.description, "keywords": theme.keywords}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return theme
    with transaction.atomic():
        theme.full_clean()
        theme.save()
        audit(
            user=user,
            action=AuditEvent.Action.CHANGE,
            obj=theme,
            changes=changes,
            summary=f"Changed theme '{theme.name}' of {theme.wave.code} {theme.question_code}",
        )
    return theme


def theme_move(*, theme: Theme, direction: str, user) -> None:
    """Swap the theme with its neighbour above ("up") or below ("down"); positions are renumbered 1..n."""
    if direction not in ("up", "down"):
        raise ValueError("direction must be 'up' or 'down'")
    with transaction.atomic():
        themes = list(
            Theme.objects.select_for_update()
            .filter(wave=theme.wave, question_code=theme.question_code)
            .order_by("position", "id")
        )
        at = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
        to = at - 1 if direction == "up" else at + 1
        if not 0 <= to < len(themes):
            return
        themes[at], themes[to] = themes[to], themes[at]
        for position, t in enumerate(themes, start=1):
            if t.position != position:
                t.position = position
                t.save(update_fields=["position", "updated_at"])
        audit(
            user=user,
            action=AuditEvent.Action.CHANGE,
            obj=theme,
            summary=f"Moved theme '{theme.name}' {direction} to position {to + 1}",
        )


def theme_delete(*, theme: Theme, user) -> None:
    if theme.codings.exists():
        raise ThemeInUseError(f"'{theme.name}' has been used to code answers, so it cannot be deleted")
    with transaction.atomic():
        audit(
            user=user,
            action=AuditEvent.Action.DELETE,
            obj=theme,
            summary=f"Deleted theme '{theme.name}' of {theme.wave.code} {theme.question_code}",
        )
        theme.quotes.all().delete()
        theme.delete()


@dataclass(frozen=True)
class ThemeSpec:
    name: str
    description: str
    keywords: list[str]


def codebook_seed(*, wave, codebooks: dict[str, list[ThemeSpec]], user=None) -> tuple[int, int]:
    """Add the themes not yet in each codebook (by name); themes already there are left as analysts made them.

    Returns (created, kept).
    """
    created = kept = 0
    with transaction.atomic():
        for question_code, specs in codebooks.items():
            existing = set(
                Theme.objects.filter(wave=wave, question_code=question_code).values_list("name", flat=True)
            )
            for spec in specs:
                if spec.name in existing:
                    kept += 1
                    continue
                theme_create(
                    wave=wave,
                    question_code=question_code,
                    name=spec.name,
                    description=spec.description,
                    keywords="\n".join(spec.keywords),
                    user=user,
                )
                created += 1
    return created, kept


# --- Coding -------------------------------------------------------------------------------------------------


def answer_code(*, answer, coder, themes: list[Theme], no_theme: bool = False) -> CodedAnswer:
    """Record one person's coding of an answer, replacing their earlier coding of it.

    `themes` empty with `no_theme` means "coded, no theme applies", which differs from "not yet coded".
    """
    if no_theme and themes:
        raise ValidationError("An answer cannot have themes and 'no theme' at once.")
    if not no_theme and not themes:
        raise ValidationError("Choose at least one theme, or 'no theme'.")
    question_code = answer.question.code
    wave_id = answer.interview.wave_id
    for theme in themes:
        if theme.wave_id != wave_id or theme.question_code != question_code:
            raise ValidationError(f"'{theme.name}' is not a theme of this question.")
    with transaction.atomic():
        before = sorted(
            Coding.objects.filter(answer=answer, coder=coder).values_list("theme__name", flat=True)
        )
        was_coded = CodedAnswer.objects.filter(answer=answer, coder=coder).exists()
        Coding.objects.filter(answer=answer, coder=coder).exclude(theme__in=themes).delete()
        for theme in themes:
            Coding.objects.get_or_create(answer=answer, coder=coder, theme=theme)
        done, _ = CodedAnswer.objects.update_or_create(
            answer=answer, coder=coder, defaults={"done_at": timezone.now()}
        )
        after = sorted(t.name for t in themes)
        audit(
            user=coder,
            action=AuditEvent.Action.CHANGE if was_coded else AuditEvent.Action.CREATE,
            obj=done,
            council=answer.interview.council,
            changes={"themes": [(before or ["No theme"]) if was_coded else None, after or ["No theme"]]},
            summary=f"Coded answer {answer.pk} to {question_code}: {', '.join(after) or 'no theme'}",
        )
    return done


def quotes_choose(*, theme: Theme, answer_ids: list[int], user) -> None:
    """Make these answers the theme's representative quotes (an empty list goes back to the ranked ones)."""
    with transaction.atomic():
        before = sorted(Quote.objects.filter(theme=theme).values_list("answer_id", flat=True))
        Quote.objects.filter(theme=theme).exclude(answer_id__in=answer_ids).delete()
        for answer_id in answer_ids:
            Quote.objects.get_or_create(theme=theme, answer_id=answer_id, defaults={"chosen_by": user})
        after = sorted(answer_ids)
        if before != after:
            audit(
                user=user,
                action=AuditEvent.Action.CHANGE,
                obj=theme,
                changes={"quotes": [before, after]},
                summary=f"Chose {len(after)} quotes for theme '{theme.name}'",
            )
