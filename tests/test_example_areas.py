"""The shipped example areas: valid, and together they exercise the whole input format."""

from __future__ import annotations

import pytest

from gia.area import Area, check_area
from gia.cli import example_area_ids
from gia.schema import CARRIERS, TABLES, UNITS

IDS = example_area_ids()
EXPECTED_IDS = {"lv-zemgale", "pl-suwalki", "de-mv-g3", "dk-symbiosis", "az-cement",
                "cn-taicang-digital"}
INTENDED_LEVEL = {"lv-zemgale": "silver", "pl-suwalki": "bronze", "de-mv-g3": "gold",
                  "dk-symbiosis": "gold", "az-cement": "not_certified",
                  "cn-taicang-digital": "silver"}


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
    assert {m for df in tenants for m in df["energy_management"]} == {"none", "audit",
                                                                      "iso50001"}


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
    assert all(a.facts.parking_spaces and a.facts.charging_points is not None
               for a in areas.values())


@pytest.mark.parametrize("area_id", sorted(INTENDED_LEVEL))
def test_example_reaches_its_intended_level(areas, area_id):
    from gia.assessment import assess
    from gia.catalogue import load_catalogue

    assert assess(areas[area_id], load_catalogue()).level == INTENDED_LEVEL[area_id]
