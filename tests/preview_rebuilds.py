"""Run the preview's builds in a process of their own and keep each site: `python preview_rebuilds.py PROJECT OUT STEPS`.

STEPS is a JSON list; each step is {path in PROJECT: new text} written before one rebuild of
`serve.Preview` (the first step before the first build, as `spm-site serve` starts). After each
build the served folder is copied to OUT/<n>/ and the page cache's counts written to OUT/<n>.json.
A process of its own, because `serve` keeps its plugin (and its cache) for the rest of the process.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path


def main(project: Path, out: Path, steps: list[dict[str, str]]) -> None:
    from spm_site.engine.build import spm_plugin
    from spm_site.engine.serve import Preview

    os.chdir(project)
    config_file = project / "mkdocs.yml"
    preview = Preview(config_file if config_file.is_file() else None, {}, strict=False)
    try:
        for n, edits in enumerate(steps):
            for path, text in edits.items():
                (project / path).parent.mkdir(parents=True, exist_ok=True)
                (project / path).write_text(text, encoding="utf-8")
            config = preview.config()
            if n == 0:  # as serve starts: the plugin kept for the process, its cache in memory
                spm_plugin(config)
                config.plugins.on_startup(command="serve", dirty=False)
            preview.rebuild(config)
            if preview.failed_page is not None:
                raise SystemExit(f"step {n}: the rebuild failed")
            shutil.copytree(preview.site, out / str(n))
            cache = spm_plugin(config).cache
            assert cache is not None
            (out / f"{n}.json").write_text(json.dumps({"hits": cache.hits, "misses": cache.misses}))
    finally:
        preview.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), json.loads(sys.argv[3]))
