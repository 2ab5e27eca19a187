"""Figure 2's previous-wave scores: entered on the analysts' page or imported from CSV, then shown beside this
wave's; until then the figure says they are missing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msp.accounts.models import AuditEvent
from msp.reports import selectors
from msp.reports.baseline import agencies, parse_csv
from msp.reports.documents import build
from msp.reports.documents.assemble import build_document
from msp.reports.models import InvolvementBaseline

pytestmark = pytest.mark.django_db

URL = reverse("reports:baseline", args=["2016"])


def figure_2(wave):
    doc = build_document(build.wave_data(selectors.wave_by_code(wave.code)))
    return next(f for f in doc.figures() if f.key == "figure-2")


def test_without_scores_figure_2_shows_this_wave_and_says_the_earlier_scores_are_missing(wave2016):
    figure = figure_2(wave2016)
    assert [s.name for s in figure.series] == ["England 2016"]
    assert "none has been entered or imported yet" in figure.notes[0]


def test_entered_scores_are_shown_beside_this_waves_and_the_change_given(wave2016, client, analyst):
    client.force_login(analyst)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"involvement.police": "+12", "involvement.ccg": "-4.5"})
    assert response.status_code == 302
    assert InvolvementBaseline.objects.get(question_code="involvement.police").score == Decimal(12)
    figure = figure_2(wave2016)
    assert [s.name for s in figure.series] == ["England 2016", "England 2014-15"]
    rows = {r.heading: [c.text for c in r.cells] for r in figure.data.rows}
    assert rows["Police"] == ["49%", "+6", "+12", "-6"]
    assert rows["CCG"] == ["66%", "+33", "-4.5", "+37.5"]
    assert rows["Acute hospital"][2] == "Not published"
    assert not figure.notes
    event = AuditEvent.objects.filter(user=analyst, action=AuditEvent.Action.CHANGE).latest("pk")
    assert event.changes["involvement.police"] == [None, "12.0"]


def test_a_score_out_of_range_is_refused_and_nothing_saved(wave2016, client, analyst):
    client.force_login(analyst)
    response = client.post(URL, {"involvement.police": "140", "involvement.ccg": "5"})
    assert response.status_code == 200
    assert "Enter a score from -100 to +100 for Police" in response.content.decode()
    assert not InvolvementBaseline.objects.exists()


def test_scores_import_from_csv_and_a_blank_clears_one(wave2016, client, analyst):
    client.force_login(analyst)
    InvolvementBaseline.objects.create(wave=wave2016, question_code="involvement.acute_hospital", score=3)
    body = b"agency,score\nPolice,10\ninvolvement.ccg,-2\nacute_hospital,\n"
    response = client.post(URL, {"file": SimpleUploadedFile("scores.csv", body, "text/csv")})
    assert response.status_code == 302
    assert dict(InvolvementBaseline.objects.values_list("question_code", "score")) == {
        "involvement.police": Decimal(10),
        "involvement.ccg": Decimal(-2),
    }


def test_a_csv_with_errors_names_each_row_and_writes_nothing(wave2016, client, analyst):
    client.force_login(analyst)
    body = b"agency,score\nPolis,10\nPolice,lots\nPolice,5\n"
    response = client.post(URL, {"file": SimpleUploadedFile("scores.csv", body, "text/csv")})
    page = response.content.decode()
    assert response.status_code == 200
    assert "row 2, column `agency`: &#x27;Polis&#x27; is not an agency of Table 3" in page
    assert "row 3, column `score`: &#x27;lots&#x27; is not a number" in page
    assert not InvolvementBaseline.objects.exists()


def test_a_csv_without_the_columns_is_refused(wave2016):
    values, problems = parse_csv("name,value\nPolice,1\n", agencies(wave2016))
    assert values == {} and problems and "agency,score" in problems[0]


def test_only_analysts_may_set_scores(wave2016, client, interviewer):
    client.force_login(interviewer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"involvement.police": "1"}).status_code == 403
