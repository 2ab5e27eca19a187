"""The filter form on the council list page."""

from __future__ import annotations

import datetime

from django import forms

from msp.core.forms import GovukDateField
from msp.councils import selectors


class CouncilFilterForm(forms.Form):
    region = forms.ChoiceField(label="Region", required=False)
    council_type = forms.ChoiceField(label="Type of council", required=False)
    valid_on = GovukDateField(
        label="Councils that existed on",
        required=False,
        help_text="For example, 1 4 2016. Leave blank for today.",
    )
    all_dates = forms.BooleanField(label="Show councils from every date instead", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"valid_on": datetime.date.today()})
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "All regions"), *selectors.region_choices()]
        self.fields["council_type"].choices = [("", "All types"), *selectors.council_type_choices()]

    def filters(self) -> dict:
        """Keyword arguments for selectors.council_list; the defaults when the form is unbound or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        valid_on = None if data.get("all_dates") else (data.get("valid_on") or datetime.date.today())
        return {
            "region_code": data.get("region", ""),
            "council_type": data.get("council_type", ""),
            "valid_on": valid_on,
        }
