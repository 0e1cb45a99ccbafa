"""Entry points: the HTTP API (FastAPI), the `jalon` CLI and the web pages. They translate and
delegate to the application services; queries read the views."""
