"""Each build project's effort plan: hours per month, made by its manager shortly after
registration (some a little optimistic, some generous), re-planned half-way for a third."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, time
from decimal import Decimal
from functools import partial

from demo.projects import DemoProject
from demo.timeline import Timeline
from demo.timesheets import WeekSheet
from domain.calendar import Month
from domain.values import ProjectKind
from infrastructure.bootstrap import Jalon

DEFAULT_MONTHLY_HOURS = Decimal(80)


def booked_hours(sheets: list[WeekSheet]) -> dict[str, dict[Month, Decimal]]:
    """Hours per project and month (weeks split by working days, as the views do)."""
    booked: dict[str, dict[Month, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for sheet in sheets:
        split = sheet.week.working_days_by_month()
        for project, _, hours in sheet.corrected or sheet.lines:
            for month, days in split.items():
                booked[project.code][month] += hours * days / 5
    return booked


def _plan(actual: dict[Month, Decimal], months: list[Month], factor: Decimal) -> dict[str, str]:
    known = [h for h in actual.values() if h > 0]
    typical = sum(known, Decimal(0)) / len(known) if known else DEFAULT_MONTHLY_HOURS
    planned = {}
    for index, month in enumerate(months):
        window = months[max(index - 1, 0) : index + 2]
        smooth = sum((actual.get(m, typical) for m in window), Decimal(0)) / len(window)
        hours = (smooth * factor / 4).to_integral_value() * 4  # whole 4-hour blocks
        planned[str(month)] = str(max(hours, Decimal(4)))
    return planned


def schedule_plans(
    jalon: Jalon,
    timeline: Timeline,
    rng: random.Random,
    projects: list[DemoProject],
    sheets: list[WeekSheet],
    last: Month,
) -> None:
    booked = booked_hours(sheets)
    for project in projects:
        if project.kind is not ProjectKind.BUILD:
            continue
        registered = max(project.start, last.plus(-40))
        months = [project.start]
        while months[-1] < project.end:
            months.append(months[-1].next())
        actual = booked.get(project.code, {})
        factor = Decimal(str(round(rng.uniform(0.75, 1.3), 2)))
        plan = partial(jalon.effort_plans.plan, project.manager.principal, project.id)
        first_plan = _plan(actual, months, factor)
        timeline.at(
            datetime.combine(registered.first_day.replace(day=20), time(11), timeline.zone),
            partial(plan, months=first_plan, reason="plan de charge initial"),
        )
        if rng.random() < 0.33 and len(months) > 6:
            half = months[len(months) // 2 :]
            if project.stops is not None and half[0].previous() >= project.stops.plus(-1):
                continue  # abandoned before its re-plan
            revised = _plan(actual, half, Decimal(str(round(rng.uniform(0.95, 1.1), 2))))
            changed = {m: h for m, h in revised.items() if first_plan.get(m) != h}
            if changed and max(registered, half[0].previous()) <= last:
                timeline.at(
                    datetime.combine(
                        max(registered.next(), half[0].previous()).first_day.replace(day=25),
                        time(11),
                        timeline.zone,
                    ),
                    partial(plan, months=changed, reason="replanification à mi-parcours"),
                )
