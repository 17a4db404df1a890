"""The energy and GHG inventory of an area, per tenant and in total.

Final energy, renewable energy, scope 1 (fuels with CO2, CH4 and N2O; process gases with their
GWP), scope 2 location- and market-based, and biogenic CO2, after methodology-v1 §4. Every factor
used is listed in :attr:`Inventory.factors`, every fallback is a warning.

Hand check (the example of the issue): 5,000,000 m3 of natural gas at 0.74 kg/m3 and 48 GJ/t is
49,333.3 MWh; with AR6 GWPs the fuel factor is (56.1 + 1/1000 × 29.8 + 0.1/1000 × 273) × 3.6 /
1000 = 0.2021656 t CO2e/MWh, so 9,973.5 t CO2e.

>>> from gia.data.reference import load_reference
>>> round(fuel_factor(load_reference().fuel("natural_gas"), load_reference(), "ar6"), 7)
0.2021656
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gia.data.area import Area
from gia.data.reference import ReferenceFactors
from gia.data.schema import RENEWABLE_CARRIERS
from gia.method.contracts import counted_mwh, qualify_contracts
from gia.method.methodology import Accounting
from gia.reports.results import InventoryTotals

OPERATOR = "(area operator)"
"""Label of rows with a blank tenant_id: the area operator's own use."""

KG_PER_GJ_TO_T_PER_MWH = 3.6 / 1000.0

TENANT_COLUMNS = [
    "employees",
    "gva_eur",
    "reports_energy",
    "delivered_energy_mwh",
    "grid_electricity_mwh",
    "district_heat_mwh",
    "fuels_mwh",
    "onsite_consumed_mwh",
    "onsite_electricity_consumed_mwh",
    "onsite_electricity_generated_mwh",
    "final_energy_mwh",
    "electricity_consumption_mwh",
    "contracted_mwh",
    "contracted_qualifying_mwh",
    "contracted_applied_mwh",
    "contracted_market_mwh",
    "renewable_fuels_mwh",
    "district_heat_renewable_mwh",
    "renewable_mwh",
    "renewable_physical_mwh",
    "scope1_fuels_tco2e",
    "scope1_process_tco2e",
    "scope1_tco2e",
    "scope2_location_tco2e",
    "scope2_market_tco2e",
    "upstream_hydrogen_tco2e",
    "biogenic_co2_t",
]


@dataclass
class Inventory:
    """The inventory of one area.

    Parameters
    ----------
    tenants : pandas.DataFrame
        One row per tenant of tenants.csv plus one for the area operator (:data:`OPERATOR`),
        columns :data:`TENANT_COLUMNS`.
    energy : pandas.DataFrame
        The energy rows with use = energy: mwh, fuel factor, scope 1, biogenic CO2 per row.
    factors : pandas.DataFrame
        Every factor used: name, value, unit, year, source.
    warnings : list of str
        Every fallback taken (another year, another factor set, no residual mix), and every
        contract row that does not qualify.
    contracts : pandas.DataFrame
        Every contract row with whether it qualifies and why not
        (:data:`gia.method.contracts.CONTRACT_COLUMNS`).
    """

    tenants: pd.DataFrame
    energy: pd.DataFrame
    factors: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    contracts: pd.DataFrame = field(default_factory=pd.DataFrame)

    def total(self, column: str) -> float:
        """Return the area total of a per-tenant column."""
        return float(self.tenants[column].sum())

    @property
    def final_energy_mwh(self) -> float:
        """Final energy consumption, MWh."""
        return self.total("final_energy_mwh")

    @property
    def renewable_mwh(self) -> float:
        """Renewable energy consumed (EN-1's numerator), MWh."""
        return self.total("renewable_mwh")

    @property
    def scope1_tco2e(self) -> float:
        """Scope 1, fuels and process emissions, t CO2e."""
        return self.total("scope1_tco2e")

    @property
    def scope2_location_tco2e(self) -> float:
        """Scope 2 location-based, t CO2e."""
        return self.total("scope2_location_tco2e")

    @property
    def scope2_market_tco2e(self) -> float:
        """Scope 2 market-based, t CO2e."""
        return self.total("scope2_market_tco2e")

    @property
    def upstream_hydrogen_tco2e(self) -> float:
        """Production emissions of purchased grey hydrogen reported as upstream, t CO2e.

        0 when the catalogue reports them in scope 2 (``hydrogen_production_emissions:
        scope2``).
        """
        return self.total("upstream_hydrogen_tco2e")

    @property
    def emissions_tco2e(self) -> float:
        """Scope 1 + scope 2 market-based + upstream hydrogen: the area's emissions, t CO2e.

        What EM-1, EM-2, CS-3 and IN-2 use; wherever the catalogue reports hydrogen's
        production emissions, they are counted once.
        """
        return self.scope1_tco2e + self.scope2_market_tco2e + self.upstream_hydrogen_tco2e

    @property
    def biogenic_co2_t(self) -> float:
        """Biogenic CO2 of biomass and biogas, t."""
        return self.total("biogenic_co2_t")

    def totals(self) -> InventoryTotals:
        """Return the totals of results.json's ``inventory`` section."""
        return InventoryTotals(
            final_energy_mwh=self.final_energy_mwh,
            scope1_tco2e=self.scope1_tco2e,
            scope2_location_tco2e=self.scope2_location_tco2e,
            scope2_market_tco2e=self.scope2_market_tco2e,
            upstream_hydrogen_tco2e=self.upstream_hydrogen_tco2e,
            biogenic_co2_t=self.biogenic_co2_t,
            renewable_mwh=self.renewable_mwh,
        )


def fuel_factor(fuel: pd.Series, ref: ReferenceFactors, gwp_set: str) -> float:
    """Return a fuel's scope 1 factor, t CO2e per MWh (NCV).

    (CO2 kg/GJ + CH4 kg/TJ / 1000 × GWP_CH4 + N2O kg/TJ / 1000 × GWP_N2O) × 3.6 / 1000, the CO2
    term left out for biogenic fuels (biomass, biogas), whose methane is CH4_biogenic.
    """
    biogenic = str(fuel["biogenic"]).lower() == "true"
    co2 = 0.0 if biogenic else float(fuel["co2_kg_per_gj"])
    ch4 = (
        float(fuel["ch4_kg_per_tj"])
        / 1000.0
        * ref.gwp("CH4_biogenic" if biogenic else "CH4_fossil", gwp_set)
    )
    n2o = float(fuel["n2o_kg_per_tj"]) / 1000.0 * ref.gwp("N2O", gwp_set)
    return (co2 + ch4 + n2o) * KG_PER_GJ_TO_T_PER_MWH


def biogenic_factor(fuel: pd.Series) -> float:
    """Return a fuel's biogenic CO2, t per MWh (0 for fossil fuels)."""
    if str(fuel["biogenic"]).lower() != "true":
        return 0.0
    return float(fuel["co2_kg_per_gj"]) * KG_PER_GJ_TO_T_PER_MWH


def production_factor(fuel: pd.Series) -> float:
    """Return the production emissions counted with an imported fuel, t CO2e/MWh (grey H2)."""
    value = fuel["production_t_co2e_per_mwh"]
    return 0.0 if pd.isna(value) else float(value)


def _by_tenant(df: pd.DataFrame, column: str, index: pd.Index) -> pd.Series:
    if df is None or df.empty:
        return pd.Series(0.0, index=index)
    keys = df["tenant_id"].fillna(OPERATOR).astype(str)
    summed = df[column].astype(float).groupby(keys.to_numpy()).sum()
    return summed.reindex(index, fill_value=0.0)


def compute_inventory(
    area: Area,
    ref: ReferenceFactors,
    *,
    gwp_set: str,
    grid_set: str,
    fallback_set: str,
    renewable_share_set: str,
    electric_technologies: tuple[str, ...],
    accounting: Accounting,
) -> Inventory:
    """Compute the inventory of ``area`` with the methodology choices of the catalogue.

    Every choice is a required argument: :func:`gia.method.assessment.build_context` passes the
    catalogue's (GWP set, factor sets, EN-2's electric technologies), so no default in code
    can drift from the catalogue.

    Parameters
    ----------
    area : Area
        A validated area.
    ref : ReferenceFactors
        The reference factor tables.
    gwp_set : {"ar5", "ar6"}
        GWP-100 values used (the catalogue's choice).
    grid_set, fallback_set : str
        Grid factor set for location-based scope 2, and the one used where a country has none.
    renewable_share_set : str
        Rows of grid_electricity.csv that carry the country's renewable share (IN-3).
    electric_technologies : tuple of str
        Generation technologies that make electricity (the catalogue's EN-2 parameter), for
        the area's electricity consumption.
    accounting : Accounting
        The catalogue's accounting rules: which contract rows qualify, which instruments count
        in the renewable share and in scope 2 market-based, and where purchased hydrogen's
        production emissions are reported.

    Returns
    -------
    Inventory
    """
    country, year = area.country, area.reporting_year
    warnings: list[str] = []
    factors: list[dict] = []

    tenants = area.table("tenants")
    index = pd.Index([*tenants["tenant_id"].astype(str), OPERATOR], name="tenant")

    # ------------------------------------------------------------------ energy rows (use=energy)
    energy_all = area.table("energy")
    energy, fuel_carriers = _energy_rows(energy_all, ref, gwp_set, factors)
    carriers = energy["carrier"]

    def carrier_sum(selected: pd.Series, column: str = "mwh") -> pd.Series:
        return _by_tenant(energy[selected], column, index)

    out = pd.DataFrame(index=index)
    out["employees"] = tenants.set_index("tenant_id")["employees"].reindex(index).fillna(0)
    out["gva_eur"] = tenants.set_index("tenant_id")["gva_eur"].reindex(index).fillna(0.0)
    out["reports_energy"] = index.isin(set(energy_all["tenant_id"].dropna().astype(str)))
    out["delivered_energy_mwh"] = _by_tenant(energy, "mwh", index)
    out["grid_electricity_mwh"] = carrier_sum(carriers == "electricity_grid")
    out["district_heat_mwh"] = carrier_sum(carriers == "district_heat")
    out["fuels_mwh"] = carrier_sum(carriers.isin(fuel_carriers))

    # ---------------------------------------------------------------- on-site generation
    generation = _generation(area)
    electric = generation["technology"].isin(electric_technologies)
    out["onsite_consumed_mwh"] = _by_tenant(generation, "consumed_mwh", index)
    out["onsite_electricity_consumed_mwh"] = _by_tenant(generation[electric], "consumed_mwh", index)
    out["onsite_electricity_generated_mwh"] = _by_tenant(
        generation[electric], "generation_mwh", index
    )
    out["final_energy_mwh"] = out["delivered_energy_mwh"] + out["onsite_consumed_mwh"]
    out["electricity_consumption_mwh"] = (
        out["grid_electricity_mwh"] + out["onsite_electricity_consumed_mwh"]
    )

    # ---------------------------------------------------------------- renewable energy
    contracts, contract_warnings = qualify_contracts(
        area.table_or_empty("contracts"), country, year, accounting.contract_quality
    )
    warnings.extend(contract_warnings)
    out["contracted_mwh"] = _by_tenant(contracts, "mwh", index)
    out["contracted_qualifying_mwh"] = _by_tenant(contracts[contracts["qualifies"]], "mwh", index)
    # per tenant, capped at its grid electricity (methodology §4); the renewable share counts
    # the catalogue's renewable instruments, scope 2 market-based its market-based ones
    out["contracted_applied_mwh"] = np.minimum(
        _by_tenant(counted_mwh(contracts, accounting.renewable_instruments), "mwh", index),
        out["grid_electricity_mwh"],
    )
    out["contracted_market_mwh"] = np.minimum(
        _by_tenant(counted_mwh(contracts, accounting.market_based_instruments), "mwh", index),
        out["grid_electricity_mwh"],
    )
    share = area.facts.district_heat.renewable_share if area.facts.district_heat else 0.0
    out["renewable_fuels_mwh"] = carrier_sum(carriers.isin(RENEWABLE_CARRIERS))
    out["district_heat_renewable_mwh"] = out["district_heat_mwh"] * share
    out["renewable_mwh"] = (
        out["onsite_consumed_mwh"]
        + out["renewable_fuels_mwh"]
        + out["contracted_applied_mwh"]
        + out["district_heat_renewable_mwh"]
    )

    # ---------------------------------------------------------------- scope 1
    out["scope1_fuels_tco2e"] = _by_tenant(energy, "scope1_tco2e", index)
    process = _process_emissions(area, ref, gwp_set, factors)
    out["scope1_process_tco2e"] = _by_tenant(process, "tco2e", index)
    out["scope1_tco2e"] = out["scope1_fuels_tco2e"] + out["scope1_process_tco2e"]
    out["biogenic_co2_t"] = _by_tenant(energy, "biogenic_co2_t", index)

    # ---------------------------------------------------------------- scope 2
    heat_and_h2 = pd.Series(0.0, index=index)
    if out["district_heat_mwh"].sum() > 0:
        heat_factor = _district_heat_factor(area, ref, factors, warnings)
        heat_and_h2 = heat_and_h2 + out["district_heat_mwh"] * heat_factor
    hydrogen = _by_tenant(energy, "production_tco2e", index)
    in_scope2 = accounting.hydrogen_production_emissions == "scope2"
    if in_scope2:
        heat_and_h2 = heat_and_h2 + hydrogen
    out["upstream_hydrogen_tco2e"] = 0.0 if in_scope2 else hydrogen

    grid = out["grid_electricity_mwh"]
    grid_lookup = ref.grid_factor(country, year, grid_set, fallback_set)
    factors.append(
        _factor(
            f"grid factor ({grid_set})",
            grid_lookup.value,
            "t CO2e/MWh",
            grid_lookup.year,
            grid_lookup.source,
        )
    )
    if grid_lookup.warning and grid.sum() > 0:
        warnings.append(grid_lookup.warning)
    market = ref.market_factor(country, year, grid_lookup)
    residual = market.value
    if market.table == "residual_mix":
        factors.append(
            _factor("residual mix (AIB)", market.value, "t CO2/MWh", market.year, market.source)
        )
    if market.warning and grid.sum() > 0:
        warnings.append(market.warning)
    out["scope2_location_tco2e"] = grid * grid_lookup.value + heat_and_h2
    out["scope2_market_tco2e"] = (grid - out["contracted_market_mwh"]).clip(
        lower=0.0
    ) * residual + heat_and_h2

    # ---------------------------------------------------------------- IN-3 physical view
    grid_share = _grid_renewable_share(
        area, ref, renewable_share_set, grid.sum() > 0, factors, warnings
    )
    out["renewable_physical_mwh"] = (
        out["onsite_consumed_mwh"]
        + out["renewable_fuels_mwh"]
        + grid * grid_share
        + out["district_heat_renewable_mwh"]
    )

    energy = energy.drop(columns=["tenant"])
    return Inventory(out[TENANT_COLUMNS], energy, pd.DataFrame(factors), warnings, contracts)


def _energy_rows(
    energy_all: pd.DataFrame, ref: ReferenceFactors, gwp_set: str, factors: list[dict]
) -> tuple[pd.DataFrame, list[str]]:
    """The energy rows (use = energy) with each row's scope 1, biogenic and production figures.

    Returns the rows and the fuel carriers among them; the fuel factors used go to ``factors``.
    """
    energy = energy_all[energy_all["use"] == "energy"].copy()
    fuel_carriers = sorted(c for c in set(energy["carrier"]) if ref.is_fuel(c))
    row_factor, row_biogenic, row_production = {}, {}, {}
    for carrier in fuel_carriers:
        fuel = ref.fuel(carrier)
        row_factor[carrier] = fuel_factor(fuel, ref, gwp_set)
        row_biogenic[carrier] = biogenic_factor(fuel)
        row_production[carrier] = production_factor(fuel)
        factors.append(
            _factor(
                f"fuel factor {carrier} ({gwp_set.upper()})",
                row_factor[carrier],
                "t CO2e/MWh",
                None,
                str(fuel["source"]),
            )
        )
        if row_production[carrier]:
            factors.append(
                _factor(
                    f"production factor {carrier}",
                    row_production[carrier],
                    "t CO2e/MWh",
                    None,
                    str(fuel["source"]),
                )
            )
    carriers = energy["carrier"]
    energy["fuel_factor_t_per_mwh"] = carriers.map(row_factor).fillna(0.0).astype(float)
    energy["scope1_tco2e"] = energy["mwh"] * energy["fuel_factor_t_per_mwh"]
    energy["biogenic_co2_t"] = energy["mwh"] * carriers.map(row_biogenic).fillna(0.0)
    energy["production_tco2e"] = energy["mwh"] * carriers.map(row_production).fillna(0.0)
    energy["tenant"] = energy["tenant_id"].fillna(OPERATOR).astype(str)
    return energy, fuel_carriers


def _generation(area: Area) -> pd.DataFrame:
    """The on-site generation rows with the MWh consumed on site (generated − exported)."""
    generation = area.table_or_empty("generation").copy()
    if len(generation):
        generation["consumed_mwh"] = generation["generation_mwh"] - generation[
            "exported_mwh"
        ].fillna(0.0)
    else:
        generation["consumed_mwh"] = pd.Series(dtype=float)
    return generation


def _process_emissions(
    area: Area, ref: ReferenceFactors, gwp_set: str, factors: list[dict]
) -> pd.DataFrame:
    """The process emission rows in t CO2e (amount × GWP-100); the GWPs go to ``factors``."""
    process = area.table_or_empty("process_emissions").copy()
    if not len(process):
        process["tco2e"] = pd.Series(dtype=float)
        return process
    gwps = {gas: ref.gwp(gas, gwp_set) for gas in set(process["gas"])}
    process["gwp"] = process["gas"].map(gwps).astype(float)
    process["tco2e"] = process["amount_t"] * process["gwp"]
    for gas, value in sorted(gwps.items()):
        factors.append(
            _factor(f"GWP-100 {gas} ({gwp_set.upper()})", value, "t CO2e/t", None, "gwp.csv")
        )
    return process


def _district_heat_factor(
    area: Area, ref: ReferenceFactors, factors: list[dict], warnings: list[str]
) -> float:
    """The supplier's district heat factor from area.yaml, else the national one."""
    own = area.facts.district_heat.factor_t_per_mwh if area.facts.district_heat else None
    if own is not None:
        factors.append(
            _factor(
                "district heat factor (supplier, area.yaml)",
                own,
                "t CO2e/MWh",
                area.reporting_year,
                "area.yaml district_heat",
            )
        )
        return own
    lookup = ref.district_heat(area.country, area.reporting_year)
    factors.append(
        _factor(
            "district heat factor (national)",
            lookup.value,
            "t CO2e/MWh",
            lookup.year,
            lookup.source,
        )
    )
    if lookup.warning:
        warnings.append(lookup.warning)
    return lookup.value  # validation guarantees a factor exists


def _grid_renewable_share(
    area: Area,
    ref: ReferenceFactors,
    share_set: str,
    uses_grid: bool,
    factors: list[dict],
    warnings: list[str],
) -> float:
    """The country's renewable share of generation (IN-3), NaN with a warning if none."""
    try:
        lookup = ref.renewable_share(area.country, area.reporting_year, share_set)
    except LookupError as exc:
        warnings.append(str(exc))
        return float("nan")
    factors.append(
        _factor(
            "renewable share of generation", lookup.value, "fraction", lookup.year, lookup.source
        )
    )
    if lookup.warning and uses_grid:
        warnings.append(lookup.warning)
    return lookup.value


def _factor(name: str, value: float, unit: str, year: int | None, source: str) -> dict:
    return {"factor": name, "value": float(value), "unit": unit, "year": year, "source": source}
