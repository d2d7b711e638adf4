"""Preview the handbook with MkDocs' live-reload server; a failed rebuild explains itself in the browser.

MkDocs' own `serve` leaves the browser hanging when a rebuild fails: its build loop marks a new
version of the site as wanted before building, the failed build never makes it visible, and every
request (pages, CSS, the live-reload poll) waits for it until a rebuild succeeds. Here a rebuild
never fails as far as the server can tell: `Preview.rebuild` keeps what went wrong (`Failure`),
the new version becomes visible, open pages reload (MkDocs' own script) and every page request is
answered with the error page (`site/error_page.py`), which reloads by itself after the next
rebuild. Each rebuild is built into a marked staging folder beside the served one and swapped in
only when complete, as `spm-site build` does (`build.replace_folder`), so styles, scripts, images
and the search index keep coming from the last good build. Because the served folder is whole
while the next one is built, readers are not held during a rebuild either (`PreviewServer.rebuild`):
only the swap itself is.

Findings reach the terminal too: the framework's errors when the check stops a rebuild, and its
warnings after a good one (listed again only when they change), which otherwise only the
alignment page would show.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer

from . import sitedir
from .build import DEFAULT_CONFIG, BuildFailed, check_site_dir, config_overrides, needs_empty_docs, replace_folder, \
    spm_plugin
from .failures import findings_of
from ..diagnostics import Diagnostic, format_text, sort_diagnostics
from ..pipeline import check_framework
from ..site.author_links import docs_pages
from ..site.error_page import Failure, error_page

log = logging.getLogger("mkdocs.plugins.spm")


class Preview:
    """Builds the handbook for the server, into a folder of spm-site's own, and remembers failures.

    The served folder is `root/site`, with `root` a new temporary folder: outside the project and
    every watched folder, replaced only as `sitedir` allows, removed when the preview stops.
    """

    def __init__(self, config_file: Path | None, overrides: dict[str, Any], strict: bool) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="spm-serve-"))
        self.site = self.root / "site"
        self.config_file = config_file
        self.overrides = dict(overrides)
        if needs_empty_docs(config_file):  # the docs folder MkDocs insists on: empty, unwatched, ours
            self.empty_docs: Path | None = self.root / "docs"
            self.empty_docs.mkdir()
            self.overrides["docs_dir"] = str(self.empty_docs)
        else:
            self.empty_docs = None
        self.strict = strict
        self.url = ""
        #: What page requests get after the latest rebuild: None for the handbook, else the error page.
        self.failed_page: bytes | None = None
        self._told: list[Diagnostic] | None = None  # the warnings last listed in the terminal

    def config(self) -> MkDocsConfig:
        """The config for one build, read afresh (mkdocs.yml may have changed), served at `url`."""
        config = load_config(str(self.config_file or DEFAULT_CONFIG), site_dir=str(self.site), strict=self.strict,
                             **self.overrides)
        if self.url:
            config.site_url = self.url
        return config

    def rebuild(self, config: MkDocsConfig | None = None, before_swap: Callable[[], None] = lambda: None,
                in_place: Callable[[], None] = lambda: None) -> None:
        """One build; whatever goes wrong is kept for the browser and told in the terminal, never raised.

        `before_swap` runs once the new site is complete, just before it replaces the served one;
        `in_place` once it has, before the previous one is removed.
        """
        log.info("Building the handbook...")
        with _said() as said:
            try:
                failure = self._build(config, said, before_swap, in_place)
            except Exception as exc:  # a fault of spm-site's own: the traceback for us, a line for the author
                traceback.print_exc()
                failure = Failure(notes=[f"spm-site failed unexpectedly: {type(exc).__name__}: {exc}"])
        if failure is None:
            self.failed_page = None
            return
        self._told = None  # the warnings are listed again once the handbook builds
        # The server makes this build's version visible when we return; the page waits for a newer one.
        epoch = round(time.monotonic() * 1000)
        self.failed_page = error_page(failure, epoch).encode("utf-8")
        self._tell(f"The preview at {self.url} shows what is wrong until it is fixed; "
                   "it reloads by itself after the next save.")

    def _build(self, config: MkDocsConfig | None, said: list[logging.LogRecord],
               before_swap: Callable[[], None] = lambda: None,
               in_place: Callable[[], None] = lambda: None) -> Failure | None:
        try:
            config = config or self.config()
            plugin = spm_plugin(config)
        except (ConfigurationError, Abort, BuildFailed) as exc:
            self._tell(f"error: {exc}")
            return Failure(notes=_notes(said, exc))
        result = check_framework(plugin.framework_dir(config), plugin.settings_overrides(),
                                 docs_pages(Path(config.docs_dir)))
        if not result.ok:
            self._tell(format_text(result.diagnostics))
            return Failure(findings=result.diagnostics)
        self._tell_warnings(result.diagnostics)
        plugin.use(result)
        try:
            replace_folder(lambda: check_site_dir(config, self.site), lambda staging: self._fill(config, staging, before_swap),
                           in_place=in_place)
        except (Abort, PluginError, ConfigurationError, sitedir.SiteDirError) as exc:
            stopped = findings_of(exc)
            if stopped is None:
                self._tell(f"error: {exc}")  # what MkDocs logged came before, but not this
                return Failure(findings=result.diagnostics, notes=_notes(said, exc))
            logged = str(stopped)
            return Failure(findings=sort_diagnostics([*stopped.diagnostics, *result.diagnostics]),
                           notes=[m for m in _notes(said, None) if m != logged])
        return None

    def _fill(self, config: MkDocsConfig, staging: Path, before_swap: Callable[[], None]) -> None:
        config.site_dir = str(staging)
        mkdocs_build(config, serve_url=self.url)
        before_swap()

    def _tell_warnings(self, diagnostics: list[Diagnostic]) -> None:
        """List the findings of a good build, unless they are the ones listed last time."""
        if not diagnostics:
            self._told = []
            return
        if diagnostics == self._told:
            self._tell(f"{len(diagnostics)} finding{'s' * (len(diagnostics) != 1)}, as listed before.")
            return
        self._told = list(diagnostics)
        self._tell(format_text(diagnostics))

    def _tell(self, text: str) -> None:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def watched(self, config: MkDocsConfig) -> list[str]:
        """What a change to means a rebuild: the framework, template overrides, docs/, mkdocs.yml and
        the config's own `watch:` list (read here, so that even a first build that fails is watched)."""
        plugin = spm_plugin(config)
        paths = [plugin.framework_dir(config)]
        if plugin.templates_dir(config).is_dir():
            paths.append(plugin.templates_dir(config))
        if self.empty_docs is None:
            paths.append(Path(config.docs_dir))
        if self.config_file is not None:
            paths.append(self.config_file)
        paths.extend(Path(p) for p in config.watch)
        return list(dict.fromkeys(str(p.resolve()) for p in paths if p.exists()))

    def close(self) -> None:
        """Remove the served site and everything else under our temporary folder."""
        if sitedir.is_ours(self.site):
            sitedir.remove_ours(self.site)
        if self.empty_docs is not None:
            with contextlib.suppress(OSError):
                self.empty_docs.rmdir()
        with contextlib.suppress(OSError):
            self.root.rmdir()


class PreviewServer(LiveReloadServer):
    """MkDocs' server, except that page requests get the error page while the latest rebuild has failed,
    and that readers are not held while a rebuild runs.

    MkDocs' build loop marks a new version of the site as wanted (`_wanted_epoch`) before it builds,
    and its request handler waits until the visible version (`_visible_epoch`) catches up: every
    request waits for the whole rebuild. Here each rebuild fills a staging folder while the served
    one stays complete, so for the time of the build the wanted version is put back to the visible
    one: requests are answered at once from the previous site, with its version in the live-reload
    script, so open pages reload when the new one is in place. Only the two renames of the folder
    swap are held as MkDocs holds a build, so no request meets the instant the site folder is
    missing; removing the previous folder, which takes longer, is not.
    """

    def __init__(self, preview: Preview, host: str, port: int, mount_path: str) -> None:
        super().__init__(builder=self.rebuild, host=host, port=port, root=str(preview.site), mount_path=mount_path)
        self.preview = preview

    def rebuild(self) -> None:
        """The build loop's builder: `preview.rebuild` with readers served meanwhile (see the class)."""
        with self._epoch_cond:
            coming = self._wanted_epoch

        def serve_previous() -> None:
            self._want(self._visible_epoch)

        def hold() -> None:
            self._want(coming)

        serve_previous()
        try:
            self.preview.rebuild(before_swap=hold, in_place=serve_previous)
        finally:
            hold()  # the loop makes `coming` visible, and wakes the held, once we return

    def _want(self, epoch: int) -> None:
        """Requests wait until the visible version is `epoch`: at once when it already is."""
        with self._epoch_cond:
            self._wanted_epoch = epoch
            self._epoch_cond.notify_all()

    def serve_request(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        page = self.preview.failed_page
        if page is not None and is_page(environ.get("PATH_INFO", "/")):
            start_response("500 Internal Server Error", [
                ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page))),
                ("Cache-Control", "no-store")])
            return [page]
        return super().serve_request(environ, start_response)


def is_page(path: str) -> bool:
    """True for a request a browser shows as a page (`/`, `/roles/x/`, `/x.html`, `/roles/x`); false for
    assets (`.css`, `.js`, `.json`, images) and the live-reload poll."""
    if path.startswith("/livereload/"):
        return False
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith((".html", ".htm")) or "." not in last


def serve(framework_dir: Path | None, config_file: Path | None, dev_addr: str, strict: bool = True) -> None:
    """Serve until interrupted; pages live in memory and the site in a temporary folder of its own.

    The framework folder reaches the plugin as its `framework` option, in the config MkDocs loads for
    every rebuild: without a config of the repository's, spm-site's own names `framework` here.
    """
    if config_file is None:
        framework_dir = framework_dir or Path("framework")
    preview = Preview(config_file, {"dev_addr": dev_addr, **config_overrides(config_file, framework_dir)}, strict)
    try:
        with sitedir.terminate_as_exit():
            _run(preview)
    finally:
        preview.close()


def _run(preview: Preview) -> None:
    try:
        config = preview.config()
        spm_plugin(config)
    except (ConfigurationError, Abort, BuildFailed) as exc:
        raise SystemExit(f"error: {exc}") from None
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    server = PreviewServer(preview, host, port, mount_path)
    preview.url = config.site_url = server.url
    server.error_handler = lambda code: _error_file(preview.site, code)
    try:
        preview.rebuild(config)
        server = config.plugins.on_serve(server, config=config, builder=server.builder)
        for path in preview.watched(config):
            server.watch(path)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()


def _error_file(site: Path, code: int) -> bytes | None:
    """The last good build's own 404 page, as MkDocs' serve answers with it."""
    page = site / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


@contextlib.contextmanager
def _said() -> Iterator[list[logging.LogRecord]]:
    """The warnings and errors MkDocs (and plugins) log during one build, for the error page."""
    records: list[logging.LogRecord] = []
    builder = threading.get_ident()  # not the server's threads, which log requests meanwhile
    handler = logging.Handler(logging.WARNING)
    handler.addFilter(lambda record: record.thread == builder)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def _notes(said: list[logging.LogRecord], exc: BaseException | None) -> list[str]:
    """What was logged, then the error itself when it adds something, duplicates dropped."""
    notes = [record.getMessage() for record in said]
    if exc is not None:
        notes.append(str(exc))
    return list(dict.fromkeys(n for n in notes if n.strip()))
