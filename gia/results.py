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


def dumps_results(document: Any) -> str:
    """Return a results document as JSON text: unrounded floats, stable key order, no NaN."""
    return json.dumps(_clean(document), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_results(document: Any, path: Path) -> None:
    """Write a results document to ``path``."""
    Path(path).write_text(dumps_results(document), encoding="utf-8")


def read_results(path: Path) -> Any:
    """Read a results document."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
