"""A field is defined once, on the model: the forms and the import layout accept no more than it holds, and
offer its choices."""

import pytest
from django import forms

from msp.cases.alert import AlertForm
from msp.cases.forms import ConcernForm, PersonForm, RepresentativeForm
from msp.cases.importing.columns import TextColumn
from msp.cases.importing.layout import build_columns
from msp.cases.models import Concern, Person, Representative

# (form, model, fields whose form limit is the model's). NHS numbers are typed with spaces: longer on forms.
FORMS = [
    (PersonForm, Person, ["given_name", "family_name", "known_as", "address", "area"]),
    (ConcernForm, Concern, ["referrer_name", "referrer_contact"]),
    (RepresentativeForm, Representative, ["name", "contact"]),
]
# Import columns named differently from the field they fill.
COLUMN_FIELDS = {
    "external_person_id": (Person, "external_id"),
    "external_concern_id": (Concern, "external_id"),
}


@pytest.mark.parametrize(("form", "model", "names"), FORMS, ids=[f[0].__name__ for f in FORMS])
def test_form_lengths_are_the_models(form, model, names):
    for name in names:
        assert form.base_fields[name].max_length == model._meta.get_field(name).max_length, name


def test_form_choices_are_the_models():
    offered = {value for value, _ in ConcernForm.base_fields["referrer_type"].choices if value}
    assert offered == {value for value, _ in Concern._meta.get_field("referrer_type").choices}


def test_the_partner_forms_limits_fit_the_record():
    for name, field in AlertForm.base_fields.items():
        if isinstance(field, forms.CharField) and name in {"referrer_name", "referrer_contact"}:
            assert field.max_length <= Concern._meta.get_field(name).max_length, name


def test_import_text_columns_are_no_longer_than_the_fields_they_fill():
    checked = 0
    for column in build_columns([]):
        if not isinstance(column, TextColumn) or column.max_length is None:
            continue
        model, field = COLUMN_FIELDS.get(column.name, (None, column.name))
        for candidate in [model] if model else [Person, Concern]:
            names = {f.name for f in candidate._meta.get_fields()}
            if field in names:
                assert column.max_length == candidate._meta.get_field(field).max_length, column.name
                checked += 1
                break
    assert checked >= 8
