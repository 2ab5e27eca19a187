"""Tests for coding open answers (msp.coding)."""
