"""The executed notebooks of a report folder: making them reproducible, collecting results.

Papermill and nbclient write times, machine paths and per-cell timings into notebook metadata;
:func:`sanitize_notebook`, called by the runner's workers, removes them (times live in the
manifest only) and strips output metadata but the report's ``gia`` key.
:func:`collect_results` builds results.json from what the notebooks recorded (outputs with
mimetype :data:`gia.reports.records.RESULT_MIMETYPE`), checking that nothing is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from pydantic import ValidationError

from gia.reports.records import LINEAGE_MIMETYPE, recorded_one
from gia.reports.results import CriterionEntry, InventoryRecord, Results, SummaryRecord
from gia.reports.tables import METADATA_KEY

if TYPE_CHECKING:
    from gia.method.catalogue import Catalogue

VOLATILE_NB_KEYS = (
    "start_time",
    "end_time",
    "duration",
    "input_path",
    "output_path",
    "exception",
    "environment_variables",
    "version",
)


def sanitize_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove times, paths, random ids and figure metadata from an executed notebook (in place)."""
    pm_meta = nb.metadata.get("papermill", {})
    for key in VOLATILE_NB_KEYS:
        pm_meta.pop(key, None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell["outputs"] = coalesce_streams(cell["outputs"])
        for output in cell.get("outputs", []):
            if "metadata" in output:  # only what the report reads (gia.reports.tables.METADATA_KEY)
                kept = output["metadata"].get(METADATA_KEY)
                output["metadata"] = {METADATA_KEY: kept} if kept else {}
    return nb


def coalesce_streams(outputs: list[Any]) -> list[Any]:
    """Merge each run of consecutive stream outputs into one per stream, stdout first.

    The kernel sends printed text in pieces as its output buffer is flushed, so a cell's
    ``print`` calls may arrive as one stream output or several, and stdout and stderr in
    either order, depending on how busy the machine is. Merged, the executed notebook is the
    same however the text arrived. Display outputs keep their place: the kernel flushes the
    streams before it sends one.
    """
    merged: list[Any] = []
    run: dict[str, Any] = {}
    for output in outputs:
        if output.get("output_type") != "stream":
            merged.extend(run[name] for name in sorted(run, key=_stream_order))
            run = {}
            merged.append(output)
            continue
        name = output.get("name", "stdout")
        if name in run:
            run[name]["text"] += output.get("text", "")
        else:
            run[name] = nbformat.from_dict({**output, "text": output.get("text", "")})
    merged.extend(run[name] for name in sorted(run, key=_stream_order))
    return merged


def _stream_order(name: str) -> tuple[int, str]:
    return (0 if name == "stdout" else 1, name)


def collect_results(folder: Path, catalogue: Catalogue) -> Results:
    """Assemble results.json from the records of the executed notebooks.

    The summary notebook records the area, level, scores and warnings; the inventory notebook
    the prerequisites, the inventory and the informative indicators; each criterion notebook its
    criterion. Raises ValueError when a record is missing or not what it should be.
    """
    folder = Path(folder)
    try:
        summary = SummaryRecord.model_validate(recorded_one(folder / "summary.ipynb"))
        inventory = InventoryRecord.model_validate(recorded_one(folder / "inventory.ipynb"))
        criteria = [
            CriterionEntry.model_validate(recorded_one(folder / f"{cid}.ipynb"))
            for cid in catalogue.criterion_ids
        ]
    except ValidationError as exc:
        raise ValueError(f"a notebook recorded a result of the wrong shape: {exc}") from None
    for cid, entry in zip(catalogue.criterion_ids, criteria, strict=True):
        if entry.id != cid:
            raise ValueError(f"{cid}.ipynb recorded {entry.id!r}, not {cid}")
    return Results.assemble(summary, inventory, criteria, catalogue.theme_ids)


def collect_lineage(folder: Path, catalogue: Catalogue) -> dict[str, Any]:
    """Assemble lineage.json from the lineage each criterion notebook recorded.

    ``{"row_numbers": ..., "criteria": {id: {"rows": {file: [row, ...]}, "factors": [[file,
    factor], ...]}}}``; a notebook without a lineage record is left out.
    """
    criteria: dict[str, Any] = {}
    for cid in catalogue.criterion_ids:
        path = Path(folder) / f"{cid}.ipynb"
        if not path.is_file():
            continue
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                record = output.get("data", {}).get(LINEAGE_MIMETYPE)
                if record and record.get("id") == cid:
                    criteria[cid] = {
                        "rows": dict(record["rows"]),
                        "factors": list(record["factors"]),
                    }
    return {
        "row_numbers": "as the spreadsheet counts them: the header is row 1, the first "
        "data row is row 2",
        "criteria": criteria,
    }
