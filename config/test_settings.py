"""Settings for the test suite: the development mode the tests ask for, then the project's own settings."""

import os

os.environ.setdefault("MSP_DEBUG", "1")

from config.settings import *  # noqa: F403
