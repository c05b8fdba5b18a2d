"""Quote attribution: table-driven tests of each rule, plus the project's seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extraction import speakers
from indexer.extraction.extract import extract
from indexer.extraction.speakers import find_speakers

from .conftest import RAW

# The article the project started from, as shipped in the sample corpus.
SEED = (RAW / "meridian-daily" / "2016"
        / "kerrys-visit-to-moscow-unlikely-to-yield-breakthrough-experts.html")

# (paragraphs, expected speaker names in order of first attribution)
CASES = [
    pytest.param(
        ['"We will not back down," Mayor Ellen Park said on Tuesday.'],
        ["Ellen Park"],
        id="quote-then-cue",
    ),
    pytest.param(
        ['"The budget is balanced," said Tomas Reyes, the city\'s finance director.'],
        ["Tomas Reyes"],
        id="quote-then-inverted-cue",
    ),
    pytest.param(
        ['Gina Alvarez said: "Nobody told us the plant would close."'],
        ["Gina Alvarez"],
        id="cue-colon-quote",
    ),
    pytest.param(
        ["Harold Finch said that the bridge would reopen in May."],
        ["Harold Finch"],
        id="reported-said-that",
    ),
    pytest.param(
        ["Marta Lindqvist told reporters the strike was over."],
        ["Marta Lindqvist"],
        id="told-reporters",
    ),
    pytest.param(
        ["Turnout rose by a fifth, according to Kevin O'Hara, a pollster in Ohio."],
        ["Kevin O'Hara"],
        id="according-to",
    ),
    pytest.param(
        ["Priya Natarajan said in a statement that the company regretted the error."],
        ["Priya Natarajan"],
        id="said-in-a-statement",
    ),
    pytest.param(
        [
            "Oskar Brandt, head of the Institute for Port Studies in Hamburg, said the "
            "harbour could not take more ships."
        ],
        ["Oskar Brandt"],
        id="appositive",
    ),
    pytest.param(
        ["U.S. Secretary of Agriculture Rachel Moss said the harvest was late."],
        ["Rachel Moss"],
        id="title-of-title",
    ),
    pytest.param(
        ["Sen. Jane Doe (D-Calif.) said the bill would pass."],
        ["Jane Doe"],
        id="senator-party-state",
    ),
    pytest.param(
        [
            "Daniel Okafor, who chairs the council, praised the plan.",
            '"It is long overdue," Okafor said.',
        ],
        ["Daniel Okafor"],
        id="surname-to-full-name",
    ),
    pytest.param(
        [
            "Ruth Calder runs the clinic.",
            'Ms. Calder said, "We are out of beds."',
        ],
        ["Ruth Calder"],
        id="title-and-surname",
    ),
    pytest.param(
        [
            "Mary Whitlock said the vote was fair.",
            "She added that a recount would be a waste of money.",
        ],
        ["Mary Whitlock"],
        id="pronoun-after-speaker",
    ),
    pytest.param(
        [
            '"We were there first," said Leon Duval.',
            '"Nobody can say otherwise."',
        ],
        ["Leon Duval"],
        id="quote-only-paragraph",
    ),
    pytest.param(
        ["Ken Ito and Sara Blum said they would appeal."],
        ["Ken Ito", "Sara Blum"],
        id="conjoined-subjects",
    ),
    pytest.param(
        ["Paul Meyer at the Daily Ledger agreed with the verdict."],
        ["Paul Meyer"],
        id="subject-before-prepositional-phrase",
    ),
    pytest.param(
        ["Nora Quist visited the mill and said the jobs would stay."],
        ["Nora Quist"],
        id="coordinated-verb",
    ),
    pytest.param(
        ['"Our town deserves better." ― Lucia Ferraro'],
        ["Lucia Ferraro"],
        id="dash-signature",
    ),
    pytest.param(
        ['Amos Reed, The Evening Star: "It was the best night of the campaign."'],
        ["Amos Reed"],
        id="colon-lead",
    ),
    pytest.param(
        ["Tessa Grant echoed Hale's view, saying the deal was dead."],
        ["Tessa Grant"],
        id="possessive-is-not-a-speaker",
    ),
    pytest.param(
        ["A source close to Ingrid Holm said the talks had stalled."],
        [],
        id="object-of-preposition",
    ),
    pytest.param(
        ["Victor Lane was told that the plant would close."],
        [],
        id="passive-listener",
    ),
    pytest.param(
        ["Experts say the drought will last.", "Most experts agree."],
        [],
        id="common-noun-at-sentence-start",
    ),
    pytest.param(
        ["The rally drew a crowd. Carla Diaz reported from Denver."],
        [],
        id="byline-reported-from",
    ),
    pytest.param(
        [
            "Robert Allen Jr. spoke first.",
            "Robert Allen, his father, sat in the front row.",
            "Allen Jr. said the family was grateful.",
        ],
        ["Robert Allen Jr."],
        id="suffix-picks-the-son",
    ),
    pytest.param(
        ["Mr. King said the show would go on.", "Walter King has hosted it since 1990."],
        ["Walter King"],
        id="surname-that-is-a-title",
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), CASES)
def test_find_speakers(paragraphs: list[str], expected: list[str]) -> None:
    assert [s.name for s in find_speakers(paragraphs)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Mr. Lee left. He came back.", ["Mr. Lee left.", "He came back."], id="honorific"
        ),
        pytest.param(
            "It fell in the U.S. on Monday.", ["It fell in the U.S. on Monday."], id="u-s"
        ),
        pytest.param(
            "John F. Kennedy spoke. Then he left.",
            ["John F. Kennedy spoke.", "Then he left."],
            id="initial",
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in speakers.split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('He said "yes" twice.', ['"yes"'], id="straight"),
        pytest.param("“One,” she said, “two.”", ["“One,”", "“two.”"], id="curly"),
        pytest.param("“This runs on", ["“This runs on"], id="unclosed-runs-to-end"),
    ],
)
def test_quote_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in speakers.quote_spans(text)] == expected


@pytest.mark.parametrize(
    ("words", "title", "name"),
    [
        pytest.param(
            ["U.S.", "Secretary", "State", "John", "Kerry"], 3, ("John", "Kerry"), id="title"
        ),
        pytest.param(
            ["Syria", "Staffan", "de", "Mistura"], 1, ("Staffan", "de", "Mistura"), id="particle"
        ),
        pytest.param(["Mr.", "King"], 1, ("King",), id="honorific-surname"),
        pytest.param(["Daily", "Planet"], 1, ("Planet",), id="org-word"),
    ],
)
def test_split_name(words: list[str], title: int, name: tuple[str, ...]) -> None:
    titles, found, _ = speakers.split_name(words)
    assert (len(titles), found) == (title, name)


def test_quotes_are_kept_on_the_speaker() -> None:
    found = find_speakers(['"We will win," said Alma Reyes.', '"And we will govern."'])
    assert found[0].quotes == ('"We will win," said Alma Reyes.', '"And we will govern."')


def test_orgs_are_left_out_by_default() -> None:
    paragraphs = ["The U.S. State Department said the embassy would stay open."]
    assert find_speakers(paragraphs) == []
    assert [(s.name, s.kind) for s in find_speakers(paragraphs, orgs=True)] == [
        ("U.S. State Department", "org")
    ]


# ------------------------------------------------------------------ roles
# (paragraphs, {person: role}): the title stays out of the name and becomes the role.
ROLE_CASES = [
    pytest.param(["Councilmember Teresa Alvarado said the plan needed a review."],
                 {"Teresa Alvarado": "Councilmember"}, id="title-the-lists-know"),
    pytest.param(["Alderperson Jane Roe said the plan needed a review."],
                 {"Jane Roe": "Alderperson"}, id="role-noun-before-a-given-name"),
    pytest.param(["Dr. Samuel Okonkwo said the clinic was full."],
                 {"Samuel Okonkwo": "Dr."}, id="honorific-role"),
    pytest.param(["Mr. Walter Finch said the clinic was full."],
                 {"Walter Finch": None}, id="courtesy-title-is-no-role"),
    pytest.param(["U.S. Secretary of Agriculture Rachel Moss said the harvest was late."],
                 {"Rachel Moss": "U.S. Secretary of Agriculture"}, id="role-over-of"),
    pytest.param(["Foreign Minister Ana Duarte said talks would resume."],
                 {"Ana Duarte": "Foreign Minister"}, id="qualified-role"),
    pytest.param(['"We will stay," said harbor commission spokesman Luis Ortega.'],
                 {"Luis Ortega": "harbor commission spokesman"}, id="lower-case-role"),
    pytest.param(["The vote was close, White House deputy press secretary Eric Lund said."],
                 {"Eric Lund": "White House deputy press secretary"},
                 id="lower-case-qualifiers"),
    pytest.param(['"It is over," said Bank economist Alain Marais.'],
                 {"Alain Marais": "Bank economist"}, id="person-after-an-employer"),
    pytest.param(["Sens. Ann Lowe and Tom Berg said the bill would pass."],
                 {"Ann Lowe": "Sen.", "Tom Berg": None}, id="plural-title-as-one-role"),
    pytest.param(["Mayor Ellen Park spoke first.", '"We will not back down," Park said.'],
                 {"Ellen Park": "Mayor"}, id="role-of-an-earlier-mention"),
]


@pytest.mark.parametrize(("paragraphs", "expected"), ROLE_CASES)
def test_roles(paragraphs: list[str], expected: dict[str, str | None]) -> None:
    found = find_speakers(paragraphs)
    assert {s.name: s.role for s in found} == expected


# ------------------------------------------------------------------ non-persons
# (paragraphs, persons found, organisations found): places, firms, groups and common
# nouns that "say" things are never persons; organisations are their own kind.
NOT_PERSON_CASES = [
    pytest.param(["Authorities said the road would close."], [], [], id="plural-common-noun"),
    pytest.param(["Dealers said the dollar slipped."], [], [], id="sentence-initial-word"),
    pytest.param(["Westhaven Terminals said the delay would cost jobs."], [],
                 ["Westhaven Terminals"], id="firm-word"),
    pytest.param(["S and P said it lowered the ratings."], [], [], id="letters"),
    pytest.param(["Another said the bank had orders."], [], [], id="determiner"),
    pytest.param(["Chrysler Corp reported a loss.", "Chrysler said the plant would close."],
                 [], ["Chrysler Corp"], id="short-form-of-a-firm"),
    pytest.param(["The Bundesbank said money growth was too fast."], [], ["Bundesbank"],
                 id="the-name"),
    pytest.param(["Prices rose in Hong Kong.", "Hong Kong said exports fell."], [],
                 ["Hong Kong"], id="in-a-place"),
    pytest.param(["In Moscow, the news agency Tass said grain imports would rise."], [],
                 ["Tass"], id="after-an-organisation-noun"),
    pytest.param(["The bonds yield 8 pct, said lead manager Morgan Stanley and Co Inc."],
                 [], ["Morgan Stanley"], id="and-co"),
    pytest.param(["Dome, which owns the field, said talks had ended."], [], ["Dome"],
                 id="which"),
    pytest.param(["The Organisation for Economic Cooperation and Development said growth "
                  "would slow."], [], [], id="inside-a-longer-name"),
    pytest.param(["Waste Management said the contract was signed.",
                  "Its waste is sorted by hand."], [], [], id="common-words"),
    pytest.param(["Hudson's Bay said sales rose."], [], ["Hudson's Bay"],
                 id="possessive-inside"),
    pytest.param(["Reagan said the talks would go on."], [], [],
                 id="one-word-without-a-title"),
    pytest.param(["President Reagan arrived.", "Reagan said the talks would go on."],
                 ["Reagan"], [], id="one-word-with-a-title"),
    pytest.param(["The war ended in World War II. Trump has said he would stay out."],
                 [], [], id="suffix-ends-a-name"),
    pytest.param(["Banks have warned that deposits could fall.", "Most banks agreed."], [], [],
                 id="common-word-is-no-organisation"),
    pytest.param(["Malawi will extend the program, the Ministry of Health announced."], [],
                 ["Ministry of Health"], id="organisation-over-of"),
    pytest.param(["Political scientist Amira Haddad of the University of the North said "
                  "voters were tired."], ["Amira Haddad"], [], id="affiliation-is-no-speaker"),
    pytest.param(["It forced grid operators across the Baltic states to start gas plants."],
                 [], [], id="object-of-across"),
    pytest.param(["Standard and Poor's Corp said it lowered the ratings."], [],
                 ["Standard and Poor's Corp"], id="firm-name-over-and"),
]


@pytest.mark.parametrize(("paragraphs", "persons", "orgs"), NOT_PERSON_CASES)
def test_non_persons(paragraphs: list[str], persons: list[str], orgs: list[str]) -> None:
    found = find_speakers(paragraphs, orgs=True)
    assert [s.name for s in found if s.kind == "person"] == persons
    assert [s.name for s in found if s.kind == "org"] == orgs


# Real-looking pages, through the whole extractor: (page, {person: role}, orgs among them)
PAGES = Path(__file__).parent / "pages" / "speakers"
PAGE_CASES = [
    pytest.param("council.roles.html",
                 {"Teresa Alvarado": "Councilmember", "Samuel Okonkwo": "Dr.",
                  "Helen Marsh": "Port Director",
                  "Luis Ortega": "harbor commission spokesman"},
                 {"Westhaven Terminals"}, id="council-roles"),
    pytest.param("wire.markets.html", {"Karl Otto Poehl": "Bundesbank President"},
                 {"Bundesbank", "Chrysler Corp", "Morgan Stanley", "Tass"}, id="wire-markets"),
]


@pytest.mark.parametrize(("page", "persons", "orgs"), PAGE_CASES)
def test_speakers_of_pages(page: str, persons: dict[str, str], orgs: set[str]) -> None:
    article = extract((PAGES / page).read_bytes(), page)
    assert {s.name: s.role for s in article.speakers if s.kind == "person"} == persons
    assert orgs <= {s.name for s in article.speakers if s.kind == "org"}


def seed_paragraphs() -> list[str]:
    """The seed article's paragraphs, as the extractor cleans them."""
    return list(extract(SEED.read_bytes(), str(SEED)).paragraphs)


def test_seed_article() -> None:
    found = {s.name: s for s in find_speakers(seed_paragraphs())}
    assert {"Chu Yin", "Feng Yujun", "Staffan de Mistura", "Emmanuel Macron"} <= set(found)
    assert "Chu" not in found
    chu = " ".join(found["Chu Yin"].quotes)
    for cue in ("Chu said", "Chu noted", "Chu warned"):
        assert cue in chu


def test_organisations_are_reported_apart_and_leave_persons_unchanged():
    paragraphs = [
        "The Health Ministry said in a statement that the clinics would reopen on Monday.",
        "Anna Kowalczyk, a spokeswoman for the nurses' union, said the staff were ready.",
        '"We have waited long enough," she added.',
    ]
    with_orgs = find_speakers(paragraphs, orgs=True)
    persons = [s for s in with_orgs if s.kind == "person"]
    assert [s.name for s in persons] == [s.name for s in find_speakers(paragraphs)]
    assert [s.name for s in persons] == ["Anna Kowalczyk"]
    assert any(s.kind == "org" and "Health Ministry" in s.name for s in with_orgs)
    # the org's statement does not make "she" anyone but the last person
    assert any("waited long enough" in q for q in persons[0].quotes)


# ------------------------------------------------------------------ the three parts
def _name(run: speakers.Run | None) -> str | None:
    return " ".join(run.name) if run is not None else None


# Reading: (paragraphs, names outside quotes, names inside quotes, cue subjects), a cue's
# subject being its name run, its pronoun, or None for a quote with no cue.
READING_CASES = [
    pytest.param(['"Feng Yujun is right," Chu Yin said.'], ["Chu Yin"], ["Feng Yujun"],
                 ["Chu Yin"], id="names-inside-quotes-read-apart"),
    pytest.param(['"Yes," she said.'], [], [], ["she"], id="pronoun-cue"),
    pytest.param(["Alma Reyes said the vote was close.", '"We will govern."'], ["Alma Reyes"],
                 [], ["Alma Reyes", None], id="bare-quote-is-a-cue-without-subject"),
]


@pytest.mark.parametrize(("paragraphs", "mentions", "quoted", "cues"), READING_CASES)
def test_read_paragraphs(paragraphs: list[str], mentions: list[str], quoted: list[str],
                         cues: list[str | None]) -> None:
    reading = speakers.read_paragraphs(paragraphs)
    assert [_name(r) for _, r in reading.mentions if r.name] == mentions
    assert [_name(r) for _, r in reading.quoted if r.name] == quoted
    assert [_name(c.run) if c.run is not None else c.pronoun for c in reading.cues] == cues


# Candidates: (paragraphs, the persons a pronoun may stand for, in order, by full name)
CANDIDATE_CASES = [
    pytest.param(["Locals said the road was closed.", "Many of the locals left."], [],
                 id="word-also-written-in-lower-case-is-no-name"),
    pytest.param(["Howard Dean spoke first.", "Dean, a doctor, said the plan would fail."],
                 ["Howard Dean", "Howard Dean"], id="lone-title-word-is-a-known-surname"),
    pytest.param(["Feng Chu spoke first.", "Chu said the talks were over."],
                 ["Feng Chu", "Feng Chu"], id="short-name-to-its-full-form"),
]


@pytest.mark.parametrize(("paragraphs", "persons"), CANDIDATE_CASES)
def test_find_candidates(paragraphs: list[str], persons: list[str]) -> None:
    reading = speakers.settle_names(speakers.read_paragraphs(paragraphs), paragraphs)
    found = speakers.find_candidates(reading)
    assert [" ".join(p.name) for p in found.persons] == persons


def test_seed_candidates_are_full_names() -> None:
    paragraphs = seed_paragraphs()
    reading = speakers.settle_names(speakers.read_paragraphs(paragraphs), paragraphs)
    persons = {" ".join(p.name) for p in speakers.find_candidates(reading).persons}
    assert {"Chu Yin", "Feng Yujun", "Staffan de Mistura", "Emmanuel Macron"} <= persons
    assert "Chu" not in persons


# Attribution: (paragraphs, orgs, quotes credited to each speaker)
ATTRIBUTION_CASES = [
    pytest.param(["Alma Reyes said the vote was close.", '"We will govern."'], False,
                 {"Alma Reyes": 2}, id="bare-quote-in-the-next-paragraph"),
    pytest.param(["Alma Reyes said the vote was close.", "The count went on.",
                  '"We will govern."'], False, {"Alma Reyes": 1},
                 id="bare-quote-too-far-from-the-speaker"),
    pytest.param(["Alma Reyes said the vote was close. The Health Ministry said the clinics "
                  "would open.", '"We will govern," she added.'], True,
                 {"Alma Reyes": 2, "Health Ministry": 1}, id="organisation-is-no-last-speaker"),
    pytest.param(["Alma Reyes said the vote was close. The Health Ministry said the clinics "
                  "would open.", '"We will govern," she added.'], False,
                 {"Alma Reyes": 2}, id="organisations-only-when-asked"),
]


@pytest.mark.parametrize(("paragraphs", "orgs", "expected"), ATTRIBUTION_CASES)
def test_attribute(paragraphs: list[str], orgs: bool, expected: dict[str, int]) -> None:
    reading = speakers.settle_names(speakers.read_paragraphs(paragraphs, orgs), paragraphs)
    found = speakers.attribute(reading.cues, speakers.find_candidates(reading), orgs)
    assert {" ".join(k): len(e.quotes) for k, e in found.speakers.items()} == expected


# Resolution: (paragraphs, expected speakers) for surnames and pronouns
RESOLUTION_CASES = [
    pytest.param(
        ["Senator Ruth Calder opened the hearing. Her brother, Paul Calder, sat behind her.",
         "Paul Calder runs the family firm.", '"We need answers," Calder said.'],
        ["Ruth Calder"],
        id="shared-surname-goes-to-the-person-named-first",
    ),
    pytest.param(
        ["The bank hired Timothy R. Vance in May.", "Tim Vance runs the branch now.",
         "Tim Vance met the board.", '"It went well," Vance said.'],
        ["Tim Vance"],
        id="of-one-persons-forms-the-most-frequent",
    ),
    pytest.param(
        ['Mayor Lena Ortiz said the budget was tight. "We cut where we could."',
         "When Dana Whitfield spoke to the council, she said the reserves were gone."],
        ["Lena Ortiz", "Dana Whitfield"],
        id="pronoun-to-the-subject-of-its-own-sentence",
    ),
    pytest.param(
        ['Mayor Lena Ortiz said the budget was tight.',
         "Dana Whitfield, the treasurer, had seen it coming in March. \"The reserves are "
         "gone,\" she said."],
        ["Lena Ortiz", "Dana Whitfield"],
        id="a-new-subject-takes-the-floor-from-the-last-speaker",
    ),
    pytest.param(
        ['Mayor Lena Ortiz said the budget was tight, and thanked Dana Whitfield, the '
         'treasurer. "We cut where we could," she said.'],
        ["Lena Ortiz"],
        id="an-object-does-not-take-the-floor",
    ),
    pytest.param(
        ['"The tax will stay," Gov. Carl Rentz said, not naming its author, Tom Abbot, who '
         'left office in May. Voters, he said, knew the costs.'],
        ["Carl Rentz"],
        id="an-apposition-is-no-subject",
    ),
    pytest.param(
        ["He also insisted that Mayor Lena Ortiz should resign and mocked her budget."],
        [],
        id="coordinated-verb-after-a-pronoun-subject-is-not-the-names",
    ),
    pytest.param(
        ["City spokesman Omar Haddad toured the site and said the work would end in May."],
        ["Omar Haddad"],
        id="coordinated-verb-of-the-person-after-a-role-noun",
    ),
    pytest.param(
        ["Clerk Jane Marsh said on Friday that Mayor Lena Ortiz has long called for a new "
         "library."],
        ["Jane Marsh"],
        id="a-speaker-inside-another-speakers-statement-is-not-counted",
    ),
    pytest.param(
        ["Jane Marsh said the library would open, and Lena Ortiz said it would not."],
        ["Jane Marsh", "Lena Ortiz"],
        id="a-second-clause-has-its-own-speaker",
    ),
    pytest.param(
        ["A letter drafted with aide Lena Ortiz said the plan was dead."],
        [],
        id="name-after-a-preposition-and-a-role-noun-is-an-object",
    ),
    pytest.param(
        ["In public remarks Lena Ortiz already has called the count into question."],
        ["Lena Ortiz"],
        id="name-after-a-preposition-and-other-nouns-can-be-the-subject",
    ),
    pytest.param(
        ["On Monday, Grace said its cocoa division would be sold."],
        [],
        id="a-given-name-alone-is-no-person",  # a firm, a country ("Chad") as often
    ),
    pytest.param(
        ['"The roof is sound," said the Rev. Alan Pryce, of St. Mark\'s Church.'],
        ["Alan Pryce"],
        id="inverted-cue-with-the-before-a-title",
    ),
    pytest.param(
        ["Board Chair Ruth Ann Washington wrote to the staff on Monday.",
         'Washington said: "The rules stay."'],
        ["Ruth Ann Washington"],
        id="place-word-that-is-a-surname",
    ),
    pytest.param(
        ["Two former aides spoke to the board, and Nora Quinlan, who claimed the audit was "
         "rigged, left early."],
        ["Nora Quinlan"],
        id="relative-pronoun-to-its-antecedent",
    ),
    pytest.param(
        ["Mr. Haddad declined to comment.", "Another critic, Rita Bowen, likened the plan to "
         "a tax on the poor."],
        ["Haddad", "Rita Bowen"],
        id="declined-and-likened-are-cues",
    ),
    pytest.param(
        ["Gov. Carl Rentz met the press in May.", "When Rentz was asked whether he trusts "
         "Mayor Lena Ortiz, he said, \"Of course.\""],
        ["Carl Rentz"],
        id="a-word-opening-the-sentence-is-no-title-of-an-organisation",
    ),
    pytest.param(
        ["Omar Haddad said the vote was close.", "The count went on into the night.",
         "While Carl Rentz won the city, the suburbs went to Lena Ortiz, which worries "
         "Paul Vance, the party's treasurer.", '"We lost the suburbs," he said.'],
        ["Omar Haddad", "Paul Vance"],
        id="a-subordinate-clauses-subject-is-not-the-sentences",
    ),
    pytest.param(
        ["Houston Tully, whose son died in the flood, called on the county to act.",
         '"Nobody came," Ms. Tully said.'],
        ["Houston Tully"],
        id="place-word-as-the-given-name-of-a-titled-surname",
    ),
    pytest.param(
        ["Houston Rockets fans filled the arena.", '"We will be back," Rockets coach Dan '
         'Pryor said.'],
        ["Dan Pryor"],
        id="place-word-before-a-name-with-no-courtesy-title-stays-apart",
    ),
    pytest.param(
        ["Senator Ruth Calder sent the letter in May.",
         "She also wrote about the dam, a cause dear to her and her niece Dana Calder.",
         '"We must act now," she wrote to the board.'],
        ["Ruth Calder"],
        id="a-pronoun-opening-a-sentence-keeps-its-antecedent-the-subject",
    ),
    pytest.param(
        ["City Hall spokesman Omar Haddad toured the site with Mayor Carl Rentz.",
         '"It is ready," he said.'],
        ["Omar Haddad"],
        id="a-name-behind-its-role-is-the-subject",
    ),
    pytest.param(
        ["Gov. Carl Rentz himself released an unusual statement saying he regretted the "
         "delay.", "The council issued new rules on Friday."],
        ["Carl Rentz"],
        id="released-a-statement-is-a-cue",
    ),
    pytest.param(
        ["Oil minister Omar Haddad spoke in Juneau on Monday.",
         "Kenai Ridge reserves have produced five billion barrels, he said."],
        ["Omar Haddad"],
        id="a-name-with-no-title-or-given-name-stands-for-no-pronoun",
    ),
    pytest.param(
        ["Westfield Tire and Rubber Co said it sold its aerospace unit.",
         "Westfield said the sale would close in May."],
        [],
        id="x-and-y-co-is-a-firm",
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), RESOLUTION_CASES)
def test_resolution(paragraphs: list[str], expected: list[str]) -> None:
    assert [s.name for s in find_speakers(paragraphs)] == expected


def test_tuning_sets_the_reach_of_pronouns() -> None:
    paragraphs = ["Ana Petrovic chaired the first session.", "The talks went on all day.",
                  '"We are close," she said.']
    assert [s.name for s in find_speakers(paragraphs)] == []
    wide = speakers.Tuning(last_speaker_reach=1, pronoun_reach=2)
    assert [s.name for s in find_speakers(paragraphs, tuning=wide)] == ["Ana Petrovic"]


# Language: (paragraphs, declared language, whether the rules read the text)
ENGLISH = ["The council passed the budget on Tuesday after a long debate. Mayor Lena Ortiz "
           "said the city had no other choice, and that the reserves were gone."]
GERMAN = ["Der Stadtrat hat am Dienstag den Haushalt beschlossen. Bürgermeisterin Anna "
          'Schmidt: "Wir haben keine andere Wahl." Kämmerer Jürgen Weber erklärte, die '
          "Rücklagen seien aufgebraucht, und Landrat Klaus Meier kündigte Gespräche an."]
LANGUAGE_CASES = [
    pytest.param(ENGLISH, None, True, id="english-undeclared"),
    pytest.param(ENGLISH, "en-GB", True, id="english-declared"),
    pytest.param(ENGLISH, "de", False, id="declared-german"),
    pytest.param(GERMAN, None, False, id="german-text-undeclared"),
    pytest.param(GERMAN, "en-US", False, id="german-text-under-a-default-english-tag"),
    pytest.param(["Anna Schmidt: Ja."], "", True, id="too-short-to-judge"),
]


@pytest.mark.parametrize(("paragraphs", "language", "expected"), LANGUAGE_CASES)
def test_reads_english(paragraphs: list[str], language: str | None, expected: bool) -> None:
    assert speakers.reads_english(paragraphs, language) is expected


def test_no_speakers_on_a_german_page() -> None:
    page = ('<html lang="de"><head><title>Haushalt beschlossen</title></head><body><article>'
            "<h1>Haushalt beschlossen</h1>" + "".join(f"<p>{p}</p>" for p in GERMAN * 3)
            + "</article></body></html>").encode()
    assert extract(page, "zeitung.haushalt.html").speakers == ()
    assert find_speakers(GERMAN, orgs=True) == []
    assert [s.name for s in find_speakers(ENGLISH)] == ["Lena Ortiz"]
