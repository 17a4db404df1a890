"""Emission criteria: EM-1 GHG intensity of energy use, EM-2 GHG reduction since baseline."""

from __future__ import annotations

import pandas as pd

from gia.criteria import Context, Measure, criterion, insufficient, share
from gia.criteria.energy import baseline


def scope12_market(ctx: Context) -> float:
    """Return scope 1 + scope 2 market-based, t CO2e."""
    return ctx.inventory.scope1_tco2e + ctx.inventory.scope2_market_tco2e


@criterion("EM-1")
def ghg_intensity(ctx: Context) -> Measure:
    """EM-1: (scope 1 + scope 2 market-based) / final energy, t CO2e/MWh."""
    t = ctx.inventory.tenants
    breakdown = t[["final_energy_mwh", "scope1_fuels_tco2e", "scope1_process_tco2e",
                   "scope2_market_tco2e"]].copy()
    breakdown = breakdown[(breakdown != 0).any(axis=1)].reset_index()
    inv = ctx.inventory
    return share(scope12_market(ctx), inv.final_energy_mwh, scale=1.0,
                 what="final energy consumption", breakdown=breakdown,
                 **{"scope 1 (t CO2e)": inv.scope1_tco2e,
                    "scope 2 market-based (t CO2e)": inv.scope2_market_tco2e})


@criterion("EM-2")
def ghg_reduction(ctx: Context) -> Measure:
    """EM-2: linear GHG reduction since the baseline year, % of baseline per year."""
    base = baseline(ctx, ["scope1_tco2e", "scope2_market_tco2e"])
    if base is None:
        return insufficient("no history year before the reporting year with scope1_tco2e and "
                            "scope2_market_tco2e")
    e_base = float(base["scope1_tco2e"] + base["scope2_market_tco2e"])
    e_now = scope12_market(ctx)
    years = ctx.area.reporting_year - int(base["year"])
    breakdown = pd.DataFrame({"year": [int(base["year"]), ctx.area.reporting_year],
                              "scope1_tco2e": [float(base["scope1_tco2e"]),
                                               ctx.inventory.scope1_tco2e],
                              "scope2_market_tco2e": [float(base["scope2_market_tco2e"]),
                                                      ctx.inventory.scope2_market_tco2e]})
    return share((e_base - e_now) / years, e_base, what="baseline emissions",
                 breakdown=breakdown, **{"baseline year": int(base["year"]), "years": years,
                                         "E_base (t CO2e)": e_base, "E_now (t CO2e)": e_now})
