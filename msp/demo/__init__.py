"""Demo data for a local try-out (`msp demo_load`): it uses every domain app, so it sits above them all."""
