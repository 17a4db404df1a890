"""The energy and GHG inventory (methodology §4), checked against hand-worked numbers.

Reference values used below (data/reference/):
- natural_gas: NCV 48 GJ/t, density 0.00074 t/m3, CO2 56.1 kg/GJ, CH4 1 kg/TJ, N2O 0.1 kg/TJ
- biomass: CO2 112 kg/GJ (biogenic), CH4 30 kg/TJ, N2O 4 kg/TJ
- hydrogen_grey: production 0.3384 t CO2e/MWh
- GWP AR6: CH4_fossil 29.8, CH4_biogenic 27.0, N2O 273, R-134a 1530; AR5: 30, 28, 265, 1300
- LV 2024: direct grid factor 0.075, residual mix 0.50422; AZ: lifecycle only, no residual mix
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

# hand-worked values of methodology v1.0 (v1.1: tests/test_v11.py)
from conftest import V10  # noqa: E402

from gia.method.assessment import assess, build_context
from gia.method.catalogue import load_catalogue
from gia.method.inventory import OPERATOR
from gia.testing import base_facts, base_tables, load_built

pytestmark = pytest.mark.usefixtures("methodology_v10")

# fuel factors worked by hand, t CO2e/MWh
NG_AR6 = (56.1 + 1 / 1000 * 29.8 + 0.1 / 1000 * 273) * 3.6 / 1000  # 0.2021656
NG_AR5 = (56.1 + 1 / 1000 * 30 + 0.1 / 1000 * 265) * 3.6 / 1000  # 0.2021634
BIOMASS_AR6 = (30 / 1000 * 27.0 + 4 / 1000 * 273) * 3.6 / 1000  # CO2 left out, CH4 biogenic
LV_DIRECT_2024 = 0.075
LV_RESIDUAL_2024 = 0.50422


def energy_row(tenant, carrier, amount, unit="MWh", metered=True, use=None):
    return {
        "tenant_id": tenant,
        "carrier": carrier,
        "amount": amount,
        "unit": unit,
        "metered": metered,
        "use": use,
    }


def inventory_of(tmp_path: Path, facts=None, catalogue=None, **tables):
    area = load_built(tmp_path, facts or base_facts(), base_tables(**tables))
    return build_context(area, catalogue).inventory


def test_issue_example_natural_gas_in_m3(tmp_path):
    inv = inventory_of(tmp_path, energy=[energy_row("T1", "natural_gas", 5_000_000, "m3")])
    mwh = 5_000_000 * 0.00074 * 48 / 3.6  # m3 × t/m3 × GJ/t / (GJ/MWh)
    assert mwh == pytest.approx(49_333.3, abs=0.1)
    assert inv.final_energy_mwh == pytest.approx(49_333.3, abs=0.1)
    assert inv.scope1_tco2e == pytest.approx(9_973.5, abs=0.1)
    assert inv.scope1_tco2e == pytest.approx(mwh * NG_AR6, rel=1e-12)
    assert inv.energy["fuel_factor_t_per_mwh"].iloc[0] == pytest.approx(0.2021656, abs=1e-7)
    # a fuel only: no scope 2, nothing renewable, nothing biogenic
    assert inv.scope2_location_tco2e == 0.0
    assert inv.scope2_market_tco2e == 0.0
    assert inv.renewable_mwh == 0.0
    assert inv.biogenic_co2_t == 0.0


def test_biomass_co2_biogenic_and_ch4_biogenic(tmp_path):
    inv = inventory_of(tmp_path, energy=[energy_row("T1", "biomass", 1000)])
    assert inv.scope1_tco2e == pytest.approx(1000 * BIOMASS_AR6)  # 6.8472 t, no CO2 term
    assert inv.scope1_tco2e == pytest.approx(6.8472)
    # with CH4_fossil (29.8) it would be 1000 × (0.894 + 1.092) × 0.0036 = 7.1496
    assert inv.scope1_tco2e != pytest.approx(7.1496)
    assert inv.biogenic_co2_t == pytest.approx(1000 * 112 * 3.6 / 1000)  # IN-5 = 403.2 t
    assert inv.renewable_mwh == pytest.approx(1000)


def test_biogenic_co2_is_in5(tmp_path):
    area = load_built(
        tmp_path,
        base_facts(),
        base_tables(
            energy=[
                energy_row("T1", "biomass", 1000),
                energy_row("T2", "biogas", 500),
                energy_row("T2", "natural_gas", 100),
            ]
        ),
    )
    result = assess(area)
    expected = (1000 * 112 + 500 * 54.6) * 3.6 / 1000  # biomass + biogas CO2, t
    assert result.indicator("IN-5").value == pytest.approx(expected)
    assert result.to_dict()["inventory"]["biogenic_co2_t"] == pytest.approx(expected)


def test_grey_hydrogen_scope2_not_scope1(tmp_path):
    inv = inventory_of(
        tmp_path,
        energy=[energy_row("T1", "hydrogen_grey", 100), energy_row("T2", "hydrogen_green", 50)],
    )
    assert inv.scope1_tco2e == 0.0  # hydrogen burns without CO2
    assert inv.scope2_location_tco2e == pytest.approx(100 * 0.3384)  # production factor
    assert inv.scope2_market_tco2e == pytest.approx(100 * 0.3384)
    assert inv.final_energy_mwh == pytest.approx(150)
    assert inv.renewable_mwh == pytest.approx(50)  # green only


def test_feedstock_rows_excluded_from_fec_and_scope1(tmp_path):
    inv = inventory_of(
        tmp_path,
        energy=[
            energy_row("T1", "electricity_grid", 1000),
            energy_row("T2", "natural_gas", 500),
            energy_row("T2", "natural_gas", 20_000, use="feedstock"),
        ],
    )
    assert inv.final_energy_mwh == pytest.approx(1000 + 500)
    assert inv.scope1_tco2e == pytest.approx(500 * NG_AR6)
    assert len(inv.energy) == 2  # only the use = energy rows


def test_onsite_generation_consumed_is_generation_minus_exported(tmp_path):
    inv = inventory_of(
        tmp_path,
        generation=[
            {
                "asset_id": "PV1",
                "tenant_id": "T1",
                "technology": "pv",
                "generation_mwh": 300,
                "exported_mwh": 100,
            },
            {
                "asset_id": "ST1",
                "tenant_id": None,
                "technology": "solar_thermal",
                "generation_mwh": 50,
            },
        ],
    )
    consumed = (300 - 100) + 50
    assert inv.final_energy_mwh == pytest.approx(1000 + 500 + consumed)
    assert inv.renewable_mwh == pytest.approx(consumed)
    # area electricity consumption: grid + electric generation consumed (pv, not solar thermal)
    assert inv.total("electricity_consumption_mwh") == pytest.approx(1000 + 200)
    assert inv.tenants.loc[OPERATOR, "onsite_consumed_mwh"] == pytest.approx(50)


def test_absent_generation_contracts_process_count_as_none(tmp_path):
    inv = inventory_of(tmp_path, generation=None, contracts=None)
    assert inv.final_energy_mwh == pytest.approx(1500)
    assert inv.renewable_mwh == 0.0
    assert inv.scope2_market_tco2e == pytest.approx(1000 * LV_RESIDUAL_2024)


def test_contracts_capped_per_tenant_and_market_based(tmp_path):
    inv = inventory_of(
        tmp_path,
        energy=[
            energy_row("T1", "electricity_grid", 1000),
            energy_row("T2", "electricity_grid", 200),
            energy_row(None, "electricity_grid", 100),
        ],
        contracts=[
            {"tenant_id": "T1", "instrument": "ppa", "mwh": 1500, "technology": "wind"},
            {"tenant_id": "T2", "instrument": "go", "mwh": 30, "technology": "hydro"},
            {"tenant_id": "T2", "instrument": "go", "mwh": 20, "technology": "hydro"},
        ],
    )
    t = inv.tenants
    assert t.loc["T1", "contracted_applied_mwh"] == pytest.approx(1000)  # min(1500, 1000)
    assert t.loc["T2", "contracted_applied_mwh"] == pytest.approx(50)  # min(30 + 20, 200)
    assert t.loc[OPERATOR, "contracted_applied_mwh"] == 0.0
    # T1's surplus never covers T2 or the operator
    expected_market = (max(0, 1000 - 1000) + max(0, 200 - 50) + 100) * LV_RESIDUAL_2024
    assert inv.scope2_market_tco2e == pytest.approx(expected_market)  # 250 × 0.50422
    assert inv.renewable_mwh == pytest.approx(1000 + 50)
    assert inv.scope2_location_tco2e == pytest.approx((1000 + 200 + 100) * LV_DIRECT_2024)


def test_contract_of_tenant_without_grid_electricity_counts_nothing(tmp_path):
    inv = inventory_of(
        tmp_path,
        contracts=[{"tenant_id": "T2", "instrument": "go", "mwh": 400, "technology": "wind"}],
    )
    # T2 only burns gas: its contract applies to 0 MWh of grid electricity
    assert inv.renewable_mwh == 0.0
    assert inv.scope2_market_tco2e == pytest.approx(1000 * LV_RESIDUAL_2024)


def test_location_based_lv_2024_direct(tmp_path):
    inv = inventory_of(tmp_path)
    assert inv.scope2_location_tco2e == pytest.approx(1000 * 0.075)  # 75 t
    assert inv.warnings == []


def test_district_heat_renewable_share_and_factor(tmp_path):
    facts = base_facts(district_heat={"renewable_share": 0.25, "factor_t_per_mwh": 0.1})
    inv = inventory_of(
        tmp_path,
        facts,
        energy=[energy_row("T1", "electricity_grid", 1000), energy_row("T2", "district_heat", 400)],
    )
    assert inv.renewable_mwh == pytest.approx(400 * 0.25)
    assert inv.scope2_location_tco2e == pytest.approx(1000 * 0.075 + 400 * 0.1)
    assert inv.scope2_market_tco2e == pytest.approx(1000 * LV_RESIDUAL_2024 + 400 * 0.1)


def test_district_heat_national_factor_from_nearest_earlier_year(tmp_path):
    # DK district heat: 2023 0.105, 2025 0.0878; 2024 takes the nearest earlier year, warned
    facts = base_facts(country="DK")
    inv = inventory_of(tmp_path, facts, energy=[energy_row("T2", "district_heat", 400)])
    assert inv.scope2_location_tco2e == pytest.approx(400 * 0.105)
    assert any("district" in w and "2023" in w for w in inv.warnings)


def test_process_emissions_gwp_via_alias(tmp_path):
    inv = inventory_of(
        tmp_path,
        process_emissions=[
            {"tenant_id": "T1", "source": "chiller leak", "gas": "R-134a", "amount_t": 2},
            {"tenant_id": "T2", "source": "digester", "gas": "CH4_biogenic", "amount_t": 1},
        ],
    )
    process = 2 * 1530 + 1 * 27.0
    assert inv.total("scope1_process_tco2e") == pytest.approx(process)
    assert inv.scope1_tco2e == pytest.approx(500 * NG_AR6 + process)


def ar5_catalogue(tmp_path: Path):
    data = yaml.safe_load(V10.read_text(encoding="utf-8"))
    assert data["gwp_set"] == "ar6"
    data["gwp_set"] = "ar5"
    path = tmp_path / "gia-ar5.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    catalogue = load_catalogue(path)
    assert catalogue.gwp_set == "ar5"
    return catalogue


def test_ar5_versus_ar6_switch_through_catalogue(tmp_path):
    tables = {
        "energy": [energy_row("T1", "natural_gas", 1000)],
        "process_emissions": [
            {"tenant_id": "T1", "source": "leak", "gas": "R-134a", "amount_t": 1}
        ],
    }
    ar6 = inventory_of(tmp_path / "a", **tables)
    ar5 = inventory_of(tmp_path / "b", catalogue=ar5_catalogue(tmp_path), **tables)
    assert ar6.scope1_tco2e == pytest.approx(1000 * NG_AR6 + 1530)
    assert ar5.scope1_tco2e == pytest.approx(1000 * NG_AR5 + 1300)
    assert ar5.scope1_tco2e != pytest.approx(ar6.scope1_tco2e)


def test_country_without_direct_set_or_residual_mix(tmp_path):
    inv = inventory_of(tmp_path, base_facts(country="AZ"))
    lifecycle_az_2024 = 0.63434
    assert inv.scope2_location_tco2e == pytest.approx(1000 * lifecycle_az_2024)
    # no residual mix: the grid factor is used for market-based scope 2
    assert inv.scope2_market_tco2e == pytest.approx(1000 * lifecycle_az_2024)
    assert any("no direct factor for AZ" in w and "lifecycle" in w for w in inv.warnings)
    assert any("no residual mix for AZ" in w for w in inv.warnings)
    # each said once in the assessment's warnings (validation and inventory not duplicated)
    result = assess(load_built(tmp_path / "again", base_facts(country="AZ"), base_tables()))
    assert result.warnings == [
        "grid_electricity: no direct factor for AZ; lifecycle factor 2024 used",
        "residual_mix: no residual mix for AZ; grid factor used for market-based scope 2",
    ]


def test_reporting_year_without_factor_falls_back_with_warning(tmp_path):
    area = load_built(tmp_path, base_facts(reporting_year=2025), base_tables())
    result = assess(area)
    inv = result.inventory
    assert inv.scope2_location_tco2e == pytest.approx(1000 * 0.075)  # LV direct 2024
    assert inv.scope2_market_tco2e == pytest.approx(1000 * 0.37151)  # LV residual mix 2025
    warning = "grid_electricity: no direct factor for LV 2025; 2024 used"
    assert warning in inv.warnings
    assert warning in result.warnings


def test_mixed_units_convert_to_mwh(tmp_path):
    inv = inventory_of(
        tmp_path,
        energy=[
            energy_row("T1", "electricity_grid", 500_000, "kWh"),
            energy_row("T1", "electricity_grid", 3600, "GJ"),
            energy_row("T2", "biomass", 36, "t"),
        ],
    )
    assert inv.final_energy_mwh == pytest.approx(500 + 3600 / 3.6 + 36 * 15.6 / 3.6)
