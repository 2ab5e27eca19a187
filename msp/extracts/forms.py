"""The forms of an extract's way in: upload, the column mapping, the value mapping, a shared mapping file."""

from __future__ import annotations

from django import forms

from msp.cases.importing.columns import Column, ListColumn
from msp.cases.importing.layout import GROUPS
from msp.core.tabular import plural
from msp.extracts import mapping as mp
from msp.extracts.models import MappingProfile
from msp.extracts.suggest import Suggestion, detect_date_format

LIST_HEADINGS = 4  # headings a many-valued column may gather ("Abuse Type 1" .. "Abuse Type 4")
NOT_IN_FILE, FIXED, BLANK_CHOICE = "", "fixed", "__blank__"
MAX_UPLOAD_MB = 50


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload an extract",
        help_text=f"A CSV (UTF-8) or Excel (.xlsx) file, a row per concern, under {MAX_UPLOAD_MB}MB.",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={"required": "Select a CSV or Excel file", "empty": "The selected file is empty"},
    )
    profile = forms.ModelChoiceField(
        queryset=MappingProfile.objects.none(),
        required=False,
        label="Saved mapping",
        help_text="Choose one if the file comes from a system you have mapped before.",
        empty_label="None: map this file's columns",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = latest_profiles(council)


def latest_profiles(council):
    """Each named mapping's latest version."""
    profiles = MappingProfile.objects.filter(council=council).order_by("name", "-version")
    latest = {}
    for profile in profiles:
        latest.setdefault(profile.name, profile.pk)
    return MappingProfile.objects.filter(pk__in=latest.values()).order_by("name")


class ProfileFileForm(forms.Form):
    file = forms.FileField(
        label="Add a shared mapping",
        help_text="A mapping file (JSON or YAML) exported from MSP by your council or another.",
        widget=forms.FileInput(attrs={"accept": ".json,.yaml,.yml"}),
        error_messages={"required": "Select a mapping file", "empty": "The selected file is empty"},
    )


def _examples(values: dict[str, int], limit: int = 3) -> str:
    shown = [f"'{v}'" for v in list(values)[:limit]]
    return ", ".join(shown)


class ColumnsForm(forms.Form):
    """Each MSP column: the heading that holds it (or several, or one value for every row); date formats."""

    def __init__(
        self,
        *args,
        columns: list[Column],
        survey: dict,
        mapping: mp.Mapping,
        suggestions: dict[str, Suggestion],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.columns, self.survey = columns, survey
        headings = [h for h in survey.get("headings", []) if h]
        distinct = survey.get("distinct", {})
        heading_choices = [(f"h:{h}", h) for h in headings]
        self.groups: dict[str, list[str]] = {title: [] for title in GROUPS.values()}
        for column in columns:
            source = mapping.columns.get(column.name)
            suggested = suggestions.get(column.name)
            start = source or (suggested.source if suggested else None)
            hint = column.description
            if column.required:
                hint += " Required."
            if suggested and source is None:
                hint += f" Suggested from {suggested.why}."
            names = []
            count = LIST_HEADINGS if isinstance(column, ListColumn) else 1
            for n in range(count):
                name = f"col__{column.name}" + (f"__{n + 1}" if count > 1 else "")
                choices = [(NOT_IN_FILE, "Not in this file"), *heading_choices]
                if n == 0:
                    choices.append((FIXED, "The same value on every row"))
                initial = NOT_IN_FILE
                if start is not None:
                    if start.value is not None and n == 0:
                        initial = FIXED
                    elif n < len(start.headings):
                        initial = f"h:{start.headings[n]}"
                label = column.name if count == 1 else f"{column.name}, heading {n + 1}"
                self.fields[name] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    label=label,
                    help_text=hint if n == 0 else "Another heading whose values this column also takes.",
                    initial=initial,
                )
                names.append(name)
            self.fields[f"value__{column.name}"] = forms.CharField(
                required=False,
                label=f"{column.name}: the value for every row",
                help_text="Only where you chose 'The same value on every row'.",
                initial=start.value if start is not None and start.value is not None else "",
                max_length=200,
            )
            names.append(f"value__{column.name}")
            if mp.is_dated(column):
                found = ""
                if start is not None and start.headings:
                    found = detect_date_format({v: 1 for h in start.headings for v in distinct.get(h, {})})[0]
                choices = [
                    (key, label + (" (what the file's values look like)" if key == found else ""))
                    for key, (label, _, _) in mp.DATE_FORMATS.items()
                ]
                self.fields[f"date__{column.name}"] = forms.ChoiceField(
                    choices=choices,
                    label=f"{column.name}: how the file writes dates",
                    initial=(start.date_format if start is not None and start.date_format else found)
                    or "dd/mm/yyyy",
                    help_text="Times after the date (14:30, 2:30 PM) are read with any of these.",
                )
                names.append(f"date__{column.name}")
            self.groups[GROUPS[column.group]].append(names)

    def clean(self):
        data = super().clean()
        for column in self.columns:
            first = data.get(f"col__{column.name}") or data.get(f"col__{column.name}__1", "")
            if column.required and not first:
                self.add_error(
                    f"col__{column.name}"
                    if f"col__{column.name}" in self.fields
                    else f"col__{column.name}__1",
                    f"Choose the heading that holds {column.name} ({column.description.rstrip('.').lower()})",
                )
            if first == FIXED and not data.get(f"value__{column.name}", "").strip():
                self.add_error(f"value__{column.name}", f"Enter the value every row has for {column.name}")
        return data

    def mapping(self, previous: mp.Mapping) -> mp.Mapping:
        data = self.cleaned_data
        result = mp.Mapping(name=previous.name, values=dict(previous.values))
        for column in self.columns:
            picked = [
                data.get(name, "")
                for name in (
                    [f"col__{column.name}"]
                    if f"col__{column.name}" in self.fields
                    else [f"col__{column.name}__{n + 1}" for n in range(LIST_HEADINGS)]
                )
            ]
            if picked[0] == FIXED:
                result.columns[column.name] = mp.Source(value=data[f"value__{column.name}"].strip())
                continue
            headings = list(dict.fromkeys(p[2:] for p in picked if p.startswith("h:")))
            if headings:
                result.columns[column.name] = mp.Source(
                    headings=headings, date_format=data.get(f"date__{column.name}", "")
                )
        return result


class ValuesForm(forms.Form):
    """For each mapped list column, what each of the file's values means in MSP."""

    profile_name = forms.CharField(
        required=False,
        max_length=120,
        label="Save this mapping as",
        help_text="A name for the next file from the same system, such as 'Mosaic extract, safeguarding v2'."
        " Leave it blank not to save it.",
    )

    def __init__(self, *args, columns: list[Column], found: dict, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile_name"].initial = name
        self.columns = {c.name: c for c in columns}
        self.keys: dict[str, tuple[str, str]] = {}  # field name -> (column, source value)
        self.groups: dict[str, list[str]] = {}
        for column_name, values in found.items():
            column = self.columns[column_name]
            options = mp.options_of(column)
            choices = [("", "Choose"), *options, (BLANK_CHOICE, "Not recorded (leave blank)")]
            self.groups[column_name] = []
            for i, (value, (rows, suggested)) in enumerate(values.items()):
                name = f"v__{column_name}__{i}"
                self.keys[name] = (column_name, value)
                initial = "" if suggested is None else (BLANK_CHOICE if suggested == mp.BLANK else suggested)
                self.fields[name] = forms.ChoiceField(
                    choices=choices,
                    required=True,
                    label=f"'{value}'",
                    help_text=f"{plural(rows, 'row')}",
                    initial=initial,
                    error_messages={"required": f"Choose what '{value}' means in {column_name}"},
                )
                self.groups[column_name].append(name)

    def values(self) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {}
        for name, (column, value) in self.keys.items():
            code = self.cleaned_data[name]
            result.setdefault(column, {})[value] = mp.BLANK if code == BLANK_CHOICE else code
        return result
