"""Parts of pages as lists of templates, in order: where a new capability adds its part of
the dashboard or of the project page."""

from __future__ import annotations

# Included in the dashboard's filter form, after the filters.
DASHBOARD_CONTROLS: list[str] = ["portfolio/_as_of.html", "portfolio/_changes_since.html"]

# Sections of the project page, in order.
PROJECT_SECTIONS: list[str] = [
    "project/_charter.html",
    "project/_timeline.html",
    "project/_deliverables.html",
    "project/_budget.html",
    "project/_time_chart.html",
    "project/_milestones.html",
    "project/_risks.html",
    "project/_weather.html",
    "project/_history.html",
]
