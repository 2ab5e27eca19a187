"""The table of the shared database cache (rate limits), so a fresh `msp migrate` is ready to serve."""

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, migrations


def create_cache_table(apps, schema_editor):
    # Creates the table of every DatabaseCache in settings.CACHES, and nothing if it exists already or the
    # cache is elsewhere. tests/conftest.py runs data migrations again without a schema editor.
    database = schema_editor.connection.alias if schema_editor is not None else DEFAULT_DB_ALIAS
    call_command("createcachetable", database=database, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
