"""Time label wrapping from 1 KB to 1 MB and check that it stays linear.

    python -m bench.wrap_complexity [--repeat 5]

For each shape of label (many words, one long word, long words, a run of spaces) and each size,
it reports the median time of `diagram.wrap` and the time per KB. Linear wrapping keeps the time
per KB roughly constant; the run fails (exit 1) when the time per KB at 1 MB is more than
`MAX_RATIO` times the one at 16 KB, which a quadratic routine exceeds by far (64 times the size
makes it ~64 times slower per KB). Sizes below 16 KB are shown but not judged: they are dominated
by fixed costs and timer noise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from spm_site.site.diagram import wrap

SIZES_KB = (1, 4, 16, 64, 256, 1024)
BASE_KB = 16
MAX_RATIO = 3.0
WIDTH = 176  # the objective column, the widest box


def labels(size: int) -> dict[str, str]:
    return {
        "words": ("Grow qualified pipeline " * size)[:size],
        "one word": "W" * size,
        "long words": (("m" * 40 + " ") * size)[:size],
        "spaces": "a" + " " * (size - 2) + "b",
    }


def seconds(label: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        wrap.__wrapped__(label, WIDTH)  # past the cache: every run does the work
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per size; the median is kept")
    args = parser.parse_args()
    failed = False
    print(f"{'shape':<11} {'size':>8} {'seconds':>10} {'µs per KB':>10}")
    for shape in labels(1):
        per_kb: dict[int, float] = {}
        for kb in SIZES_KB:
            taken = seconds(labels(kb * 1024)[shape], args.repeat)
            per_kb[kb] = taken / kb
            print(f"{shape:<11} {kb:>6} KB {taken:>10.5f} {per_kb[kb] * 1e6:>10.1f}")
        ratio = per_kb[SIZES_KB[-1]] / per_kb[BASE_KB]
        verdict = "linear" if ratio <= MAX_RATIO else "NOT LINEAR"
        failed |= ratio > MAX_RATIO
        print(f"{shape:<11} time per KB at {SIZES_KB[-1]} KB / at {BASE_KB} KB = {ratio:.2f}: {verdict}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
