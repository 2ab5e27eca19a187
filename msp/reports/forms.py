"""The analysis page's filter: a region and/or a council type (GET, so a filtered view can be bookmarked)."""

from django import forms

from msp.reports import selectors


class GroupFilterForm(forms.Form):
    region = forms.ChoiceField(label="Region", required=False)
    council_type = forms.ChoiceField(label="Council type", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "All regions")] + [(n, n) for n in selectors.region_names()]
        self.fields["council_type"].choices = [("", "All council types")] + [
            (t, t) for t in selectors.council_types()
        ]
        self.fields["region"].error_messages["invalid_choice"] = "Choose a region from the list"
        self.fields["council_type"].error_messages["invalid_choice"] = "Choose a council type from the list"
