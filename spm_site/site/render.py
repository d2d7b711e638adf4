"""Render the resolved framework into Markdown pages through Jinja templates.

Templates see only the resolved `Framework`; author text reaches the page only through the
filters in `sanitize`, and is never compiled as a template. An organisation overrides any
template by putting a file of the same name in its own templates folder.
"""

from __future__ import annotations

import functools
import inspect
import json
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from .compiled_templates import PAGE_TEMPLATES
from . import compare, diagram, finder, ladder_diagram, measure_text, sanitize, subpages, urls, views
from ..framework.kinds import ITEM_KIND
from .urls import page_path
from .coverage import coverage
from .editions import Edition
from ..framework.model import Role
from ..pipeline import CheckResult
from .reference import reference_context, rule_docs
from ..framework.resolve import Framework
from ..framework.numbers import DEFAULT, Numbers
from .labels import ENGLISH, FURTHER, Labels


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its Markdown, and the YAML file it comes from.

    `fragments` holds raw HTML that spm-site builds itself (the line-of-sight SVG), by the key of the
    placeholder that stands for it in `markdown`: Markdown and the HTML sanitiser never see it, and
    the plugin puts it back into the sanitised page (`html_clean.restore`).
    """

    path: str
    markdown: str
    source: str | None
    fragments: dict[str, str] = field(default_factory=dict)
    #: What search files the page under besides its text (its item's other names, a role's titles at its levels).
    terms: tuple[str, ...] = ()

    @property
    def leaf(self) -> bool:
        """A page of one item (`roles/<id>.md`): reached from an index table, not from the nav."""
        return "/" in self.path and not self.path.endswith("/index.md")




@jinja2.pass_context
def number(context: jinja2.runtime.Context, value: float | None) -> str:
    """`num` filter, in the organisation's locale: 25.0 -> '25', 2.5 -> '2.5' (or '2,5'), None -> '—'."""
    return "—" if value is None else _numbers(context).number(value)


@jinja2.pass_context
def with_unit(context: jinja2.runtime.Context, value: float | str | None, unit: str | None,
              period: object = None) -> str:
    """A target with its unit (and period), as the organisation writes numbers; words as written; `—` for none."""
    labels = context.get("labels")
    return measure_text.target_text(value, unit, period, _numbers(context),
                                    labels if isinstance(labels, Labels) else ENGLISH)


def _numbers(context: jinja2.runtime.Context) -> Numbers:
    """The formatter of the framework being rendered (every page has `fw`), else plain English."""
    fw = context.get("fw")
    return fw.numbers if isinstance(fw, Framework) else DEFAULT


@jinja2.pass_context
def _md(context: jinja2.runtime.Context, text: str | None) -> str:
    """`md` filter: links to the site's own pages are made relative to the page being rendered."""
    return sanitize.markdown_block(text, posixpath.dirname(context["page_path"]))


@jinja2.pass_context
def _inline(context: jinja2.runtime.Context, text: str | None) -> str:
    return sanitize.markdown_inline(text, posixpath.dirname(context["page_path"]))


def placeholder(key: str) -> str:
    """The element that stands for a trusted fragment until the page's HTML has been sanitised."""
    return f'<div data-spm-fragment="{key}"></div>'


def make_environment(template_dirs: list[Path], labels: Labels = ENGLISH) -> jinja2.Environment:
    """Jinja with undefined names as errors: a typo in a template fails loudly, never silently.

    Every word a template writes is `_("...")` (Jinja's i18n extension, newstyle: `%(name)s` filled
    in, `%%` for a percent sign) from this build's `labels`; a global that writes words of its own
    takes them as its keyword argument `t`, bound here, so no build sees another's labels."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs if d.is_dir()])]
    loaders.append(jinja2.PackageLoader("spm_site", "site/templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: the sanitize filters do the escaping
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build; checking each page's file is slow
        bytecode_cache=PAGE_TEMPLATES,  # compiled once a process: serve's rebuilds skip it
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(labels.template_gettext, labels.template_ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(md=_md, inline=_inline, plain=sanitize.plain,
                       num=number, with_unit=with_unit)
    env.globals.update(views.GLOBALS)
    env.globals.update(measure_text.GLOBALS)
    env.globals.update(compare.GLOBALS)
    env.globals.update(finder.GLOBALS)
    env.globals.update(subpages.GLOBALS)
    for name, value in list(env.globals.items()):
        if callable(value) and not isinstance(value, type) and "t" in _parameters(value):
            env.globals[name] = functools.partial(value, t=labels)
    env.globals["word"] = labels.gettext
    env.globals["further"] = FURTHER
    env.globals["labels"] = labels
    env.globals["raw"] = labels.raw
    env.globals["day"] = labels.day
    env.globals["js_words"] = js_words
    return env


def js_words(**words: str) -> str:
    """The words a page's script says (`data-spm-words`), as an HTML attribute's escaped JSON: the scripts
    write them as text, never as HTML. Given only when they are not the scripts' built-in English."""
    return sanitize.html_text(json.dumps(words, ensure_ascii=False, sort_keys=True))


def _parameters(fn: object) -> set[str]:
    try:
        return set(inspect.signature(fn).parameters)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return set()


class Renderer:
    """Renders every page of the handbook from one framework."""

    def __init__(self, framework: Framework, template_dirs: list[Path] | None = None,
                 checked: CheckResult | None = None, directory_urls: bool = True,
                 edition: Edition | None = None, labels: Labels = ENGLISH) -> None:
        self.fw = framework
        #: The words of this build's pages: the organisation's language and its own wording (site/labels.py).
        self.labels = labels
        #: What changed since the previous edition and what takes effect later (site/editions.py).
        self.edition = edition or Edition.of(framework)
        self.env = make_environment(template_dirs or [], labels)
        self.directory_urls = directory_urls  # for links in raw HTML, which MkDocs does not rewrite
        #: The check's findings, for the alignment page; None leaves the page out.
        self.checked = checked

    def render(self, template: str, path: str, source: str | None, **context: object) -> Page:
        here = posixpath.dirname(path)
        fragments: dict[str, str] = {}

        def trusted(fragment: str) -> str:
            if not fragment:
                return ""
            key = str(len(fragments) + 1)
            fragments[key] = fragment
            return placeholder(key)

        def line_of_sight(fw: Framework, role: Role, url: diagram.Url) -> str:
            return trusted(diagram.line_of_sight(fw, role, url, self.labels))

        def ladder_figure(ladder: ladder_diagram.Ladder) -> str:
            return trusted(ladder_diagram.ladder_svg(ladder, url, self.labels))

        def href(target: str) -> str:
            return urls.relative(target, here)

        def url(target: str) -> str:  # the final URL, for raw HTML and SVG
            return urls.page_url(target, path, self.directory_urls)

        def link(kind: str, ident: str | None, label: str | None = None) -> str:
            if ident is None:
                return "—"
            items = getattr(self.fw, ITEM_KIND[kind].collection)
            name = label if label is not None else items[ident].name
            return f"[{sanitize.plain(name)}]({href(page_path(kind, ident))})"

        def pillar(ident: str | None) -> str:
            if ident is None:
                return "—"
            return f"[{sanitize.plain(self.fw.pillars[ident].name)}]({href('strategy.md')}#{ident})"

        markdown = self.env.get_template(template).render(
            fw=self.fw, org=self.fw.organisation, page_path=path, href=href, url=url, link=link, pillar=pillar,
            line_of_sight=line_of_sight, ladder_figure=ladder_figure, edition=self.edition, **context)
        return Page(path, markdown, source, fragments)

    def pages(self) -> list[Page]:
        """Every page, in a stable order: index pages first, then one page per item."""
        fw, org = self.fw, self.fw.organisation
        org_file = org.src.file if org.src else None
        out = [
            self.render("home.md.j2", "index.md", org_file),
            self.render("values.md.j2", "values/index.md", None),
            self.render("principles.md.j2", "principles.md", _file(fw.principles)),
            self.render("strategy.md.j2", "strategy.md", org_file),
            self.render("cascade.md.j2", "cascade.md", None),
            self.render("objectives.md.j2", "objectives/index.md", None),
            self.render("functions.md.j2", "functions/index.md", None),
            self.render("roles.md.j2", "roles/index.md", None),
            self.render("measures.md.j2", "measures/index.md", None),
            self.render("compare.md.j2", compare.PAGE, None),
            self.render("levels.md.j2", "levels.md", _file(fw.levels.values())),
            self.render("feedback.md.j2", "feedback.md", _file(fw.rhythms.values())),
            self.render("reference.md.j2", "reference.md", None, ref=reference_context()),
            *(self.render("rule.md.j2", r.page, None, rule=r) for r in rule_docs()),
        ]
        if self.checked is not None and self.checked.settings.alignment_page:
            out.append(self.render("alignment.md.j2", "alignment.md", None, findings=self.checked.diagnostics,
                                   waived=self.checked.waived, cover=coverage(fw)))
        out += self.parts()
        if self.edition.compared:
            out.append(self.render("changes.md.j2", urls.CHANGES_PAGE, None))
        for kind, item in fw.items():
            page = self.render(f"{kind}.md.j2", page_path(kind, item.id), _file([item]), **{kind: item})
            out.append(replace(page, terms=tuple(finder.search_terms(item))))
        for entry in fw.retired:  # at the retired item's old address, which bookmarks still name
            out.append(self.render("retired.md.j2", page_path(entry.kind.value, entry.id), _file([entry]), retired=entry))
        return out

    def parts(self) -> list[Page]:
        """The pages that large index pages are split into (site/subpages.py): none for a small framework."""
        return [self.render(template, path, source, **context)
                for template, path, source, context in part_renders(self.fw, self.checked, self.labels)]


#: The templates of the parts a large page is split into (site/subpages.py), for `spm-site check`'s overrides.
PART_TEMPLATES = ("levels_part.md.j2", "cascade_part.md.j2", "measures_part.md.j2", "alignment_part.md.j2")


def part_renders(fw: Framework, checked: CheckResult | None = None,
                 labels: Labels = ENGLISH) -> list[tuple[str, str, str | None, dict[str, object]]]:
    """(template, page path, source file, context) of every part page, in a stable order: none for a small framework."""
    out: list[tuple[str, str, str | None, dict[str, object]]] = [
        ("levels_part.md.j2", part.path, _file(fw.levels.values()), {"part": part}) for part in subpages.level_parts(fw)]
    if subpages.cascade_split(fw):
        out += [("cascade_part.md.j2", subpages.cascade_page(p.ident), None, {"cascade_pillar": p})
                for p in views.cascade(fw, labels) if p.rows]
    out += [("measures_part.md.j2", c.path, None, {"shown": c}) for c in subpages.catalogue_parts(fw)]
    if checked is not None and checked.settings.alignment_page:
        out += [("alignment_part.md.j2", part.path, None, {"group": group, "part": part})
                for group in subpages.findings_by_rule(checked.diagnostics) for part in group.pages]
    return out

def _file(items) -> str | None:  # noqa: ANN001 - any iterable of located nodes
    first = next(iter(items), None)
    return first.src.file if first is not None and first.src else None
