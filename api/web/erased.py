"""Erased people (issue 11) in the page's language: the views name them "erased person #N"
and their masked free text "[erased]"; French pages say « personne effacée n° N »."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from api.web.i18n import N_, translations
from projections.erasure import ERASED_TEXT

_ERASED_PERSON = re.compile(r"^erased person #(\d+)$")
MESSAGES = (N_("erased person #%(number)s"), N_("[erased]"))


@pass_context
def erased_people_in_language(context: Context, value: Any) -> Any:
    """Jinja's `finalize`: every printed value passes here; only these two change."""
    if not isinstance(value, str) or not value.startswith(("erased person #", ERASED_TEXT)):
        return value
    catalogue = translations(str(context.get("lang", "en")))
    if value == ERASED_TEXT:
        return catalogue.gettext(ERASED_TEXT)
    found = _ERASED_PERSON.match(value)
    if found is None:
        return value
    return catalogue.gettext("erased person #%(number)s") % {"number": found.group(1)}
