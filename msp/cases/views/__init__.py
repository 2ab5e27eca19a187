"""Case pages: thin views over the selectors and services, one module per area."""
