"""The interchange document lists every column of the 2016 instrument, so it cannot drift silently."""

from pathlib import Path

from msp.tempcheck.instrument import instrument_path, read_instrument

DOC = Path(__file__).resolve().parents[2] / "docs" / "interchange.md"


def test_the_interchange_doc_lists_every_column_and_option():
    text = DOC.read_text(encoding="utf-8")
    instrument = read_instrument(instrument_path("tc2016"))
    for code in instrument.column_codes():
        assert f"| `{code}` |" in text
    for item in instrument.items:
        for option in item.options:
            assert f"{option.label} (`{option.code}`)" in text


def test_the_interchange_doc_lists_the_columns_the_2017_schedule_adds():
    text = DOC.read_text(encoding="utf-8")
    for code in read_instrument(instrument_path("tc2017")).column_codes():
        assert f"| `{code}` |" in text
