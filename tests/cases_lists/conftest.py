"""The case tests' fixed cast (two councils, their staff, one of each kind of case), reused for the lists."""

from tests.cases.conftest import (  # noqa: F401 (fixtures, found by name)
    cast,
    council,
    lead,
    manager,
    other_council,
    outsider,
    outsider_manager,
    practitioner,
)
