"""Parsed page to the article's body paragraphs (boilerplate removal).

The recipe is readability's: strip furniture by tag and class/id hints, score the
elements that hold paragraphs, take the best container (plus siblings that look like
more of the same), then turn it into paragraphs and drop the lines that are furniture.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from lxml import html

from . import clean_rules as R

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
# Ends like a sentence: a short sibling <p> without links that ends so is still prose.
_SENTENCE_END = re.compile(r"[.!?\u3002\u061f\"\u201d\u2019)]\s*$")
# A bare address written out in the text is content (a source, a shop link), not a teaser.
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$")
_CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NO_WORDS: frozenset[str] = frozenset()
_LINKED_HEADING = html.etree.XPath(R.LINKED_HEADING_XPATH)


def normalise(text: str) -> str:
    """Collapse runs of whitespace to single spaces."""
    return _SPACE.sub(" ", text).strip()


def _words(text: str) -> str:
    """Lower-case word tokens joined by spaces, to compare texts loosely."""
    return " ".join(_WORDS.findall(text.lower()))


@lru_cache(maxsize=4096)
def hint_kind(hint: str) -> str | None:
    """Classify a `class id` string: "comment", "negative" or None."""
    if not hint.strip():
        return None
    lowered = R.LAYOUT_UTILITIES.sub(" ", R.CAMEL.sub("-", hint).lower())
    if R.EMBED_HINTS.search(lowered):
        # Posts quoted in the story (tweets, Instagram) are part of what it reports.
        return None
    # Comment hints drop even long elements, so they must name the block itself, not a
    # variant of it: "tonal--comment" is an opinion piece, "rail--trending" still a rail.
    block_names = R.BEM_MODIFIER.sub(" ", lowered)
    if R.POST_MARKERS.search(lowered):
        # The post itself: its taxonomy classes ("tag-social", "author-jane") mean nothing.
        lowered = R.TAXONOMY_CLASS.sub(" ", lowered)
        block_names = R.TAXONOMY_CLASS.sub(" ", block_names)
        if not R.COMMENT_HINTS.search(block_names):
            return None
    if R.COMMENT_HINTS.search(block_names):
        return "comment"
    if R.NEGATIVE_SUBSTRINGS.search(lowered):
        return "negative"
    if not R.NEGATIVE_WORDS.isdisjoint(R.WORD_SPLIT.split(lowered)):
        return "negative"
    return None


@lru_cache(maxsize=4096)
def _is_positive(hint: str) -> bool:
    lowered = R.CAMEL.sub("-", hint).lower()
    return not R.POSITIVE_WORDS.isdisjoint(R.WORD_SPLIT.split(lowered))


def _hint(el: html.HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _is_hidden(el: html.HtmlElement) -> bool:
    style = el.get("style")
    return el.get("hidden") is not None or bool(style and _HIDDEN_STYLE.search(style))


def _in_link(el: html.HtmlElement) -> bool:
    """Whether the element sits inside a link: a teaser card wrapped in <a> is all link text."""
    return next(el.iterancestors("a"), None) is not None


def _text_len(el: html.HtmlElement) -> int:
    # Raw length: only ever compared with other raw lengths, and normalising costs.
    return len(el.text_content())


def remove_junk(root: html.HtmlElement) -> None:
    """Remove scripts, styles, media, form controls and HTML comments."""
    for el in list(root.iter(*R.JUNK_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail: the text after the element
    for el in list(root.iter(html.etree.Comment, html.etree.ProcessingInstruction)):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail: the text after the element


def _is_centred(el: html.HtmlElement) -> bool:
    if el.tag == "center" or (el.get("align") or "").lower() == "center":
        return True
    style = el.get("style")
    return bool(style and _CENTRED_STYLE.search(style))


def _wrapper_tag(el: html.HtmlElement) -> str | None:
    """The inline tag (<font>, <small>) that holds all of the element's text, if any."""
    children = [child for child in el if isinstance(child.tag, str)]
    if len(children) != 1 or (el.text or "").strip() or (children[0].tail or "").strip():
        return None
    tag = children[0].tag
    return tag if tag in R.CAPTION_WRAPPERS else None


def _look(el: html.HtmlElement) -> tuple[bool, str | None]:
    return _is_centred(el), _wrapper_tag(el)


def _has_text(el: html.HtmlElement) -> bool:
    """Whether the element holds any text (stops at the first, unlike text_content)."""
    return any(not text.isspace() for text in el.itertext())


def _text_within(el: html.HtmlElement, limit: int) -> bool:
    """Whether the element's text is at most `limit` characters (stops past it)."""
    total = 0
    for text in el.itertext():
        total += len(text)
        if total > limit:
            return False
    return True


def _next_paragraph(el: html.HtmlElement) -> html.HtmlElement | None:
    """The next sibling that holds text, past empty and image-only ones."""
    for sib in el.itersiblings():
        if isinstance(sib.tag, str) and _has_text(sib):
            return sib
    return None


def _previous_paragraph(el: html.HtmlElement) -> html.HtmlElement | None:
    for sib in el.itersiblings(preceding=True):
        if isinstance(sib.tag, str) and _has_text(sib):
            return sib
    return None


def _is_caption_after(block: html.HtmlElement) -> html.HtmlElement | None:
    """The short paragraph under an image block that is set apart from the story's text."""
    if (block.tail or "").strip():
        return None
    caption = block.getnext()
    if caption is None or caption.tag not in R.CAPTION_BLOCKS:
        return None
    text = caption.text_content()
    if not text.strip() or len(text) > R.MAX_CAPTION_CHARS:
        return None
    look = _look(caption)
    if look == (False, None):
        return None
    # Compared with the story's own paragraphs: on a page where every paragraph is centred
    # (or set in one <font>), a centred line under a picture is more of the story.
    reference = _next_paragraph(caption)
    if reference is None:
        reference = _previous_paragraph(block)
    if reference is None or reference.tag not in R.CAPTION_BLOCKS or _look(reference) == look:
        return None
    return caption


def remove_image_captions(root: html.HtmlElement) -> None:
    """Remove captions that only their place next to a picture marks (before images go).

    Old templates set a photo in a small table of its own with the cutline in a cell
    under it, or follow an image-only paragraph with a short centred or coloured one.
    """
    doomed: list[html.HtmlElement] = []
    for img in root.iter("img"):
        table = next(img.iterancestors("table"), None)
        if table is not None and _text_within(table, R.MAX_CAPTION_CHARS) and (
                len(table.findall(".//tr")) <= R.MAX_PHOTO_TABLE_ROWS):
            # A photo box: the picture and its cutline, whatever the cell classes say.
            doomed.append(table)
            continue
        # The block that holds the picture and nothing else: <p><a><img></a></p>.
        block = img
        parent = block.getparent()
        while (parent is not None and parent.tag not in ("body", "td", "th")
               and len(parent) == 1 and not (parent.text or "").strip()
               and not (block.tail or "").strip()):
            block, parent = parent, parent.getparent()
        caption = _is_caption_after(block)
        if caption is not None:
            doomed.append(caption)
    for el in doomed:
        if el.getparent() is not None:
            logger.debug("dropping caption %r", normalise(el.text_content())[:60])
            el.drop_tree()  # keeps the tail: the text after the element


def _paragraph_chars(el: html.HtmlElement, lengths: dict[html.HtmlElement, int]) -> int:
    return sum(lengths.get(p, 0) for p in el.iter("p"))


def _holds_the_article(el: html.HtmlElement, lengths: dict[html.HtmlElement, int],
                       p_total: int) -> bool:
    """Whether the element is, or holds, what the page marks as its article."""
    if R.ARTICLE_ITEMTYPE.search(el.get("itemtype") or "") or (
            "articleBody" in (el.get("itemprop") or "")) or el.xpath(R.ARTICLE_MARKS_XPATH):
        return True
    # An <article> or <main> that is most of the page's prose (not one comment among many).
    return (el.tag in R.ARTICLE_TAGS or el.get("role") == "main") and (
        _paragraph_chars(el, lengths) >= R.KEEP_SHARE * p_total)


@dataclass(slots=True)
class _PageText:
    """How the page's text is spread, measured once before anything is removed."""

    lengths: dict[html.HtmlElement, int]  # each <p>'s characters
    prose: dict[html.HtmlElement, int]  # each <p>'s characters outside links
    total: int
    p_total: int
    prose_total: int


def _page_text(root: html.HtmlElement) -> _PageText:
    lengths: dict[html.HtmlElement, int] = {}
    prose: dict[html.HtmlElement, int] = {}
    for p in root.iter("p"):
        lengths[p] = len(p.text_content())
        prose[p] = _chars_outside_links(p, lengths[p])
    return _PageText(lengths, prose, _text_len(root) or 1, sum(lengths.values()) or 1,
                     sum(prose.values()) or 1)


def _holds_most(el: html.HtmlElement, page: _PageText) -> bool:
    """Whether the element holds most of the page's text or of its paragraphs."""
    return (_paragraph_chars(el, page.lengths) >= R.KEEP_SHARE * page.p_total
            or _text_len(el) >= R.KEEP_SHARE * page.total)


def _holds_the_story(el: html.HtmlElement, page: _PageText) -> bool:
    """Whether the element holds the headline and most of the prose outside links.

    Teaser lists can outweigh a short story in text, but their text is link text.
    """
    return el.find(".//h1") is not None and (
        _paragraph_chars(el, page.prose) >= R.KEEP_SHARE * page.prose_total)


def _chars_outside_links(el: html.HtmlElement, length: int | None = None) -> int:
    """Characters of the element outside links (`length`: its text length, if measured)."""
    if _in_link(el):
        return 0
    total = _text_len(el) if length is None else length
    return total - sum(len(a.text_content()) for a in el.iter("a"))


def _block_name(el: html.HtmlElement) -> str | None:
    """The element's first class: the block it is one of ("card" in "card card--wide")."""
    classes = (el.get("class") or "").split()
    return classes[0] if classes else None


@lru_cache(maxsize=4096)
def _hint_words(hint: str) -> frozenset[str]:
    """The lower-case words of a class/id string ("tagStyle_x1" -> tag, style, x1)."""
    return frozenset(R.WORD_SPLIT.split(R.CAMEL.sub("-", hint).lower())) - {""}


@lru_cache(maxsize=4096)
def _without_words(hint: str, words: frozenset[str]) -> str:
    """The class/id string with these words taken out of each class."""
    lowered = R.CAMEL.sub("-", hint).lower()
    return " ".join("-".join(w for w in R.WORD_SPLIT.split(token) if w not in words)
                    for token in lowered.split())


def _kind_within(el: html.HtmlElement, spared: frozenset[str]) -> str | None:
    """The element's hint kind, not counting the words its story blocks were kept despite.

    Inside a "card" kept as a block of the story, "card-content" is no teaser card; a
    "newsletter-card" still is furniture.
    """
    hint = _hint(el)
    return hint_kind(_without_words(hint, spared) if spared else hint)


def _alike_siblings(el: html.HtmlElement, spared: frozenset[str]) -> list[html.HtmlElement]:
    """The element and its siblings of the same tag and block name, hinted alike.

    Only the hinted ones: a grid's "cell sidebar" is not made part of the story by the
    "cell main" beside it.
    """
    name, parent = _block_name(el), el.getparent()
    if name is None or parent is None or len(parent) < R.MIN_STORY_BLOCKS:
        return [el]
    kind = _kind_within(el, spared)
    return [sib for sib in parent if sib.tag == el.tag and _block_name(sib) == name
            and _kind_within(sib, spared) == kind]


def _story_words(blocks: list[html.HtmlElement], page: _PageText) -> frozenset[str] | None:
    """The hint words shared by blocks that together are the story, or None if they are not.

    Some templates give every paragraph, or every part of a slideshow, a block of its
    own ("card", "paragraph-section hidden"): one block is a small share of the page, and
    a hint in their shared name would drop the whole story one block at a time. Teaser
    lists are no story: their blocks open on a linked headline, and only the text outside
    links counts.
    """
    # Teasers are looked for only once the blocks could be the story: the look is costly.
    if not _blocks_hold_the_story(blocks, page):
        return None
    story = [el for el in blocks if not _is_teaser(el)]
    if len(story) < len(blocks) and not _blocks_hold_the_story(story, page):
        return None
    return frozenset.intersection(*(_hint_words(_hint(el)) for el in story))


def _blocks_hold_the_story(blocks: list[html.HtmlElement], page: _PageText) -> bool:
    """Whether enough blocks hold most of the page's text, or of its prose, outside links."""
    if len(blocks) < R.MIN_STORY_BLOCKS:
        return False
    own = sum(_chars_outside_links(el) for el in blocks)
    if own >= R.KEEP_SHARE * page.total:
        return True
    # Most of the paragraphs and a good part of the text: not three copyright lines on a
    # page of links.
    return own >= R.MIN_STORY_SHARE * page.total and (
        sum(_paragraph_chars(el, page.prose) for el in blocks) >= R.KEEP_SHARE * page.prose_total)


def _is_teaser(el: html.HtmlElement) -> bool:
    """Whether the block has a linked headline: a teaser for another page."""
    return bool(_LINKED_HEADING(el))


def remove_boilerplate(root: html.HtmlElement) -> None:
    """Remove furniture found by tag or class/id hint, comment threads first of all."""
    page = _page_text(root)
    # The hint words of alike siblings that are the story, by (parent, tag, block name).
    groups: dict[tuple[html.HtmlElement | None, str, str | None], frozenset[str] | None] = {}
    # Each element with the hint words that its story-block ancestors were kept despite.
    stack = [(child, _NO_WORDS) for child in reversed(root)]
    while stack:
        el, spared = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        kind = _kind_within(el, spared)
        if kind is None and (tag in R.BOILERPLATE_TAGS or tag == "h1" or _is_hidden(el)):
            kind = "tag"
        if kind is not None and kind != "comment" and (
                _holds_most(el, page) or _holds_the_story(el, page)):
            # Holds most of the page's prose, or the headline and most of the prose outside
            # links: a wrapper with an unlucky name.
            kind = None
        elif kind == "negative":
            key = (el.getparent(), tag, _block_name(el))
            if key not in groups:
                groups[key] = _story_words(_alike_siblings(el, spared), page)
            words = groups[key]
            if words is not None and not _is_teaser(el):
                # One block of the story: the hint its blocks share says nothing inside.
                kind, spared = None, spared | words
        elif kind == "comment" and _holds_the_article(el, page.lengths, page.p_total):
            # An opinion piece ("comment-is-free"), not its thread: a busy thread may
            # outweigh the story, but it never holds the headline or the article body.
            kind = None
        if kind is not None:
            logger.debug("dropping %s <%s class=%r id=%r>", kind, tag, el.get("class"),
                         el.get("id"))
            el.drop_tree()  # keeps the tail: the text after the element
            continue
        stack.extend(zip(reversed(el), repeat(spared)))


@dataclass(slots=True)
class _Unit:
    """A run of text that reads as one paragraph, and where it sits."""

    container: html.HtmlElement
    chars: int
    link_chars: int
    commas: int


def _loose_text(el: html.HtmlElement) -> tuple[str, int]:
    """Text standing directly in a block (its own text, tails, inline children), link chars."""
    parts = [el.text or ""]
    link = 0
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag in R.INLINE_TAGS:
            text = child.text_content()
            parts.append(text)
            if tag == "a":
                link += len(text)
            else:
                link += sum(len(a.text_content()) for a in child.iter("a"))
        parts.append(child.tail or "")
    text = " ".join(parts)
    # Most blocks hold only whitespace between their children: skip the regex for them.
    return (normalise(text) if len(text) >= R.MIN_SCORED_CHARS else ""), link


def _units(root: html.HtmlElement) -> list[_Unit]:
    """Every paragraph-like run of text with the element that contains it."""
    units: list[_Unit] = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in R.PARAGRAPH_TAGS:
            text = normalise(el.text_content())
            if len(text) < R.MIN_SCORED_CHARS:
                continue
            link = len(text) if _in_link(el) else sum(len(a.text_content()) for a in el.iter("a"))
            parent = el.getparent()
            if parent is not None:
                units.append(_Unit(parent, len(text), link, len(R.COMMAS.findall(text))))
        elif tag not in R.INLINE_TAGS and tag not in R.HEADING_TAGS and tag != "li":
            text, link = _loose_text(el)
            if len(text) >= R.MIN_SCORED_CHARS:
                link = len(text) if _in_link(el) else link
                units.append(_Unit(el, len(text), link, len(R.COMMAS.findall(text))))
    return units


def _class_weight(el: html.HtmlElement) -> int:
    hint = _hint(el)
    weight = 0
    if hint_kind(hint):
        weight -= R.CLASS_WEIGHT
    if _is_positive(hint):
        weight += R.CLASS_WEIGHT
    return weight


def _own_weight(el: html.HtmlElement) -> int:
    """The part of a candidate's score that its tag and class/id give, not its text."""
    return R.TAG_WEIGHTS.get(el.tag, 0) + _class_weight(el)


def _link_density(el: html.HtmlElement) -> float:
    chars = len(el.text_content())
    if not chars:
        return 0.0
    if _in_link(el):
        return 1.0
    return sum(len(a.text_content()) for a in el.iter("a")) / chars


def score_candidates(root: html.HtmlElement) -> dict[html.HtmlElement, float]:
    """Readability scores: each paragraph credits its container and, less, its ancestors."""
    scores: dict[html.HtmlElement, float] = {}
    for unit in _units(root):
        points = _points(unit)
        node = unit.container
        for divisor in R.ANCESTOR_DIVISORS:
            if node is None:
                break
            if node not in scores:
                scores[node] = R.TAG_WEIGHTS.get(node.tag, 0) + _class_weight(node)
            scores[node] += points / divisor
            if node.tag == "article":
                # A self-contained post: its text must not make a list of posts look rich.
                break
            node = node.getparent()
    return scores


def _points(unit: _Unit) -> float:
    """What one paragraph says about its container: more for commas and length, none for links."""
    density = unit.link_chars / unit.chars if unit.chars else 0.0
    length = min(unit.chars / R.CHARS_PER_POINT, R.MAX_LENGTH_POINTS)
    return (R.PARAGRAPH_POINTS + unit.commas + length) * (1 - density)


def _is_ancestor(anc: html.HtmlElement, el: html.HtmlElement) -> bool:
    node = el.getparent()
    while node is not None:
        if node is anc:
            return True
        node = node.getparent()
    return False


def _descend(top: html.HtmlElement, raw: dict[html.HtmlElement, float]) -> html.HtmlElement:
    """The child that holds nearly all of a container's text, in place of the container.

    A layout column with a promising name ("main") scores on its class and on the half
    credit its one story child passes up; when it holds no paragraphs besides the child's,
    it adds only the furniture around the story (info line, font-size links, lists).
    Siblings of the child that read as more of the article are picked up afterwards.
    """
    while True:
        content = raw.get(top, 0.0) - _own_weight(top)
        best, best_content = None, 0.0
        for child in top:
            score = raw.get(child)
            if score is not None and score - _own_weight(child) > best_content:
                best, best_content = child, score - _own_weight(child)
        # the container's own text, past the share its child's paragraphs passed up
        own = content - best_content / R.PARENT_DIVISOR
        if best is None or own > R.DESCEND_SLACK * best_content:
            return top
        inner = _prose_chars(best)
        if not inner or _prose_chars(top) - inner > R.DESCEND_SLACK * inner:
            # Paragraphs beside the child: the container holds more of the story.
            return top
        logger.debug("descending to <%s class=%r>", best.tag, best.get("class"))
        top = best


def best_container(root: html.HtmlElement,
                   raw: dict[html.HtmlElement, float]) -> html.HtmlElement:
    """The element that most likely holds the article's text, given candidate scores."""
    if not raw:
        return root
    top_raw = sorted(raw, key=raw.__getitem__, reverse=True)[:R.TOP_CANDIDATES]
    # A promising name on a block with next to no text ("story-head" around an info line)
    # is no container: candidates need some of the best candidate's text score.
    content = {el: raw[el] - _own_weight(el) for el in top_raw}
    floor = R.MIN_CONTENT_SHARE * max(content.values())
    top_raw = [el for el in top_raw if content[el] >= floor] or top_raw
    final = {el: raw[el] * (1 - _link_density(el)) for el in top_raw}
    ranked = sorted(final, key=final.__getitem__, reverse=True)
    top = ranked[0]
    top_score = final[top]
    # Several near-equal candidates under one ancestor: the article is split in parts.
    # Candidates inside the top one are its own blocks, not other parts.
    alternatives = [el for el in ranked[1:1 + R.SPLIT_LOOKAHEAD]
                    if final[el] >= R.SPLIT_SCORE_SHARE * top_score
                    and not _is_ancestor(top, el)]
    if len(alternatives) >= R.MIN_SPLIT_PARTS:
        node = top.getparent()
        while node is not None and node is not root:
            if sum(_is_ancestor(node, alt) for alt in alternatives) >= R.MIN_SPLIT_PARTS:
                logger.debug("climbing to the common ancestor of split candidates")
                top = node
                break
            node = node.getparent()
    # A parent that scores higher than its best child holds more of the same article.
    parent, last = top.getparent(), raw.get(top, 0.0)
    threshold = last / R.CLIMB_FLOOR_DIVISOR
    while parent is not None and parent is not root:
        parent_score = raw.get(parent)
        if parent_score is None:
            parent = parent.getparent()
            continue
        if parent_score < threshold:
            break
        if parent_score > last:
            top = parent
            break
        last = parent_score
        parent = parent.getparent()
    top = _descend(top, raw)
    # The only child of its parent: the parent is the same container.
    while top.getparent() is not None and top.getparent() is not root and len(top.getparent()) == 1:
        top = top.getparent()
    logger.debug("container <%s class=%r id=%r> score %.1f", top.tag, top.get("class"),
                 top.get("id"), raw.get(top, 0.0))
    return top


def _prose_chars(el: html.HtmlElement) -> int:
    """Characters in the element's paragraphs that are not link text."""
    if _in_link(el):
        return 0
    return sum(_chars_outside_links(p) for p in el.iter("p"))


def _ends_article(el: html.HtmlElement) -> bool:
    """A short element that opens the comments or a "related" block."""
    text = el.text_content()
    if len(text) > R.MAX_END_MARKER_CHARS:
        return False
    return bool(R.END_OF_ARTICLE.match(normalise(text).rstrip(":")))


def _with_siblings(top: html.HtmlElement, raw_score: float,
                   scores: dict[html.HtmlElement, float]) -> list[html.HtmlElement]:
    """The container plus siblings that read as more of the article."""
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(R.MIN_SIBLING_SCORE, raw_score * R.SIBLING_SCORE_SHARE)
    picked: list[html.HtmlElement] = []
    after_top = False
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top:
            picked.append(sib)
            after_top = True
            continue
        if after_top and _ends_article(sib):
            logger.debug("siblings end at %r", normalise(sib.text_content()))
            break
        if sib.tag == "article" or R.POST_MARKERS.search(_hint(sib).lower()):
            # A post of its own: lists and infinite scroll put the next story there.
            continue
        same_class = sib.get("class") and sib.get("class") == top.get("class")
        bonus = raw_score * R.SAME_CLASS_BONUS_SHARE if same_class else 0
        if scores.get(sib, 0.0) - _own_weight(sib) + bonus >= threshold:
            picked.append(sib)
        elif bonus and _prose_chars(sib) >= R.MIN_PART_PROSE_CHARS:
            # Another part of the same story (split around a pull quote or an ad), whose
            # paragraphs sit too deep to credit it.
            picked.append(sib)
        elif sib.tag == "p":
            text = normalise(sib.text_content())
            density = _link_density(sib)
            prose = len(text) > R.MIN_SIBLING_P_CHARS and density < R.MAX_SIBLING_P_LINK_DENSITY
            if prose or (text and density == 0 and _SENTENCE_END.search(text)):
                picked.append(sib)
    return picked


@dataclass(slots=True)
class _Block:
    """A paragraph being collected: its text parts and how much of it is link text."""

    parts: list[str]
    link_chars: int = 0


class _Collector:
    """Turns a subtree into paragraphs: blocks break paragraphs, inline text flows."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, float]] = []
        self.current = _Block([])

    def flush(self) -> None:
        text = normalise("".join(self.current.parts))
        if text:
            density = self.current.link_chars / len(text)
            self.blocks.append((text, density))
        self.current = _Block([])

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.current.parts.append(text)
            if in_link:
                self.current.link_chars += len(text.strip())

    def walk(self, el: html.HtmlElement, in_link: bool = False) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            self.flush()
            return
        if tag in R.CELL_TAGS:
            # Cells of one row read as one line: "1 Kyle Busch 5040".
            self.add(" ", in_link)
        block = tag not in R.INLINE_TAGS and tag not in R.CELL_TAGS
        in_link = in_link or tag == "a"
        if block:
            self.flush()
        self.add(el.text, in_link)
        for child in el:
            self.walk(child, in_link)
            self.add(child.tail, in_link)
        if block:
            self.flush()


def collect_blocks(elements: list[html.HtmlElement]) -> list[tuple[str, float]]:
    """Paragraph texts of the elements, each with its link density."""
    collector = _Collector()
    for el in elements:
        collector.walk(el)
        collector.flush()
    return collector.blocks


def _is_furniture(text: str, density: float) -> bool:
    """A line that belongs to the page, not to the article."""
    if density > R.LINKED_LINE_DENSITY and not _URL_TEXT.match(text):
        # Mostly link text: a "Related:" line or a teaser, unless it also says something.
        own_chars = len(text) * (1 - density)
        if density > R.ALL_LINKS_DENSITY or own_chars < R.OWN_TEXT_CHARS:
            return True
    if len(text) < R.MAX_CREDITED_CAPTION_CHARS and R.CREDITED_CAPTION.search(text):
        return True
    short = len(text) < R.MAX_FURNITURE_LINE_CHARS
    return short and bool(R.BOILERPLATE_LINE.match(text) or R.CREDIT_LINE.match(text)
                          or R.PICTURE_CREDIT.match(text))


def filter_paragraphs(blocks: list[tuple[str, float]], title: str | None) -> list[str]:
    """Drop furniture lines, repeats and the headline; stop where the comments begin."""
    title_words = _words(title) if title else ""
    out: list[str] = []
    previous = ""
    for text, density in blocks:
        if len(text) < R.MAX_END_LINE_CHARS and R.END_OF_ARTICLE.match(text.rstrip(":")) and out:
            logger.debug("article ends at %r", text)
            break
        if _is_furniture(text, density):
            continue
        key = _words(text)
        # Only back-to-back repeats are doubling: recipes and tables repeat lines on purpose.
        if not key or key == previous or key == title_words:
            continue
        previous = key
        out.append(text)
    return out


def extract_paragraphs(tree: html.HtmlElement, title: str | None = None) -> list[str]:
    """The article's body as a list of paragraphs, boilerplate removed (mutates the tree)."""
    body = tree.find("body")
    root = body if body is not None else tree
    remove_image_captions(root)
    remove_junk(root)
    remove_boilerplate(root)
    scores = score_candidates(root)
    top = best_container(root, scores)
    elements = _with_siblings(top, scores.get(top, 0.0), scores) if top is not root else [root]
    return filter_paragraphs(collect_blocks(elements), title)
