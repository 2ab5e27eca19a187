"""Every option of every `msp` command says what it does in `--help`."""

from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

MSP = Path(__file__).resolve().parents[2] / "msp"
# Options every Django command has, with Django's own help.
DJANGO_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}
PROJECT_COMMANDS = sorted(
    (name, app) for name, app in get_commands().items() if app.startswith("msp.") and not name.startswith("_")
)


def test_the_project_has_commands():
    assert {"demo_load", "cases_import", "tempcheck_report", "tempcheck_generate"} <= {
        name for name, _ in PROJECT_COMMANDS
    }


@pytest.mark.parametrize(("name", "app"), PROJECT_COMMANDS, ids=[name for name, _ in PROJECT_COMMANDS])
def test_every_option_has_help(name, app):
    command = load_command_class(app, name)
    parser = command.create_parser("msp", name)
    assert (command.help or "").strip(), f"{name} says what it does"
    missing = [
        action.option_strings[0] if action.option_strings else action.dest
        for action in parser._actions
        if action.dest not in DJANGO_OPTIONS and not (action.help or "").strip()
    ]
    assert missing == [], f"{name}: options without help: {missing}"
