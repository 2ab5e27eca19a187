"""The one stale-edit helper: a save from an older revision is refused, and the form keeps what was typed."""

import pytest
from django import forms

from msp.core.stale import STALE_MESSAGE, StaleEditError, check_revision, keep_typed


class Record:
    pk = 7


class EditForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField()


def test_a_save_from_the_current_revision_goes_through():
    check_revision(Record(), current_revision=3, expected_revision=3)


def test_a_save_from_an_older_revision_is_refused_with_the_current_one():
    record = Record()
    with pytest.raises(StaleEditError) as refused:
        check_revision(record, current_revision=4, expected_revision=3)
    assert refused.value.obj is record
    assert refused.value.current_revision == 4
    assert "Record 7 is at revision 4" in str(refused.value)


def test_no_expected_revision_means_no_check():
    check_revision(Record(), current_revision=9, expected_revision=None)


def test_the_form_keeps_what_was_typed_moves_the_revision_on_and_says_why():
    form = EditForm({"revision": "3", "name": "What I typed"})
    assert form.is_valid()
    keep_typed(form, 4)
    assert form.data["name"] == "What I typed"
    assert form.data["revision"] == "4"
    assert form.non_field_errors() == [STALE_MESSAGE]


def test_a_prefixed_form_moves_its_own_revision_field():
    form = EditForm({"edit-revision": "3", "edit-name": "x"}, prefix="edit")
    form.is_valid()
    keep_typed(form, 5)
    assert form.data["edit-revision"] == "5"
