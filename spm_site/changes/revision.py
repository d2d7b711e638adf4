"""A framework as it was at a git revision, read straight from git's objects.

Nothing is checked out and no copy of the work tree is made: `git ls-tree` lists the framework
folder at the revision and `git cat-file --batch` hands over the bytes of its files in one go.
The files are then checked by the same code as a folder on disk (`pipeline.check_framework` on
`documents.Blobs`), `spm.yml` included, so a revision passes or fails exactly as its checkout
would. Findings name files as the revision has them: `origin/main:framework/roles/x.yml:3:5`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..diagnostics import Diagnostic, Location
from ..framework.documents import Blob, Blobs
from ..pipeline import CheckResult, check_framework

#: What `git ls-tree` modes mean for a framework file.
_KINDS = {"100644": "file", "100755": "file", "120000": "link"}


class RevisionError(Exception):
    """A side of a diff that is neither a folder nor a revision git knows: a usage mistake."""


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git in `repo`; pathspecs are taken literally, and nothing is asked of a terminal."""
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed, so no revision can be read; give two folders instead") from None


def repository_of(path: Path) -> Path:
    """The top folder of the git work tree holding `path` (which need not exist any more)."""
    probe = path.absolute()
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    done = _git(probe, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise RevisionError(f"'{path}' is not inside a git repository, so no revision of it can be read")
    return Path(done.stdout.decode("utf-8", "surrogateescape").strip())


def _inside(repo: Path, framework_dir: Path) -> str:
    """The framework folder's path inside the repository, as git names it (`framework`, or `.`)."""
    top = Path(os.path.realpath(repo))
    here = Path(os.path.realpath(framework_dir.absolute()))
    try:
        rel = here.relative_to(top)
    except ValueError:
        raise RevisionError(f"the framework folder '{framework_dir}' is not inside the repository {repo}") from None
    return rel.as_posix()


def resolve_revision(repo: Path, revision: str) -> str:
    """The commit `revision` names in `repo`; a name git does not know is a usage error."""
    done = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise RevisionError(f"'{revision}' is neither a folder nor a revision of the git repository {repo} "
                            "(a branch, a tag or a commit; in CI, fetch the history first: fetch-depth 0)")
    return done.stdout.decode("ascii").strip()


def _tree(repo: Path, commit: str, folder: str) -> dict[str, tuple[str, Blob]]:
    """Every entry under `folder` at `commit`: path inside the folder -> (object id, Blob)."""
    args = ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]
    if folder != ".":
        args += ["--", folder]
    done = _git(repo, *args)
    if done.returncode != 0:
        raise RevisionError(done.stderr.decode("utf-8", "replace").strip() or f"cannot list {folder} at {commit}")
    prefix = "" if folder == "." else folder + "/"
    entries: dict[str, tuple[str, Blob]] = {}
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, _kind, oid, size = meta.decode("ascii").split()
        path = name.decode("utf-8", "surrogateescape")
        if not path.startswith(prefix):
            continue
        kind = _KINDS.get(mode, "other")
        entries[path[len(prefix):]] = (oid, Blob(kind, int(size) if size.isdigit() else 0))
    return entries


def read_blobs(repo: Path, oids: Sequence[str]) -> list[bytes]:
    """The contents of the given git objects, in order, from one `git cat-file --batch`."""
    if not oids:
        return []
    done = _git(repo, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode("ascii"))
    if done.returncode != 0:
        raise RevisionError(done.stderr.decode("utf-8", "replace").strip() or "git cat-file failed")
    out, data, at = [], done.stdout, 0
    for oid in oids:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        if len(header) != 3:  # "<oid> missing"
            raise RevisionError(f"git object {oid} is missing from the repository")
        size = int(header[2])
        out.append(data[end + 1 : end + 1 + size])
        at = end + 1 + size + 1  # the content, then a newline
    return out


def _docs_pages(repo: Path, commit: str, docs_dir: Path | None) -> list[str]:
    """The hand-written docs/ files at `commit`, as site paths, for the link check (links left out)."""
    if docs_dir is None:
        return []
    try:
        entries = _tree(repo, commit, _inside(repo, docs_dir))
    except RevisionError:
        return []
    return sorted(rel for rel, (_, blob) in entries.items() if blob.kind == "file")


def check_revision(repo: Path, revision: str, framework_dir: Path, overrides: dict | None = None,
                   docs_dir: Path | None = None) -> CheckResult:
    """Check the framework as it was at `revision` (git), read with `git ls-tree`/`git cat-file`, no checkout.

    `framework_dir` is the framework folder in `repo`'s work tree (absolute, or relative to the
    current folder); its place in the repository is where it is looked for at `revision`.
    `overrides` and `docs_dir` are the project's config, as `check` reads it.
    Raises RevisionError for a revision git does not know.
    """
    commit = resolve_revision(repo, revision)
    folder = _inside(repo, framework_dir)
    label = f"{revision}:{folder}" if folder != "." else f"{revision}:"
    tree = _tree(repo, commit, folder)
    if not tree:
        return CheckResult(None, [Diagnostic(
            Location(label), "missing-file", f"the framework folder '{folder}' does not exist at {revision}",
            hint="compare with a revision that has the framework, or give the folder it had then")])

    def fetch(paths: Sequence[str]) -> Mapping[str, bytes]:
        return dict(zip(paths, read_blobs(repo, [tree[p][0] for p in paths])))

    blobs = Blobs(label, {rel: blob for rel, (_, blob) in tree.items()}, fetch)
    return check_framework(blobs, overrides, _docs_pages(repo, commit, docs_dir))


def check_side(spec: str, framework_dir: Path, overrides: dict | None = None, docs_dir: Path | None = None,
               extra_pages: Iterable[str] = ()) -> CheckResult:
    """A folder if `spec` is one, else a git revision of the repository holding framework_dir.

    `extra_pages` are the docs/ pages of the work tree, for a folder; a revision lists its own.
    """
    if Path(spec).is_dir():
        return check_framework(Path(spec), overrides, extra_pages)
    if not spec or spec.startswith("-"):
        raise RevisionError(f"'{spec}' is neither a folder nor a git revision")
    return check_revision(repository_of(framework_dir), spec, framework_dir, overrides, docs_dir)

