"""The French catalogue translates every message of the pages and workbooks (extracted the
way `make messages` does), and French pages format numbers the French way."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po

from api.web.i18n import LOCALE_DIR, Formats, translations
from tests.web import plain

ROOT = Path(__file__).resolve().parent.parent.parent


def test_every_message_has_a_french_translation(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(  # noqa: S603
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "N_", "-k", "tally",
         "-k", "translate:2", "--no-location", "-o", str(template), "."],
        cwd=ROOT, check=True,
    )  # fmt: skip
    with template.open("rb") as source:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id}
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        french = read_po(source)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in french
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    assert len(wanted) > 200
    assert sorted(wanted - translated) == []


def test_french_plurals_and_formats() -> None:
    french = translations("fr")
    assert french.ngettext("%(num)d project", "%(num)d projects", 1) == "%(num)d projet"
    assert french.ngettext("%(num)d project", "%(num)d projects", 0) == "%(num)d projet"
    assert french.ngettext("%(num)d project", "%(num)d projects", 2) == "%(num)d projets"
    fmt = Formats("fr", ZoneInfo("Europe/Paris"))
    assert plain(fmt.money(Decimal("1250000.00"))) == "1 250 000,00 €"
    assert fmt.day(date(2025, 6, 30)) == "30 juin 2025"
    assert fmt.month("2025-06") == "juin 2025"
    # 22:30 UTC on 30 June is 00:30 on 1 July in Paris
    assert fmt.instant_day("2025-06-30T22:30:00.000000Z") == "1 juillet 2025"
    english = Formats("en", ZoneInfo("Europe/Paris"))
    assert english.money(Decimal("1250000")) == "€1,250,000.00"
