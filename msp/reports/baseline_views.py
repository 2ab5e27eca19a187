"""The analysts' page for Figure 2's previous-wave scores: type them per agency, or upload a CSV."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from msp.accounts.access import ANALYSTS, role_required
from msp.reports import baseline
from msp.reports.narrative_views import _wave_or_404

MAX_UPLOAD = 100_000  # bytes: a file of 14 rows is far smaller


class ScoresForm(forms.Form):
    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        for agency in agencies:
            self.fields[agency.code] = forms.CharField(
                label=agency.label,
                required=False,
                max_length=8,
                widget=forms.TextInput(
                    attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "decimal"}
                ),
            )

    def clean(self):
        cleaned = super().clean()
        for name in list(self.fields):
            try:
                cleaned[name] = baseline.parse_score(cleaned.get(name, ""))
            except ValueError as error:
                self.add_error(
                    name, f"Enter a score from -100 to +100 for {self.fields[name].label}: {error}"
                )
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns agency,score: one row per agency; a blank score clears it.",
        error_messages={"required": "Choose a CSV file to upload"},
    )


@role_required(*ANALYSTS)
@require_http_methods(["GET", "POST"])
def baseline_edit(request, code):
    wave = _wave_or_404(code)
    known = baseline.agencies(wave)
    current = baseline.scores(wave)
    initial = {a.code: "" if a.code not in current else f"{current[a.code].normalize():f}" for a in known}
    form = ScoresForm(None, agencies=known, initial=initial)
    upload = UploadForm()
    problems: list[str] = []
    if request.method == "POST" and "file" in request.FILES:
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            raw = upload.cleaned_data["file"].read(MAX_UPLOAD + 1)
            if len(raw) > MAX_UPLOAD:
                problems = ["The file is too large for a list of agencies' scores."]
            else:
                try:
                    values, problems = baseline.parse_csv(raw.decode("utf-8"), known)
                except UnicodeDecodeError:
                    problems = ["The file is not UTF-8 text: save it as CSV UTF-8."]
            if not problems:
                changed = baseline.scores_save(wave=wave, values=values, user=request.user)
                messages.success(request, f"Imported the scores: {changed} changed.")
                return redirect(reverse("reports:baseline", args=[wave.code]))
    elif request.method == "POST":
        form = ScoresForm(request.POST, agencies=known, initial=initial)
        if form.is_valid():
            values = {a.code: form.cleaned_data[a.code] for a in known}
            changed = baseline.scores_save(wave=wave, values=values, user=request.user)
            messages.success(request, f"Saved the scores: {changed} changed.")
            return redirect(reverse("reports:baseline", args=[wave.code]))
    previous = wave.baseline.code if wave.baseline_id else "the previous wave"
    return render(
        request,
        "reports/documents/baseline_edit.html",
        {
            "wave": wave,
            "form": form,
            "upload": upload,
            "problems": problems,
            "previous": previous,
            "extra_errors": [{"message": p, "anchor": "id_file"} for p in problems],
            "page_title": f"{wave.name}: previous-wave involvement scores",
        },
    )
