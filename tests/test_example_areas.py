"""The shipped example areas: valid, and together they exercise the whole input format."""

from __future__ import annotations

import pytest

from gia.cli import example_area_ids
from gia.data.area import Area, check_area
from gia.data.schema import CARRIERS, TABLES, UNITS

IDS = example_area_ids()
EXPECTED_IDS = {
    "lv-zemgale",
    "pl-suwalki",
    "de-mv-g3",
    "dk-symbiosis",
    "az-cement",
    "cn-taicang-digital",
}
INTENDED_LEVEL = {
    "lv-zemgale": "silver",
    "pl-suwalki": "bronze",
    "de-mv-g3": "gold",
    "dk-symbiosis": "gold",
    "az-cement": "not_certified",
    "cn-taicang-digital": "silver",
}
"""Levels under methodology v1.0 (data/criteria/gia-v1.0.yaml): unchanged by v1.1's data."""
LEVEL_V11 = {
    "lv-zemgale": ("not_certified", "general"),
    "pl-suwalki": ("not_certified", "general"),
    "de-mv-g3": ("gold", "general"),
    "dk-symbiosis": ("silver", "general"),
    "az-cement": ("not_certified", "industrial"),
    "cn-taicang-digital": ("silver", "general"),
}
"""Level and route under methodology v1.1 (the default catalogue); gia compare says why."""


@pytest.fixture(scope="module")
def areas() -> dict[str, Area]:
    loaded = {}
    for area_id in IDS:
        area, report = check_area(area_id)
        assert area is not None, report.format()
        loaded[area_id] = area
    return loaded


def test_the_six_examples_are_shipped():
    assert EXPECTED_IDS <= set(IDS)


@pytest.mark.parametrize("area_id", IDS)
def test_example_validates_without_error(area_id):
    area, report = check_area(area_id)
    assert report.ok, report.format()
    assert area is not None
    assert "ILLUSTRATIVE" in (area.facts.note or "")
    assert not [p for p in report.warnings if p.file == "surfaces.csv"], report.format()


@pytest.mark.parametrize("area_id", IDS)
def test_example_has_5_to_40_tenants(areas, area_id):
    assert 5 <= len(areas[area_id].table("tenants")) <= 40


def test_examples_use_every_table(areas):
    used = {name for area in areas.values() for name in TABLES if area.has(name)}
    assert used == set(TABLES)


def test_examples_use_every_carrier_unit_and_energy_management(areas):
    energy = [area.table("energy") for area in areas.values()]
    assert {c for df in energy for c in df["carrier"]} == set(CARRIERS)
    assert {u for df in energy for u in df["unit"]} == set(UNITS)
    assert any((df["basis"] == "gcv").any() for df in energy)
    assert any((df["use"] == "feedstock").any() for df in energy)
    assert any(df["tenant_id"].isna().any() for df in energy)
    tenants = [area.table("tenants") for area in areas.values()]
    assert {m for df in tenants for m in df["energy_management"]} == {"none", "audit", "iso50001"}


def test_examples_cover_the_missing_data_cases(areas):
    lv = areas["lv-zemgale"]
    assert lv.has("waste_heat") and lv.table("waste_heat")["recoverable_mwh"].sum() == 0
    cn = areas["cn-taicang-digital"]
    assert cn.facts.freight.none_declared and not cn.has("freight")
    assert not areas["az-cement"].has("commuting")
    assert areas["pl-suwalki"].facts.land.brownfield_ha is None
    histories = [a.table("history") for a in areas.values() if a.has("history")]
    assert len(histories) >= 4
    assert any(df.isna().any().any() for df in histories)
    assert all(
        a.facts.parking_spaces and a.facts.charging_points is not None for a in areas.values()
    )


@pytest.mark.parametrize("area_id", sorted(INTENDED_LEVEL))
def test_example_reaches_its_intended_level(areas, area_id):
    from gia.method.assessment import assess
    from gia.method.catalogue import load_catalogue
    from gia.paths import data_dir

    v10 = load_catalogue(data_dir() / "criteria" / "gia-v1.0.yaml")
    assert assess(areas[area_id], v10).level == INTENDED_LEVEL[area_id]
    a = assess(areas[area_id], load_catalogue())
    assert (a.level, a.to_dict()["route"]) == LEVEL_V11[area_id]


def test_examples_carry_v11_data(areas):
    contracts = [a.table("contracts") for a in areas.values() if a.has("contracts")]
    rows = [df for df in contracts if len(df)]
    assert rows and all(
        df["market"].notna().all() and df["vintage_year"].notna().all() for df in rows
    )
    exchanges = [a.table("exchanges") for a in areas.values() if a.has("exchanges")]
    assert all(df["flow"].notna().all() for df in exchanges)
    assert any((df["flow"] == "product").any() for df in exchanges)
    assert areas["az-cement"].has("production")
    assert sum(a.has("buildings") for a in areas.values()) >= 4
    declared = [a for a in areas.values() if a.facts.participation.tenant_forum is not None]
    assert len(declared) >= 4
