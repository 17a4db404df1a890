"""Circularity criteria: CS-1 waste recovery, CS-2 symbiosis, CS-3 avoided emissions."""

from __future__ import annotations

import pandas as pd

from gia.data.schema import EXTERNAL
from gia.method.criteria.base import (
    Context,
    Measure,
    category_share,
    criterion,
    insufficient,
    share,
)
from gia.method.criteria.emissions import scope12_market
from gia.method.inventory import fuel_factor


@criterion("CS-1")
def waste_recovery(ctx: Context) -> Measure:
    """CS-1: waste material-recovery rate (reuse, recycling, material recovery), %."""
    return category_share(
        ctx,
        "CS-1",
        "waste",
        "treatment",
        "amount_t",
        "recovery_treatments",
        "all waste",
        flag="material_recovery",
    )


def exchange_tenants(exchanges: pd.DataFrame, *, external_counts: bool = True) -> set[str]:
    """Return the tenants named as supplier or receiver of an exchange (not ``external``).

    With ``external_counts`` False, an exchange with ``external`` on one side names no tenant.
    """
    if not external_counts:
        inside = (exchanges["supplier_id"] != EXTERNAL) & (exchanges["receiver_id"] != EXTERNAL)
        exchanges = exchanges[inside]
    names = set(exchanges["supplier_id"]) | set(exchanges["receiver_id"])
    return {str(n) for n in names if n != EXTERNAL}


def symbiosis_rows(ctx: Context, criterion_id: str) -> tuple[pd.DataFrame, list[str]]:
    """Return the exchange rows that count as symbiosis flows, and a warning per unset flow.

    The criterion's parameter ``symbiosis_flows`` lists the counted values of ``flow``; null
    (v1.0) counts every row whatever its flow. A row without ``flow`` then counts nowhere,
    with a warning naming the row; ``product`` rows (ordinary sales) count nowhere.
    """
    exchanges = ctx.area.table("exchanges")
    flows = ctx.params(criterion_id)["symbiosis_flows"]
    if flows is None:
        return exchanges, []
    warnings = [
        f"exchanges.csv row {row} ({ex['exchange_id']}): no flow given; counts nowhere"
        for row, ex in exchanges.iterrows()
        if pd.isna(ex["flow"])
    ]
    return exchanges[exchanges["flow"].isin(flows)], warnings


def exchange_verdicts(ctx: Context, criterion_id: str, counted: pd.DataFrame) -> pd.DataFrame:
    """Return every exchange row with its flow and whether (or why not) it counts."""
    exchanges = ctx.area.table("exchanges")
    flows = ctx.params(criterion_id)["symbiosis_flows"]
    verdicts = []
    for row, ex in exchanges.iterrows():
        if row in counted.index:
            verdicts.append("counted")
        elif flows is not None and pd.isna(ex["flow"]):
            verdicts.append("no flow given: counts nowhere")
        elif flows is not None and ex["flow"] not in flows:
            verdicts.append(f"{ex['flow']}: not a symbiosis flow")
        else:
            verdicts.append("external partner: not counted")
    return pd.DataFrame(
        {
            "exchange_id": exchanges["exchange_id"].to_numpy(),
            "supplier_id": exchanges["supplier_id"].to_numpy(),
            "receiver_id": exchanges["receiver_id"].to_numpy(),
            "flow": exchanges["flow"].to_numpy(),
            "verdict": verdicts,
        }
    )


@criterion("CS-2")
def symbiosis_participation(ctx: Context) -> Measure:
    """CS-2: share of tenants in at least one symbiosis flow (with another tenant), %."""
    exchanges = ctx.area.table("exchanges")
    if exchanges is None:
        return insufficient("exchanges.csv is absent (not reported)")
    params = ctx.params("CS-2")
    rows, warnings = symbiosis_rows(ctx, "CS-2")
    external = bool(params["external_partners_count"])
    if not external:
        rows = rows[(rows["supplier_id"] != EXTERNAL) & (rows["receiver_id"] != EXTERNAL)]
    tenants = ctx.area.table("tenants")
    taking_part = exchange_tenants(rows, external_counts=external)
    breakdown = pd.DataFrame(
        {
            "tenant_id": tenants["tenant_id"].to_numpy(),
            "in_exchange": tenants["tenant_id"].isin(taking_part).to_numpy(),
        }
    )
    verdicts = exchange_verdicts(ctx, "CS-2", rows)
    measure = share(
        float(breakdown["in_exchange"].sum()),
        float(len(tenants)),
        what="the number of tenants",
        breakdown=breakdown,
        **{
            "exchange rows": len(exchanges),
            "rows counted": len(rows),
            "rows not counted": len(exchanges) - len(rows),
        },
    )
    measure.tables["exchanges"] = verdicts
    measure.warnings = warnings
    return measure


def avoided_emissions(ctx: Context) -> tuple[pd.DataFrame, list[str]]:
    """Return each exchange's avoided emissions (t CO2e), how they were found, and warnings.

    ``avoided_tco2e`` where given; else, for an energy flow in MWh, kWh or GJ replacing a fuel,
    MWh × the fuel's factor / boiler efficiency; else 0, with a warning naming the row.
    """
    exchanges, _ = symbiosis_rows(ctx, "CS-3")
    efficiency = ctx.params("CS-3")["boiler_efficiency"]
    gwp_set = ctx.catalogue.gwp_set
    rows, warnings = [], []
    factors: dict[str, float] = {}  # one factor per fuel, not per row
    for row, ex in exchanges.iterrows():
        if pd.notna(ex["avoided_tco2e"]):
            avoided, method = float(ex["avoided_tco2e"]), "stated (avoided_tco2e)"
        elif pd.notna(ex["mwh"]) and pd.notna(ex["replaces"]):
            if ex["replaces"] not in factors:
                factors[ex["replaces"]] = fuel_factor(
                    ctx.ref.fuel(ex["replaces"]), ctx.ref, gwp_set
                )
            factor = factors[ex["replaces"]]
            avoided = float(ex["mwh"]) * factor / efficiency
            method = f"{ex['mwh']:.6g} MWh × {factor:.6g} t/MWh ({ex['replaces']}) / {efficiency}"
        else:
            avoided, method = 0.0, "no factor: counted 0"
            warnings.append(
                f"exchanges.csv row {row} ({ex['exchange_id']}): no avoided-emission "
                "factor; counted 0"
            )
        rows.append(
            {
                "exchange_id": ex["exchange_id"],
                "supplier_id": ex["supplier_id"],
                "receiver_id": ex["receiver_id"],
                "kind": ex["kind"],
                "resource": ex["resource"],
                "avoided_tco2e": avoided,
                "method": method,
            }
        )
    columns = [
        "exchange_id",
        "supplier_id",
        "receiver_id",
        "kind",
        "resource",
        "avoided_tco2e",
        "method",
    ]
    return pd.DataFrame(rows, columns=columns), warnings


DENOMINATORS = ("emissions", "emissions_plus_avoided")
"""CS-3's catalogue parameter ``denominator``: E (v1.0) or A + E (v1.1)."""


@criterion("CS-3")
def symbiosis_avoided_emissions(ctx: Context) -> Measure:
    """CS-3: emissions avoided by symbiosis A relative to the area's emissions E, %.

    A / E, or A / (A + E), as the catalogue parameter ``denominator`` says; E = scope 1 +
    scope 2 market-based + upstream hydrogen.
    """
    if ctx.area.table("exchanges") is None:
        return insufficient("exchanges.csv is absent (not reported)")
    kind = ctx.params("CS-3")["denominator"]
    if kind not in DENOMINATORS:
        raise ValueError(
            f"CS-3 parameter denominator {kind!r}: expected one of {', '.join(DENOMINATORS)}"
        )
    _, flow_warnings = symbiosis_rows(ctx, "CS-3")
    table, warnings = avoided_emissions(ctx)
    avoided, own = float(table["avoided_tco2e"].sum()), scope12_market(ctx)
    if kind == "emissions":
        measure = share(
            avoided, own, what="scope 1 + scope 2 market-based emissions", breakdown=table
        )
    else:
        measure = share(
            avoided,
            avoided + own,
            breakdown=table,
            what="avoided + scope 1 + scope 2 market-based + upstream hydrogen",
            **{"avoided A (t CO2e)": avoided, "own emissions E (t CO2e)": own},
        )
    counted, _ = symbiosis_rows(ctx, "CS-3")
    measure.tables["exchanges"] = exchange_verdicts(ctx, "CS-3", counted)
    measure.warnings = flow_warnings + warnings
    return measure
