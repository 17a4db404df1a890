"""The area's route to certification and its benchmarked production (methodology v1.1, C2).

The catalogue lists routes in order, each with a condition and the criteria mandatory on it
(:class:`gia.method.methodology.Route`); the first route whose condition holds applies, the last has
none. The one condition the catalogue can state is the share of the area's scope 1 emitted by
its **benchmarked tenants** (tenants with a row in ``production.csv``).

Hand check (az-cement): the clinker plant emits all but a few hundred tonnes of the area's
scope 1, far above the industrial route's share of 0.5, so the area is on the industrial route.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from gia.method.inventory import OPERATOR

if TYPE_CHECKING:
    from gia.method.criteria import Context

PRODUCTION_COLUMNS = [
    "tenant_id",
    "product",
    "tonnes",
    "benchmark_t_per_t",
    "benchmark_tco2e",
    "verification",
    "source",
]


@dataclass(frozen=True)
class RouteChoice:
    """The route that applies to an area, and why.

    Parameters
    ----------
    id : str
        Route id (results.json ``route``).
    title : str
        Display title.
    mandatory : list of str
        Criteria that must reach level 1 on this route (catalogue order).
    reason : str
        Why the area is on this route, with the numbers.
    benchmarked_share : float or None
        Share of scope 1 emitted by the benchmarked tenants (None: no production rows or no
        scope 1).
    """

    id: str
    title: str
    mandatory: list[str] = field(default_factory=list)
    reason: str = ""
    benchmarked_share: float | None = None


def benchmarked_production(ctx: Context) -> pd.DataFrame:
    """Return every production row with its benchmark (t CO2e per t) and tonnes × benchmark."""
    production = ctx.area.table("production")
    if production is None or production.empty:
        return pd.DataFrame(columns=PRODUCTION_COLUMNS)
    rows = []
    for _, p in production.iterrows():
        bench = ctx.ref.benchmark(p["product"])
        value = float(bench["benchmark_t_co2e_per_t"])
        rows.append(
            {
                "tenant_id": p["tenant_id"],
                "product": p["product"],
                "tonnes": float(p["tonnes"]),
                "benchmark_t_per_t": value,
                "benchmark_tco2e": float(p["tonnes"]) * value,
                "verification": bench["verification"],
                "source": bench["source"],
            }
        )
    return pd.DataFrame(rows, columns=PRODUCTION_COLUMNS)


def benchmarked_scope1(ctx: Context) -> pd.Series:
    """Return the inventory's scope 1 (t CO2e) of each benchmarked tenant."""
    production = ctx.area.table("production")
    tenants = ctx.inventory.tenants
    if production is None or production.empty:
        return pd.Series(dtype=float, name="scope1_tco2e")
    ids = list(dict.fromkeys(str(t) for t in production["tenant_id"]))
    return tenants.loc[[t for t in ids if t != OPERATOR], "scope1_tco2e"].astype(float)


def benchmarked_share(ctx: Context) -> float | None:
    """Return the benchmarked tenants' share of the area's scope 1 (None: nothing to share)."""
    production = ctx.area.table("production")
    total = ctx.inventory.scope1_tco2e
    if production is None or production.empty or total <= 0:
        return None
    return float(benchmarked_scope1(ctx).sum()) / total


def choose_route(ctx: Context) -> RouteChoice:
    """Return the first route of the catalogue whose condition holds for the area."""
    cat = ctx.catalogue
    share = benchmarked_share(ctx)
    for route in cat.routes:
        condition = route.condition
        mandatory = cat.mandatory_ids(route.id)
        if condition is None:
            if share is None:
                why = "no benchmarked production or no scope 1"
            elif len(cat.routes) > 1:
                why = (
                    f"benchmarked tenants emit {share:.1%} of scope 1, below every other "
                    "route's share"
                )
            else:
                why = "the only route of this methodology version"
            return RouteChoice(route.id, route.title, mandatory, why, share)
        minimum = condition.min_benchmarked_scope1_share
        if share is not None and (
            share >= minimum or abs(share - minimum) <= cat.tolerance * minimum
        ):
            return RouteChoice(
                route.id,
                route.title,
                mandatory,
                f"benchmarked tenants emit {share:.1%} of scope 1 (≥ {minimum:.0%})",
                share,
            )
    raise AssertionError("the catalogue's last route has no condition")  # pragma: no cover
