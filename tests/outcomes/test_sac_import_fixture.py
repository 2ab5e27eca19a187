"""A legacy extract (fixtures/sac_extract.csv: 35 concerns of 16 invented people) imported with
`cases_import`, then the whole return of 2023-24 and of the years either side, every cell worked out by hand
from the rows.

The rows, by what they test (C = external_concern_id, P = external_person_id):
- boundaries: C01 received 31/03/2024 23:30 BST (2023-24), C02 01/04/2024 00:30 (2024-25), C03 01/04/2023
  00:00 (2023-24), C04 31/03/2023 23:59 (2022-23); C08 closed 31/03/2024 23:30 (2023-24);
- across years: C05 and C07 started in 2023-24, concluded in 2024-25 (C07 closed 01/04/2024 00:30 BST);
  C06 started in 2022-23, concluded in 2023-24; open: C09 (s42), C15 (other);
- other enquiries: C10 closed with every detail, C15 open, C30 closed: SG1f only;
- one person, several concerns: P02 (C11-C14), who turns 65 on 01/02/2024: 18-64 in 2022-23, 65-74 in
  2023-24; P07 (born 01/04/1949) is 74 on 31/03/2024; P04 born 29/02/1936; P03 no date of birth, no gender;
- no enquiry: C01, C03, C04, C12, C14, C17, C19, C29, C32, C34; awaiting a decision: C02, C18;
- risk types: two on C11, C16, C22, C25, C27, C31; none on C35; `neglect; neglect` on C13.
"""

import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.core.management import call_command

from msp.cases.importing import import_file
from msp.cases.models import Concern
from msp.outcomes.sac import compute, format_value

EXTRACT = Path(__file__).parent / "fixtures" / "sac_extract.csv"
SP, KNOWN, UNKNOWN = "Service Provider", "Other - Known to Individual", "Other - Unknown to Individual"
NEGLECT = "Neglect and Acts of Omission"
COMMUNITY = "In the Community (excluding community services)"

# 2023-24. Concerns received: 29 (every row but C02, C04, C06, C14, C33, C34), of 15 people (all but P16).
# Section 42 enquiries started: 18 (C05 C07 C08 C09 C11 C13 C16 C20-C28 C31 C35) of 14 people (all but
# P01 and P16); other enquiries started: C10 (P14), C15 (P03), C30 (P04).
# Concluded Section 42 enquiries: 16 (C06 C08 C11 C13 C16 C20-C28 C31 C35):
#   C06 psychological/known, own home, identified+action reduced, lacked+friend, asked: fully+not -> partially
#   C08 neglect/service provider, care home nursing, identified+action remained, lacked+advocate, fully
#   C11 neglect+self-neglect/known, own home, identified+action reduced, had, fully+partially -> partially
#   C13 neglect (entered twice)/known, own home, no risk+action, capacity don't know, declined, no outcomes
#   C16 financial+physical/unknown, community, inconclusive+action, not recorded, asked not known
#   C20 organisational/service provider, care home nursing, identified+action removed, lacked+family, fully
#   C21 neglect/service provider, care home residential, identified no action, lacked+no support; asked,
#       outcomes given by the referrer but the person was asked: asked and expressed, not achieved
#   C22 physical+psychological/service provider, hospital acute, inconclusive no action, lacked+don't know;
#       declined, the referrer's outcome only: asked not expressed (its rating is not counted)
#   C23 sexual/unknown, hospital mental health, ceased, lacked+support blank; unknown, referrer's outcome
#   C24 discriminatory/known, community service, no risk no action, capacity blank; asked blank, referrer's
#       outcome: not recorded
#   C25 modern slavery+sexual exploitation/unknown, other, identified+action reduced, had; not asked but the
#       representative gave an outcome: asked and expressed, none rated
#   C26 domestic abuse/no source, own home, identified+action reduced, had; asked blank, the person's
#       outcomes: asked and expressed, not+not -> not
#   C27 neglect+financial/known, no location, identified no action, had, not asked
#   C28 self-neglect/no source, own home, no result, had, asked: partially
#   C31 neglect+physical/service provider, own home, identified+action remained, lacked+advocate;
#       fully+unrated -> fully
#   C35 no type/known, community, no risk+action, had, asked with no outcomes
# Age on 31/03/2024: 18-64 P06 P11 P15; 65-74 P02 P07 P09 P13; 75-84 P01 P08 P14; 85-94 P04 P10 P12;
# 95+ P05; none P03. Male P02 P04 P08 P09 P11 P13; Female P01 P05 P07 P10 P12 P14 P15; Not Known P03 P06.
EXPECTED_2023_24 = {
    ("SG1a", "18-64", "concerns_individuals"): 3,
    ("SG1a", "18-64", "s42_individuals"): 3,
    ("SG1a", "65-74", "concerns_individuals"): 4,
    ("SG1a", "65-74", "s42_individuals"): 4,
    ("SG1a", "75-84", "concerns_individuals"): 3,
    ("SG1a", "75-84", "s42_individuals"): 2,  # P01 had no enquiry
    ("SG1a", "85-94", "concerns_individuals"): 3,
    ("SG1a", "85-94", "s42_individuals"): 3,
    ("SG1a", "95+", "concerns_individuals"): 1,
    ("SG1a", "95+", "s42_individuals"): 1,
    ("SG1a", "Total", "concerns_individuals"): 15,
    ("SG1a", "Total", "s42_individuals"): 14,
    ("SG1b", "Male", "concerns_individuals"): 6,
    ("SG1b", "Male", "s42_individuals"): 6,
    ("SG1b", "Female", "concerns_individuals"): 7,
    ("SG1b", "Female", "s42_individuals"): 6,
    ("SG1b", "Not Known", "concerns_individuals"): 2,
    ("SG1b", "Not Known", "s42_individuals"): 2,
    ("SG1b", "Total", "concerns_individuals"): 15,
    ("SG1b", "Total", "s42_individuals"): 14,
    ("SG1f", "concerns", "cases"): 29,
    ("SG1f", "concerns", "individuals"): 15,
    ("SG1f", "s42_enquiries", "cases"): 18,
    ("SG1f", "s42_enquiries", "individuals"): 14,
    ("SG1f", "other_enquiries", "cases"): 3,
    ("SG1f", "other_enquiries", "individuals"): 3,
    # SG2a: the type rows add up to 21; 15 enquiries have a type (all but C35).
    ("SG2a", "Physical", SP): 2,  # C22 C31
    ("SG2a", "Physical", UNKNOWN): 1,  # C16
    ("SG2a", "Physical", "Total"): 3,
    ("SG2a", "Sexual", UNKNOWN): 1,  # C23
    ("SG2a", "Sexual", "Total"): 1,
    ("SG2a", "Psychological", SP): 1,  # C22
    ("SG2a", "Psychological", KNOWN): 1,  # C06
    ("SG2a", "Psychological", "Total"): 2,
    ("SG2a", "Financial or Material", KNOWN): 1,  # C27
    ("SG2a", "Financial or Material", UNKNOWN): 1,  # C16
    ("SG2a", "Financial or Material", "Total"): 2,
    ("SG2a", "Discriminatory", KNOWN): 1,  # C24
    ("SG2a", "Discriminatory", "Total"): 1,
    ("SG2a", "Organisational", SP): 1,  # C20
    ("SG2a", "Organisational", "Total"): 1,
    ("SG2a", NEGLECT, SP): 3,  # C08 C21 C31
    ("SG2a", NEGLECT, KNOWN): 3,  # C11 C13 (once) C27
    ("SG2a", NEGLECT, "Total"): 6,
    ("SG2a", "Domestic Abuse", "Total"): 1,  # C26, no source
    ("SG2a", "Sexual Exploitation", UNKNOWN): 1,  # C25
    ("SG2a", "Sexual Exploitation", "Total"): 1,
    ("SG2a", "Modern Slavery", UNKNOWN): 1,  # C25
    ("SG2a", "Modern Slavery", "Total"): 1,
    ("SG2a", "Self-Neglect", KNOWN): 1,  # C11
    ("SG2a", "Self-Neglect", "Total"): 2,  # and C28, no source
    ("SG2a", "Total", SP): 5,  # C08 C20 C21 C22 C31
    ("SG2a", "Total", KNOWN): 5,  # C06 C11 C13 C24 C27
    ("SG2a", "Total", UNKNOWN): 3,  # C16 C23 C25
    ("SG2a", "Total", "Total"): 15,  # and C26 C28 with no source
    # SG2b: 15 enquiries with a location (all but C27).
    ("SG2b", "Own Home", SP): 1,  # C31
    ("SG2b", "Own Home", KNOWN): 3,  # C06 C11 C13
    ("SG2b", "Own Home", "Total"): 6,  # and C26 C28 with no source
    ("SG2b", COMMUNITY, KNOWN): 1,  # C35
    ("SG2b", COMMUNITY, UNKNOWN): 1,  # C16
    ("SG2b", COMMUNITY, "Total"): 2,
    ("SG2b", "In a Community Service", KNOWN): 1,  # C24
    ("SG2b", "In a Community Service", "Total"): 1,
    ("SG2b", "Care Home - Nursing", SP): 2,  # C08 C20
    ("SG2b", "Care Home - Nursing", "Total"): 2,
    ("SG2b", "Care Home - Residential", SP): 1,  # C21
    ("SG2b", "Care Home - Residential", "Total"): 1,
    ("SG2b", "Hospital - Acute", SP): 1,  # C22
    ("SG2b", "Hospital - Acute", "Total"): 1,
    ("SG2b", "Hospital - Mental Health", UNKNOWN): 1,  # C23
    ("SG2b", "Hospital - Mental Health", "Total"): 1,
    ("SG2b", "Other", UNKNOWN): 1,  # C25
    ("SG2b", "Other", "Total"): 1,
    ("SG2b", "Total", SP): 5,
    ("SG2b", "Total", KNOWN): 5,  # C06 C11 C13 C24 C35
    ("SG2b", "Total", UNKNOWN): 3,
    ("SG2b", "Total", "Total"): 15,
    # SG2c: 15 with a result (all but C28).
    ("SG2c", "Risk identified - action taken", "enquiries"): 7,  # C06 C08 C11 C20 C25 C26 C31
    ("SG2c", "Risk identified - no action taken", "enquiries"): 2,  # C21 C27
    ("SG2c", "Risk assessment inconclusive - action taken", "enquiries"): 1,  # C16
    ("SG2c", "Risk assessment inconclusive - no action taken", "enquiries"): 1,  # C22
    ("SG2c", "No risk identified - action taken", "enquiries"): 2,  # C13 C35
    ("SG2c", "No risk identified - no action taken", "enquiries"): 1,  # C24
    ("SG2c", "Enquiry ceased at individual's request - no action taken", "enquiries"): 1,  # C23
    ("SG2c", "Total", "enquiries"): 15,
    ("SG2e", "remained", "enquiries"): 2,  # C08 C31
    ("SG2e", "reduced", "enquiries"): 4,  # C06 C11 C25 C26
    ("SG2e", "removed", "enquiries"): 1,  # C20
    ("SG2e", "Total", "enquiries"): 7,
    ("SG3a", "yes", "enquiries"): 7,  # C06 C08 C20 C21 C22 C23 C31
    ("SG3a", "yes", "supported"): 4,  # C06 friend, C08 advocate, C20 family, C31 advocate
    ("SG3a", "yes", "not_supported"): 1,  # C21; C22 (don't know) and C23 (blank) in neither
    ("SG3a", "no", "enquiries"): 6,  # C11 C25 C26 C27 C28 C35
    ("SG3a", "dont_know", "enquiries"): 1,  # C13
    ("SG3a", "not_recorded", "enquiries"): 2,  # C16, and C24 blank
    ("SG3a", "Total", "enquiries"): 16,
    ("SG4a", "asked_expressed", "enquiries"): 9,  # C06 C08 C11 C20 C21 C25 C26 C28 C31
    ("SG4a", "asked_not_expressed", "enquiries"): 3,  # C13 C22 C35
    ("SG4a", "no", "enquiries"): 1,  # C27
    ("SG4a", "dont_know", "enquiries"): 2,  # C16 C23
    ("SG4a", "not_recorded", "enquiries"): 1,  # C24
    ("SG4a", "Total", "enquiries"): 16,
    ("SG4a", "fully", "achieved"): 3,  # C08 C20 C31
    ("SG4a", "partially", "achieved"): 3,  # C06 C11 C28
    ("SG4a", "not", "achieved"): 2,  # C21 C26
    ("SG4a", "Total", "achieved"): 9,  # and C25, none rated
}
DERIVED_2023_24 = {
    "conversion_rate": (Fraction(21 * 100, 29), "72.4"),  # (18 + 3) / 29
    "pct_risk_reduced_or_removed": (Fraction(5 * 100, 7), "71.4"),
    "pct_asked_and_expressed": (Fraction(9 * 100, 16), "56.3"),  # 56.25, rounded half up
    "pct_expressed_fully_or_partially_achieved": (Fraction(6 * 100, 9), "66.7"),
    "pct_lacking_capacity_supported": (Fraction(4 * 100, 7), "57.1"),
}

# 2024-25: C02 (P01, 83 on 31/03/2025) and C34 (P16, 91) received; no enquiry started; C05 and C07 concluded.
EXPECTED_2024_25 = {
    ("SG1a", "75-84", "concerns_individuals"): 1,
    ("SG1a", "85-94", "concerns_individuals"): 1,
    ("SG1a", "Total", "concerns_individuals"): 2,
    ("SG1b", "Male", "concerns_individuals"): 1,
    ("SG1b", "Female", "concerns_individuals"): 1,
    ("SG1b", "Total", "concerns_individuals"): 2,
    ("SG1f", "concerns", "cases"): 2,
    ("SG1f", "concerns", "individuals"): 2,
    ("SG2a", "Physical", SP): 1,  # C05
    ("SG2a", "Physical", "Total"): 1,
    ("SG2a", "Financial or Material", UNKNOWN): 1,  # C07
    ("SG2a", "Financial or Material", "Total"): 1,
    ("SG2a", "Total", SP): 1,
    ("SG2a", "Total", UNKNOWN): 1,
    ("SG2a", "Total", "Total"): 2,
    ("SG2b", "Care Home - Residential", SP): 1,
    ("SG2b", "Care Home - Residential", "Total"): 1,
    ("SG2b", COMMUNITY, UNKNOWN): 1,
    ("SG2b", COMMUNITY, "Total"): 1,
    ("SG2b", "Total", SP): 1,
    ("SG2b", "Total", UNKNOWN): 1,
    ("SG2b", "Total", "Total"): 2,
    ("SG2c", "Risk identified - action taken", "enquiries"): 1,
    ("SG2c", "No risk identified - no action taken", "enquiries"): 1,
    ("SG2c", "Total", "enquiries"): 2,
    ("SG2e", "removed", "enquiries"): 1,
    ("SG2e", "Total", "enquiries"): 1,
    ("SG3a", "no", "enquiries"): 2,
    ("SG3a", "Total", "enquiries"): 2,
    ("SG4a", "asked_expressed", "enquiries"): 1,  # C05
    ("SG4a", "no", "enquiries"): 1,  # C07, not asked
    ("SG4a", "Total", "enquiries"): 2,
    ("SG4a", "fully", "achieved"): 1,
    ("SG4a", "Total", "achieved"): 1,
}
DERIVED_2024_25 = {
    "conversion_rate": (Fraction(0), "0.0"),
    "pct_risk_reduced_or_removed": (Fraction(100), "100.0"),
    "pct_asked_and_expressed": (Fraction(50), "50.0"),
    "pct_expressed_fully_or_partially_achieved": (Fraction(100), "100.0"),
    "pct_lacking_capacity_supported": (None, ""),
}

# 2022-23: C04 (P06, 32 on 31/03/2023), C06 (P13, 72), C14 (P02, 64) and C33 (P16, 89) received; C06 and
# C33 started; C33 concluded (physical/known, own home, identified+action reduced, had, asked: fully).
EXPECTED_2022_23 = {
    ("SG1a", "18-64", "concerns_individuals"): 2,  # P06, and P02 before his 65th birthday
    ("SG1a", "65-74", "concerns_individuals"): 1,
    ("SG1a", "65-74", "s42_individuals"): 1,
    ("SG1a", "85-94", "concerns_individuals"): 1,
    ("SG1a", "85-94", "s42_individuals"): 1,
    ("SG1a", "Total", "concerns_individuals"): 4,
    ("SG1a", "Total", "s42_individuals"): 2,
    ("SG1b", "Male", "concerns_individuals"): 3,
    ("SG1b", "Male", "s42_individuals"): 2,
    ("SG1b", "Not Known", "concerns_individuals"): 1,
    ("SG1b", "Total", "concerns_individuals"): 4,
    ("SG1b", "Total", "s42_individuals"): 2,
    ("SG1f", "concerns", "cases"): 4,
    ("SG1f", "concerns", "individuals"): 4,
    ("SG1f", "s42_enquiries", "cases"): 2,
    ("SG1f", "s42_enquiries", "individuals"): 2,
    ("SG2a", "Physical", KNOWN): 1,
    ("SG2a", "Physical", "Total"): 1,
    ("SG2a", "Total", KNOWN): 1,
    ("SG2a", "Total", "Total"): 1,
    ("SG2b", "Own Home", KNOWN): 1,
    ("SG2b", "Own Home", "Total"): 1,
    ("SG2b", "Total", KNOWN): 1,
    ("SG2b", "Total", "Total"): 1,
    ("SG2c", "Risk identified - action taken", "enquiries"): 1,
    ("SG2c", "Total", "enquiries"): 1,
    ("SG2e", "reduced", "enquiries"): 1,
    ("SG2e", "Total", "enquiries"): 1,
    ("SG3a", "no", "enquiries"): 1,
    ("SG3a", "Total", "enquiries"): 1,
    ("SG4a", "asked_expressed", "enquiries"): 1,
    ("SG4a", "Total", "enquiries"): 1,
    ("SG4a", "fully", "achieved"): 1,
    ("SG4a", "Total", "achieved"): 1,
}
DERIVED_2022_23 = {
    "conversion_rate": (Fraction(50), "50.0"),
    "pct_risk_reduced_or_removed": (Fraction(100), "100.0"),
    "pct_asked_and_expressed": (Fraction(100), "100.0"),
    "pct_expressed_fully_or_partially_achieved": (Fraction(100), "100.0"),
    "pct_lacking_capacity_supported": (None, ""),
}


def import_extract(council) -> str:
    out = io.StringIO()
    call_command("cases_import", str(EXTRACT), council=council.gss_code, stdout=out)
    return out.getvalue()


def assert_return(result, expected: dict, expected_derived: dict) -> None:
    counts = {cell: value for cell, value in result.cells.items() if cell[0] != "DERIVED"}
    assert {cell: value for cell, value in counts.items() if value} == expected
    assert all(value == 0 for cell, value in counts.items() if cell not in expected)
    assert set(expected) <= set(counts)  # no expected cell is misspelt
    for (table, row, _), value in result.cells.items():
        if table != "DERIVED":
            continue
        exact, shown = expected_derived[row]
        if exact is None:
            assert value is None, row
        else:
            assert abs(Fraction(value) - exact) < Fraction(1, 10**20), row
        assert format_value(value) == shown, row


@pytest.mark.django_db
def test_the_extract_imports_with_a_warning_for_the_repeated_neglect(council):
    output = import_extract(council)

    assert "Imported 35 concerns" in output and "16 new people" in output and "23 enquiries" in output
    warnings = [line for line in output.splitlines() if "warning" in line.lower()]
    assert len(warnings) == 1
    assert "row 14" in warnings[0] and "risk_types" in warnings[0] and "neglect" in warnings[0]
    assert Concern.objects.get(council=council, external_id="C13").risk_type_codes == ["neglect"]


@pytest.mark.django_db
def test_the_import_report_lists_the_repeated_value_as_a_warning_not_a_problem(council):
    report = import_file(name=EXTRACT.name, data=EXTRACT.read_bytes(), council=council, dry_run=True)

    assert report.ok, report.problems
    assert [(w.rule, w.row, w.column) for w in report.warnings] == [("repeated_value", 14, "risk_types")]


@pytest.mark.django_db
def test_the_2023_24_return_of_the_imported_extract_is_the_one_worked_out_by_hand(council):
    import_extract(council)

    assert list(compute("2023-24")) == [council]
    assert_return(compute("2023-24")[council], EXPECTED_2023_24, DERIVED_2023_24)


@pytest.mark.django_db
def test_the_neighbouring_years_hold_the_records_either_side_of_the_boundaries(council):
    import_extract(council)
    returns = {year: compute(year) for year in ("2021-22", "2022-23", "2024-25", "2025-26")}

    assert returns["2021-22"] == {} and returns["2025-26"] == {}
    assert_return(returns["2022-23"][council], EXPECTED_2022_23, DERIVED_2022_23)
    assert_return(returns["2024-25"][council], EXPECTED_2024_25, DERIVED_2024_25)
    assert returns["2024-25"][council].value("DERIVED", "conversion_rate", "percent") == Decimal(0)
