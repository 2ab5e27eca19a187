"""Tests of the temperature check tables, findings, downloads and analysis pages."""
