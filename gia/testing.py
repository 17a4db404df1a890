"""Build small area folders from Python dicts: the helpers of the test suite and benchmarks.

``write_area(tmp_path, facts, tables)`` writes ``<tmp_path>/<facts['id']>/area.yaml`` and one CSV
per table: a table whose value is ``None`` is left out (*not reported*), ``[]`` writes the header
only (*reported: none*), a list of dicts writes one row per dict. ``None`` cells are blank,
booleans are written ``true``/``false``.

``base_facts()`` and ``base_tables()`` give a small, valid LV 2024 area that tests modify; the
numbers are chosen to be easy to work out by hand.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from gia.data.dotted import flatten
from gia.data.schema import TABLES

AREA_ID = "t-area"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _header(name: str, rows: list[dict]) -> list[str]:
    spec = TABLES.get(name)
    seen: list[str] = []
    for row in rows:
        for key in row:
            if key not in seen:
                seen.append(key)
    if spec is None:  # an unknown table: write what is given (validation should reject it)
        return seen
    if not rows:
        return spec.column_names
    known = [c for c in spec.column_names if c in seen or spec.column(c).required]
    return known + [c for c in seen if not spec.has_column(c)]


def write_table(folder: Path, name: str, rows: list[dict]) -> Path:
    """Write ``rows`` as ``<folder>/<name>.csv`` (header only when ``rows`` is empty)."""
    header = _header(name, rows)
    path = folder / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(row.get(col)) for col in header])
    return path


def write_area(tmp_path: Path, facts: dict, tables: dict[str, list[dict] | None]) -> Path:
    """Write an area folder named after ``facts['id']`` under ``tmp_path``; return the folder."""
    folder = Path(tmp_path) / str(facts["id"])
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    (folder / "area.yaml").write_text(
        yaml.safe_dump(facts, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    for name, rows in tables.items():
        if rows is not None:
            write_table(folder, name, list(rows))
    return folder


def base_facts(**overrides: Any) -> dict:
    """Return the area.yaml of a small valid area (LV, 2024); top-level keys overridden."""
    facts: dict[str, Any] = {
        "id": AREA_ID,
        "name": "Test area",
        "country": "LV",
        "reporting_year": 2024,
        "total_area_ha": 100.0,
        "management": {
            "entity": "Test Park Ltd",
            "energy_concept_adopted": True,
            "land_saving_advice": True,
            "net_zero_target_year": 2045,
        },
        "smart_energy": {
            "monitoring_platform": True,
            "demand_response": False,
            "energy_community": True,
        },
        "storage_mwh": 2.0,
        "land": {
            "developed_ha": 80.0,
            "brownfield_ha": 20.0,
            "plots_serviced_ha": 60.0,
            "plots_in_use_ha": 54.0,
        },
        "parking_spaces": 400,
        "charging_points": 40,
        "freight": {"none_declared": False},
    }
    facts.update(copy.deepcopy(overrides))
    return facts


def base_tables(**overrides: list[dict] | None) -> dict[str, list[dict] | None]:
    """Return the tables of the small valid area; ``name=None`` drops a table, ``[]`` empties it.

    Energy: T1 1000 MWh grid electricity (metered), T2 500 MWh natural gas (estimated).
    """
    tables: dict[str, list[dict] | None] = {
        "tenants": [
            {
                "tenant_id": "T1",
                "name": "One",
                "employees": 60,
                "gva_eur": 6_000_000,
                "energy_management": "iso50001",
                "audit_year": None,
            },
            {
                "tenant_id": "T2",
                "name": "Two",
                "employees": 40,
                "gva_eur": 4_000_000,
                "energy_management": "none",
                "audit_year": None,
            },
        ],
        "energy": [
            {
                "tenant_id": "T1",
                "carrier": "electricity_grid",
                "amount": 1000,
                "unit": "MWh",
                "metered": True,
            },
            {
                "tenant_id": "T2",
                "carrier": "natural_gas",
                "amount": 500,
                "unit": "MWh",
                "metered": False,
            },
        ],
        "generation": [],
        "contracts": [],
        "waste": [
            {
                "tenant_id": "T1",
                "stream": "scrap",
                "hazardous": False,
                "amount_t": 100,
                "treatment": "recycling",
            }
        ],
        "exchanges": [],
        "waste_heat": [{"tenant_id": "T2", "recoverable_mwh": 100, "recovered_mwh": 50}],
        "water": [{"tenant_id": "T1", "source": "municipal", "amount_m3": 1000}],
        "vehicles": [{"tenant_id": "T1", "vehicle_class": "car", "powertrain": "bev", "count": 1}],
        "commuting": [{"mode": "car", "commuters": 80}, {"mode": "bicycle", "commuters": 20}],
        "freight": [{"mode": "road", "tonnes": 1000}],
        "surfaces": [
            {"surface_type": "sealed", "area_ha": 60.0},
            {"surface_type": "vegetated", "area_ha": 40.0},
        ],
    }
    tables.update(copy.deepcopy(overrides))
    return tables


def load_built(
    tmp_path: Path,
    facts: dict | None = None,
    tables: dict[str, list[dict] | None] | None = None,
    **load_options: Any,
):
    """Write an area (default: the base area) and load it with :func:`gia.data.area.load_area`."""
    from gia.data.area import load_area

    folder = write_area(tmp_path, facts or base_facts(), tables or base_tables())
    return load_area(folder, **load_options)


def assess_built(
    tmp_path: Path,
    facts: dict | None = None,
    tables: dict[str, list[dict] | None] | None = None,
    catalogue=None,
):
    """Write, load and assess an area; return the :class:`gia.method.assessment.Assessment`."""
    from gia.method.assessment import assess

    return assess(load_built(tmp_path, facts, tables, catalogue=catalogue), catalogue)


def materialize(case: Path, base: Path, into: Path) -> Path:
    """Build the full area folder of a broken-area case: ``base`` with the case's changes.

    The case folder holds only the files it changes and ``expected.yaml``, whose ``removed``
    lists the files of ``base`` the case has not. The folder is named like the case, and
    area.yaml's id is set to the case's name unless the case gives its own area.yaml.
    """
    folder = into / case.name
    shutil.copytree(base, folder)
    facts = (base / "area.yaml").read_text("utf-8")
    (folder / "area.yaml").write_text(
        facts.replace(f"id: {base.name}", f"id: {case.name}", 1), "utf-8"
    )
    expected = yaml.safe_load((case / "expected.yaml").read_text("utf-8"))
    for name in expected.get("removed", []):
        (folder / name).unlink()
    for changed in case.iterdir():
        if changed.name != "expected.yaml":
            shutil.copyfile(changed, folder / changed.name)
    return folder


def _cell_of(text: str) -> int | float | str | None:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text if text != "" else None


def folder_to_workbook(
    folder: Path, path: Path, edit: Callable[[Workbook], None] | None = None
) -> Path:
    """Write an area folder as an area workbook ``path`` (id = the workbook's stem)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "_instructions"
    ws.append(["sheets starting with _ are ignored", "anything"])
    facts = yaml.safe_load((folder / "area.yaml").read_text(encoding="utf-8"))
    facts["id"] = path.stem
    ws = wb.create_sheet("area")
    ws.append(["key", "value"])
    for key, value in flatten(facts).items():
        ws.append([key, value])
    for csv_path in sorted(folder.glob("*.csv")):
        ws = wb.create_sheet(csv_path.stem)
        rows = csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8")))
        for i, row in enumerate(rows):
            ws.append(row if i == 0 else [_cell_of(c) for c in row])
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path
