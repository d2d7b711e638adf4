"""The page `spm-site serve` shows in place of the handbook while a rebuild has failed.

It lists every finding of the failed rebuild where the author can act on it: file, line and
column, what is wrong, the line it points into, what to do (`help`) and where to read more.
Errors come first (they stopped the build), then the warnings the build would let through.

Everything on the page that comes from a finding is the author's text (a value quoted in a
message, a file name, a source line), so all of it is escaped for HTML text. The page is one
self-contained document: its style is inline and it makes no request but one, to the preview
server's own live-reload address, so that it reloads by itself once a rebuild succeeds. Its
Content-Security-Policy allows exactly that: no other script, no image, font or frame, no request
to any host, even if something slipped through the escaping.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass, field

from ..characters import escape
from ..diagnostics import QUOTE_WIDTH, Diagnostic, Severity, summary_line


@dataclass(frozen=True)
class Failure:
    """Why a rebuild failed: the located findings, and what was said without a location (MkDocs'
    own messages under `--strict`, a broken mkdocs.yml, a fault of spm-site's)."""

    findings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.findings if d.severity is Severity.ERROR]

    @property
    def others(self) -> list[Diagnostic]:
        return [d for d in self.findings if d.severity is not Severity.ERROR]


#: Polls the preview server as MkDocs' own live-reload script does (`/livereload/<epoch>/<id>`
#: answers with the newest build's epoch once it is newer than ours) and reloads when a rebuild is
#: done. Constant text, so the page's policy can allow it by its hash and nothing else; the epoch
#: is read from the page.
RELOAD_SCRIPT = """\
(function () {
  var epoch = parseFloat(document.documentElement.getAttribute("data-epoch"));
  var id = Date.now();
  function poll() {
    var req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + id);
    req.send();
  }
  poll();
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(RELOAD_SCRIPT.encode()).digest()).decode()

#: Nothing loads but the inline style and the reload script; requests go to this server only.
CONTENT_POLICY = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; "
                  "connect-src 'self'; img-src 'none'; form-action 'none'; base-uri 'none'")

_STYLE = """\
:root { color-scheme: light dark; --bad: #b00020; --warn: #8a5a00; --muted: #555; --box: #f4f4f6; }
@media (prefers-color-scheme: dark) { :root { --bad: #ff7a8a; --warn: #f0c060; --muted: #bbb; --box: #23232a; } }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
ol { padding: 0; list-style: none; }
li.finding { border-left: 4px solid var(--bad); background: var(--box); margin: 0 0 1rem; padding: .6rem .9rem; }
li.finding.warning, li.finding.info { border-left-color: var(--warn); }
.where { font-weight: 600; margin: 0; overflow-wrap: anywhere; }
.severity { text-transform: uppercase; font-size: .8rem; color: var(--bad); }
.warning .severity, .info .severity { color: var(--warn); }
.message, .help, .more { margin: .3rem 0 0; overflow-wrap: anywhere; }
.more, .status { color: var(--muted); }
pre { background: var(--box); overflow-x: auto; padding: .4rem .6rem; margin: .4rem 0 0; }
li pre { background: transparent; padding: 0; }
mark { background: var(--bad); color: #fff; }
"""


def error_page(failure: Failure, epoch: int) -> str:
    """The whole page for `failure`; `epoch` is the failed build's, which the reload script waits past."""
    parts = [f'<!doctype html>\n<html lang="en" data-epoch="{int(epoch)}">\n<head>\n<meta charset="utf-8">\n'
             f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">\n'
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             "<title>The handbook could not be rebuilt</title>\n"
             f"<style>\n{_STYLE}</style>\n</head>\n<body>\n<main>\n"
             "<h1>The handbook could not be rebuilt</h1>\n"
             f'<p class="status" role="status">{_text(_summary(failure))} Fix the files and save: this page '
             "reloads by itself when the handbook builds again. Until then the preview keeps the last good "
             "build's styles and scripts.</p>\n"]
    if failure.errors:
        parts.append(_section("What stops the build", failure.errors))
    if failure.notes:
        parts.append('<h2>What the build said</h2>\n' + "".join(f"<pre>{_lines(note)}</pre>\n" for note in failure.notes))
    if failure.others:
        parts.append(_section("Warnings (the build would go on with these)", failure.others))
    parts.append(f"</main>\n<script>{RELOAD_SCRIPT}</script>\n</body>\n</html>\n")  # hashed as it stands
    return "".join(parts)


def _summary(failure: Failure) -> str:
    if failure.findings:
        return summary_line(failure.findings)
    return "The build stopped."


def _section(heading: str, findings: list[Diagnostic]) -> str:
    items = "".join(_finding(d) for d in findings)
    return f"<h2>{_text(heading)}</h2>\n<ol>\n{items}</ol>\n"


def _finding(d: Diagnostic) -> str:
    severity = d.severity.value
    lines = [f'<li class="finding {severity}">',
             f'<p class="where"><code>{_text(str(d.location))}</code> <span class="severity">{severity}</span> '
             f"<code>{_text(d.rule_label)}</code></p>",
             f'<p class="message">{_text(d.message)}</p>']
    source = _source(d)
    if source:
        lines.append(source)
    if d.hint:
        lines.append(f'<p class="help"><strong>help:</strong> {_text(d.hint)}</p>')
    lines.append(f'<p class="more">Read more: <code>spm-site explain {_text(d.code or d.rule)}</code></p>')
    return "\n".join(lines) + "</li>\n"


def _source(d: Diagnostic) -> str:
    """The line the finding points into, with its line number, the character at its column marked;
    a long line is cut to a window around the column, as the terminal shows it."""
    src = d.excerpt
    if src is None or not src.strip():
        return ""
    line = src.expandtabs(4)
    col = min(len(src[: d.location.col - 1].expandtabs(4)), len(line))
    start = max(0, min(col - QUOTE_WIDTH // 3, len(line) - QUOTE_WIDTH))
    end = start + QUOTE_WIDTH
    marked = line[col:col + 1] or " "
    shown = ("…" if start else "") + _text(line[start:col]) + f"<mark>{_text(marked)}</mark>" \
        + _text(line[col + 1:end]) + ("…" if end < len(line) else "")
    return f'<pre class="source" aria-label="line {d.location.line}">{d.location.line:>4} | {shown}</pre>'


def _lines(value: str) -> str:
    """A message of several lines, each as `_text` makes it."""
    return "\n".join(_text(line) for line in value.splitlines())


def _text(value: str) -> str:
    """Text for HTML: invisible and control characters made visible (as in the terminal), then escaped."""
    return html.escape(escape(value), quote=True)
