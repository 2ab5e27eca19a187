#!/usr/bin/env python
"""Django's manage.py; `uv run msp` does the same."""

from msp.cli import main

if __name__ == "__main__":
    main()
