"""Codebooks of themes for open questions, people's coding of answers, and the quotes chosen for each theme.

Keyword suggestions are never stored: they are worked out when a page needs them, so every stored coding is a
person's decision.
"""

from django.conf import settings
from django.db import models

from msp.coding.analysis import parse_keywords


class Theme(models.Model):
    """One theme of the codebook for an open question in a wave."""

    wave = models.ForeignKey("tempcheck.Wave", on_delete=models.PROTECT, related_name="themes")
    question_code = models.CharField(max_length=80)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, help_text="What belongs in the theme, for people coding.")
    keywords = models.TextField(
        blank=True, help_text="Words or phrases that suggest the theme, one per line."
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wave", "question_code", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "question_code", "name"], name="unique_theme_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return parse_keywords(self.keywords)


class CodedAnswer(models.Model):
    """A person has coded this answer: with the themes in their Coding rows, or with no theme if none."""

    answer = models.ForeignKey("tempcheck.Answer", on_delete=models.CASCADE, related_name="coded_by")
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coded_answers"
    )
    done_at = models.DateTimeField()

    class Meta:
        ordering = ["done_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "coder"], name="one_coding_per_answer_coder")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} coded by {self.coder}"


class Coding(models.Model):
    """A person's decision that an answer mentions a theme."""

    answer = models.ForeignKey("tempcheck.Answer", on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="codings")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "theme__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "theme", "coder"], name="one_coding_per_answer_theme_coder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.theme} ({self.coder})"


class Quote(models.Model):
    """An answer an analyst chose as representative of a theme."""

    answer = models.ForeignKey("tempcheck.Answer", on_delete=models.CASCADE, related_name="quoted_as")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="quotes")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme", "id"]
        constraints = [models.UniqueConstraint(fields=["answer", "theme"], name="one_quote_per_answer_theme")]

    def __str__(self) -> str:
        return f"{self.theme}: answer {self.answer_id}"
