"""Data only: what boilerplate looks like, and the thresholds the cleaner decides by."""

from __future__ import annotations

import re

# Elements that never hold article text: removed before anything else looks at the page.
JUNK_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "embed", "button", "select", "textarea", "input", "option", "label", "link", "meta",
    "map", "audio", "video", "source", "picture", "img", "dialog",
)

# Page furniture by tag. Removed unless it holds most of the page's text: some sites wrap
# the whole page in a <form> (ASP.NET) or put the story inside <header>.
BOILERPLATE_TAGS: frozenset[str] = frozenset({
    "nav", "aside", "footer", "header", "figcaption", "figure", "form", "menu", "address",
})

# Class/id hints, matched as substrings of the lower-cased `class id` string. Comment
# threads and forms are removed even when they are long (a busy thread outweighs the story).
# "comment" starts a word ("comment-list", "fb-comments", "postComments"), so a class that
# merely ends in it is no comment section.
COMMENT_HINTS = re.compile(
    r"(?<![a-z0-9])comment(?!ary)|disqus|respond|\breplies\b|reply-?form|discussion"
)
# BEM modifiers ("block--modifier") name a variant of the block, its tone or type
# ("content--article tonal--comment"): comment hints ignore them.
BEM_MODIFIER = re.compile(r"--[a-z0-9-]*")

# What marks the page's own article: a comment hint on an element that is or holds it is
# a tone or a section name ("comment is free"), not a comment thread.
ARTICLE_TAGS: frozenset[str] = frozenset({"article", "main"})
ARTICLE_ITEMTYPE = re.compile(r"(?:Article|BlogPosting)/?$")
ARTICLE_MARKS_XPATH = ".//h1 | .//*[contains(@itemprop, 'articleBody')]"

# Classes that mark the post itself (WordPress, microformats), whose other classes are
# taxonomy ("tag-social-media", "category-comment", "author-jane") and say nothing.
POST_MARKERS = re.compile(r"\bhentry\b|\bh-entry\b|\btype-post\b|\bstatus-publish\b")
TAXONOMY_CLASS = re.compile(r"\b(?:tag|category|author|format|status|type|post|postid)-[\w-]+")

# Embedded posts quoted by the story, kept even inside "social" wrappers.
EMBED_HINTS = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|social-?(?:media-)?embed")

# Boilerplate containers: substrings that never name an article wrapper.
NEGATIVE_SUBSTRINGS = re.compile(
    r"shar(?:e|ing)|social|related|newsletter|subscri|cookie|consent|gdpr|breadcrumb|sidebar|"
    r"footer|masthead|advert|promo|sponsor|caption|byline|pagination|pager\b|outbrain|"
    r"taboola|recommend|popular|trending|navbar|navigation|author-?(?:bio|box|info|wrap)|"
    r"about-?(?:the-?)?author|tag-?(?:list|cloud|links)|post-?tags|entry-?tags|modal|popup|"
    r"signup|sign-up|more-?(?:stories|articles|news|from)|read-?(?:more|next)|also-?read|"
    r"next-?(?:post|article)|prev(?:ious)?-?(?:post|article)|post-?nav|nav-?links|"
    r"skip-?link|screen-reader|sr-only|visually-?hidden|wp-caption|credit|toolbar|"
    r"subtitle|sub-?headline|standfirst|strapline|print-?only|video-?player|playlist|"
    r"jump-?link|top-?stories|most-?read|in-?case-?you|gallery"
)
# Boilerplate containers: whole class/id words (too short or too common as substrings).
NEGATIVE_WORDS: frozenset[str] = frozenset({
    "ad", "ads", "adv", "advs", "adsbygoogle", "nav", "menu", "tags", "tag", "meta", "bio",
    "author", "authors", "email", "rss", "banner", "header", "prev", "next", "login",
    "search", "sticky", "dek", "deck", "kicker", "share", "hidden", "hide", "print",
    "date", "dateline", "timestamp", "categories", "category-list", "copyright", "legal",
    "disclaimer", "alert", "notice", "infobox", "overlay", "lightbox", "slider", "carousel",
    "marquee", "ticker", "recent", "excerpt", "headline", "headlines", "title", "card",
    "teaser", "thumb",
})
# Words that make a hinted element a plausible article container after all.
POSITIVE_WORDS: frozenset[str] = frozenset({
    "article", "articlebody", "content", "entry", "post", "story", "body", "text", "main",
    "blog", "hentry", "prose", "copy", "column",
})
WORD_SPLIT = re.compile(r"[^a-z0-9]+")
# Utility classes that lay a block out, whatever their words say: "overflow-hidden" clips
# what overflows the box and hides nothing.
LAYOUT_UTILITIES = re.compile(r"overflow(?:-[xy])?-hidden")
# camelCase boundaries, so "relatedArticles" reads as "related articles".
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

# Captions marked only by their place under a picture: at most this long, in one of these
# blocks, centred or with all their text in one of these inline tags (a coloured <font>,
# <small>), unlike the story's paragraphs. Not <i>/<em>: stories open on an italic line.
MAX_CAPTION_CHARS = 300
CAPTION_BLOCKS: frozenset[str] = frozenset({"p", "div", "center"})
CAPTION_WRAPPERS: frozenset[str] = frozenset({"font", "small"})
# A table holding a picture, at most this many rows and MAX_CAPTION_CHARS of text, is a
# photo box (picture and cutline), not a table of data.
MAX_PHOTO_TABLE_ROWS = 2

# Inline elements: their text flows into the paragraph around them.
INLINE_TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
    "sup", "time", "tt", "u", "var", "wbr", "nobr",
})
# Table cells: a row is one line of text, its cells separated by spaces.
CELL_TAGS: frozenset[str] = frozenset({"td", "th"})
# Elements whose own text is a paragraph of the article.
PARAGRAPH_TAGS: frozenset[str] = frozenset({"p", "pre", "blockquote"})
HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Scoring of candidate containers, readability-style.
TAG_WEIGHTS: dict[str, int] = {
    "div": 5, "article": 8, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
    "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}
CLASS_WEIGHT = 25
# Siblings with the same hinted class that together hold most of the page's prose are the
# story split in blocks ("card", "paragraph-section"): at least this many of them, holding
# at least this share of the page's text outside links.
MIN_STORY_BLOCKS = 3
MIN_STORY_SHARE = 0.25
# A heading that is, or holds, a link: the block is a teaser.
LINKED_HEADING_XPATH = (
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
    "[.//a or ancestor::a]"
)
# A container adding less text than this share of its best child's is that child.
DESCEND_SLACK = 0.1
# A candidate whose text scores less than this share of the best text score is not ranked.
MIN_CONTENT_SHARE = 0.2
# A paragraph shorter than this says nothing about where the article is.
MIN_SCORED_CHARS = 25
COMMAS = re.compile(r"[,\u060c\u3001\uff0c]")

# What "most of the page" means: an element with at least half of the page's text, or of
# its paragraphs, is the story's wrapper, never furniture.
KEEP_SHARE = 0.5

# Points of a scored paragraph: one for being a paragraph, one per comma (prose has
# clauses, menus and teasers have none), and one per CHARS_PER_POINT characters up to
# MAX_LENGTH_POINTS, so that length counts but one long block cannot outweigh several
# paragraphs of prose. Link text earns nothing.
PARAGRAPH_POINTS = 1
CHARS_PER_POINT = 100
MAX_LENGTH_POINTS = 3
# A paragraph credits its container fully, the container's parent half, and the ancestors
# above it less with every level (a third of the level: 1/6, 1/9, 1/12): text says most
# about the block around it. Five levels reach past the usual layout wrappers.
PARENT_DIVISOR = 2
ANCESTOR_DIVISORS: tuple[int, ...] = (1, PARENT_DIVISOR, 6, 9, 12)

# Only the best few candidates are ranked: past these, scores are a page's furniture.
TOP_CANDIDATES = 8
# An article split in parts (around ads or pull quotes) gives several near-equal
# candidates: among the next SPLIT_LOOKAHEAD after the best, at least MIN_SPLIT_PARTS
# within SPLIT_SCORE_SHARE of its score, under one ancestor, make that ancestor the
# container. Fewer is a story beside a busy sidebar.
SPLIT_LOOKAHEAD = 4
SPLIT_SCORE_SHARE = 0.75
MIN_SPLIT_PARTS = 3
# Climbing from the best candidate to a parent that scores higher stops at a parent under
# a third of the candidate's score: such a parent holds other things than more of it.
CLIMB_FLOOR_DIVISOR = 3

# Siblings of the container taken as more of the article: those scoring at least
# SIBLING_SCORE_SHARE of the container's score (never under MIN_SIBLING_SCORE, a few
# paragraphs' points, so that a weak container does not pull in every box beside it).
# A sibling with the container's class gets SAME_CLASS_BONUS_SHARE on top: it is the
# next part of the same template block.
MIN_SIBLING_SCORE = 10.0
SIBLING_SCORE_SHARE = 0.2
SAME_CLASS_BONUS_SHARE = 0.2
# A sibling with the container's class and at least this much prose is another part of
# the story even when its paragraphs sit too deep to credit it: a few sentences, more
# than a caption or a byline.
MIN_PART_PROSE_CHARS = 200
# A bare sibling <p> is kept when it is a full sentence or more (longer than this) with
# little link text (under this share), like the story's own paragraphs.
MIN_SIBLING_P_CHARS = 80
MAX_SIBLING_P_LINK_DENSITY = 0.25
# A sibling that opens the comments or a "related" block is a short heading; a longer
# element that matches is a paragraph that happens to start that way.
MAX_END_MARKER_CHARS = 200
# The same for a line of the collected text that ends the article ("Related articles").
MAX_END_LINE_CHARS = 120

# A line whose text is mostly links (over LINKED_LINE_DENSITY) is a teaser or a "Related:"
# line, unless it also says something: at least OWN_TEXT_CHARS of its own (a clause)
# and not almost all links (over ALL_LINKS_DENSITY).
LINKED_LINE_DENSITY = 0.5
ALL_LINKS_DENSITY = 0.8
OWN_TEXT_CHARS = 50
# Furniture patterns (BOILERPLATE_LINE, CREDIT_LINE) are believed only on lines shorter
# than this: a paragraph of the story may start with "Photo:" or "Tags:" words.
MAX_FURNITURE_LINE_CHARS = 200

# Whole short paragraphs that are furniture, not article text.
BOILERPLATE_LINE = re.compile(
    r"^(?:\[\w+[^\]]*\].*\[/\w+\]|"  # a WordPress shortcode left in the text
    r"[-\u2013 ]*advert(?:isement|ising)?[-\u2013 ]*|this slideshow requires javascript\.?|"
    r"tags?|sponsored(?: content)?|story continues below|"
    r"continue reading(?: below)?|read more|read next|related(?: articles| posts| stories| news)?|"
    r"(?:also|more) (?:read|on|from)\b.*|share(?: this)?(?: article| story| post)?|"
    r"(?:click to )?share on \w+.*|follow us on .*|sign up for .*|subscribe to .*|"
    r"(?:image|photo|picture|video|source|credit|photograph)s?(?: credit)?\s*:.*|"
    r".{0,80}\ball rights reserved\b.*|(?:©|copyright\b).*|"
    r"you may also like|most popular|most read|trending( now)?|recommended( for you)?|"
    r"tags?\s*:.*|topics?\s*:.*|filed under\s*:?.*|posted in\s*:?.*|"
    r"skip to (?:main )?content|(?:previous|next) (?:article|post|story)|"
    r"please enter your (?:comment|name|email).*|you have entered an incorrect email.*|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"save my name,? email,? and website.*|notify me of .*|this site uses akismet.*|"
    r"comments? (?:are|is) closed.*|log ?in to (?:comment|reply).*|"
    r"(?:watch|listen)(?: now)?:?|loading\W*|print(?: this)?(?: article| page)?|"
    r"email(?: this)?(?: article| page)?|getty images|ap photo.*|reuters/.*|"
    r"\[\s*(?:chief |responsible )?editors?\s*:[^\]]{1,80}\]|"  # "[Editor: Jane Roe]"
    r"(?:chief |responsible )?editors?\s*:\s*[^.:]{1,60})$",  # a wire story's editor credit
    re.IGNORECASE,
)
# Lines that open the comment thread or a "more stories" block: the article ends there.
END_OF_ARTICLE = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|thoughts? on\b.*)|"
    r"(?:one|two|three|no) (?:comments?|responses?|thoughts? on\b.*)|"
    r"comments?(?: \(\d+\))?|leave a (?:reply|comment).*|post a comment|add a comment|"
    r"join the (?:discussion|conversation)|(?:tell us )?what (?:do )?you think\W*|"
    r"related (?:articles|posts|stories|news|content|coverage)|you (?:may|might) also like.*|"
    r"more (?:stories|articles|news) (?:from|like this|on)\b.*|recommended (?:stories|articles)|"
    r"about the author|share this(?: article| story| post)?:?)$",
    re.IGNORECASE,
)
# Picture credits and gallery counters as other languages write them: "Foto: MDR/Bernd
# Cramer", "Bildquelle: dpa", "Crédit photo : KB", "Photo (cc) : svenwerk", "Bild 3 von 10".
PICTURE_CREDIT = re.compile(
    r"^(?:(?:fotos?|foto ?credits?|bild(?:er|quelle)?|photos?|images?|imagen(?:es)?|"
    r"cr[ée]dits?(?: photos?)?|photo credits?|cr[ée]ditos?(?: fotos?)?)\s*(?:\(cc\))?\s*"
    r"[:©]\s*\S.{0,120}|"
    r"(?:foto|photo|bild|image|picture|imagen)\s+\d+\s*(?:von|of|de|sur|/)\s*\d+)$",
    re.IGNORECASE,
)
# A caption that ends with its picture's credit, "... on Monday. (AP Photo/Evan Vucci)":
# text about a picture, wherever it stands.
CREDITED_CAPTION = re.compile(
    r"[\(\[](?:(?:ap|afp|epa|dpa|reuters|getty(?: images)?|file)\s+)?"
    r"(?:photos?|fotos?|bild|image|picture)\s*(?:/|:|by\b)[^()\[\]]{1,80}[\)\]]\s*$",
    re.IGNORECASE,
)
# The longest caption CREDITED_CAPTION removes: a story's paragraph is longer, or has no
# credit at its end.
MAX_CREDITED_CAPTION_CHARS = 400
# Text that only marks a picture ("Photo: AP", "(Getty Images)"), wherever it stands.
CREDIT_LINE = re.compile(
    r"^[\(\[]?(?:(?:photo|image|picture|file photo|credit|photograph)s?\s*(?:by|:|/|credit)"
    r"|getty images|ap photo|afp photo|reuters)\b.{0,120}$",
    re.IGNORECASE,
)
