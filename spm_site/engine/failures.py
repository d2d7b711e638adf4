"""A build stopped by located findings, kept as findings and not only as the text MkDocs logs.

MkDocs turns a plugin's error into a log line and an `Abort`; `serve`'s error page needs the
findings themselves (file, line, message, help), so the plugin raises them in this error, and
`findings_of` finds it again behind the `Abort` MkDocs raises in its place.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ..diagnostics import Diagnostic, format_text


class FindingsFailed(PluginError):
    """The plugin stopped the build on these findings; its text is what MkDocs logs."""

    def __init__(self, heading: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(heading + format_text(diagnostics, quote_source=False))
        self.diagnostics = list(diagnostics)


def findings_of(exc: BaseException) -> FindingsFailed | None:
    """The FindingsFailed an exception was raised in place of, if any.

    MkDocs raises `Abort` inside the `except` that caught the plugin's error, and `build.py` raises
    `BuildFailed ... from None` in turn: Python keeps each caught error as `__context__` all the same.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, FindingsFailed):
            return current
        seen.add(id(current))
        current = current.__context__
    return None
