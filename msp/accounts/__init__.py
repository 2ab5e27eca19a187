"""Users, roles, council scope and the audit log."""
