"""The upload page: check a file, see every problem, then import; export downloads; who may use them."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msp.accounts.models import AuditEvent
from msp.tempcheck.importing import MAX_FILE_BYTES
from msp.tempcheck.models import Interview
from tests.tempcheck_io.io_helpers import councils, csv_bytes, snapshot, valid_row, valid_rows

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("tempcheck:import", args=["2016"])


def upload(client, data: bytes, name: str = "interviews.csv", **extra):
    return client.post(IMPORT_URL, {"action": "check", "file": SimpleUploadedFile(name, data), **extra})


def test_an_analyst_checks_then_imports(client, analyst):
    client.force_login(analyst)
    response = upload(client, csv_bytes(valid_rows(3)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "has no problems and is ready to import" in page
    assert "Import 3 interviews" in page
    assert snapshot() == (0, 0)  # checking writes nothing
    response = client.post(IMPORT_URL, {"action": "import", "token": response.context["token"]}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert "3 interviews imported and 0 replaced from interviews.csv" in response.content.decode()
    assert Interview.objects.filter(status=Interview.Status.SUBMITTED, recorded_by=analyst).count() == 3
    assert AuditEvent.objects.get(action="import").user == analyst


def test_a_superuser_may_import(client, superuser):
    client.force_login(superuser)
    assert client.get(IMPORT_URL).status_code == 200


def test_the_check_shows_every_problem_with_an_error_summary(client, analyst):
    client.force_login(analyst)
    rows = valid_rows(2)
    rows[1]["asked_outcomes"] = "Mabye"
    rows[0]["interview_date"] = "05/23/2016"
    response = upload(client, csv_bytes(rows))
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "Row 3, column `asked_outcomes`: &#x27;Mabye&#x27; is not an answer option" in page
    assert 'href="#problem-1"' in page
    assert 'id="problem-2"' in page
    problems = response.context["report"].problems
    assert [(p.row, p.column, p.value, p.rule) for p in problems] == [
        (2, "interview_date", "05/23/2016", "bad_date"),
        (3, "asked_outcomes", "Mabye", "unknown_option"),
    ]
    assert "Expected Yes, Partly or No." in page
    assert "Import 2 interviews" not in page
    assert snapshot() == (0, 0)


def test_replace_is_carried_from_the_check_to_the_import(client, analyst):
    client.force_login(analyst)
    row = valid_row(councils(1)[0], 1)
    data = csv_bytes([row])
    client.post(IMPORT_URL, {"action": "import", "token": upload(client, data).context["token"]})
    refused = upload(client, data)
    assert [p.rule for p in refused.context["report"].problems] == ["council_already_in_wave"]
    checked = upload(client, data, replace="on")
    assert "Interviews to replace" in checked.content.decode()
    response = client.post(IMPORT_URL, {"action": "import", "token": checked.context["token"]}, follow=True)
    assert "0 interviews imported and 1 replaced" in response.content.decode()


def test_a_changed_token_is_refused(client, analyst):
    client.force_login(analyst)
    token = upload(client, csv_bytes(valid_rows(1))).context["token"]
    response = client.post(IMPORT_URL, {"action": "import", "token": token[:-2] + "xx"})
    assert "The check has expired or the page was changed" in response.content.decode()
    assert snapshot() == (0, 0)


def test_another_users_token_is_refused(client, analyst, superuser):
    client.force_login(analyst)
    token = upload(client, csv_bytes(valid_rows(1))).context["token"]
    client.force_login(superuser)
    client.post(IMPORT_URL, {"action": "import", "token": token})
    assert snapshot() == (0, 0)


def test_no_file_chosen(client, analyst):
    client.force_login(analyst)
    response = client.post(IMPORT_URL, {"action": "check"})
    assert "Select a CSV or Excel file" in response.content.decode()


def test_a_file_over_10_mb_is_refused_and_never_stored(client, analyst):
    client.force_login(analyst)
    response = upload(client, b"x" * (MAX_FILE_BYTES + 1))
    assert "The selected file must be smaller than 10MB" in response.content.decode()
    assert snapshot() == (0, 0)


def test_an_interviewer_is_refused(client, interviewer):
    client.force_login(interviewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, csv_bytes(valid_rows(1))).status_code == 403
    assert client.get(reverse("tempcheck:export", args=["2016", "csv"])).status_code == 403
    assert snapshot() == (0, 0)


def test_someone_signed_out_is_sent_to_sign_in(client):
    for url in (IMPORT_URL, reverse("tempcheck:export", args=["2016", "csv"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")


def test_other_methods_and_unknown_waves_and_formats(client, analyst):
    client.force_login(analyst)
    assert client.put(IMPORT_URL).status_code == 405
    assert client.post(reverse("tempcheck:export", args=["2016", "csv"])).status_code == 405
    assert client.get(reverse("tempcheck:import", args=["2099"])).status_code == 404
    assert client.get(reverse("tempcheck:import", args=["2014-15"])).status_code == 404
    assert client.get(reverse("tempcheck:export", args=["2016", "pdf"])).status_code == 404


def test_the_page_links_to_each_export(client, analyst):
    client.force_login(analyst)
    page = client.get(IMPORT_URL).content.decode()
    for fmt in ("csv", "xlsx", "long"):
        assert reverse("tempcheck:export", args=["2016", fmt]) in page


@pytest.mark.parametrize(
    ("fmt", "filename", "content_type"),
    [
        ("csv", "tempcheck-2016.csv", "text/csv; charset=utf-8"),
        ("xlsx", "tempcheck-2016.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("long", "tempcheck-2016-long.zip", "application/zip"),
    ],
)
def test_exports_download(client, analyst, fmt, filename, content_type):
    client.force_login(analyst)
    token = upload(client, csv_bytes(valid_rows(2))).context["token"]
    client.post(IMPORT_URL, {"action": "import", "token": token})
    response = client.get(reverse("tempcheck:export", args=["2016", fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    if fmt == "long":
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert names == ["tempcheck-2016-long.csv", "tempcheck-2016-long_codebook.csv"]
    assert AuditEvent.objects.filter(action="export", user=analyst).count() == 1


def test_an_upload_is_never_written_to_a_temporary_file(client, analyst, settings, monkeypatch):
    from django.core.files import uploadedfile

    def refuse(*args, **kwargs):
        raise AssertionError("the upload went to a temporary file on disk")

    # Django's default handlers would spill anything over this to disk; ours keeps it in memory.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)
    client.force_login(analyst)
    response = upload(client, csv_bytes(valid_rows(2)))
    assert "Import 2 interviews" in response.content.decode()


def test_the_page_leads_with_the_kind_of_problem_most_rows_have_and_groups_warnings(client, analyst):
    client.force_login(analyst)
    rows = valid_rows(4)
    upload(client, csv_bytes(rows))
    token = upload(client, csv_bytes(rows)).context["token"]
    client.post(IMPORT_URL, {"action": "import", "token": token})
    page = upload(client, csv_bytes(rows)).content.decode()
    assert "4 councils already have an interview in wave 2016: import with replace" in page
    moderated = [
        {**row, "achievement.self": "A", "achievement.interviewer": "C", "moderation_reason": ""}
        for row in rows
    ]
    page = upload(client, csv_bytes(moderated), replace="on").content.decode()
    assert "4 rows: the interviewer moderated the rating but no reason is recorded (rows 2, 3, 4, 5)" in page
    assert "Import 4 interviews" in page
