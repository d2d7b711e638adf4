"""Shared test helpers: a tiny valid framework and ways to break it one file at a time.

`MINIMAL` is the smallest framework that uses every file kind and every kind of reference and
passes `spm-site check` with no findings. A test describes only what it changes:

    def test_something(make_framework):
        root = make_framework({"levels.yml": "levels: []\\n",   # replace a file
                               "values/old.yml": None})          # None deletes a file
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Mapping

import pytest
from click.testing import CliRunner

_REPO = Path(__file__).resolve().parent.parent


@functools.cache
def themed_clinic() -> Path:
    """The clinic with competencies by theme, laid out once per test run in a temporary folder.

    `tests/fixtures/themes` holds only the files that differ from the clinic (competencies.yml, a
    themed role, a value with a key competency), so the clinic's other facts live in one place.
    """
    root = Path(tempfile.mkdtemp(prefix="spm-themes-")) / "framework"
    shutil.copytree(_REPO / "tests/fixtures/clinic", root)
    shutil.copytree(_REPO / "tests/fixtures/themes", root, dirs_exist_ok=True)
    atexit.register(shutil.rmtree, root.parent, True)
    return root


#: {path relative to the framework folder: YAML text}. Every id referred to below is defined here.
MINIMAL: dict[str, str] = {
    "organisation.yml": """\
name: Acme Field Services
mission: Help small trades run every job without the paperwork.
pillars:
  - id: growth
    name: Win the right customers
    description: Grow new revenue from firms where we make the biggest difference.
  - id: people
    name: A great place to work
    description: Keep and grow the people who make it happen.
commitment:
  sponsor: head-of-sales
  statement: We stand behind this framework and will review it every year.
  edition: "2027"
  approved_by: [head-of-sales]
  approved_on: 2026-10-01
  communicated: Presented at the October all-hands meeting.
  input_from: Every level commented on the draft in September.
""",
    "principles.yml": """\
principles:
  - id: clarity
    name: Clarity
    summary: Everyone knows what is expected of them.
    in_practice: Every role has written measures and expectations.
""",
    "levels.yml": """\
levels:
  - id: l1
    name: Associate
    summary: Learns the role with close support.
  - id: l2
    name: Senior
    summary: Works independently and coaches others.
""",
    "feedback.yml": """\
rhythms:
  - id: weekly-one-to-one
    name: Weekly one-to-one
    cadence: weekly
    upward: true
    purpose: Coach on live work and remove blockers.
    participants: Employee and manager
  - id: annual-review
    name: Annual review
    cadence: annual
    purpose: Look back on the year and agree development goals.
    participants: Employee and manager
""",
    "values/customer-first.yml": """\
name: Customer first
statement: We do what is right for the customer, even when it is harder.
behaviours:
  - id: listen-first
    looks_like: Asks what the customer needs before proposing anything.
    not_like: Pitches the product before understanding the problem.
""",
    "objectives/grow-revenue.yml": """\
name: Grow new annual recurring revenue by 30%
description: More of the right customers choose us this year.
pillar: growth
owner: head-of-sales
horizon: FY2027
""",
    "objectives/win-new-logos.yml": """\
name: Win 120 new customers
description: New logos in our core segment, closed and live.
pillar: growth
parent: grow-revenue
owner: account-executive
""",
    "functions/sales.yml": """\
name: Sales
purpose: Find and win the customers we serve best.
leader: head-of-sales
accountabilities:
  - statement: New revenue from new customers.
    objectives: [grow-revenue, win-new-logos]
""",
    "functions/marketing.yml": """\
name: Marketing
purpose: Fill the pipeline with well-qualified leads.
leader: head-of-sales
accountabilities:
  - statement: Qualified demand for the sales team.
    objectives: [win-new-logos]
""",
    "measures/sales.yml": """\
measures:
  - id: win-rate
    name: Win rate
    definition: Deals won as a share of deals closed, won or lost.
    unit: "%"
    direction: higher
    target: 25
    frequency: monthly
    source: CRM opportunity report
    owner: sales
    objectives: [win-new-logos]
    kind: effectiveness
    timing: lagging
  - id: new-arr
    name: New annual recurring revenue
    definition: Annual recurring revenue from customers signed in the period.
    unit: GBP
    direction: higher
    target: 1200000
    frequency: monthly
    source: Billing system
    owner: sales
    objectives: [grow-revenue]
    kind: outcome
    timing: lagging
  - id: qualified-leads
    name: Qualified leads
    definition: Leads that sales accepted as meeting the qualification criteria.
    unit: leads per month
    direction: higher
    target: 40
    frequency: monthly
    source: CRM lead report
    owner: marketing
    objectives: [win-new-logos]
    kind: activity
    timing: leading
""",
    "roles/head-of-sales.yml": """\
name: Head of sales
function: sales
purpose: Lead the sales team to win the right customers.
responsibilities:
  - Set the sales plan and coach the team.
levels:
  - level: l2
    expectations:
      - Builds a team that hits its number without heroics.
measures:
  - measure: new-arr
    weight: 60
  - measure: win-rate
    weight: 40
values:
  - value: customer-first
development:
  - Forecast with less than 10% error.
feedback: [weekly-one-to-one, annual-review]
partnership:
  employee:
    - Prepares the weekly forecast.
  manager:
    - Removes blockers the team cannot remove alone.
""",
    "roles/account-executive.yml": """\
name: Account executive
function: sales
reports_to: head-of-sales
purpose: Win new customers who will succeed with us.
levels:
  - level: l1
    expectations:
      - Runs a clean discovery call.
measures:
  - measure: win-rate
    weight: 50
  - measure: qualified-leads
    weight: 50
    accepted:
      by: head-of-sales
      reason: Self-sourced leads are part of every account executive's pipeline.
values:
  - value: customer-first
    behaviours: [listen-first]
development:
  - Run discovery without a script.
feedback: [weekly-one-to-one, annual-review]
partnership:
  employee:
    - Keeps the pipeline up to date.
  manager:
    - Reviews two calls a week with the account executive.
""",
}

Overrides = Mapping[str, "str | bytes | None"]


def write_framework(root: Path, files: Overrides) -> Path:
    """Write {relative path: text or bytes} under `root`; None deletes that file. Returns `root`."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_framework(tmp_path: Path) -> Callable[..., Path]:
    """`make(overrides)` writes MINIMAL, changed by `overrides`, to tmp_path/framework.

    Each override maps a relative path to its new content (text or raw bytes), or to None to
    delete that file. Returns the framework folder, ready for `spm-site check`.
    """

    def make(overrides: Overrides | None = None) -> Path:
        return write_framework(tmp_path / "framework", {**MINIMAL, **(overrides or {})})

    return make


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner; `result.output` holds both streams, `.stdout`/`.stderr` each one."""
    return CliRunner()


# --- sites built once per test process (each xdist worker builds its own), for tests that only read ---


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample handbook as `make site` builds it: `spm-site build` in a separate process at the
    repository's root (its mkdocs.yml and framework/). Built once for every module that reads it."""
    out = tmp_path_factory.mktemp("sample-site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build", "--site-dir", str(out)],
                          cwd=_REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


# --- the browser: Debian's Chromium through Playwright, for tests/browser -----------------------

#: Chromium's flags here: headless as root, and no background traffic to hosts the machine cannot reach.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]


def unavailable(message: str) -> None:
    """Skip on a developer's machine; fail in CI, where a skipped browser test would hide a gap."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if not path:
        unavailable("Chromium is not installed: `apt-get install chromium` (Debian) to run the browser tests")
    try:
        import playwright  # noqa: F401
    except ImportError:
        unavailable("Playwright is not installed: `pip install -e '.[test]'`")
    return path


@pytest.fixture(scope="module")
def browser(chromium: str):
    """One headless Chromium for a test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield b
        b.close()


#: Career paths (`moves_to:`) added to a copy of the sample, which itself does not name any (issue 13).
SAMPLE_PATHS = {
    "sales-development-representative": "[account-executive]",
    "account-executive": "[sales-manager, account-manager]",
    "sales-manager": "[head-of-sales]",
    "customer-success-manager": "[account-manager, head-of-customer-success]",
    "revenue-operations-analyst": "[revenue-operations-manager]",
}


def sample_with_paths(root: Path) -> Path:
    """A copy of the sample at `root` whose sales and success roles name where people move next."""
    shutil.copytree(Path(__file__).resolve().parent.parent / "framework", root)
    for role, paths in SAMPLE_PATHS.items():
        path = root / "roles" / f"{role}.yml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.startswith("reports_to:")) + 1
        path.write_text("".join([*lines[:at], f"moves_to: {paths}\n", *lines[at:]]), encoding="utf-8")
    return root
