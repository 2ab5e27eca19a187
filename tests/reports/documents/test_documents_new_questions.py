"""The 2017 schedule (tc2017) asks what the 2016 report analysed but its schedule did not: the case-recording
system, the "other" agencies involved, and the board's service-user forum or engagement sub-group. A 2016
spreadsheet imports into a wave on it with or without those columns, and the report tabulates them."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from msp.reports import selectors
from msp.reports.analysis import wave_analysis
from msp.reports.documents import build
from msp.reports.documents.assemble import build_document
from msp.tempcheck.instrument import instrument_path, read_instrument
from msp.tempcheck.models import InstrumentVersion, Interview
from msp.tempcheck.services import wave_create
from tests.reports.conftest import FIXTURE_2016

pytestmark = pytest.mark.django_db

NEW = ("recording_system", "board_user_group", "other_agencies.fire_and_rescue", "other_agencies.probation")


def test_the_2016_schedule_is_kept_and_the_2017_one_adds_three_optional_questions():
    old = {i.code for i in read_instrument(instrument_path("tc2016")).items}
    new = read_instrument(instrument_path("tc2017"))
    added = {i.code: i for i in new.items if i.code not in old}
    assert old < {i.code for i in new.items}
    assert {"recording_system", "board_user_group", "other_agencies.fire_and_rescue"} <= set(added)
    assert not any(i.required for i in added.values())
    assert not {q for q in old if q.startswith(("recording_system", "board_user_group", "other_agencies"))}
    assert InstrumentVersion.objects.filter(code="tc2017").exists()  # published by a migration


def _with_new_columns(tmp_path):
    rows = list(csv.DictReader(FIXTURE_2016.open(encoding="utf-8")))
    systems = ["Liquidlogic", "Mosaic", "", "Developed in-house"]
    forums = ["A service user forum for safeguarding", "Neither", "An engagement sub-group", "Neither"]
    for n, row in enumerate(rows):
        row["recording_system"] = systems[n % 4]
        row["board_user_group"] = forums[n % 4]
        row["other_agencies.fire_and_rescue"] = "Named as involved" if n % 3 == 0 else "Not named"
        row["other_agencies.probation"] = "yes" if n % 7 == 0 else ""
    path = tmp_path / "with_new.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


@pytest.fixture
def wave2017(db):
    return wave_create(code="2016-r", name="2016 on the 2017 schedule", instrument_code="tc2017")


def test_a_2016_file_without_the_new_columns_imports_with_a_warning(wave2017):
    out = io.StringIO()
    call_command("tempcheck_import", str(FIXTURE_2016), wave="2016-r", stdout=out)
    assert Interview.objects.filter(wave=wave2017).count() == 115
    assert "recording_system" in out.getvalue() and "absent" in out.getvalue()


def test_the_new_questions_are_imported_and_tabulated_like_the_rest(wave2017, tmp_path):
    path, rows = _with_new_columns(tmp_path)
    call_command("tempcheck_import", str(path), wave="2016-r", stdout=io.StringIO())
    tables = wave_analysis(wave2017).tabulation.tables
    systems = {o.code: o.count for o in tables["recording_system"].options}
    assert tables["recording_system"].base == sum(1 for r in rows if r["recording_system"])
    assert systems["liquidlogic"] == sum(1 for r in rows if r["recording_system"] == "Liquidlogic")
    fire = {o.code: o.count for o in tables["other_agencies.fire_and_rescue"].options}
    assert fire["yes"] == sum(1 for n in range(len(rows)) if n % 3 == 0)
    assert tables["other_agencies.probation"].base == sum(1 for n in range(len(rows)) if n % 7 == 0)
    doc = build_document(build.wave_data(selectors.wave_by_code("2016-r")))
    captions = [t.caption for t in doc.tables()]
    assert any(c.startswith("Table 7a: Which case-recording system") for c in captions)
    assert any(c.startswith("Table 3a: Which other agencies") for c in captions)
    assert any(c.startswith("Appendix 1a: Does the Safeguarding Adults Board") for c in captions)
    user_engagement = next(s for s in doc.sections if s.key == "user_engagement")
    assert any(getattr(b, "caption", "").startswith("Appendix 1a") for b in user_engagement.blocks)
