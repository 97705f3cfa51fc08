"""What each page reads from the store. Values are always bound parameters; the few pieces of SQL
put together here (the event filter) are built from fixed fragments only."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, get_args

from ..model import QUADS, EventType, Modality
from . import fulltext
from .database import Database

PAGE_SIZE = 50
SEARCH_LIMIT = 20
MAX_SEARCH_TERMS = 8
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
MODALITIES: tuple[str, ...] = get_args(Modality)

# A story is one comparison's group of documents; its id here is "<comparison id>-<story id>".
MEMBERS = "SELECT comparison_id || '-' || story_id AS story, document_id, label FROM stories"
SHARED_ACTORS = 5  # actors every document of a story names, most mentioned first


def stories(db: Database, page: int) -> list[dict[str, Any]]:
    """The stories, latest first, with the actors all their documents name, outlets, date range and
    counts of findings by kind. A finding belongs to the story of its first document (the
    comparison never crosses stories)."""
    return db.rows(f"""
        WITH members AS ({MEMBERS}),
        sizes AS (SELECT story, count(*) AS n FROM members GROUP BY story),
        counted AS (SELECT m.story, a.actor_id, min(a.name) AS name, count(*) AS documents,
                           sum(a.mention_count) AS mentions
                    FROM members m JOIN actors a ON a.document_id = m.document_id GROUP BY m.story, a.actor_id),
        shared AS (SELECT c.story, list(c.name ORDER BY c.mentions DESC, c.name)[1:{SHARED_ACTORS}] AS actor_names
                   FROM counted c JOIN sizes s ON s.story = c.story AND c.documents = s.n GROUP BY c.story),
        counts AS (
            SELECT m.story, count(*) FILTER (WHERE f.kind = 'agreement') AS agreements,
                   count(*) FILTER (WHERE f.kind = 'contradiction') AS contradictions,
                   count(*) FILTER (WHERE f.kind = 'unique') AS unique_claims,
                   count(*) FILTER (WHERE f.kind = 'framing') AS framing
            FROM findings f JOIN members m ON m.document_id = f.document_ids[1] GROUP BY m.story)
        SELECT m.story AS id, any_value(m.label) AS label, coalesce(any_value(sh.actor_names), []) AS actor_names,
               count(d.id) AS documents,
               min(d.published) AS first, max(d.published) AS last,
               list(DISTINCT coalesce(d.outlet, 'outlet unknown') ORDER BY coalesce(d.outlet, 'outlet unknown'))
                   AS outlets,
               coalesce(any_value(c.agreements), 0) AS agreements,
               coalesce(any_value(c.contradictions), 0) AS contradictions,
               coalesce(any_value(c.unique_claims), 0) AS unique_claims,
               coalesce(any_value(c.framing), 0) AS framing
        FROM members m JOIN documents d ON d.id = m.document_id
        LEFT JOIN counts c ON c.story = m.story LEFT JOIN shared sh ON sh.story = m.story
        GROUP BY m.story ORDER BY last DESC NULLS LAST, m.story
        LIMIT {PAGE_SIZE + 1} OFFSET ?""", [page * PAGE_SIZE])


def totals(db: Database) -> dict[str, Any]:
    found = db.one("""SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM stories) AS stories,
                             (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM quotes) AS statements""")
    assert found is not None
    return found


def documents(db: Database, page: int) -> list[dict[str, Any]]:
    return db.rows(f"""SELECT id, title, outlet, published, genre, word_count FROM documents
                       ORDER BY published DESC NULLS LAST, id LIMIT {PAGE_SIZE + 1} OFFSET ?""", [page * PAGE_SIZE])


def story(db: Database, story_id: str) -> dict[str, Any] | None:
    """The story's documents and the actors they all name, or None."""
    found = db.rows(f"SELECT document_id, label FROM ({MEMBERS}) WHERE story = ? ORDER BY document_id", [story_id])
    if not found:
        return None
    documents = [r["document_id"] for r in found]
    actors = db.rows(f"""SELECT actor_id, min(name) AS name FROM actors WHERE list_contains(?, document_id)
                         GROUP BY actor_id HAVING count(*) = ? ORDER BY sum(mention_count) DESC, name
                         LIMIT {SHARED_ACTORS}""", [documents, len(documents)])
    return {"id": story_id, "label": found[0]["label"], "document_ids": documents,
            "actor_ids": [a["actor_id"] for a in actors], "actor_names": [a["name"] for a in actors]}


def story_sources(db: Database, document_ids: list[str], actor_ids: list[str]) -> list[dict[str, Any]]:
    """Each source of a story with its stance toward the story's main actors."""
    return db.rows("""
        SELECT d.id, d.title, d.outlet, d.published, d.genre, d.url, d.word_count,
               list({'actor': s.actor_name, 'score': s.score, 'role': s.role} ORDER BY s.actor_name)
                   FILTER (WHERE s.actor_id IS NOT NULL) AS stance
        FROM documents d LEFT JOIN stance s ON s.document_id = d.id AND list_contains(?, s.actor_id)
        WHERE list_contains(?, d.id) GROUP BY ALL ORDER BY d.published NULLS LAST, d.id""",
                   [actor_ids, document_ids])


def story_findings(db: Database, document_ids: list[str]) -> list[dict[str, Any]]:
    return db.rows("""SELECT id, kind, topic, detail, citations FROM findings
                      WHERE list_contains(?, document_ids[1]) ORDER BY kind, topic, id""", [document_ids])


def titles(db: Database, document_ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = db.rows("SELECT id, title, outlet, published FROM documents WHERE list_contains(?, id)", [document_ids])
    return {r["id"]: r for r in rows}


# ---- dyads: asserted, non-negated events per directed pair and quad class, people as their state ----
DYADS_SQL = """
WITH pairs AS (
    SELECT e.id, e.quad, e.document_id, a.actor, r.recipient
    FROM events e, unnest(e.actor_ids) AS a(actor), unnest(e.recipient_ids) AS r(recipient)
    WHERE NOT e.negated AND e.modality = 'asserted' AND {where}),
states AS (
    SELECT p.id, p.quad,
           CASE WHEN aa.kind = 'person' AND aa.country IS NOT NULL THEN aa.country ELSE p.actor END AS actor,
           CASE WHEN ra.kind = 'person' AND ra.country IS NOT NULL THEN ra.country ELSE p.recipient END AS recipient
    FROM pairs p
    LEFT JOIN actors aa ON aa.document_id = p.document_id AND aa.actor_id = p.actor
    LEFT JOIN actors ra ON ra.document_id = p.document_id AND ra.actor_id = p.recipient),
names AS (SELECT actor_id, min(name) AS name FROM actors WHERE actor_id IN (SELECT actor FROM states UNION
                                                                              SELECT recipient FROM states)
          GROUP BY actor_id)
SELECT s.actor, coalesce(an.name, s.actor) AS actor_name, s.recipient, coalesce(rn.name, s.recipient) AS recipient_name,
       s.quad, count(DISTINCT s.id) AS events
FROM states s LEFT JOIN names an ON an.actor_id = s.actor LEFT JOIN names rn ON rn.actor_id = s.recipient
WHERE s.actor <> s.recipient {having}
GROUP BY ALL ORDER BY events DESC, actor_name, recipient_name, quad"""


def dyads_of_documents(db: Database, document_ids: list[str]) -> list[dict[str, Any]]:
    return db.rows(DYADS_SQL.format(where="list_contains(?, e.document_id)", having=""), [document_ids])


def dyads_of_actor(db: Database, actor_id: str) -> list[dict[str, Any]]:
    """The say–do rows of every pair the actor is part of (as itself or, for a state, through its people)."""
    return db.rows(DYADS_SQL.format(where="TRUE", having="AND (s.actor = ? OR s.recipient = ?)"),
                   [actor_id, actor_id])


# ---- one document ----
def document(db: Database, document_id: str) -> dict[str, Any] | None:
    return db.one("""SELECT id, title, author, outlet, url, published, language, genre, status, word_count, text
                     FROM documents WHERE id = ?""", [document_id])


def document_parts(db: Database, document_id: str) -> dict[str, list[dict[str, Any]]]:
    """Everything the document page marks or lists, by table."""
    queries = {
        "actors": "SELECT actor_id, name, kind, country, title, known, mention_count FROM actors "
                  "WHERE document_id = ? ORDER BY mention_count DESC, name",
        "mentions": "SELECT actor_id, start_char, end_char FROM mentions WHERE document_id = ? ORDER BY start_char",
        "events": "SELECT id, type, quad, actor_ids, actor_names, recipient_ids, recipient_names, negated, modality, "
                  "date, text, evidence FROM events WHERE document_id = ? ORDER BY id",
        "quotes": "SELECT id, speaker_id, speaker_name, speaker_text, text, kind, cue, start_char, end_char "
                  "FROM quotes WHERE document_id = ? ORDER BY start_char",
        "flags": "SELECT kind, actor_id, actor_name, text, message, start_char, end_char FROM flags "
                 "WHERE document_id = ? ORDER BY start_char",
        "stance": "SELECT actor_id, actor_name, score, role, subrole FROM stance WHERE document_id = ? "
                  "ORDER BY abs(score) DESC",
    }
    return {name: db.rows(sql, [document_id]) for name, sql in queries.items()}


def story_of_document(db: Database, document_id: str) -> str | None:
    found = db.one(f"SELECT story FROM ({MEMBERS}) WHERE document_id = ?", [document_id])
    return found["story"] if found else None


# ---- one actor ----
def actor(db: Database, actor_id: str) -> dict[str, Any] | None:
    return db.one("""SELECT actor_id, min(name) AS name, min(kind) AS kind, min(country) AS country,
                            min(wikidata) AS wikidata, count(DISTINCT document_id) AS documents,
                            list(DISTINCT published ORDER BY published) FILTER (WHERE published IS NOT NULL) AS dates
                     FROM actors JOIN documents d ON d.id = document_id WHERE actor_id = ? GROUP BY actor_id""",
                  [actor_id])


def actor_events(db: Database, actor_id: str) -> list[dict[str, Any]]:
    return db.rows("""
        SELECT e.id, e.document_id, e.type, e.quad, e.actor_names, e.recipient_names, e.negated, e.modality,
               coalesce(e.date, d.published) AS date, e.text, e.evidence, d.outlet,
               CASE WHEN list_contains(e.actor_ids, ?) THEN 'actor' ELSE 'recipient' END AS role
        FROM events e JOIN documents d ON d.id = e.document_id
        WHERE list_contains(e.actor_ids, ?) OR list_contains(e.recipient_ids, ?)
        ORDER BY date NULLS LAST, e.id LIMIT 500""", [actor_id, actor_id, actor_id])


def statements_by(db: Database, actor_id: str) -> list[dict[str, Any]]:
    return db.rows("""SELECT q.document_id, q.text, q.kind, q.cue, q.start_char, q.end_char, d.outlet, d.published
                      FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.speaker_id = ?
                      ORDER BY d.published NULLS LAST, q.id LIMIT 200""", [actor_id])


def statements_about(db: Database, actor_id: str) -> list[dict[str, Any]]:
    """Statements by others that mention the actor."""
    return db.rows("""SELECT DISTINCT q.id, q.document_id, q.speaker_name, q.text, q.kind, q.start_char, q.end_char,
                             d.outlet, d.published
                      FROM mentions m JOIN quotes q ON q.document_id = m.document_id
                           AND m.start_char >= q.start_char AND m.end_char <= q.end_char
                      JOIN documents d ON d.id = q.document_id
                      WHERE m.actor_id = ? AND q.speaker_id IS DISTINCT FROM ?
                      ORDER BY d.published NULLS LAST, q.id LIMIT 200""", [actor_id, actor_id])


def outlet_stance(db: Database, actor_id: str) -> list[dict[str, Any]]:
    return db.rows("""SELECT coalesce(d.outlet, 'outlet unknown') AS outlet, count(*) AS documents,
                             avg(s.score) AS score, mode(s.role) AS role
                      FROM stance s JOIN documents d ON d.id = s.document_id WHERE s.actor_id = ?
                      GROUP BY 1 ORDER BY score""", [actor_id])


# ---- events with filters ----
@dataclass
class EventFilter:
    """The Events page's filters, read from the query string; values that are not valid are
    dropped and named in `problems`."""

    type: str = ""
    quad: str = ""
    actor: str = ""
    recipient: str = ""
    outlet: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    negated: str = ""  # "", "yes", "no"
    modality: str = ""
    page: int = 0
    problems: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, params: Any) -> EventFilter:
        f = cls(actor=params.get("actor", "").strip()[:100], recipient=params.get("recipient", "").strip()[:100],
                outlet=params.get("outlet", "").strip()[:100], page=page_of(params.get("page")))
        for name, allowed in (("type", EVENT_TYPES), ("quad", QUADS), ("modality", MODALITIES),
                              ("negated", ("yes", "no"))):
            value = params.get(name, "")
            if value in allowed:
                setattr(f, name, value)
            elif value:
                f.problems.append(f"unknown {name} ignored")
        for name in ("start", "end"):
            value = params.get(name, "")
            try:
                setattr(f, name, dt.date.fromisoformat(value) if value else None)
            except ValueError:
                f.problems.append(f"{name} date not understood (YYYY-MM-DD)")
        return f

    def query(self, page: int | None = None) -> dict[str, str]:
        """The filter as query-string parameters (the empty ones left out)."""
        values = {"type": self.type, "quad": self.quad, "actor": self.actor, "recipient": self.recipient,
                  "outlet": self.outlet, "start": str(self.start or ""), "end": str(self.end or ""),
                  "negated": self.negated, "modality": self.modality, "page": str(page) if page else ""}
        return {k: v for k, v in values.items() if v}

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        for column, value in (("e.type", self.type), ("e.quad", self.quad), ("e.modality", self.modality)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        for ids, names, value in (("e.actor_ids", "e.actor_names", self.actor),
                                  ("e.recipient_ids", "e.recipient_names", self.recipient)):
            if value:
                clauses.append(f"(list_contains({ids}, ?) OR array_to_string({names}, '|') ILIKE ? ESCAPE '\\')")
                params += [value, like(value)]
        if self.outlet:
            clauses.append("d.outlet ILIKE ? ESCAPE '\\'")
            params.append(like(self.outlet))
        if self.start:
            clauses.append("coalesce(e.date, d.published) >= ?")
            params.append(self.start)
        if self.end:
            clauses.append("coalesce(e.date, d.published) <= ?")
            params.append(self.end)
        if self.negated:
            clauses.append("e.negated = ?")
            params.append(self.negated == "yes")
        return " AND ".join(clauses), params


def page_of(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 0


EVENTS_SELECT = """
SELECT e.id, e.document_id, e.type, e.mode, e.quad, e.actor_ids, e.actor_names, e.recipient_ids, e.recipient_names,
       e.negated, e.modality, coalesce(e.date, d.published) AS date, e.text, e.evidence,
       d.title, d.outlet, d.published, d.url, d.source
FROM events e JOIN documents d ON d.id = e.document_id"""


def events(db: Database, where: EventFilter, limit: int | None = PAGE_SIZE + 1) -> list[dict[str, Any]]:
    clause, params = where.where()
    paging = f"LIMIT {limit} OFFSET {where.page * PAGE_SIZE}" if limit else ""
    return db.rows(f"{EVENTS_SELECT} WHERE {clause} ORDER BY date NULLS LAST, e.id {paging}", params)


def count_events(db: Database, where: EventFilter) -> int:
    clause, params = where.where()
    found = db.one(f"SELECT count(*) AS n FROM events e JOIN documents d ON d.id = e.document_id WHERE {clause}",
                   params)
    return int(found["n"]) if found else 0


def outlets(db: Database) -> list[str]:
    return [r["outlet"] for r in db.rows("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1")]


# ---- search ----
def like(text: str) -> str:
    """An ILIKE pattern matching `text` anywhere, its wildcards escaped."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def terms(query: str) -> list[str]:
    return [t[:50] for t in query.split()][:MAX_SEARCH_TERMS]


def search(db: Database, query: str) -> dict[str, list[dict[str, Any]]]:
    """Documents, statements and events in which every word of the query occurs, best first: by
    BM25 over the full-text index, or, without the fts extension, by `ilike_search`."""
    words = terms(query)
    if not words:
        return {"documents": [], "statements": [], "events": []}
    if not db.fulltext.available:
        return ilike_search(db, words)
    db.fulltext.ready()
    return bm25_search(db, " ".join(words))


def bm25_search(db: Database, text: str) -> dict[str, list[dict[str, Any]]]:
    return {
        "documents": db.rows(f"""WITH ranked AS ({ranked("documents", "documents")})
                                 SELECT d.id, d.title, d.outlet, d.published, d.text, r.score
                                 FROM documents d JOIN ranked r ON r.id = d.id
                                 ORDER BY r.score DESC, d.published DESC NULLS LAST""", [text]),
        "statements": db.rows(f"""WITH ranked AS ({ranked("statements", "quotes")})
                                  SELECT q.document_id, q.speaker_name, q.text, q.start_char, q.end_char, d.outlet,
                                         d.published
                                  FROM quotes q JOIN documents d ON d.id = q.document_id JOIN ranked r ON r.id = q.id
                                  ORDER BY r.score DESC, d.published DESC NULLS LAST""", [text]),
        "events": db.rows(f"""WITH ranked AS ({ranked("events", "events")})
                              {EVENTS_SELECT} JOIN ranked r ON r.id = e.id
                              ORDER BY r.score DESC, date DESC NULLS LAST""", [text]),
    }


def ranked(index: str, table: str) -> str:
    """The ids and BM25 scores of the best `SEARCH_LIMIT` rows of `table` for the bound query."""
    return f"""SELECT id, score FROM (SELECT id, {fulltext.score(index, "id")} AS score FROM {table})
               WHERE score IS NOT NULL ORDER BY score DESC LIMIT {SEARCH_LIMIT}"""


def ilike_search(db: Database, words: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Documents, statements and events containing every word (case-insensitive), the documents
    ranked by how often the words occur, in the title three times over."""
    patterns = [like(w) for w in words]

    def every(column: str) -> str:
        return " AND ".join(f"{column} ILIKE ? ESCAPE '\\'" for _ in patterns)

    score = " + ".join("3 * len(string_split(lower(coalesce(title, '')), ?)) + len(string_split(lower(text), ?))"
                       for _ in words)
    found = {
        "documents": db.rows(f"""SELECT id, title, outlet, published, text, ({score}) AS score FROM documents
                                 WHERE {every("(coalesce(title, '') || ' ' || text)")}
                                 ORDER BY score DESC, published DESC NULLS LAST LIMIT {SEARCH_LIMIT}""",
                             [w.lower() for w in words for _ in range(2)] + patterns),
        "statements": db.rows(f"""SELECT q.document_id, q.speaker_name, q.text, q.start_char, q.end_char, d.outlet,
                                         d.published
                                  FROM quotes q JOIN documents d ON d.id = q.document_id
                                  WHERE {every("(coalesce(q.speaker_name, '') || ' ' || q.text)")}
                                  ORDER BY d.published DESC NULLS LAST LIMIT {SEARCH_LIMIT}""", patterns),
        "events": db.rows(f"""{EVENTS_SELECT}
                              WHERE {every("(e.type || ' ' || array_to_string(e.actor_names, ' ') || ' ' || "
                                           "array_to_string(e.recipient_names, ' ') || ' ' || e.text)")}
                              ORDER BY date DESC NULLS LAST LIMIT {SEARCH_LIMIT}""", patterns),
    }
    return found
