"""The production cache, for tests that check it is shared (every other test has a cache of its own)."""

import uuid

import pytest

import config.settings as production


@pytest.fixture
def shared_cache(settings):
    """The cache table the server processes share, under a key prefix of this test's own."""
    settings.CACHES = {"default": {**production.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}
    from django.core.cache import caches

    return caches["default"]
