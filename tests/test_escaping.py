"""Author text is Markdown, never trusted: checked on the HTML a reader's browser receives."""

from __future__ import annotations

import html
import os
import re

import pytest

from spm_site.site import sanitize
from spm_site.cli import cli

HOSTILE_ROLE = """\
name: "Engineer {: onclick=alert(1) } #1 <b>bold</b>"
function: sales
reports_to: head-of-sales
purpose: >-
  Opens deals. <script>alert('purpose')</script> <img src=x onerror=alert(2)>
  Also {{ 7 * 7 }} and {% raw %} stay as typed.
responsibilities:
  - "[js](javascript:alert(3)) [mixed](JaVaScRiPt:alert(4)) [spaced]( javascript:alert(5))"
  - "[data](data:text/html;base64,PHNjcmlwdD4=) [entity](java&#115;cript:alert(6)) [ok](https://example.com/ok)"
  - "Paragraph {: onmouseover=alert(7) }"
  - "Reference [link][evil]\\n\\n[evil]: javascript:alert(8)"
measures:
  - measure: win-rate
    weight: 50
    why: "splits | the cell\\nand the row"
  - measure: qualified-leads
    weight: 50
    accepted:
      by: head-of-sales
      reason: "**Agreed** in the *pipeline* review."
values:
  - value: customer-first
development:
  - Run discovery without a script.
feedback: [weekly-one-to-one, annual-review]
partnership:
  employee: [Keeps the pipeline up to date.]
  manager: [Reviews two calls a week.]
"""


@pytest.fixture(scope="module")
def role_html(tmp_path_factory) -> str:
    """The hostile role built once into a real site."""
    from click.testing import CliRunner

    from conftest import MINIMAL, write_framework

    tmp = tmp_path_factory.mktemp("hostile")
    root = write_framework(tmp / "framework", {**MINIMAL, "roles/account-executive.yml": HOSTILE_ROLE})
    here = os.getcwd()
    os.chdir(tmp)  # no mkdocs.yml there: spm-site's default configuration
    try:
        result = CliRunner().invoke(cli, ["build", str(root), "--site-dir", str(tmp / "site")])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return (tmp / "site/roles/account-executive/index.html").read_text()


def _content(html: str) -> str:
    start = html.index('<article class="md-content__inner')
    return html[start: html.index("</article>", start)]


def test_raw_html_is_shown_not_run(role_html):
    content = _content(role_html)
    assert not re.search(r"<(script|img|b)\b", content)
    shown = html.unescape(re.sub(r"<[^>]+>", "", content))
    assert "<script>alert('purpose')</script>" in shown and "<img src=x onerror=alert(2)>" in shown


@pytest.mark.parametrize("scheme", ["javascript:", "JaVaScRiPt:", "data:", "java&#115;cript:"])
def test_dangerous_links_lose_their_link(role_html, scheme):
    hrefs = re.findall(r'href="([^"]*)"', _content(role_html))
    assert not [h for h in hrefs if scheme.lower() in h.lower() or "javascript" in h.lower()]


def test_safe_links_keep_working(role_html):
    assert 'href="https://example.com/ok"' in _content(role_html)


def test_attr_list_cannot_add_attributes(role_html):
    content = _content(role_html)
    assert not re.search(r"<[^>]+\son(click|mouseover)=", content)
    assert "onclick=alert(1)" in content  # shown as text, as the author typed it


def test_author_text_is_never_a_template(role_html):
    shown = html.unescape(re.sub(r"<[^>]+>", " ", _content(role_html)))
    assert "{{ 7 * 7 }}" in shown and "49" not in shown.split()


def test_pipes_and_newlines_stay_in_their_table_cell(role_html):
    content = _content(role_html)
    row = re.search(r"<tr>\s*<td><a href=\"../../measures/win-rate/\">Win rate</a></td>(.*?)</tr>", content, re.S)
    assert row, "the win-rate row is missing or broken"
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert len(cells) == 4
    assert "splits | the cell and the row" in html.unescape(cells[-1])


def test_author_markdown_still_works(role_html):
    assert "<strong>Agreed</strong> in the <em>pipeline</em> review." in _content(role_html)


def test_heading_shows_the_name_exactly(role_html):
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", role_html, re.S).group(1)
    shown = html.unescape(re.sub(r"<a class=\"headerlink\".*", "", h1))
    assert shown == "Engineer {: onclick=alert(1) } #1 <b>bold</b>"


@pytest.mark.parametrize(("text", "expected"), [
    ("a | b", "a &#124; b"),
    ("line one\nline two", "line one line two"),
    ("[x](javascript:alert(1))", "x"),
    ("[x](https://ok.example)", "[x](https://ok.example)"),
    ("<i>hi</i>", "&lt;i>hi&lt;/i>"),
    ("[a [nested] b](javascript:alert(1))", "a [nested] b"),
    ("![p](https://evil.example/p.gif)", "p"),
    ("<javascript:alert(1)>", "&lt;javascript:alert(1)>"),
])
def test_inline_filter(text, expected):
    assert sanitize.markdown_inline(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("- item [x][r]\n  [r]: javascript:alert(1)", "- item [x][r]\n  [r]: #"),
    ("> [x][r]\n>\n> [r]: data:text/html,x", "> [x][r]\n>\n> [r]: #"),
    ("1. [r]: vbscript:x", "1. [r]: #"),
    ("See [win rate](measures/win-rate.md).", "See [win rate](../measures/win-rate.md)."),
])
def test_block_filter_on_a_role_page(text, expected):
    """Reference definitions inside lists and quotes are seen too; site links are made relative to `roles/`."""
    assert sanitize.markdown_block(text, "roles") == expected
