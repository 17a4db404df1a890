"""Land criteria: LU-1 occupancy of serviced plots, LU-2 brownfield share."""

from __future__ import annotations

from gia.method.criteria.base import Context, Measure, criterion, insufficient, share


@criterion("LU-1")
def plot_occupancy(ctx: Context) -> Measure:
    """LU-1: plots in use / plots serviced, %."""
    land = ctx.area.facts.land
    if land.plots_in_use_ha is None or land.plots_serviced_ha is None:
        return insufficient("land.plots_in_use_ha or land.plots_serviced_ha is absent")
    return share(
        land.plots_in_use_ha,
        land.plots_serviced_ha,
        what="serviced plot area",
        **{
            "plots in use (ha)": land.plots_in_use_ha,
            "plots serviced (ha)": land.plots_serviced_ha,
        },
    )


@criterion("LU-2")
def brownfield_share(ctx: Context) -> Measure:
    """LU-2: previously developed (brownfield) share of developed land, %."""
    land = ctx.area.facts.land
    if land.brownfield_ha is None or land.developed_ha is None:
        return insufficient("land.brownfield_ha or land.developed_ha is absent")
    return share(
        land.brownfield_ha,
        land.developed_ha,
        what="developed land",
        **{"brownfield (ha)": land.brownfield_ha, "developed (ha)": land.developed_ha},
    )
