"""Who is quoted in an article, by full name, and what they said.

Three parts, each a function of the one before:

- reading (`read_paragraphs`): quotes are masked (`quote_spans`, `mask_quotes`) so that
  names and verbs inside quotation marks are never read as attributions; the masked text
  is split into sentences (`split_sentences`) and name runs (`name_runs`), and cues are
  found around speech verbs (`find_cues`);
- candidates (`settle_names`, `find_candidates`): runs that are common words or lone
  surnames are corrected, and every named form is collected with its evidence (person,
  gender, fullest form, the role its title gives, and what its surroundings say: "the
  Bundesbank", "in Hong Kong", "Morgan Stanley and Co", `run_marks`);
- attribution (`attribute`): each cue goes to a person, an organisation or no one
  (`verdict`: a person needs a title, a given name or a name of two words that nothing
  marks as a place, a firm or common words), with short names and pronouns resolved
  against the names the article itself introduces (`resolve_short`, `resolve_pronoun`).

Titles are kept out of names and become the person's role ("Councilmember Teresa
Alvarado" is Teresa Alvarado, Councilmember: `split_name`, `role_of`).

The word lists and patterns are data, in speaker_rules.py.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..article import Speaker
from . import speaker_rules as R

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------ lookups
# Indexes of the rules' word lists, built once.
_CUE_SET = frozenset(v for v in R.CUE_VERBS if " " not in v)
_CUE_PAIRS = frozenset(tuple(v.split()) for v in R.CUE_VERBS if " " in v)
_PAIR_HEADS = frozenset(p[0] for p in _CUE_PAIRS) | R.STATEMENT_VERBS
_NOT_CUES = frozenset(tuple(v.split()) for v in R.NOT_CUES)
_INVERSION_SET = frozenset(R.INVERSION_VERBS)
_FIRST_NAMES = R.MALE_FIRST_NAMES | R.FEMALE_FIRST_NAMES
_NON_NAME = R.TITLES | R.STOP_WORDS | R.ORG_WORDS | R.PLACES
_TITLE_ONLY = R.TITLES - R.STOP_WORDS - R.ORG_WORDS - R.PLACES
# Title words that tell a person: roles, ranks and honorifics, not the words that qualify
# them ("Former", "Foreign") or name an office ("State").
_PERSON_TITLES = _TITLE_ONLY - R.TITLE_MODIFIERS
_ROLE_TITLES = _PERSON_TITLES - R.COURTESY_TITLES
# Title and place words that are also surnames ("Dean", "King", "Washington", "Houston").
_SURNAME_WORDS = (R.TITLES | R.PLACES) - R.STOP_WORDS - R.ORG_WORDS
# Lower-case words that end the qualifiers of a role noun before a name ("said", "the").
_LOWER_STOPS = R.STOP_WORDS | R.PREPOSITIONS | R.ARTICLES | _CUE_SET | _INVERSION_SET


class Tuning(NamedTuple):
    """The numbers of attribution that are a choice rather than a rule: how far back, in
    paragraphs, the last speaker and a pronoun's antecedent reach. bench/speakers_loso.py
    chooses them on some publishers and scores them on another."""

    last_speaker_reach: int = R.LAST_SPEAKER_REACH
    pronoun_reach: int = R.PRONOUN_REACH


DEFAULT_TUNING = Tuning()


class Token(NamedTuple):
    """One word or punctuation mark of a paragraph, with its offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Run:
    """A run of capitalised words: optional title words, then a name, and the role its
    title words and the words before it give the person ("Foreign Minister")."""

    start: int
    end: int
    title: tuple[str, ...]
    name: tuple[str, ...]
    possessive: bool = False
    role: str | None = None
    common: bool = False  # a word the article also writes in lower case: no one's name
    surname: bool = False  # a title or place word that is the surname of someone named in full


@dataclass(slots=True)
class Cue:
    """One attribution: who (a name run or a pronoun) and the sentence they own."""

    para: int
    pos: int
    run: Run | None
    pronoun: str | None
    text: str
    org: bool = False  # an organisation that speaks ("the Kremlin said"), asked for by orgs=True
    sentence: int = -1  # offset of the sentence in its paragraph


class Person(NamedTuple):
    """A person named outside quotes, in reading order: what a pronoun may stand for."""

    para: int
    start: int
    name: tuple[str, ...]
    gender: str | None
    possessive: bool
    subject: bool  # the subject of its sentence or clause ("When Jane Doe spoke, ...")
    sentence: int  # offset of its sentence in the paragraph
    main: bool  # the subject of its sentence's main clause ("Jane Doe spoke", not "When")


@dataclass(slots=True)
class Entity:
    """A person or organisation the article names, under its fullest form."""

    name: tuple[str, ...]
    gender: str | None = None
    person: bool = False
    org: bool = False
    count: int = 0
    first: tuple[int, int] = (0, 0)
    quotes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ helpers
@lru_cache(maxsize=8192)
def word_key(word: str) -> str:
    """Lower-case form of a word without dots and possessive, for table lookups."""
    word = word.lower().rstrip(".")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word


def normalize_quotes(text: str) -> str:
    """Turn typewriter double quotes ('' and ``) into one double-quote mark."""
    if "''" in text or "``" in text:
        text = text.replace("``", ' "').replace("''", ' "')
    return text


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of double-quoted text; an unclosed quote runs to the end (multi-paragraph quote)."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        if ch not in R.QUOTE_CHARS:
            continue
        if start < 0:
            if ch != "”":
                start = i
        elif ch != "“":
            spans.append((start, i + 1))
            start = -1
    if start >= 0:
        spans.append((start, len(text)))
    return spans


def mask_quotes(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace quoted text by filler of the same length, so offsets still match."""
    if not spans:
        return text
    parts = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        inner = end - start - 2
        parts.append("“" + "q" * max(inner, 0) + ("”" if end - start > 1 else ""))
        last = end
    parts.append(text[last:])
    return "".join(parts)[: len(text)]


def split_sentences(frame: str) -> list[tuple[int, int]]:
    """Sentence spans of quote-masked text; abbreviations and initials don't end one."""
    spans = []
    start = 0
    for match in R.SENTENCE_END.finditer(frame):
        end = match.end()
        if frame[match.start()] == ".":
            word = (
                frame[: match.start()].rsplit(None, 1)[-1] if frame[: match.start()].strip() else ""
            )
            key = word.lower().lstrip('(“"')
            if key in R.ABBREVIATIONS or (len(key) == 1 and key.isalpha()):
                continue
        spans.append((start, end))
        start = end
        while start < len(frame) and frame[start].isspace():
            start += 1
    if start < len(frame):
        spans.append((start, len(frame)))
    return spans


def tokenize(frame: str) -> list[Token]:
    """Words and punctuation; a sentence-final period is split off its word."""
    tokens = []
    for match in R.WORD.finditer(frame):
        text, start, end = match[0], match.start(), match.end()
        if len(text) > 1 and text.endswith("."):
            key = text[:-1].lower()
            if not (key in R.ABBREVIATIONS or key in R.SUFFIXES or "." in key or len(key) == 1):
                tokens.append(Token(text[:-1], start, end - 1))
                tokens.append(Token(".", end - 1, end))
                continue
        tokens.append(Token(text, start, end))
    return tokens


def is_cap(word: str) -> bool:
    """A word that can belong to a proper name."""
    return word[0].isupper() or word.startswith(R.NAME_PREFIXES)


def is_acronym(word: str) -> bool:
    """FBI, CNN, U.S.: letters all capitals."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def nameable(word: str, last: bool) -> bool:
    """Whether a capitalised word can be part of a person's name."""
    key = word_key(word)
    if is_acronym(word.rstrip(".")) and not (len(key) == 1 or key in R.SUFFIXES):
        return False
    if key in _NON_NAME:
        # "Jordan Smith", "Virginia Foxx": a first name wins when a surname follows.
        return not last and key in _FIRST_NAMES
    if "-" in key and key.split("-", 1)[0] in R.STOP_WORDS:
        return False  # "Twenty-seven", "Anti-war"
    if key.endswith("s") and key[:-1] in R.PLACES:
        return False  # "Mexicans", "Russians"
    return True


def title_surname(words: list[str], i: int) -> bool:
    """'Mr. King', 'Howard Dean', 'Ruth Ann Washington': a title or place word used as a
    surname
    after 'Mr.' or a first name (and maybe a middle name or initial)."""
    if i != len(words) - 1 or i == 0 or word_key(words[i]) not in _SURNAME_WORDS:
        return False
    before = word_key(words[i - 1])
    if before in R.HONORIFICS or (before in _FIRST_NAMES and before not in _NON_NAME):
        return True
    first = word_key(words[i - 2]) if i >= 2 else ""
    return first in _FIRST_NAMES and first not in _NON_NAME and nameable(words[i - 1], False)


def split_name(words: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Title words, name words and possessive flag of a capitalised run."""
    words = list(words)
    possessive = False
    if words and words[-1].endswith(("'s", "’s")):
        possessive = True
        words[-1] = words[-1][:-2]
    elif words and words[-1].endswith(("'", "’")):
        possessive = True
        words[-1] = words[-1][:-1]
    suffix: list[str] = []
    while len(words) > 1 and word_key(words[-1]) in R.SUFFIXES:
        suffix.insert(0, words.pop())
    i = len(words)
    core = 0
    while i > 0 and core < R.MAX_NAME_WORDS:
        word = words[i - 1]
        if word in R.PARTICLES:
            if i == len(words):
                break
            i -= 1
            continue
        if not nameable(word, last=i == len(words)) and not title_surname(words, i - 1):
            break
        i -= 1
        core += 1
    while i < len(words) and words[i] in R.PARTICLES:
        i += 1
    # "Councilmember Teresa Alvarado": a role noun the lists lack, before a given name
    while (
        len(words) - i > 2
        and word_key(words[i + 1]) in _FIRST_NAMES
        and word_key(words[i]) not in _FIRST_NAMES
        and R.ROLE_ENDING.search(word_key(words[i]))
    ):
        i += 1
    name = tuple(words[i:]) + tuple(suffix) if i < len(words) else ()
    return tuple(words[:i]), name, possessive


def _singular_title(word: str) -> str:
    """'Sens.' -> 'Sen.', 'Senators' -> 'Senator': a plural title as one person's role."""
    key = word_key(word)
    if key in R.COURTESY_TITLES or not key.endswith("s"):
        return word
    dot = "." if word.endswith(".") else ""
    stem = word.rstrip(".")
    if key.endswith("ies") and key[:-3] + "y" in R.TITLES:
        return stem[:-3] + "y" + dot
    return stem[:-1] + dot if key[:-1] in R.TITLES else word


def _bare_head(words: list[str]) -> list[str]:
    """Capitalised words before a role without the sentence's opening words ("The")."""
    while words and word_key(words[0]) in R.STOP_WORDS:
        words.pop(0)
    return words


def role_of(title: tuple[str, ...], frame: str, start: int) -> str | None:
    """The role a name run's title words give ("Foreign Minister", "Dr."), reaching back
    over 'of' ("Secretary of State") and to a lower-case role noun before the run
    ("White House press secretary"); None when there is none (a courtesy title is none)."""
    words = list(title)
    while words and (word_key(words[0]) in R.STOP_WORDS or word_key(words[0]) in
                     R.COURTESY_TITLES):
        words.pop(0)
    if words:
        words[-1] = _singular_title(words[-1])
    before = frame[max(0, start - 80) : start]
    if words and before.endswith(("of ", "of the ")) and (match := R.ROLE_OF.search(before)):
        # "U.S. Secretary of Agriculture Rachel Moss", "Bank of England Governor Jane Doe"
        head = _bare_head(match[1].split())
        if head and any(word_key(w) in _ROLE_TITLES for w in head + words):
            return " ".join(head + [match[2].strip()] + words)
    # a nameable title word is a role noun split_name found before a given name
    if words and (any(word_key(w) in _ROLE_TITLES for w in words)
                  or nameable(words[-1], last=False)):
        return " ".join(words)
    last = before.rsplit(None, 1)[-1] if before.strip() else ""
    if title or last not in R.LOWER_ROLES or not (match := R.LOWER_ROLE.search(before)):
        return None
    # "White House deputy press secretary": lower-case words that qualify the role, back
    # to the first that is a verb or a function word ("told campaign manager")
    qualifiers = match[2].split()
    kept: list[str] = []
    for word in reversed(qualifiers):
        if word in _LOWER_STOPS:
            break
        kept.insert(0, word)
    head = _bare_head(match[1].split()) if len(kept) == len(qualifiers) else []
    return " ".join(head + kept + [match[3]])


def name_runs(tokens: list[Token], frame: str) -> list[Run]:
    """Runs of capitalised words separated by single spaces, split into title and name."""
    runs = []
    i = 0
    n = len(tokens)
    while i < n:
        if (
            not is_cap(tokens[i].text)
            or not tokens[i].text[0].isalpha()
            and not is_cap(tokens[i].text)
        ):
            i += 1
            continue
        j = i + 1
        while j < n and frame[tokens[j - 1].end : tokens[j].start] in (" ", "\u00a0"):
            if tokens[j - 1].text.endswith(".") and word_key(tokens[j - 1].text) in R.SUFFIXES:
                break  # a name ends at "Jr.": "World War II. Trump has said"
            word = tokens[j].text
            if is_cap(word):
                j += 1
            elif word in R.PARTICLES and j + 1 < n and is_cap(tokens[j + 1].text):
                j += 1
            else:
                break
        words = [t.text for t in tokens[i:j]]
        title, name, possessive = split_name(words)
        role = role_of(title, frame, tokens[i].start) if name else None
        runs.append(Run(tokens[i].start, tokens[j - 1].end, title, name, possessive, role))
        i = j
    return runs


def previous_word(frame: str, pos: int) -> str:
    """The word just before a position, lower-cased, looking past 'the' and 'a'."""
    before = frame[:pos].rstrip()
    while before and (before[-1].isalnum() or before[-1] == "."):
        head, _, word = before.rpartition(" ")
        word = word.lower()
        if word not in R.ARTICLES:
            return word
        before = head.rstrip()
    return ""


def subject_ok(run: Run, frame: str) -> bool:
    """A run can be the subject of a cue: named, not possessive, not a preposition's object."""
    if not run.name or run.possessive:
        return False
    if run.title and not any(word_key(t) in _PERSON_TITLES for t in run.title):
        return True  # "Envoy on Syria Staffan de Mistura": the preposition governs the place
    word = previous_word(frame, run.start)
    if word == "of" and run.title and R.TITLE_OF.search(frame, 0, run.start):
        return True  # "Secretary of Homeland Security Jeh Johnson"
    return word not in R.PREPOSITIONS and not behind_role_object(frame, run.start)


def behind_role_object(frame: str, pos: int) -> bool:
    """'with intern [Jane Doe]', 'to campaign manager [Jane Doe]': a role noun and the
    lower-case words before it, between a preposition and a name, make the name the
    preposition's object (not 'in public remarks [Jane Doe] has called')."""
    words = frame[max(0, pos - 80) : pos].split()[::-1]
    if not words or (words[0] not in R.LOWER_ROLES and words[0] not in R.RELATION_NOUNS):
        return False
    for word in words[: R.MAX_ROLE_WORDS + 1]:
        if word in R.PREPOSITIONS:
            return True
        if not word.isalpha() or not word.islower() or word in _LOWER_STOPS - R.ARTICLES:
            return False
    return False


# ------------------------------------------------------------------ cues
def find_cues(
    frame: str, text: str, para: int, tokens: list[Token], runs: list[Run], orgs: bool = False,
    sentences: list[tuple[int, int]] | None = None,
) -> list[Cue]:
    """Attributions in one quote-masked paragraph, in reading order (`sentences`: its
    split_sentences, if known)."""
    by_end = {r.end: r for r in runs}
    by_start = {r.start: r for r in runs}
    cues: list[Cue] = []
    org_cues: list[Cue] = []
    if sentences is None:
        sentences = split_sentences(frame)
    if R.COLON_LEAD.match(frame) and runs and runs[0].start == 0:
        # 'Jane Doe, The Daily Planet: "..."' (round-ups of reactions, interviews)
        if runs[0].name and not runs[0].possessive:
            cues.append(Cue(para, 0, runs[0], None, text))
    for match in R.DASH_SIGNATURE.finditer(frame):
        run = by_start.get(match.end())
        if run is not None and run.name and not run.possessive:
            quote_start = frame.rfind("“", 0, match.start())
            cues.append(Cue(para, run.start, run, None, text[max(quote_start, 0) : match.start()]))
    starts = [t.start for t in tokens]
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        found: list[Cue] = []
        content = -1  # where the statement of the sentence's first speaker begins
        toks = tokens[bisect_left(starts, s_start) : bisect_left(starts, s_end)]
        for k, tok in enumerate(toks):
            low = tok.text.lower()
            if low not in _CUE_SET and low not in _PAIR_HEADS and low != "according":
                continue
            pair = (low, toks[k + 1].text.lower()) if k + 1 < len(toks) else None
            if pair in _NOT_CUES:
                continue  # "reported from Hawaii": a byline, not a statement
            if low == "according" and pair == ("according", "to") and k + 2 < len(toks):
                cue = right_subject(frame, toks[k + 2].start, by_start, para, sentence)
                if cue:
                    found.append(cue)
                continue
            if low not in _CUE_SET and pair not in _CUE_PAIRS and not (
                    low in R.STATEMENT_VERBS and R.STATEMENT.match(frame, tok.end)):
                continue
            subjects = left_subject(frame, s_start, tok.start, by_end, runs, para, sentence, orgs)
            # organisations are set aside so that persons come out as they would without them
            org_cues.extend(c for c in subjects if c.org)
            subjects = [c for c in subjects if not c.org]
            if content >= 0:
                # "Jane Doe said that [John Roe] called for ...": what Doe says Roe said
                subjects = [c for c in subjects if c.pos < content
                            or R.CLAUSE_BREAK.search(frame, content, c.pos)]
            elif subjects:
                content = tok.end
            if not subjects and low in _INVERSION_SET:
                before = frame[s_start : tok.start].rstrip()
                if before.endswith((",", "”", '"', "—", "--")) or not before:
                    cue = right_subject(frame, tok.end, by_start, para, sentence)
                    subjects = [cue] if cue else []
            found.extend(subjects)
        if not found and "“" in frame[s_start:s_end]:
            # quote-only sentence: attributed later to the last speaker
            found.append(Cue(para, s_start, None, None, sentence))
        for cue in found:
            cue.sentence = s_start
        cues.extend(found)
    cues.extend(org_cues)
    cues.sort(key=lambda c: c.pos)
    return cues


def left_subject(
    frame: str,
    s_start: int,
    v: int,
    by_end: dict[int, Run],
    runs: list[Run],
    para: int,
    sentence: str,
    orgs: bool = False,
) -> list[Cue]:
    """Subjects written before the verb: 'Chu said', 'Feng Yujun, head of X, said', 'he added'."""
    left = frame[s_start:v]
    if R.PASSIVE_TAIL.search(left):
        return []
    left = R.ADVERB_TAIL.sub("", left)
    left = R.PAREN_TAIL.sub("", left).rstrip()
    if (who := R.WHO_TAIL.search(left)) is not None:
        # "Nora Quinlan, who claimed that ...": the relative pronoun's antecedent
        run = by_end.get(s_start + who.start())
        if run is not None and subject_ok(run, frame) and not is_org_run(run):
            return [Cue(para, run.start, run, None, sentence)]
        return []
    end = s_start + len(left)
    low = left.lower()
    for pronoun in R.PRONOUNS:
        if low.endswith(pronoun) and (
            len(low) == len(pronoun) or not low[-len(pronoun) - 1].isalpha()
        ):
            return [Cue(para, end, None, pronoun, sentence)]
    run = by_end.get(end)
    if run is not None:
        # 'Dan Smith at the Daily Planet agreed', 'Amira Haddad of the University of the
        # North said': the subject stands before the prepositions
        object_run = run
        while (pp := R.PP_TAIL.search(frame, s_start, object_run.start)) is not None and (
                is_org_run(object_run) or not subject_ok(object_run, frame)):
            head = by_end.get(pp.start())
            if head is None:
                break
            if subject_ok(head, frame) and not is_org_run(head):
                return [Cue(para, head.start, head, None, sentence)]
            object_run = head
        if subject_ok(run, frame):
            return conjoined(frame, s_start, run, by_end, para, sentence)
        if orgs and not run.possessive and (whole := whole_name(run, frame, by_end)):
            return [Cue(para, whole.start, whole, None, sentence, org=True)]
        return []
    if left.endswith(","):
        cue = appositive_subject(frame, s_start, end, runs, para, sentence)
        return [cue] if cue else []
    if R.COORD_TAIL.search(left):
        # "Jane Doe visited the plant and said ...": the sentence's subject
        first = next((r for r in runs if r.start >= s_start and r.name), None)
        by_start = {r.start: r for r in runs}
        if first is not None and (role := R.ROLE_AFTER.match(frame, first.end)) and (
                role[2] in R.LOWER_ROLES and role.end() in by_start):
            first = by_start[role.end()]  # "Ortiz spokesman Jane Doe joined ... and said"
        if first is not None and first.end < end and R.MODIFIERS.match(frame, s_start, first.start):
            if not first.possessive and not is_org_run(first):
                return [Cue(para, first.start, first, None, sentence)]
    return []


def whole_name(run: Run, frame: str, by_end: dict[int, Run]) -> Run | None:
    """The organisation an object of "of" names with the run before it ("the Ministry of
    [Health] announced": Ministry of Health), or a firm's name split by "and" ("Standard
    and [Poor's Corp]"); the run itself when no preposition governs
    it; None for an object of any other preposition ("operators across the [Baltic]
    said"), or of "of" inside a phrase that is itself an object ("Amira Haddad of the
    University of the [North] said": Haddad speaks)."""
    if not org_label(run):
        return None
    if (match := R.AND_TAIL.search(frame, 0, run.start)) and (head := by_end.get(match.start())):
        # "Standard and [Poor's Corp] said", "Morgan Stanley and [Co Inc] said": one firm
        run = Run(head.start, run.end, (*org_label(head), *match[0].split(), *run.title,
                                        *run.name), ())
    if previous_word(frame, run.start) not in R.PREPOSITIONS:
        return run
    match = R.OF_TAIL.search(frame, 0, run.start)
    head = by_end.get(match.start()) if match else None
    if head is None or head.name or previous_word(frame, head.start) in R.PREPOSITIONS:
        return None
    words = (*org_label(head), *match[0].split(), *run.title, *run.name)
    return Run(head.start, run.end, words, ())


def conjoined(
    frame: str, s_start: int, run: Run, by_end: dict[int, Run], para: int, sentence: str
) -> list[Cue]:
    """'Smith and Jones said', 'Sens. A, B and C said': every conjoined subject."""
    cues = [Cue(para, run.start, run, None, sentence)]
    pos = run.start
    while True:
        match = R.CONJ_TAIL.search(frame, s_start, pos)
        # a bare comma only continues a list that already ended in 'and'
        if match is None or (len(cues) == 1 and "and" not in match[0]):
            break
        prev = by_end.get(match.start())
        if prev is None or not prev.name or prev.possessive:
            break
        if not subject_ok(prev, frame):
            # "the Organisation for Economic Cooperation and Development said": the list
            # is the object of a preposition, part of a longer name
            return []
        cues.insert(0, Cue(para, prev.start, prev, None, sentence))
        pos = prev.start
    return cues


def appositive_subject(
    frame: str, s_start: int, end: int, runs: list[Run], para: int, sentence: str
) -> Cue | None:
    """'Feng Yujun, head of the institute, said': the first named run followed by a comma."""
    clause = max(frame.rfind("”", s_start, end), frame.rfind(";", s_start, end), s_start)
    for run in runs:
        if run.start < clause or run.end >= end:
            continue
        after = frame[run.end : run.end + 2]
        if not after.startswith(","):
            continue
        if subject_ok(run, frame):
            return Cue(para, run.start, run, None, sentence)
    return None


def right_subject(
    frame: str, pos: int, by_start: dict[int, Run], para: int, sentence: str
) -> Cue | None:
    """Subject written after the verb: '"...," said Chu', 'according to Sen. Jane Doe'."""
    rest = frame[pos:]
    stripped = rest.lstrip()
    start = pos + len(rest) - len(stripped)
    low = stripped[:4].lower()
    for pronoun in R.PRONOUNS:
        if low.startswith(pronoun) and not low[len(pronoun) : len(pronoun) + 1].isalpha():
            return Cue(para, start, None, pronoun, sentence)
    # 'said the Rev. Jane Doe': an article before a person's title
    after_the = by_start.get(start + 4) if frame.startswith("the ", start) else None
    if after_the is not None and is_titled(after_the):
        start += 4
    # allow a few lower-case role words first: 'said former adviser Jane Doe'
    for _ in range(R.MAX_ROLE_WORDS):
        run = by_start.get(start)
        if run is not None:
            # 'said Societe Generale economist Alain Marais': the person after the role
            role = R.ROLE_AFTER.match(frame, run.end)
            if role and role[2] in R.LOWER_ROLES and by_start.get(role.end()) is not None:
                run = by_start[role.end()]
            return (
                Cue(para, run.start, run, None, sentence)
                if run.name and not run.possessive
                else None
            )
        match = R.ROLE_WORD.match(frame[start:])
        if not match or match[1] in R.PREPOSITIONS or match[1] in R.NOT_ROLE_WORDS:
            return None
        start += match.end()
    return None


# ------------------------------------------------------------------ resolution
def gender_of(first: str, titles: Iterable[str]) -> str | None:
    """'m', 'f' or None, from a title ('Mrs.') or a common first name."""
    for title in titles:
        key = word_key(title)
        if key in R.MALE_TITLES:
            return "m"
        if key in R.FEMALE_TITLES:
            return "f"
    key = word_key(first)
    if key in R.MALE_FIRST_NAMES and key not in R.FEMALE_FIRST_NAMES:
        return "m"
    if key in R.FEMALE_FIRST_NAMES and key not in R.MALE_FIRST_NAMES:
        return "f"
    return None


@lru_cache(maxsize=4096)
def core(name: tuple[str, ...]) -> tuple[str, ...]:
    """Name words lower-cased without dots, for matching ('Jr.' and initials kept)."""
    return tuple(word_key(w) for w in name)


def same_person(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """'Donald Trump' ~ 'Donald J. Trump': same first and last word, extra initials between."""
    return (
        len(short) > 1
        and short[0] == long[0]
        and short[-1] == long[-1]
        and all(len(w) == 1 for w in long[1:-1] if w not in short)
    )


def drop_suffix(key: tuple[str, ...]) -> tuple[str, ...]:
    """A matching key without 'jr', 'sr', 'iii'."""
    while len(key) > 1 and key[-1] in R.SUFFIXES:
        key = key[:-1]
    return key


def one_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full forms of one person: the same surname, and one given name the other's
    short form or the same ("Tim Vance" and "Timothy R. Vance", not "Paul" and "Ruth")."""
    a, b = drop_suffix(a), drop_suffix(b)
    return a[-1] == b[-1] and (a[0].startswith(b[0]) or b[0].startswith(a[0]))


def resolve_short(
    name: tuple[str, ...], gender: str | None, full: dict[tuple[str, ...], Entity]
) -> tuple[str, ...]:
    """The fullest name in the article that this (short) name is part of.

    Of two people who share a surname, the one the article names first is the one the
    surname alone stands for ("Calder" after "Ruth Calder", even where "her brother Paul
    Calder" is named more often); of two forms of one person's name, the more
    frequent.
    """
    key = core(name)
    if not key:
        return name
    found: list[tuple[tuple[int, int, int], int, tuple[str, ...]]] = []
    for form, ent in full.items():
        ckey = core(form)
        if len(ckey) <= len(key):
            continue
        bare = drop_suffix(ckey)
        if ckey[-len(key) :] == key:
            place = 3  # surname: "Chu" in "Feng Chu", "Mr. Trump"
        elif bare[-len(key) :] == key and len(bare) > len(key):
            place = 2  # "Trump" in "Donald Trump Jr.", only if no plain "Donald Trump"
        elif ckey[: len(key)] == key:
            place = 1  # surname-first or first name: "Chu" in "Chu Yin"
        elif same_person(key, ckey):
            place = 1
        else:
            continue
        if gender and ent.gender and gender != ent.gender:
            continue
        found.append(((place, -ent.first[0], -ent.first[1]), ent.count, form))
    if not found:
        return name
    first = max(found)
    # the forms of that person's name, by how often the article uses each
    forms = [f for f in found if f[0][0] == first[0][0] and one_person(core(f[2]),
                                                                        core(first[2]))]
    return max(forms, key=lambda f: (f[1], f[0]))[2]


def org_label(run: Run) -> tuple[str, ...]:
    """Name of an organisation run without a leading article: 'the Kremlin' -> 'Kremlin'."""
    words = list(run.title + run.name)
    while words and word_key(words[0]) in R.STOP_WORDS:
        words.pop(0)
    return tuple(words)


def is_org_run(run: Run) -> bool:
    """A run that names an organisation or a place rather than a person."""
    if run.surname:
        return False  # "Washington said" after "Ruth Ann Washington"
    if run.name:
        words = [word_key(w) for w in run.name]
        if len(words) > 1 and words[0] in _FIRST_NAMES:
            return False
        if len(words) == 1 and run.title and word_key(run.title[-1]) == "the":
            return True  # "the Kremlin", "The Beijinger"
        # the words that open a sentence ("When Rentz", "But Reyes") are no title
        title = [t for t in run.title if word_key(t) not in R.STOP_WORDS]
        if (
            len(words) == 1
            and title
            and not any(word_key(t) in _PERSON_TITLES for t in title)
        ):
            return True  # "The Daily Beast", "State Legislatures"
        return (
            any(w in R.ORG_WORDS for w in words)
            or all(w in R.PLACES for w in words)
            or (len(words) > 1 and words[-1] in R.FIRM_WORDS)  # "Westhaven Terminals"
            or (len(words) == 1 and is_acronym(run.name[0]))
        )
    return True


def firm_names(runs: Iterable[Run]) -> dict[str, tuple[str, ...]]:
    """Name word -> the firm whose name holds it, for the runs that end in a firm word
    ("Chrysler Corp", "Eastman Kodak Co"): "Chrysler said" is then the firm."""
    firms: dict[str, tuple[str, ...]] = {}
    for run in runs:
        label = org_label(run)
        if len(label) < 2 or word_key(label[-1]) not in R.FIRM_WORDS:
            continue
        if run.name and word_key(run.name[0]) in _FIRST_NAMES:
            continue  # "Henry Ford Hospital" says nothing about "Ford said"
        for word in label[:-1]:
            key = word_key(word)
            if key not in _NON_NAME and key not in R.FIRM_WORDS:
                firms.setdefault(key, label)
    return firms


def run_marks(run: Run, frame: str, initial: bool) -> frozenset[str]:
    """What a name run's place in its sentence says about it: "mid" (not the sentence's
    first word, where any word is capitalised), "the" ("the Bundesbank said"), "place"
    ("in Hong Kong"), "org" ("news agency Tass"), "firm" ("Morgan Stanley and Co"),
    "thing" ("Dome, which", "Texaco said its") and "inside" ("Bank of England")."""
    marks = set() if initial else {"mid"}
    if run.title or not run.name:
        return frozenset(marks)
    # the three words before the run, last first: "the", "in", "agency"
    words = frame[max(0, run.start - 40) : run.start].split()[-3:][::-1]
    words += [""] * (3 - len(words))
    before = [w.lower() for w in words]
    after = frame[run.end : run.end + 30]
    if before[0] == "the" and (run.possessive or R.AFTER_THE.match(after)):
        marks.add("the")
    if not run.possessive and (before[0] in R.LOCATIVES
                               or before[0] == "the" and before[1] in R.LOCATIVES):
        marks.add("place")
    if before[0] in R.ORG_NOUNS:
        marks.add("org")
    if R.AND_CO_AFTER.match(after):
        marks.add("firm")
    if R.AFTER_WHICH.match(after):
        marks.add("thing")
    joined = 1 if before[0] == "the" else 0
    if before[joined] in R.INSIDE_NAME_JOINS and words[joined + 1][:1].isupper():
        marks.add("inside")
    return frozenset(marks)


def sentence_starts(frame: str, spans: list[tuple[int, int]] | None = None) -> set[int]:
    """Offsets of the first word of each sentence, past opening quotes and brackets
    (`spans`: the frame's split_sentences, if known)."""
    starts = set()
    for start, end in split_sentences(frame) if spans is None else spans:
        while start < end and (frame[start].isspace() or frame[start] in '“"‘(['):
            start += 1
        starts.add(start)
    return starts


def collect_entities(
    mentions: list[tuple[int, Run]], subjects: set[tuple[str, ...]]
) -> dict[tuple[str, ...], Entity]:
    """Every named form in the article with its person evidence, gender and count."""
    entities: dict[tuple[str, ...], Entity] = {}
    for para, run in mentions:
        if not run.name:
            continue
        ent = entities.get(run.name)
        if ent is None:
            ent = entities[run.name] = Entity(run.name, first=(para, run.start))
        ent.count += 1
        titled = any(word_key(t) in _PERSON_TITLES for t in run.title)
        first_name = word_key(run.name[0]) in _FIRST_NAMES and len(run.name) > 1
        if titled or first_name or (run.name in subjects and len(run.name) > 1):
            ent.person = True
        if ent.gender is None:
            ent.gender = gender_of(run.name[0] if len(run.name) > 1 else "", run.title)
    return entities


def merge_forms(entities: dict[tuple[str, ...], Entity]) -> dict[tuple[str, ...], Entity]:
    """Forms of two words or more that may be a person's full name."""
    full = {}
    for name, ent in entities.items():
        if len(core(name)) > 1 and not is_org_run(Run(0, 0, (), name)):
            full[name] = ent
    return full


def canonical(
    run: Run, entities: dict[tuple[str, ...], Entity], full: dict[tuple[str, ...], Entity]
) -> tuple[str, ...]:
    """Full name for a run: the longest form in the article it is a part of."""
    ent = entities.get(run.name)
    gender = gender_of("", run.title) or (ent.gender if ent else None)
    return resolve_short(run.name, gender, full)


def resolve_pronoun(
    pronoun: str,
    at: tuple[int, int],
    persons: list[Person],
    last: tuple[tuple[str, ...], str | None, tuple[int, int]] | None,
    tuning: Tuning = DEFAULT_TUNING,
    sentence: int = -1,
) -> tuple[str, ...] | None:
    """The person a 'he' or 'she' at `at` (in the sentence at offset `sentence`) stands
    for, among the gender-compatible persons named outside quotes before it; the first
    rule that finds one decides:

    - the subject of the pronoun's own sentence ("When Jane Doe spoke, she said");
    - the last speaker, within reach and while no one else has been named as the
      subject of a main clause since their cue: a possessive ("Feng's opinion"), an
      object ("she thanked Jones") or "while Jones ..." does not take the floor;
    - the latest such subject within reach, then the nearest person within reach.
    """
    gender = "m" if pronoun in R.MALE_PRONOUNS else "f"
    before = [p for p in persons if (p.para, p.start) < at and p.gender in (None, gender)
              and not p.possessive]
    here = [p for p in before if p.subject and p.para == at[0] and p.sentence == sentence]
    if here:
        return here[0].name
    if last is not None and last[1] in (None, gender) and (
            at[0] - last[2][0] <= tuning.last_speaker_reach):
        if not any(p.main and (p.para, p.start) > last[2] and p.name != last[0]
                   for p in before):
            return last[0]
    near = [p for p in before if at[0] - p.para <= tuning.pronoun_reach]
    subjects = [p for p in near if p.main]
    if subjects:
        return subjects[-1].name
    return near[-1].name if near else None


# ------------------------------------------------------------------ name checks
def lowercase_words(paragraphs: list[str]) -> frozenset[str]:
    """Words the article also writes in lower case: 'Experts say' is no name."""
    return frozenset(R.LOWER_WORD.findall(" ".join(paragraphs)))


def drop_common(run: Run, lower: frozenset[str]) -> Run:
    """Empty the name of a one-word run that the article uses as a common word."""
    if len(run.name) == 1 and not run.title and word_key(run.name[0]) in lower:
        return Run(run.start, run.end, run.name, (), run.possessive, run.role, common=True)
    return run


def revive_surname(run: Run, surnames: set[str]) -> Run:
    """'Dean, a doctor, said', 'Chair Washington said': a title or place word that is the
    surname of someone named in full, alone or after titles."""
    if run.name or not run.title or word_key(run.title[-1]) not in surnames:
        return run
    if word_key(run.title[-1]) not in _SURNAME_WORDS:
        return run
    if not all(word_key(t) in _PERSON_TITLES for t in run.title[:-1]):
        return run
    return Run(run.start, run.end, run.title[:-1], run.title[-1:], run.possessive, run.role,
               surname=True)


def place_given_name(run: Run, courtesy: set[str]) -> Run:
    """'Houston Tully' where the article also writes 'Ms. Tully': a place word just
    before a surname that takes a courtesy title is that person's given name."""
    if len(run.title) != 1 or len(run.name) != 1 or word_key(run.name[0]) not in courtesy:
        return run
    key = word_key(run.title[0])
    if key not in R.PLACES or key in R.TITLES or key in R.STOP_WORDS or run.title[0][-1] == ".":
        return run
    return Run(run.start, run.end, (), run.title + run.name, run.possessive, None)


def replace_run(cue: Cue, run: Run) -> Cue:
    """The same cue with a corrected run."""
    return Cue(cue.para, cue.pos, run, cue.pronoun, cue.text, cue.org, cue.sentence)


def subject_places(
    runs: list[Run], frame: str, spans: list[tuple[int, int]] | None = None
) -> list[tuple[int, bool, bool]]:
    """For each run, the offset of its sentence, whether it is the sentence's subject (the
    first name of the sentence behind at most a connective or two: "Warren", "When Jane
    Doe"; or the first after an opening phrase and its comma, where it is no apposition:
    "In a letter, Warren called", not "the author, Jane Doe, who"), and whether it is the
    subject of the main clause (behind no "when", "while", "because"). `spans`: the
    frame's split_sentences, if known."""
    if spans is None:
        spans = split_sentences(frame)
    places = []
    k = 0
    named = -1  # where the last named run of the sentence starts
    for run in runs:
        while k + 1 < len(spans) and spans[k + 1][0] <= run.start:
            k += 1
            named = -1
        s_start = spans[k][0] if spans else 0
        head, comma, lead = frame[s_start : run.start].rpartition(",")
        words = [w.lower().strip("“”\"'(") for w in lead.split()]
        role = run.role.lower().split() if run.role and not run.title else []
        role_start = run.start
        if role and words[-len(role) :] == role:
            # "City Hall spokesman Jane Doe said": the role is no lead, nor its names
            words = words[: -len(role)]
            role_start = frame.rindex(lead.split()[-len(role)], 0, run.start)
        subject = (
            not run.possessive
            and all(w in R.SUBJECT_LEADS for w in words)
            and not (comma and frame[run.end : run.end + 1] in (",", "("))
            and (named < s_start + len(head) or named >= role_start)
        )
        # "While Rentz": the opening word may be read into the run's title
        opening = words + [word_key(t) for t in run.title]
        main = subject and not any(w in R.SUBORDINATORS for w in opening)
        places.append((s_start, subject, main))
        if run.name:
            named = run.start
    return places


def opening_pronouns(frame: str, sentences: list[tuple[int, int]]) -> list[tuple[int, str, int]]:
    """'He' or 'She' as the first word of a sentence: (offset, pronoun, sentence offset)."""
    found = []
    for s_start, s_end in sentences:
        match = R.OPENING_PRONOUN.match(frame, s_start, s_end)
        if match:
            found.append((match.start(1), match[1].lower(), s_start))
    return found


# ------------------------------------------------------------------ reading
@dataclass(slots=True)
class Reading:
    """What the paragraphs say, before any name is resolved."""

    mentions: list[tuple[int, Run]] = field(default_factory=list)  # names outside quotes
    quoted: list[tuple[int, Run]] = field(default_factory=list)  # names inside quotes
    cues: list[Cue] = field(default_factory=list)  # attributions, in reading order
    # what each mention's and quoted name's surroundings say (run_marks), in their order
    marks: list[frozenset[str]] = field(default_factory=list)
    quoted_marks: list[frozenset[str]] = field(default_factory=list)
    # the sentence of each mention (its offset), whether the mention is its subject and
    # whether it is the subject of the main clause (subject_places)
    places: list[tuple[int, bool, bool]] = field(default_factory=list)
    # "He" or "She" opening a sentence: (paragraph, offset, pronoun, sentence offset)
    pronouns: list[tuple[int, int, str, int]] = field(default_factory=list)


def read_paragraphs(paragraphs: list[str], orgs: bool = False) -> Reading:
    """Name runs and attribution cues of every paragraph, quotes masked."""
    reading = Reading()
    for i, raw in enumerate(paragraphs):
        text = normalize_quotes(raw)
        spans = quote_spans(text)
        frame = mask_quotes(text, spans)
        tokens = tokenize(frame)
        runs = name_runs(tokens, frame)
        sentences = split_sentences(frame)
        starts = sentence_starts(frame, sentences)
        reading.mentions.extend((i, r) for r in runs)
        reading.marks.extend(run_marks(r, frame, r.start in starts) for r in runs)
        reading.places.extend(subject_places(runs, frame, sentences))
        reading.cues.extend(find_cues(frame, text, i, tokens, runs, orgs, sentences))
        reading.pronouns.extend((i, pos, pronoun, s_start)
                                for pos, pronoun, s_start in opening_pronouns(frame, sentences))
        for a, b in spans:
            # names said inside quotes still tell the full form of a short name
            inner = text[a + 1 : b]
            inner_runs = name_runs(tokenize(inner), inner)
            inner_starts = sentence_starts(inner)
            reading.quoted.extend((i, r) for r in inner_runs)
            reading.quoted_marks.extend(run_marks(r, inner, r.start in inner_starts)
                                        for r in inner_runs)
    return reading


# ------------------------------------------------------------------ candidates
@dataclass(slots=True)
class Candidates:
    """The names that could be speakers: every form, the full ones, the persons in order,
    and what the article says of each name (its evidence, roles, the firms it names)."""

    entities: dict[tuple[str, ...], Entity]
    full: dict[tuple[str, ...], Entity]
    persons: list[Person]  # named outside quotes, for pronouns
    genders: dict[tuple[str, ...], str | None]
    # full name -> run_marks of all its mentions, and "titled" when one has a person's title
    evidence: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    roles: dict[tuple[str, ...], str] = field(default_factory=dict)  # full name -> role
    firms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # see firm_names
    lower: frozenset[str] = frozenset()  # words the article writes in lower case
    # (name, gender a title gives) -> full name: `canonical`, worked out once per form
    known: dict[tuple[tuple[str, ...], str | None], tuple[str, ...]] = field(
        default_factory=dict)

    def full_name(self, run: Run) -> tuple[str, ...]:
        """`canonical` of a run, remembered: an article names the same forms many times."""
        key = (run.name, gender_of("", run.title))
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = canonical(run, self.entities, self.full)
        return found


def _fix_runs(reading: Reading, fix: Callable[[Run], Run]) -> Reading:
    """The reading with `fix` applied to the runs of its mentions and cues (not quoted ones)."""
    return Reading(
        [(i, fix(r)) for i, r in reading.mentions],
        reading.quoted,
        [c if c.run is None else replace_run(c, fix(c.run)) for c in reading.cues],
        reading.marks,
        reading.quoted_marks,
        reading.places,
        reading.pronouns,
    )


def settle_names(reading: Reading, paragraphs: list[str]) -> Reading:
    """Runs that are names: common words out ('Experts say'), lone surnames back in ('Dean')."""
    lower = lowercase_words(paragraphs)
    reading = _fix_runs(reading, lambda r: drop_common(r, lower))
    surnames = {word_key(r.name[-1]) for _, r in reading.mentions if len(r.name) > 1}
    reading = _fix_runs(reading, lambda r: revive_surname(r, surnames))
    courtesy = {word_key(r.name[0]) for _, r in reading.mentions + reading.quoted
                if len(r.name) == 1 and r.title and word_key(r.title[-1]) in R.COURTESY_TITLES}
    return _fix_runs(reading, lambda r: place_given_name(r, courtesy))


def is_titled(run: Run) -> bool:
    """A run whose title words say it names a person ("Mayor", "Mrs."); a lower-case noun
    before it does not ("said lead manager Morgan Stanley")."""
    return any(word_key(t) in _PERSON_TITLES for t in run.title)


def gather_evidence(cands: Candidates, reading: Reading) -> None:
    """Each full name's marks and role, over every mention of any of its forms."""
    named = list(zip(reading.mentions, reading.marks, strict=True)) + list(
        zip(reading.quoted, reading.quoted_marks, strict=True))
    for (_para, run), marks in named:
        if not run.name or is_org_run(run):
            continue
        name = cands.full_name(run)
        evidence = cands.evidence.setdefault(name, set())
        evidence |= marks
        if is_titled(run):
            evidence.add("titled")
        if run.role and name not in cands.roles:
            cands.roles[name] = run.role


def _plural_common(key: tuple[str, ...], lower: frozenset[str]) -> bool:
    """A name ending in a plural that is a common noun: "Banks", "Authorities", "Acme
    Widgets" (written in lower case elsewhere, or the plural of an organisation word)."""
    last = key[-1]
    if len(last) < 4 or not last.endswith("s") or last.endswith("ss"):
        return False
    singular = (last[:-3] + "y") if last.endswith("ies") else last[:-1]
    return last in lower or singular in lower or singular in R.ORG_WORDS


WEAKEST_PERSON = "the subject of a statement"  # the last reason `verdict` gives for a person


def verdict(name: tuple[str, ...], cands: Candidates) -> tuple[str | None, tuple[str, ...], str]:
    """Whether a cue's subject, by its full name, is a person, an organisation (with its
    label) or neither (None), and why; the first check that applies decides."""
    key = core(name)
    evidence = cands.evidence.get(name, set())
    if len(key[0]) <= 1 and not name[0].endswith("."):
        return None, name, "a letter that is no initial"  # "S and P said", "K Mart"
    if any(w.endswith(("'s", "’s")) for w in name[:-1]):
        return "org", name, "a possessive inside the name"  # "Hudson's Bay"
    if len(key) > 1 and key[0] in R.NAME_ARTICLES:
        return "org", name, "an article opens the name"  # "Der Spiegel"
    if is_org_run(Run(0, 0, (), name)):
        return "org", name, "words of an organisation or a place"
    if "titled" in evidence:
        return "person", name, "a person's title or role"
    if len(drop_suffix(key)) > 1 and key[0] in _FIRST_NAMES:
        return "person", name, "a given name"
    if "inside" in evidence:
        return None, name, "part of a longer name"  # "Organisation for Economic Cooperation"
    firm = {cands.firms.get(k) for k in key}
    if len(firm) == 1 and (label := firm.pop()) is not None:
        return "org", label, "part of a firm's name elsewhere in the article"
    for mark, reason in (("firm", "written 'X and Co'"), ("org", "written after an "
                         "organisation's noun"), ("the", "written 'the X'"),
                         ("place", "written 'in X'"), ("thing", "written 'X, which'")):
        if mark in evidence:
            return "org", name, reason
    if _plural_common(key, cands.lower):
        return (None if len(key) == 1 else "org"), name, "a plural common noun"
    if any(k in cands.lower for k in key if k not in R.PARTICLES):
        return None, name, "a word the article writes in lower case"  # "Waste Management"
    if any(R.ABSTRACT_WORD.search(k) for k in key):
        return None, name, "a word shaped like an abstract noun"  # "Economic Cooperation"
    if len(drop_suffix(key)) == 1:
        return None, name, "one word, and no title says it is a person"
    return "person", name, WEAKEST_PERSON


def find_candidates(reading: Reading, lower: frozenset[str] = frozenset()) -> Candidates:
    """Every named form with its evidence, and the persons a pronoun may stand for
    (`lower`: the words the article writes in lower case)."""
    subjects = {c.run.name for c in reading.cues if c.run is not None and not c.org}
    entities = collect_entities(reading.mentions + reading.quoted, subjects)
    full = merge_forms(entities)
    firms = firm_names(r for _, r in reading.mentions + reading.quoted)
    cands = Candidates(entities, full, [], {}, firms=firms, lower=lower)
    gather_evidence(cands, reading)
    # a name that nothing but its place in a sentence calls a person stands for a pronoun
    # only if it is also the subject of a cue of its own
    speaking = {cands.full_name(c.run) for c in reading.cues if c.run is not None and not c.org}
    for (para, run), (sentence, subject, main) in zip(reading.mentions, reading.places,
                                                      strict=True):
        if not run.name or is_org_run(run):
            continue
        name = cands.full_name(run)
        ent = entities.get(name) or entities.get(run.name)
        if ent is None or not (ent.person or name in full):
            continue
        kind, _, reason = verdict(name, cands)
        if kind != "person":
            continue  # "in Hong Kong ... he said" is no one from Hong Kong
        if reason == WEAKEST_PERSON and name not in speaking:
            continue  # "The Great Lakes could open ..., she said": no title, no given name
        gender = gender_of("", run.title) or ent.gender
        cands.persons.append(Person(para, run.start, name, gender, run.possessive, subject,
                                    sentence, main))
        cands.genders.setdefault(name, gender)
    follow_pronouns(cands.persons, reading)
    return cands


def follow_pronouns(persons: list[Person], reading: Reading) -> None:
    """'Calder sent the letter. She also wrote to the board.': a 'he' or 'she' opening a
    sentence that is no cue keeps its antecedent the subject there, for later pronouns."""
    cued = {(c.para, c.pos) for c in reading.cues if c.pronoun is not None}
    for para, pos, pronoun, sentence in reading.pronouns:
        if (para, pos) in cued or (para, pos + len(pronoun)) in cued:
            continue  # a cue's pronoun: the attribution makes its speaker the last one
        name = resolve_pronoun(pronoun, (para, pos), persons, None, sentence=sentence)
        if name is not None:
            gender = "m" if pronoun in R.MALE_PRONOUNS else "f"
            insort(persons, Person(para, pos, name, gender, False, True, sentence, True),
                   key=lambda p: (p.para, p.start))


# ------------------------------------------------------------------ attribution
@dataclass(slots=True)
class Attribution:
    """Who said what so far, and the person who spoke last (for pronouns and bare quotes)."""

    speakers: dict[tuple[str, ...], Entity] = field(default_factory=dict)
    last: tuple[str, ...] | None = None
    last_at: tuple[int, int] = (-1, -1)  # (paragraph, offset) of the last person's cue
    tuning: Tuning = DEFAULT_TUNING

    def credit(self, name: tuple[str, ...], text: str, org: bool = False) -> None:
        ent = self.speakers.get(name)
        if ent is None:
            ent = self.speakers[name] = Entity(name, person=not org, org=org)
        ent.quotes.append(text)

    def credit_person(self, name: tuple[str, ...], cue: Cue) -> None:
        self.credit(name, cue.text)
        self.last, self.last_at = name, (cue.para, cue.pos)
        logger.debug("speaker %s <- %r", " ".join(name), cue.text[:60])


def _named_cue(state: Attribution, cue: Cue, run: Run, cands: Candidates, orgs: bool) -> None:
    """A cue with its subject's name: a person, or an organisation when asked for."""
    if run.common:
        return  # "Banks have warned", "Operators complained": nobody in particular
    if is_org_run(run):
        label = org_label(run)
    else:
        name = cands.full_name(run)
        kind, label, reason = verdict(name, cands)
        logger.debug("%s: %s (%s)", " ".join(name), kind or "no one", reason)
        if kind == "person":
            state.credit_person(name, cue)
            return
        if kind is None:
            return
    # organisations cost precision on the persons score: only when asked for; and
    # "he said" after "the ministry said" is still about the last person
    if orgs and label:
        state.credit(label, cue.text, org=True)


def _pronoun_cue(state: Attribution, cue: Cue, pronoun: str, cands: Candidates) -> None:
    """'he said': the person the pronoun stands for, if one can be told."""
    last = state.last
    previous = (last, cands.genders.get(last), state.last_at) if last is not None else None
    name = resolve_pronoun(pronoun, (cue.para, cue.pos), cands.persons, previous, state.tuning,
                           cue.sentence)
    if name is not None:
        state.credit_person(name, cue)


def _bare_quote(state: Attribution, cue: Cue) -> None:
    """A quote with no cue belongs to the speaker of this or the previous paragraph."""
    if state.last is not None and cue.para - state.last_at[0] <= state.tuning.last_speaker_reach:
        state.speakers[state.last].quotes.append(cue.text)


def attribute(
    cues: list[Cue], cands: Candidates, orgs: bool = False, tuning: Tuning = DEFAULT_TUNING
) -> Attribution:
    """Who said what, cue by cue in reading order."""
    state = Attribution(tuning=tuning)
    for cue in cues:
        if cue.org and cue.run is not None:
            # set apart from the persons: an organisation never becomes "the last speaker"
            if label := org_label(cue.run):
                state.credit(label, cue.text, org=True)
        elif cue.run is not None:
            _named_cue(state, cue, cue.run, cands, orgs)
        elif cue.pronoun is not None:
            _pronoun_cue(state, cue, cue.pronoun, cands)
        else:
            _bare_quote(state, cue)
    return state


# ------------------------------------------------------------------ main
def reads_english(paragraphs: list[str], language: str | None = None) -> bool:
    """Whether the rules can read the text: its language (`language`, an ISO code or a
    page's declaration) is English or unknown, and enough of its words are English
    function words."""
    if language and language.strip().lower().replace("_", "-").split("-")[0] != "en":
        return False
    sample = []
    size = 0
    for para in paragraphs:
        sample.append(para)
        size += len(para)
        if size >= R.ENGLISH_SAMPLE_CHARS:
            break
    words = R.LETTERS.findall(" ".join(sample)[: R.ENGLISH_SAMPLE_CHARS].lower())
    if len(words) < R.MIN_SAMPLE_WORDS:
        return True
    return sum(w in R.ENGLISH_WORDS for w in words) >= R.MIN_ENGLISH_SHARE * len(words)


def find_speakers(
    paragraphs: list[str],
    title: str | None = None,
    *,
    orgs: bool = False,
    tuning: Tuning = DEFAULT_TUNING,
    language: str | None = None,
) -> list[Speaker]:
    """Speakers of the article, short forms resolved to the fullest name seen, each person
    with the role the article gives them.

    Persons only by default; `orgs=True` adds organisations that speak ("the Kremlin").
    `tuning` overrides the reach of the last speaker and of pronouns (for evaluation).
    Text in another language than English (`language`: the article's, if
    known) gets no speakers: the rules are English ones (`reads_english`).
    """
    if not reads_english(paragraphs, language):
        logger.debug("no speakers: the text is not English (declared %s)", language)
        return []
    reading = settle_names(read_paragraphs(paragraphs, orgs), paragraphs)
    cands = find_candidates(reading, lowercase_words(paragraphs))
    speakers = attribute(reading.cues, cands, orgs, tuning).speakers
    return [
        Speaker(" ".join(e.name), "org" if e.org else "person", tuple(dict.fromkeys(e.quotes)),
                None if e.org else cands.roles.get(e.name))
        for e in speakers.values()
    ]
