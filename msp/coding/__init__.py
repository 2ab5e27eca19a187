"""Open answers of the temperature check: codebooks of themes, coding by people, agreement and quotes."""
