"""Material's own labels (search, "Back to top", the footer) in the language the organisation writes in.

The organisation's `locale` (organisation.yml) decides how numbers read and, through
`site/labels.language_for`, the language of spm-site's own labels; Material's `theme.language` is
set to that same language, so a German handbook does not say "Search" over "300.000 €", and a
locale spm-site has no labels for reads in English throughout rather than in two languages. Only a
locale stated by the organisation moves it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..framework.numbers import parse_locale
from ..framework.resolve import Framework
from ..site.labels import N_, Labels, language_for as labels_language

log = logging.getLogger("mkdocs.plugins.spm")


def material_languages() -> set[str]:
    """The languages Material ships labels for, by the names of its partials (`de`, `pt-BR`, `zh-TW`)."""
    import material  # the theme is a dependency; imported here so the engine alone knows it

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return {p.stem for p in folder.glob("*.html")}


def language_for(locale: str, known: set[str]) -> str | None:
    """Material's language for a locale: `pt-BR` for pt_BR, `de` for de_DE; None when it has none."""
    parsed = parse_locale(locale)
    for candidate in (f"{parsed.language}-{parsed.territory}" if parsed.territory else None, parsed.language):
        if candidate and candidate in known:
            return candidate
    return None


def keep_in_step(config: MkDocsConfig, fw: Framework) -> None:
    """Set Material's `theme.language` to the language of the handbook's labels, when the organisation
    states a locale; say so when spm-site has no labels in the locale's language (they are English)."""
    if not fw.organisation.locale:
        return
    ours = labels_language(fw.organisation.locale)
    if ours != parse_locale(fw.organisation.locale).language:
        log.info("spm-site has no labels in the language of locale %s: the handbook's labels are in English",
                 fw.organisation.locale)
    if config.theme.name != "material":
        return
    language = language_for(ours, material_languages())
    if language is None:
        log.info("Material has no labels in the language of locale %s: theme.language stays %s",
                 fw.organisation.locale, config.theme.get("language"))
        return
    if config.theme.get("language") != language:
        log.info("theme.language is set to %s, the language of the organisation's locale %s",
                 language, fw.organisation.locale)
        config.theme["language"] = language


#: Words of spm-site's own configuration that the theme puts on every page: the colour toggle's
#: names (`defaults/mkdocs.yml`) and the title of each heading's permanent link (the toc extension's).
THEME_WORDS = (N_("Switch to dark mode"), N_("Switch to light mode"))
PERMALINK_TITLE = N_("Permanent link")


def theme_words(config: MkDocsConfig, labels: Labels) -> None:
    """Put the toggle's names and the permanent links' title in the labels' language, where they are
    still spm-site's own English (an organisation's own wording in mkdocs.yml is left as it is)."""
    for choice in config.theme.get("palette") or []:
        toggle = choice.get("toggle") if isinstance(choice, dict) else None
        name = toggle.get("name") if isinstance(toggle, dict) else None
        if name in THEME_WORDS:
            toggle["name"] = labels.raw(name)
    toc = config.mdx_configs.get("toc")
    if isinstance(toc, dict) and toc.get("permalink") and "permalink_title" not in toc:
        toc["permalink_title"] = labels.raw(PERMALINK_TITLE)
