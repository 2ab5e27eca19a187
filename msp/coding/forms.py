"""Forms for the codebook, coding an answer, choosing quotes and term share; typed input survives errors."""

from __future__ import annotations

import re

from django import forms

from msp.coding.analysis import parse_keywords
from msp.coding.models import Theme

_HAS_WORD = re.compile(r"\w")


class ThemeForm(forms.Form):
    name = forms.CharField(label="Theme name", max_length=120)
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What belongs in this theme, for the people coding.",
    )
    keywords = forms.CharField(
        label="Keywords (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One word or phrase a line. Each is found as a whole word in any case, with its plural or "
        "singular: 'cut' also finds 'cuts'. Answers that use a keyword have the theme suggested.",
    )

    def __init__(self, *args, wave, question_code: str, theme: Theme | None = None, **kwargs):
        self.wave = wave
        self.question_code = question_code
        self.theme = theme
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a theme name")
        taken = Theme.objects.filter(wave=self.wave, question_code=self.question_code, name__iexact=name)
        if self.theme is not None:
            taken = taken.exclude(pk=self.theme.pk)
        if taken.exists():
            raise forms.ValidationError(f"There is already a theme called '{name}' for this question")
        return name

    def clean_keywords(self) -> str:
        keywords = parse_keywords(self.cleaned_data["keywords"])
        for keyword in keywords:
            if not _HAS_WORD.search(keyword):
                raise forms.ValidationError(f"Keyword '{keyword}' has no letters or numbers; remove it")
            if len(keyword) > 80:
                raise forms.ValidationError(f"Keyword '{keyword[:30]}…' is longer than 80 characters")
        return "\n".join(keywords)


class CodingForm(forms.Form):
    """The themes a person finds in an answer, or 'no theme'.

    'No theme' is a value of the same checkbox field, as GOV.UK's exclusive "none" option needs; the page
    renders the checkboxes by hand (templates/coding/code_answer.html) to mark suggestions.
    """

    NO_THEME = "none"

    themes = forms.MultipleChoiceField(
        label="Which themes does the answer mention?", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, themes: list[Theme], **kwargs):
        self.theme_objects = {str(t.pk): t for t in themes}
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes] + [
            (self.NO_THEME, "No theme applies")
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("themes") or []
        no_theme = self.NO_THEME in chosen
        picked = [self.theme_objects[pk] for pk in chosen if pk in self.theme_objects]
        if picked and no_theme:
            self.add_error("themes", "Select themes, or select 'No theme applies', but not both")
        elif not picked and not no_theme and "themes" not in self.errors:
            self.add_error("themes", "Select the themes the answer mentions, or select 'No theme applies'")
        cleaned["theme_objects"] = picked
        cleaned["no_theme"] = no_theme
        return cleaned


class QuoteChoiceForm(forms.Form):
    answers = forms.MultipleChoiceField(
        label="Representative quotes", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, answer_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].choices = [(str(i), str(i)) for i in answer_ids]

    def clean_answers(self) -> list[int]:
        return [int(a) for a in self.cleaned_data["answers"]]


class TermForm(forms.Form):
    term = forms.CharField(label="Word or phrase", max_length=80, required=False)
    variants = forms.CharField(
        label="Other forms to count (optional)",
        max_length=300,
        required=False,
        help_text="Separate them with commas, for example: social worker, social workers",
    )

    def clean_term(self) -> str:
        term = " ".join(self.cleaned_data["term"].split())
        if term and not _HAS_WORD.search(term):
            raise forms.ValidationError("Enter a word or phrase with letters or numbers")
        return term

    def clean_variants(self) -> list[str]:
        return [v for v in (" ".join(p.split()) for p in self.cleaned_data["variants"].split(",")) if v]
