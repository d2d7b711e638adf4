"""What a site says about the audience it was built for: one sentence, in the footer and on the home page."""

from __future__ import annotations

from ..framework.visibility import INTERNAL, PUBLIC
from .sanitize import html_text


def edition_line(audience: str) -> str:
    """The sentence as safe HTML text (the theme prints the footer as it is)."""
    if audience == PUBLIC:
        text = "Public edition: only what anyone may read."
    elif audience == INTERNAL:
        text = "Internal edition: for everyone in the organisation."
    else:
        text = f"Edition for {audience}: includes what is restricted to {audience}."
    return html_text(text)


#: Pages a public site leaves out: the authors' reference explains the YAML with worked examples
#: that are spm-site's own, not the organisation's, and may share names with what is hidden.
NOT_FOR_PUBLIC = ("reference.md",)


def for_audience(pages: list, audience: str | None) -> list:  # of render.Page: render imports this module's package
    """The pages a site for `audience` publishes."""
    return [p for p in pages if not (audience == PUBLIC and p.path in NOT_FOR_PUBLIC)]
