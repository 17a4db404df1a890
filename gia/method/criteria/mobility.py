"""Mobility criteria MO-1..MO-4.

MO-1 zero-emission vehicles, MO-2 charging points, MO-3 commuting, MO-4 low-carbon freight.
"""

from __future__ import annotations

from gia.method.criteria.base import (
    Context,
    Measure,
    category_share,
    criterion,
    insufficient,
    not_applicable,
    share,
)


@criterion("MO-1")
def zero_emission_vehicles(ctx: Context) -> Measure:
    """MO-1: zero-emission share (bev, fcev) of tenant and area vehicles, %."""
    vehicles = ctx.area.table("vehicles")
    if vehicles is None:
        return insufficient("vehicles.csv is absent (not reported)")
    params = ctx.params("MO-1")
    zero = params["zero_emission_powertrains"]
    table = (
        vehicles.pivot_table(
            index="vehicle_class", columns="powertrain", values="count", aggfunc="sum", fill_value=0
        )
        if len(vehicles)
        else None
    )
    if table is not None:
        table["counted"] = table.index.isin(params["counted_vehicle_classes"])
    counted = vehicles["vehicle_class"].isin(params["counted_vehicle_classes"])
    count = vehicles["count"].astype(float)
    return share(
        float(count[counted & vehicles["powertrain"].isin(zero)].sum()),
        float(count[counted].sum()),
        what="the number of counted (road) vehicles",
        breakdown=None if table is None else table.reset_index(),
        **{
            "vehicles counted": float(count[counted].sum()),
            "vehicles not counted (classes outside counted_vehicle_classes)": float(
                count[~counted].sum()
            ),
        },
    )


@criterion("MO-2")
def charging_points(ctx: Context) -> Measure:
    """MO-2: EV charging points per 100 parking spaces."""
    facts = ctx.area.facts
    if facts.parking_spaces is None or facts.charging_points is None:
        return insufficient("parking_spaces or charging_points is absent from area.yaml")
    return share(
        float(facts.charging_points),
        float(facts.parking_spaces),
        what="the number of parking spaces",
        **{"charging points": facts.charging_points, "parking spaces": facts.parking_spaces},
    )


@criterion("MO-3")
def sustainable_commuting(ctx: Context) -> Measure:
    """MO-3: commuting by public transport, bicycle, foot or car-pool, %."""
    return category_share(
        ctx,
        "MO-3",
        "commuting",
        "mode",
        "commuters",
        "sustainable_modes",
        "the number of commuters",
    )


@criterion("MO-4")
def low_carbon_freight(ctx: Context) -> Measure:
    """MO-4: freight tonnage moved by rail, ship or pipeline, %."""
    if ctx.area.facts.freight.none_declared:
        return not_applicable("the area declares no freight (freight.none_declared: true)")
    return category_share(
        ctx, "MO-4", "freight", "mode", "tonnes", "low_carbon_modes", "freight tonnage"
    )
