"""The stated public API (`spm_site.check`, `load`, `render`, `build`), as another tool calls it."""

from __future__ import annotations

import pytest

import spm_site


def test_check_and_load_a_clean_framework(make_framework):
    root = make_framework()
    result = spm_site.check(root)
    assert result.ok and result.diagnostics == []
    fw = spm_site.load(root)
    assert fw == result.framework and "account-executive" in fw.roles


def test_load_raises_with_every_finding_located(make_framework):
    root = make_framework({"roles/account-executive.yml": "name: Account executive\nfunction: nowhere\n"})
    with pytest.raises(spm_site.FrameworkError) as caught:
        spm_site.load(root)
    assert caught.value.diagnostics
    assert all(d.location.line >= 1 and d.location.file.endswith(".yml") for d in caught.value.diagnostics)


def test_render_gives_every_page_as_markdown(make_framework):
    pages = spm_site.render(spm_site.check(make_framework()))
    paths = {page.path for page in pages}
    assert {"index.md", "roles/account-executive.md", "measures/win-rate.md"} <= paths
    role = next(p for p in pages if p.path == "roles/account-executive.md")
    assert role.markdown.startswith("# Account executive")


def test_build_writes_a_site_and_refuses_a_broken_framework(make_framework, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    result = spm_site.build(root, tmp_path / "site")
    assert result.ok and (tmp_path / "site/roles/account-executive/index.html").is_file()
    (root / "levels.yml").write_text("levels: nope\n")
    with pytest.raises(spm_site.FrameworkError):
        spm_site.build(root, tmp_path / "site")
    assert (tmp_path / "site/roles/account-executive/index.html").is_file()  # the old site stays


def test_everything_named_in_all_exists():
    assert all(hasattr(spm_site, name) for name in spm_site.__all__)
