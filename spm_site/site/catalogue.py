"""The catalogue's upkeep: extract every label from the templates and the code into `spm.pot`, and
bring each language's `.po` file up to date with it (`make messages`, or `python -m spm_site.site.catalogue`).

English is the language of the message ids: its `.po` file says each label as itself, so that a
missing German label and a missing English one are the same kind of gap, found by the same test.
New labels reach the other languages untranslated (and the tests fail until they are translated).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
try:  # Babel 2.16 renamed the mapping reader; its lower bound here (2.12) has the older name
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # pragma: no cover - only with Babel < 2.16 (make test-lower-bounds)
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from .labels import DOMAIN, FALLBACK, LOCALE_DIR, languages

#: The source tree the labels are extracted from (the repository holding `babel.cfg`).
ROOT = LOCALE_DIR.parent.parent
MAPPING = ROOT / "babel.cfg"
#: `raw("...")`, `raw_n("one", "many", n)` and `N_plural("one", "many")` besides Babel's own keywords (site/labels.py).
KEYWORDS = {**DEFAULT_KEYWORDS, "raw": None, "raw_n": (1, 2), "N_plural": (1, 2)}
#: Fixed, so that re-extracting changes the files only where a label changed.
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
#: The languages spm-site ships complete: English and German.
SHIPPED = ("de", "en")


def extract(root: Path = ROOT) -> Catalog:
    """Every label in the sources, as a template catalogue (file names kept, line numbers not)."""
    with MAPPING.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    out = Catalog(project="spm-site", domain=DOMAIN, creation_date=EPOCH, revision_date=EPOCH, fuzzy=False,
                  msgid_bugs_address="", copyright_holder="", charset="utf-8")
    for filename, _line, message, comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        out.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return out


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)


def update(root: Path = ROOT) -> list[str]:
    """Write `spm.pot` and update every language's `.po` from it; return the labels still untranslated."""
    template = extract(root)
    _write(LOCALE_DIR / f"{DOMAIN}.pot", template)
    missing: list[str] = []
    for language in sorted({*languages(), *SHIPPED, FALLBACK}):
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, domain=DOMAIN, project="spm-site", creation_date=EPOCH,
                              revision_date=EPOCH, msgid_bugs_address="", copyright_holder="", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        for message in catalog:
            if not message.id:
                continue
            if language == FALLBACK:
                message.string = message.id  # English says each label as itself
            elif not (all(message.string) if isinstance(message.string, tuple) else message.string):
                missing.append(f"{language}: {message.id if isinstance(message.id, str) else message.id[0]}")
        _write(path, catalog)
    return missing


def main() -> int:
    missing = update()
    for line in missing:
        print(f"untranslated: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
