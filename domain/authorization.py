"""The authorization matrix: operation × role → the objects that role may touch.

This table is the single source of truth: services check it, every API route declares its
operation, and a test walks every route against every role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from domain.errors import Forbidden, Param, Refusal
from domain.principal import Principal
from domain.values import Role


class Scope(StrEnum):
    ALL = "all"
    OWN_ESTABLISHMENT = "own_establishment"  # objects of the caller's establishment
    OWN_PROJECT = "own_project"  # projects the caller manages
    SELF = "self"  # the caller's own records (person, tokens, time sheets)
    BODY_MEMBER = "body_member"  # reviews of governance bodies the caller sits on
    BODY_CHAIR = "body_chair"  # reviews of governance bodies the caller chairs
    OWN_TEAM = "own_team"  # people and services of teams the caller leads


class Operation(StrEnum):
    PORTFOLIO_READ = "portfolio.read"
    PROJECT_READ = "project.read"
    PROJECT_REGISTER = "project.register"
    PROJECT_UPDATE = "project.update"
    PROJECT_REASSIGN = "project.reassign"
    REFERENCE_READ = "reference.read"
    REFERENCE_MANAGE = "reference.manage"
    PERSON_READ = "person.read"
    PERSON_MANAGE = "person.manage"
    ROLE_MANAGE = "role.manage"
    TOKEN_ISSUE = "token.issue"  # noqa: S105 - an operation name, not a secret
    TOKEN_REVOKE = "token.revoke"  # noqa: S105
    GOVERNANCE_READ = "governance.read"  # bodies, gate reviews, decisions, rule sets
    BODY_MANAGE = "body.manage"
    RULESET_ADOPT = "ruleset.adopt"
    DELIVERABLE_SUBMIT = "deliverable.submit"
    REVIEW_REQUEST = "review.request"  # a gate, or a suspension / resumption / abandonment
    REVIEW_WITHDRAW = "review.withdraw"
    REVIEW_SCHEDULE = "review.schedule"
    REVIEW_CONDUCT = "review.conduct"  # open the meeting, record attendance
    REVIEW_VOTE = "review.vote"
    REVIEW_DECIDE = "review.decide"
    CONDITION_LIFT = "condition.lift"
    PASSWORD_SET = "password.set"  # noqa: S105
    # Web pages: operations of their own where no API operation says the same
    PAGE_COMMITTEE = "committee_desk.read"  # the committee desk: reviews awaiting one's bodies
    PAGE_AUDIT = "audit_pages.read"  # the auditor's pages (decision register)
    DATA_IMPORT = "data.import"  # the spreadsheet import (each row is then checked as a command)
    TEAM_READ = "team.read"
    TEAM_MANAGE = "team.manage"
    TIMESHEET_READ = "timesheet.read"
    TIMESHEET_RECORD = "timesheet.record"
    TIMESHEET_VALIDATE = "timesheet.validate"
    TIMESHEET_IMPORT = "timesheet.import"
    MCO_SERVICE_MANAGE = "mco_service.manage"
    MCO_SERVICE_MEASURE = "mco_service.measure"
    REPORT_READ = "report.read"
    # issue 11: personal data (GDPR)
    PERSON_ERASE = "person.erase"  # erase a person's personal data
    PERSON_EXPORT = "person.export"  # everything held about a person (subject access)
    RETENTION_APPLY = "retention.apply"  # erase time-sheet detail past the retention period
    # issue 4: audit trail, hash chain head, decision replay; the event feed for other systems
    AUDIT_READ = "audit.read"
    EVENTS_READ = "events.read"
    # issue 6: escalations (project assistance), governance rules' what-if
    ESCALATION_READ = "escalation.read"
    ESCALATION_MANAGE = "escalation.manage"  # open by hand, assign an assistant, close, cancel
    ESCALATION_RESPOND = "escalation.respond"  # acknowledge, agree the action plan, monitor
    RULES_WHAT_IF = "what_if.read"  # replay the history under another rule set (reads only)
    # issue 7: prioritisation and arbitration
    PROJECT_SCORE = "project.score"  # record a project's priority scores
    SCENARIO_MANAGE = "scenario.manage"  # build a scenario and present it to the decision body
    SCENARIO_ARBITRATE = "scenario.arbitrate"  # accept, amend or reject a presented scenario


# A role may hold several scopes for one operation (a project manager validates time on the
# projects they manage and of the team they lead).
Scopes = Scope | tuple[Scope, ...]

_EVERY_ROLE_READS = dict.fromkeys(Role, Scope.ALL)
_PROJECT_WRITERS: dict[Role, Scopes] = {
    Role.ADMIN: Scope.ALL,
    Role.PMO: Scope.ALL,
    Role.PROJECT_MANAGER: Scope.OWN_PROJECT,
}
_GROUP_WIDE: dict[Role, Scopes] = {Role.ADMIN: Scope.ALL, Role.PMO: Scope.ALL}

MATRIX: dict[Operation, Mapping[Role, Scopes]] = {
    Operation.PORTFOLIO_READ: _EVERY_ROLE_READS,
    Operation.PROJECT_READ: _EVERY_ROLE_READS,
    Operation.PROJECT_REGISTER: {
        Role.ADMIN: Scope.ALL,
        Role.PMO: Scope.ALL,
        Role.PROJECT_MANAGER: Scope.OWN_PROJECT,
    },
    Operation.PROJECT_UPDATE: {
        Role.ADMIN: Scope.ALL,
        Role.PMO: Scope.ALL,
        Role.PROJECT_MANAGER: Scope.OWN_PROJECT,
    },
    Operation.PROJECT_REASSIGN: {Role.ADMIN: Scope.ALL, Role.PMO: Scope.ALL},
    Operation.REFERENCE_READ: _EVERY_ROLE_READS,
    Operation.REFERENCE_MANAGE: {Role.ADMIN: Scope.ALL},
    Operation.PERSON_READ: {
        Role.ADMIN: Scope.ALL,
        Role.PMO: Scope.ALL,
        Role.AUDITOR: Scope.ALL,
        Role.PROJECT_MANAGER: Scope.ALL,
        Role.COMMITTEE_MEMBER: Scope.ALL,
        Role.STAFF: Scope.SELF,
    },
    Operation.PERSON_MANAGE: {Role.ADMIN: Scope.ALL},
    Operation.ROLE_MANAGE: {Role.ADMIN: Scope.ALL},
    # People renew or revoke their own tokens; auditors write nothing, so an admin issues theirs.
    Operation.TOKEN_ISSUE: {Role.ADMIN: Scope.ALL}
    | {role: Scope.SELF for role in Role if role not in (Role.ADMIN, Role.AUDITOR)},
    Operation.TOKEN_REVOKE: {Role.ADMIN: Scope.ALL}
    | {role: Scope.SELF for role in Role if role not in (Role.ADMIN, Role.AUDITOR)},
    Operation.GOVERNANCE_READ: _EVERY_ROLE_READS,
    Operation.BODY_MANAGE: {Role.ADMIN: Scope.ALL, Role.PMO: Scope.ALL},
    Operation.RULESET_ADOPT: {Role.ADMIN: Scope.ALL},
    Operation.DELIVERABLE_SUBMIT: _PROJECT_WRITERS,
    Operation.REVIEW_REQUEST: _PROJECT_WRITERS,
    Operation.REVIEW_WITHDRAW: _PROJECT_WRITERS,
    Operation.REVIEW_SCHEDULE: {Role.ADMIN: Scope.ALL, Role.PMO: Scope.ALL},
    Operation.REVIEW_CONDUCT: {Role.PMO: Scope.ALL, Role.COMMITTEE_MEMBER: Scope.BODY_CHAIR},
    # Votes and decisions are the body's own: no administrator or PMO casts them.
    Operation.REVIEW_VOTE: {Role.COMMITTEE_MEMBER: Scope.BODY_MEMBER},
    Operation.REVIEW_DECIDE: {Role.COMMITTEE_MEMBER: Scope.BODY_CHAIR},
    Operation.CONDITION_LIFT: {Role.PMO: Scope.ALL, Role.COMMITTEE_MEMBER: Scope.BODY_MEMBER},
    # An administrator sets anyone's (initial) password; people change their own.
    Operation.PASSWORD_SET: {Role.ADMIN: Scope.ALL}
    | {role: Scope.SELF for role in Role if role not in (Role.ADMIN, Role.AUDITOR)},
    Operation.PAGE_COMMITTEE: {Role.COMMITTEE_MEMBER: Scope.BODY_MEMBER},
    Operation.PAGE_AUDIT: {Role.AUDITOR: Scope.ALL, Role.PMO: Scope.ALL, Role.ADMIN: Scope.ALL},
    Operation.DATA_IMPORT: _PROJECT_WRITERS,
    Operation.TEAM_READ: _EVERY_ROLE_READS,
    Operation.TEAM_MANAGE: _GROUP_WIDE,
    # Time sheets are personal data: people see their own, those who validate them see them,
    # the PMO and auditors see all.
    Operation.TIMESHEET_READ: _GROUP_WIDE
    | {
        Role.AUDITOR: Scope.ALL,
        Role.PROJECT_MANAGER: (Scope.SELF, Scope.OWN_PROJECT, Scope.OWN_TEAM),
        Role.STAFF: (Scope.SELF, Scope.OWN_TEAM),
    },
    # People enter their own time; the PMO and administrators may enter it for others (the
    # events say so).
    Operation.TIMESHEET_RECORD: _GROUP_WIDE
    | {Role.PROJECT_MANAGER: Scope.SELF, Role.STAFF: Scope.SELF},
    Operation.TIMESHEET_VALIDATE: _GROUP_WIDE
    | {
        Role.PROJECT_MANAGER: (Scope.OWN_PROJECT, Scope.OWN_TEAM),
        Role.STAFF: Scope.OWN_TEAM,
    },
    Operation.TIMESHEET_IMPORT: _GROUP_WIDE,
    Operation.MCO_SERVICE_MANAGE: _GROUP_WIDE,
    Operation.MCO_SERVICE_MEASURE: _GROUP_WIDE
    | {Role.PROJECT_MANAGER: Scope.OWN_TEAM, Role.STAFF: Scope.OWN_TEAM},
    # Reports show figures per team, establishment, project or service, never per person.
    Operation.REPORT_READ: _EVERY_ROLE_READS,
    # issue 11: personal data (GDPR): administrators only
    Operation.PERSON_ERASE: {Role.ADMIN: Scope.ALL},
    Operation.PERSON_EXPORT: {Role.ADMIN: Scope.ALL},
    Operation.RETENTION_APPLY: {Role.ADMIN: Scope.ALL},
    # issue 4: auditors, the PMO and administrators read the audit views and the event feed;
    # nobody writes them.
    Operation.AUDIT_READ: {Role.AUDITOR: Scope.ALL, Role.PMO: Scope.ALL, Role.ADMIN: Scope.ALL},
    Operation.EVENTS_READ: {Role.AUDITOR: Scope.ALL, Role.PMO: Scope.ALL, Role.ADMIN: Scope.ALL},
    # issue 6: the PMO runs project assistance; a project's manager answers for their own
    # projects; escalations are read like the portfolio; the what-if replay reads the whole
    # history, so it is for the PMO, administrators and auditors.
    Operation.ESCALATION_READ: _EVERY_ROLE_READS,
    Operation.ESCALATION_MANAGE: _GROUP_WIDE,
    Operation.ESCALATION_RESPOND: _PROJECT_WRITERS,
    Operation.RULES_WHAT_IF: _GROUP_WIDE | {Role.AUDITOR: Scope.ALL},
    # issue 7: the PMO scores projects and builds scenarios; the chair of the decision body a
    # scenario is presented to arbitrates it.
    Operation.PROJECT_SCORE: _GROUP_WIDE,
    Operation.SCENARIO_MANAGE: {Role.PMO: Scope.ALL},
    Operation.SCENARIO_ARBITRATE: {Role.COMMITTEE_MEMBER: Scope.BODY_CHAIR},
}


@dataclass(frozen=True)
class Target:
    """What the matrix needs to know about the object an operation touches."""

    manager_id: UUID | None = None
    establishment: str | None = None
    owner_id: UUID | None = None
    body_member_ids: frozenset[UUID] = field(default_factory=frozenset)
    body_chair_id: UUID | None = None
    team_lead_ids: frozenset[UUID] = field(default_factory=frozenset)


def scopes_of(principal: Principal, operation: Operation) -> list[Scope]:
    allowed = MATRIX[operation]
    scopes: list[Scope] = []
    for role in principal.roles:
        granted = allowed.get(role, ())
        scopes += [granted] if isinstance(granted, Scope) else granted
    return scopes


def _scope_allows(scope: Scope, principal: Principal, target: Target) -> bool:
    match scope:
        case Scope.ALL:
            return True
        case Scope.OWN_ESTABLISHMENT:
            return (
                target.establishment is not None and target.establishment == principal.establishment
            )
        case Scope.OWN_PROJECT:
            return target.manager_id is not None and target.manager_id == principal.person_id
        case Scope.SELF:
            return target.owner_id is not None and target.owner_id == principal.person_id
        case Scope.BODY_MEMBER:
            return principal.person_id in target.body_member_ids
        case Scope.BODY_CHAIR:
            return target.body_chair_id is not None and target.body_chair_id == principal.person_id
        case Scope.OWN_TEAM:
            return principal.person_id in target.team_lead_ids


def may(principal: Principal, operation: Operation, target: Target | None = None) -> bool:
    scopes = scopes_of(principal, operation)
    if target is None:
        return bool(scopes)
    return any(_scope_allows(scope, principal, target) for scope in scopes)


def authorize(principal: Principal, operation: Operation, target: Target | None = None) -> None:
    """Raise Forbidden unless the principal may perform the operation (on the target)."""
    if may(principal, operation, target):
        return
    names = tuple(sorted(r.value for r in principal.roles))
    roles = ", ".join(names) or "no role"
    scopes = tuple(sorted({s.value for s in scopes_of(principal, operation)}))
    params: dict[str, Param] = {"roles": names, "operation": operation.value, "scopes": scopes}
    if not scopes:
        raise Forbidden(
            f"{roles} may not perform {operation.value}",
            code=Refusal.OPERATION_FORBIDDEN, params=params,
        )  # fmt: skip
    raise Forbidden(
        f"{roles} may perform {operation.value} only on {_describe(principal, operation)}",
        code=Refusal.SCOPE_FORBIDDEN, params=params,
    )  # fmt: skip


def _describe(principal: Principal, operation: Operation) -> str:
    words = {
        Scope.OWN_ESTABLISHMENT: "objects of their own establishment",
        Scope.OWN_PROJECT: "projects they manage",
        Scope.SELF: "their own records",
        Scope.BODY_MEMBER: "reviews of bodies they sit on",
        Scope.BODY_CHAIR: "reviews of bodies they chair",
        Scope.OWN_TEAM: "the teams they lead",
        Scope.ALL: "any object",
    }
    return " or ".join(sorted({words[s] for s in scopes_of(principal, operation)}))


def roles_allowed(operation: Operation) -> Iterable[Role]:
    return MATRIX[operation].keys()
