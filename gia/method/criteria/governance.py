"""Governance criteria GM-1..GM-4.

GM-1 net-zero target, GM-2 energy management, GM-3 metering, GM-4 public participation (since
v1.1).
"""

from __future__ import annotations

import pandas as pd

from gia.data.facts import get_key
from gia.method.criteria.base import Context, Measure, criterion, insufficient, share
from gia.method.inventory import OPERATOR


def delivered_energy(ctx: Context) -> pd.DataFrame:
    """Return the energy rows with use = energy, with a ``tenant`` label (operator: blank)."""
    energy = ctx.inventory.energy
    return energy.assign(tenant=energy["tenant_id"].fillna(OPERATOR).astype(str))


@criterion("GM-1")
def net_zero_target_year(ctx: Context) -> Measure:
    """GM-1: the area's net-zero target year (lower is better)."""
    year = ctx.area.facts.management.net_zero_target_year
    if year is None:
        return insufficient(
            "no net-zero target year in area.yaml (management.net_zero_target_year)"
        )
    return Measure(
        float(year),
        details={"net-zero target year": year, "reporting year": ctx.area.reporting_year},
    )


def qualifying_tenants(ctx: Context) -> pd.DataFrame:
    """Return tenants with energy management for GM-2: ISO 50001, or a recent enough audit."""
    validity = ctx.params("GM-2")["audit_validity_years"]
    oldest = ctx.area.reporting_year - validity
    tenants = ctx.area.table("tenants")[["tenant_id", "energy_management", "audit_year"]].copy()
    tenants["qualifies"] = (tenants["energy_management"] == "iso50001") | (
        (tenants["energy_management"] == "audit") & (tenants["audit_year"] >= oldest)
    )
    return tenants


@criterion("GM-2")
def energy_management_share(ctx: Context) -> Measure:
    """GM-2: share of delivered energy used by tenants with energy management."""
    tenants = qualifying_tenants(ctx)
    energy = delivered_energy(ctx)
    per_tenant = energy.groupby("tenant")["mwh"].sum()
    table = tenants.set_index("tenant_id")
    table["delivered_mwh"] = per_tenant.reindex(table.index, fill_value=0.0)
    operator = per_tenant.get(OPERATOR, 0.0)
    if operator:
        # text column, even where no tenant declared a management (all blank: float NaN)
        table["energy_management"] = table["energy_management"].astype(object)
        table.loc[OPERATOR] = ["none", float("nan"), False, float(operator)]
    covered = float(table.loc[table["qualifies"].astype(bool), "delivered_mwh"].sum())
    total = float(energy["mwh"].sum())
    oldest = ctx.area.reporting_year - ctx.params("GM-2")["audit_validity_years"]
    return share(
        covered,
        total,
        what="delivered energy",
        breakdown=table.reset_index(names="tenant"),
        **{"oldest valid audit year": oldest},
    )


@criterion("GM-3")
def metered_share(ctx: Context) -> Measure:
    """GM-3: share of delivered energy that is metered, not estimated."""
    energy = delivered_energy(ctx)
    metered = energy["mwh"].where(energy["metered"].astype(bool), 0.0)
    table = pd.DataFrame(
        {
            "tenant": energy["tenant"],
            "metered_mwh": metered,
            "estimated_mwh": energy["mwh"] - metered,
        }
    )
    table = table.groupby("tenant", sort=False).sum().reset_index()
    # methodology §4: the operator's own rows (blank tenant_id) count in the denominator only
    counted = float(metered[energy["tenant_id"].notna()].sum())
    return share(
        counted,
        float(energy["mwh"].sum()),
        what="delivered energy",
        breakdown=table,
        **{
            "operator's metered energy, not counted (MWh)": float(
                metered[energy["tenant_id"].isna()].sum()
            )
        },
    )


@criterion("GM-4")
def participation_items(ctx: Context) -> Measure:
    """GM-4: public participation items present (area.yaml ``participation``), of 4."""
    wanted = ctx.params("GM-4")["items"]
    values = {name: get_key(ctx.area.facts, f"participation.{name}") for name in wanted}
    warnings = [
        f"participation.{name} is absent from area.yaml: counted as not present"
        for name in wanted
        if values[name] is None
    ]
    present = [bool(values[name]) for name in wanted]
    breakdown = pd.DataFrame(
        {"item": wanted, "present": present, "reported": [values[n] is not None for n in wanted]}
    )
    return Measure(
        float(sum(present)),
        details={"items present": int(sum(present)), "items": len(wanted)},
        breakdown=breakdown,
        warnings=warnings,
    )
