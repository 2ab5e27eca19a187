"""The extract pages: upload, map with suggestions, save the mapping, check, import; scope and audit."""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from msp.accounts.models import AuditEvent, Role
from msp.cases.models import Concern, Person
from msp.extracts import sample as foreign
from msp.extracts.models import ExtractFile, ExtractJob, MappingProfile
from tests.conftest import make_user


def upload(client, records, name="extract.csv", profile=None):
    data = {"file": SimpleUploadedFile(name, foreign.csv_bytes(records), content_type="text/csv")}
    if profile is not None:
        data["profile"] = profile.pk
    return client.post(reverse("extracts:index"), data)


def as_submitted(form) -> dict:
    """What a browser sends for a form left as the page shows it (suggestions accepted)."""
    return {name: form[name].value() or "" for name in form.fields}


def map_by_suggestions(client, job, profile_name="Caseworks extract, safeguarding v3"):
    page = client.get(reverse("extracts:columns", args=[job.pk]))
    response = client.post(reverse("extracts:columns", args=[job.pk]), as_submitted(page.context["form"]))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response["Location"] == reverse("extracts:values", args=[job.pk])
    page = client.get(response["Location"])
    data = as_submitted(page.context["form"]) | {"profile_name": profile_name}
    return client.post(reverse("extracts:values", args=[job.pk]), data)


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def test_a_foreign_extract_is_mapped_by_its_suggestions_checked_and_imported(signed_in, council, officer):
    records = foreign.rows(40)
    response = upload(signed_in, records)
    job = ExtractJob.objects.get()
    assert response["Location"] == reverse("extracts:columns", args=[job.pk])
    assert job.survey["rows"] == 40 and job.survey["headings"] == foreign.HEADINGS
    page = signed_in.get(response["Location"])
    html = page.content.decode()
    assert '<option value="h:Client ID" selected>' in html  # suggested, ready to accept
    assert "Suggested from the heading&#x27;s name" in html

    response = map_by_suggestions(signed_in, job)
    assert response["Location"] == reverse("extracts:job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ExtractJob.State.CHECKED, job.result
    assert job.result["counts"]["concerns"] == 40
    assert Concern.objects.filter(council=council).count() == 0  # a check writes nothing
    profile = MappingProfile.objects.get()
    assert (profile.name, profile.version, profile.council) == (
        "Caseworks extract, safeguarding v3",
        1,
        council,
    )
    assert profile.document["values"]["risk_types"]["NEG"] == "neglect"
    page = signed_in.get(reverse("extracts:job", args=[job.pk]))
    assert "The file is ready to import" in page.content.decode()
    assert "Import 40 concerns" in page.content.decode()

    signed_in.post(reverse("extracts:import", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ExtractJob.State.IMPORTED
    concerns = Concern.objects.filter(council=council)
    assert concerns.count() == 40
    first = concerns.get(external_id=records[0]["Referral ID"])
    assert first.person.external_id == records[0]["Client ID"]
    assert first.location == foreign.VALUES["location"][records[0]["Location of Abuse"]]
    # The file and what was read from it are gone once the import ends.
    assert not ExtractFile.objects.exists()
    assert "preview" not in job.survey and "distinct" not in job.survey
    actions = set(
        AuditEvent.objects.filter(object_type="extracts.ExtractJob").values_list("action", flat=True)
    )
    assert {"create", "change", "import"} <= actions
    assert AuditEvent.objects.filter(object_type="extracts.MappingProfile", action="create").exists()


def test_the_next_file_imports_with_the_saved_mapping_in_three_clicks(signed_in, council):
    upload(signed_in, foreign.rows(10))
    map_by_suggestions(signed_in, ExtractJob.objects.get())
    profile = MappingProfile.objects.get()
    # 1: choose the file and the mapping, upload; the check runs at once.
    response = upload(signed_in, foreign.rows(25, seed=8, start=1000), name="next.csv", profile=profile)
    job = ExtractJob.objects.get(file_name="next.csv")
    assert response["Location"] == reverse("extracts:job", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ExtractJob.State.CHECKED and job.profile == profile
    # 2: import.
    signed_in.post(reverse("extracts:import", args=[job.pk]))
    assert Concern.objects.filter(council=council, external_id__startswith="REF0001").count() == 25


def test_values_left_unmapped_block_the_check_with_a_list(signed_in, council):
    records = foreign.rows(12)
    records[3]["Abuse Type 1"] = "XQZ"
    records[5]["Abuse Type 2"] = "XQZ"
    upload(signed_in, records)
    job = ExtractJob.objects.get()
    page = signed_in.get(reverse("extracts:columns", args=[job.pk]))
    signed_in.post(reverse("extracts:columns", args=[job.pk]), as_submitted(page.context["form"]))
    page = signed_in.get(reverse("extracts:values", args=[job.pk]))
    response = signed_in.post(reverse("extracts:values", args=[job.pk]), as_submitted(page.context["form"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose what &#x27;XQZ&#x27; means in risk_types" in html
    assert "2 rows" in html  # how many rows use it
    job.refresh_from_db()
    assert job.state == ExtractJob.State.MAPPING  # nothing checked, nothing queued


def test_a_row_with_a_wrong_value_is_refused_naming_the_file_heading(signed_in, council):
    records = foreign.rows(8)
    records[2]["Referral Date"] = "31/02/2019 10:00"
    upload(signed_in, records)
    map_by_suggestions(signed_in, ExtractJob.objects.get())
    job = ExtractJob.objects.get()
    assert job.state == ExtractJob.State.FAILED
    problem = job.result["problems"][0]
    assert (problem["row"], problem["column"], problem["heading"]) == (4, "received_at", "Referral Date")
    assert "heading 'Referral Date'" in problem["line"]
    page = signed_in.get(reverse("extracts:job", args=[job.pk])).content.decode()
    assert "1 problem in the file" in page and "Referral Date" in page
    assert Concern.objects.count() == 0


def test_another_councils_officer_and_other_roles_cannot_reach_an_upload(
    client, signed_in, council, other_council
):
    upload(signed_in, foreign.rows(5))
    map_by_suggestions(signed_in, ExtractJob.objects.get())
    job, profile = ExtractJob.objects.get(), MappingProfile.objects.get()
    client.logout()
    other = make_user("other_officer", Role.DATA_OFFICER, other_council)
    client.force_login(other)
    for name, args in [
        ("extracts:job", [job.pk]),
        ("extracts:columns", [job.pk]),
        ("extracts:values", [job.pk]),
        ("extracts:profile_download", [profile.pk, "json"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("extracts:import", args=[job.pk])).status_code == 404
    assert "Caseworks" not in client.get(reverse("extracts:index")).content.decode()
    for role in (Role.PRACTITIONER, Role.TEAM_MANAGER, Role.ANALYST):
        client.force_login(make_user(f"u_{role}", role, council if role != Role.ANALYST else None))
        assert client.get(reverse("extracts:index")).status_code == 403, role
    client.logout()
    assert client.get(reverse("extracts:index"))["Location"].startswith(reverse("login"))
    # A lead imports for their own council.
    client.force_login(make_user("lead_x", Role.SAFEGUARDING_LEAD, council))
    assert client.get(reverse("extracts:job", args=[job.pk])).status_code == 200


def test_a_mapping_downloads_and_uploads_again_as_a_new_version(signed_in, council):
    upload(signed_in, foreign.rows(5))
    map_by_suggestions(signed_in, ExtractJob.objects.get())
    profile = MappingProfile.objects.get()
    for kind in ("json", "yaml"):
        response = signed_in.get(reverse("extracts:profile_download", args=[profile.pk, kind]))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert b"msp-extract-mapping" in response.content
    assert AuditEvent.objects.filter(action="export", object_type="extracts.MappingProfile").count() == 2
    changed = response.content.replace(b"Locality Team", b"Team")  # another council's heading for area
    signed_in.post(
        reverse("extracts:profile_upload"), {"file": SimpleUploadedFile("shared.yaml", changed)}, follow=True
    )
    latest = MappingProfile.objects.filter(name=profile.name).order_by("-version").first()
    assert latest.version == 2 and latest.document["columns"]["area"] == {"heading": "Team"}
    # The same document again adds nothing.
    signed_in.post(reverse("extracts:profile_upload"), {"file": SimpleUploadedFile("same.yaml", changed)})
    assert MappingProfile.objects.filter(name=profile.name).count() == 2
    response = signed_in.post(
        reverse("extracts:profile_upload"),
        {
            "file": SimpleUploadedFile(
                "bad.json", b'{"format": "msp-extract-mapping", "version": 1, "columns": {"x": {"value": 1}}}'
            )
        },
        follow=True,
    )
    assert "`x` is not an MSP import column" in response.content.decode()


# The worker closes its database connection between tasks, as it should: outside a test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_check_runs_in_the_background_worker(signed_in, council):
    upload(signed_in, foreign.rows(5))
    job = ExtractJob.objects.get()
    map_by_suggestions(signed_in, job)  # checked at once (tests run tasks immediately)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        from msp.extracts import jobs

        job.refresh_from_db()
        jobs.queue(job, writes=True, user=job.user)
        job.refresh_from_db()
        assert job.state == ExtractJob.State.QUEUED  # waits for the worker
        status = signed_in.get(reverse("extracts:job_status", args=[job.pk])).json()
        assert status["busy"] and status["state"] == "queued"
        page = signed_in.get(reverse("extracts:job", args=[job.pk])).content.decode()
        assert "<progress" in page
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    job.refresh_from_db()
    assert job.state == ExtractJob.State.IMPORTED
    assert Concern.objects.filter(council=council).count() == 5


def test_25000_rows_through_the_pages(signed_in, council, capsys):
    upload(signed_in, foreign.rows(20))
    map_by_suggestions(signed_in, ExtractJob.objects.get())
    profile = MappingProfile.objects.get()
    records = foreign.rows(25_000, seed=11, start=100_000)
    started = time.perf_counter()
    upload(signed_in, records, name="large.csv", profile=profile)
    job = ExtractJob.objects.get(file_name="large.csv")
    assert job.state == ExtractJob.State.CHECKED, job.result.get("problems", [])[:3]
    checked = time.perf_counter()
    signed_in.post(reverse("extracts:import", args=[job.pk]))
    done = time.perf_counter()
    job.refresh_from_db()
    assert job.state == ExtractJob.State.IMPORTED
    assert Concern.objects.filter(council=council, external_id__startswith="REF01").count() == 25_000
    assert (
        Person.objects.filter(council=council).count()
        == len({r["Client ID"] for r in records})
        + Person.objects.filter(
            council=council, external_id__in={r["Client ID"] for r in foreign.rows(20)}
        ).count()
    )
    with capsys.disabled():
        print(
            f"\n25,000-row extract through the pages: upload and check {checked - started:.1f} s,"
            f" import {done - checked:.1f} s ({25_000 / (done - started):,.0f} rows/s overall)"
        )
    assert re.search(r"Imported 25,?000 concerns", " ".join(job.result["summary"]))


def test_an_xlsx_with_real_excel_dates_is_surveyed_and_its_format_detected(signed_in, council):
    import datetime
    import io

    from openpyxl import Workbook

    records = foreign.rows(6)
    book = Workbook()
    sheet = book.active
    sheet.append(foreign.HEADINGS)
    for record in records:
        cells = [record[h] for h in foreign.HEADINGS]
        cells[foreign.HEADINGS.index("Referral Date")] = datetime.datetime.strptime(
            record["Referral Date"], "%d/%m/%Y %H:%M"
        )
        sheet.append(cells)
    data = io.BytesIO()
    book.save(data)
    signed_in.post(reverse("extracts:index"), {"file": SimpleUploadedFile("extract.xlsx", data.getvalue())})
    job = ExtractJob.objects.get()
    page = signed_in.get(reverse("extracts:columns", args=[job.pk]))
    assert page.context["form"]["date__received_at"].value() == "yyyy-mm-dd"  # Excel's dates, read as ISO
    map_by_suggestions(signed_in, job)
    job.refresh_from_db()
    assert job.state == ExtractJob.State.CHECKED, job.result.get("problems")


def test_the_result_leads_with_the_kind_of_problem_most_rows_have(signed_in, council):
    records = foreign.rows(12)
    for record in records:
        record["Concern Details"] = ""  # required in MSP: every row lacks it
    upload(signed_in, records)
    map_by_suggestions(signed_in, ExtractJob.objects.get())
    job = ExtractJob.objects.get()
    assert job.result["headline"].startswith("12 of the 12 problems are of one kind:")
    page = signed_in.get(reverse("extracts:job", args=[job.pk])).content.decode()
    assert "12 of the 12 problems are of one kind" in page
