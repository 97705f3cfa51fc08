"""Reading the YAML in `rashomon/data/` and in users' overlays: parsed with libyaml where it is
installed, every mapping a `Record` that knows the line it starts on, so a bad record is named by
file and line without a marker key that every reader would have to skip."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeBaseError

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Record(dict[Any, Any]):
    """A YAML mapping and the 1-based line it starts on (None for mappings built in code)."""

    line: int | None = None


def line_of(value: object) -> int | None:
    return value.line if isinstance(value, Record) else None


class _LineLoader(_BaseLoader):
    """A safe loader whose mappings are `Record`s, and which keeps dates as strings so that a bad
    one is reported by the record's reader with its line."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class-level table
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        record = Record(super().construct_mapping(node, deep=deep))
        record.line = node.start_mark.line + 1
        return record


_LineLoader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))


def parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # a safe loader
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


def data_files(folder: str) -> list[Path]:
    return sorted(data_path(folder).glob("*.yaml"))


def require(record: dict, keys: tuple[str, ...], source: str) -> None:
    missing = [k for k in keys if record.get(k) in (None, "")]
    if missing:
        raise KnowledgeBaseError(f"record lacks {', '.join(missing)}", source, line_of(record))


@dataclass(frozen=True, slots=True)
class DataFile:
    """One parsed data file and where it came from (for error messages)."""

    data: Any
    source: str


def read_data(*parts: str) -> DataFile:
    """A packaged data file, parsed (callers: `rashomon.knowledge` and tests)."""
    path = data_path(*parts)
    return DataFile(read_yaml(path), str(path))
