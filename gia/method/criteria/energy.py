"""Energy criteria EN-1..EN-6.

EN-1 renewable share, EN-2 on-site generation (self-supply since v1.1), EN-3 intensity
improvement, EN-4 smart-energy items, EN-5 waste-heat recovery, EN-6 electrification.
"""

from __future__ import annotations

import pandas as pd

from gia.data.facts import get_key
from gia.method.criteria.base import (
    Context,
    Measure,
    criterion,
    insufficient,
    not_applicable,
    share,
)


def contract_summary(ctx: Context) -> dict[str, float]:
    """Return the contracted MWh by verdict, for EN-1's details.

    Counted in EN-1 (after the cap), qualifying but above the cap, qualifying but of an
    instrument EN-1 does not count (unbundled ``go`` in v1.1), not qualifying (counted nowhere).
    """
    table = ctx.inventory.contracts
    counted = ctx.catalogue.accounting.renewable_instruments
    qualifying = table[table["qualifies"]]
    in_en1 = qualifying["instrument"].isin(list(counted))
    applied = ctx.inventory.total("contracted_applied_mwh")
    return {
        "contracts counted in EN-1, after the per-tenant cap (MWh)": applied,
        "qualifying contracts of counted instruments above the cap (MWh)": float(
            qualifying.loc[in_en1, "mwh"].sum()
        )
        - applied,
        "qualifying contracts not counted in EN-1, e.g. unbundled go (MWh)": float(
            qualifying.loc[~in_en1, "mwh"].sum()
        ),
        "contracts that do not qualify, counted nowhere (MWh)": float(
            table.loc[~table["qualifies"], "mwh"].sum()
        ),
    }


@criterion("EN-1")
def renewable_share(ctx: Context) -> Measure:
    """EN-1: renewable share of final energy consumption, %."""
    t = ctx.inventory.tenants
    breakdown = t[
        [
            "final_energy_mwh",
            "onsite_consumed_mwh",
            "renewable_fuels_mwh",
            "contracted_applied_mwh",
            "district_heat_renewable_mwh",
            "renewable_mwh",
        ]
    ]
    breakdown = breakdown[breakdown["final_energy_mwh"] > 0].reset_index()
    measure = share(
        ctx.inventory.renewable_mwh,
        ctx.inventory.final_energy_mwh,
        what="final energy consumption",
        breakdown=breakdown,
        **{
            "on-site generation consumed (MWh)": ctx.inventory.total("onsite_consumed_mwh"),
            "biomass, biogas, green hydrogen (MWh)": ctx.inventory.total("renewable_fuels_mwh"),
            "contracted renewable electricity (MWh)": ctx.inventory.total("contracted_applied_mwh"),
            "renewable district heat (MWh)": ctx.inventory.total("district_heat_renewable_mwh"),
            **contract_summary(ctx),
        },
    )
    measure.warnings = [w for w in ctx.inventory.warnings if w.startswith("contracts.csv")]
    contracts = ctx.inventory.contracts.copy()
    counted = ctx.catalogue.accounting.renewable_instruments
    contracts["counted_in_en1"] = contracts["qualifies"] & contracts["instrument"].isin(
        list(counted)
    )
    contracts["counted_in_scope2_market"] = contracts["qualifies"] & contracts["instrument"].isin(
        list(ctx.catalogue.accounting.market_based_instruments)
    )
    measure.tables["contracts"] = contracts
    return measure


@criterion("EN-2")
def onsite_generation_share(ctx: Context) -> Measure:
    """EN-2: on-site renewable electricity generation / area electricity consumption, %."""
    generation = ctx.area.table("generation")
    if generation is None:
        return insufficient("generation.csv is absent (not reported)")
    params = ctx.params("EN-2")
    electric = generation[
        generation["technology"].isin(ctx.catalogue.settings.electric_technologies)
    ]
    breakdown = electric[
        ["asset_id", "tenant_id", "technology", "generation_mwh", "exported_mwh"]
    ].reset_index(drop=True)
    exported = float(electric["exported_mwh"].fillna(0.0).sum())
    generated = float(electric["generation_mwh"].sum())
    # v1.0 counts exports in the numerator; v1.1 (self-supply) does not: catalogue parameter
    numerator = generated if params["exported_counts"] else generated - exported
    inv = ctx.inventory
    return share(
        numerator,
        inv.total("electricity_consumption_mwh"),
        what="area electricity consumption",
        breakdown=breakdown,
        **{
            "grid electricity (MWh)": inv.total("grid_electricity_mwh"),
            "on-site electricity consumed (MWh)": inv.total("onsite_electricity_consumed_mwh"),
            "on-site electricity exported (MWh)": exported,
            "exports counted in the numerator": bool(params["exported_counts"]),
        },
    )


def baseline(ctx: Context, columns: list[str], span: int) -> pd.Series | None:
    """Return the earliest history row with ``columns`` filled and year ≤ reporting − span.

    ``span`` is the criterion's catalogue parameter ``min_baseline_span_years`` (v1.0: 1, any
    year before the reporting year; v1.1: 2, so that one noisy year cannot make a rate).
    """
    history = ctx.area.table("history")
    if history is None:
        return None
    usable = history[
        (history["year"] <= ctx.area.reporting_year - span) & history[columns].notna().all(axis=1)
    ]
    if usable.empty:
        return None
    return usable.sort_values("year").iloc[0]


@criterion("EN-3")
def intensity_improvement(ctx: Context) -> Measure:
    """EN-3: energy-intensity improvement since the baseline year, %/yr (compound)."""
    span = ctx.params("EN-3")["min_baseline_span_years"]
    base = baseline(ctx, ["final_energy_mwh", "gva_eur"], span)
    if base is None:
        return insufficient(
            f"no history year at least {span} year(s) before the reporting year "
            "with final_energy_mwh and gva_eur"
        )
    inv = ctx.inventory
    year_now, year_base = ctx.area.reporting_year, int(base["year"])
    gva_now = inv.total("gva_eur")
    if gva_now == 0 or base["gva_eur"] == 0 or base["final_energy_mwh"] == 0:
        return insufficient("gross value added or baseline energy is zero")
    i_now = inv.final_energy_mwh / gva_now
    i_base = float(base["final_energy_mwh"]) / float(base["gva_eur"])
    if i_now == 0:
        return insufficient("final energy consumption is zero")
    years = year_now - year_base
    value = (1.0 - (i_now / i_base) ** (1.0 / years)) * 100.0
    breakdown = pd.DataFrame(
        {
            "year": [year_base, year_now],
            "final_energy_mwh": [float(base["final_energy_mwh"]), inv.final_energy_mwh],
            "gva_eur": [float(base["gva_eur"]), gva_now],
            "intensity_mwh_per_meur": [i_base * 1e6, i_now * 1e6],
        }
    )
    return Measure(
        value,
        details={
            "baseline year": year_base,
            "years": years,
            "I_base (MWh/M EUR)": i_base * 1e6,
            "I_now (MWh/M EUR)": i_now * 1e6,
        },
        breakdown=breakdown,
    )


@criterion("EN-4")
def smart_energy_items(ctx: Context) -> Measure:
    """EN-4: smart-energy items present, of 4."""
    facts = ctx.area.facts
    items = {
        "monitoring_platform": get_key(facts, "smart_energy.monitoring_platform"),
        "storage": None if facts.storage_mwh is None else facts.storage_mwh > 0,
        "demand_response": get_key(facts, "smart_energy.demand_response"),
        "energy_community": get_key(facts, "smart_energy.energy_community"),
    }
    wanted = ctx.params("EN-4")["items"]
    warnings = [
        f"{name} is absent from area.yaml: counted as not present"
        for name in wanted
        if items[name] is None
    ]
    present = [bool(items[name]) for name in wanted]
    breakdown = pd.DataFrame(
        {"item": wanted, "present": present, "reported": [items[n] is not None for n in wanted]}
    )
    return Measure(
        float(sum(present)),
        details={"items present": int(sum(present)), "items": len(wanted)},
        breakdown=breakdown,
        warnings=warnings,
    )


@criterion("EN-5")
def waste_heat_recovery(ctx: Context) -> Measure:
    """EN-5: waste-heat recovery rate, %."""
    heat = ctx.area.table("waste_heat")
    if heat is None:
        return insufficient("waste_heat.csv is absent (not reported)")
    recoverable = float(heat["recoverable_mwh"].sum())
    if recoverable == 0:
        return not_applicable("no recoverable waste heat is declared (waste_heat.csv sums to 0)")
    breakdown = heat.groupby("tenant_id")[["recoverable_mwh", "recovered_mwh"]].sum()
    return share(
        float(heat["recovered_mwh"].sum()),
        recoverable,
        what="recoverable waste heat",
        breakdown=breakdown.reset_index(),
    )


@criterion("EN-6")
def electrification(ctx: Context) -> Measure:
    """EN-6: area electricity consumption / final energy consumption, %."""
    inv = ctx.inventory
    return share(
        inv.total("electricity_consumption_mwh"),
        inv.final_energy_mwh,
        what="final energy consumption",
        **{
            "grid electricity (MWh)": inv.total("grid_electricity_mwh"),
            "on-site electricity consumed (MWh)": inv.total("onsite_electricity_consumed_mwh"),
            "final energy consumption (MWh)": inv.final_energy_mwh,
        },
    )
