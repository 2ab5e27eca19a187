"""Every list filter and sort has its index; on PostgreSQL name search runs on the trigram indexes."""

import importlib

import pytest
from django.db import connection

from msp.cases import selectors
from msp.cases.models import Person
from tests.cases_lists.records import bulk_people

pytestmark = pytest.mark.django_db

migration = importlib.import_module("msp.cases.migrations.0006_list_indexes")


def test_every_list_index_is_in_the_database():
    with connection.cursor() as cursor:
        names = {
            name
            for table in ("cases_concern", "cases_person", "cases_enquiry")
            for name in connection.introspection.get_constraints(cursor, table)
        }
    assert {index[0] for index in migration.INDEXES} <= names
    trigram = {f"cases_person_trgm_{column}" for column in migration.TRIGRAM_COLUMNS}
    assert (trigram <= names) == (connection.vendor == "postgresql")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_name_search_can_use_the_trigram_indexes(council, practitioner):
    """The expression Django writes for `icontains` is the one indexed (a tiny table: only forbidding the
    other ways makes the planner show it; the benchmark shows it chosen on a large council)."""
    bulk_people(council, 50)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Person.objects.filter(selectors._name_matches("quill")).explain()
    assert all(f"cases_person_trgm_{column}" in plan for column in migration.TRIGRAM_COLUMNS)
