"""A page's metadata: canonical URL, title, publication date, section and source agency.

Each finder reads the parsed page (and sometimes its URL) and returns a plain value, or None
when the page does not say; `logger.debug` in each module says which source answered. They
run before `clean`, which mutates the tree. This module is their one entry point:

- page.py: the page's <meta>, JSON-LD and body index, built once per tree; the canonical URL
- titles.py: the headline without the site name, and where it sits in the body
- dateparse.py / dates.py: reading one date string / finding the publication date
- regions.py: the publisher's country, for the local day of a UTC time
- section_finder.py (with the alias table in sections.py): the section
- agency.py: the news agency
"""

from __future__ import annotations

from .agency import find_source
from .dateparse import parse_date
from .dates import find_date
from .page import find_url
from .section_finder import find_section
from .titles import find_title

__all__ = ["find_date", "find_section", "find_source", "find_title", "find_url", "parse_date"]
