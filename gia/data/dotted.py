"""Dotted keys (``management.entity``): the one helper for flattening, nesting and looking up.

area.yaml is nested; the workbook's area sheet, the catalogue comparison and the code that
reads one fact name a value by its dotted key. These three functions are the only place that
spells how.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def flatten(data: Mapping[str, Any], *, lists_by_id: bool = False) -> dict[str, Any]:
    """Return ``{dotted key: value}`` for every leaf of nested mappings.

    Parameters
    ----------
    data : Mapping
        Nested mappings, e.g. area.yaml's facts.
    lists_by_id : bool
        Also descend into lists whose items all have a string ``id`` (the catalogue's themes,
        criteria, ...): each item's fields become ``key[ID].field`` and the order of the ids one
        ``key (order)`` entry; an empty mapping is kept as ``{}``. For comparing catalogues.
    """
    out: dict[str, Any] = {}
    _walk(data, "", out, lists_by_id)
    return out


def _walk(value: Any, prefix: str, out: dict[str, Any], by_id: bool) -> None:
    if isinstance(value, Mapping):
        if not value and prefix and by_id:
            out[prefix] = {}
        for k, v in value.items():
            _walk(v, f"{prefix}.{k}" if prefix else str(k), out, by_id)
    elif by_id and _items_with_ids(value):
        out[f"{prefix} (order)"] = [v["id"] for v in value]
        for v in value:
            _walk({k: x for k, x in v.items() if k != "id"}, f"{prefix}[{v['id']}]", out, by_id)
    else:
        out[prefix] = value


def _items_with_ids(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, Mapping) and isinstance(v.get("id"), str) for v in value)
    )


def nest(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Return nested mappings from ``(dotted key, value)`` pairs (the inverse of flatten).

    A key below a key that already holds a value (``a`` then ``a.b``) is left out: the first
    value stands, and validation names the key that is not what it should be.
    """
    nested: dict[str, Any] = {}
    for key, value in pairs:
        node = nested
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = value
    return nested


def lookup(obj: Any, dotted: str) -> Any:
    """Return the value at a dotted key of nested mappings or objects (None when absent)."""
    value = obj
    for part in dotted.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
    return value
