"""The figures API, its tokens and the OpenAPI description of every JSON endpoint (figures and cases)."""
