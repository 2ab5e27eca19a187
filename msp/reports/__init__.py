"""Temperature check analysis: tables, findings, coded open answers and generated reports."""
