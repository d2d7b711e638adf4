"""Time the post-build leak scan alone, on a site built from the synthetic framework.

    python -m bench.leak_scan --roles 1000                 # generate, build once, then time the scan
    python -m bench.leak_scan --roles 1000 --share 0.2     # hide 20% of roles and measures (the default)

The framework is written by `bench.generate` into `bench/out/leak-<N>/framework` and built once
with `spm-site build` (reused while the generator's version is the same). The hidden records are
drawn from that framework, deterministically: a share of the roles and of the measures, each with
its id, name and texts, as the audience filter would hide them. The site is built from the whole
framework, so every hidden text the filter would have left out is, in fact, there: the scan must
find each hidden item (the bench checks it does), which is the worst case for its time. A second
timing scans a copy of the hidden records whose texts are made absent from the site (the normal
case: nothing leaks). For comparison, the existing output scan is timed on the same site. Prints
the best of `--repeat` runs of each.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import GENERATOR_VERSION
from spm_site.engine import leak_scan, output_scan
from spm_site.framework.audience import own_strings, visible_texts
from spm_site.framework.hidden import Hidden
from spm_site.pipeline import check_framework

OUT = Path(__file__).resolve().parent / "out"


def ensure_site(roles: int) -> tuple[Path, Path]:
    """The framework and its built site, generated and built once per size and generator version."""
    base = OUT / f"leak-{roles}"
    framework, site, stamp = base / "framework", base / "site", base / "version"
    if not (stamp.is_file() and stamp.read_text() == str(GENERATOR_VERSION) and (site / "index.html").is_file()):
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        subprocess.run([sys.executable, "-m", "bench.generate", "--roles", str(roles), str(framework)], check=True)
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build", str(framework), "--site-dir", str(site)],
                       check=True, cwd=base, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        print(f"built {roles} roles in {time.perf_counter() - started:.1f} s")
        stamp.write_text(str(GENERATOR_VERSION))
    return framework, site


def hidden_records(framework_dir: Path, share: float, seed: int = 7):
    """A share of the roles and measures hidden, and the framework without them (what stays visible)."""
    fw = check_framework(framework_dir).framework
    assert fw is not None
    rng = random.Random(seed)
    records: list[Hidden] = []
    hidden_ids: dict[str, set[str]] = {"role": set(), "measure": set()}
    for kind, items in (("role", fw.roles), ("measure", fw.measures)):
        for item_id in sorted(items):
            if rng.random() < share:
                item = items[item_id]
                texts = [t for t in own_strings(item) if t != item_id]  # its name comes first
                records.append(Hidden(kind, item_id, None, (item_id, *texts), None))
                hidden_ids[kind].add(item_id)
    fw.roles = {k: v for k, v in fw.roles.items() if k not in hidden_ids["role"]}
    fw.measures = {k: v for k, v in fw.measures.items() if k not in hidden_ids["measure"]}
    return records, fw


def timed(repeat: int, run) -> tuple[str, object]:
    """'wall s (CPU s)', the best of `repeat` runs (as timeit reports), and the last run's result.
    CPU time is shown too: on a busy machine it is the steadier of the two."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return f"{min(walls):.2f} s (CPU {min(cpus):.2f} s)", result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--share", type=float, default=0.2, help="share of roles and measures hidden")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    framework, site = ensure_site(args.roles)
    records, visible_fw = hidden_records(framework, args.share)
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"site: {len(files)} files, {size / 1e6:.1f} MB; hidden records: {len(records)} "
          f"({sum(r.kind == 'role' for r in records)} roles, {sum(r.kind == 'measure' for r in records)} measures)")
    visible = lambda: [*visible_texts(visible_fw), *leak_scan.theme_texts(theme_dirs())]  # noqa: E731
    prep, needles = timed(args.repeat, lambda: leak_scan.Needles(records, visible()))
    print(f"phrases: {len(needles.needles)} looked for after the visible ones are left out; "
          f"preparing them (visible texts included): {prep}")
    seconds, leaks = timed(args.repeat, lambda: leak_scan.scan_for_leaks(site, records, visible()))
    leaked = {(leak.hidden.kind, leak.hidden.item_id) for leak in leaks}
    missed = [r.label for r in records if (r.kind, r.item_id) not in leaked]
    print(f"scan with every hidden item present in the site: {seconds}, {len(leaks)} leaks, "
          f"{len(leaked)} of {len(records)} hidden items found" + (f"; MISSED {missed[:5]}" if missed else ""))
    # The same records with every word changed (`pilot` -> `pilotqx`): as many phrases, none in the site.
    absent = [Hidden(r.kind, f"{r.item_id}qx", None, tuple(_absent(t) for t in r.texts), None) for r in records]
    seconds, leaks = timed(args.repeat, lambda: leak_scan.scan_for_leaks(site, absent, visible()))
    print(f"scan with nothing leaked: {seconds}, {len(leaks)} leaks")
    trust = output_scan.Trust.of_theme(theme_dirs(), ["assets/spm.js"])
    seconds, findings = timed(args.repeat, lambda: output_scan.scan(site, trust))
    print(f"for comparison, the output scan (scripts, outside requests) of the same site: {seconds}")
    return 1 if missed or leaks or findings else 0


def _absent(text: str) -> str:
    return " ".join(f"{word}qx" for word in text.split())


def theme_dirs() -> list[Path]:
    """The theme folders a default build uses: spm-site's look, then Material's templates."""
    import material

    from spm_site.site import THEME_DIR
    return [THEME_DIR, Path(material.__file__).parent / "templates"]


if __name__ == "__main__":
    raise SystemExit(main())
