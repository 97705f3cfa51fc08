"""Everything the stages know, as one validated, typed, frozen `Knowledge`: the knowledge base with
the user's overlay, and every lexicon (events, PLOVER types, cues, quotes, stance, document cues,
quantities). `build_nlp` hands it to every component's `initialize()`; no stage reads a data file.

Building it parses about a megabyte of YAML, so the result is kept twice: in this process, and as
a compiled (pickled) file in the user's cache folder, named by a hash of everything it was built
from (the data files, the overlay, this package's code and the versions of Python and VADER). A
changed file gives a new hash, so a stale cache is never read; a cache that cannot be written or
read is skipped and the knowledge built again."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

from .data_files import data_path, read_data
from .errors import KnowledgeBaseError

if TYPE_CHECKING:
    from .compare.claims import CompareLexicon
    from .components.actors import ActorTables
    from .components.events import Lexicon as EventLexicon
    from .components.quotes import QuoteLexicon
    from .components.stance import StanceLexicon
    from .kb import KnowledgeBase
    from .meta import DocumentCues

CACHE_ENV = "RASHOMON_CACHE_DIR"
KEEP_CACHED = 8  # compiled files kept in the cache folder


@dataclass(frozen=True)
class Knowledge:
    """The knowledge base and the lexicons of every stage, built from one set of data files."""

    kb: KnowledgeBase
    actors: ActorTables
    events: EventLexicon
    quotes: QuoteLexicon
    stance: StanceLexicon
    documents: DocumentCues
    compare: CompareLexicon
    digest: str  # hash of what it was built from


_loaded: dict[str, Knowledge] = {}


def load_knowledge(overlay: Path | None = None, cache_dir: Path | None = None) -> Knowledge:
    """The knowledge for the packaged data plus `overlay`: from this process, else from the
    compiled cache, else built (and cached). An overlay's knowledge starts from the packaged
    knowledge, so only what the overlay can change is built again."""
    digest = knowledge_digest(overlay)
    if digest in _loaded:
        return _loaded[digest]
    folder = cache_dir or default_cache_dir()
    knowledge = _read_cache(folder, digest)
    if knowledge is None:
        packaged = load_knowledge(None, folder) if overlay is not None else None
        knowledge = build_knowledge(overlay, digest, packaged)
        _write_cache(folder, knowledge)
    _loaded[digest] = knowledge
    return knowledge


def packaged_knowledge() -> Knowledge:
    """The packaged data without an overlay: what a component initialised by spaCy's own
    `nlp.initialize()` (with no knowledge handed to it) works with."""
    return load_knowledge()


def build_knowledge(overlay: Path | None = None, digest: str = "", packaged: Knowledge | None = None) -> Knowledge:
    """Parse and check every data file (errors name the file and line). With `packaged` (the
    knowledge without an overlay), the parts an overlay cannot change are taken from it."""
    from .compare.claims import CompareLexicon
    from .components.actors import ActorTables
    from .components.events import load_lexicon
    from .components.quotes import QuoteLexicon
    from .components.stance import StanceLexicon, vader_lexicon
    from .components.stance_model import StanceModel
    from .kb import load_kb
    from .meta import DocumentCues

    kb = load_kb(overlay, packaged.kb if packaged else None)
    cues = read_data("cues.yaml")
    stance = packaged.stance if packaged else StanceLexicon.from_data(
        read_data("stance.yaml").data, vader_lexicon(), StanceModel.load(data_path("stance_model.npz")))
    events = load_lexicon(read_data("plover.yaml"), read_data("events.yaml"), cues, kb, stance)
    documents = packaged.documents if packaged else DocumentCues.from_data(read_data("document_cues.yaml").data)
    compare = packaged.compare if packaged else CompareLexicon.from_data(read_data("quantities.yaml").data)
    return Knowledge(kb=kb, actors=ActorTables.build(kb), events=events, quotes=QuoteLexicon.build(cues.data, kb),
                     stance=stance, documents=documents, compare=compare, digest=digest)


# ---- the compiled cache -----------------------------------------------------------------------
def knowledge_digest(overlay: Path | None = None) -> str:
    """A hash of every input of `build_knowledge`: a change to any of them is a new cache file."""
    package = Path(str(resources.files("rashomon")))
    digest = hashlib.sha256(f"{sys.version_info[:2]} vader {_version('vaderSentiment')}".encode())
    data = package / "data"
    for path in sorted([*package.rglob("*.py"), *data.rglob("*.yaml"), *data.glob("*.npz")]):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    if overlay is not None:
        try:
            digest.update(b"overlay" + overlay.read_bytes())
        except OSError as err:
            raise KnowledgeBaseError(f"cannot read: {err.strerror or err}", str(overlay)) from None
    return digest.hexdigest()[:24]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def default_cache_dir() -> Path:
    """$RASHOMON_CACHE_DIR, else $XDG_CACHE_HOME/rashomon, else ~/.cache/rashomon."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rashomon"


def _cache_file(folder: Path, digest: str) -> Path:
    return folder / f"knowledge-{digest}.pickle"


def _read_cache(folder: Path, digest: str) -> Knowledge | None:
    try:
        with _cache_file(folder, digest).open("rb") as fh:
            knowledge = pickle.load(fh)  # our own file, named by the hash of its inputs
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return knowledge if isinstance(knowledge, Knowledge) and knowledge.digest == digest else None


def _write_cache(folder: Path, knowledge: Knowledge) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as fh:
            pickle.dump(knowledge, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, _cache_file(folder, knowledge.digest))
        _prune(folder)
    except OSError:
        return  # a read-only home: the knowledge is built again next time


def _prune(folder: Path) -> None:
    """Keep the most recently written files (several overlays may be in use), drop older ones."""
    files = sorted(folder.glob("knowledge-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_CACHED:]:
        old.unlink(missing_ok=True)
