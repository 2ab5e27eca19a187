"""Fixtures for extract imports: two councils, their data officers and leads."""

import pytest

from msp.accounts.models import Role
from tests.cases_import.conftest import make_council
from tests.conftest import make_user


@pytest.fixture
def council(db):
    return make_council("E06999901", "Fernleigh")


@pytest.fixture
def other_council(db):
    return make_council("E06999902", "Hollowmere")


@pytest.fixture
def officer(council):
    return make_user("officer", Role.DATA_OFFICER, council)


@pytest.fixture
def other_officer(other_council):
    return make_user("other_officer", Role.DATA_OFFICER, other_council)
