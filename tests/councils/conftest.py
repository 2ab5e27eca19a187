"""Fixtures for the councils tests: the reference data as plain records, and a database that holds it."""

import shutil

import pytest

from msp.councils.reference_data import DATA_DIR, reference_data_read
from msp.councils.resolver import CouncilResolver


@pytest.fixture(scope="session")
def reference_data():
    return reference_data_read()


@pytest.fixture(scope="session")
def records(reference_data):
    """Councils as plain mappings, with successor names, for resolver tests that need no database."""
    names = {c.gss_code: c.name for c in reference_data.councils}
    return [
        {
            "gss_code": c.gss_code,
            "name": c.name,
            "short_name": c.short_name,
            "valid_from": c.valid_from,
            "valid_to": c.valid_to,
            "aliases": c.aliases,
            "successor_names": [names[s] for s in c.successor_gss_codes],
        }
        for c in reference_data.councils
    ]


@pytest.fixture(scope="session")
def resolver(records):
    return CouncilResolver(records)


@pytest.fixture
def councils_db(db):
    """The migration loads the councils; a transactional test may have flushed them since, so reload if so."""
    from msp.councils.models import Council
    from msp.councils.services import councils_load

    if not Council.objects.exists():
        councils_load()


@pytest.fixture
def data_dir(tmp_path):
    """A writable copy of the reference files, for tests that break or change them."""
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path
