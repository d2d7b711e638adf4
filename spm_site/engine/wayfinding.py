"""The engine's half of the wayfinding: hands each page's place (`site/wayfinding.py`) to the theme.

For a page left out of the navigation, MkDocs knows no section, no ancestors and no neighbours.
Here, for the page being rendered only, the section's index page is marked active (Material then
highlights it in the menu), the page gets its previous and next page in its section (Material's
footer shows them), and the template context gets the breadcrumb as final URLs (`spm_way`, shown by
`site/theme/partials/path.html`). Nothing is added to the navigation itself, so every page stays as
small as before and the build linear.
"""

from __future__ import annotations

from markupsafe import Markup

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from ..site.labels import Labels
from ..site.wayfinding import Way, label, way_of

#: Material's feature that includes the breadcrumb partial above the page.
PATH_FEATURE = "navigation.path"


def enable(config: MkDocsConfig) -> None:
    """Turn on the breadcrumb for Material (its partial is spm-site's own, see the module docstring)."""
    if config.theme.name == "material":
        features = config.theme.get("features") or []
        if PATH_FEATURE not in features:
            config.theme["features"] = [*features, PATH_FEATURE]


def _page(files: Files, path: str | None) -> MkDocsPage | None:
    file = files.get_file_from_path(path) if path else None
    return file.page if file is not None else None


def place(context: dict, page: MkDocsPage, nav: Navigation, files: Files, ways: dict[str, Way],
          t: Labels) -> MkDocsPage | None:
    """Put the page's trail into the context and its neighbours onto the page; return the section
    index page marked active for this render (the caller unmarks it with `leave`)."""
    way = way_of(ways, page.file.src_uri, t)
    trail = [{"label": crumb.label, "url": target.url}
             for crumb in way.trail if (target := _page(files, crumb.path)) is not None]
    context["spm_way"] = {"trail": trail, "title": Markup(page.title or "").striptags(),
                          "label": label(t, "trail"), "toc_label": label(t, "toc")}
    in_nav = page in nav.pages
    if not in_nav:
        page.previous_page = _page(files, way.previous)
        page.next_page = _page(files, way.next)
    section = _page(files, way.section)
    if section is None or section is page or in_nav or section not in nav.pages:
        return None
    section.active = True
    return section


def leave(section: MkDocsPage | None) -> None:
    """Unmark the section page that `place` marked active, before the next page renders."""
    if section is not None:
        section.active = False
