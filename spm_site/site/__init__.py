"""From a checked framework to pages: the only home of page text, page URLs and the site's look.

Nothing here imports MkDocs: `engine` hands these pages to whichever engine builds the site.
"""

from pathlib import Path

#: spm-site's own look (CSS, the catalogue's script), layered between an organisation's overrides and the theme.
THEME_DIR = Path(__file__).parent / "theme"
