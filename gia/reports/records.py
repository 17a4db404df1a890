"""How a notebook records its result for the runner, and how the runner reads it back.

A notebook records one result as a display output of mimetype :data:`RESULT_MIMETYPE`: a criterion
notebook its :class:`gia.reports.results.CriterionEntry`, the inventory notebook an
:class:`gia.reports.results.InventoryRecord`, the summary notebook a
:class:`gia.reports.results.SummaryRecord`. This module needs neither the calculation chain nor
IPython until a notebook records, so the runner's workers and the report builder read records
without importing the criteria.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gia.reports.results import plain

RESULT_MIMETYPE = "application/vnd.gia.result+json"
"""Mimetype of the output by which a notebook records its result for the runner."""

LINEAGE_MIMETYPE = "application/vnd.gia.method.lineage+json"
"""Mimetype of the lineage a criterion notebook records (collected into lineage.json)."""


def record(entry: BaseModel) -> None:
    """Record a result (a model of :mod:`gia.reports.results`) in the running notebook."""
    from IPython.display import display

    payload = plain(entry)
    label = payload.get("id") or payload.get("area_id") or "result"
    display({RESULT_MIMETYPE: payload, "text/plain": f"recorded: {label}"}, raw=True)


def record_lineage(payload: dict[str, Any]) -> None:
    """Record the input rows and factors that feed a result (collected into lineage.json)."""
    from IPython.display import display

    display(
        {LINEAGE_MIMETYPE: payload, "text/plain": f"lineage recorded: {payload['id']}"}, raw=True
    )


def recorded(path: Path) -> list[dict[str, Any]]:
    """Return every result an executed notebook recorded, as plain data."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RESULT_MIMETYPE in data:
                found.append(dict(data[RESULT_MIMETYPE]))
    return found


def recorded_one(path: Path) -> dict[str, Any]:
    """Return the one result an executed notebook recorded (ValueError otherwise)."""
    if not path.is_file():
        raise ValueError(f"{path.name} is missing from the report")
    records = recorded(path)
    if len(records) != 1:
        raise ValueError(f"{path.name} recorded {len(records)} results, expected 1")
    return records[0]
