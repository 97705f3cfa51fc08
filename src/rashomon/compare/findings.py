"""What the sources of one story say side by side: events (agreement, contradiction, what only one
source reports), statements by one speaker, how each source casts an actor; and the assembly of
the comparison (`compare`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..dyads import dyads, state_of
from ..embeddings import Embedder, Prefetching
from ..model import Citation, Comparison, Document, Finding, Quote, Stance, Story
from ..sources import document_name
from .claims import CompareLexicon, claim_findings
from .nearest import DOCUMENT_WINDOW_DAYS, TOP_K, components
from .reports import Report
from .stories import LEXICAL_STORY_SIMILARITY, STORY_SIMILARITY, stories

# Events with dates further apart than this are different events.
EVENT_DATE_WINDOW_DAYS = 7
MAX_UNIQUE_PER_DOCUMENT = 12
FRAMING_SCORE = 0.05  # a stance this far from zero counts as a side taken


def compare(documents: Sequence[Document], embeddings: str | Prefetching = "auto",
            story_similarity: float | None = None, *, lexicon: CompareLexicon) -> Comparison:
    """Group the documents into stories, then align what the sources of each story report.
    `embeddings` is the encoder's mode ("auto", "onnx", "torch", "lexical"), or the run's
    `Prefetching` that has encoded the leads already."""
    analysed = [d for d in documents if d.status == "analysed"]
    method = {
        "events": "aligned by actor and recipient (people mapped to their state), PLOVER quad class, "
                  f"and dates within {EVENT_DATE_WINDOW_DAYS} days; opposite negation is a contradiction",
        "statements": "grouped by speaker across sources",
        "dyads": "counts of asserted, non-negated events per directed pair and quad class",
    }
    findings: list[Finding] = []
    found_stories: list[Story] = []
    if len(analysed) >= 2:
        prefetched = embeddings if isinstance(embeddings, Prefetching) else Prefetching(embeddings)
        embedder, notice = prefetched.loaded()
        if notice:
            method["claims_notice"] = notice
        lexical = "lexical" in embedder.name
        if story_similarity is None:
            story_similarity = LEXICAL_STORY_SIMILARITY if lexical else STORY_SIMILARITY
        found_stories = stories(analysed, None if lexical else embedder, story_similarity)
        method["stories"] = (f"documents whose leads ({embedder.name}), texts (TF-IDF) and actors (weighted by "
                             f"rarity) match at >= {story_similarity} on average over the story's pairs (average "
                             "link) form a story; sources are compared within a story only")
        method["claims"] = (f"checkable sentences (numbers, dates, named actors) matched by {embedder.name}; "
                            "different numbers for the same unit or opposite negation is a contradiction")
        method["framing"] = (f"an actor whose stance has opposite signs (|score| >= {FRAMING_SCORE}) or "
                             "different framing roles (main or fine-grained) in two sources")
        method["blocking"] = (f"documents, and claims, are compared only with those published within "
                              f"{DOCUMENT_WINDOW_DAYS} days (undated: with all), and each keeps its {TOP_K} "
                              "best matches")
        by_id = {d.id: d for d in analysed}
        for story in found_stories:
            findings += _story_findings([by_id[i] for i in story.documents], story.id, embedder, lexicon)
    for i, finding in enumerate(findings):
        finding.id = f"c{i}"
    return Comparison(method=method, stories=found_stories, findings=findings, dyads=dyads(analysed))


def _story_findings(members: list[Document], story: str, embedder: Embedder,
                    lexicon: CompareLexicon) -> list[Finding]:
    found = (_event_findings(members) + _statement_findings(members)
             + claim_findings(members, embedder, lexicon) + framing_findings(members))
    for finding in found:
        finding.story = story
    return found


def _names(documents: Iterable[Document]) -> dict[str, str]:
    names: dict[str, str] = {}
    for document in documents:
        for actor in document.actors:
            names.setdefault(actor.id, actor.name)
    return names


# ---- framing ----------------------------------------------------------------------------------
def framing_findings(documents: Sequence[Document]) -> list[Finding]:
    """Actors two sources cast in opposite ways, each with the sentences that carry its stance."""
    rows: dict[str, list[tuple[Document, Stance]]] = defaultdict(list)
    for document in documents:
        for row in document.stance:
            if row.role or abs(row.score) >= FRAMING_SCORE:
                rows[row.actor.id].append((document, row))
    findings = []
    for cast in rows.values():
        if not _opposed([row for _, row in cast]):
            continue
        detail = "; ".join(f"{document_name(d)}: {_casting(row)}" for d, row in cast)
        citations = [_sentence_citation(d, sentence) for d, row in cast for sentence in row.sentences[:1]]
        findings.append(Finding(id="", kind="framing", topic=f"how the sources cast {cast[0][1].actor.name}",
                                detail=detail, citations=[c for c in citations if c is not None]))
    return findings


def _opposed(rows: list[Stance]) -> bool:
    """Whether two of the rows cast the actor in opposite ways: stances of opposite sign, different
    main roles, or the same main role with different fine roles (a scheming antagonist in one
    source, an incompetent one in the other). Read from the sets of signs and roles, so a story
    with many sources costs no pairwise comparison."""
    if any(r.score >= FRAMING_SCORE for r in rows) and any(r.score <= -FRAMING_SCORE for r in rows):
        return True
    cast = [r for r in rows if r.role is not None]
    return len({r.role for r in cast}) > 1 or len({r.subrole for r in cast if r.subrole is not None}) > 1


def _casting(row: Stance) -> str:
    role = f"{row.role} ({row.subrole})" if row.subrole else (row.role or "no clear role")
    return f"{role}, {row.score:+.2f}"


def _sentence_citation(document: Document, sentence: str) -> Citation | None:
    start = document.text.find(sentence)
    if start < 0:
        return None
    return Citation(document=document.id, source=document.source, text=sentence, start=start,
                    end=start + len(sentence))


# ---- events -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, eq=False)
class EventReport(Report):
    actors: frozenset[str]  # actor ids, people as their state
    recipients: frozenset[str]
    quad: str
    date: dt.date | None
    type: str

    @property
    def signature(self) -> tuple[object, ...]:
        """What `_same_event` reads: reports with one signature are reports of one event."""
        return self.actors, self.recipients, self.quad, self.date, self.type, self.negated


def _event_reports(document: Document) -> list[EventReport]:
    reports = []
    for event in document.events:
        actors = frozenset(state_of(document, r) for r in event.actor)
        recipients = frozenset(state_of(document, r) for r in event.recipient)
        if not actors or actors == recipients:
            continue
        evidence = event.evidence[0]
        reports.append(EventReport(document, evidence.text, evidence.start, evidence.end, event.negated,
                                   actors, recipients, event.quad, event.date, event.type))
    return reports


def _same_event(a: EventReport, b: EventReport) -> bool:
    """Reports of one event: overlapping actors, the same quad class, overlapping recipients
    where both name one, dates within the window. To contradict (one negated, one not) they
    must also share the event type and both name the recipient."""
    if not a.actors & b.actors or a.quad != b.quad:
        return False
    if a.recipients and b.recipients and not a.recipients & b.recipients:
        return False
    if a.negated != b.negated and (a.type != b.type or not (a.recipients and b.recipients)):
        return False
    return not (a.date and b.date and abs((a.date - b.date).days) > EVENT_DATE_WINDOW_DAYS)


def _event_groups(reports: list[EventReport]) -> list[list[EventReport]]:
    """Single-link groups of reports of one event. Reports with one signature are joined without
    a comparison; the others are compared only within a block of one quad class and one actor
    (which any two reports of one event share), and there only when dated within the window of
    each other or undated."""
    first: dict[tuple[object, ...], int] = {}
    pairs = []
    for n, report in enumerate(reports):
        seen = first.setdefault(report.signature, n)
        if seen != n:
            pairs.append((seen, n))
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n in first.values():
        for actor in reports[n].actors:
            blocks[(reports[n].quad, actor)].append(n)
    for block in blocks.values():
        pairs.extend(_same_in_block(reports, block))
    return [[reports[n] for n in group] for group in components(len(reports), pairs)]


def _same_in_block(reports: list[EventReport], block: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs of one block that report one event: dated reports in date order, each with the
    later ones within the window; undated reports with all the others."""
    dated = sorted((date, n) for n in block if (date := reports[n].date) is not None)
    undated = [n for n in block if reports[n].date is None]
    for position, (day, i) in enumerate(dated):
        for later, j in dated[position + 1:]:
            if (later - day).days > EVENT_DATE_WINDOW_DAYS:
                break
            if _same_event(reports[i], reports[j]):
                yield i, j
    others = undated + [n for _, n in dated]
    for position, i in enumerate(undated):
        yield from ((i, j) for j in others[position + 1:] if _same_event(reports[i], reports[j]))


def _event_findings(documents: Sequence[Document]) -> list[Finding]:
    names = _names(documents)
    findings = []
    unique_count: dict[str, int] = defaultdict(int)
    for group in _event_groups([r for d in documents for r in _event_reports(d)]):
        sources = {report.document.id for report in group}
        first = group[0]
        if len(sources) >= 2:
            findings.extend(_group_findings(group, names))
        elif unique_count[first.document.id] < MAX_UNIQUE_PER_DOCUMENT and not first.negated:
            unique_count[first.document.id] += 1
            findings.append(Finding(id="", kind="unique", topic=_event_topic(first, names, first.type),
                                    detail=f"only {document_name(first.document)} reports this",
                                    citations=[first.citation()]))
    return findings


def _group_findings(group: list[EventReport], names: dict[str, str]) -> list[Finding]:
    """What two or more sources say of one event: an agreement for each polarity that several
    sources share ("Iran is unhappy with Russia" in both), and a contradiction where one source
    reports as not happening what another reports as happening (same type, recipient named)."""
    findings = []
    for negated in (False, True):
        side = [report for report in group if report.negated == negated]
        sources = {report.document.id for report in side}
        if len(sources) >= 2:
            cited = _one_per_document(side)
            findings.append(Finding(id="", kind="agreement", topic=_group_topic(cited, names),
                                    detail=f"reported by {len(sources)} sources",
                                    citations=[r.citation() for r in cited]))
    clashing = _clashing(group)
    if clashing:
        cited = _one_per_document(clashing)
        findings.append(Finding(id="", kind="contradiction", topic=_group_topic(cited, names),
                                detail="one source reports it as happening, another as not happening",
                                citations=[r.citation() for r in cited]))
    return findings


def _clashing(group: list[EventReport]) -> list[EventReport]:
    """The reports that a report from another source contradicts, in group order. Only negated ×
    asserted pairs can clash, and few reports are negated."""
    negated = [n for n, r in enumerate(group) if r.negated]
    asserted = [n for n, r in enumerate(group) if not r.negated]
    clashing: set[int] = set()
    for i in negated:
        for j in asserted:
            if group[i].document.id != group[j].document.id and _same_event(group[i], group[j]):
                clashing.update((i, j))
    return [report for n, report in enumerate(group) if n in clashing]


def _group_topic(cited: list[EventReport], names: dict[str, str]) -> str:
    """The event type the cited reports share, or their quad class with the types each source used
    ('Russia → verbal cooperation (CONSULT, SUPPORT) → United States')."""
    types = sorted({report.type for report in cited})
    first = cited[0]
    if len(types) == 1:
        return _event_topic(first, names, types[0])
    return _event_topic(first, names, f"{first.quad.replace('_', ' ')} ({', '.join(types)})")


def _event_topic(report: EventReport, names: dict[str, str], verb: str) -> str:
    who = " and ".join(sorted(names.get(a, a) for a in report.actors))
    whom = " and ".join(sorted(names.get(r, r) for r in report.recipients))
    verb = f"{verb}{' (negated)' if report.negated else ''}"
    return f"{who} → {verb} → {whom}" if whom else f"{who} → {verb}"


def _one_per_document(group: list[EventReport]) -> list[EventReport]:
    """One report per document and polarity, preferring the event type most sources share, so the
    citations set the same kind of act side by side."""
    documents_per_type: dict[str, set[str]] = defaultdict(set)
    for report in group:
        documents_per_type[report.type].add(report.document.id)
    ranked = sorted(enumerate(group), key=lambda pair: -len(documents_per_type[pair[1].type]))
    chosen: dict[tuple[str, bool], tuple[int, EventReport]] = {}
    for position, report in ranked:
        chosen.setdefault((report.document.id, report.negated), (position, report))
    return [report for _, report in sorted(chosen.values(), key=lambda pair: pair[0])]


# ---- statements -------------------------------------------------------------------------------
def _statement_findings(documents: Sequence[Document]) -> list[Finding]:
    by_speaker: dict[str, list[tuple[Document, Quote]]] = defaultdict(list)
    for document in documents:
        for quote in document.quotes:
            if quote.speaker is not None:
                by_speaker[quote.speaker.id].append((document, quote))
    findings = []
    for rows in by_speaker.values():
        if len({d.id for d, _ in rows}) < 2:
            continue
        speaker = rows[0][1].speaker
        assert speaker is not None
        seen, citations = set(), []
        for document, quote in rows:
            if document.id not in seen:
                seen.add(document.id)
                citations.append(Citation(document=document.id, source=document.source, text=quote.text,
                                          start=quote.start, end=quote.end))
        findings.append(Finding(id="", kind="agreement", topic=f"statements by {speaker.name}",
                                detail="quoted by every source listed", citations=citations))
    return findings
