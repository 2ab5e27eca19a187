"""The reports page (downloads, audited) and the narrative pages (analysts write; typed text is kept)."""

import pytest
from django.urls import reverse

from msp.accounts.models import AuditEvent, Role
from msp.councils.models import Council, Region
from msp.reports.models import Narrative
from tests.conftest import make_user
from tests.reports.documents.conftest import docx_open, html_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def practitioner(db):
    return make_user("pat", Role.PRACTITIONER, council=Council.objects.order_by("pk").first())


def reports_urls():
    return [
        reverse("reports:documents", args=["2016"]),
        reverse("reports:document", args=["2016", "north-east", "html"]),
    ]


def narrative_urls():
    return [
        reverse("reports:narratives", args=["2016"]),
        reverse("reports:narrative_edit", args=["2016", "england", "summary"]),
    ]


@pytest.mark.parametrize("who", ["analyst", "interviewer", "superuser"])
def test_the_programme_team_may_see_and_download_the_reports(wave2016, client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in reports_urls():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["analyst", "superuser"])
def test_analysts_may_write_narratives(wave2016, client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in narrative_urls():
        assert client.get(url).status_code == 200, url


def test_interviewers_may_not_write_narratives(wave2016, client, interviewer):
    client.force_login(interviewer)
    for url in narrative_urls():
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"text": "x", "revision": 0}).status_code == 403, url


def test_council_staff_are_refused(wave2016, client, practitioner):
    client.force_login(practitioner)
    for url in reports_urls() + narrative_urls():
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(wave2016, client):
    for url in reports_urls() + narrative_urls():
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url


def test_the_report_pages_only_answer_get(wave2016, client, analyst):
    client.force_login(analyst)
    for url in reports_urls():
        assert client.post(url).status_code == 405, url
    assert client.put(narrative_urls()[1]).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:documents", args=["1999"]),
        reverse("reports:document", args=["2016", "atlantis", "pdf"]),
        reverse("reports:document", args=["2016", "england", "odt"]),
        reverse("reports:document", args=["2014-15", "england", "pdf"]),
        reverse(
            "reports:narrative_edit",
            args=["2016", "england", "preface"],
        ),
        reverse(
            "reports:narrative_edit",
            args=["2016", "atlantis", "summary"],
        ),
    ],
)
def test_unknown_waves_regions_formats_and_sections_are_not_found(wave2016, client, analyst, url):
    client.force_login(analyst)
    assert client.get(url).status_code == 404


def test_the_reports_page_links_every_report_in_every_format(wave2016, client, interviewer):
    client.force_login(interviewer)
    page = client.get(reverse("reports:documents", args=["2016"])).content.decode()
    for scope in ("england", "london", "north-east", "yorkshire-and-the-humber"):
        for fmt in ("pdf", "docx", "html"):
            assert reverse("reports:document", args=["2016", scope, fmt]) in page


def test_a_download_is_a_named_attachment_and_is_audited(wave2016, client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("reports:document", args=["2016", "london", "docx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="tempcheck-2016-london.docx"'
    assert "Regional report: London" in "\n".join(p.text for p in docx_open(response.content).paragraphs)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, user=analyst)
    assert event.summary == "Downloaded the 2016 report for London as DOCX"


def save(client, scope="england", section="summary", **data):
    url = reverse("reports:narrative_edit", args=["2016", scope, section])
    return client.post(url, {"revision": 0, **data})


def test_a_saved_narrative_opens_its_section_of_the_report(wave2016, client, analyst):
    client.force_login(analyst)
    response = save(client, text="Councils have moved on.\n\n- More ask about outcomes\n- Partners lag")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:narratives", args=["2016"]) + "?scope=england"
    narrative = Narrative.objects.get(wave=wave2016, region=None, section="summary")
    assert (narrative.revision, narrative.updated_by) == (1, analyst)
    assert AuditEvent.objects.filter(action="create", object_type="reports.Narrative").exists()
    html = client.get(reverse("reports:document", args=["2016", "england", "html"])).content.decode()
    summary = html[html.index('id="summary-title"') :]
    assert summary.index("Councils have moved on.") < summary.index("Headline measures")
    assert "<li>More ask about outcomes</li>" in summary
    regional = client.get(reverse("reports:document", args=["2016", "london", "html"])).content
    assert "Councils have moved on." not in html_text(regional)


def test_recommendations_print_the_default_text_until_written(wave2016, client, analyst):
    client.force_login(analyst)
    url = reverse("reports:document", args=["2016", "london", "html"])
    html = client.get(url).content.decode()
    assert 'id="recommendations"' in html and "Pool outcome measures across each region" in html
    save(client, scope="london", section="recommendations", text="1. Pool outcome reports\n2. Train together")
    html = client.get(url).content.decode()
    assert 'id="recommendations"' in html and "<li>Pool outcome reports</li>" in html
    assert "Pool outcome measures across each region" not in html
    assert Narrative.objects.get(section="recommendations").region == Region.objects.get(name="London")


def test_too_long_a_narrative_is_refused_and_the_text_kept(wave2016, client, analyst):
    client.force_login(analyst)
    text = "Too long. " * 2100
    response = save(client, text=text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "20000 characters or fewer" in page
    assert text.strip() in page
    assert not Narrative.objects.exists()


def test_an_edit_from_a_stale_page_keeps_both_texts_and_can_then_replace(wave2016, client, analyst):
    colleague = make_user("col", Role.ANALYST)
    client.force_login(colleague)
    save(client, text="Their version.")
    client.force_login(analyst)
    response = save(client, text="My version.")  # opened at revision 0, before theirs
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else saved a change to this record" in page
    assert "My version." in page and "Their version." in page
    assert Narrative.objects.get().text == "Their version."
    assert 'name="revision" value="1"' in page
    assert save(client, text="My version.", revision=1).status_code == 302
    assert Narrative.objects.get().text == "My version."


def test_the_narratives_page_lists_each_section_and_who_wrote_it(wave2016, client, analyst):
    client.force_login(analyst)
    save(client, scope="north-east", section="impact", text="Impact in the north east.")
    page = client.get(reverse("reports:narratives", args=["2016"]) + "?scope=north-east").content.decode()
    assert "Report narratives: North East" in page
    assert "Impact in the north east." in page and "Not written" in page
    assert "by Ana" in page
