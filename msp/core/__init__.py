"""Site-wide pieces: the page layout, GOV.UK form rendering, home page and pure helpers."""
