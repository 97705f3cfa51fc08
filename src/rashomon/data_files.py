"""One loader for the knowledge in `rashomon/data/`: YAML read through importlib.resources,
every mapping tagged with the line it starts on so a bad record can be named precisely."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeBaseError

LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the 1-based line of each mapping under LINE_KEY, and keeps dates
    as strings so that a bad one is reported by the record's loader with its line."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class-level table
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise KnowledgeBaseError(f"invalid YAML: {getattr(err, 'problem', err)}", source,
                                 mark.line + 1 if mark else None) from None


def read_yaml(path: Path) -> Any:
    try:
        return parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except OSError as err:
        raise KnowledgeBaseError(f"cannot read: {err.strerror or err}", str(path)) from None


def data_path(*parts: str) -> Path:
    return Path(str(resources.files("rashomon").joinpath("data", *parts)))


@cache
def load_data(*parts: str) -> Any:
    """A packaged data file, parsed once per process."""
    return read_yaml(data_path(*parts))


def data_files(folder: str) -> list[Path]:
    return sorted(data_path(folder).glob("*.yaml"))


def require(record: dict, keys: tuple[str, ...], source: str) -> None:
    missing = [k for k in keys if record.get(k) in (None, "")]
    if missing:
        raise KnowledgeBaseError(f"record lacks {', '.join(missing)}", source, record.get(LINE_KEY))
