"""Parts of pages as lists of templates, in order: the extension points where the pages of
issues 4, 5 and 6 plug in once merged (see api/web/navigation.py for what goes where)."""

from __future__ import annotations

# Included in the dashboard's filter form, after the filters. Issue 4 adds
# "portfolio/_as_of.html" (the "as of" date picker) and "portfolio/_changes_since.html".
DASHBOARD_CONTROLS: list[str] = ["portfolio/_as_of.html", "portfolio/_changes_since.html"]

# Sections of the project page, in order. Issue 4 adds "project/_audit_trail.html" at the end.
PROJECT_SECTIONS: list[str] = [
    "project/_charter.html",
    "project/_timeline.html",
    "project/_deliverables.html",
    "project/_budget.html",
    "project/_time_chart.html",
    "project/_milestones.html",
    "project/_risks.html",
    "project/_weather.html",
]
