"""Material's own labels (search, "Back to top", the footer) in the language the organisation writes in.

The organisation's `locale` (organisation.yml) decides how numbers read; Material's `theme.language`
is kept in step with it, so a German handbook does not say "Search" over "300.000 €". Only a locale
stated by the organisation moves it; Material's translations are matched most specific first
(`pt-BR`, then `pt`), and a language Material has no translation for leaves `theme.language` alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..framework.numbers import parse_locale
from ..framework.resolve import Framework

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
    """Set Material's `theme.language` from the organisation's locale, when it states one."""
    if config.theme.name != "material" or not fw.organisation.locale:
        return
    language = language_for(fw.organisation.locale, material_languages())
    if language is None:
        log.info("Material has no labels in the language of locale %s: theme.language stays %s",
                 fw.organisation.locale, config.theme.get("language"))
        return
    if config.theme.get("language") != language:
        log.info("theme.language is set to %s, the language of the organisation's locale %s",
                 language, fw.organisation.locale)
        config.theme["language"] = language
