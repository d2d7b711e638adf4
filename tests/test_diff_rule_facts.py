"""The facts the SPM12x rules read show in `spm-site diff` when they change: a key result, a hand-off,
a measure's scope, who runs a conversation. Real git repositories, as in test_diff."""

from __future__ import annotations

from test_diff import Repo
from test_numbers import M

from spm_site.changes.diff import diff_frameworks
from spm_site.changes.revision import check_revision
from spm_site.changes.wording import describe


def _changes(repo: Repo) -> list[str]:
    repo.commit("head")
    base = check_revision(repo.root, "base", repo.root / "framework")
    head = check_revision(repo.root, "HEAD", repo.root / "framework")
    found = diff_frameworks(base, head)
    return [describe(c, found.base, found.head) for c in found.changes]


def test_a_key_result_a_handoff_and_a_scope_read_as_changes(tmp_path):
    repo = Repo(tmp_path / "hr")
    repo.edit("objectives/grow-new-arr.yml", "    target: 8400000\n", "    target: 9000000\n")
    repo.edit("functions/marketing.yml", "    measures: [marketing-qualified-leads, mql-acceptance-rate, lead-response-time]\n",
              "    measures: [marketing-qualified-leads]\n")
    repo.edit("measures/finance.yml", "    scope: company\n", "    scope: function\n")
    repo.edit("feedback.yml", "    upward: true\n", "    upward: false\n")
    said = _changes(repo)
    assert ("Book 8.4 million pounds of new annual recurring revenue's key result on New ARR booked: "
            f"£8.4{M} by 2027-09-30 → £9{M} by 2027-09-30") in said
    assert any(s.startswith("Marketing's hand-off to Sales: “Marketing qualified leads, scored and routed to a sales "
                            "development representative.”, spanned by Marketing qualified leads, Marketing qualified leads accepted by sales")
               and s.endswith("spanned by Marketing qualified leads") for s in said), said
    assert any("scope: company → function" in s for s in said), said
    assert any(s.endswith("upward: True → False") for s in said), said


def test_a_removed_key_result_reads_as_none(tmp_path):
    repo = Repo(tmp_path / "hr")
    repo.edit("objectives/protect-price.yml", "key_results:\n  - measure: discount-rate\n    target: 12\n    by: 2027-09-30\n", "")
    said = _changes(repo)
    assert any(s.endswith("key result on Average discount rate: 12% by 2027-09-30 → none") for s in said), said
