"""Every person-level table carries its council, so records can be distributed by council (docs/scaling.md):
a non-null foreign key on every row, the same council on rows that point at each other, and the audit log
filed under the council of the record it is about."""

import pytest
from django.apps import apps
from django.db.models import F, ForeignKey

from msp.accounts.audit import audit
from msp.accounts.models import AuditEvent
from msp.cases.models import Person
from msp.councils.models import Council

# Apps whose every table holds person-level rows, but for the reference tables named below.
PERSON_LEVEL_APPS = ["cases"]
# Small tables read by every council, copied to every node rather than distributed. Each with why.
REFERENCE_TABLES = {
    "cases.OutcomeCategory": "the national list of outcome categories, plus a few of a council's own",
}


def label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def person_level_models() -> list:
    """Every model of the person-level apps, and every model anywhere that points at one of them."""
    found = [
        m
        for app in PERSON_LEVEL_APPS
        for m in apps.get_app_config(app).get_models()
        if label(m) not in REFERENCE_TABLES
    ]
    grew = True
    while grew:
        grew = False
        for model in apps.get_models(include_auto_created=True):
            if model in found or label(model) in REFERENCE_TABLES:
                continue
            if any(f.is_relation and f.many_to_one and f.related_model in found for f in model._meta.fields):
                found.append(model)
                grew = True
    return found


def links_between_person_tables(model) -> list:
    """The foreign keys from `model` to another person-level table: both ends must be on one council."""
    person_tables = person_level_models()
    return [
        f
        for f in model._meta.fields
        if isinstance(f, ForeignKey) and f.name != "council" and f.related_model in person_tables
    ]


def test_the_person_level_tables_are_found():
    names = {label(m) for m in person_level_models()}
    assert {
        "cases.Person",
        "cases.Concern",
        "cases.Enquiry",
        "cases.DesiredOutcome",
        "cases.Feedback",
    } <= names


@pytest.mark.parametrize("model", person_level_models(), ids=label)
def test_every_person_level_table_has_a_non_null_council(model):
    field = model._meta.get_field("council")
    assert isinstance(field, ForeignKey), f"{label(model)}.council is not a foreign key"
    assert field.related_model is Council
    assert not field.null, f"{label(model)}.council may be empty: its rows could not be placed on a node"


def test_the_reference_tables_hold_no_person_level_rows():
    for name in REFERENCE_TABLES:
        model = apps.get_model(name)
        assert not links_between_person_tables(model), f"{name} points at person-level rows"


@pytest.mark.django_db
def test_rows_that_point_at_each_other_belong_to_one_council():
    """A concern's council is its person's, an enquiry's its concern's, and so on down: the condition for
    foreign keys that include the council, and for joins that stay on one node."""
    from msp.cases.synthetic import generate

    generate(councils=2, years=1, seed=11, start_year=2022, per_year=40)
    checked = 0
    for model in person_level_models():
        for link in links_between_person_tables(model):
            rows = model.objects.filter(**{f"{link.name}__isnull": False})
            mismatched = rows.exclude(council_id=F(f"{link.name}__council_id"))
            assert not mismatched.exists(), f"{label(model)}.{link.name} crosses councils"
            checked += rows.count()
    assert checked > 200  # representatives and actions are not generated; the rest are


@pytest.mark.django_db
def test_the_audit_log_files_an_event_under_the_council_of_its_record():
    council = Council.objects.first()
    person = Person.objects.create(council=council, given_name="Ada", family_name="Testwell")
    event = audit(user=None, action=AuditEvent.Action.VIEW, obj=person)
    assert event.council_id == council.pk
    # Nullable only for events about no council's records (a temperature check wave, a sign-in).
    field = AuditEvent._meta.get_field("council")
    assert field.related_model is Council
