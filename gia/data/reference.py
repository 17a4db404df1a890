"""Reference factor tables (fuels, grid electricity, residual mix, GWP, district heat).

The tables live in ``data/reference/`` with a ``source`` column on every row; this module is the
only one that reads them. A factor missing for the reporting year is taken from the nearest
earlier year, else the nearest later one, and the lookup says so in a warning; a country with no
factor at all is a :class:`ReferenceFactorError` naming the table and the factor. The ``EU`` rows
are for comparison only and are never a fallback.

>>> ref = load_reference()
>>> ref.fuel("natural_gas")["ncv_gj_per_t"]
48.0
>>> lookup = ref.grid_factor("LV", 2025, "direct", "lifecycle")
>>> lookup.value, lookup.year
(0.075, 2024)
>>> lookup.warning
'grid_electricity: no direct factor for LV 2025; 2024 used'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from gia.paths import reference_dir

TABLE_FILES: dict[str, str] = {
    "fuels": "fuels.csv",
    "grid_electricity": "grid_electricity.csv",
    "residual_mix": "residual_mix.csv",
    "gwp": "gwp.csv",
    "district_heat": "district_heat.csv",
    "product_benchmarks": "product_benchmarks.csv",
}
COMPARISON_ONLY = "EU"


class ReferenceFactorError(LookupError):
    """A factor the methodology needs is not in the reference tables."""


@dataclass(frozen=True)
class FactorLookup:
    """A factor taken from a reference table.

    Parameters
    ----------
    value : float
        The factor.
    year : int
        The year of the row used.
    source : str
        The row's source.
    table : str
        The table it came from.
    warning : str or None
        Set when the row is not the one asked for (another year, another factor set).
    """

    value: float
    year: int
    source: str
    table: str
    warning: str | None = None


class ReferenceFactors:
    """The reference tables of one folder, with the lookups the methodology needs.

    Parameters
    ----------
    folder : Path
        Folder holding the CSV files of :data:`TABLE_FILES`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.tables: dict[str, pd.DataFrame] = {}
        for key, name in TABLE_FILES.items():
            path = self.folder / name
            if not path.is_file():
                raise ReferenceFactorError(f"reference table {path} is missing")
            self.tables[key] = pd.read_csv(path, keep_default_na=False, na_values=[""])
        self.fuels = self.tables["fuels"].set_index("carrier")
        gwp = self.tables["gwp"]
        self._gas_keys: dict[str, str] = {}
        for gas, aliases in zip(gwp["gas"], gwp["aliases"].fillna(""), strict=True):
            self._gas_keys[gas] = gas
            for alias in str(aliases).split(";"):
                if alias.strip():
                    self._gas_keys[alias.strip()] = gas
        self._gwp = gwp.set_index("gas")
        self.product_benchmarks = self.tables["product_benchmarks"].set_index("product")
        self._lookups: dict[tuple, FactorLookup | None] = {}

    # ----------------------------------------------------------------------------- provenance
    def file_hashes(self) -> dict[str, str]:
        """Return the sha256 of every reference table, by file name."""
        return {
            name: hashlib.sha256((self.folder / name).read_bytes()).hexdigest()
            for name in TABLE_FILES.values()
        }

    # ---------------------------------------------------------------------------------- fuels
    def is_fuel(self, carrier: str) -> bool:
        """Whether ``carrier`` is a fuel of fuels.csv."""
        return carrier in self.fuels.index

    def fuel(self, carrier: str) -> pd.Series:
        """Return the fuels.csv row of ``carrier``."""
        if carrier not in self.fuels.index:
            raise ReferenceFactorError(f"fuels.csv: no row for carrier '{carrier}'")
        return self.fuels.loc[carrier]

    # ----------------------------------------------------------------------- product benchmarks
    @property
    def products(self) -> list[str]:
        """Every product of product_benchmarks.csv (the keys of ``production.csv``)."""
        return list(self.product_benchmarks.index)

    def benchmark(self, product: str) -> pd.Series:
        """Return the product_benchmarks.csv row of ``product`` (t CO2e per t, source, ...)."""
        if product not in self.product_benchmarks.index:
            raise ReferenceFactorError(f"product_benchmarks.csv: no row for product '{product}'")
        return self.product_benchmarks.loc[product]

    # ------------------------------------------------------------------------------------ gwp
    def gas_key(self, gas: str) -> str | None:
        """Return the gwp.csv key of a gas name or alias, or None if unknown."""
        return self._gas_keys.get(gas)

    @property
    def gas_names(self) -> list[str]:
        """Every gas key and alias of gwp.csv."""
        return sorted(self._gas_keys)

    def gwp(self, gas: str, gwp_set: str) -> float:
        """Return the GWP-100 of ``gas`` (key or alias) in ``gwp_set`` ('ar5' or 'ar6')."""
        key = self.gas_key(gas)
        if key is None:
            raise ReferenceFactorError(f"gwp.csv: no gas or alias '{gas}'")
        column = f"gwp100_{gwp_set}"
        if column not in self._gwp.columns:
            raise ReferenceFactorError(f"gwp.csv: no GWP set '{gwp_set}' (column {column})")
        return float(self._gwp.at[key, column])

    # ------------------------------------------------------------------------- by country/year
    def _nearest(
        self, table: str, column: str, country: str, year: int, what: str, **match: str
    ) -> FactorLookup | None:
        """The row of ``country`` nearest before ``year`` (else the earliest), remembered.

        The tables are read once and never change, and a :class:`FactorLookup` is frozen, so
        each lookup is computed once per reference folder (an assessment makes a few; a lineage
        trace or a sensitivity sweep makes them thousands of times).
        """
        key = (table, column, country, year, what, tuple(sorted(match.items())))
        if key not in self._lookups:
            self._lookups[key] = self._find_nearest(table, column, country, year, what, **match)
        return self._lookups[key]

    def _find_nearest(
        self, table: str, column: str, country: str, year: int, what: str, **match: str
    ) -> FactorLookup | None:
        df = self.tables[table]
        rows = df[(df["country"] == country) & df[column].notna()]
        for key, value in match.items():
            rows = rows[rows[key] == value]
        if rows.empty:
            return None
        years = rows["year"].astype(int)
        earlier = years[years <= year]
        chosen = int(earlier.max()) if not earlier.empty else int(years.min())
        row = rows[years == chosen].iloc[0]
        warning = None
        if chosen != year:
            warning = f"{table}: no {what} for {country} {year}; {chosen} used"
        return FactorLookup(float(row[column]), chosen, str(row["source"]), table, warning)

    @property
    def countries(self) -> list[str]:
        """The countries with a grid-electricity factor (EU excluded), sorted."""
        df = self.tables["grid_electricity"]
        return sorted(set(df["country"]) - {COMPARISON_ONLY})

    def has_country(self, country: str) -> bool:
        """Whether any grid-electricity factor exists for ``country`` (EU excluded)."""
        df = self.tables["grid_electricity"]
        return country != COMPARISON_ONLY and bool((df["country"] == country).any())

    def grid_factor(
        self, country: str, year: int, factor_set: str, fallback_set: str
    ) -> FactorLookup:
        """Return the grid factor (t CO2e/MWh) for location-based scope 2.

        Takes ``factor_set``; a country without a row in it uses ``fallback_set`` with a
        warning. A country in neither set is a :class:`ReferenceFactorError`.
        """
        if country == COMPARISON_ONLY:
            raise ReferenceFactorError(
                "grid_electricity: the EU row is for comparison only, not an area's country"
            )
        found = self._nearest(
            "grid_electricity",
            "grid_t_per_mwh",
            country,
            year,
            f"{factor_set} factor",
            factor_set=factor_set,
        )
        if found is not None:
            return found
        fallback = self._nearest(
            "grid_electricity",
            "grid_t_per_mwh",
            country,
            year,
            f"{fallback_set} factor",
            factor_set=fallback_set,
        )
        if fallback is None:
            raise ReferenceFactorError(
                f"grid_electricity: no grid factor for country '{country}' in any factor set"
            )
        note = (
            f"grid_electricity: no {factor_set} factor for {country}; "
            f"{fallback_set} factor {fallback.year} used"
        )
        return FactorLookup(fallback.value, fallback.year, fallback.source, fallback.table, note)

    def renewable_share(self, country: str, year: int, factor_set: str) -> FactorLookup:
        """Return the country's renewable share of generation (0..1), for IN-3."""
        found = self._nearest(
            "grid_electricity",
            "renewable_share",
            country,
            year,
            "renewable share",
            factor_set=factor_set,
        )
        if found is None or country == COMPARISON_ONLY:
            raise ReferenceFactorError(
                f"grid_electricity: no renewable share of generation for country '{country}'"
            )
        return found

    def residual_mix(self, country: str, year: int) -> FactorLookup | None:
        """Return the AIB residual mix (t CO2/MWh), or None where the country has none."""
        return self._nearest("residual_mix", "residual_t_per_mwh", country, year, "residual mix")

    def market_factor(self, country: str, year: int, grid: FactorLookup) -> FactorLookup:
        """Return the factor of market-based scope 2: the residual mix, else ``grid``.

        A country without a residual mix uses the grid factor, with a warning; a residual mix
        from another year carries the nearest-year warning.
        """
        mix = self.residual_mix(country, year)
        if mix is not None:
            return mix
        return FactorLookup(
            grid.value,
            grid.year,
            grid.source,
            grid.table,
            f"residual_mix: no residual mix for {country}; grid factor used "
            "for market-based scope 2",
        )

    def district_heat(self, country: str, year: int) -> FactorLookup | None:
        """Return the national district-heat factor (t CO2e/MWh), or None where none exists."""
        return self._nearest(
            "district_heat", "factor_t_per_mwh", country, year, "district-heat factor"
        )


@lru_cache(maxsize=8)
def _load_cached(folder: str) -> ReferenceFactors:
    return ReferenceFactors(Path(folder))


def load_reference(folder: str | Path | None = None) -> ReferenceFactors:
    """Load (once per folder) the reference factor tables.

    Parameters
    ----------
    folder : str or Path, optional
        Defaults to the project's ``data/reference/``.
    """
    return _load_cached(str(Path(folder or reference_dir()).resolve()))
