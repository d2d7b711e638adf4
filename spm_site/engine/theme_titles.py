"""Page titles as the theme reads them: HTML, printed as it is, and escaped once where escaped at all.

MkDocs hands the theme every page title as HTML: the first heading's text as Python-Markdown wrote
it (`Sales &amp; Marketing`), spm-site's menu titles and `<title>` text (escaped, engine/plugin.py
`html_title`, site/navigation.py `in_language`). The theme's environment does not autoescape, so
the menu, the header and the footer's visible text print a title as it is, which is right; but
Material's footer also writes `aria-label="Next: {{ page.next_page.title | e }}"`, escaping that
HTML a second time, and a screen reader reads out "Sales amp Marketing".

`ThemeTitle` is the same text (it prints exactly as before wherever the theme prints it as it is)
that says, through `__html__`, what it is as HTML: markupsafe's `escape` (Jinja's `|e`) then gives
its plain text escaped once, quotes too, as an attribute needs. Everything else that reads a title
(MkDocs, the search plugins, `str()`, JSON, `striptags`, `urlencode`) sees the same string as before.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from mkdocs.structure.files import Files


class ThemeTitle(str):
    """A page title that is HTML already: `|e` escapes its text once, not its markup a second time."""

    __slots__ = ()

    def __html__(self) -> str:
        # str(self): Markup(self) would ask this very method for the HTML.
        return str(escape(Markup(str(self)).striptags()))


def mark_page_titles(files: Files) -> None:
    """Give every page its final title as a ThemeTitle, once all pages are read and converted (their
    titles are final then) and before the theme renders any of them (a page's footer names its
    neighbours, rendered before or after it)."""
    for file in files.documentation_pages(inclusion=lambda _level: True):
        page = file.page
        if page is not None and page.title is not None and not isinstance(page.title, ThemeTitle):
            page.title = ThemeTitle(page.title)
