"""Line breaks and datelines as sentence boundaries, before the parser sees the text.

Web and social-media text puts one paragraph per line and headings on lines of their own, with no
full stop; the parser then runs a heading into the next sentence ("Putin's 'Balancing Act'
Putin's remarks appear ..."). Hard-wrapped text breaks lines inside sentences, so there only
blank lines end a sentence. A text counts as one paragraph per line when most of its lines end
as sentences do.

A wire story's dateline ("TBILISI (AP) -- Georgian police detained ...", "ROTTERDAM, Netherlands --
...", "Vilnius - Lithuanian officials ...") is no part of its first sentence: parsed as one, the place
becomes the subject and the real subject hangs off it. A paragraph that opens with a place written
in capitals, or capitalised and followed by an agency in brackets or a dash, then a dash (or, after
capitals or an agency, a colon) and a capitalised word, starts its sentence after the dash."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_ENDINGS = tuple(".!?:;\"'”’»)")
PARAGRAPH_LINES_SHARE = 0.5
DATELINE_DASHES = frozenset({"--", "—", "–", "-", "---"})
DATELINE_WORDS = 6  # the longest dateline before its dash: "ROTTERDAM, Netherlands (AP) --"


class LineBreaks:
    """The `rashomon_lines` component; add it before the parser."""

    def __init__(self, nlp: Language, name: str = "rashomon_lines") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        every_line = paragraph_per_line(doc.text)
        starts = [0]
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                starts.append(token.i + 1)
                if every_line or token.text.count("\n") >= 2:
                    doc[token.i + 1].is_sent_start = True
        for start in starts:
            end = dateline_end(doc, start)
            if end is not None:
                doc[end].is_sent_start = True
        return doc


def dateline_end(doc: Doc, start: int) -> int | None:
    """The first token after a dateline opening the paragraph at `start`, if there is one."""
    capitals = agency = False
    for i in range(start, min(start + DATELINE_WORDS + 4, len(doc) - 1)):
        token = doc[i]
        if token.text in DATELINE_DASHES or (token.text == ":" and (capitals or agency)):
            after = doc[i + 1]
            return i + 1 if i > start and after.text[:1].isupper() else None
        if token.text == "(":
            agency = True
        elif not (token.text in {",", ")", "."} or token.is_title or token.is_upper):
            return None
        capitals = capitals or (token.is_upper and token.is_alpha and len(token) > 1)
    return None


def paragraph_per_line(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    ended = sum(line.endswith(SENTENCE_ENDINGS) for line in lines)
    return ended / len(lines) >= PARAGRAPH_LINES_SHARE
