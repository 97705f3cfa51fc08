"""Compare sources: group documents into stories, then align what the sources of each story report
(events, statements, checkable claims) and how they cast its actors; mark agreement,
contradiction and what only one source reports. (Each source's stance toward its actors is a
spaCy stage, `components/stance.py`; the say–do matrix is `rashomon.dyads`.)

Runs on `model.Document`s after the spaCy stages. Method notes are written into
`Comparison.method` so a reader of the JSON knows how each part was made (docs/compare.md).

- `stories`: grouping documents into stories;
- `claims`: checkable claims, their quantities, the claim match, and `CompareLexicon`;
- `findings`: events, statements, framing, and the assembly (`compare`);
- `nearest`: blocking by date window and the top-k neighbours that keep the cost near-linear."""

from .claims import CompareLexicon, claim_sentences, quantities
from .findings import compare, framing_findings
from .stories import lead

__all__ = ["CompareLexicon", "claim_sentences", "compare", "framing_findings", "lead", "quantities"]
