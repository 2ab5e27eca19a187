"""Template tags for the analysis pages."""
