"""Input and output models of the HTTP API, one module per area."""
