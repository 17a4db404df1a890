"""How the catalogue's problems are named: the error, its key paths and its numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError


class CatalogueError(ValueError):
    """A catalogue file that cannot be read or does not validate.

    The message names the file and every failing key path, one problem per line, e.g.
    ``gia-v1.0.yaml: criteria[3] (EN-1).thresholds: thresholds of a 'higher' criterion must
    increase: [50, 40, 90]``.

    Attributes
    ----------
    path : pathlib.Path
        The catalogue file.
    problems : list of str
        One ``"key path: message"`` entry per problem.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path.name}: {p}" for p in problems))


class CrossCheckError(ValueError):
    """Problems spanning several keys (:mod:`gia.method.catalogue.rules`); each has its key path."""

    def __init__(self, problems: list[tuple[tuple[Any, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{fmt_loc(loc, None)}: {msg}" for loc, msg in problems))


def field_error(kind: str, message: str) -> PydanticCustomError:
    """Return a named validation error carrying ``message`` verbatim (no "Value error,").

    ``kind`` names the rule broken (e.g. ``thresholds_order``), so that code and tests can tell
    problems apart by type, not by wording.
    """
    return PydanticCustomError(kind, "{message}", {"message": message})


def fmt_number(x: Any) -> str:
    """Format a number compactly: 50.0 -> '50', 0.025 -> '0.025'."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return repr(x)
    return f"{x:g}"


def fmt_numbers(xs: Iterable[Any]) -> str:
    """Format a list of numbers compactly, e.g. ``[50, 70, 90]``."""
    return "[" + ", ".join(fmt_number(x) for x in xs) + "]"


def fmt_loc(loc: Iterable[Any], data: Any) -> str:
    """Format a pydantic location as a key path, e.g. ``criteria[3] (EN-1).thresholds``."""
    out = ""
    parts = list(loc)
    for n, part in enumerate(parts):
        if isinstance(part, int):
            out += f"[{part}]" + _item_id(parts, n, data)
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _item_id(parts: list[Any], n: int, data: Any) -> str:
    """`` (EN-1)`` after the index of a top-level list item that has an id."""
    if n != 1 or not isinstance(data, Mapping):
        return ""
    seq = data.get(parts[0])
    index = parts[1]
    if isinstance(seq, list) and 0 <= index < len(seq) and isinstance(seq[index], dict):
        item_id = seq[index].get("id")
        if item_id is not None:
            return f" ({item_id})"
    return ""
