"""Each log line is printed once: no logger has a console handler of its own on top of the root's."""

import logging

import pytest


def handlers_on_the_way_up(name: str) -> list[logging.Handler]:
    """The handlers a record logged on `name` reaches, as the logging module walks up the hierarchy."""
    found, logger = [], logging.getLogger(name)
    while logger:
        found += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]  # pytest's own
        if not logger.propagate:
            break
        logger = logger.parent
    return found


@pytest.mark.parametrize("name", ["django", "django.request", "django.security.csrf", "msp.requests", "msp"])
def test_a_line_reaches_one_handler(name):
    assert len(handlers_on_the_way_up(name)) == 1, handlers_on_the_way_up(name)
