"""Scenarios are areas: a what-if saved as an area folder that ``gia assess`` runs.

The folder holds area.yaml and the CSV tables of the changed copy of the base area
(:func:`gia.workshop.whatif.apply_levers`), written column by column after :mod:`gia.data.schema`.
area.yaml gains a ``scenario:`` block (:class:`gia.data.facts.Scenario`: name, base area, each
lever's value, the factors used), validated with the rest of area.yaml; the notebooks' area header
and the report's certificate then say that the area is a scenario, not measured data. Rows a lever
added carry ids starting with ``whatif-``. Nothing is overwritten without ``force``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from gia.data.area import Area, load_area
from gia.data.facts import AREA_ID_PATTERN, AreaFacts
from gia.data.readers import AREA_FILE
from gia.data.schema import TABLES
from gia.method.catalogue import Catalogue
from gia.paths import areas_dir
from gia.workshop.whatif import LeverSettings, apply_levers

SCENARIO_INFIX = "-scenario-"


class ScenarioExistsError(FileExistsError):
    """The scenario's folder exists and ``force`` was not given."""


def scenario_text(facts: AreaFacts) -> str:
    """Return the line that says an area is a what-if scenario (empty for measured data)."""
    sc = facts.scenario
    if sc is None:
        return ""
    from gia.messages import message

    levers = "; ".join(lever_text(k, v) for k, v in sc.levers.items()) or "—"
    return message("scenario.banner", name=sc.name, base=sc.base_area, levers=levers)


def lever_text(key: str, value: float) -> str:
    """Return one lever's value for people: ``On-site PV (MWp) 44``."""
    from gia.messages import message
    from gia.reports.formatting import format_value

    name, _, vehicle_class = key.partition(":")
    unit = LEVER_UNITS.get(name)
    return f"{message(f'lever.{name}', vehicle_class=vehicle_class)} {format_value(value, unit)}"


LEVER_UNITS = {
    "pv_mwp": "MWp",
    "wind_mw": "MW",
    "ppa_pct": "%",
    "go_pct": "%",
    "heat_pump_pct": "%",
    "waste_heat_mwh": "MWh",
    "ev_pct": "%",
    "waste_recovery_pct": "%",
    "charging_points": "points",
    "green_floor_m2": "m²",
}
"""The unit of each lever's value (as :func:`gia.workshop.whatif.available_levers` gives it)."""


def scenario_id(base_id: str, name: str) -> str:
    """Return ``<base>-scenario-<name>`` with the name made an id (a-z, 0-9, -).

    >>> scenario_id("lv-zemgale", "PV 20 MWp + PPAs")
    'lv-zemgale-scenario-pv-20-mwp-ppas'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"scenario name {name!r}: give a name with a letter or digit")
    return f"{base_id}{SCENARIO_INFIX}{slug}"


def scenario_folder(base_id: str, name: str, out: Path | None = None) -> Path:
    """Return the folder a scenario is saved to: ``out``, else ``data/areas/<id>``."""
    folder = Path(out) if out is not None else areas_dir() / scenario_id(base_id, name)
    if not re.match(AREA_ID_PATTERN, folder.name):
        raise ValueError(
            f"{folder}: the folder name is the area id, so it may hold only a-z, 0-9 and -"
        )
    return folder


def scenario_facts(
    area: Area,
    changed: Area,
    name: str,
    folder: Path,
    settings: LeverSettings,
    values: dict[str, float],
) -> dict:
    """Return area.yaml of the scenario: the changed facts, new id, the scenario block."""
    facts = changed.facts.model_dump(mode="json", exclude_none=True)
    facts.pop("scenario", None)
    facts["id"] = folder.name
    facts["name"] = f"{area.facts.name} (scenario: {name})"
    facts["scenario"] = {
        "name": name,
        "base_area": area.id,
        "levers": {k: float(v) for k, v in values.items()},
        "settings": settings.as_dict(),
    }
    AreaFacts.model_validate(facts)  # the block is what the schema accepts
    return facts


def table_csv(name: str, frame: pd.DataFrame) -> str:
    """Return a table as the CSV text of an area folder (schema columns, blank for missing)."""
    spec = TABLES[name]
    columns = [c for c in spec.columns if c.name in frame.columns]
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column.name]
        if column.type == "int":
            out[column.name] = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
        elif column.type == "bool":
            out[column.name] = values.map(lambda v: "" if pd.isna(v) else str(bool(v)).lower())
        elif column.type == "float":
            out[column.name] = values.map(lambda v: "" if pd.isna(v) else repr(float(v)))
        else:
            out[column.name] = values.map(lambda v: "" if pd.isna(v) else str(v))
    return out.to_csv(index=False, lineterminator="\n")


def _is_scenario(area_yaml: Path) -> bool:
    """Whether an area.yaml is a saved scenario's (a top-level ``scenario:`` block)."""
    text = area_yaml.read_text("utf-8", errors="replace")
    return any(line.startswith("scenario:") for line in text.splitlines())


def save_scenario(
    area: Area,
    catalogue: Catalogue,
    settings: LeverSettings,
    values: dict[str, float],
    name: str,
    *,
    out: Path | None = None,
    force: bool = False,
) -> Path:
    """Save the scenario ``values`` of ``area`` as an area folder and return its path.

    Parameters
    ----------
    area : Area
        The base area (as loaded: measured data).
    catalogue : Catalogue
        The catalogue whose rules the levers follow (contract accounting, MO-1's powertrains).
    settings : LeverSettings
        The factors the levers use.
    values : dict
        Each lever's value (:data:`gia.workshop.whatif.LEVER_KEYS`); levers at zero are left out.
    name : str
        The scenario's name.
    out : Path, optional
        The folder (default ``data/areas/<area id>-scenario-<name>``).
    force : bool
        Replace the folder's area.yaml and tables if the folder exists.

    Raises
    ------
    ScenarioExistsError
        If the folder exists and ``force`` is not given.
    """
    folder = scenario_folder(area.id, name, out)
    if folder.exists() and not force:
        raise ScenarioExistsError(
            f"{folder} exists: choose another name or --out, or replace it with --force"
        )
    existing = folder / AREA_FILE
    if existing.is_file() and not _is_scenario(existing):
        raise ScenarioExistsError(
            f"{folder} holds an area of measured data (its area.yaml has no scenario block): "
            "it is never replaced by a scenario, even with --force; choose another name or --out"
        )
    values = {k: float(v) for k, v in values.items() if v}
    changed = apply_levers(area, catalogue, settings, values)
    facts = scenario_facts(area, changed, name, folder, settings, values)
    folder.mkdir(parents=True, exist_ok=True)
    for old in [folder / AREA_FILE, *(folder / f"{t}.csv" for t in TABLES)]:
        if old.is_file():
            old.unlink()  # replaced (force): a stale table must not stay behind
    (folder / AREA_FILE).write_text(
        "# A what-if scenario saved by GIA Workbench (gia.workshop.scenario): NOT measured data.\n"
        + yaml.safe_dump(facts, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    for table, frame in changed.tables.items():
        if frame is not None:
            (folder / f"{table}.csv").write_text(table_csv(table, frame), encoding="utf-8")
    load_area(folder, catalogue=catalogue)  # what was written loads as an area
    return folder
