"""`msp tempcheck_generate` writes a synthetic wave from real councils, or made-up ones when asked."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from msp.councils.models import Council
from msp.tempcheck.instrument import instrument_path, read_instrument

COLUMNS = read_instrument(instrument_path("tc2016")).column_codes()


def generate(tmp_path, *args) -> tuple[str, list[dict[str, str]]]:
    out = io.StringIO()
    path = tmp_path / "wave.csv"
    call_command("tempcheck_generate", "--wave", "2016", "--out", str(path), *args, stdout=out)
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return out.getvalue(), list(reader)


@pytest.mark.django_db
def test_it_writes_the_2016_sample_with_official_names(tmp_path):
    _, rows = generate(tmp_path, "--seed", "1")
    assert len(rows) == 115
    names = set(Council.objects.values_list("name", flat=True))
    assert {row["council"] for row in rows} <= names


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_file(tmp_path):
    args = ("--seed", "5", "--councils", "40")
    assert generate(tmp_path, *args) == generate(tmp_path, *args)


@pytest.mark.django_db
def test_without_a_seed_it_uses_the_demos(tmp_path):
    assert generate(tmp_path, "--councils", "40") == generate(tmp_path, "--seed", "2016", "--councils", "40")
    assert generate(tmp_path, "--councils", "40") != generate(tmp_path, "--seed", "5", "--councils", "40")


@pytest.mark.django_db
def test_it_picks_real_councils_valid_in_2016_for_other_sizes(tmp_path):
    _, rows = generate(tmp_path, "--seed", "2", "--councils", "150")
    valid = set(Council.objects.valid_on(datetime.date(2016, 5, 1)).values_list("name", flat=True))
    assert len({row["council"] for row in rows}) == 150
    assert {row["council"] for row in rows} <= valid


@pytest.mark.django_db
def test_it_refuses_more_councils_than_exist_unless_told_to_make_them_up(tmp_path):
    with pytest.raises(CommandError, match="--synthetic-councils"):
        generate(tmp_path, "--seed", "1", "--councils", "1000")
    output, rows = generate(tmp_path, "--seed", "1", "--councils", "1000", "--synthetic-councils")
    assert len(rows) == 1000
    assert rows[0]["council"] == "Synthetic council 0001"
    assert "create them" in output


@pytest.mark.django_db
def test_it_needs_a_known_wave(tmp_path):
    with pytest.raises(CommandError, match="no wave"):
        call_command("tempcheck_generate", "--wave", "1999", "--out", str(tmp_path / "x.csv"), "--seed", "1")
