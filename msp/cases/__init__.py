"""Outcome-focused safeguarding records: people, concerns, enquiries, outcomes and closure."""
