"""Every word spm-site puts on a reader's page, in the organisation's language, with its own wording.

The words live in a gettext catalogue, `spm_site/locale/<language>/LC_MESSAGES/spm.po`, whose message
ids are the English labels themselves; `spm_site/locale/spm.pot` lists them all and is extracted from
the templates and the `site/` code (`make messages`). The organisation's `locale` (organisation.yml)
decides the language, here and only here (`language_for`): Material's `theme.language` follows it.
A language spm-site has no catalogue for falls back to English.

An organisation may word any label its own way (`labels:` in spm.yml, from the English label to its
wording): that wording is author text, escaped for the page like any other (`sanitize.plain`).

The `.po` files are source; they are compiled with Babel when first needed, once per language per
process. A `Labels` object is made per build and never shared: builds in one process (serve, the tests)
cannot see each other's overrides.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import gettext as _gettext
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..framework.numbers import parse_locale
from . import sanitize

#: Where the catalogues are: `spm.pot` and one folder per language.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "spm"
#: The language of the message ids, and of a handbook whose locale has no catalogue.
FALLBACK = "en"
#: `%(name)s` in a label: filled in by the page; an override must keep the same ones.
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def N_(msgid: str) -> str:  # noqa: N802 - gettext's own name for "extract, translate later"
    """Mark a label for the catalogue where it is declared; it is translated where it is shown."""
    return msgid


def languages() -> list[str]:
    """The languages spm-site has a catalogue for (`de`, `en`)."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def language_for(locale: str | None) -> str:
    """The one decision of the handbook's language: the locale's language when there is a catalogue
    for it, else English. `de-DE`, `de_AT` and `de` all give `de`."""
    if not locale:
        return FALLBACK
    language = parse_locale(locale).language
    return language if language in languages() else FALLBACK


@functools.lru_cache(maxsize=None)
def catalogue(language: str) -> Catalog:
    """The catalogue of one language as written in its `.po` file."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
        return read_po(fh, locale=language)


@functools.lru_cache(maxsize=None)
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of one language (compiled in memory: `.mo` files are never committed)."""
    buffer = BytesIO()
    write_mo(buffer, catalogue(language))
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def msgids() -> set[str]:
    """Every label spm-site has (the English message ids, plural forms included), as `spm.pot` lists them."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as fh:
        template = read_po(fh)
    out: set[str] = set()
    for message in template:
        if message.id:
            out.update(message.id if isinstance(message.id, tuple) else (message.id,))
    return out


def placeholders(text: str) -> list[str]:
    """The `%(name)s` a label fills in, sorted (`%%`, a literal percent sign, is not one)."""
    return sorted(m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1))


def _markdown(override: str) -> str:
    """An override for a Markdown page: the author's words escaped, its placeholders kept."""
    out, last = [], 0
    for match in PLACEHOLDER.finditer(override):
        out.append(_piece(override[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_piece(override[last:]))
    return "".join(out)


def _piece(text: str) -> str:
    """Author words between placeholders, escaped; `sanitize.plain` trims, so the spaces around are kept."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    # a quote too: some labels stand in an attribute of the page's own HTML (a placeholder, a title)
    return f"{lead}{sanitize.plain(text).replace(chr(34), '&quot;')}{trail}"


@dataclass(frozen=True)
class Labels:
    """The labels of one build: a language's catalogue and the organisation's own wording.

    `gettext` and `ngettext` give text for a Markdown page (an override escaped as author text);
    `raw` gives the text for a place that escapes for itself (the menu, an SVG, an HTML attribute).
    Every call fills in its `%(name)s` placeholders from the keyword arguments, as Jinja's newstyle
    gettext does: a literal percent sign in a label is written `%%`.
    """

    language: str = FALLBACK
    #: English label -> the organisation's wording (author text, as written in spm.yml).
    overrides: Mapping[str, str] = field(default_factory=dict)

    def day(self, day: dt.date) -> str:
        """A date in a table or sentence: as written in the files (`2026-09-24`) in English, as it has
        always been; in another language as that language writes it (`24. September 2026`)."""
        return day.isoformat() if self.language == FALLBACK else format_date(day, format="long", locale=self.language)

    @property
    def plain_english(self) -> bool:
        """Whether these are spm-site's own English labels, unchanged: the scripts' built-in words then do."""
        return self.language == FALLBACK and not self.overrides

    @property
    def _tr(self) -> _gettext.NullTranslations:
        return translations(self.language)

    def _pick(self, msgid: str, translated: str, markdown: bool) -> str:
        own = self.overrides.get(msgid)
        if own is None:
            return translated
        return _markdown(own) if markdown else own

    def template_gettext(self, msgid: str) -> str:
        """For Jinja's i18n extension: the label for a Markdown page, placeholders not yet filled in."""
        return self._pick(msgid, self._tr.gettext(msgid), True)

    def template_ngettext(self, singular: str, plural: str, n: int) -> str:
        """For Jinja's i18n extension: the singular or plural label for `n`, not yet filled in."""
        form = self._tr.ngettext(singular, plural, n)
        return self._pick(singular if n == 1 else plural, form, True)

    def gettext(self, msgid: str, **values: object) -> str:
        """A label for a Markdown page, its placeholders filled in (values are already page text)."""
        return self.template_gettext(msgid) % values

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The label for `n` of something, for a Markdown page; `%(num)s` is `n` unless given."""
        return self.template_ngettext(singular, plural, n) % {"num": n, **values}

    def label(self, msgid: str) -> str:
        """A label that fills nothing in (a menu title), for a place that escapes text itself."""
        return self._pick(msgid, self._tr.gettext(msgid), False)

    def raw(self, msgid: str, **values: object) -> str:
        """A label for a place that escapes text itself (menu titles, SVG, attributes), filled in."""
        return self._pick(msgid, self._tr.gettext(msgid), False) % values

    def raw_n(self, singular: str, plural: str, n: int, **values: object) -> str:
        """`ngettext` for a place that escapes text itself; `%(num)s` is `n` unless given."""
        form = self._tr.ngettext(singular, plural, n)
        return self._pick(singular if n == 1 else plural, form, False) % {"num": n, **values}


#: English as spm-site has always written it: for code that renders outside a build (tests, tools).
ENGLISH = Labels()


def for_build(locale: str | None, overrides: Mapping[str, str] | None = None) -> Labels:
    """The labels of one build: the language the locale decides, and the organisation's own wording."""
    return Labels(language_for(locale), dict(overrides or {}))


def override_problem(label: str, wording: object) -> tuple[str, str, str | None] | None:
    """Why an override (`labels:` in spm.yml) cannot be used: (finding name, message, hint); None if it can.

    The label must be one spm-site has (in English, as `spm-site` writes it), the wording text that
    fills in the same `%(name)s` placeholders, with a percent sign written `%%`."""
    known = msgids()
    if label not in known:
        close = difflib.get_close_matches(label, sorted(known), n=1, cutoff=0.6)
        return ("unknown-label", f"spm-site puts no label {label!r} on a page"
                + (f" (did you mean {close[0]!r}?)" if close else ""),
                "a label is written as the English handbook shows it, such as \"Measures\"; "
                "spm_site/locale/spm.pot lists them all")
    if not isinstance(wording, str) or not wording.strip():
        return "bad-label", f"the wording of {label!r} must be text", None
    if placeholders(wording) != placeholders(label) or "%" in PLACEHOLDER.sub("", wording):
        wanted = ", ".join(f"%({p})s" for p in placeholders(label)) or "none"
        return ("bad-label", f"the wording of {label!r} must fill in the same placeholders as the label ({wanted})",
                "write a percent sign as %%")
    return None


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - like N_, for a pair
    """Mark a singular and plural label for the catalogue; `ngettext` picks one where it is shown."""
    return singular, plural


#: "3 further roles are not shown": what a narrower edition leaves out, by the noun a template names.
FURTHER = {
    "direct report": N_plural("%(num)s further direct report is not shown in this edition of the handbook.",
                              "%(num)s further direct reports are not shown in this edition of the handbook."),
    "level": N_plural("%(num)s further level is not shown in this edition of the handbook.",
                      "%(num)s further levels are not shown in this edition of the handbook."),
    "measure": N_plural("%(num)s further measure is not shown in this edition of the handbook.",
                        "%(num)s further measures are not shown in this edition of the handbook."),
    "value": N_plural("%(num)s further value is not shown in this edition of the handbook.",
                      "%(num)s further values are not shown in this edition of the handbook."),
    "next role": N_plural("%(num)s further next role is not shown in this edition of the handbook.",
                          "%(num)s further next roles are not shown in this edition of the handbook."),
    "previous role": N_plural("%(num)s further previous role is not shown in this edition of the handbook.",
                              "%(num)s further previous roles are not shown in this edition of the handbook."),
    "conversation": N_plural("%(num)s further conversation is not shown in this edition of the handbook.",
                             "%(num)s further conversations are not shown in this edition of the handbook."),
    "parent indicator": N_plural("%(num)s further parent indicator is not shown in this edition of the handbook.",
                                 "%(num)s further parent indicators are not shown in this edition of the handbook."),
    "indicator": N_plural("%(num)s further indicator is not shown in this edition of the handbook.",
                          "%(num)s further indicators are not shown in this edition of the handbook."),
    "objective": N_plural("%(num)s further objective is not shown in this edition of the handbook.",
                          "%(num)s further objectives are not shown in this edition of the handbook."),
    "contributing objective": N_plural(
        "%(num)s further contributing objective is not shown in this edition of the handbook.",
        "%(num)s further contributing objectives are not shown in this edition of the handbook."),
    "role": N_plural("%(num)s further role is not shown in this edition of the handbook.",
                     "%(num)s further roles are not shown in this edition of the handbook."),
    "finding": N_plural("%(num)s further finding is not shown in this edition of the handbook.",
                        "%(num)s further findings are not shown in this edition of the handbook."),
}

#: The model's fixed words as a page shows them (a cadence, a kind, a change): `word(value)` in a template.
WORDS = (
    N_("weekly"), N_("fortnightly"), N_("monthly"), N_("quarterly"), N_("half-yearly"), N_("annual"),
    N_("activity"), N_("effectiveness"), N_("outcome"), N_("leading"), N_("lagging"),
    N_("raised"), N_("lowered"), N_("role"), N_("measure"), N_("objective"), N_("function"), N_("value"),
    N_("manager"), N_("employee"),
)
