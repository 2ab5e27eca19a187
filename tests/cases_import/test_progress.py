"""Progress on long runs: a bar on a terminal, nothing when the output goes to a file or a pipe."""

import io

import pytest
from django.core.management import call_command

from msp.cases.importing import import_file
from msp.cases.management.commands.cases_import import ProgressBar
from tests.cases_import.conftest import GOOD, SIGNPOSTED, csv_bytes, row


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_in_place_on_a_terminal_and_cleared_at_the_end():
    screen = Terminal()
    bar = ProgressBar(screen, every=0)
    bar("Checking", 50, 100)
    bar("Writing", 100, 100)
    bar.close()

    drawn = screen.getvalue()
    assert bar.wanted and "Checking" in drawn and " 50%" in drawn and "100%" in drawn
    assert "\n" not in drawn and drawn.endswith("\r")


def test_no_bar_is_wanted_when_the_output_is_not_a_terminal():
    assert not ProgressBar(io.StringIO()).wanted


@pytest.mark.django_db
def test_the_import_says_how_far_it_has_got(council):
    seen = []
    rows = [row(), {**GOOD, **SIGNPOSTED}]
    import_file(name="extract.csv", data=csv_bytes(rows), council=council, progress=lambda *a: seen.append(a))

    stages = [stage for stage, _, _ in seen]
    assert stages[0] == "Checking" and stages[-1] == "Writing"
    assert seen[-1][1] == seen[-1][2]  # written to the end


@pytest.mark.django_db
def test_the_command_prints_only_its_result_when_not_on_a_terminal(tmp_path, council, capsys):
    path = tmp_path / "extract.csv"
    path.write_bytes(csv_bytes([GOOD]))
    out = io.StringIO()
    call_command("cases_import", str(path), "--council", "E06999901", stdout=out)

    assert "Imported 1 concerns" in out.getvalue()
    assert capsys.readouterr().err == ""
