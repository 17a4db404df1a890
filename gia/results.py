"""Writing and reading the results document (results.json) reproducibly."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _clean(value.item())
    return value


TOP_KEYS = ("area_id", "reporting_year", "methodology_version", "level", "route", "overall_score",
            "themes", "prerequisites", "criteria", "informative", "inventory", "warnings")
ENTRY_KEYS = {
    "prerequisites": ("id", "passed", "detail"),
    "criteria": ("id", "theme", "value", "unit", "level", "points", "mandatory", "status",
                 "warnings"),
    "informative": ("id", "value", "unit", "status", "warnings"),
}
INVENTORY_KEYS = ("final_energy_mwh", "scope1_tco2e", "scope2_location_tco2e",
                  "scope2_market_tco2e", "upstream_hydrogen_tco2e", "biogenic_co2_t",
                  "renewable_mwh")


def _ordered(mapping: dict, keys: tuple[str, ...]) -> dict:
    first = {k: mapping[k] for k in keys if k in mapping}
    return first | {k: v for k, v in mapping.items() if k not in first}


def canonical(document: Any, theme_order: list[str] | None = None) -> Any:
    """Return a results document (or a list of them) with keys in the order of outputs.md.

    Jupyter stores recorded outputs with sorted keys; this restores the documented order so
    that ``gia score --json`` and results.json are the same text.
    """
    if isinstance(document, list):
        return [canonical(d, theme_order) for d in document]
    if not isinstance(document, dict) or "area_id" not in document:
        return document
    doc = _ordered(document, TOP_KEYS)
    for key, keys in ENTRY_KEYS.items():
        if isinstance(doc.get(key), list):
            doc[key] = [_ordered(e, keys) for e in doc[key]]
    if isinstance(doc.get("inventory"), dict):
        doc["inventory"] = _ordered(doc["inventory"], INVENTORY_KEYS)
    if theme_order and isinstance(doc.get("themes"), dict):
        doc["themes"] = _ordered(doc["themes"], tuple(theme_order))
    return doc


def dumps_results(document: Any, theme_order: list[str] | None = None) -> str:
    """Return a results document as JSON text: unrounded floats, documented key order, no NaN.

    ``theme_order`` (the catalogue's theme ids) orders the ``themes`` mapping.
    """
    text = json.dumps(_clean(canonical(document, theme_order)), indent=2, ensure_ascii=False,
                      allow_nan=False)
    return text + "\n"


def write_results(document: Any, path: Path, theme_order: list[str] | None = None) -> None:
    """Write a results document (or the manifest) to ``path``."""
    Path(path).write_text(dumps_results(document, theme_order), encoding="utf-8")


def read_results(path: Path) -> Any:
    """Read a results document."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
