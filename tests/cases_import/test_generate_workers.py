"""`msp cases_generate --workers N`: councils generated side by side on PostgreSQL, as one process would."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from msp.cases.models import Concern
from msp.cases.synthetic import generate, plan_council, setting_for
from msp.councils.models import Council

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="workers need PostgreSQL")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite refuses workers")


@on_sqlite
@pytest.mark.django_db
def test_several_workers_are_refused_on_sqlite():
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("cases_generate", "--councils", "2", "--years", "1", "--seed", "1", "--workers", "2")
    assert not Concern.objects.exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_each_council_gets_the_cases_one_process_would_give_it():
    now = timezone.now()
    result = generate(councils=3, years=1, seed=21, start_year=2021, per_year=80, now=now, workers=2)

    assert len(result.councils) == 3 and result.concerns >= 240
    for council, written in result.councils:
        council = Council.objects.get(pk=council.pk)
        plan = plan_council(
            council, seed=21, start_year=2021, years=1, setting=setting_for(council, now), per_year=80
        )
        expected = [(c.received_at, c.referrer_type, c.what_happened, c.decision) for c in plan.concerns]
        stored = Concern.objects.filter(council=council).order_by("pk")
        assert [(c.received_at, c.referrer_type, c.what_happened, c.decision) for c in stored] == expected
        assert written["concerns"] == len(expected)
