"""The portfolio's life-cycle columns: phase (and since when), the gate under review and
its status, and the conditions still open. Kept by handlers added to the portfolio view."""

from __future__ import annotations

from infrastructure.database import Cursor
from infrastructure.sqlvalues import date_text, timestamp_text
from projections.events import RecordedEvent
from projections.portfolio import Handler, PortfolioProjection


def add_gate_columns(portfolio: PortfolioProjection) -> PortfolioProjection:
    # Project events that change no column still bump the row's version.
    for name in ("DeliverableSubmitted", "DecisionRequested", "DecisionClosed"):
        portfolio.add_handler(f"Project.{name}", _nothing)
    portfolio.add_handler("Project.PhaseChanged", _phase_changed)
    portfolio.add_handler("GateReview.Requested", _requested)
    portfolio.add_handler("GateReview.Scheduled", _scheduled)
    portfolio.add_handler("GateReview.Rescheduled", _scheduled)
    portfolio.add_handler("GateReview.SessionOpened", _status("under_review"))
    portfolio.add_handler("GateReview.Deferred", _deferred)
    portfolio.add_handler("GateReview.Decided", _decided)
    portfolio.add_handler("GateReview.Withdrawn", _status("withdrawn"))
    portfolio.add_handler("GateReview.ConditionLifted", _condition_lifted)
    return portfolio


def _nothing(cursor: Cursor, event: RecordedEvent) -> None:
    return None


def _phase_changed(cursor: Cursor, event: RecordedEvent) -> None:
    cursor.execute(
        "UPDATE portfolio_projects SET phase=%s, phase_since=%s WHERE project_id=%s",
        (event.data["phase"], timestamp_text(event.timestamp), event.object_id),
    )


def _requested(cursor: Cursor, event: RecordedEvent) -> None:
    cursor.execute(
        "UPDATE portfolio_projects SET gate_review_id=%s, gate_subject=%s, gate_status=%s, "
        "gate_meeting_date=NULL WHERE project_id=%s",
        (
            event.object_id,
            event.data["subject"],
            "requested",
            str(event.data["project_id"]),
        ),
    )


def _set_review(cursor: Cursor, event: RecordedEvent, status: str, meeting: str | None) -> None:
    assignments = "gate_status=%s" + (", gate_meeting_date=%s" if meeting else "")
    values = (status, meeting) if meeting else (status,)
    cursor.execute(
        f"UPDATE portfolio_projects SET {assignments} WHERE gate_review_id=%s",  # noqa: S608
        (*values, event.object_id),
    )


def _scheduled(cursor: Cursor, event: RecordedEvent) -> None:
    _set_review(cursor, event, "scheduled", date_text(event.data["meeting_date"]))


def _deferred(cursor: Cursor, event: RecordedEvent) -> None:
    _set_review(cursor, event, "deferred", date_text(event.data["new_date"]))


def _status(status: str) -> Handler:
    def handler(cursor: Cursor, event: RecordedEvent) -> None:
        _set_review(cursor, event, status, None)

    return handler


def _decided(cursor: Cursor, event: RecordedEvent) -> None:
    _set_review(cursor, event, event.data["outcome"], None)
    cursor.execute(
        "UPDATE portfolio_projects SET open_conditions=open_conditions + %s WHERE project_id=%s",
        (len(event.data["conditions"]), str(event.data["project_id"])),
    )


def _condition_lifted(cursor: Cursor, event: RecordedEvent) -> None:
    cursor.execute(
        "UPDATE portfolio_projects SET open_conditions=open_conditions - 1 WHERE project_id=%s",
        (str(event.data["project_id"]),),
    )
