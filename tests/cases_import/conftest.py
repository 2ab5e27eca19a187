"""Fixtures for the case import and generator tests: a council, and files written inline from row dicts."""

import csv
import io

import pytest

from msp.councils.models import Council, Region

# A complete Section 42 enquiry, closed, with two outcomes and feedback: every other row is a change of this.
GOOD = {
    "external_person_id": "P-1",
    "given_name": "Marnie",
    "family_name": "Quillfeather",
    "date_of_birth": "14/05/1938",
    "nhs_number": "943 476 5919",
    "gender": "Female",
    "ethnicity": "White",
    "support_reason": "Physical support",
    "area": "North locality",
    "external_concern_id": "C-1",
    "received_at": "03/04/2019 14:30",
    "referrer_type": "Care provider",
    "referrer_name": "Larkspur Lodge (synthetic)",
    "risk_types": "Neglect and acts of omission; Financial or material",
    "location": "Own home",
    "source_of_risk": "Other - known to the individual",
    "what_happened": "A carer noticed missed medication and unpaid bills.",
    "wants_to_happen": "For things to settle down.",
    "involvement_wishes": "Visit me with my niece there.",
    "outcomes_asked": "Asked",
    "said_by": "The person",
    "outcome_1_category": "To feel safe or safer",
    "outcome_1_words": "I want to feel safe in my flat.",
    "outcome_1_achievement": "Fully achieved",
    "outcome_2_category": "money_property",
    "outcome_2_words": "Get my pension sorted.",
    "outcome_2_achievement": "Partially achieved",
    "decision": "Section 42 enquiry",
    "criterion_a": "Yes",
    "criterion_b": "Yes",
    "criterion_c": "Yes",
    "decided_at": "04/04/2019 10:00",
    "first_contact_at": "04/04/2019 16:15",
    "involvement": "Home visit; By phone",
    "capacity": "Yes, lacked capacity",
    "capacity_support": "Yes, by an advocate",
    "risk_result": "Risk identified and action taken",
    "risk_outcome": "Risk reduced",
    "closed_at": "20/05/2019 12:00",
    "feedback_respondent": "The person",
    "feedback_method": "By the enquiry lead at closure",
    "feedback_answered_on": "20/05/2019",
    "feedback_listened_to": "Yes",
    "feedback_treated_with_respect": "Yes",
    "feedback_kept_informed": "Partly",
    "feedback_feels_safer": "Yes",
    "feedback_made_difference": "Yes",
}
ENQUIRY_PREFIXES = (
    "first_contact",
    "involvement",
    "capacity",
    "risk_result",
    "risk_outcome",
    "closed",
    "feedback_",
)
ENQUIRY_AND_AFTER = [k for k in GOOD if k.startswith(ENQUIRY_PREFIXES) or k.endswith("_achievement")]
# A concern closed with signposting: no enquiry, so no enquiry, rating or feedback columns.
SIGNPOSTED = {
    **{k: "" for k in ENQUIRY_AND_AFTER},
    "external_concern_id": "C-2",
    "received_at": "2019-09-01 09:00",
    "referrer_type": "police",
    "risk_types": "physical",
    "decision": "No enquiry",
    "criterion_a": "Yes",
    "criterion_b": "No",
    "criterion_c": "No",
    "decided_at": "2019-09-02 11:00",
    "no_enquiry_outcome": "Signposted to community or voluntary services",
    "decision_reason": "Support already in place.",
}


def row(**changes) -> dict:
    return {**GOOD, **changes}


def csv_bytes(rows: list[dict], bom: bool = True) -> bytes:
    header = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_council(gss: str, name: str) -> Council:
    region, _ = Region.objects.get_or_create(gss_code="E12000097", defaults={"name": "Import test region"})
    return Council.objects.create(
        gss_code=gss, name=f"{name} Council", short_name=name, council_type="Unitary authority", region=region
    )


@pytest.fixture
def council(db):
    return make_council("E06999901", "Fernleigh")


@pytest.fixture
def other_council(db):
    return make_council("E06999902", "Hollowmere")
