"""Informative indicators IN-1..IN-6: computed and reported, never scored."""

from __future__ import annotations

import math

from gia.method.criteria.base import Context, Measure, criterion, insufficient, share
from gia.method.criteria.emissions import scope12_market

PER_MILLION = 1e6


@criterion("IN-1")
def scope2_location(ctx: Context) -> Measure:
    """IN-1: scope 2 location-based, t CO2e."""
    t = ctx.inventory.tenants
    breakdown = t.loc[
        t["scope2_location_tco2e"] != 0,
        ["grid_electricity_mwh", "district_heat_mwh", "scope2_location_tco2e"],
    ]
    return Measure(ctx.inventory.scope2_location_tco2e, breakdown=breakdown.reset_index())


@criterion("IN-2")
def ghg_per_value_added(ctx: Context) -> Measure:
    """IN-2: scope 1 + scope 2 market-based + upstream hydrogen per million EUR of GVA."""
    gva = ctx.inventory.total("gva_eur")
    return share(
        scope12_market(ctx),
        gva / PER_MILLION,
        scale=1.0,
        what="gross value added",
        **{"GVA (M EUR)": gva / PER_MILLION},
    )


@criterion("IN-3")
def renewable_share_physical(ctx: Context) -> Measure:
    """IN-3: renewable share with grid electricity × the country's renewable share, %."""
    physical = ctx.inventory.total("renewable_physical_mwh")
    if math.isnan(physical):
        return insufficient(
            f"no renewable share of generation for {ctx.area.country} in grid_electricity.csv"
        )
    return share(
        ctx.inventory.total("renewable_physical_mwh"),
        ctx.inventory.final_energy_mwh,
        what="final energy consumption",
    )


@criterion("IN-4")
def fresh_water_intensity(ctx: Context) -> Measure:
    """IN-4: fresh-water withdrawal (municipal, groundwater, surface) per million EUR GVA."""
    water = ctx.area.table("water")
    if water is None:
        return insufficient("water.csv is absent (not reported)")
    fresh = ctx.params("IN-4")["fresh_sources"]
    gva = ctx.inventory.total("gva_eur")
    return share(
        float(water.loc[water["source"].isin(fresh), "amount_m3"].sum()),
        gva / PER_MILLION,
        scale=1.0,
        what="gross value added",
    )


@criterion("IN-5")
def biogenic_co2(ctx: Context) -> Measure:
    """IN-5: biogenic CO2 of biomass and biogas, t."""
    return Measure(ctx.inventory.biogenic_co2_t)


@criterion("IN-6")
def renewable_electricity_exported(ctx: Context) -> Measure:
    """IN-6: on-site renewable electricity exported (EN-2's electric technologies), MWh."""
    generation = ctx.area.table("generation")
    if generation is None:
        return insufficient("generation.csv is absent (not reported)")
    techs = ctx.catalogue.settings.electric_technologies
    electric = generation[generation["technology"].isin(techs)]
    return Measure(
        float(electric["exported_mwh"].fillna(0.0).sum()),
        breakdown=electric[
            ["asset_id", "technology", "generation_mwh", "exported_mwh"]
        ].reset_index(drop=True),
    )
