"""Numbers as people write them: one formatter (framework/numbers.py), in the organisation's locale.

Unit tests of the formatter in three locales, the model's checks of `locale` and `currency`, and
real builds: the sample (en-GB, GBP) and the minimal framework in German with euros, whose pages,
catalogue and Material labels must all follow the locale.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from spm_site.changes.wording import number as diff_number
from spm_site.cli import cli
from spm_site.framework.numbers import Numbers
from spm_site.site.measure_text import target_text

REPO = Path(__file__).resolve().parent.parent
NBSP, NNBSP = "\u00a0", "\u202f"

GB = Numbers("en-GB", "GBP")
#: British English writes a short million `m` since CLDR 48 (Babel 2.19), `M` before: either is right.
M = "m" if GB.amount(1_000_000, "GBP").endswith("m") else "M"
DE = Numbers("de-DE", "EUR")
FR = Numbers("fr-FR", "EUR")


@pytest.mark.parametrize(("numbers", "value", "unit", "period", "shown"), [
    (GB, 300000, "GBP", None, "£300,000"),
    (GB, 12.5, "GBP", None, "£12.50"),
    (GB, 8400000, "GBP", None, f"£8.4{M}"),
    (GB, 8412345, "GBP", None, "£8,412,345"),  # the compact form would round it: written in full
    (GB, 2600000, "currency", None, f"£2.6{M}"),  # `unit: currency` is the organisation's currency
    (GB, 25, "%", None, "25%"),
    (GB, 2.5, "%", None, "2.5%"),
    (GB, 1100, "leads", "quarter", "1,100 leads a quarter"),
    (GB, 12, "calls", "week", "12 calls a week"),
    (GB, 3, "x", None, "3x"),
    (GB, 2500000, "leads", None, "2.5 million leads"),
    (GB, 4, "hours", None, "4 hours"),
    (DE, 300000, "EUR", None, f"300.000{NBSP}€"),
    (DE, 1234.5, "EUR", None, f"1.234,50{NBSP}€"),
    (DE, 8400000, "currency", None, f"8,4{NBSP}Mio.{NBSP}€"),
    (DE, 25, "%", None, f"25{NBSP}%"),
    (DE, 2.5, "days", None, "2,5 days"),
    (FR, 300000, "EUR", None, f"300{NNBSP}000{NBSP}€"),
    (FR, 1100, None, None, f"1{NNBSP}100"),
])
def test_the_formatter_writes_numbers_as_the_locale_does(numbers, value, unit, period, shown):
    assert numbers.amount(value, unit, period) == shown


def test_a_locale_without_a_stated_currency_takes_its_regions_and_plain_english_is_the_default():
    assert Numbers("de-DE").money == "EUR" and Numbers("en-GB").money == "GBP"
    assert Numbers().amount(1200000, "GBP") == "£1.2M"  # CLDR's English, as `spm-site diff` says it too
    assert Numbers().number(1234567.5) == "1,234,567.5"
    assert Numbers("de").language == "de" and GB.language == "en"


def test_targets_in_words_stay_as_written_and_pages_and_diffs_agree():
    assert target_text("TBD", "GBP", "month", GB) == "TBD"
    assert target_text(None, "GBP", None, GB) == "—"
    assert target_text(12, "calls", "week", GB) == diff_number(12, "calls", GB, "week") == "12 calls a week"
    assert diff_number("TBD", "GBP", GB) == "“TBD”"
    # the unit is the author's: escaped for Markdown, while Babel's own text is left as it is
    assert target_text(3, "*x*", None, GB) == r"3 \*x\*"


def test_the_leak_scan_looks_for_a_hidden_number_as_the_page_writes_it():
    assert "8,400,000" in GB.forms(8400000) and "8.400.000" in DE.forms(8400000)
    assert "8,4 Millionen" in DE.forms(8400000)


def test_an_unknown_locale_or_currency_is_a_located_error(runner, make_framework):
    root = make_framework()
    org = (root / "organisation.yml").read_text()
    (root / "organisation.yml").write_text(org.replace("name: Acme Field Services\n",
                                                       "name: Acme Field Services\nlocale: xx-QQ\ncurrency: QQQ\n"))
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert re.search(r"organisation\.yml:2:\d+: error\[.*\]: .*'xx-QQ' is not a locale", result.output), result.output
    assert re.search(r"organisation\.yml:3:\d+: error\[.*\]: .*'QQQ' is not an ISO 4217 currency code", result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("tag", ["de_DE.UTF-8", "de-DE<script>alert(1)</script>", "en GB"])
def test_a_locale_babel_would_read_leniently_is_a_located_error(runner, make_framework, tag):
    root = make_framework()
    org = (root / "organisation.yml").read_text()
    (root / "organisation.yml").write_text(org.replace("name: Acme Field Services\n",
                                                       f"name: Acme Field Services\nlocale: '{tag}'\n"))
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert re.search(r"organisation\.yml:2:\d+: error\[.*\]: .* is not a language tag", result.output), result.output


def text_of(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_the_sample_pages_show_formatted_numbers_periods_and_the_reason_for_a_fall(sample_site):
    role = text_of(sample_site / "roles/account-executive/index.html")
    assert ("Targets at this level: New ARR booked £300,000, Win rate 22%, Pipeline coverage 3x, Discovery calls held "
            "14 calls a month, Forecast accuracy 95%, Average discount rate 12%.") in role
    assert "300000" not in role and "GBP" not in role.split("Expectations")[0]
    assert ("Discovery calls held (Associate → Professional, Professional → Senior): Senior account executives "
            "lead fewer, larger and slower deals") in role
    measure = text_of(sample_site / "measures/new-arr-booked/index.html")
    assert f"£8.4{M} (higher is better)" in measure
    catalogue = text_of(sample_site / "measures/index.html")
    assert "1,100 leads a quarter" in catalogue and f"£2.6{M}" in catalogue and "£24,000" in catalogue
    csm = text_of(sample_site / "roles/customer-success-manager/index.html")
    assert "Senior success managers onboard our largest" in csm
    # a role without a fall says nothing about one
    assert "asks less at a higher level" not in text_of(sample_site / "roles/sales-development-representative/index.html")


def test_a_german_handbook_writes_german_numbers_and_material_speaks_german(runner, make_framework, tmp_path, monkeypatch):
    root = make_framework()
    org = (root / "organisation.yml").read_text()
    (root / "organisation.yml").write_text(org.replace("name: Acme Field Services\n",
                                                       "name: Acme Field Services\nlocale: de-DE\ncurrency: EUR\n"))
    sales = (root / "measures/sales.yml").read_text()
    (root / "measures/sales.yml").write_text(sales.replace("unit: GBP", "unit: currency"))
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    result = runner.invoke(cli, ["build", str(root), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    page = (site / "measures/new-arr/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page
    assert "Suche" in page  # Material's own label, in German
    assert f"1,2{NBSP}Mio.{NBSP}€" in html.unescape(page)
    assert f"25{NBSP}%" in html.unescape((site / "measures/win-rate/index.html").read_text(encoding="utf-8"))


def test_spm_site_diff_says_targets_as_the_pages_do_and_a_new_period(tmp_path):
    from test_diff import Repo
    from test_diff_rule_facts import _changes

    repo = Repo(tmp_path / "hr")
    repo.edit("measures/pipeline.yml", "    period: month\n", "    period: week\n")
    repo.edit("roles/account-executive.yml", "      - measure: discovery-calls-held\n        target: 14\n",
              "      - measure: discovery-calls-held\n        target: 15\n")
    said = _changes(repo)
    assert any("Discovery calls held, period: month → week" in s for s in said), said
    assert any("Discovery calls held at Associate: 14 calls a week → 15 calls a week, a higher bar" in s
               for s in said), said
