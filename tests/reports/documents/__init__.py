"""Tests of the generated temperature check reports (PDF, Word, HTML) and their pages."""
