"""Synthetic areas to calibrate the methodology on: ``synthesize(n, seed, out)``.

Each synthetic area is drawn around one of the shipped example areas (``data/areas/``) and the
reference tables: the example's tables are copied with

- a size factor for the whole area (land, surfaces, history, parking) and a random factor per
  row for every amount (energy, waste, water, exchanges, contracts, generation, vehicles,
  tenants' employees and value added, each surface type, each land key, charging points), so
  that shares and intensities vary between areas; the surfaces still add up to the example's
  total × the size factor, and no land key exceeds the one that bounds it;
- a net-zero target year moved by up to ten years; metered energy rows turned estimated;
- the country kept or replaced by a Baltic partner country with factors in every reference
  table (grid electricity, residual mix, district heat), a contract's market following it;
- a tenant mix thinned (some tenants left out with every row that names them);
- fuels given in MWh, kWh or GJ swapped for their renewable counterpart or back (natural gas
  and biogas, grey and green hydrogen, coal and biomass), fleets electrified or not, waste
  treatments moved up or down the waste hierarchy, recovered waste heat raised or lowered;
- the management, smart-energy and participation answers flipped now and then.

Each area says in its note that it is synthetic, which example and seed it comes from. The
same ``n`` and ``seed`` give byte-identical folders (a numpy Generator seeded with the seed
and the area's number; files written in a fixed order and format).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     paths = synthesize(2, seed=7, out=Path(tmp) / "pop")
...     [p.name for p in paths]
['synth-7-0001', 'synth-7-0002']
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from gia.data.readers import MAX_YAML_BYTES
from gia.data.reference import load_reference
from gia.data.safeyaml import load_yaml
from gia.data.schema import ENERGY_UNITS, TABLES
from gia.paths import areas_dir

COUNTRIES = ("DE", "DK", "EE", "FI", "LT", "LV", "PL", "SE")
"""Countries a synthetic area may move to: the Baltic partners with a row in every reference
table the inventory reads (grid electricity, residual mix, district heat)."""

KEEP_COUNTRY = 0.4
"""Probability that an area keeps its example's country."""

SIZE_SIGMA = 0.5
"""Standard deviation of the log of the area's size factor."""

ROW_SIGMA = 0.35
"""Standard deviation of the log of each row's factor."""

SWAP = 0.2
"""Probability of a swap per row (fuel, powertrain, waste treatment) or per yes/no answer."""

FUEL_SWAPS = {
    "natural_gas": "biogas",
    "biogas": "natural_gas",
    "hydrogen_grey": "hydrogen_green",
    "hydrogen_green": "hydrogen_grey",
    "hard_coal": "biomass",
}
POWERTRAIN_SWAPS = {"ice": "bev", "hev": "bev", "bev": "ice", "phev": "ice"}
TREATMENT_SWAPS = {
    "landfill": "recycling",
    "incineration": "energy_recovery",
    "energy_recovery": "incineration",
    "recycling": "landfill",
    "material_recovery": "energy_recovery",
    "reuse": "recycling",
}

# columns whose values are amounts: scaled by the row's factor (years, ids and codes are not)
_AMOUNTS = {
    name: [c.name for c in spec.columns if c.type in ("int", "float") and "year" not in c.name]
    for name, spec in TABLES.items()
}
_WHOLE_AREA = ("history",)
"""Tables scaled by the area's size factor only."""
_FLAGS = ("management", "smart_energy", "participation")
_TENANT_COLUMNS = ("tenant_id", "supplier_id", "receiver_id")


class SynthError(ValueError):
    """The synthetic areas cannot be written (e.g. the folder is not empty)."""


def example_areas() -> list[Path]:
    """Return the folders of the shipped example areas, sorted by id."""
    return sorted(p for p in areas_dir().iterdir() if (p / "area.yaml").is_file())


def synthesize(
    n: int, seed: int, out: str | Path, *, force: bool = False, examples: list[Path] | None = None
) -> list[Path]:
    """Write ``n`` synthetic area folders ``synth-<seed>-<number>`` into ``out``.

    Parameters
    ----------
    n : int
        How many areas (>= 1).
    seed : int
        The seed: the same seed gives byte-identical folders.
    out : str or Path
        The folder to write into; created if absent.
    force : bool
        Replace ``out`` when it exists and is not empty, and only when all it holds is
        synthetic areas gia synth wrote (anything else is refused, never deleted).
    examples : list of Path, optional
        Area folders to draw around (default: :func:`example_areas`).

    Returns
    -------
    list of Path
        The area folders written.

    Raises
    ------
    SynthError
        If ``n`` < 1, or ``out`` is not empty and ``force`` is not given, or ``out`` holds
        anything gia synth did not write.
    """
    if n < 1:
        raise SynthError(f"the number of areas must be at least 1, got {n}")
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        if not force:
            raise SynthError(f"{out} exists and is not empty: give --force to replace it")
        foreign = _not_synthetic(out)
        if foreign:
            raise SynthError(
                f"{out} holds what gia synth did not write ({foreign}): it is "
                "never replaced, even with --force; name another folder"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    bases = [_read_example(p) for p in (examples or example_areas())]
    paths = []
    for number in range(1, n + 1):
        rng = np.random.default_rng([seed, number])
        base = bases[int(rng.integers(len(bases)))]
        facts, tables = _draw(base, rng, seed, number)
        paths.append(_write(out / facts["id"], facts, tables))
    return paths


def _not_synthetic(out: Path) -> str | None:
    """The first entry of ``out`` that is not a synthetic area gia synth wrote, or None."""
    if out.is_symlink() or not out.is_dir():
        return out.name
    for entry in sorted(out.iterdir()):
        facts = entry / "area.yaml"
        if entry.is_symlink() or not entry.is_dir() or not entry.name.startswith("synth-"):
            return entry.name
        if not facts.is_file() or "SYNTHETIC area" not in facts.read_text("utf-8", "replace"):
            return entry.name
        if any(p.is_symlink() or not p.is_file() for p in entry.iterdir()):
            return entry.name
    return None


# ------------------------------------------------------------------------------ reading

Rows = list[dict[str, str]]


def _read_example(folder: Path) -> tuple[dict[str, Any], dict[str, Rows]]:
    """Return the example's area.yaml and its tables as text rows (the header as row 0)."""
    facts = load_yaml((folder / "area.yaml").read_text(encoding="utf-8"), max_bytes=MAX_YAML_BYTES)
    tables = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                rows = list(reader)
                tables[name] = [dict.fromkeys(reader.fieldnames or [], ""), *rows]
    return facts, tables


# ------------------------------------------------------------------------------ drawing


def _draw(
    base: tuple[dict[str, Any], dict[str, Rows]], rng: np.random.Generator, seed: int, number: int
) -> tuple[dict[str, Any], dict[str, Rows]]:
    facts = copy.deepcopy(base[0])  # keys in the example's order
    headers = {name: list(rows[0]) for name, rows in base[1].items()}
    tables = {name: [dict(r) for r in rows[1:]] for name, rows in base[1].items()}
    origin = facts["id"]
    size = float(rng.lognormal(0.0, SIZE_SIGMA))
    country = facts["country"] if rng.random() < KEEP_COUNTRY else str(rng.choice(COUNTRIES))
    if not _has_district_heat_factor(facts, tables, country):
        country = facts["country"]  # no factor is ever invented: the area stays where it was
    facts["id"] = f"synth-{seed}-{number:04d}"
    facts["name"] = f"Synthetic area {number} (seed {seed})"
    facts["location"] = f"synthetic, drawn around {origin}"
    facts["note"] = (
        f"SYNTHETIC area, not a real one: drawn by gia synth (seed {seed}, number "
        f"{number}) around the example area {origin}, country {country}, size "
        f"factor {size:.2f}. For calibrating the methodology only."
    )
    _move_country(facts, tables, country)
    _thin_tenants(tables, rng)
    _scale_facts(facts, size, rng)
    for name, rows in tables.items():
        for row in rows:
            factor = size if name in _WHOLE_AREA else size * float(rng.lognormal(0, ROW_SIGMA))
            _scale_row(name, row, factor)
            _swap_row(name, row, rng)
    _vary_waste_heat(tables.get("waste_heat", []), rng)
    _keep_surface_total(base[1].get("surfaces", [])[1:], tables.get("surfaces", []), size)
    for row in tables.get("energy", []):
        if row.get("metered") == "true" and rng.random() < SWAP:
            row["metered"] = "false"
    return facts, {name: [dict.fromkeys(headers[name], ""), *rows] for name, rows in tables.items()}


def _has_district_heat_factor(facts: dict[str, Any], tables: dict[str, Rows], country: str) -> bool:
    """Whether district heat, if the area buys any, has a factor in ``country``."""
    buys = any(r.get("carrier") == "district_heat" for r in tables.get("energy", []))
    own = (facts.get("district_heat") or {}).get("factor_t_per_mwh") is not None
    if not buys or own:
        return True
    return load_reference().district_heat(country, int(facts["reporting_year"])) is not None


def _move_country(facts: dict[str, Any], tables: dict[str, Rows], country: str) -> None:
    if country == facts["country"]:
        return
    old = facts["country"]
    facts["country"] = country
    for row in tables.get("contracts", []):
        if row.get("market") == old:
            row["market"] = country


def _thin_tenants(tables: dict[str, Rows], rng: np.random.Generator) -> None:
    """Leave out up to a third of the tenants (never all), with every row naming them."""
    ids = [r["tenant_id"] for r in tables.get("tenants", [])]
    if len(ids) < 3:
        return
    k = int(rng.integers(0, len(ids) // 3 + 1))
    gone = {ids[i] for i in rng.choice(len(ids), size=k, replace=False)}
    for name, rows in tables.items():
        tables[name] = [r for r in rows if not any(r.get(c) in gone for c in _TENANT_COLUMNS)]


LAND_ORDER = (
    ("developed_ha", "total_area_ha"),
    ("brownfield_ha", "developed_ha"),
    ("plots_in_use_ha", "plots_serviced_ha"),
)
"""Land keys that may not exceed another (validation), checked after each got its factor."""

TARGET_YEAR_SHIFTS = (-10, -5, 0, 0, 5, 10)
"""Years a net-zero target year may move by."""


def _scale_facts(facts: dict[str, Any], size: float, rng: np.random.Generator) -> None:
    for key in ("total_area_ha", "storage_mwh", "parking_spaces"):
        if isinstance(facts.get(key), int | float):
            facts[key] = round(facts[key] * size, 2 if key != "parking_spaces" else None)
    if isinstance(facts.get("charging_points"), int):
        facts["charging_points"] = round(
            facts["charging_points"] * size * rng.lognormal(0, ROW_SIGMA)
        )
    management = facts.get("management") or {}
    if isinstance(management.get("net_zero_target_year"), int):
        management["net_zero_target_year"] += int(rng.choice(TARGET_YEAR_SHIFTS))
    _scale_land(facts, size, rng)
    for section in _FLAGS:
        answers = facts.get(section) or {}
        for key, value in answers.items():
            if isinstance(value, bool) and rng.random() < SWAP / 2:
                answers[key] = not value


def _scale_land(facts: dict[str, Any], size: float, rng: np.random.Generator) -> None:
    """Give each land key its own factor; then no key exceeds the one that bounds it."""
    land = facts.get("land") or {}
    for key, value in land.items():
        if isinstance(value, int | float):
            land[key] = round(value * size * rng.lognormal(0, ROW_SIGMA / 2), 2)
    for key, bound in LAND_ORDER:
        limit = land.get(bound, facts.get(bound))
        if isinstance(land.get(key), int | float) and isinstance(limit, int | float):
            land[key] = min(land[key], limit)


def _scale_row(name: str, row: dict[str, str], factor: float) -> None:
    for column in _AMOUNTS.get(name, []):
        text = row.get(column, "")
        if text.strip():
            row[column] = _number(float(text) * factor, integer=_is_int(name, column))


def _is_int(table: str, column: str) -> bool:
    return TABLES[table].column(column).type == "int"


def _number(value: float, *, integer: bool) -> str:
    """Write an amount in the plain notation a spreadsheet shows (no exponent)."""
    if integer:
        return str(round(value))
    return f"{round(value, 3):.3f}".rstrip("0").rstrip(".")


_SWAPS: dict[str, tuple[str, dict[str, str]]] = {
    "energy": ("carrier", FUEL_SWAPS),
    "vehicles": ("powertrain", POWERTRAIN_SWAPS),
    "waste": ("treatment", TREATMENT_SWAPS),
}


def _swap_row(name: str, row: dict[str, str], rng: np.random.Generator) -> None:
    column, swaps = _SWAPS.get(name, ("", {}))
    if name == "energy" and row.get("unit") not in ENERGY_UNITS:
        return  # a fuel in t, m3 or l keeps its carrier: the unit fits no other
    if column and row.get(column) in swaps and rng.random() < SWAP:
        row[column] = swaps[row[column]]


def _keep_surface_total(before: Rows, after: Rows, size: float) -> None:
    """Scale the surfaces (each drawn with its own factor) to the example's sum × size.

    The surfaces' mix varies; their sum still matches total_area_ha (BW-1's tolerance).
    """
    total = sum(float(r["area_ha"]) for r in before if r.get("area_ha", "").strip()) * size
    drawn = sum(float(r["area_ha"]) for r in after if r.get("area_ha", "").strip())
    if drawn <= 0:
        return
    for row in after:
        if row.get("area_ha", "").strip():
            row["area_ha"] = _number(float(row["area_ha"]) * total / drawn, integer=False)


def _vary_waste_heat(rows: Rows, rng: np.random.Generator) -> None:
    """Move each tenant's recovered waste heat between none and all of the recoverable."""
    for row in rows:
        if row.get("recoverable_mwh", "").strip() and row.get("recovered_mwh", "").strip():
            recoverable = float(row["recoverable_mwh"])
            share = (
                min(1.0, float(row["recovered_mwh"]) / recoverable * rng.lognormal(0, 0.5))
                if recoverable > 0
                else 0.0
            )
            row["recovered_mwh"] = _number(recoverable * share, integer=False)


# ------------------------------------------------------------------------------ writing


def _write(folder: Path, facts: dict[str, Any], tables: dict[str, Rows]) -> Path:
    folder.mkdir()
    text = yaml.safe_dump(facts, sort_keys=False, allow_unicode=True, width=100)
    (folder / "area.yaml").write_text(text, encoding="utf-8", newline="\n")
    for name in sorted(tables):
        header, rows = list(tables[name][0]), tables[name][1:]
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
        (folder / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return folder
