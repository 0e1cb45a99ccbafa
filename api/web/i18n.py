"""Languages of the pages: gettext catalogues (Babel) and French / English formatting of
money, numbers and dates, read in the group's time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from infrastructure.sqlvalues import parse_timestamp

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"fr": "Français", "en": "English"}  # English is the catalogues' source language
DEFAULT_LANGUAGE = "fr"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


def language_or_default(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(language: str) -> NullTranslations:
    """The catalogue of a language, compiled from its .po file once per process."""
    po_file = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po_file.exists():
        return NullTranslations()
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def template_gettext(language: str) -> dict[str, Callable[..., Any]]:
    """`gettext` / `ngettext` for Jinja2's i18n extension (new style: `%(name)s` filled in,
    values escaped)."""
    catalogue = translations(language)

    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        text = catalogue.gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - the catalogue is ours; values are escaped by %
        return text % variables if variables else text

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, count: int, **variables: Any) -> str:
        text = catalogue.ngettext(singular, plural, count)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - the catalogue is ours; values are escaped by %
        return text % {"num": count, **variables}

    return {"gettext": gettext, "ngettext": ngettext}


class Formats:
    """How one page writes amounts and dates: `1 250 000,00 €` and `30 juin 2025` in French."""

    def __init__(self, language: str, zone: ZoneInfo) -> None:
        self.language = language
        self.locale = _LOCALES[language]
        self.zone = zone

    def money(self, amount: Decimal | int | None) -> str:
        if amount is None:
            return ""
        return format_currency(Decimal(amount), "EUR", locale=self.locale)

    def number(self, value: int | Decimal | None) -> str:
        return "" if value is None else format_decimal(value, locale=self.locale)

    def percent(self, ratio: float | Decimal | None) -> str:
        return "" if ratio is None else format_percent(ratio, locale=self.locale)

    def day(self, value: date | str | None) -> str:
        if not value:
            return ""
        day = date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, "medium" if self.language == "en" else "long", locale=self.locale)

    def instant(self, value: datetime | str | None) -> str:
        """A UTC timestamp (view text or datetime), shown in the group's time zone."""
        if not value:
            return ""
        moment = parse_timestamp(value) if isinstance(value, str) else value
        return format_datetime(moment, "short", tzinfo=self.zone, locale=self.locale)

    def instant_day(self, value: datetime | str | None) -> str:
        if not value:
            return ""
        moment = parse_timestamp(value) if isinstance(value, str) else value
        return self.day(moment.astimezone(self.zone).date())

    def month(self, value: str | None) -> str:
        """`2025-06` → `juin 2025`."""
        if not value:
            return ""
        return format_date(date.fromisoformat(f"{value}-01"), "LLLL yyyy", locale=self.locale)

    def month_short(self, value: str) -> str:
        return format_date(date.fromisoformat(f"{value}-01"), "MMM yy", locale=self.locale)
