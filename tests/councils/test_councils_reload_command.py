"""`msp councils_reload`: reloads, says what changed, and refuses bad files with every problem listed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_it_reports_an_up_to_date_database(councils_db):
    out = StringIO()
    call_command("councils_reload", stdout=out)
    text = out.getvalue()
    assert "Councils: 163 (0 created, 0 updated)" in text
    assert "1 April 2016: 152, 1 April 2019: 151, 1 April 2021: 152, 1 April 2023: 153" in text
    assert "Already up to date." in text


def test_it_refuses_bad_files_and_lists_the_problems(councils_db, data_dir):
    path = data_dir / "regions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("E12000009,South West", "E12000009,"))
    with pytest.raises(CommandError) as caught:
        call_command("councils_reload", "--data-dir", str(data_dir), stdout=StringIO())
    assert "regions.csv, row 10, column `name`: '' must be 1 to 60 characters" in str(caught.value)
