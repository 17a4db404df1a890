"""What-if scenarios for workshops: the levers a park manager has, and threshold changes.

Scenarios never touch the files: every lever is a pure function that changes a deep copy of the
loaded :class:`~gia.data.area.Area` (or of the :class:`~gia.method.catalogue.Catalogue`) and the
same :func:`gia.method.assessment.assess` scores it. Rows a lever adds carry ids that start with
``whatif-``, so that a saved scenario shows which rows are the scenario's. A lever that needs a
physical factor (PV's specific yield, wind's full-load hours, a heat pump's COP) takes it as an
argument: the defaults offered by the panel and ``gia next-level`` come from the area's own
generation assets (:func:`area_pv_yield`, :func:`area_wind_hours`) or from the user, never from
code. The widget panel is :mod:`gia.workshop.whatif_panel`, the search for the next level
:mod:`gia.workshop.nextlevel`, saving a scenario as an area :mod:`gia.workshop.scenario`.

>>> from gia.data.area import load_area
>>> area = load_area("lv-zemgale")
>>> round(area_pv_yield(area), 2)  # (3900 + 1150 + 380) MWh / (4 + 1.2 + 0.4) MWp
969.64
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from gia.data.area import Area
from gia.data.facts import SCENARIO_LEVERS
from gia.method.assessment import Assessment, assess
from gia.method.catalogue import Catalogue
from gia.method.inventory import OPERATOR

PREFIX = "whatif-"
"""Ids of the rows a lever adds start with this."""


def _append(area: Area, name: str, rows: list[dict]) -> None:
    if not rows:
        return
    table = area.table_or_empty(name)
    added = pd.DataFrame(rows)
    area.tables[name] = added if table.empty else pd.concat([table, added], ignore_index=True)


def _specific(area: Area, technology: str) -> float | None:
    gen = area.table_or_empty("generation")
    rows = gen[(gen["technology"] == technology) & (gen["capacity_kw"].fillna(0) > 0)]
    capacity_mw = float(rows["capacity_kw"].sum()) / 1000.0
    return float(rows["generation_mwh"].sum()) / capacity_mw if capacity_mw > 0 else None


def area_pv_yield(area: Area) -> float | None:
    """Return the specific yield (MWh per MWp) of the area's own PV, None without PV capacity."""
    return _specific(area, "pv")


def area_wind_hours(area: Area) -> float | None:
    """Return the full-load hours (MWh per MW) of the area's wind, None without wind capacity."""
    return _specific(area, "wind")


def _generation(area: Area, technology: str, mw: float, mwh: float) -> Area:
    """Add area-owned generation that displaces grid electricity, the surplus exported."""
    changed = copy.deepcopy(area)
    if mwh <= 0:
        return changed
    energy = changed.table("energy")
    grid = (energy["carrier"] == "electricity_grid") & (energy["use"] == "energy")
    total = float(energy.loc[grid, "mwh"].sum())
    used = min(float(mwh), total)
    if used > 0:
        keep = 1.0 - used / total
        energy.loc[grid, "amount"] = energy.loc[grid, "amount"] * keep
        energy.loc[grid, "mwh"] = energy.loc[grid, "mwh"] * keep
    gen = changed.table_or_empty("generation")
    n = sum(str(a).startswith(f"{PREFIX}{technology}") for a in gen["asset_id"])
    _append(
        changed,
        "generation",
        [
            {
                "asset_id": f"{PREFIX}{technology}-{n + 1}",
                "tenant_id": None,
                "technology": technology,
                "capacity_kw": mw * 1000.0 if mw > 0 else None,
                "generation_mwh": float(mwh),
                "exported_mwh": float(mwh) - used,
            }
        ],
    )
    return changed


def with_pv(area: Area, mwp: float, yield_mwh_per_mwp: float) -> Area:
    """Add ``mwp`` MWp of area-owned PV making ``mwp × yield`` MWh a year.

    The PV supplies the area: every grid-electricity row (use: energy) shrinks in proportion by
    the MWh generated, at most to zero; what the area cannot use is exported (EN-2 does not
    count it). Final energy consumption stays the same while the PV is used on site.

    >>> from gia.data.area import load_area
    >>> a = with_pv(load_area("lv-zemgale"), 2.0, 950.0)
    >>> row = a.table("generation").iloc[-1]
    >>> row["asset_id"], float(row["capacity_kw"]), float(row["generation_mwh"])
    ('whatif-pv-1', 2000.0, 1900.0)
    """
    return _generation(area, "pv", mwp, mwp * yield_mwh_per_mwp)


def with_wind(area: Area, mw: float, full_load_hours: float) -> Area:
    """Add ``mw`` MW of area-owned wind making ``mw × full_load_hours`` MWh (as :func:`with_pv`)."""
    return _generation(area, "wind", mw, mw * full_load_hours)


def open_grid_mwh(area: Area, instruments: Sequence[str], catalogue) -> pd.Series:
    """Return each tenant's grid electricity not yet covered by counted contracts.

    Contracts count when they qualify under the catalogue's contract quality rules and their
    instrument is one of ``instruments``; the index is the tenant id (operator: ``""``-free
    :data:`~gia.method.inventory.OPERATOR`).
    """
    from gia.method.contracts import counted_mwh, qualify_contracts

    energy = area.table("energy")
    grid = energy[(energy["carrier"] == "electricity_grid") & (energy["use"] == "energy")]
    per_tenant = grid.groupby(grid["tenant_id"].fillna(OPERATOR).astype(str))["mwh"].sum()
    verdicts, _ = qualify_contracts(
        area.table_or_empty("contracts"),
        area.country,
        area.reporting_year,
        catalogue.accounting.contract_quality,
    )
    counted = counted_mwh(verdicts, list(instruments))
    covered = (
        counted.groupby(counted["tenant_id"].fillna(OPERATOR).astype(str))["mwh"].sum()
        if len(counted)
        else pd.Series(dtype=float)
    )
    return (per_tenant - covered.reindex(per_tenant.index).fillna(0.0)).clip(lower=0.0)


def with_contracts(area: Area, share: float, instrument: str, catalogue) -> Area:
    """Cover ``share`` (0..1) of every tenant's open grid electricity with new contracts.

    ``instrument`` is ``ppa`` (bundled: counts wherever the catalogue's
    ``accounting.renewable_instruments`` name it, i.e. in the renewable share under v1.1) or
    ``go`` (unbundled certificates: only where ``accounting.market_based_instruments`` name it,
    scope 2 market-based). "Open" is the grid electricity not yet covered by contracts that count
    where this instrument counts. New rows are wind, market: the area's country, vintage: the
    reporting year, so that they qualify under the catalogue's contract quality rules.
    """
    changed = copy.deepcopy(area)
    if share <= 0:
        return changed
    acc = catalogue.accounting
    where = (
        acc.renewable_instruments
        if instrument in acc.renewable_instruments
        else acc.market_based_instruments
    )
    rows = [
        {
            "tenant_id": None if tenant == OPERATOR else tenant,
            "instrument": instrument,
            "mwh": float(mwh) * min(share, 1.0),
            "technology": "wind",
            "market": area.country,
            "vintage_year": area.reporting_year,
        }
        for tenant, mwh in open_grid_mwh(area, where, catalogue).items()
        if mwh > 0
    ]
    _append(changed, "contracts", rows)
    return changed


def with_heat_pumps(area: Area, share: float, cop: float) -> Area:
    """Replace ``share`` of every natural-gas row (use: energy) by heat pumps of ``cop``.

    The heat the boilers delivered is taken as the gas they burnt (boiler efficiency 1: the
    electricity needed is overstated by the boilers' losses, a conservative choice). For each gas
    row, ``share × MWh`` of gas goes out, ``share × MWh / cop`` of grid electricity comes in
    (same tenant, same metered flag) and the ambient heat ``share × MWh × (1 − 1/cop)`` is added
    as ``heat_pump_ambient`` generation of the tenant.
    """
    if cop <= 1:
        raise ValueError(f"COP {cop}: a heat pump's COP is above 1")
    changed = copy.deepcopy(area)
    share = min(max(share, 0.0), 1.0)
    energy = changed.table("energy")
    gas = (energy["carrier"] == "natural_gas") & (energy["use"] == "energy")
    if share == 0 or not gas.any():
        return changed
    out = energy.loc[gas, "mwh"] * share
    electricity = [
        {
            "tenant_id": energy.at[i, "tenant_id"],
            "carrier": "electricity_grid",
            "amount": mwh / cop,
            "unit": "MWh",
            "metered": energy.at[i, "metered"],
            "use": "energy",
            "basis": "ncv",
            "mwh": mwh / cop,
        }
        for i, mwh in out.items()
    ]
    energy.loc[gas, "amount"] = energy.loc[gas, "amount"] * (1 - share)
    energy.loc[gas, "mwh"] = energy.loc[gas, "mwh"] * (1 - share)
    _append(changed, "energy", electricity)
    ambient = out.groupby(energy.loc[gas, "tenant_id"].fillna(OPERATOR)).sum()
    _append(
        changed,
        "generation",
        [
            {
                "asset_id": f"{PREFIX}heat-pump-{tenant}",
                "tenant_id": None if tenant == OPERATOR else tenant,
                "technology": "heat_pump_ambient",
                "capacity_kw": None,
                "generation_mwh": mwh * (1 - 1 / cop),
                "exported_mwh": 0.0,
            }
            for tenant, mwh in ambient.items()
        ],
    )
    return changed


def with_electric_vehicles(
    area: Area, vehicle_class: str, share: float, zero_emission: Sequence[str]
) -> Area:
    """Make ``share`` of the class's vehicles that are not zero-emission battery-electric.

    ``round(share × n)`` (halves up) of the ``n`` vehicles of ``vehicle_class`` whose powertrain
    is not in ``zero_emission`` (the catalogue's MO-1 list) become ``bev``, taken row by row.
    The fuel those vehicles burn stays in energy.csv: the area data does not say which fuel
    rows are the fleet's.
    """
    changed = copy.deepcopy(area)
    vehicles = changed.table("vehicles")
    if vehicles is None:
        return changed
    rows = vehicles.index[
        (vehicles["vehicle_class"] == vehicle_class)
        & ~vehicles["powertrain"].isin(list(zero_emission))
    ]
    todo = math.floor(min(max(share, 0.0), 1.0) * vehicles.loc[rows, "count"].sum() + 0.5)
    added = []
    for i in rows:
        moved = min(int(vehicles.at[i, "count"]), todo)
        if moved:
            vehicles.at[i, "count"] = int(vehicles.at[i, "count"]) - moved
            added.append(
                {
                    "tenant_id": vehicles.at[i, "tenant_id"],
                    "vehicle_class": vehicle_class,
                    "powertrain": "bev",
                    "count": moved,
                }
            )
            todo -= moved
    _append(changed, "vehicles", added)
    return changed


def with_waste_heat_exchange(
    area: Area, supplier: str, receiver: str, mwh: float, boiler_efficiency: float
) -> Area:
    """Send ``mwh`` of the supplier's waste heat to the receiver, replacing its natural gas.

    Adds an exchange row (energy, ``surplus_energy``, replaces natural gas), raises the
    supplier's recovered waste heat by ``mwh`` (its recoverable heat at least that), and takes
    ``mwh / boiler_efficiency`` MWh of natural gas off the receiver's gas rows, in proportion,
    as much as it burns (``boiler_efficiency``: the catalogue's CS-3 parameter, the same
    assumption as the avoided emissions).
    """
    if supplier == receiver:
        raise ValueError("a waste-heat exchange needs two different tenants")
    changed = copy.deepcopy(area)
    if mwh <= 0:
        return changed
    n = sum(str(x).startswith(PREFIX) for x in changed.table_or_empty("exchanges")["exchange_id"])
    _append(
        changed,
        "exchanges",
        [
            {
                "exchange_id": f"{PREFIX}heat-{n + 1}",
                "supplier_id": supplier,
                "receiver_id": receiver,
                "kind": "energy",
                "resource": "waste heat (scenario)",
                "amount": float(mwh),
                "unit": "MWh",
                "replaces": "natural_gas",
                "avoided_tco2e": None,
                "flow": "surplus_energy",
                "mwh": float(mwh),
            }
        ],
    )
    heat = changed.table_or_empty("waste_heat")
    mine = heat["tenant_id"] == supplier
    if mine.any():
        first = heat.index[mine][0]
        heat.at[first, "recovered_mwh"] = heat.at[first, "recovered_mwh"] + mwh
        heat.at[first, "recoverable_mwh"] = max(
            heat.at[first, "recoverable_mwh"], heat.at[first, "recovered_mwh"]
        )
        changed.tables["waste_heat"] = heat
    else:
        _append(
            changed,
            "waste_heat",
            [{"tenant_id": supplier, "recoverable_mwh": float(mwh), "recovered_mwh": float(mwh)}],
        )
    energy = changed.table("energy")
    gas = (
        (energy["tenant_id"] == receiver)
        & (energy["carrier"] == "natural_gas")
        & (energy["use"] == "energy")
    )
    burnt = float(energy.loc[gas, "mwh"].sum())
    if burnt > 0:
        keep = 1 - min(mwh / boiler_efficiency, burnt) / burnt
        energy.loc[gas, "amount"] = energy.loc[gas, "amount"] * keep
        energy.loc[gas, "mwh"] = energy.loc[gas, "mwh"] * keep
    return changed


def with_waste_recovery(area: Area, rate_pct: float, recovery_treatments: Sequence[str]) -> Area:
    """Raise the waste material-recovery rate to ``rate_pct`` % by recycling more.

    Tonnes move from every row whose treatment is not in ``recovery_treatments`` (the
    catalogue's CS-1 list), in proportion, to a new ``recycling`` row of the same tenant and
    stream. A rate at or below today's changes nothing.
    """
    changed = copy.deepcopy(area)
    waste = changed.table("waste")
    if waste is None or waste.empty:
        return changed
    total = float(waste["amount_t"].sum())
    recovered = waste["treatment"].isin(list(recovery_treatments))
    rest = float(waste.loc[~recovered, "amount_t"].sum())
    move = min(
        rest, total * min(rate_pct, 100.0) / 100.0 - float(waste.loc[recovered, "amount_t"].sum())
    )
    if move <= 0 or rest <= 0:
        return changed
    added = [
        {
            "tenant_id": waste.at[i, "tenant_id"],
            "stream": waste.at[i, "stream"],
            "hazardous": waste.at[i, "hazardous"],
            "amount_t": waste.at[i, "amount_t"] * move / rest,
            "treatment": "recycling",
        }
        for i in waste.index[~recovered]
    ]
    waste.loc[~recovered, "amount_t"] = waste.loc[~recovered, "amount_t"] * (1 - move / rest)
    _append(changed, "waste", added)
    return changed


def with_charging_points(area: Area, added: float) -> Area:
    """Add ``added`` EV charging points (whole points, rounded halves up) to area.yaml's."""
    changed = copy.deepcopy(area)
    extra = math.floor(max(added, 0.0) + 0.5)
    if extra:
        changed.facts = changed.facts.model_copy(
            update={"charging_points": (changed.facts.charging_points or 0) + extra}
        )
    return changed


def with_green_floor_area(area: Area, m2: float, rating: str = "green_certified") -> Area:
    """Certify ``m2`` m² of floor area now rated ``none`` (BU-1), building by building.

    Buildings rated ``none`` are taken in file order; a building certified in part is split in
    two rows (the certified part gets the id ``whatif-<building_id>``).
    """
    changed = copy.deepcopy(area)
    buildings = changed.table("buildings")
    if buildings is None or m2 <= 0:
        return changed
    todo, added = float(m2), []
    for i in buildings.index[buildings["rating"] == "none"]:
        if todo <= 0:
            break
        floor = float(buildings.at[i, "floor_area_m2"])
        part = min(floor, todo)
        if part >= floor:
            buildings.at[i, "rating"] = rating
        else:
            buildings.at[i, "floor_area_m2"] = floor - part
            added.append(
                {
                    "building_id": f"{PREFIX}{buildings.at[i, 'building_id']}",
                    "tenant_id": buildings.at[i, "tenant_id"],
                    "floor_area_m2": part,
                    "rating": rating,
                }
            )
        todo -= part
    _append(changed, "buildings", added)
    return changed


SCENARIO_ASSET = "whatif-pv"
"""The asset id of :func:`with_extra_pv`'s row."""


def with_extra_pv(area: Area, mwh: float) -> Area:
    """Return a copy of ``area`` with ``mwh`` more area-owned PV generation, all used on site."""
    changed = copy.deepcopy(area)
    if mwh <= 0:
        return changed
    row = {
        "asset_id": SCENARIO_ASSET,
        "tenant_id": None,
        "technology": "pv",
        "capacity_kw": None,
        "generation_mwh": float(mwh),
        "exported_mwh": 0.0,
    }
    generation = changed.table_or_empty("generation")
    changed.tables["generation"] = pd.concat([generation, pd.DataFrame([row])], ignore_index=True)
    return changed


def with_renewable_contracts(area: Area, share: float, catalogue: Catalogue | None = None) -> Area:
    """Return a copy where ``share`` of every tenant's open grid electricity has new PPAs.

    :func:`with_contracts` with ``instrument="ppa"`` under ``catalogue`` (default: the
    project's).
    """
    from gia.method.catalogue import load_catalogue

    return with_contracts(area, share, "ppa", catalogue or load_catalogue())


@dataclass(frozen=True)
class Lever:
    """One lever of an area: its key, unit and range (``minimum`` is today's state)."""

    key: str
    unit: str
    minimum: float
    maximum: float
    step: float

    @property
    def label(self) -> str:
        """The lever's name for people (from the message table)."""
        from gia.messages import message

        key, _, vehicle_class = self.key.partition(":")
        return message(f"lever.{key}", vehicle_class=vehicle_class)

    @property
    def span(self) -> float:
        """The width of the lever's range."""
        return self.maximum - self.minimum


@dataclass(frozen=True)
class LeverSettings:
    """The factors the levers need: PV yield, wind full-load hours, COP, the exchange pair.

    ``None`` means not given: the lever that needs it is then not offered.
    """

    pv_yield_mwh_per_mwp: float | None = None
    wind_full_load_hours: float | None = None
    heat_pump_cop: float | None = None
    exchange_supplier: str | None = None
    exchange_receiver: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the settings that are given (for a scenario block or --json)."""
        return {k: v for k, v in asdict(self).items() if v is not None}


def default_settings(area: Area, **given: Any) -> LeverSettings:
    """Return the settings ``given``, the rest from the area where it has them.

    PV yield and wind full-load hours default to the area's own assets' (generation ÷
    capacity, to 0.1); the exchange pair to the tenant with the most unrecovered waste heat and the
    largest other natural-gas user. The COP is never defaulted: the user gives it.
    """
    values = {k: v for k, v in given.items() if v is not None}
    for key, own in (
        ("pv_yield_mwh_per_mwp", area_pv_yield(area)),
        ("wind_full_load_hours", area_wind_hours(area)),
    ):
        values.setdefault(key, None if own is None else round(own, 1))
    if "exchange_supplier" not in values:
        heat = area.table_or_empty("waste_heat")
        open_heat = (
            (heat["recoverable_mwh"] - heat["recovered_mwh"]).groupby(heat["tenant_id"]).sum()
        )
        if len(open_heat) and open_heat.max() > 0:
            values["exchange_supplier"] = str(open_heat.idxmax())
    if "exchange_receiver" not in values and "exchange_supplier" in values:
        gas = gas_mwh(area).drop(values["exchange_supplier"], errors="ignore")
        if len(gas) and gas.max() > 0:
            values["exchange_receiver"] = str(gas.idxmax())
    return LeverSettings(**values)


def gas_mwh(area: Area) -> pd.Series:
    """Return each tenant's natural gas (MWh, use: energy), the largest first."""
    energy = area.table("energy")
    gas = energy[(energy["carrier"] == "natural_gas") & (energy["use"] == "energy")]
    return (
        gas.groupby(gas["tenant_id"].fillna(OPERATOR).astype(str))["mwh"]
        .sum()
        .sort_values(ascending=False)
    )


def _energy_levers(area: Area, catalogue: Catalogue, s: LeverSettings, grid: float) -> list[Lever]:
    acc = catalogue.accounting
    out = []
    if s.pv_yield_mwh_per_mwp and grid > 0:
        out.append(Lever("pv_mwp", "MWp", 0.0, _nice(grid / s.pv_yield_mwh_per_mwp), 0.1))
    if s.wind_full_load_hours and grid > 0:
        out.append(Lever("wind_mw", "MW", 0.0, _nice(grid / s.wind_full_load_hours), 0.1))
    if open_grid_mwh(area, acc.renewable_instruments, catalogue).sum() > 0:
        out.append(Lever("ppa_pct", "%", 0.0, 100.0, 1.0))
    if open_grid_mwh(area, acc.market_based_instruments, catalogue).sum() > 0:
        out.append(Lever("go_pct", "%", 0.0, 100.0, 1.0))
    if s.heat_pump_cop and gas_mwh(area).sum() > 0:
        out.append(Lever("heat_pump_pct", "%", 0.0, 100.0, 1.0))
    if s.exchange_supplier and s.exchange_receiver:
        eff = catalogue.criterion("CS-3").parameters.get("boiler_efficiency")
        gas = float(gas_mwh(area).get(s.exchange_receiver, 0.0))
        if gas > 0 and eff:
            out.append(Lever("waste_heat_mwh", "MWh", 0.0, _nice(gas * eff), 10.0))
    return out


def _other_levers(area: Area, catalogue: Catalogue) -> list[Lever]:
    out = []
    zero = catalogue.criterion("MO-1").parameters["zero_emission_powertrains"]
    vehicles = area.table_or_empty("vehicles")
    fossil = vehicles[~vehicles["powertrain"].isin(list(zero))]
    for vehicle_class in sorted(set(fossil["vehicle_class"])):
        out.append(Lever(f"ev_pct:{vehicle_class}", "%", 0.0, 100.0, 1.0))
    waste = area.table_or_empty("waste")
    if len(waste) and waste["amount_t"].sum() > 0:
        treatments = catalogue.criterion("CS-1").parameters["recovery_treatments"]
        rate = (
            waste.loc[waste["treatment"].isin(treatments), "amount_t"].sum()
            / waste["amount_t"].sum()
            * 100.0
        )
        if rate < 100:
            out.append(Lever("waste_recovery_pct", "%", float(rate), 100.0, 0.5))
    facts = area.facts
    if facts.parking_spaces and (facts.charging_points or 0) < facts.parking_spaces:
        out.append(
            Lever(
                "charging_points",
                "points",
                0.0,
                float(facts.parking_spaces - (facts.charging_points or 0)),
                1.0,
            )
        )
    buildings = area.table_or_empty("buildings")
    unrated = float(buildings.loc[buildings["rating"] == "none", "floor_area_m2"].sum())
    if unrated > 0:
        out.append(Lever("green_floor_m2", "m²", 0.0, unrated, 100.0))
    return out


def _nice(value: float) -> float:
    """Round a range's upper end up to two significant digits (at least 1)."""
    if value <= 1:
        return 1.0
    scale = 10 ** (math.floor(math.log10(value)) - 1)
    return math.ceil(value / scale) * scale


def available_levers(area: Area, catalogue: Catalogue, settings: LeverSettings) -> list[Lever]:
    """Return the levers that can change ``area``, with their ranges.

    Ranges: PV and wind up to the capacity that makes the area's grid electricity in a year
    (beyond it, all is exported); contracts and heat pumps 0..100 % of what is open; each
    vehicle class with vehicles that are not zero-emission 0..100 % of them; waste recovery
    from today's rate to 100 %; charging points up to one per parking space; green floor area
    up to the floor area rated ``none``; the waste-heat exchange up to the heat that replaces
    all the receiver's gas. A
    lever with nothing to change (no gas, no waste table, …) is not offered.
    """
    energy = area.table("energy")
    grid = float(
        energy.loc[
            (energy["carrier"] == "electricity_grid") & (energy["use"] == "energy"), "mwh"
        ].sum()
    )
    return _energy_levers(area, catalogue, settings, grid) + _other_levers(area, catalogue)


def apply_levers(
    area: Area, catalogue: Catalogue, settings: LeverSettings, values: dict[str, float]
) -> Area:
    """Return a copy of ``area`` with every lever of ``values`` pulled (keys of :class:`Lever`).

    Levers are applied in one fixed order (generation, contracts, heat pumps, exchange,
    vehicles, waste, charging points, buildings), so a set of values gives one area. A value at
    a lever's "nothing" (0, or today's waste recovery rate) changes nothing.
    """
    s = settings
    a = area
    for key in values:
        if key.partition(":")[0] not in LEVER_KEYS:
            raise KeyError(f"unknown lever '{key}'; levers are {', '.join(LEVER_KEYS)}")
    get = values.get
    if get("pv_mwp"):
        a = with_pv(a, get("pv_mwp"), _needs(s.pv_yield_mwh_per_mwp, "pv_yield_mwh_per_mwp"))
    if get("wind_mw"):
        a = with_wind(a, get("wind_mw"), _needs(s.wind_full_load_hours, "wind_full_load_hours"))
    for key, instrument in (("ppa_pct", "ppa"), ("go_pct", "go")):
        if get(key):
            a = with_contracts(a, get(key) / 100.0, instrument, catalogue)
    if get("heat_pump_pct"):
        a = with_heat_pumps(
            a, get("heat_pump_pct") / 100.0, _needs(s.heat_pump_cop, "heat_pump_cop")
        )
    if get("waste_heat_mwh"):
        a = with_waste_heat_exchange(
            a,
            _needs(s.exchange_supplier, "exchange_supplier"),
            _needs(s.exchange_receiver, "exchange_receiver"),
            get("waste_heat_mwh"),
            catalogue.criterion("CS-3").parameters["boiler_efficiency"],
        )
    return _apply_other(a, catalogue, values)


def _apply_other(a: Area, catalogue: Catalogue, values: dict[str, float]) -> Area:
    zero = catalogue.criterion("MO-1").parameters["zero_emission_powertrains"]
    for key, value in sorted(values.items()):
        if key.startswith("ev_pct:") and value:
            a = with_electric_vehicles(a, key.partition(":")[2], value / 100.0, zero)
    if values.get("waste_recovery_pct") is not None:
        a = with_waste_recovery(
            a,
            values["waste_recovery_pct"],
            catalogue.criterion("CS-1").parameters["recovery_treatments"],
        )
    if values.get("charging_points"):
        a = with_charging_points(a, values["charging_points"])
    if values.get("green_floor_m2"):
        a = with_green_floor_area(a, values["green_floor_m2"])
    return a


def _needs(value: Any, name: str) -> Any:
    if value is None:
        raise ValueError(
            f"this lever needs {name} (gia: --pv-yield, --wind-hours, --cop, "
            "--exchange; the panel: its boxes): the area has no value for it"
        )
    return value


LEVER_KEYS: tuple[str, ...] = SCENARIO_LEVERS
"""Every lever (``ev_pct`` is per vehicle class: ``ev_pct:truck``)."""


def with_thresholds(
    catalogue: Catalogue, criterion_id: str, thresholds: Sequence[float]
) -> Catalogue:
    """Return a copy of ``catalogue`` with new thresholds for one criterion (validated)."""
    data = catalogue.to_yaml_dict()
    for entry in data["criteria"]:
        if entry["id"] == criterion_id:
            entry["thresholds"] = [float(t) for t in thresholds]
            break
    else:
        raise KeyError(criterion_id)
    return Catalogue.model_validate(data)


def scenario(
    area: Area, catalogue: Catalogue, *, extra_pv_mwh: float = 0.0, contract_share: float = 0.0
) -> Assessment:
    """Assess ``area`` with extra PV and renewable contracts under ``catalogue``."""
    changed = with_renewable_contracts(with_extra_pv(area, extra_pv_mwh), contract_share, catalogue)
    return assess(changed, catalogue)


def assess_levers(
    area: Area, catalogue: Catalogue, settings: LeverSettings, values: dict[str, float]
) -> Assessment:
    """Assess ``area`` with the levers ``values`` pulled (:func:`apply_levers`)."""
    return assess(apply_levers(area, catalogue, settings, values), catalogue)


def summary_line(a: Assessment, criteria: Sequence[str] = ("EN-1", "EM-1")) -> str:
    """Return one line: level, overall score and the named criteria's values and levels."""
    from gia.reports.scorecard_text import display_value

    overall = "n/a" if a.overall_score is None else f"{a.overall_score:.1f} %"
    parts = [f"level {a.level.replace('_', ' ')}", f"overall {overall}"]
    for cid in criteria:
        r = a.criterion(cid)
        parts.append(f"{cid} {display_value(r.value, r.unit)} {r.unit} (level {r.level})")
    return "; ".join(parts)
