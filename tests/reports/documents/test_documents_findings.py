"""Findings in words drafted from the figures, the analyst's edit winning over the draft, and the parts of a
published report (headline shares, appendix of councils and coverage by type, base footnotes)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from msp.reports import selectors
from msp.reports.documents import build
from msp.reports.documents.assemble import build_document
from msp.reports.documents.content import BulletList, DataTable, Paragraph
from msp.reports.documents.drafts import in_words
from msp.reports.models import Narrative
from tests.reports.documents.conftest import html_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("pct", "words"),
    [
        (48, "almost half"),
        (50, "half"),
        (52, "just over half"),
        (24, "almost a quarter"),
        (3, "very few"),
        (97, "almost all"),
        (100, "all"),
        (0, "none"),
    ],
)
def test_a_share_is_said_in_words(pct, words):
    assert in_words(pct) == words


def document(wave, region=""):
    return build_document(build.wave_data(selectors.wave_by_code(wave.code)), region)


def section(doc, key):
    return next(s for s in doc.sections if s.key == key)


def paragraphs(sec) -> list[str]:
    return [b.text for b in sec.blocks if isinstance(b, Paragraph)]


def test_the_summary_drafts_the_achievement_bands_and_the_moderation(wave2016):
    text = " ".join(paragraphs(section(document(wave2016), "summary")))
    assert (
        "6% of councils had fully implemented MSP, 77% were rolling it out and 17% were still developing"
        in text
    )
    assert (
        "14 of the 115 self-ratings were moderated by the interviewer, 13 of them lowered and 1 raised."
        in text
    )


def test_the_headline_findings_table_has_the_three_stages_from_the_moderated_ratings(wave2016):
    table = next(t for t in document(wave2016).tables() if t.key == "headline-achievement")
    assert [(r.heading, r.cells[0].text) for r in table.rows] == [
        ("Fully implemented (A)", "6% (7 of 115)"),
        ("Rolling out (B–D)", "77% (89 of 115)"),
        ("Still developing (E–F)", "17% (19 of 115)"),
    ]


def test_the_involvement_draft_names_the_highest_and_lowest_improvement_score(wave2016):
    text = " ".join(paragraphs(section(document(wave2016), "engagement")))
    assert "highest for Council Adult Social Care (+97) and lowest for Ambulance Trust (-58)" in text
    assert "at board level in 81% of councils, and across the wider organisation in 60%" in text


def test_table_7_says_who_was_asked_and_how_many_answered(wave2016):
    table = next(t for t in document(wave2016).tables() if t.caption.startswith("Table 7"))
    assert table.notes[0] == (
        "Asked only where changes to recording systems were not yet complete: 35 of the 115 councils"
        " interviewed answered; percentages are of those 35."
    )
    table4 = next(t for t in document(wave2016).tables() if t.caption.startswith("Table 4"))
    assert not any("answered" in note for note in table4.notes)


def test_the_appendix_lists_the_councils_by_region_and_coverage_by_council_type(wave2016):
    doc = document(wave2016)
    appendix = section(doc, "councils")
    listed = [name for b in appendix.blocks if isinstance(b, BulletList) for name in b.items]
    interviews = wave2016.interviews.filter(status="submitted").select_related("council")
    assert sorted(listed) == sorted(i.council.short_name for i in interviews)
    by_type = next(b for b in appendix.blocks if isinstance(b, DataTable) and b.key == "coverage-by-type")
    total = by_type.rows[-1]
    assert total.heading == "Total" and total.cells[2].text == "115"
    interviewed = sum(int(r.cells[2].text) for r in by_type.rows[:-1])
    assert interviewed == 115


def test_the_report_has_a_foreword_background_recommendations_and_glossary(wave2016):
    keys = [s.key for s in document(wave2016).sections]
    assert keys[:3] == ["foreword", "method_and_coverage", "summary"]
    assert {"recommendations", "glossary", "councils"} <= set(keys)
    assert section(document(wave2016), "method_and_coverage").title == "Background and method"


def slot_url(section_key, slot, scope="england"):
    return reverse("reports:narrative_slot_edit", args=["2016", scope, section_key, slot])


def test_an_analysts_findings_win_over_the_draft_and_can_go_back_to_it(wave2016, client, analyst):
    client.force_login(analyst)
    page = client.get(slot_url("summary", "findings")).content.decode()
    assert "77% were rolling it out" in page  # the draft, ready to edit
    assert "Leave it empty to print the draft from the data." in page
    response = client.post(
        slot_url("summary", "findings"), {"revision": 0, "text": "Most councils are on the way."}
    )
    assert response.status_code == 302
    text = " ".join(paragraphs(section(document(wave2016), "summary")))
    assert "Most councils are on the way." in text and "77% were rolling it out" not in text
    narrative = Narrative.objects.get(slot="findings")
    response = client.post(
        slot_url("summary", "findings"),
        {"revision": narrative.revision, "text": "ignored", "action": "draft"},
    )
    assert response.status_code == 302
    text = " ".join(paragraphs(section(document(wave2016), "summary")))
    assert "77% were rolling it out" in text and "Most councils are on the way." not in text


def test_a_stale_findings_edit_is_refused_and_keeps_both_texts(wave2016, client, analyst):
    client.force_login(analyst)
    client.post(slot_url("impact", "findings"), {"revision": 0, "text": "First."})
    response = client.post(slot_url("impact", "findings"), {"revision": 0, "text": "Second."})
    assert response.status_code == 200
    assert "Someone else saved a change to this record" in response.content.decode()
    assert Narrative.objects.get(slot="findings").text == "First."


def test_text_can_sit_after_a_table(wave2016, client, analyst):
    client.force_login(analyst)
    url = slot_url("outcomes", "after:table-5")
    assert client.post(url, {"revision": 0, "text": "Measurement is the gap."}).status_code == 302
    blocks = section(document(wave2016), "outcomes").blocks
    keys = [getattr(b, "key", None) or getattr(b, "text", "") for b in blocks]
    assert keys.index("Measurement is the gap.") == keys.index("table-5") + 1
    html = client.get(reverse("reports:document", args=["2016", "england", "html"])).content
    assert "Measurement is the gap." in html_text(html)


def test_an_unknown_slot_is_not_found(wave2016, client, analyst):
    client.force_login(analyst)
    assert client.get(slot_url("outcomes", "middle")).status_code == 404
    assert client.get(slot_url("recommendations", "findings")).status_code == 404


def test_the_narratives_page_shows_the_drafts_and_the_places_for_more_text(wave2016, client, analyst):
    client.force_login(analyst)
    page = client.get(reverse("reports:narratives", args=["2016"])).content.decode()
    assert "Drafted from the data" in page and "Default text" in page
    assert slot_url("outcomes", "after:table-5") in page


def test_the_default_recommendations_number_on_across_their_headings(wave2016):
    from msp.reports.documents.render_html import render_html

    html = render_html(document(wave2016))
    recommendations = html[html.index('id="recommendations"') :]
    assert '<ol class="narrative">' in recommendations  # 1-3 under "National level"
    assert 'start="4" style="counter-reset: list-item 3"' in recommendations  # 4-5, regional
    assert 'start="6" style="counter-reset: list-item 5"' in recommendations  # 6-8, local
