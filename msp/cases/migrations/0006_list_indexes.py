"""Indexes for the lists of case records: every filter and sort, with the council first and the id last, so
a page's ids are read from the index alone at any depth; and, on PostgreSQL only, trigram indexes that serve
name search (`icontains` is `UPPER(name::text) LIKE UPPER('%word%')` there). SQLite matches names by a scan.

Written as SQL rather than Meta.indexes because the ordering and expression indexes (COALESCE, a partial
index on open enquiries, trigram operator classes) are the point; they change no model state.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# (name, table, columns or expressions, WHERE clause or "")
INDEXES = [
    # Concerns list: newest first (the default), filtered by status or decision; sorted by due date or reference.
    # The person's id last, so a team or area filter (people of the area, a semi-join) is read from indexes.
    # (Awaiting a decision, soonest due first, and the overdue count use the model's council-status-due index.)
    ("cases_concern_list_received", "cases_concern", "council_id, received_at, id, person_id", ""),
    ("cases_concern_list_status", "cases_concern", "council_id, status, received_at, id, person_id", ""),
    ("cases_concern_list_decision", "cases_concern", "council_id, decision, received_at, id, person_id", ""),
    ("cases_concern_list_due", "cases_concern", "council_id, decision_due_at, id", ""),
    ("cases_concern_list_reference", "cases_concern", "council_id, reference, id", ""),
    # Team or area filter and its list of areas.
    ("cases_person_list_area", "cases_person", "council_id, area, id", ""),
    # Open enquiries: longest open first, counts by lead worker, outcomes not reviewed since.
    ("cases_enquiry_queue_open", "cases_enquiry", "council_id, started_at, id", "closed_at IS NULL"),
    ("cases_enquiry_queue_worker", "cases_enquiry", "council_id, lead_worker_id", "closed_at IS NULL"),
    (
        "cases_enquiry_queue_review",
        "cases_enquiry",
        "council_id, (COALESCE(outcomes_reviewed_at, started_at)), id",
        "closed_at IS NULL",
    ),
]

TRIGRAM_COLUMNS = ("given_name", "family_name", "known_as")


def _create(name: str, table: str, columns: str, where: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})" + (f" WHERE {where}" if where else "")


class PostgreSQLOnly(migrations.RunSQL):
    """SQL run on PostgreSQL only; elsewhere the migration does nothing."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_return_indexes"),
    ]

    operations = [
        *(
            migrations.RunSQL(_create(*index), f"DROP INDEX IF EXISTS {index[0]}")
            for index in INDEXES
        ),
        TrigramExtension(),  # CREATE EXTENSION pg_trgm on PostgreSQL; nothing elsewhere
        *(
            PostgreSQLOnly(
                f"CREATE INDEX IF NOT EXISTS cases_person_trgm_{column} ON cases_person"
                f" USING gin ((UPPER({column}::text)) gin_trgm_ops)",
                f"DROP INDEX IF EXISTS cases_person_trgm_{column}",
            )
            for column in TRIGRAM_COLUMNS
        ),
    ]
