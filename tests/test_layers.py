"""The package's layers, enforced by what each module imports.

Data flows one way: `framework` (files in, a checked framework out) knows nothing of pages or of
MkDocs; `rules` read the framework; `site` turns it into pages; `engine` is the only code that
talks to MkDocs. A newcomer can trust the tree because this test keeps it true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "spm_site"

#: For each layer, the layers (and third-party packages) its modules must never import.
FORBIDDEN = {
    "framework": {"spm_site.rules", "spm_site.site", "spm_site.engine", "spm_site.cli",
                  "mkdocs", "markdown", "jinja2", "nh3", "click"},
    "rules": {"spm_site.site", "spm_site.engine", "spm_site.cli", "mkdocs", "markdown", "jinja2", "nh3", "click"},
    "diagnostics": {"spm_site.framework", "spm_site.rules", "spm_site.site", "spm_site.engine", "spm_site.cli",
                    "mkdocs", "markdown", "jinja2"},
    "site": {"spm_site.engine", "spm_site.cli", "mkdocs", "click"},
    "changes": {"spm_site.site", "spm_site.engine", "spm_site.cli", "mkdocs", "markdown", "jinja2", "nh3", "click"},
    # Spreadsheets and JSON in and out: files of its own formats, never pages, the engine or the command line.
    "exchange": {"spm_site.site", "spm_site.engine", "spm_site.cli", "spm_site.pipeline",
                 "mkdocs", "markdown", "jinja2", "nh3", "click"},
}


def imports(path: Path) -> set[str]:
    """Absolute names of every module `path` imports, relative imports resolved."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def _layer_modules(layer: str) -> list[Path]:
    root = PACKAGE / layer
    return sorted(root.rglob("*.py")) if root.is_dir() else [PACKAGE / f"{layer}.py"]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer):
    modules = _layer_modules(layer)
    assert modules and all(m.is_file() for m in modules), f"layer {layer} has no modules"
    broken = []
    for path in modules:
        for name in imports(path):
            bad = [f for f in FORBIDDEN[layer] if name == f or name.startswith(f + ".")]
            if bad:
                broken.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert broken == []


def test_only_the_engine_imports_mkdocs():
    outside = [str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))
               if p.relative_to(PACKAGE).parts[0] != "engine"
               and any(n == "mkdocs" or n.startswith("mkdocs.") for n in imports(p))]
    assert outside == []


def test_the_import_check_sees_imports():
    """The checker itself must find a forbidden import, or the tests above prove nothing."""
    here = imports(Path(__file__))
    assert "ast" in here and "pytest" in here
