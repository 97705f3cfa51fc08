"""Benchmark corpora made from the bundled examples (examples/*.txt: a `KEY: value` header ended by `---`).

The store keys documents by a hash of their text, so repeating an example would collapse into one
document. `variants` therefore makes each document distinct but still an ordinary news article:
the lead paragraph of one example, its other paragraphs reordered with up to two left out, at
times a background paragraph from another example, and a later date and its own URL in the
header. Seeded, so the same arguments give the same corpus.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MAX_DROPPED = 2  # paragraphs a variant may leave out
DONOR_CHANCE = 0.5  # chance that a variant borrows a background paragraph from another example
MAX_DATE_SHIFT = 30  # days a variant may be published after its example


@dataclass(frozen=True)
class Article:
    header: tuple[tuple[str, str], ...]  # (KEY, value) as written, in order
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return len(self.body.split())

    def render(self) -> str:
        head = "".join(f"{key}: {value}\n" for key, value in self.header)
        return f"{head}---\n{self.body}\n"


def parse(text: str) -> Article:
    head, _, body = text.partition("\n---\n")
    header = tuple((key.strip(), value.strip()) for key, _, value in
                   (line.partition(":") for line in head.splitlines() if line.strip()))
    paragraphs = tuple(p.strip() for p in body.split("\n\n") if p.strip())
    return Article(header, paragraphs)


def load_examples() -> list[Article]:
    return [parse(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.txt"))]


def _with_header(article: Article, index: int, rng: random.Random) -> tuple[tuple[str, str], ...]:
    header = []
    for key, value in article.header:
        if key.upper() == "DATE":
            shift = dt.timedelta(days=rng.randint(0, MAX_DATE_SHIFT))
            value = (dt.date.fromisoformat(value) + shift).isoformat()
        elif key.upper() == "URL":
            value = f"{value}-{index + 1}"
        header.append((key, value))
    return tuple(header)


def _variant(base: list[Article], index: int, rng: random.Random) -> Article:
    article = base[index % len(base)]
    lead, *rest = article.paragraphs
    rest = rng.sample(rest, k=len(rest) - rng.randint(0, min(MAX_DROPPED, len(rest) - 1)))
    if rng.random() < DONOR_CHANCE:
        donor = rng.choice([other for other in base if other is not article])
        rest.insert(rng.randrange(len(rest) + 1), rng.choice(donor.paragraphs[1:]))
    return Article(_with_header(article, index, rng), (lead, *rest))


def variants(count: int, seed: int = 0) -> list[Article]:
    """`count` articles with pairwise distinct bodies."""
    base = load_examples()
    rng = random.Random(seed)
    articles: list[Article] = []
    seen: set[str] = set()
    for attempt in range(count * 20):
        if len(articles) == count:
            break
        article = _variant(base, attempt, rng)
        if article.body not in seen:
            seen.add(article.body)
            articles.append(article)
    if len(articles) < count:
        raise ValueError(f"only {len(articles)} distinct variants of the examples; asked for {count}")
    return articles


def one_article(min_words: int = 600) -> Article:
    """The longest example, topped up with other examples' paragraphs to at least `min_words` words."""
    base = load_examples()
    longest = max(base, key=lambda a: a.words)
    extra = (p for other in base if other is not longest for p in other.paragraphs[1:])
    article = longest
    while article.words < min_words:
        article = replace(article, paragraphs=(*article.paragraphs, next(extra)))
    return article


def write(articles: list[Article], folder: Path) -> Path:
    """One .txt file per article in `folder` (created); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(len(articles)))
    for number, article in enumerate(articles, 1):
        (folder / f"doc-{number:0{width}d}.txt").write_text(article.render(), encoding="utf-8")
    return folder
