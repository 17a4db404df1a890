"""Buildings criterion BU-1 (theme land and buildings, since v1.1): green building floor area."""

from __future__ import annotations

from gia.method.criteria.base import Context, Measure, category_share, criterion


@criterion("BU-1")
def green_buildings(ctx: Context) -> Measure:
    """BU-1: floor area with a green-building certificate or the top energy class, %."""
    return category_share(
        ctx, "BU-1", "buildings", "rating", "floor_area_m2", "counted_ratings", "all floor area"
    )
