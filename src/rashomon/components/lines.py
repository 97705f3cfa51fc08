"""Line breaks as sentence boundaries, before the parser sees the text.

Web and social-media text puts one paragraph per line and headings on lines of their own, with no
full stop; the parser then runs a heading into the next sentence ("Putin's 'Balancing Act'
Putin's remarks appear ..."). Hard-wrapped text breaks lines inside sentences, so there only
blank lines end a sentence. A text counts as one paragraph per line when most of its lines end
as sentences do."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_ENDINGS = tuple(".!?:;\"'”’»)")
PARAGRAPH_LINES_SHARE = 0.5


class LineBreaks:
    """The `rashomon_lines` component; add it before the parser."""

    def __init__(self, nlp: Language, name: str = "rashomon_lines") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        every_line = paragraph_per_line(doc.text)
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text and (every_line or token.text.count("\n") >= 2):
                doc[token.i + 1].is_sent_start = True
        return doc


def paragraph_per_line(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    ended = sum(line.endswith(SENTENCE_ENDINGS) for line in lines)
    return ended / len(lines) >= PARAGRAPH_LINES_SHARE
