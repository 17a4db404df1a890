"""Every criterion (GM-1..BW-2), informative indicator (IN-1..IN-5) and prerequisite (PR-1..PR-4)
on small hand-made areas: the value worked by hand, the level against the catalogue's thresholds,
and the statuses of methodology §1 ("Missing versus zero").

The base area (gia/testing.py): LV 2024, T1 (60 employees, 6 M EUR, iso50001) 1000 MWh
grid electricity metered; T2 (40 employees, 4 M EUR, no energy management) 500 MWh natural gas
estimated. So FEC = 1500 MWh, scope 1 = 500 × NG, scope 2 market = 1000 × 0.50422.
"""

from __future__ import annotations

import pytest

from gia.method.catalogue import load_catalogue
from gia.testing import assess_built, base_facts, base_tables

# hand-worked values of methodology v1.0 (v1.1: tests/test_v11.py)
pytestmark = pytest.mark.usefixtures("methodology_v10")

NG = (56.1 + 1 / 1000 * 29.8 + 0.1 / 1000 * 273) * 3.6 / 1000  # natural gas, AR6, t CO2e/MWh
BIOMASS = (30 / 1000 * 27.0 + 4 / 1000 * 273) * 3.6 / 1000  # biomass, CO2 left out
RESIDUAL_LV_2024 = 0.50422
DIRECT_LV_2024 = 0.075
BASE_S1 = 500 * NG  # 101.08278
BASE_S2M = 1000 * RESIDUAL_LV_2024  # 504.22
BASE_E = BASE_S1 + BASE_S2M  # 605.30278

# The thresholds the expected levels below rely on (methodology §3)
THRESHOLDS = {
    "GM-1": [2050, 2045, 2040],
    "GM-2": [50, 75, 90],
    "GM-3": [60, 80, 95],
    "EN-1": [50, 70, 90],
    "EN-2": [10, 25, 50],
    "EN-3": [1.5, 2.5, 4.0],
    "EN-4": [2, 3, 4],
    "EN-5": [25, 50, 75],
    "EM-1": [0.20, 0.10, 0.025],
    "EM-2": [2.5, 4.2, 7.0],
    "CS-1": [50, 70, 85],
    "CS-2": [10, 25, 40],
    "CS-3": [5, 10, 20],
    "LU-1": [70, 85, 95],
    "LU-2": [10, 25, 50],
    "MO-1": [10, 25, 50],
    "MO-2": [5, 10, 20],
    "MO-3": [20, 35, 50],
    "MO-4": [10, 25, 40],
    "BW-1": [0.30, 0.40, 0.50],
    "BW-2": [30, 50, 80],
}


def e(tenant, carrier, amount, unit="MWh", metered=True, use=None):
    return {
        "tenant_id": tenant,
        "carrier": carrier,
        "amount": amount,
        "unit": unit,
        "metered": metered,
        "use": use,
    }


def tenant(tid, employees=10, gva=1_000_000, management="none", audit_year=None):
    return {
        "tenant_id": tid,
        "name": f"Tenant {tid}",
        "employees": employees,
        "gva_eur": gva,
        "energy_management": management,
        "audit_year": audit_year,
    }


def run(tmp_path, facts=None, **tables):
    return assess_built(tmp_path, facts or base_facts(), base_tables(**tables))


def check(result, cid, value, level, *, rel=1e-9):
    c = result.criterion(cid)
    assert c.status == "ok", c.measure.details
    assert c.value == pytest.approx(value, rel=rel)
    assert c.level == level
    assert c.points == level


def status(result, cid):
    c = result.criterion(cid)
    if c.status != "ok":
        assert c.value is None and c.level == 0 and c.points == 0
    return c.status


def test_catalogue_thresholds_as_in_methodology():
    cat = load_catalogue()
    assert {c.id: list(c.thresholds) for c in cat.criteria} == THRESHOLDS
    assert cat.tolerance == 1e-9
    assert [c.id for c in cat.criteria if c.mandatory] == ["GM-2", "EN-1"]


# ------------------------------------------------------------------------------ governance
@pytest.mark.parametrize(("year", "level"), [(2045, 2), (2040, 3), (2035, 3), (2050, 1), (2051, 0)])
def test_gm1_target_year(tmp_path, year, level):
    facts = base_facts()
    facts["management"]["net_zero_target_year"] = year
    check(run(tmp_path, facts), "GM-1", float(year), level)


def test_gm1_without_target_year_is_insufficient(tmp_path):
    facts = base_facts()
    del facts["management"]["net_zero_target_year"]
    assert status(run(tmp_path, facts), "GM-1") == "insufficient_data"


GM_TENANTS = [
    tenant("T1", management="iso50001"),
    tenant("T2", management="audit", audit_year=2020),
    tenant("T3", management="audit", audit_year=2019),
    tenant("T4"),
]
GM_ENERGY = [
    e("T1", "electricity_grid", 1000),
    e("T2", "natural_gas", 500, metered=False),
    e("T3", "natural_gas", 300),
    e("T4", "electricity_grid", 100),
    e(None, "electricity_grid", 100, metered=False),
    e("T3", "natural_gas", 50_000, use="feedstock", metered=False),
]


def test_gm2_audit_validity_and_operator_rows(tmp_path):
    result = run(tmp_path, tenants=GM_TENANTS, energy=GM_ENERGY)
    # T1 iso50001 + T2 audit 2020 (= 2024 − 4, counts); T3 audit 2019 (− 5) does not;
    # the operator's 100 MWh and T4's 100 MWh are in the denominator only; feedstock left out
    expected = (1000 + 500) / (1000 + 500 + 300 + 100 + 100) * 100  # 75 %
    check(result, "GM-2", expected, 2)


def test_gm2_audit_five_years_old_does_not_count(tmp_path):
    tenants = [tenant("T1", management="audit", audit_year=2019), tenant("T2")]
    energy = [e("T1", "electricity_grid", 800), e("T2", "electricity_grid", 200)]
    result = run(tmp_path, tenants=tenants, energy=energy)
    check(result, "GM-2", 0.0, 0)
    assert result.level == "not_certified"  # GM-2 is mandatory
    tenants[0]["audit_year"] = 2020
    check(run(tmp_path / "b", tenants=tenants, energy=energy), "GM-2", 800 / 1000 * 100, 2)


def test_gm3_metered_share_counts_tenant_rows(tmp_path):
    result = run(tmp_path, tenants=GM_TENANTS, energy=GM_ENERGY)
    expected = (1000 + 300 + 100) / (1000 + 500 + 300 + 100 + 100) * 100  # 70 %
    check(result, "GM-3", expected, 1)


def test_gm3_operator_rows_count_in_the_denominator_only(tmp_path):
    energy = [dict(row) for row in GM_ENERGY]
    energy[4]["metered"] = True  # the operator's 100 MWh, now metered
    result = run(tmp_path, tenants=GM_TENANTS, energy=energy)
    # methodology §4: blank tenant_id rows count in the denominators only
    expected = (1000 + 300 + 100) / (1000 + 500 + 300 + 100 + 100) * 100  # still 70 %
    check(result, "GM-3", expected, 1)


def test_gm3_base(tmp_path):
    check(run(tmp_path), "GM-3", 1000 / 1500 * 100, 1)


# ------------------------------------------------------------------------------ energy
def test_en1_renewable_share(tmp_path):
    facts = base_facts(district_heat={"renewable_share": 0.5, "factor_t_per_mwh": 0.1})
    result = run(
        tmp_path,
        facts,
        energy=[
            e("T1", "electricity_grid", 1000),
            e("T2", "biomass", 500),
            e("T2", "district_heat", 200),
            e("T2", "natural_gas", 100),
        ],
        contracts=[{"tenant_id": "T1", "instrument": "ppa", "mwh": 600, "technology": "wind"}],
        generation=[
            {
                "asset_id": "PV",
                "tenant_id": "T1",
                "technology": "pv",
                "generation_mwh": 300,
                "exported_mwh": 100,
            }
        ],
    )
    renewable = 600 + 500 + 200 * 0.5 + (300 - 100)  # contract + biomass + DH share + PV used
    fec = 1000 + 500 + 200 + 100 + (300 - 100)
    check(result, "EN-1", renewable / fec * 100, 2)  # 1400 / 2000 = 70 %: exactly level 2
    assert result.to_dict()["inventory"]["renewable_mwh"] == pytest.approx(renewable)


def test_en1_zero_final_energy_is_insufficient(tmp_path):
    result = run(tmp_path, energy=[])
    for cid in ("EN-1", "GM-2", "GM-3", "EM-1", "EN-2"):
        assert status(result, cid) == "insufficient_data", cid
    assert result.indicator("IN-3").status == "insufficient_data"


def test_en2_onsite_generation_share(tmp_path):
    result = run(
        tmp_path,
        generation=[
            {
                "asset_id": "PV",
                "tenant_id": "T1",
                "technology": "pv",
                "generation_mwh": 300,
                "exported_mwh": 100,
            },
            {
                "asset_id": "ST",
                "tenant_id": None,
                "technology": "solar_thermal",
                "generation_mwh": 50,
            },
        ],
    )
    # generation incl. exported / (grid + electric generation consumed); solar thermal left out
    check(result, "EN-2", 300 / (1000 + (300 - 100)) * 100, 2)  # 25 %


def test_en2_empty_generation_is_zero(tmp_path):
    check(run(tmp_path, generation=[]), "EN-2", 0.0, 0)


def test_en2_no_electricity_is_insufficient(tmp_path):
    result = run(tmp_path, energy=[e("T2", "natural_gas", 500)], generation=[])
    assert status(result, "EN-2") == "insufficient_data"


HISTORY = [
    {
        "year": 2018,
        "final_energy_mwh": 2100,
        "gva_eur": None,
        "scope1_tco2e": None,
        "scope2_market_tco2e": None,
    },
    {
        "year": 2019,
        "final_energy_mwh": 2000,
        "gva_eur": 8_000_000,
        "scope1_tco2e": None,
        "scope2_market_tco2e": None,
    },
    {
        "year": 2020,
        "final_energy_mwh": 1900,
        "gva_eur": 8_500_000,
        "scope1_tco2e": 200,
        "scope2_market_tco2e": 800,
    },
    {
        "year": 2022,
        "final_energy_mwh": 1700,
        "gva_eur": 9_000_000,
        "scope1_tco2e": 150,
        "scope2_market_tco2e": 700,
    },
]


def test_en3_compound_formula(tmp_path):
    result = run(tmp_path, history=HISTORY)
    # baseline 2019: the earliest year with final_energy_mwh and gva_eur (2018 lacks gva)
    i_base = 2000 / 8_000_000
    i_now = 1500 / 10_000_000  # FEC / (6 + 4 M EUR)
    expected = (1 - (i_now / i_base) ** (1 / (2024 - 2019))) * 100  # 9.71 %/yr
    check(result, "EN-3", expected, 3)
    linear = (1 - i_now / i_base) / 5 * 100  # 8 %/yr: the compound formula differs
    assert result.criterion("EN-3").value != pytest.approx(linear)
    assert result.criterion("EN-3").measure.details["baseline year"] == 2019


def test_en3_small_improvement_level(tmp_path):
    # intensity 1.5e-4 now; baseline chosen so that the improvement is 2 %/yr over 2 years
    gva_base = 10_000_000
    fec_base = 1500 / 0.98**2
    history = [{"year": 2022, "final_energy_mwh": fec_base, "gva_eur": gva_base}]
    check(run(tmp_path, history=history), "EN-3", 2.0, 1)


@pytest.mark.parametrize(
    "history",
    [None, [], [{"year": 2019, "final_energy_mwh": 2000}], [{"year": 2019, "gva_eur": 5_000_000}]],
)
def test_en3_without_usable_baseline(tmp_path, history):
    assert status(run(tmp_path, history=history), "EN-3") == "insufficient_data"


def test_en3_zero_gva_is_insufficient(tmp_path):
    history = [{"year": 2019, "final_energy_mwh": 2000, "gva_eur": 0}]
    assert status(run(tmp_path, history=history), "EN-3") == "insufficient_data"


def test_en4_items(tmp_path):
    result = run(tmp_path)  # monitoring yes, storage 2 > 0, demand response no, community yes
    check(result, "EN-4", 3.0, 2)
    assert result.criterion("EN-4").warnings == []


def test_en4_absent_items_count_as_not_present_with_warning(tmp_path):
    facts = base_facts(smart_energy={"monitoring_platform": True})
    del facts["storage_mwh"]
    result = run(tmp_path, facts)
    check(result, "EN-4", 1.0, 0)
    warnings = " ".join(result.criterion("EN-4").warnings)
    for item in ("storage", "demand_response", "energy_community"):
        assert item in warnings
    assert "monitoring_platform" not in warnings


def test_en4_zero_storage_not_present(tmp_path):
    facts = base_facts(
        storage_mwh=0.0,
        smart_energy={
            "monitoring_platform": True,
            "demand_response": True,
            "energy_community": True,
        },
    )
    result = run(tmp_path, facts)
    check(result, "EN-4", 3.0, 2)
    assert result.criterion("EN-4").warnings == []


def test_en5_recovery_rate(tmp_path):
    result = run(
        tmp_path,
        waste_heat=[
            {"tenant_id": "T1", "recoverable_mwh": 300, "recovered_mwh": 250},
            {"tenant_id": "T2", "recoverable_mwh": 100, "recovered_mwh": 50},
        ],
    )
    check(result, "EN-5", (250 + 50) / (300 + 100) * 100, 3)  # 75 %


@pytest.mark.parametrize(
    "rows", [[], [{"tenant_id": "T1", "recoverable_mwh": 0, "recovered_mwh": 0}]]
)
def test_en5_not_applicable_when_recoverable_sums_to_zero(tmp_path, rows):
    result = run(tmp_path, waste_heat=rows)
    assert status(result, "EN-5") == "not_applicable"


# ------------------------------------------------------------------------------ emissions
def test_em1_intensity_includes_process_emissions(tmp_path):
    energy = [e("T1", "electricity_grid", 1000), e("T2", "biomass", 1000)]
    contracts = [{"tenant_id": "T1", "instrument": "go", "mwh": 1000, "technology": "hydro"}]
    clean = run(tmp_path, energy=energy, contracts=contracts)
    check(clean, "EM-1", 1000 * BIOMASS / 2000, 3)  # 0.0034 t/MWh
    process = [{"tenant_id": "T2", "source": "kiln", "gas": "CO2", "amount_t": 200}]
    dirty = run(tmp_path / "b", energy=energy, contracts=contracts, process_emissions=process)
    check(dirty, "EM-1", (1000 * BIOMASS + 200) / 2000, 1)  # 0.1034 t/MWh


def test_em1_base(tmp_path):
    check(run(tmp_path), "EM-1", BASE_E / 1500, 0)  # 0.4035 t/MWh


def test_em2_linear_formula(tmp_path):
    result = run(tmp_path, history=HISTORY)
    # baseline 2020: the earliest year with both scope columns (2018, 2019 lack them)
    e_base = 200 + 800
    expected = (e_base - BASE_E) / e_base / (2024 - 2020) * 100  # 9.87 % of baseline per yr
    check(result, "EM-2", expected, 3)
    assert result.criterion("EM-2").measure.details["baseline year"] == 2020


def test_em2_increase_is_negative(tmp_path):
    history = [{"year": 2022, "scope1_tco2e": 100, "scope2_market_tco2e": 400}]
    result = run(tmp_path, history=history)
    check(result, "EM-2", (500 - BASE_E) / 500 / 2 * 100, 0)


@pytest.mark.parametrize(
    "history",
    [
        None,
        [],
        [{"year": 2019, "scope1_tco2e": 100}],
        [{"year": 2019, "final_energy_mwh": 100, "gva_eur": 1_000_000}],
    ],
)
def test_em2_without_usable_baseline(tmp_path, history):
    assert status(run(tmp_path, history=history), "EM-2") == "insufficient_data"


def test_em2_zero_baseline_is_insufficient(tmp_path):
    history = [{"year": 2019, "scope1_tco2e": 0, "scope2_market_tco2e": 0}]
    assert status(run(tmp_path, history=history), "EM-2") == "insufficient_data"


# ------------------------------------------------------------------------------ circularity
def test_cs1_material_recovery(tmp_path):
    waste = [
        {"tenant_id": "T1", "stream": s, "hazardous": False, "amount_t": t, "treatment": tr}
        for s, t, tr in [
            ("a", 100, "recycling"),
            ("b", 50, "reuse"),
            ("c", 30, "material_recovery"),
            ("d", 20, "energy_recovery"),
            ("e", 60, "incineration"),
            ("f", 40, "landfill"),
        ]
    ]
    check(run(tmp_path, waste=waste), "CS-1", (100 + 50 + 30) / 300 * 100, 1)  # 60 %


def exchange(
    xid, supplier, receiver, kind="material", amount=10, unit="t", replaces=None, avoided=None
):
    return {
        "exchange_id": xid,
        "supplier_id": supplier,
        "receiver_id": receiver,
        "kind": kind,
        "resource": "stuff",
        "amount": amount,
        "unit": unit,
        "replaces": replaces,
        "avoided_tco2e": avoided,
    }


def test_cs2_participation(tmp_path):
    tenants = [tenant("T1", 40), tenant("T2", 30), tenant("T3", 20), tenant("T4", 10)]
    energy = [e(t, "electricity_grid", 100) for t in ("T1", "T2", "T3", "T4")]
    exchanges = [
        exchange("X1", "T1", "T2"),
        exchange("X2", "T3", "external"),
        exchange("X3", "T1", "T3"),
    ]
    result = run(tmp_path, tenants=tenants, energy=energy, exchanges=exchanges)
    check(result, "CS-2", 3 / 4 * 100, 3)  # T1, T2, T3 of 4 tenants


def test_cs2_reported_none_is_zero(tmp_path):
    check(run(tmp_path, exchanges=[]), "CS-2", 0.0, 0)


def test_cs3_avoided_emissions_and_warning_naming_row(tmp_path):
    exchanges = [
        exchange("X1", "T1", "T2", avoided=50),
        exchange("X2", "T1", "T2", kind="energy", amount=900, unit="MWh", replaces="natural_gas"),
        exchange("X3", "T2", "external", kind="material", replaces="natural_gas"),
        exchange("X4", "T2", "T1", kind="energy", amount=3240, unit="GJ", replaces="natural_gas"),
    ]
    result = run(tmp_path, exchanges=exchanges)
    avoided = 50 + 900 * NG / 0.9 + 0 + 3240 / 3.6 * NG / 0.9  # stated + computed + 0 + computed
    check(result, "CS-3", avoided / BASE_E * 100, 3)  # 75 %
    warnings = result.criterion("CS-3").warnings
    assert len(warnings) == 1
    assert "X3" in warnings[0] and "row 4" in warnings[0]  # spreadsheet row (header = 1)


def test_cs3_stated_value_wins(tmp_path):
    exchanges = [
        exchange(
            "X1",
            "T1",
            "T2",
            kind="energy",
            amount=900,
            unit="MWh",
            replaces="natural_gas",
            avoided=6.0530278,
        )
    ]
    check(run(tmp_path, exchanges=exchanges), "CS-3", 6.0530278 / BASE_E * 100, 0)  # 1 %


def test_cs3_zero_emissions_is_insufficient(tmp_path):
    result = run(
        tmp_path,
        energy=[e("T1", "hydrogen_green", 100)],
        exchanges=[exchange("X1", "T1", "T2", avoided=5)],
    )
    assert status(result, "CS-3") == "insufficient_data"


# ------------------------------------------------------------------------------ land
def test_lu1_lu2(tmp_path):
    result = run(tmp_path)
    check(result, "LU-1", 54 / 60 * 100, 2)  # 90 %
    check(result, "LU-2", 20 / 80 * 100, 2)  # 25 %: exactly level 2


@pytest.mark.parametrize(
    ("key", "cid"),
    [
        ("plots_in_use_ha", "LU-1"),
        ("plots_serviced_ha", "LU-1"),
        ("brownfield_ha", "LU-2"),
        ("developed_ha", "LU-2"),
    ],
)
def test_lu_without_land_key(tmp_path, key, cid):
    facts = base_facts()
    del facts["land"][key]
    if key == "plots_serviced_ha":
        del facts["land"]["plots_in_use_ha"]  # in use ≤ serviced is checked when both exist
    result = run(tmp_path, facts)
    assert status(result, cid) == "insufficient_data"


def test_lu_zero_denominators(tmp_path):
    facts = base_facts(
        land={
            "developed_ha": 0.0,
            "brownfield_ha": 0.0,
            "plots_serviced_ha": 0.0,
            "plots_in_use_ha": 0.0,
        }
    )
    result = run(tmp_path, facts)
    assert status(result, "LU-1") == "insufficient_data"
    assert status(result, "LU-2") == "insufficient_data"


# ------------------------------------------------------------------------------ mobility
def test_mo1_zero_emission_vehicles(tmp_path):
    vehicles = [
        {"tenant_id": t, "vehicle_class": c, "powertrain": p, "count": n}
        for t, c, p, n in [
            ("T1", "car", "bev", 3),
            (None, "bus", "fcev", 1),
            ("T1", "van", "ice", 4),
            ("T2", "car", "phev", 2),
        ]
    ]
    check(run(tmp_path, vehicles=vehicles), "MO-1", (3 + 1) / 10 * 100, 2)  # 40 %


def test_mo2_charging_points(tmp_path):
    check(run(tmp_path), "MO-2", 40 / 400 * 100, 2)  # 10 per 100 spaces


@pytest.mark.parametrize("missing", ["parking_spaces", "charging_points"])
def test_mo2_missing_key_is_insufficient(tmp_path, missing):
    facts = base_facts()
    del facts[missing]
    assert status(run(tmp_path, facts), "MO-2") == "insufficient_data"


def test_mo2_zero_parking_is_insufficient(tmp_path):
    facts = base_facts(parking_spaces=0, charging_points=0)
    assert status(run(tmp_path, facts), "MO-2") == "insufficient_data"


def test_mo3_commuting(tmp_path):
    commuting = [
        {"mode": m, "commuters": n}
        for m, n in [
            ("car", 50),
            ("carpool", 10),
            ("public_transport", 15),
            ("bicycle", 10),
            ("walking", 5),
            ("other", 10),
        ]
    ]
    check(run(tmp_path, commuting=commuting), "MO-3", (10 + 15 + 10 + 5) / 100 * 100, 2)


def test_mo4_freight(tmp_path):
    freight = [
        {"mode": m, "tonnes": t}
        for m, t in [("road", 700), ("rail", 200), ("ship", 50), ("pipeline", 50)]
    ]
    check(run(tmp_path, freight=freight), "MO-4", (200 + 50 + 50) / 1000 * 100, 2)  # 30 %


@pytest.mark.parametrize("freight", [None, []])
def test_mo4_not_applicable_when_none_declared(tmp_path, freight):
    facts = base_facts(freight={"none_declared": True})
    result = run(tmp_path, facts, freight=freight)
    assert status(result, "MO-4") == "not_applicable"
    # left out of its theme: mobility = (MO-1 3 + MO-2 2 + MO-3 1) / (3 × 3)
    assert result.themes["mobility"] == pytest.approx((3 + 2 + 1) / 9 * 100)


# ------------------------------------------------------------------------------ biodiversity
def test_bw1_undescribed_area_counts_sealed(tmp_path):
    surfaces = [
        {"surface_type": s, "area_ha": a}
        for s, a in [
            ("sealed", 30),
            ("partly_sealed", 10),
            ("semi_open", 10),
            ("green_roof", 10),
            ("vegetated", 20),
            ("water", 5),
        ]
    ]  # 85 of 100 ha described
    result = run(tmp_path, surfaces=surfaces)
    weighted = 30 * 0.0 + 10 * 0.3 + 10 * 0.5 + 10 * 0.7 + 20 * 1.0 + 5 * 1.0  # 40 ha
    check(result, "BW-1", weighted / 100, 2)  # / total_area_ha, not / 85 described
    assert any("surfaces" in w for w in result.warnings)  # 85 ≠ 100 ha: a warning


def test_bw2_alternative_water(tmp_path):
    water = [
        {"tenant_id": "T1", "source": s, "amount_m3": v}
        for s, v in [
            ("municipal", 500),
            ("groundwater", 200),
            ("rainwater", 100),
            ("reused", 150),
            ("recycled", 50),
        ]
    ]
    result = run(tmp_path, water=water)
    check(result, "BW-2", (100 + 150 + 50) / 1000 * 100, 1)  # 30 %
    # IN-4: fresh water (municipal + groundwater + surface) per M EUR of GVA (10 M EUR)
    assert result.indicator("IN-4").value == pytest.approx((500 + 200) / 10)


# ------------------------------------------------------------------------------ missing vs zero
ABSENT = [
    ("EN-2", "generation"),
    ("EN-5", "waste_heat"),
    ("CS-1", "waste"),
    ("CS-2", "exchanges"),
    ("CS-3", "exchanges"),
    ("MO-1", "vehicles"),
    ("MO-3", "commuting"),
    ("MO-4", "freight"),
    ("BW-1", "surfaces"),
    ("BW-2", "water"),
]


@pytest.mark.parametrize(("cid", "table"), ABSENT)
def test_absent_table_is_insufficient(tmp_path, cid, table):
    result = run(tmp_path, **{table: None})
    assert status(result, cid) == "insufficient_data"
    assert result.to_dict()["criteria"][[c.id for c in result.criteria].index(cid)]["value"] is None


@pytest.mark.parametrize(
    ("cid", "table"),
    [
        ("CS-1", "waste"),
        ("MO-1", "vehicles"),
        ("MO-3", "commuting"),
        ("MO-4", "freight"),
        ("BW-2", "water"),
    ],
)
def test_header_only_table_with_ratio_is_zero_denominator(tmp_path, cid, table):
    # reported: none, but the ratio's denominator is 0: insufficient_data
    assert status(run(tmp_path, **{table: []}), cid) == "insufficient_data"


def test_zero_amounts_are_zero_denominators(tmp_path):
    result = run(
        tmp_path,
        waste=[
            {
                "tenant_id": "T1",
                "stream": "x",
                "hazardous": False,
                "amount_t": 0,
                "treatment": "recycling",
            }
        ],
        vehicles=[{"tenant_id": "T1", "vehicle_class": "car", "powertrain": "bev", "count": 0}],
        commuting=[{"mode": "bicycle", "commuters": 0}],
        freight=[{"mode": "rail", "tonnes": 0}],
        water=[{"tenant_id": "T1", "source": "reused", "amount_m3": 0}],
    )
    for cid in ("CS-1", "MO-1", "MO-3", "MO-4", "BW-2"):
        assert status(result, cid) == "insufficient_data", cid


def test_header_only_tables_reported_none(tmp_path):
    result = run(tmp_path, generation=[], exchanges=[])
    check(result, "EN-2", 0.0, 0)
    check(result, "CS-2", 0.0, 0)
    check(result, "CS-3", 0.0, 0)


# ------------------------------------------------------------------------------ informative
def test_informative_indicators(tmp_path):
    result = run(tmp_path)
    ind = {i.id: i for i in result.informative}
    assert ind["IN-1"].value == pytest.approx(1000 * DIRECT_LV_2024)
    assert ind["IN-2"].value == pytest.approx(BASE_E / (10_000_000 / 1e6))  # t per M EUR
    lv_renewable_share_2024 = 0.7346  # lifecycle row, IN-3
    assert ind["IN-3"].value == pytest.approx(1000 * lv_renewable_share_2024 / 1500 * 100)
    assert ind["IN-4"].value == pytest.approx(1000 / 10)
    assert ind["IN-5"].value == 0.0
    assert all(i.status == "ok" for i in ind.values())


def test_in3_replaces_contracts_by_country_share(tmp_path):
    result = run(
        tmp_path,
        contracts=[{"tenant_id": "T1", "instrument": "ppa", "mwh": 1000, "technology": "wind"}],
    )
    check(result, "EN-1", 1000 / 1500 * 100, 1)  # 66.7 %
    assert result.indicator("IN-3").value == pytest.approx(1000 * 0.7346 / 1500 * 100)


def test_in2_in4_zero_gva_and_absent_water(tmp_path):
    tenants = [tenant("T1", 60, gva=0), tenant("T2", 40, gva=0)]
    result = run(tmp_path, tenants=tenants, water=None)
    assert result.indicator("IN-2").status == "insufficient_data"
    assert result.indicator("IN-2").value is None
    assert result.indicator("IN-4").status == "insufficient_data"


# ------------------------------------------------------------------------------ prerequisites
def prereq(result, pid):
    return next(p for p in result.prerequisites if p.id == pid)


def test_prerequisites_pass(tmp_path):
    result = run(tmp_path)
    assert [p.id for p in result.prerequisites] == ["PR-1", "PR-2", "PR-3", "PR-4"]
    assert all(p.passed for p in result.prerequisites)


@pytest.mark.parametrize(
    ("key", "pid"),
    [("entity", "PR-1"), ("energy_concept_adopted", "PR-2"), ("land_saving_advice", "PR-3")],
)
def test_prerequisite_absent_input_not_reported(tmp_path, key, pid):
    facts = base_facts()
    del facts["management"][key]
    result = run(tmp_path, facts)
    p = prereq(result, pid)
    assert not p.passed
    assert p.detail == "not reported"
    assert result.level == "not_certified"


@pytest.mark.parametrize(
    ("key", "value", "pid"),
    [
        ("entity", "  ", "PR-1"),
        ("energy_concept_adopted", False, "PR-2"),
        ("land_saving_advice", False, "PR-3"),
    ],
)
def test_prerequisite_declared_no_fails(tmp_path, key, value, pid):
    facts = base_facts()
    facts["management"][key] = value
    p = prereq(run(tmp_path, facts), pid)
    assert not p.passed
    assert p.detail != "not reported"


@pytest.mark.parametrize(("reporting", "silent", "passed"), [(79, 21, False), (80, 20, True)])
def test_pr4_employee_coverage(tmp_path, reporting, silent, passed):
    tenants = [tenant("T1", reporting), tenant("T2", silent)]
    energy = [e("T1", "electricity_grid", 1000)]  # T2 has no energy row
    p = prereq(run(tmp_path, tenants=tenants, energy=energy), "PR-4")
    assert p.passed is passed
    assert f"{reporting}.0 %" in p.detail


def test_pr4_feedstock_row_counts_as_an_energy_row(tmp_path):
    tenants = [tenant("T1", 50), tenant("T2", 50)]
    energy = [e("T1", "electricity_grid", 1000), e("T2", "natural_gas", 10, use="feedstock")]
    assert prereq(run(tmp_path, tenants=tenants, energy=energy), "PR-4").passed


def test_pr4_operator_rows_do_not_cover_tenants(tmp_path):
    tenants = [tenant("T1", 10), tenant("T2", 90)]
    energy = [e("T1", "electricity_grid", 100), e(None, "electricity_grid", 1000)]
    assert not prereq(run(tmp_path, tenants=tenants, energy=energy), "PR-4").passed
