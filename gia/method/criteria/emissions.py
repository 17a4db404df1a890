"""Emission criteria EM-1, EM-2 and SB-1.

EM-1 GHG intensity of energy use, EM-2 GHG reduction since baseline, SB-1 scope 1 against the
EU ETS product benchmarks (since v1.1).
"""

from __future__ import annotations

import pandas as pd

from gia.method.criteria.base import (
    Context,
    Measure,
    criterion,
    insufficient,
    not_applicable,
    share,
)
from gia.method.criteria.energy import baseline
from gia.method.routes import benchmarked_production, benchmarked_scope1


def scope12_market(ctx: Context) -> float:
    """Return scope 1 + scope 2 market-based + upstream hydrogen, t CO2e.

    Purchased grey hydrogen's production emissions are in scope 2 or upstream, as the
    catalogue's ``accounting.hydrogen_production_emissions`` says; either way they count once.
    """
    return ctx.inventory.emissions_tco2e


@criterion("EM-1")
def ghg_intensity(ctx: Context) -> Measure:
    """EM-1: (scope 1 + scope 2 market-based) / final energy, t CO2e/MWh."""
    t = ctx.inventory.tenants
    breakdown = t[
        [
            "final_energy_mwh",
            "scope1_fuels_tco2e",
            "scope1_process_tco2e",
            "scope2_market_tco2e",
            "upstream_hydrogen_tco2e",
        ]
    ].copy()
    breakdown = breakdown[(breakdown != 0).any(axis=1)].reset_index()
    inv = ctx.inventory
    return share(
        scope12_market(ctx),
        inv.final_energy_mwh,
        scale=1.0,
        what="final energy consumption",
        breakdown=breakdown,
        **{
            "scope 1 (t CO2e)": inv.scope1_tco2e,
            "scope 2 market-based (t CO2e)": inv.scope2_market_tco2e,
            "upstream hydrogen (t CO2e)": inv.upstream_hydrogen_tco2e,
        },
    )


@criterion("EM-2")
def ghg_reduction(ctx: Context) -> Measure:
    """EM-2: linear GHG reduction since the baseline year, % of baseline per year."""
    span = ctx.params("EM-2")["min_baseline_span_years"]
    base = baseline(ctx, ["scope1_tco2e", "scope2_market_tco2e"], span)
    if base is None:
        return insufficient(
            f"no history year at least {span} year(s) before the reporting year "
            "with scope1_tco2e and scope2_market_tco2e"
        )
    e_base = float(base["scope1_tco2e"] + base["scope2_market_tco2e"])
    e_now = scope12_market(ctx)
    years = ctx.area.reporting_year - int(base["year"])
    breakdown = pd.DataFrame(
        {
            "year": [int(base["year"]), ctx.area.reporting_year],
            "scope1_tco2e": [float(base["scope1_tco2e"]), ctx.inventory.scope1_tco2e],
            "scope2_market_tco2e": [
                float(base["scope2_market_tco2e"]),
                ctx.inventory.scope2_market_tco2e,
            ],
            "upstream_hydrogen_tco2e": [None, ctx.inventory.upstream_hydrogen_tco2e],
        }
    )
    return share(
        (e_base - e_now) / years,
        e_base,
        what="baseline emissions",
        breakdown=breakdown,
        **{
            "baseline year": int(base["year"]),
            "years": years,
            "E_base (t CO2e)": e_base,
            "E_now (t CO2e)": e_now,
        },
    )


@criterion("SB-1")
def product_benchmark_ratio(ctx: Context) -> Measure:
    """SB-1: scope 1 of the benchmarked tenants / Σ tonnes × EU ETS benchmark (ratio)."""
    production = benchmarked_production(ctx)
    if production.empty:
        return not_applicable("no benchmarked production (production.csv absent or without rows)")
    scope1 = benchmarked_scope1(ctx)
    per_tenant = production.groupby("tenant_id", sort=False)[["tonnes", "benchmark_tco2e"]].sum()
    per_tenant["scope1_tco2e"] = scope1.reindex(per_tenant.index)
    per_tenant["ratio"] = per_tenant["scope1_tco2e"] / per_tenant["benchmark_tco2e"]
    route = ctx.route
    measure = share(
        float(scope1.sum()),
        float(production["benchmark_tco2e"].sum()),
        scale=1.0,
        what="benchmarked production × benchmark",
        breakdown=per_tenant.reset_index(),
        **{
            "benchmarked tenants": len(scope1),
            "scope 1 of the benchmarked tenants (t CO2e)": float(scope1.sum()),
            "scope 1 of the area (t CO2e)": ctx.inventory.scope1_tco2e,
            "production × benchmark (t CO2e)": float(production["benchmark_tco2e"].sum()),
            "route": "" if route is None else f"{route.id} ({route.reason})",
        },
    )
    measure.tables["production"] = production
    return measure
