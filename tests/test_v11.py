"""Methodology v1.1 (C1–C9), hand-worked, beside v1.0 on the same data.

The small area of ``gia.testing`` (LV 2024): T1 1000 MWh grid electricity, T2 500 MWh natural
gas (fuel factor 0.2021656 t CO2e/MWh with AR6, see ``gia.method.inventory``), so FEC = 1500 MWh and
scope 1 = 500 × 0.2021656 = 101.0828 t CO2e. r is the LV residual mix of the reference tables.
"""

from __future__ import annotations

import copy
import math
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import V10
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia.data.area import load_area
from gia.data.reference import load_reference
from gia.method.assessment import assess
from gia.method.catalogue import CatalogueError, load_catalogue
from gia.method.scoring import certification_level
from gia.paths import data_dir
from gia.testing import assess_built, base_facts, base_tables, write_area

V11 = load_catalogue(data_dir() / "criteria" / "gia-v1.1.yaml")
CAT10 = load_catalogue(V10)
GAS = 0.2021656  # t CO2e/MWh, natural gas, AR6 (gia.method.inventory docstring)
SCOPE1 = 500 * GAS


def residual_mix() -> float:
    ref = load_reference()
    grid = ref.grid_factor("LV", 2024, "direct", "lifecycle")
    return ref.market_factor("LV", 2024, grid).value


def contract(
    instrument: str = "go", mwh: float = 400, market: str | None = "LV", vintage: int | None = 2024
) -> dict:
    return {
        "tenant_id": "T1",
        "instrument": instrument,
        "mwh": mwh,
        "technology": "hydro",
        "market": market,
        "vintage_year": vintage,
    }


def both(tmp_path: Path, tables: dict, facts: dict | None = None):
    """Assess the same area under v1.0 and v1.1."""
    facts = facts or base_facts()
    return (
        assess_built(tmp_path / "v10", facts, tables, catalogue=CAT10),
        assess_built(tmp_path / "v11", facts, tables, catalogue=V11),
    )


# ------------------------------------------------------------------------------- C1 contracts


def test_go_row_moves_scope2_market_but_not_en1_under_v11(tmp_path):
    r = residual_mix()
    old, new = both(tmp_path, base_tables(contracts=[contract("go", 400)]))
    # scope 2 market-based = (1000 − 400) × r under both versions
    assert new.inventory.scope2_market_tco2e == pytest.approx(600 * r)
    assert old.inventory.scope2_market_tco2e == pytest.approx(600 * r)
    # EN-1: v1.0 counts the go, 400 / 1500 = 26.67 %; v1.1 does not: 0 / 1500 = 0 %
    assert old.criterion("EN-1").value == pytest.approx(400 / 1500 * 100)
    assert new.criterion("EN-1").value == pytest.approx(0.0)
    details = new.criterion("EN-1").measure.details
    assert details["qualifying contracts not counted in EN-1, e.g. unbundled go (MWh)"] == 400
    # EM-1 = (scope 1 + scope 2 market) / FEC: the go still lowers it
    assert new.criterion("EM-1").value == pytest.approx((SCOPE1 + 600 * r) / 1500)


def test_ppa_counts_in_both_versions(tmp_path):
    # a PPA from NO (EECS, like LV), vintage 2023 = reporting year − lag 1: qualifies
    old, new = both(tmp_path, base_tables(contracts=[contract("ppa", 400, "no", 2023)]))
    assert new.criterion("EN-1").value == pytest.approx(400 / 1500 * 100)
    assert old.criterion("EN-1").value == pytest.approx(400 / 1500 * 100)


@pytest.mark.parametrize(
    ("market", "vintage", "reason"),
    [
        ("LV", 2022, "vintage 2022 is outside 2023–2024"),
        ("LV", 2025, "vintage 2025 is outside 2023–2024"),
        ("TR", 2024, "market TR is not in the market EECS of LV"),
        (None, 2024, "no market"),
        ("LV", None, "no vintage_year"),
    ],
)
def test_contract_of_wrong_vintage_or_market_counts_nowhere(tmp_path, market, vintage, reason):
    r = residual_mix()
    new = assess_built(
        tmp_path,
        base_facts(),
        base_tables(contracts=[contract("ppa", 400, market, vintage)]),
        catalogue=V11,
    )
    # nowhere: EN-1 0 / 1500, scope 2 market-based 1000 × r as without the contract
    assert new.criterion("EN-1").value == pytest.approx(0.0)
    assert new.inventory.scope2_market_tco2e == pytest.approx(1000 * r)
    assert new.indicator("IN-2").value == pytest.approx((SCOPE1 + 1000 * r) / 10.0)
    warning = [w for w in new.warnings if w.startswith("contracts.csv row 2")]
    assert warning and reason in warning[0] and "counted nowhere" in warning[0]
    # v1.0 has no quality criteria: the same row counts
    old = assess_built(
        tmp_path / "old",
        base_facts(),
        base_tables(contracts=[contract("ppa", 400, market, vintage)]),
        catalogue=CAT10,
    )
    assert old.criterion("EN-1").value == pytest.approx(400 / 1500 * 100)


def test_v10_area_without_new_columns_validates_and_warns_under_v11(tmp_path):
    row = {"tenant_id": "T1", "instrument": "ppa", "mwh": 400, "technology": "wind"}
    new = assess_built(tmp_path, base_facts(), base_tables(contracts=[row]), catalogue=V11)
    assert new.criterion("EN-1").value == 0.0
    assert any("row 2" in w and "no market" in w for w in new.criterion("EN-1").warnings)


# ------------------------------------------------------------------ C2 industrial route, SB-1


def industrial_tables(**extra) -> dict:
    tables = base_tables(
        process_emissions=[
            {"tenant_id": "T1", "source": "calcination", "gas": "CO2", "amount_t": 1000}
        ],
        production=[{"tenant_id": "T1", "product": "grey_cement_clinker", "tonnes": 1000}],
    )
    tables.update(extra)
    return tables


def test_sb1_and_the_industrial_route(tmp_path):
    a = assess_built(tmp_path, base_facts(), industrial_tables(), catalogue=V11)
    # SB-1 = 1000 / (1000 × 0.693) = 1.4430; benchmarked share 1000 / (1000 + 101.08) = 0.908
    assert a.criterion("SB-1").value == pytest.approx(1000 / 693)
    assert a.to_dict()["route"] == "industrial"
    assert a.criterion("SB-1").mandatory and not a.criterion("EN-1").mandatory
    assert "mandatory criterion SB-1 is below level 1" in a.blocking_reasons
    assert a.level == "not_certified"


def test_small_benchmarked_share_stays_on_the_general_route(tmp_path):
    # T2's gas = 101.08 t; T1 benchmarked with 50 t of process CO2: 50 / 151.08 = 0.33 < 0.5
    tables = industrial_tables(
        process_emissions=[
            {"tenant_id": "T1", "source": "calcination", "gas": "CO2", "amount_t": 50}
        ]
    )
    a = assess_built(tmp_path, base_facts(), tables, catalogue=V11)
    assert a.to_dict()["route"] == "general"
    assert a.criterion("SB-1").value == pytest.approx(50 / 693) and a.criterion("SB-1").level == 3
    assert a.criterion("EN-1").mandatory and not a.criterion("SB-1").mandatory


def test_sb1_not_applicable_without_production(tmp_path):
    a = assess_built(tmp_path, base_facts(), base_tables(), catalogue=V11)
    assert a.criterion("SB-1").status == "not_applicable"
    assert a.to_dict()["route"] == "general"


def test_az_cement_sb1_and_route():
    area = load_area("az-cement")
    a = assess(area, V11)
    az01 = float(a.inventory.tenants.loc["AZ01", "scope1_tco2e"])
    # 1.6 Mt clinker × 0.693 t CO2e/t = 1,108,800 t CO2e
    assert a.criterion("SB-1").value == pytest.approx(az01 / 1_108_800)
    assert a.criterion("SB-1").value == pytest.approx(1.1212, abs=1e-4)
    assert az01 / a.inventory.scope1_tco2e >= 0.5
    assert a.to_dict()["route"] == "industrial"
    assert a.criterion("SB-1").level == 0  # above the L1 threshold 1.10: not yet certified
    assert "mandatory criterion SB-1 is below level 1" in a.blocking_reasons
    assert not any("EN-1" in r for r in a.blocking_reasons)


# ------------------------------------------------------------------------------ C3 symbiosis


def exchange(eid, supplier, receiver, flow, avoided):
    return {
        "exchange_id": eid,
        "supplier_id": supplier,
        "receiver_id": receiver,
        "kind": "material",
        "resource": "x",
        "amount": 1,
        "unit": "t",
        "avoided_tco2e": avoided,
        "flow": flow,
    }


def test_cs3_within_0_100_and_only_symbiosis_flows(tmp_path):
    tables = base_tables(
        exchanges=[
            exchange("X1", "T1", "T2", "by_product", 100),
            exchange("X2", "T2", "T1", "product", 500),
            exchange("X3", "T2", "external", None, 70),
        ]
    )
    old, new = both(tmp_path, tables)
    e = SCOPE1 + 1000 * residual_mix()  # scope 1 + scope 2 market-based (T1's grid power)
    # v1.1: A = 100 (X1 only): 100 / (100 + E)
    assert new.criterion("CS-3").value == pytest.approx(100 / (100 + e) * 100)
    # v1.0: every row, A = 670: 670 / E, above 100 % for this small area
    assert old.criterion("CS-3").value == pytest.approx(670 / e * 100)
    assert old.criterion("CS-3").value > 100
    warnings = new.criterion("CS-3").warnings
    assert any("row 4 (X3)" in w and "no flow" in w for w in warnings)
    # CS-2 v1.1: T1 and T2 in a by_product flow between tenants: 2 / 2 = 100 %
    assert new.criterion("CS-2").value == pytest.approx(100.0)


def test_cs2_counts_neither_product_sales_nor_external_partners(tmp_path):
    tables = base_tables(
        exchanges=[
            exchange("X1", "T1", "external", "by_product", 1),
            exchange("X2", "T2", "T1", "product", 1),
        ]
    )
    old, new = both(tmp_path, tables)
    assert new.criterion("CS-2").value == 0.0  # 0 / 2
    assert old.criterion("CS-2").value == pytest.approx(100.0)  # 2 / 2


# --------------------------------------------------------------------------------- C6 energy


def test_en2_self_supply_at_most_100_and_in6(tmp_path):
    # pv 5000 MWh, 4000 exported: consumed 1000; consumption = grid 1000 + 1000 = 2000
    tables = base_tables(
        generation=[
            {
                "asset_id": "PV",
                "tenant_id": "T1",
                "technology": "pv",
                "generation_mwh": 5000,
                "exported_mwh": 4000,
            }
        ]
    )
    old, new = both(tmp_path, tables)
    assert old.criterion("EN-2").value == pytest.approx(5000 / 2000 * 100)  # 250 %
    assert new.criterion("EN-2").value == pytest.approx(1000 / 2000 * 100)  # 50 %
    assert new.indicator("IN-6").value == 4000
    # EN-6 = area electricity 2000 / FEC (1500 delivered + 1000 consumed on site) = 80 %
    assert new.criterion("EN-6").value == pytest.approx(2000 / 2500 * 100)


# ------------------------------------------------------------------------------ C7 baselines


@pytest.mark.parametrize(
    ("years", "v10_year", "v11_year"),
    [
        ([2023, 2021], 2021, 2021),
        ([2023], 2023, None),  # one year back: enough for v1.0, not for v1.1 (span 2)
        ([2022, 2023], 2022, 2022),  # 2024 − 2 = 2022: exactly the span
    ],
)
def test_baseline_span(tmp_path, years, v10_year, v11_year):
    history = [
        {
            "year": y,
            "final_energy_mwh": 1600,
            "gva_eur": 10_000_000,
            "scope1_tco2e": 120,
            "scope2_market_tco2e": 100,
        }
        for y in years
    ]
    old, new = both(tmp_path, base_tables(history=history))
    for a, year in ((old, v10_year), (new, v11_year)):
        em2 = a.criterion("EM-2")
        if year is None:
            assert em2.status == "insufficient_data" and a.criterion("EN-3").status == em2.status
        else:
            assert em2.measure.details["baseline year"] == year
            # linear: (220 − E_now) / 220 / (2024 − year) × 100
            e_now = a.inventory.emissions_tco2e
            assert em2.value == pytest.approx((220 - e_now) / 220 / (2024 - year) * 100)


# --------------------------------------------------------------------------- C4 level bands


def level(overall: float, themes: dict) -> str:
    return certification_level([], [], themes, overall, V11)


@pytest.mark.parametrize(
    ("overall", "theme", "expected"),
    [
        (65.0, 50.0, "gold"),
        (65.0 * (1 - 1e-10), 50.0 * (1 - 1e-10), "gold"),  # within the relative tolerance
        (65.0, 50.0 * (1 - 1e-8), "silver"),  # a theme just below gold's 50
        (50.0, 35.0, "silver"),
        (50.0, 35.0 * (1 - 1e-8), "bronze"),
        (35.0, 20.0, "bronze"),
        (35.0, 20.0 * (1 - 1e-8), "not_certified"),  # bronze has a theme minimum in v1.1
        (35.0 * (1 - 1e-8), 100.0, "not_certified"),
        (100.0, 34.0, "bronze"),  # v1.0: silver; v1.1: below silver's 35
    ],
)
def test_level_bands_at_their_edges(overall, theme, expected):
    assert level(overall, {"energy": 100.0, "land": theme}) == expected


def test_v10_band_for_comparison():
    # v1.0: gold needs every theme ≥ 35, silver ≥ 20, bronze none
    assert certification_level([], [], {"energy": 100.0, "land": 34.0}, 100.0, CAT10) == "silver"
    assert certification_level([], [], {"energy": 100.0, "land": 5.0}, 40.0, CAT10) == "bronze"
    assert level(40.0, {"energy": 100.0, "land": 5.0}) == "not_certified"


# ------------------------------------------------------------------ C5 mobility, C9 new themes


def test_mo1_counts_road_vehicles_only(tmp_path):
    vehicles = [
        {"tenant_id": "T1", "vehicle_class": "car", "powertrain": "bev", "count": 2},
        {"tenant_id": "T1", "vehicle_class": "truck", "powertrain": "ice", "count": 2},
        {"tenant_id": "T1", "vehicle_class": "forklift", "powertrain": "bev", "count": 6},
    ]
    old, new = both(tmp_path, base_tables(vehicles=vehicles))
    assert new.criterion("MO-1").value == pytest.approx(2 / 4 * 100)
    assert old.criterion("MO-1").value == pytest.approx(8 / 10 * 100)
    only_forklifts = base_tables(vehicles=vehicles[2:])
    a = assess_built(tmp_path / "f", base_facts(), only_forklifts, catalogue=V11)
    assert a.criterion("MO-1").status == "insufficient_data"


def test_bu1_and_gm4(tmp_path):
    buildings = [
        {
            "building_id": "B1",
            "tenant_id": "T1",
            "floor_area_m2": 3000,
            "rating": "green_certified",
        },
        {"building_id": "B2", "tenant_id": None, "floor_area_m2": 1000, "rating": "none"},
    ]
    facts = base_facts(
        participation={"tenant_forum": True, "public_reporting": False, "grievance_route": True}
    )
    a = assess_built(tmp_path, facts, base_tables(buildings=buildings), catalogue=V11)
    assert a.criterion("BU-1").value == pytest.approx(3000 / 4000 * 100)
    assert a.criterion("GM-4").value == 2
    assert a.criterion("GM-4").warnings == [
        "participation.community_projects is absent from area.yaml: counted as not present"
    ]
    b = assess_built(tmp_path / "b", base_facts(), base_tables(), catalogue=V11)
    assert b.criterion("BU-1").status == "insufficient_data"


# ---------------------------------------------------------------------- C8 upstream hydrogen


def test_grey_hydrogen_is_upstream_not_scope2(tmp_path):
    energy = [
        *base_tables()["energy"],
        {
            "tenant_id": "T2",
            "carrier": "hydrogen_grey",
            "amount": 100,
            "unit": "MWh",
            "metered": True,
        },
    ]
    old, new = both(tmp_path, base_tables(energy=energy))
    h2 = old.inventory.scope2_location_tco2e - new.inventory.scope2_location_tco2e
    assert h2 > 0 and new.inventory.upstream_hydrogen_tco2e == pytest.approx(h2)
    assert old.inventory.upstream_hydrogen_tco2e == 0.0
    assert new.indicator("IN-1").value == pytest.approx(old.indicator("IN-1").value - h2)
    # EM-1 and IN-2 do not change: only the labels become right
    assert new.criterion("EM-1").value == pytest.approx(old.criterion("EM-1").value)
    assert new.indicator("IN-2").value == pytest.approx(old.indicator("IN-2").value)


# ------------------------------------------------------------------- catalogue validation


def write_catalogue(data: dict, tmp_path: Path) -> Path:
    path = tmp_path / "gia-v1.1.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def raw_v11() -> dict:
    return yaml.safe_load((data_dir() / "criteria" / "gia-v1.1.yaml").read_text("utf-8"))


def test_catalogue_unknown_keys_of_new_sections_are_named(tmp_path):
    data = raw_v11()
    data["accounting"]["vintage_lag"] = 1
    data["routes"][0]["condition"]["share"] = 0.5
    data["changes"][0]["reson"] = "typo"
    with pytest.raises(CatalogueError) as err:
        load_catalogue(write_catalogue(data, tmp_path))
    text = str(err.value)
    assert "accounting.vintage_lag: unknown key" in text
    assert "routes[0] (industrial).condition.share: unknown key" in text
    assert "changes[0] (C1).reson: unknown key" in text


def test_catalogue_route_rules(tmp_path):
    data = raw_v11()
    data["routes"][0]["mandatory"] = ["SB-9"]
    data["routes"][1]["condition"] = {"min_benchmarked_scope1_share": 0.2}
    data["accounting"]["renewable_instruments"] = ["ppa", "rec"]
    data["changes"][0]["sources"] = ["nowhere"]
    with pytest.raises(CatalogueError) as err:
        load_catalogue(write_catalogue(data, tmp_path))
    text = str(err.value)
    assert "routes[0] (industrial).mandatory[0]: unknown criterion 'SB-9'" in text
    assert "routes[1] (general).condition: the last route must have no condition" in text
    assert "accounting.renewable_instruments[1]" in text
    assert "changes[0] (C1).sources[0]: unknown source key 'nowhere'" in text


def test_every_difference_of_v11_is_explained_by_a_change():
    from gia.method.compare import catalogue_changes

    table = catalogue_changes(CAT10, V11)
    unexplained = table[
        (table["why"] == "") & ~table["key"].str.startswith(("methodology_version", "title"))
    ]
    assert unexplained.empty, unexplained.to_string()


# ------------------------------------------------------------------------ property tests

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assess_dicts(facts: dict, tables: dict):
    with tempfile.TemporaryDirectory() as tmp:
        return assess(load_area(write_area(Path(tmp), facts, tables), catalogue=V11), V11)


contract_rows = st.lists(
    st.builds(
        contract,
        instrument=st.sampled_from(["ppa", "go", "green_tariff"]),
        mwh=st.integers(0, 3000),
        market=st.sampled_from(["LV", "DE", "TR", None]),
        vintage=st.sampled_from([2021, 2023, 2024, 2025, None]),
    ),
    max_size=4,
)


@SETTINGS
@given(rows=contract_rows, go_mwh=st.integers(0, 5000))
def test_adding_a_go_row_never_raises_en1(rows, go_mwh):
    tables = base_tables(contracts=rows)
    before = assess_dicts(base_facts(), tables).criterion("EN-1").value
    more = copy.deepcopy(tables)
    more["contracts"] = [*rows, contract("go", go_mwh, "LV", 2024)]
    after = assess_dicts(base_facts(), more).criterion("EN-1").value
    assert after <= before + 1e-9 * max(1.0, abs(before))


@SETTINGS
@given(
    process=st.integers(0, 5000),
    tonnes=st.integers(1, 10_000),
    product=st.sampled_from(["grey_cement_clinker", "ammonia", "hot_metal"]),
    ppa=st.integers(0, 1000),
)
def test_deleting_production_never_raises_the_level(process, tonnes, product, ppa):
    order = ["not_certified", "bronze", "silver", "gold"]
    tables = industrial_tables(
        process_emissions=[
            {"tenant_id": "T1", "source": "process", "gas": "CO2", "amount_t": process}
        ],
        production=[{"tenant_id": "T1", "product": product, "tonnes": tonnes}],
        contracts=[contract("ppa", ppa)],
    )
    with_production = assess_dicts(base_facts(), tables).level
    without = copy.deepcopy(tables)
    without["production"] = None
    assert order.index(assess_dicts(base_facts(), without).level) <= order.index(with_production)


@SETTINGS
@given(
    avoided=st.lists(st.floats(0, 1e6, allow_nan=False), max_size=4),
    gas=st.integers(0, 5000),
    grid=st.integers(0, 5000),
)
def test_cs3_between_0_and_100(avoided, gas, grid):
    tables = base_tables(
        energy=[
            {
                "tenant_id": "T1",
                "carrier": "electricity_grid",
                "amount": grid,
                "unit": "MWh",
                "metered": True,
            },
            {
                "tenant_id": "T2",
                "carrier": "natural_gas",
                "amount": gas,
                "unit": "MWh",
                "metered": False,
            },
        ],
        exchanges=[exchange(f"X{i}", "T1", "T2", "by_product", a) for i, a in enumerate(avoided)],
    )
    cs3 = assess_dicts(base_facts(), tables).criterion("CS-3")
    if cs3.status == "ok":
        assert 0.0 <= cs3.value <= 100.0
    else:
        assert cs3.status == "insufficient_data"


@SETTINGS
@given(
    gens=st.lists(
        st.tuples(
            st.sampled_from(["pv", "wind", "hydro", "solar_thermal"]),
            st.integers(0, 5000),
            st.floats(0, 1),
        ),
        max_size=4,
    ),
    grid=st.integers(0, 5000),
)
def test_en2_between_0_and_100(gens, grid):
    generation = [
        {
            "asset_id": f"G{i}",
            "tenant_id": "T1",
            "technology": tech,
            "generation_mwh": g,
            "exported_mwh": math.floor(g * share),
        }
        for i, (tech, g, share) in enumerate(gens)
    ]
    tables = base_tables(
        generation=generation,
        energy=[
            {
                "tenant_id": "T1",
                "carrier": "electricity_grid",
                "amount": grid,
                "unit": "MWh",
                "metered": True,
            }
        ],
    )
    en2 = assess_dicts(base_facts(), tables).criterion("EN-2")
    if en2.status == "ok":
        assert 0.0 <= en2.value <= 100.0 + 1e-9
    else:
        assert en2.status == "insufficient_data"
