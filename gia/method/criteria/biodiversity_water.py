"""Biodiversity and water criteria: BW-1 biotope area factor, BW-2 alternative water."""

from __future__ import annotations

from gia.method.criteria.base import (
    Context,
    Measure,
    category_share,
    criterion,
    insufficient,
    share,
)


@criterion("BW-1")
def biotope_area_factor(ctx: Context) -> Measure:
    """BW-1: Σ surface area × weight / total area (area not described counts as sealed)."""
    surfaces = ctx.area.table("surfaces")
    if surfaces is None:
        return insufficient("surfaces.csv is absent (not reported)")
    weights = ctx.params("BW-1")["surface_weights"]
    table = surfaces.groupby("surface_type")["area_ha"].sum().reset_index()
    table["weight"] = table["surface_type"].map(weights).astype(float)
    table["weighted_ha"] = table["area_ha"] * table["weight"]
    total = ctx.area.facts.total_area_ha
    described = float(table["area_ha"].sum())
    return share(
        float(table["weighted_ha"].sum()),
        total,
        scale=1.0,
        what="total area",
        breakdown=table,
        **{
            "described (ha)": described,
            "not described, counted sealed (ha)": max(0.0, total - described),
        },
    )


@criterion("BW-2")
def alternative_water(ctx: Context) -> Measure:
    """BW-2: reused, recycled and harvested rainwater share of all water, %."""
    return category_share(
        ctx,
        "BW-2",
        "water",
        "source",
        "amount_m3",
        "alternative_sources",
        "all water",
        flag="alternative",
    )
