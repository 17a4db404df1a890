"""The :class:`Area`: the facts of area.yaml plus one typed DataFrame per table.

An area comes from a folder (``area.yaml`` + CSV tables), from an ``.xlsx`` workbook, or by its
id under ``data/areas/``. Loading validates everything and raises
:class:`~gia.data.problems.AreaValidationError` with the whole report when anything is wrong; the
energy table gains a column ``mwh`` (every amount converted to MWh, NCV) and the exchanges table
a column ``mwh`` for energy flows given in MWh, kWh or GJ.

>>> area = load_area("lv-kaigu")
>>> area.id, area.country
('lv-kaigu', 'LV')
>>> "mwh" in area.table("energy").columns
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from gia.data.facts import AreaFacts

if TYPE_CHECKING:
    from gia.method.catalogue import Catalogue
from gia.data.problems import AreaValidationError, ValidationOutcome
from gia.data.readers import read_folder, read_workbook
from gia.data.reference import ReferenceFactors, load_reference
from gia.data.schema import ENERGY_UNITS, TABLES
from gia.data.units import mwh_per_unit
from gia.data.validation import energy_mwh, validate
from gia.paths import areas_dir


@dataclass
class Area:
    """One industrial area, validated.

    Parameters
    ----------
    facts : AreaFacts
        The facts of area.yaml.
    tables : dict of str to DataFrame or None
        Every table by name; None where the table is absent (*not reported*); an empty frame
        where it is present with a header only (*reported: none*).
    source : Path
        The folder or workbook it was loaded from.
    files : list of Path
        The input files.
    report : ValidationOutcome
        The warnings found while loading (there are no errors in a loaded area).
    """

    facts: AreaFacts
    tables: dict[str, pd.DataFrame | None]
    source: Path
    files: list[Path] = field(default_factory=list)
    report: ValidationOutcome = field(default_factory=lambda: ValidationOutcome(""))

    @property
    def id(self) -> str:
        """The area id."""
        return self.facts.id

    @property
    def country(self) -> str:
        """ISO 3166-1 alpha-2 country code."""
        return self.facts.country

    @property
    def reporting_year(self) -> int:
        """The reporting year."""
        return self.facts.reporting_year

    def table(self, name: str) -> pd.DataFrame | None:
        """Return table ``name``, or None when it is absent (not reported)."""
        if name not in TABLES:
            raise KeyError(f"no table '{name}'; tables are {', '.join(TABLES)}")
        return self.tables.get(name)

    def table_or_empty(self, name: str) -> pd.DataFrame:
        """Return table ``name``, or an empty frame with its columns when absent."""
        df = self.table(name)
        if df is None:
            return pd.DataFrame(columns=TABLES[name].column_names)
        return df

    def has(self, name: str) -> bool:
        """Whether table ``name`` was reported (present, possibly with no rows)."""
        return self.table(name) is not None


def resolve_source(source: str | Path) -> Path:
    """Return the folder or workbook that ``source`` names.

    ``source`` is a folder, an ``.xlsx`` file, or the id of an area under ``data/areas/``.

    Raises
    ------
    FileNotFoundError
        If it names none of them.
    """
    path = Path(source)
    if path.is_dir() or (path.is_file() and path.suffix.lower() == ".xlsx"):
        return path
    if path.exists():
        raise FileNotFoundError(f"{source}: an area is a folder or an .xlsx workbook")
    shipped = areas_dir() / str(source)
    if shipped.is_dir():
        return shipped
    raise FileNotFoundError(
        f"{source}: no such area folder, workbook, or area id under {areas_dir()}"
    )


def check_area(
    source: str | Path,
    ref: ReferenceFactors | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[Area | None, ValidationOutcome]:
    """Read and validate an area; never raises on bad data.

    Parameters
    ----------
    source : str or Path
        Area folder, ``.xlsx`` workbook, or id of a shipped example area.
    ref : ReferenceFactors, optional
        Reference factors (default: the project's).
    catalogue : Catalogue, optional
        The methodology whose choices validation reports against: the grid factor set and
        its fallback, the surfaces' tolerance (default: v1.1).

    Returns
    -------
    area, report
        ``area`` is None when the report has errors.
    """
    from gia.method.catalogue import load_catalogue

    ref = ref or load_reference()
    cat = catalogue or load_catalogue()
    path = resolve_source(source)
    raw = read_workbook(path) if path.is_file() else read_folder(path)
    facts, tables, report = validate(
        raw,
        ref,
        grid_set=cat.reference.grid_factor_set,
        fallback_set=cat.reference.grid_fallback_set,
        surface_tolerance=cat.settings.surface_sum_tolerance,
        uses=table_uses(cat),
    )
    if not report.ok or facts is None:
        return None, report
    _add_mwh(tables, ref)
    return Area(facts, tables, path, raw.files, report), report


def table_uses(catalogue: Catalogue) -> dict[str, list[str]]:
    """Return, per table, the ids of the catalogue's criteria that take it as an input."""
    uses: dict[str, list[str]] = {}
    for crit in catalogue.criteria:
        for item in crit.inputs:
            if item.endswith(".csv"):
                uses.setdefault(item.removesuffix(".csv"), []).append(crit.id)
    return uses


def load_area(
    source: str | Path, ref: ReferenceFactors | None = None, catalogue: Catalogue | None = None
) -> Area:
    """Load and validate an area.

    Parameters
    ----------
    source : str or Path
        Area folder, ``.xlsx`` workbook, or id of a shipped example area.
    ref : ReferenceFactors, optional
        Reference factors (default: the project's).
    catalogue : Catalogue, optional
        The methodology validation reports against (default: v1.1; see :func:`check_area`).

    Raises
    ------
    AreaValidationError
        With every problem, if the data has any error.
    """
    area, report = check_area(source, ref, catalogue)
    if area is None:
        raise AreaValidationError(report)
    return area


def _add_mwh(tables: dict[str, pd.DataFrame | None], ref: ReferenceFactors) -> None:
    energy = tables.get("energy")
    if energy is not None:
        energy["mwh"] = energy_mwh(energy, ref) if len(energy) else pd.Series(dtype=float)
    exchanges = tables.get("exchanges")
    if exchanges is not None:
        exchanges["mwh"] = [
            amount * mwh_per_unit(unit, "electricity_grid", ref)
            if kind == "energy" and unit in ENERGY_UNITS
            else float("nan")
            for amount, unit, kind in zip(
                exchanges["amount"], exchanges["unit"], exchanges["kind"], strict=True
            )
        ]
