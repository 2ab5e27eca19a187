"""Django forms rendered as GOV.UK Design System fields, and small form helpers shared by the apps."""

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Every `{{ field }}`/`{{ form }}` renders through templates in core/templates/govuk/."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes; value is an ISO date string or ''."""

    template_name = "govuk/widgets/date_input.html"

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        widgets = {
            "day": forms.TextInput(attrs={**box, "class": box["class"] + " govuk-input--width-2"}),
            "month": forms.TextInput(attrs={**box, "class": box["class"] + " govuk-input--width-2"}),
            "year": forms.TextInput(attrs={**box, "class": box["class"] + " govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        # Django numbers sub-widget ids _0, _1, _2; GOV.UK error summaries link to _day, _month, _year.
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id")
        if base:
            for suffix, subwidget in zip(self.widgets_names, context["widget"]["subwidgets"], strict=True):
                subwidget["attrs"]["id"] = f"{base}{suffix}"
        return context

    def decompress(self, value):
        if not value:
            return [None, None, None]
        if isinstance(value, str):
            year, month, day = ([*value.split("-"), "", "", ""])[:3]
            return [day, month, year]
        return [value.day, value.month, value.year]

    def value_from_datadict(self, data, files, name):
        day, month, year = (data.get(f"{name}_{part}", "").strip() for part in ("day", "month", "year"))
        if not (day or month or year):
            return ""
        return (
            f"{year}-{month.zfill(2) if month.isdigit() else month}-{day.zfill(2) if day.isdigit() else day}"
        )


class GovukDateField(forms.DateField):
    widget = GovukDateInput
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a real date, for example 27 3 2016"}
