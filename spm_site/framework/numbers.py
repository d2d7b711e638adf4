"""Numbers as people write them: the ONE formatter every page, the diagram and `spm-site diff` use.

The organisation states its `locale` (and, optionally, its `currency`) once, in `organisation.yml`;
this module turns a number and its measure's unit into what a reader of that locale expects, through
Babel's CLDR data: thousands separators (`300,000`, `300.000`, `300 000`), currency symbols where the
unit is a currency code (`£300,000`, `300.000 €`), percentages as the locale writes them (`25%`,
`25 %`), and compact forms where they read better (`£8.4m`, `8.4 million calls`): a number of a
million or more that the compact form states exactly. A target in words (`TBD`) is never touched.

Nothing here knows of pages: the words it adds (`a week`) are plain English, in `PERIOD_WORDS`, for
the later gettext pass to find.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from babel import Locale, UnknownLocaleError
from babel.numbers import (format_compact_currency, format_compact_decimal, format_decimal,
                           format_percent, get_territory_currencies, is_currency)

#: The locale when the organisation states none: plain English, as the tool has always written.
DEFAULT_LOCALE = "en"
#: From this size on, a number the compact form states exactly is written compactly (8.4 million).
COMPACT_FROM = 1_000_000
#: How many decimals a compact form may show and still be exact (8.45 million is, 8.456 is not).
COMPACT_DIGITS = 2
#: The unit that means "the organisation's currency" (`unit: currency`), so a measure need not repeat it.
CURRENCY_UNIT = "currency"
#: A target's period as the page says it after the number: `12 calls a week`.
PERIOD_WORDS = {"day": "a day", "week": "a week", "month": "a month", "quarter": "a quarter", "year": "a year"}
#: Units written straight after the number, with no space: `3x`.
_TIGHT = ("x",)


@functools.lru_cache(maxsize=64)
def parse_locale(tag: str) -> Locale:
    """`en-GB`, `en_GB` or `de` as Babel's Locale; UnknownLocaleError or ValueError when CLDR has no such locale.

    Kept once read: a page writes thousands of numbers, and CLDR's data is the same for each."""
    return Locale.parse(tag.replace("-", "_"))


#: A language tag's shape (`de`, `en-GB`, `zh-Hant-TW`): Babel's own parser is lenient and reads
#: `de_DE.UTF-8` or `de-DE<b>` as `de_DE`, so a slip would pass unseen.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def locale_problem(tag: str) -> str | None:
    """Why `tag` is not a locale Babel knows, or None when it is."""
    if not _TAG.fullmatch(tag):
        return f"{tag!r} is not a language tag; write a language and region such as en-GB, de-DE or fr-FR"
    try:
        parse_locale(tag)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        return f"{tag!r} is not a locale Babel knows ({exc}); write a language and region such as en-GB, de-DE or fr-FR"
    return None


def currency_problem(code: str) -> str | None:
    """Why `code` is not an ISO 4217 currency code, or None when it is."""
    if is_currency(code):
        return None
    return f"{code!r} is not an ISO 4217 currency code; write one such as GBP, EUR or USD"


@dataclass(frozen=True)
class Numbers:
    """How one organisation writes numbers: its locale and its currency (both checked before use)."""

    locale: str = DEFAULT_LOCALE
    currency: str | None = None

    @cached_property
    def _locale(self) -> Locale:
        return parse_locale(self.locale)

    @property
    def language(self) -> str:
        """The locale's language (`en`, `de`), for Material's `theme.language`."""
        return self._locale.language

    @property
    def money(self) -> str | None:
        """The organisation's currency: as stated, else the one of the locale's region, if it has one."""
        if self.currency:
            return self.currency
        region = self._locale.territory
        found = get_territory_currencies(region) if region else []
        return found[0] if found else None

    def number(self, value: float) -> str:
        """A plain number with the locale's separators: `300,000`, `2.5`, `300.000`, `2,5`."""
        return _number(self._locale, value)

    def currency_code(self, unit: str | None) -> str | None:
        """The currency a unit names (`GBP`, `EUR`, or `currency` for the organisation's), else None."""
        if not unit:
            return None
        if unit.strip().lower() == CURRENCY_UNIT:
            return self.money
        code = unit.strip()
        return code if len(code) == 3 and code.isalpha() and code.isupper() and is_currency(code) else None

    def unit_text(self, unit: str | None) -> str | None:
        """A unit as a reader sees it beside a number in words: `currency` is the currency's code."""
        if unit and unit.strip().lower() == CURRENCY_UNIT:
            return self.money or unit
        return unit

    def amount(self, value: float, unit: str | None, period: str | None = None) -> str:
        """A number in its unit, as the locale writes it: `£300,000`, `25%`, `4 hours`, `£8.4m`, `3x`.

        `period` (`week`, `month` ...) follows: `12 calls a week`."""
        return _amount(self, value, unit, period)

    def _shown(self, value: float, unit: str | None) -> str:
        """`amount` without its period, worked out afresh (`_amount` keeps it)."""
        d = _decimal(value)
        code = self.currency_code(unit)
        if code:
            return self._money(d, code)
        if unit and unit.strip() == "%":
            return format_percent(d / 100, locale=self._locale, decimal_quantization=False)
        shown = self._compact(d) or self.number(value)
        if not unit:
            return shown
        return f"{shown}{unit}" if unit.strip() in _TIGHT else f"{shown} {unit}"

    def _money(self, d: Decimal, code: str) -> str:
        if _compactable(d):
            return format_compact_currency(d, code, locale=self._locale, fraction_digits=COMPACT_DIGITS)
        pattern = copy.copy(self._locale.currency_formats["standard"])
        pattern.frac_prec = (0, 0) if d == d.to_integral_value() else (2, 2)  # £300,000, but £12.50
        return pattern.apply(d, self._locale, currency=code, currency_digits=False, decimal_quantization=False)

    def _compact(self, d: Decimal) -> str | None:
        if not _compactable(d):
            return None
        return format_compact_decimal(d, locale=self._locale, format_type="long", fraction_digits=COMPACT_DIGITS)

    def forms(self, value: float) -> list[str]:
        """Every way a page may write `value` in this locale: what the leak scan looks for when it is hidden."""
        out = [self.number(value)]
        d = _decimal(value)
        if _compactable(d):
            out.append(format_compact_decimal(d, locale=self._locale, format_type="long", fraction_digits=COMPACT_DIGITS))
            out.append(format_compact_decimal(d, locale=self._locale, fraction_digits=COMPACT_DIGITS))
        return list(dict.fromkeys(out))


def _decimal(value: float) -> Decimal:
    """The number as the author wrote it: 2.5 stays 2.5 (no binary noise), 25.0 becomes 25."""
    d = Decimal(repr(float(value))) if not isinstance(value, int) else Decimal(value)
    return d.to_integral_value() if d == d.to_integral_value() else d.normalize()


def _compactable(d: Decimal) -> bool:
    """Whether the compact form states `d` exactly: a million or more, and at most two decimals in millions,
    billions ...: 8,400,000 is `8.4 million`; 8,412,345 stays in full."""
    if abs(d) < COMPACT_FROM:
        return False
    magnitude = 10 ** ((len(str(abs(d.to_integral_value()))) - 1) // 3 * 3)
    scaled = d / magnitude
    return scaled == scaled.quantize(Decimal(1).scaleb(-COMPACT_DIGITS))


#: The formatter for a framework that states no locale.
DEFAULT = Numbers()


@functools.lru_cache(maxsize=65536, typed=True)
def _amount(numbers: Numbers, value: float, unit: str | None, period: str | None) -> str:
    """`Numbers.amount`, kept: the same target appears on its role, its measure, the catalogue and the
    comparison data, and Babel's formatting is the costliest step of writing a page."""
    shown = numbers._shown(value, unit)  # noqa: SLF001
    said = PERIOD_WORDS.get(period or "")
    return f"{shown} {said}" if said else shown


@functools.lru_cache(maxsize=65536, typed=True)
def _number(locale: Locale, value: float) -> str:
    """`Numbers.number`, kept, for the same reason as `_amount`."""
    return format_decimal(_decimal(value), locale=locale, decimal_quantization=False)
