"""Settings for the test suite: the development mode the tests ask for, then the project's own settings."""

import os

os.environ.setdefault("MSP_DEBUG", "1")

from config.settings import *  # noqa: F403

# Background work runs at once, inside the request or command that asks for it (a test of the worker's
# queue switches back to the database backend).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
