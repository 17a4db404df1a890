"""Circularity criteria: CS-1 waste recovery, CS-2 symbiosis, CS-3 avoided emissions."""

from __future__ import annotations

import pandas as pd

from gia.criteria import Context, Measure, category_share, criterion, insufficient, share
from gia.criteria.emissions import scope12_market
from gia.inventory import fuel_factor
from gia.schema import EXTERNAL


@criterion("CS-1")
def waste_recovery(ctx: Context) -> Measure:
    """CS-1: waste material-recovery rate (reuse, recycling, material recovery), %."""
    return category_share(ctx, "CS-1", "waste", "treatment", "amount_t",
                          "recovery_treatments", "all waste", flag="material_recovery")


def exchange_tenants(exchanges: pd.DataFrame) -> set[str]:
    """Return the tenants named as supplier or receiver of an exchange (not ``external``)."""
    names = set(exchanges["supplier_id"]) | set(exchanges["receiver_id"])
    return {str(n) for n in names if n != EXTERNAL}


@criterion("CS-2")
def symbiosis_participation(ctx: Context) -> Measure:
    """CS-2: share of tenants in at least one symbiosis exchange, %."""
    exchanges = ctx.area.table("exchanges")
    if exchanges is None:
        return insufficient("exchanges.csv is absent (not reported)")
    tenants = ctx.area.table("tenants")
    taking_part = exchange_tenants(exchanges)
    breakdown = pd.DataFrame({"tenant_id": tenants["tenant_id"].to_numpy(),
                              "in_exchange": tenants["tenant_id"].isin(taking_part).to_numpy()})
    return share(float(breakdown["in_exchange"].sum()), float(len(tenants)),
                 what="the number of tenants", breakdown=breakdown)


def avoided_emissions(ctx: Context) -> tuple[pd.DataFrame, list[str]]:
    """Return each exchange's avoided emissions (t CO2e), how they were found, and warnings.

    ``avoided_tco2e`` where given; else, for an energy flow in MWh, kWh or GJ replacing a fuel,
    MWh × the fuel's factor / boiler efficiency; else 0, with a warning naming the row.
    """
    exchanges = ctx.area.table("exchanges")
    efficiency = ctx.params("CS-3")["boiler_efficiency"]
    gwp_set = ctx.catalogue.gwp_set
    rows, warnings = [], []
    factors: dict[str, float] = {}  # one factor per fuel, not per row
    for row, ex in exchanges.iterrows():
        if pd.notna(ex["avoided_tco2e"]):
            avoided, method = float(ex["avoided_tco2e"]), "stated (avoided_tco2e)"
        elif pd.notna(ex["mwh"]) and pd.notna(ex["replaces"]):
            if ex["replaces"] not in factors:
                factors[ex["replaces"]] = fuel_factor(ctx.ref.fuel(ex["replaces"]), ctx.ref,
                                                      gwp_set)
            factor = factors[ex["replaces"]]
            avoided = float(ex["mwh"]) * factor / efficiency
            method = f"{ex['mwh']:.6g} MWh × {factor:.6g} t/MWh ({ex['replaces']}) / {efficiency}"
        else:
            avoided, method = 0.0, "no factor: counted 0"
            warnings.append(f"exchanges.csv row {row} ({ex['exchange_id']}): no avoided-emission "
                            "factor; counted 0")
        rows.append({"exchange_id": ex["exchange_id"], "supplier_id": ex["supplier_id"],
                     "receiver_id": ex["receiver_id"], "kind": ex["kind"],
                     "resource": ex["resource"], "avoided_tco2e": avoided, "method": method})
    columns = ["exchange_id", "supplier_id", "receiver_id", "kind", "resource",
               "avoided_tco2e", "method"]
    return pd.DataFrame(rows, columns=columns), warnings


@criterion("CS-3")
def symbiosis_avoided_emissions(ctx: Context) -> Measure:
    """CS-3: emissions avoided by symbiosis / (scope 1 + scope 2 market-based), %."""
    if ctx.area.table("exchanges") is None:
        return insufficient("exchanges.csv is absent (not reported)")
    table, warnings = avoided_emissions(ctx)
    measure = share(float(table["avoided_tco2e"].sum()), scope12_market(ctx),
                    what="scope 1 + scope 2 market-based emissions", breakdown=table)
    measure.warnings = warnings
    return measure
