"""`msp backup` and `msp restore`: a restored database holds exactly what was backed up, table by table."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from msp.cases.models import Concern, Person
from msp.core.backup import fingerprints
from tests.cases.conftest import make_concern, make_council, make_person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_restore_brings_back_exactly_what_was_backed_up(tmp_path):
    council = make_council("E06999951", "Backup Vale")
    worker = make_user("worker", "practitioner", council)
    kept = [make_concern(council, worker, make_person(council, worker, given=f"Kept{n}")) for n in range(3)]
    before = fingerprints()
    path = tmp_path / "msp.backup"
    out = io.StringIO()
    call_command("backup", "--out", str(path), stdout=out)
    assert "Backed up" in out.getvalue() and path.exists()
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    manifest = json.loads((tmp_path / "msp.backup.json").read_text())
    assert manifest["database"] == connection.vendor
    assert manifest["tables"]["cases_concern"][0] == 3

    # Afterwards: a concern deleted, a person changed, another added.
    kept[0].outcomes.all().delete()
    kept[0].risk_types.all().delete()
    Concern.objects.filter(pk=kept[0].pk).delete()
    Person.objects.filter(given_name="Kept1").update(family_name="Changed")
    make_person(council, worker, given="Later")
    assert fingerprints() != before

    out = io.StringIO()
    call_command("restore", str(path), "--yes", stdout=out)
    assert "every table matches" in out.getvalue()
    assert fingerprints() == before
    assert sorted(Person.objects.values_list("given_name", flat=True)) == ["Kept0", "Kept1", "Kept2"]
    assert not Person.objects.filter(family_name="Changed").exists()


def test_restore_asks_for_yes_and_names_a_missing_backup(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "none.backup"))
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "none.backup"), "--yes")
