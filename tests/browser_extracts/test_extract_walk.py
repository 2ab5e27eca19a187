"""A data officer brings in their case system's extract: map it once, then the next file in three clicks."""

import pytest
from playwright.sync_api import expect

from msp.accounts.models import Role
from msp.cases.models import Concern
from msp.extracts import sample
from msp.extracts.models import MappingProfile
from tests.browser_cases.conftest import assert_accessible, look, make_council, submit
from tests.conftest import make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_map_save_import_then_the_next_file_in_three_clicks(page, live_server, tmp_path):
    council = make_council("E06999711", "Ashbourne Vale")
    make_user("dana", Role.DATA_OFFICER, council, last_name="Lindqvist")
    first, second = tmp_path / "caseworks-2019.csv", tmp_path / "caseworks-2020.csv"
    first.write_bytes(sample.csv_bytes(sample.rows(30, seed=3)))
    second.write_bytes(sample.csv_bytes(sample.rows(20, seed=4, start=500)))

    sign_in(page, live_server, "dana")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Import records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import records from another system")
    assert_accessible(page, "extracts-1-upload")
    page.set_input_files("#id_file", str(first))
    submit(page, "Upload")

    # Columns: the suggestions are chosen already; the officer checks and accepts them.
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    expect(page.locator("#id_col__external_person_id")).to_have_value("h:Client ID")
    expect(page.locator("#id_col__risk_types__2")).to_have_value("h:Abuse Type 2")
    expect(page.locator("#id_date__date_of_birth")).to_have_value("dd-mon-yyyy")
    expect(page.locator("#id_date__received_at")).to_have_value("dd/mm/yyyy")
    assert_accessible(page, "extracts-2-columns")
    submit(page, "Continue")

    # Values: the foreign codes with their counts, suggested; one changed by hand.
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the values")
    expect(page.locator("#values-risk_types")).to_contain_text("'NEG'")
    assert_accessible(page, "extracts-3-values")
    page.fill("#id_profile_name", "Caseworks extract, safeguarding v3")
    submit(page, "Check the file")

    expect(page.get_by_role("heading", level=1)).to_have_text("The file is ready to import")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Mapping saved as")
    assert_accessible(page, "extracts-4-checked")
    submit(page, "Import 30 concerns")
    expect(page.locator(".govuk-panel__title")).to_have_text("Imported")
    assert_accessible(page, "extracts-5-imported")
    assert Concern.objects.filter(council=council).count() == 30

    # The next file from the same system: choose it and the mapping (1), upload (2), import (3).
    page.goto(live_server.url + "/extracts/")
    page.set_input_files("#id_file", str(second))
    page.select_option("#id_profile", label=str(MappingProfile.objects.get()))
    submit(page, "Upload")
    expect(page.get_by_role("heading", level=1)).to_have_text("The file is ready to import")
    submit(page, "Import 20 concerns")
    expect(page.locator(".govuk-panel__title")).to_have_text("Imported")
    look(page, "extracts-6-second-file")
    assert Concern.objects.filter(council=council).count() == 50


def test_a_value_left_unmatched_is_listed_and_nothing_is_checked(page, live_server, tmp_path):
    council = make_council("E06999712", "Brackenford")
    make_user("dana", Role.DATA_OFFICER, council)
    records = sample.rows(10, seed=5)
    records[2]["Location of Abuse"] = "Day centre annexe"
    path = tmp_path / "odd.csv"
    path.write_bytes(sample.csv_bytes(records))
    sign_in(page, live_server, "dana")
    page.goto(live_server.url + "/extracts/")
    page.set_input_files("#id_file", str(path))
    submit(page, "Upload")
    submit(page, "Continue")
    submit(page, "Check the file")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose what 'Day centre annexe' means in location")
    assert_accessible(page, "extracts-values-error")
    assert Concern.objects.count() == 0
