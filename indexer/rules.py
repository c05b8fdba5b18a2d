"""Data only: what boilerplate looks like, agency tails, section aliases."""

from __future__ import annotations

import re

# Elements that never hold article text.
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "form", "button",
    "select", "textarea", "input", "nav", "footer", "aside", "header", "figcaption", "figure",
)

# class/id fragments of boilerplate containers (matched as lower-case substrings).
BOILERPLATE_HINTS: tuple[str, ...] = (
    "comment", "respond", "reply", "disqus", "share", "social", "related", "popular",
    "newsletter", "subscribe", "cookie", "breadcrumb", "author-box", "about-author", "tags",
    "tag-list", "sidebar", "widget", "menu", "navbar", "footer", "header", "advert", "promo",
    "caption", "wp-caption", "td-post-sharing", "post-navigation", "nav-links", "prev-next",
    "fb-comments", "jp-relatedposts", "yarpp", "byline",
)

# Lines that end an article on agency copy: "Enditem", "Source: Xinhua".
AGENCY_TAIL = re.compile(
    r"\s*(?:\(?\s*(?:Enditem|End\s*item)\s*\)?|Source\s*:\s*[A-Z][\w .&-]{1,40})\s*$",
    re.IGNORECASE,
)
# "Source: Xinhua" names the agency.
AGENCY_SOURCE = re.compile(r"\bSource\s*:\s*([A-Z][\w .&-]{1,40}?)\s*$", re.MULTILINE)
