"""The web pages: server-rendered (Jinja2), enhanced with htmx, French and English."""
