"""The domain's refusals in the page's language.

A refusal that carries a stable code (`domain.errors.Refusal`) and its parameters is said
again from this catalogue: its sentence and each word it is made of (states, steps, missing
requirements, roles, scopes) are catalogue keys, translated like the pages' other messages.
English pages show the domain's own sentence; a refusal without a code, or with a word the
catalogue does not know, is shown in English rather than half translated."""

from __future__ import annotations

from collections.abc import Callable

from api.web.i18n import N_
from api.web.labels import LABELS
from domain.errors import DomainError, Param, Refusal

Gettext = Callable[[str], str]

MESSAGES: dict[Refusal, str] = {
    Refusal.STEP_NOT_POSSIBLE: N_(
        "%(subject)s is %(state)s: %(step)s is possible only from %(sources)s "
        "(possible now: %(possible)s)"
    ),
    Refusal.STEP_MISSING: N_("%(subject)s is %(state)s: cannot %(step)s: missing %(missing)s"),
    Refusal.OPERATION_FORBIDDEN: N_("%(roles)s may not perform %(operation)s"),
    Refusal.SCOPE_FORBIDDEN: N_("%(roles)s may perform %(operation)s only on %(scopes)s"),
    Refusal.TEXT_EMPTY: N_("%(field)s cannot be empty"),
    Refusal.TEXT_TOO_LONG: N_("%(field)s is longer than %(max_length)s characters"),
    Refusal.STALE_VERSION: N_(
        "the object is at version %(current)s, not %(expected)s: reload it and try again"
    ),
    Refusal.UNKNOWN_PERSON: N_("%(field)s: unknown person"),
    Refusal.DISABLED_PERSON: N_("%(field)s: person #%(number)s is disabled"),
    Refusal.SAME_ASSISTANT: N_("this person is already the assistant"),
    Refusal.TOO_MANY_ACTIONS: N_("at most %(max)s actions"),
    Refusal.ACTION_OWNER_MISSING: N_("%(field)s: choose the action's owner"),
    Refusal.ACTION_DUE_INVALID: N_("%(field)s must be a date (YYYY-MM-DD), got %(value)s"),
    Refusal.FORM_EXPIRED: N_(
        "the form has expired or did not come from this site: reload the page"
    ),
}

SUBJECTS = {
    "escalation": N_("escalation %(ref)s"),
    "project": N_("project %(ref)s"),
    "gate_review": N_("the review of %(ref)s"),
}
STATES = {
    "escalation": LABELS["escalation_state"],
    "project": LABELS["phase"],
    "gate_review": LABELS["status"],
}
STEPS = {
    "acknowledge": N_("acknowledge"),
    "agree_action_plan": N_("agree the action plan"),
    "start_monitoring": N_("start monitoring"),
    "close": N_("close"),
    "cancel": N_("cancel"),
    "assign_assistant": N_("assign the assistant"),
    "schedule": N_("schedule"),
    "reschedule": N_("reschedule"),
    "open_session": N_("open the meeting"),
    "record_attendance": N_("record the attendance"),
    "vote": N_("vote"),
    "approve": N_("approve"),
    "reject": N_("reject"),
    "defer": N_("defer"),
    "withdraw": N_("withdraw"),
    "lift_condition": N_("lift a condition"),
    "pass_gate": N_("pass the gate"),
    "suspend": N_("suspend"),
    "resume": N_("resume"),
    "abandon": N_("abandon"),
}
REQUIREMENTS = {  # those whose words take no figure; the others stay in English
    "has_actions": N_("an action plan with at least one action"),
    "has_assistant": N_("an assistant assigned by the PMO"),
    "meeting_day_reached": N_("the meeting date"),
    "voter_present": N_("the voter's presence at the meeting"),
    "later_date": N_("a new meeting date after this one"),
    "condition_open": N_("an open condition to lift"),
    "approved_decision": N_("an approved decision"),
}
SCOPES = {
    "all": N_("any object"),
    "own_establishment": N_("objects of their own establishment"),
    "own_project": N_("projects they manage"),
    "self": N_("their own records"),
    "body_member": N_("reviews of bodies they sit on"),
    "body_chair": N_("reviews of bodies they chair"),
    "own_team": N_("the teams they lead"),
}
NOTHING = N_("nothing")
NO_ROLE = N_("no role")


def refusal_text(error: DomainError, gettext: Gettext) -> str | None:
    """The refusal said from the catalogue, or None when it cannot be said whole."""
    if error.code is None:
        return None
    try:
        text = gettext(MESSAGES[error.code]) % _words(error.params, gettext)
    except (KeyError, TypeError):  # a word the catalogue does not know
        return None
    return text[:1].upper() + text[1:]


def _words(params: dict[str, Param], gettext: Gettext) -> dict[str, str]:
    kind = str(params.get("kind", ""))
    states = STATES.get(kind, {})

    def listed(values: Param, table: dict[str, str], empty: str) -> str:
        if not isinstance(values, tuple):
            raise TypeError(f"a list was expected, not {values!r}")
        return ", ".join(gettext(table[v]) for v in values) or gettext(empty)

    words: dict[str, str] = {}
    for name, value in params.items():
        match name:
            case "kind":
                continue
            case "ref":
                ref = str(value)
                ref = gettext(LABELS["subject"].get(ref, ref)) if kind == "gate_review" else ref
                words["subject"] = gettext(SUBJECTS[kind]) % {"ref": ref}
            case "state":
                words[name] = gettext(states[str(value)])
            case "step":
                words[name] = gettext(STEPS[str(value)])
            case "sources":
                words[name] = listed(value, states, NOTHING)
            case "possible":
                words[name] = listed(value, STEPS, NOTHING)
            case "missing":
                words[name] = listed(value, REQUIREMENTS, NOTHING)
            case "roles":
                words[name] = listed(value, LABELS["role"], NO_ROLE)
            case "scopes":
                words[name] = listed(value, SCOPES, NOTHING)
            case _:
                words[name] = str(value)
    return words
