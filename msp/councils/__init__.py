"""Reference data: regions, councils (with reorganisations and aliases), Safeguarding Adults Boards."""
