"""The site folder is spm-site's alone: which folder a build may replace, and replacing it safely.

A build replaces the whole site folder, so choosing the wrong one destroys work. A folder may be
replaced only when spm-site built it (it holds the marker file) or when it is empty, and never
when it is, holds or lies inside the author's own folders. Everything a build creates beside the
site (the staging folder, the previous site on its way out, the lock) carries a name derived from
the site's and goes away on every exit path; the next run removes what a killed one left behind,
recognised by name and marker together.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: The marker in every folder spm-site builds. A dot file: MkDocs keeps it when it cleans a folder
#: and hosts need nothing from it. It names the folder it belongs to, so a copy of a site (into a
#: web root, say) is not taken for one spm-site may replace; every other file of two builds of the
#: same input into two folders is byte-identical.
MARKER = ".spm-site"
MARKER_FIRST_LINE = b"This folder was built by spm-site."
_MARKER_FOLDER = b"Folder: "
_MARKER_REST = (b"Every build replaces all of it: keep nothing of your own here.\n"
                b"spm-site replaces only folders that hold this file (or empty ones).\n")
LOCK_TEXT = b"spm-site holds this lock while it builds the site beside it.\n"
#: Seconds a build waits for another build into the same folder before it gives up.
LOCK_TIMEOUT = 60.0
_TERMINATING = (signal.SIGTERM, signal.SIGHUP)

_HINTS = {
    errno.EACCES: "spm-site may not write here: choose a folder you can write to",
    errno.EPERM: "spm-site may not write here: choose a folder you can write to",
    errno.EROFS: "this file system is read-only: choose a folder on a writable one",
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EFBIG: "a file size limit was reached: raise the limit or free some space",
    errno.ENOTDIR: "a file is in the way where a folder is needed: move it or choose another folder",
    errno.EEXIST: "a file is in the way where a folder is needed: move it or choose another folder",
}


class SiteDirError(Exception):
    """A file-system problem with the site folder, already worded as a located message."""


class SiteDirRefused(SiteDirError):
    """The site folder must not be replaced: a safety refusal, not a failed build."""


@dataclass(frozen=True)
class Protected:
    """A folder of the author's that a site folder must not be, nor hold (nor lie inside, if `inside`)."""

    path: Path
    what: str
    inside: bool = True


def shown(path: Path | str) -> str:
    """A path on one line: control characters (a newline in a folder name) escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))


def message(path: Path | str, text: str, hint: str | None = None, rule: str = "site-dir") -> str:
    """`path: error[site-dir]: text`, with an optional `help:` line, like every other finding."""
    line = f"{shown(path)}: error[{rule}]: {text}"
    return f"{line}\n  help: {hint}" if hint else line


def located(exc: OSError, rule: str = "site-dir") -> SiteDirError:
    """An OSError as a message naming the file it happened to, instead of a traceback.

    A failed copy or rename names two files: the message is located at the one being written.
    """
    where, other = (exc.filename2, exc.filename) if exc.filename2 is not None else (exc.filename, None)
    text = exc.strerror or str(exc)
    if other is not None:
        text += f" (from {shown(os.fsdecode(other))})"
    line = f"{shown(os.fsdecode(where) if where is not None else '.')}: error[{rule}]: {text}"
    hint = _HINTS.get(exc.errno or 0)
    return SiteDirError(f"{line}\n  help: {hint}" if hint else line)


def check(site_dir: Path, protected: Iterable[Protected], suggestion: str, option: str = "--site-dir") -> Path:
    """The site folder, resolved, when a build may replace it; else SiteDirRefused saying why."""
    try:
        reason = _reason(site_dir, protected)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links on the way
        reason = f"spm-site cannot tell what it holds ({shown(exc)})"
    if reason is None:
        return site_dir.resolve()
    where = site_dir.absolute()
    raise SiteDirRefused(message(
        where, f"refusing to build the site here: {reason}; a build replaces the whole folder",
        f"pass a new folder, an empty one or one spm-site built before, such as {option} {shown(suggestion)}"))


def _reason(site_dir: Path, protected: Iterable[Protected]) -> str | None:
    """Why a build must not replace `site_dir`, or None. Reads the file system, writes nothing."""
    if site_dir.is_symlink():
        return f"it is a symbolic link (to {shown(os.readlink(site_dir))}); pass the folder itself"
    if site_dir.exists() and not site_dir.is_dir():
        return "it is a file, not a folder"
    site = site_dir.resolve()
    if site.parent == site:
        return "it is the root of the file system"
    home = Path.home().resolve()
    if _within(home, site):
        return f"it {'is' if home == site else 'contains'} your home folder {shown(home)}"
    for folder in protected:
        found = overlap(site, folder)
        if found:
            return found
    return _git_reason(site) or _ownership_reason(site)


def overlap(site: Path, folder: Protected) -> str | None:
    """Why `site` (resolved) may not be used beside `folder`: it is it, holds it, or lies inside it."""
    path = folder.path.resolve()
    if site == path:
        return f"it is {folder.what} {shown(path)}"
    if _within(path, site):
        return f"it contains {folder.what} {shown(path)}"
    if folder.inside and _within(site, path):
        return f"it lies inside {folder.what} {shown(path)}"
    return None


def _git_reason(site: Path) -> str | None:
    if site.name == ".git":
        return "it is a git repository's own .git folder"
    if ".git" in site.parts:
        return "it lies inside a git repository's own .git folder"
    if os.path.lexists(site / ".git"):
        return "it is the root of a git work tree (it holds .git)"
    return None


def _ownership_reason(site: Path) -> str | None:
    if not site.is_dir() or _is_empty(site):
        return None
    if not is_ours(site):
        named = marked_for(site)
        if named is not None:
            return (f"its {MARKER} file says spm-site built it as {shown(os.fsdecode(named))}: it is a copy of a "
                    "site, or the project has moved; if it only holds a site, delete it yourself once")
        return (f"it is not empty and spm-site did not build it (it holds no {MARKER} file); if it is a site "
                "an older spm-site built, delete it yourself once")
    for top, dirs, files in os.walk(site):
        if ".git" in dirs or ".git" in files:
            return f"it holds a git work tree at {shown(top)}"
    return None


def _within(inner: Path, outer: Path) -> bool:
    """True when `inner` is `outer` or lies below it (both resolved)."""
    return inner == outer or outer in inner.parents


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def marker_text(folder: Path) -> bytes:
    """The marker of `folder`: our line, then the folder it belongs to."""
    return MARKER_FIRST_LINE + b"\n" + _MARKER_FOLDER + os.fsencode(folder.resolve()) + b"\n" + _MARKER_REST


def marked_for(folder: Path) -> bytes | None:
    """The folder named by `folder`'s marker (a regular file, not a link, starting with our line); None without one."""
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode):
            return None
        with marker.open("rb") as f:
            lines = f.read(64 * 1024).split(b"\n")
    except OSError:
        return None
    if lines[0] != MARKER_FIRST_LINE or len(lines) < 2 or not lines[1].startswith(_MARKER_FOLDER):
        return None
    return lines[1][len(_MARKER_FOLDER):]


def is_ours(folder: Path, owner: Path | None = None) -> bool:
    """True when `folder` holds the marker spm-site wrote for `owner`.

    Without `owner`: a marker for the folder itself, or, for a staging or outgoing folder beside a
    site (`.site-new-…`, `.site-old-…`), a marker for that site.
    """
    named = marked_for(folder)
    if named is None:
        return False
    if owner is not None:
        return named == os.fsencode(owner.resolve())
    here = folder.resolve()
    site = Path(os.fsdecode(named))
    return site == here or (site.parent == here.parent and _leftover_pattern(site).fullmatch(here.name) is not None)


def _leftover_pattern(site: Path) -> re.Pattern[str]:
    """Names of the staging and outgoing folders of builds into `site` (the random tail of mkdtemp's names)."""
    return re.compile(re.escape(f".{site.name}-") + r"(?:new|old)-[a-z0-9_]{8}")


def remove_leftovers(site: Path) -> list[Path]:
    """Remove what a killed build into `site` left beside it: folders with our names AND our marker, nothing else."""
    pattern = _leftover_pattern(site)
    removed: list[Path] = []
    with os.scandir(site.parent) as entries:
        found = [Path(e.path) for e in entries if pattern.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
    for folder in found:
        if is_ours(folder, owner=site):
            remove_ours(folder)
            removed.append(folder)
    return removed


def remove_ours(folder: Path) -> None:
    """Delete a marked folder, the marker last: a removal cut short still leaves it recognisable."""
    with os.scandir(folder) as entries:
        for entry in list(entries):
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def mark(folder: Path, owner: Path | None = None) -> None:
    """Say that spm-site built `folder` for `owner` (by default, itself), so a later build may replace it."""
    (folder / MARKER).write_bytes(marker_text(owner or folder))


@contextlib.contextmanager
def staging(site: Path) -> Iterator[Path]:
    """A new marked folder beside `site` to build into; removed on the way out unless it became the site."""
    folder = Path(tempfile.mkdtemp(prefix=f".{site.name}-new-", dir=site.parent))
    try:
        mark(folder, owner=site)
        yield folder
    finally:
        if os.path.lexists(folder):
            with contextlib.suppress(OSError):  # what stays behind is removed by the next run
                remove_ours(folder)


def swap(new: Path, site: Path, in_place: Callable[[], None] = lambda: None) -> None:
    """Put `new` in place of `site`; the previous site stays as it was unless the swap completes.

    Signals wait until both renames are done, so an interrupt never leaves the site missing.
    `in_place` runs once `new` is the site, before the previous one is removed (which takes a while).
    """
    with _signals_held():
        if not site.exists() or _is_empty(site):
            new.rename(site)  # rename(2) replaces an empty folder in one step
            in_place()
            return
        old = site.with_name(f".{site.name}-old-{secrets.token_hex(4)}")
        site.rename(old)
        try:
            new.rename(site)
        except BaseException:
            old.rename(site)
            raise
    in_place()
    with contextlib.suppress(OSError):  # the next run removes what stays behind
        remove_ours(old)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    held = {signal.SIGINT, *_TERMINATING}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Let SIGTERM and SIGHUP (a cancelled CI job, `kill`) unwind like Ctrl-C, so cleanup code runs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; its own signals are then its caller's concern
        return

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, leave) for s in _TERMINATING}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def lock_path(site: Path) -> Path:
    return site.with_name(f".{site.name}.lock")


@contextlib.contextmanager
def locked(site: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of builds into `site` (waiting up to `timeout` seconds); the lock file goes afterwards."""
    path = lock_path(site)
    fd = _acquire(path, site, time.monotonic() + timeout, timeout)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still held: a build waiting on this file sees it gone and opens a new one
        os.close(fd)


def _acquire(path: Path, site: Path, deadline: float, timeout: float) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            if _try_lock(fd) and _still_there(fd, path):
                _claim(fd, path)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if time.monotonic() >= deadline:
            raise SiteDirError(message(
                site, f"another spm-site build into this folder is still running (it holds {shown(path)}); "
                      f"waited {timeout:g} s",
                "wait for it to finish, or pass --lock-timeout SECONDS to wait longer"))
        time.sleep(0.05)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _still_there(fd: int, path: Path) -> bool:
    """True when `path` still names the locked file (the previous holder removes it on release)."""
    try:
        on_disk = path.stat(follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _claim(fd: int, path: Path) -> None:
    """Write our text into the lock file, unless it is someone else's file of that name."""
    content = os.pread(fd, len(LOCK_TEXT) + 1, 0)
    if content not in (b"", LOCK_TEXT):
        raise SiteDirError(message(path, "this file is in the way of spm-site's lock file for the site beside it",
                                   "move it away; spm-site creates and removes this file itself"))
    if not content:
        os.write(fd, LOCK_TEXT)
