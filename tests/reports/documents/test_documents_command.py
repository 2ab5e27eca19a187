"""`msp tempcheck_report`: one report, or all of them, in a format, with progress on stderr."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.reports.documents.conftest import docx_open, html_text

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("tempcheck_report", "--wave", "2016", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_a_regions_report_and_shows_progress(wave2016, tmp_path):
    path = tmp_path / "london.html"
    out, err = run("--format", "html", "--region", "london", "--out", str(path))
    assert f"Wrote {path}" in out
    assert "London: 1/12 sections (Foreword)" in err
    assert "London: 2/12 sections (Background and method)" in err
    assert "London: 12/12 sections" in err and "writing HTML" in err
    assert "Regional report: London" in html_text(path.read_bytes())


def test_it_writes_the_national_report_as_word(wave2016, tmp_path):
    path = tmp_path / "england.docx"
    run("--format", "docx", "--out", str(path))
    document = docx_open(path.read_bytes())
    assert document.paragraphs[2].text == "National report"
    assert len(document.inline_shapes) == 4


def test_it_writes_all_ten_reports_into_a_folder(wave2016, tmp_path):
    out, err = run("--format", "html", "--all-regions", "--out", str(tmp_path))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 10
    assert "tempcheck-2016-england.html" in files and "tempcheck-2016-north-east.html" in files
    assert "Report 1/10: England" in err and "Report 10/10: Yorkshire and The Humber" in err
    assert out.count("Wrote ") == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "html", "--region", "Atlantis", "--out", "/tmp/x.html"],
            "There is no region called 'Atlantis'",
        ),
        (
            ["--format", "html", "--all-regions", "--out", "/tmp/not-a-folder.html"],
            "must be an existing folder",
        ),
        (["--format", "all", "--out", "/tmp/not-a-folder.html"], "must be an existing folder"),
        (["--format", "pdf", "--out", "/no/such/folder/x.pdf"], "does not exist"),
    ],
)
def test_it_explains_what_is_wrong(wave2016, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_it_refuses_a_wave_without_interviews(db):
    with pytest.raises(CommandError, match="There is no wave '2014-15' with interviews"):
        call_command("tempcheck_report", "--wave", "2014-15", "--format", "html", "--out", "/tmp/x.html")


def test_too_few_interviews_in_all_give_a_report_without_figures(wave2016, tmp_path):
    path = tmp_path / "england.html"
    run("--format", "html", "--threshold", "500", "--out", str(path))
    text = html_text(path.read_bytes())
    assert "too few submitted interviews" in text.lower()
    assert "Table 4" not in text and "115" not in text
