"""The what-if levers: each a pure function on a copy of the area, with hand-worked values.

The area is tests/fixtures/areas/mini-ok (its tables are quoted where the arithmetic uses them).
"""

from __future__ import annotations

import pandas as pd
import pytest

from gia.data.area import load_area
from gia.method.assessment import assess
from gia.method.catalogue import load_catalogue
from gia.paths import project_root
from gia.workshop.whatif import (
    LeverSettings,
    apply_levers,
    area_pv_yield,
    available_levers,
    default_settings,
    with_charging_points,
    with_contracts,
    with_electric_vehicles,
    with_green_floor_area,
    with_heat_pumps,
    with_pv,
    with_waste_heat_exchange,
    with_waste_recovery,
    with_wind,
)

MINI = project_root() / "tests" / "fixtures" / "areas" / "mini-ok"
ZERO = ("bev", "fcev")


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def area():
    return load_area(MINI)


@pytest.fixture(scope="module")
def before(area, cat):
    return assess(area, cat)


def grid_mwh(area) -> float:
    energy = area.table("energy")
    return float(energy.query("carrier == 'electricity_grid'")["mwh"].sum())


def test_pv_is_mwp_times_yield_and_displaces_grid_electricity(area, cat, before) -> None:
    inv = before.inventory
    # mini-ok's grid electricity: t1 5,200 + t2 950,000 kWh + operator 180 = 6,330 MWh
    assert grid_mwh(area) == pytest.approx(6330.0)
    changed = with_pv(area, 2.0, 950.0)  # 2 MWp × 950 MWh/MWp = 1,900 MWh, all used
    assert grid_mwh(changed) == pytest.approx(6330.0 - 1900.0)
    assert changed.table("generation").iloc[-1]["exported_mwh"] == 0.0
    after = assess(changed, cat)
    assert after.inventory.final_energy_mwh == pytest.approx(inv.final_energy_mwh)
    assert after.criterion("EN-1").value == pytest.approx(
        (inv.renewable_mwh + 1900) / inv.final_energy_mwh * 100
    )
    # 10 MWp × 950 = 9,500 MWh: 6,330 replace the grid, 3,170 are exported
    big = with_pv(area, 10.0, 950.0)
    assert grid_mwh(big) == pytest.approx(0.0)
    assert big.table("generation").iloc[-1]["exported_mwh"] == pytest.approx(3170.0)
    # mini-ok's own PV: (480 + 190) MWh / (0.5 + 0.2) MWp
    assert area_pv_yield(area) == pytest.approx(670 / 0.7)
    assert len(area.table("generation")) == 2  # the loaded area is untouched


def test_wind_is_mw_times_full_load_hours(area) -> None:
    changed = with_wind(area, 3.0, 2000.0)
    row = changed.table("generation").iloc[-1]
    assert (row["technology"], row["capacity_kw"], row["generation_mwh"]) == (
        "wind",
        3000.0,
        6000.0,
    )
    assert grid_mwh(changed) == pytest.approx(330.0)  # 6,330 − 6,000


def test_bundled_ppas_count_in_en1_unbundled_gos_only_in_scope2(area, cat, before) -> None:
    # v1.1: mini-ok's contracts have no market or vintage, so none qualifies; the open grid
    # electricity is t1 5,200, t2 950,000 kWh = 950, operator 180 MWh
    ppa = with_contracts(area, 0.5, "ppa", cat).table("contracts").iloc[2:]
    assert sorted(ppa["mwh"].tolist()) == pytest.approx([90.0, 475.0, 2600.0])
    assert set(ppa["market"]) == {"LV"} and set(ppa["vintage_year"]) == {2024}
    with_ppa = assess(with_contracts(area, 0.5, "ppa", cat), cat)
    assert with_ppa.inventory.renewable_mwh == pytest.approx(
        before.inventory.renewable_mwh + 3165.0
    )
    with_go = assess(with_contracts(area, 1.0, "go", cat), cat)
    assert with_go.inventory.renewable_mwh == pytest.approx(before.inventory.renewable_mwh)
    assert with_go.inventory.tenants["contracted_market_mwh"].sum() == pytest.approx(6330.0)
    assert with_go.inventory.scope2_market_tco2e < before.inventory.scope2_market_tco2e


def test_heat_pumps_take_gas_out_and_electricity_in_at_the_cop(area, cat, before) -> None:
    gas = float(area.table("energy").query("carrier == 'natural_gas'")["mwh"].sum())
    changed = with_heat_pumps(area, 0.5, 3.0)
    energy = changed.table("energy")
    # half the gas out; gas/2 / 3 of electricity in; the ambient heat gas/2 × (1 − 1/3)
    assert energy.query("carrier == 'natural_gas'")["mwh"].sum() == pytest.approx(gas / 2)
    assert energy.iloc[-1]["mwh"] == pytest.approx(gas / 6)
    ambient = changed.table("generation").query("technology == 'heat_pump_ambient'")
    assert ambient["generation_mwh"].sum() == pytest.approx(gas / 3)
    after = assess(changed, cat)
    # gas/2 + gas/6 + gas/3 = gas: final energy unchanged, renewable + gas/3
    assert after.inventory.final_energy_mwh == pytest.approx(before.inventory.final_energy_mwh)
    assert after.inventory.renewable_mwh == pytest.approx(before.inventory.renewable_mwh + gas / 3)
    with pytest.raises(ValueError, match="COP"):
        with_heat_pumps(area, 0.5, 0.9)


def test_electrifying_a_share_of_a_vehicle_class(area, cat, before) -> None:
    # counted: 12 ice trucks, 4 bev vans, 2 bev cars: 6 / 18 = 33.3 %
    assert before.criterion("MO-1").value == pytest.approx(100 * 6 / 18)
    half = with_electric_vehicles(area, "truck", 0.5, ZERO)
    assert assess(half, cat).criterion("MO-1").value == pytest.approx(100 * 12 / 18)
    # 0.3 × 12 = 3.6 → 4 trucks
    assert with_electric_vehicles(area, "truck", 0.3, ZERO).table("vehicles").iloc[-1]["count"] == 4


def test_waste_heat_exchange_between_two_tenants(area, cat) -> None:
    # t1 recovers 600 of 1,500 MWh, t4 0 of 200: + 300 from t1 → (900 + 0) / 1,700
    a = with_waste_heat_exchange(area, "t1", "t2", 300.0, 0.9)
    assert assess(a, cat).criterion("EN-5").value == pytest.approx(900 / 1700 * 100)
    assert a.table("exchanges").iloc[-1]["flow"] == "surplus_energy"
    # t4 sends 200 MWh to t1, which burns 200 / 0.9 = 222.2 MWh less gas
    gas = float(area.table("energy").query("carrier == 'natural_gas'")["mwh"].sum())
    b = with_waste_heat_exchange(area, "t4", "t1", 200.0, 0.9)
    assert b.table("energy").query("carrier == 'natural_gas'")["mwh"].sum() == pytest.approx(
        gas - 200 / 0.9
    )
    with pytest.raises(ValueError):
        with_waste_heat_exchange(area, "t1", "t1", 10.0, 0.9)


def test_waste_recovery_rate_moves_tonnes_to_recycling(area, cat, before) -> None:
    # 400 recycling + 80 material recovery of 603 t = 79.6 %; 90 % needs 542.7 t, 62.7 more,
    # taken from the 120 t energy recovery and 3 t incineration in proportion
    assert before.criterion("CS-1").value == pytest.approx(480 / 603 * 100)
    a = with_waste_recovery(area, 90.0, ("reuse", "recycling", "material_recovery"))
    assert assess(a, cat).criterion("CS-1").value == pytest.approx(90.0)
    assert a.table("waste").iloc[-2]["amount_t"] == pytest.approx(120 * 62.7 / 123)
    assert a.table("waste")["amount_t"].sum() == pytest.approx(603)


def test_charging_points_are_whole(area, cat) -> None:
    # 10 + 20 points (20.4 rounds to 20) per 150 spaces = 20 per 100
    a = with_charging_points(area, 20.4)
    assert a.facts.charging_points == 30 and area.facts.charging_points == 10
    assert assess(a, cat).criterion("MO-2").value == pytest.approx(20.0)


def test_green_floor_area_certifies_buildings_in_order(area, cat) -> None:
    with_buildings = with_pv(area, 0, 0)  # a copy to add a buildings table to
    with_buildings.tables["buildings"] = pd.DataFrame(
        {
            "building_id": ["b1", "b2", "b3"],
            "tenant_id": ["t1", "t2", None],
            "floor_area_m2": [1000.0, 3000.0, 1000.0],
            "rating": ["none", "none", "green_certified"],
        }
    )
    # 1,500 m²: all of b1 and 500 of b2 → (1,000 + 500 + 1,000) / 5,000 = 50 %
    a = with_green_floor_area(with_buildings, 1500.0)
    b = a.table("buildings")
    assert b["rating"].tolist() == ["green_certified", "none", "green_certified", "green_certified"]
    assert b["floor_area_m2"].tolist() == [1000.0, 2500.0, 1000.0, 500.0]
    assert assess(a, cat).criterion("BU-1").value == pytest.approx(50.0)


def test_apply_levers_refuses_unknown_keys_and_missing_factors(area, cat) -> None:
    with pytest.raises(KeyError, match="unknown lever"):
        apply_levers(area, cat, LeverSettings(), {"solar": 1.0})
    with pytest.raises(ValueError, match="heat_pump_cop"):
        apply_levers(area, cat, LeverSettings(), {"heat_pump_pct": 50.0})
    settings = default_settings(area)
    assert settings.heat_pump_cop is None  # never defaulted
    keys = [lever.key for lever in available_levers(area, cat, settings)]
    assert "heat_pump_pct" not in keys and "pv_mwp" in keys and "ev_pct:truck" in keys
    both = apply_levers(area, cat, settings, {"pv_mwp": 1.0, "charging_points": 5})
    assert both.facts.charging_points == 15
    # the default yield is the area's own, to 0.1: 670 / 0.7 = 957.14 → 957.1
    assert settings.pv_yield_mwh_per_mwp == 957.1
    assert both.table("generation").iloc[-1]["generation_mwh"] == pytest.approx(957.1)
