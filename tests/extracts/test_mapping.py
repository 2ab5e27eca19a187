"""Mappings: suggestions, dates, many headings to one column, unmapped values, the shared document."""

import json

import pytest
import yaml

from msp.cases.importing.layout import build_columns
from msp.core.reading import RowSource
from msp.extracts import mapping as mp
from msp.extracts import sample as foreign
from msp.extracts.suggest import detect_date_format, suggest_columns, suggest_value, suggest_values

COLUMNS = build_columns([])
BY_NAME = {c.name: c for c in COLUMNS}


def distinct_of(records):
    found = {}
    for record in records:
        for heading, value in record.items():
            if value:
                found.setdefault(heading, {}).setdefault(value, 0)
                found[heading][value] += 1
    return found


def test_headings_are_suggested_by_name_and_values():
    records = foreign.rows(60)
    found = suggest_columns(COLUMNS, foreign.HEADINGS, distinct_of(records))
    chosen = {name: s.source.headings for name, s in found.items()}
    assert chosen["external_person_id"] == ["Client ID"]
    assert chosen["given_name"] == ["Forename"]
    assert chosen["family_name"] == ["Surname"]
    assert chosen["date_of_birth"] == ["DOB"]
    assert chosen["gender"] == ["Sex"]
    assert chosen["external_concern_id"] == ["Referral ID"]
    assert chosen["received_at"] == ["Referral Date"]
    assert chosen["referrer_type"] == ["Source of Referral"]
    assert chosen["location"] == ["Location of Abuse"]
    assert chosen["decision"] == ["Decision"]
    # Numbered headings gather into the column of several values, in their order.
    assert chosen["risk_types"] == ["Abuse Type 1", "Abuse Type 2", "Abuse Type 3"]
    # Date formats are read off the values: day-first with a month name, and day/month/year with a time.
    assert found["date_of_birth"].source.date_format == "dd-mon-yyyy"
    assert found["received_at"].source.date_format == "dd/mm/yyyy"
    # No heading is used twice, and nothing is suggested for what the file does not hold.
    used = [h for s in found.values() for h in s.source.headings]
    assert len(used) == len(set(used))
    assert "nhs_number" not in found


def test_a_heading_whose_values_do_not_fit_is_not_suggested():
    # "Referral Date" holding words is not a date, whatever its name.
    found = suggest_columns(COLUMNS, ["Referral Date"], {"Referral Date": {"soon": 3, "later": 2}})
    assert "received_at" not in found


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("risk_types", "NEG", "neglect"),
        ("risk_types", "Financial or material", "financial"),
        ("location", "Own Home (incl. sheltered)", "own_home"),
        ("location", "care home - residential", "care_home_residential"),
        ("referrer_type", "CARE PROVIDER", "care_provider"),
        ("gender", "F", "female"),
        ("decision", "S42", "s42"),
        ("criterion_a", "Y", "yes"),
        ("location", "Garden shed", None),
    ],
)
def test_values_are_suggested_where_close(column, value, code):
    assert suggest_value(BY_NAME[column], value) == code


def test_day_first_is_preferred_and_month_first_still_offered():
    best, readable = detect_date_format({"03/04/2019": 1, "11/12/2020": 1})
    assert best == "dd/mm/yyyy"
    assert "mm/dd/yyyy" in readable
    best, readable = detect_date_format({"03/31/2019": 1})
    assert best == "mm/dd/yyyy" and readable == ["mm/dd/yyyy"]
    assert detect_date_format({"not a date": 1}) == ("", [])


def apply(document, records):
    mapping = mp.from_document(document, COLUMNS)
    header = foreign.HEADINGS
    source = RowSource(header, iter((n, [r.get(h, "") for h in header]) for n, r in enumerate(records, 2)))
    out = mp.apply(mapping, COLUMNS, source)
    return out.header, list(out.rows)


def test_applying_a_mapping_gives_msp_rows_with_codes_and_iso_dates():
    record = foreign.rows(1)[0] | {
        "Abuse Type 1": "NEG",
        "Abuse Type 2": "FIN",
        "Abuse Type 3": "",
        "DOB": "14-May-1938",
        "Referral Date": "03/04/2019 14:30",
        "Sex": "F",
    }
    header, rows = apply(foreign.document(), [record])
    number, cells = rows[0]
    row = dict(zip(header, cells, strict=True))
    assert number == 2
    assert row["risk_types"] == "neglect; financial"  # two headings, one column, blanks left out
    assert row["date_of_birth"] == "1938-05-14"
    assert row["received_at"] == "03/04/2019 14:30"  # already as MSP reads it: passed on unchanged
    assert row["gender"] == "female"
    assert row["external_person_id"] == record["Client ID"]


def test_a_confirmed_month_first_format_with_a_12_hour_clock_is_converted():
    document = foreign.document()
    document["columns"]["received_at"]["date_format"] = "mm/dd/yyyy"
    header, rows = apply(document, [foreign.rows(1)[0] | {"Referral Date": "04/13/2019 2:30 PM"}])
    assert dict(zip(header, rows[0][1], strict=True))["received_at"] == "2019-04-13 14:30:00"


def test_a_fixed_value_fills_every_row_and_blank_means_not_recorded():
    document = foreign.document()
    document["columns"]["outcomes_asked"] = {"value": "Not recorded"}
    document["values"]["location"]["Hospital - Acute"] = ""
    header, rows = apply(document, [foreign.rows(1)[0] | {"Location of Abuse": "Hospital - Acute"}])
    row = dict(zip(header, rows[0][1], strict=True))
    assert row["outcomes_asked"] == "Not recorded"
    assert row["location"] == ""


def test_values_neither_mapped_nor_msp_labels_are_listed_with_counts():
    document = foreign.document()
    del document["values"]["risk_types"]["NEG"]
    mapping = mp.from_document(document, COLUMNS)
    distinct = {"Abuse Type 1": {"NEG": 4, "Neglect and acts of omission": 2}, "Abuse Type 2": {"NEG": 1}}
    assert mp.unmapped_values(mapping, COLUMNS, distinct) == {"risk_types": {"NEG": 5}}


def test_suggested_values_keep_what_the_mapping_says():
    document = foreign.document()
    document["values"]["location"]["Care Home - Nursing"] = "other"  # the council's own choice
    mapping = mp.from_document(document, COLUMNS)
    found = suggest_values(mapping, COLUMNS, {"Location of Abuse": {"Care Home - Nursing": 3, "Lane": 1}})
    assert found["location"] == {"Care Home - Nursing": (3, "other"), "Lane": (1, None)}


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_a_mapping_round_trips_through_its_document(kind):
    mapping = mp.from_document(foreign.document(), COLUMNS)
    text = mapping.dumps(kind)
    parsed = json.loads(text) if kind == "json" else yaml.safe_load(text)
    assert parsed["format"] == "msp-extract-mapping"
    again = mp.loads(text, COLUMNS)
    assert again.to_document() == mapping.to_document()
    assert again.columns["risk_types"].headings == ["Abuse Type 1", "Abuse Type 2", "Abuse Type 3"]


def test_a_wrong_document_says_every_problem():
    document = foreign.document()
    document["columns"]["favourite_colour"] = {"heading": "Colour"}
    document["columns"]["received_at"]["date_format"] = "whenever"
    document["columns"]["gender"] = {"headings": ["Sex", "Gender"]}
    document["values"]["location"]["Shed"] = "garden_shed"
    with pytest.raises(mp.MappingError) as caught:
        mp.from_document(document, COLUMNS)
    said = "\n".join(caught.value.problems)
    assert "`favourite_colour` is not an MSP import column" in said
    assert "date_format `whenever`" in said
    assert "columns.gender: only a column of several values may take several headings" in said
    assert "'Shed' maps to `garden_shed`, which is not an option" in said
    with pytest.raises(mp.MappingError, match="not an MSP extract mapping"):
        mp.loads("just: words", COLUMNS)
    with pytest.raises(mp.MappingError, match="not JSON or YAML"):
        mp.loads("{unclosed", COLUMNS)


def test_headings_the_file_lacks_are_refused_before_any_row():
    mapping = mp.from_document(foreign.document(), COLUMNS)
    problems = mp.missing_headings(mapping, [h for h in foreign.HEADINGS if h != "Referral Date"])
    assert [(p.column, p.heading, p.rule) for p in problems] == [
        ("received_at", "Referral Date", "mapped_heading_missing")
    ]
