"""Pin every dependency of spm-site to the lowest version its `pyproject.toml` admits.

`python tests/lower_bounds.py` prints a pip constraints file (`name==lowest`); `make
test-lower-bounds` installs spm-site with it and runs the suite, so a lower bound that does not
really work fails CI instead of a user's install. `--verify` checks that the running environment
holds exactly those versions (pip may otherwise quietly pick newer ones).
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
_LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*[^;]*?>=\s*([0-9][^,;\s]*)")


def lower_bounds(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """{distribution name: lowest admitted version} for the runtime and test dependencies."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project.get("optional-dependencies", {}).get("test", [])]
    bounds: dict[str, str] = {}
    for requirement in requirements:
        match = _LOWER.match(requirement)
        if match is None:
            raise SystemExit(f"{pyproject}: '{requirement}' has no lower bound (>=): every dependency needs one")
        bounds[match.group(1).lower()] = match.group(2)
    return bounds


def verify(bounds: dict[str, str]) -> list[str]:
    """Distributions whose installed version is not their lower bound."""
    wrong = []
    for name, lowest in bounds.items():
        installed = metadata.version(name)
        if _release(installed) != _release(lowest):
            wrong.append(f"{name}: installed {installed}, lower bound {lowest}")
    return wrong


def _release(version: str) -> tuple[int, ...]:
    """`9.7` and `9.7.0` are the same release."""
    parts = [int(p) for p in re.findall(r"\d+", version.split("+")[0])]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def main(argv: list[str]) -> int:
    bounds = lower_bounds()
    if argv[1:] == ["--verify"]:
        wrong = verify(bounds)
        for line in wrong:
            print(line, file=sys.stderr)
        return 1 if wrong else 0
    print("\n".join(f"{name}=={version}" for name, version in bounds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
