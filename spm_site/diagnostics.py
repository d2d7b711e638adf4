"""Findings about a framework, and the ways they are printed.

Every stage (load, validate, resolve, rules) returns `Diagnostic` values and never prints:
only the CLI and the MkDocs plugin decide how findings reach a person.

A finding is one line of ours, whatever the author wrote: a `Diagnostic` escapes its message and
hint when it is made (see `characters.escape`), so no value quoted in a message can start a line
of its own, forge a finding or reorder the line on screen, in any output format. A `Location`
keeps the real path, for tools to open, and every text format escapes it when it prints it. The
source line a finding quotes comes from the text the loader read (`with_excerpts`), never from
opening a path again: a path can name a different file by the time it is printed.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin
from dataclasses import KW_ONLY, dataclass, field, replace
from enum import Enum
from typing import Iterable, Mapping

from .characters import escape


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A place in an author's file: 1-based line and column, as editors count them."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{escape(self.file)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding: where, which rule, what is wrong and what to do about it.

    `rule` is a kebab-case name (`unknown-reference`); alignment rules also carry a stable
    `code` (`SPM106`) so that configuration and waivers can name them.
    """

    location: Location
    rule: str
    message: str
    _: KW_ONLY
    severity: Severity = Severity.ERROR
    hint: str | None = None
    code: str | None = None
    #: The source line the finding points into, as the loader read it (see `with_excerpts`).
    excerpt: str | None = field(default=None, compare=False)
    #: The reason the item gives for accepting the finding; None for a finding that stands.
    waived: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", escape(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", escape(self.hint))
        if self.waived is not None:
            object.__setattr__(self, "waived", escape(self.waived))

    @property
    def rule_label(self) -> str:
        return f"{self.code} {self.rule}" if self.code else self.rule

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line, loc.col, self.rule, self.message)

    @property
    def explain(self) -> str:
        """The command that prints this finding's full explanation."""
        return f"spm-site explain {self.code or self.rule}"

    def as_dict(self, site: SiteLinks | None = None) -> dict:
        """The finding for tools, with where its explanation is: its page in the handbook and a command.

        A waived finding is `info` (it fails nothing), with the reason and the severity it would have had.
        """
        site = site or SiteLinks()
        waived = None if self.waived is None else {"reason": self.waived, "severity": self.severity.value}
        return {
            "file": _json_path(self.location.file),
            "line": self.location.line,
            "column": self.location.col,
            "rule": self.rule,
            "code": self.code,
            "severity": Severity.INFO.value if waived else self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "help": help_anchor(self.rule),
            "url": site.url(explanation_page(self.rule, self.code)),
            "explain": self.explain,
            "waived": waived,
        }


@dataclass(frozen=True)
class SiteLinks:
    """How the handbook's URLs are written: `site_url` (mkdocs.yml) makes them absolute, else they are
    relative to the site's root; `directory_urls` as MkDocs' `use_directory_urls`."""

    site_url: str | None = None
    directory_urls: bool = True

    def url(self, page: str) -> str:
        """The URL of page path `page` (`reference/rules/spm106.md`, maybe with `#anchor`)."""
        path, _, fragment = page.partition("#")
        stem = path[:-3] if path.endswith(".md") else path
        url = stem + (".html" if not self.directory_urls else "/")
        if fragment:
            url += f"#{fragment}"
        if self.site_url:
            return urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/", url)
        return url


#: The handbook page that explains every finding, relative to the site's root.
REFERENCE_PAGE = "reference/"
#: The folder of the rules' own pages in the handbook (page paths, as MkDocs' docs/ names them).
RULE_PAGES = "reference/rules/"


def rule_page(code: str) -> str:
    """An alignment rule's own page: `reference/rules/spm106.md`."""
    return f"{RULE_PAGES}{code.lower()}.md"


def explanation_page(rule: str, code: str | None) -> str:
    """The page that explains a finding: an alignment rule's own page, else its section of the reference page."""
    return rule_page(code) if code else f"reference.md#{anchor(rule)}"


def anchor(rule: str) -> str:
    """The id of a finding's explanation on the reference page: one scheme for every rule name."""
    return f"diagnostic-{rule}"


def help_anchor(rule: str) -> str:
    """Where a finding is explained, relative to the handbook's root (`reference/#diagnostic-tab`)."""
    return f"{REFERENCE_PAGE}#{anchor(rule)}"


def _json_path(path: str) -> str:
    """The real path, for tools to open; one holding bytes that are not UTF-8 cannot be JSON, so it is escaped."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return escape(path)
    return path


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line and column, duplicates dropped: one run reads like a linter's."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


#: Line breaks as YAML counts them, so a quoted line is the line a finding's position names.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def with_excerpts(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str]) -> list[Diagnostic]:
    """Each finding with the line it points at, taken from `sources` (display path -> text as read)."""
    lines: dict[str, list[str]] = {}
    out = []
    for d in diagnostics:
        text = sources.get(d.location.file)
        if text is None or d.excerpt is not None:
            out.append(d)
            continue
        if d.location.file not in lines:
            lines[d.location.file] = _LINE_BREAKS.split(text)
        found = lines[d.location.file]
        line = d.location.line
        out.append(replace(d, excerpt=found[line - 1]) if 0 < line <= len(found) else d)
    return out


#: How many characters of a long source line a finding quotes, around the column it points at.
QUOTE_WIDTH = 160


def _quoted_source(d: Diagnostic) -> list[str]:
    """The finding's source line, escaped like any author text, with a caret under its column.

    A long line is cut to a window around the column, so one 100 KB line cannot flood a log.
    """
    src = d.excerpt
    if src is None or not src.strip():
        return []
    line = src.expandtabs(4)
    col = len(src[: d.location.col - 1].expandtabs(4))
    start = max(0, min(col - QUOTE_WIDTH // 3, len(line) - QUOTE_WIDTH))
    end = start + QUOTE_WIDTH
    before = "…" if start else ""
    after = "…" if end < len(line) else ""
    shown = before + escape(line[start:end]) + after
    prefix = len(before) + len(escape(line[start:col]))
    return [f"  {d.location.line:>4} | {shown}", f"       | {' ' * prefix}^"]


def format_text(diagnostics: list[Diagnostic], quote_source: bool = True, summary: bool = True,
                waived: Iterable[Diagnostic] = ()) -> str:
    """`path:line:col: severity[rule]: message`, the offending line quoted, a hint and where to read
    more; then the findings waived on purpose, each with its reason; then a summary (unless not asked)."""
    out: list[str] = []
    for d in diagnostics:
        out.append(f"{d.location}: {d.severity.value}[{d.rule_label}]: {d.message}")
        if quote_source:
            out.extend(_quoted_source(d))
        if d.hint:
            out.append(f"  help: {d.hint}")
        out.append(f"  see: {d.explain}")
    for d in waived:  # `waived` is no severity a problem matcher reads: these fail nothing
        out.append(f"{d.location}: waived[{d.rule_label}]: {d.message}")
        out.append(f"  reason: {d.waived}")
        out.append(f"  see: {d.explain}")
    if summary:
        out.append(summary_line(diagnostics))
    return "\n".join(out)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    if not diagnostics:
        return "No problems found."
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return "Found " + ", ".join(parts) + "."


def format_json(diagnostics: list[Diagnostic], waived: Iterable[Diagnostic] = (), site: SiteLinks | None = None) -> str:
    """One list, findings and waived findings together in file order (`waived` says which is which)."""
    found = sorted([*diagnostics, *waived], key=Diagnostic.sort_key)
    return json.dumps([d.as_dict(site) for d in found], indent=2, ensure_ascii=False)


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(diagnostics: list[Diagnostic], summary: bool = True, waived: Iterable[Diagnostic] = ()) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff;
    a waived finding becomes a notice that gives its reason."""
    out = []
    for d in diagnostics:
        loc = d.location
        props = f"file={github_escape(escape(loc.file), True)},line={loc.line},col={loc.col},title={github_escape(d.rule_label, True)}"
        message = d.message + (f"\n{d.hint}" if d.hint else "") + f"\nSee: {d.explain}"
        out.append(f"::{_GITHUB_LEVEL[d.severity]} {props}::{github_escape(message)}")
    for d in waived:
        loc = d.location
        title = github_escape(f"{d.rule_label} (waived)", True)
        props = f"file={github_escape(escape(loc.file), True)},line={loc.line},col={loc.col},title={title}"
        message = f"{d.message}\nWaived: {d.waived}\nSee: {d.explain}"
        out.append(f"::notice {props}::{github_escape(message)}")
    if summary:
        out.append(summary_line(diagnostics))
    return "\n".join(out)


#: What Markdown would read as markup in a comment (links, images, emphasis, code, HTML, mentions).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~@#])")


def markdown_text(text: str) -> str:
    """Text that a pull-request comment shows as written: no link, image, mention or HTML of its own."""
    flat = " ".join(text.split()).replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _code(text: str) -> str:
    """A Markdown code span that no backtick inside `text` can close early."""
    runs = re.findall("`+", text)
    fence = "`" * (max(map(len, runs), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def format_markdown(diagnostics: list[Diagnostic], waived: Iterable[Diagnostic] = ()) -> str:
    """A short summary a bot can post as a pull-request comment: counts by rule, then findings by file,
    then the findings accepted on purpose with their reasons."""
    accepted = _waived_markdown(list(waived))
    if not diagnostics:
        return "\n".join(["### spm-site check", "", "No problems found. :white_check_mark:", *accepted])
    lines = ["### spm-site check", "", summary_line(diagnostics), "", "| Rule | Severity | Findings |", "| --- | --- | ---: |"]
    counts: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        key = (d.rule_label, d.severity.value)
        counts[key] = counts.get(key, 0) + 1
    for (label, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {_code(label)} | {severity} | {n} |")
    current = None
    for d in diagnostics:
        if d.location.file != current:
            current = d.location.file
            lines += ["", f"#### {_code(escape(current))}", ""]
        lines.append(f"- line {d.location.line}: **{d.severity.value}** {_code(d.rule_label)}: {markdown_text(d.message)}")
    return "\n".join([*lines, *accepted])


def _waived_markdown(waived: list[Diagnostic]) -> list[str]:
    """The section of a pull-request comment that lists the findings accepted on purpose."""
    if not waived:
        return []
    lines = ["", f"#### Accepted on purpose ({len(waived)})", ""]
    for d in waived:
        lines.append(f"- {_code(escape(d.location.file))} line {d.location.line}: {_code(d.rule_label)}: "
                     f"{markdown_text(d.message)} Reason: {markdown_text(d.waived or '')}")
    return lines


FORMATS = {"text": format_text, "json": format_json, "github": format_github, "markdown": format_markdown}


def format_findings(fmt: str, diagnostics: list[Diagnostic], waived: Iterable[Diagnostic] = (),
                    site: SiteLinks | None = None) -> str:
    """The findings alone in format `fmt`, for stdout; the summary line is the caller's, for stderr.

    A tool reading stdout then gets nothing but findings (and those waived on purpose, marked as
    such), whether the check passed or failed. A pull-request comment keeps its own counts: they
    are part of the comment.
    """
    waived = sorted(waived, key=Diagnostic.sort_key)
    if fmt == "text":
        return format_text(diagnostics, summary=False, waived=waived)
    if fmt == "github":
        return format_github(diagnostics, summary=False, waived=waived)
    if fmt == "json":
        return format_json(diagnostics, waived, site)
    return format_markdown(diagnostics, waived)
