"""The 2016 fixture: tests/reports/fixtures/tc2016_responses.csv, imported once per test module.

The file was written once by the synthetic generator (`msp tempcheck_generate --wave 2016 --seed 2016`) and
is kept as it is, so the tests do not depend on the generator staying the same. Its 115 interviews reproduce
Tables 1-10 of the 2016 report.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from msp.accounts.models import AuditEvent
from msp.tempcheck.models import Interview, Wave

FIXTURE_2016 = Path(__file__).parent / "fixtures" / "tc2016_responses.csv"


@pytest.fixture(scope="module")
def wave2016(django_db_setup, django_db_blocker):
    """Wave 2016 with the fixture's 115 submitted interviews; removed again after the module's tests."""
    with django_db_blocker.unblock():
        last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        call_command("tempcheck_import", str(FIXTURE_2016), wave="2016", stdout=io.StringIO())
        wave = Wave.objects.get(code="2016")
        yield wave
        AuditEvent.objects.filter(pk__gt=last_event).delete()
        Interview.objects.filter(wave=wave).delete()


def tables_json(*args, **options) -> dict:
    import json

    out = io.StringIO()
    call_command("tempcheck_tables", "--wave", "2016", "--format", "json", *args, stdout=out, **options)
    return json.loads(out.getvalue())


def run_tables(*args) -> str:
    out = io.StringIO()
    call_command("tempcheck_tables", "--wave", "2016", *args, stdout=out)
    return out.getvalue()
