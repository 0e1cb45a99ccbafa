"""Charts of the project page, drawn on the server as SVG with pygal (no JavaScript, nothing
fetched from the internet): the monthly weather history and the budget by year. Each chart
has a data table beside it on the page, its text alternative."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pygal
from pygal.style import Style

from api.web.i18n import Formats

SEVERITY = {"green": 0, "yellow": 1, "orange": 2, "red": 3}
DIMENSIONS = ("quality", "cost", "deadline", "risk")

_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#5a5a5a",
    font_family="system-ui, 'Segoe UI', Roboto, Arial, sans-serif",
    colors=("#0b4f9c", "#b35c00", "#1e6b30", "#8e1b5c"),
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)


def _config(**options: Any) -> dict[str, Any]:
    # js=[]: pygal would otherwise link its tooltip script from the internet.
    return {"style": _STYLE, "js": [], "width": 900, "height": 360, "legend_at_bottom": True,
            "x_label_rotation": 30, **options}  # fmt: skip


def weather_history(
    reports: Sequence[dict[str, Any]],
    fmt: Formats,
    gettext: Callable[[str], str],
    weather_words: dict[str, str],
    dimension_words: dict[str, str],
) -> bytes:
    """One line per QCDR dimension over the months, from sunny (0) to stormy (3); `reports`
    are the current (not superseded) reports, oldest first."""
    chart = pygal.Line(
        **_config(
            title=gettext("Monthly weather"),
            range=(0, 3),
            dots_size=3,
            y_labels=[{"label": weather_words[w], "value": v} for w, v in SEVERITY.items()],
        )
    )
    chart.x_labels = [fmt.month_short(r["month"]) for r in reports]
    for dimension in DIMENSIONS:
        chart.add(dimension_words[dimension], [SEVERITY[r["weather"][dimension]] for r in reports])
    return bytes(chart.render())


def budget_by_year(
    lines: Sequence[dict[str, Any]], fmt: Formats, gettext: Callable[[str], str]
) -> bytes:
    chart = pygal.Bar(
        **_config(
            title=gettext("Budget by year"),
            value_formatter=lambda v: fmt.money(Decimal(str(v))),
            x_label_rotation=0,
        )
    )
    chart.x_labels = [str(line["year"]) for line in lines]
    for key, words in (
        ("envelope", gettext("Approved envelope")),
        ("committed", gettext("Committed")),
        ("spent", gettext("Spent")),
        ("forecast", gettext("Forecast at completion")),
    ):
        chart.add(words, [float(line[key]) for line in lines])
    return bytes(chart.render())


def time_spent_vs_planned(
    months: Sequence[dict[str, Any]], fmt: Formats, gettext: Callable[[str], str]
) -> bytes:
    """A project's validated hours against its plan, month by month."""
    chart = pygal.Bar(
        **_config(title=gettext("Hours spent and planned"), value_formatter=fmt.number)
    )
    chart.x_labels = [fmt.month_short(m["month"]) for m in months]
    chart.add(gettext("Planned"), [float(m["planned_hours"]) for m in months])
    chart.add(gettext("Spent (validated)"), [float(m["spent_hours"]) for m in months])
    return bytes(chart.render())


def run_share_by_team(
    rows: Sequence[dict[str, Any]],
    months: Sequence[str],
    threshold: Decimal,
    fmt: Formats,
    gettext: Callable[[str], str],
) -> bytes:
    """Each team's monthly run share (percent), and the threshold above which it is flagged;
    a month without validated time is a gap in the team's line."""
    chart = pygal.Line(
        **_config(
            title=gettext("Run share per team"),
            range=(0, 100),
            height=460,
            dots_size=2,
            value_formatter=lambda v: fmt.percent(Decimal(str(v)) / 100),
            legend_at_bottom_columns=4,
        )
    )
    chart.x_labels = [fmt.month_short(m) for m in months]
    for row in rows:
        shares = {cell["month"]: cell["run_share"] for cell in row["trend"]["months"]}
        chart.add(row["name"], [_number(shares.get(m)) for m in months])
    chart.add(
        gettext("Threshold"),
        [float(threshold)] * len(months),
        show_dots=False,
        stroke_style={"dasharray": "6, 4", "width": 2},
    )
    return bytes(chart.render())


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
