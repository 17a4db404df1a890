"""Properties of the calculation engine on random (valid) areas, with hypothesis.

- adding renewable on-site generation never lowers EN-1;
- raising a higher-is-better threshold (through the catalogue) never raises a level;
- the overall score stays in 0..100;
- scores do not depend on the order of the rows of any table.
"""

from __future__ import annotations

import copy
import math
import random
import tempfile
from pathlib import Path

from conftest import V10  # methodology v1.0: these properties use its rules (v1.1: test_v11.py)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia.data.area import load_area
from gia.method.assessment import assess
from gia.method.catalogue import Catalogue, load_catalogue
from gia.testing import write_area

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CAT = load_catalogue(V10)
LEVEL_RANK = {"not_certified": 0, "bronze": 1, "silver": 2, "gold": 3}

CARRIERS = [
    "electricity_grid",
    "district_heat",
    "natural_gas",
    "diesel",
    "biomass",
    "biogas",
    "hydrogen_grey",
    "hydrogen_green",
]
TECHNOLOGIES = ["pv", "wind", "hydro", "solar_thermal", "geothermal", "heat_pump_ambient"]
amount = st.integers(min_value=0, max_value=5000)


def maybe_table(rows: st.SearchStrategy) -> st.SearchStrategy:
    """Absent (None), header only ([]) or some rows."""
    return st.one_of(st.none(), st.just([]), rows)


@st.composite
def areas(draw) -> tuple[dict, dict]:
    n = draw(st.integers(min_value=1, max_value=4))
    ids = [f"T{i}" for i in range(1, n + 1)]
    owner = st.sampled_from([*ids, None])
    tenants = []
    for tid in ids:
        management = draw(st.sampled_from(["none", "audit", "iso50001"]))
        tenants.append(
            {
                "tenant_id": tid,
                "name": f"Tenant {tid}",
                "employees": draw(st.integers(0, 300)),
                "gva_eur": draw(st.integers(0, 10_000_000)),
                "energy_management": management,
                "audit_year": draw(st.integers(2015, 2024)) if management == "audit" else None,
            }
        )
    energy = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "tenant_id": owner,
                    "carrier": st.sampled_from(CARRIERS),
                    "amount": amount,
                    "unit": st.just("MWh"),
                    "metered": st.booleans(),
                    "use": st.sampled_from([None, "energy"]),
                }
            ),
            max_size=8,
        )
    )
    if draw(st.booleans()):
        energy.append(
            {
                "tenant_id": ids[0],
                "carrier": "natural_gas",
                "amount": 1000,
                "unit": "MWh",
                "metered": True,
                "use": "feedstock",
            }
        )

    @st.composite
    def generation_row(draw2, i):
        gen = draw2(amount)
        return {
            "asset_id": f"G{i}",
            "tenant_id": draw2(owner),
            "technology": draw2(st.sampled_from(TECHNOLOGIES)),
            "generation_mwh": gen,
            "exported_mwh": draw2(st.integers(0, gen)),
        }

    k = draw(st.integers(0, 3))
    generation = draw(maybe_table(st.tuples(*[generation_row(i) for i in range(k)]).map(list)))
    contracts = draw(
        maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "tenant_id": owner,
                        "instrument": st.sampled_from(["ppa", "go", "green_tariff"]),
                        "mwh": amount,
                        "technology": st.sampled_from(["wind", "solar", "hydro"]),
                    }
                ),
                max_size=3,
            )
        )
    )
    process = draw(
        maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "tenant_id": st.sampled_from(ids),
                        "source": st.just("process"),
                        "gas": st.sampled_from(["CO2", "R-134a", "CH4_fossil", "SF6"]),
                        "amount_t": st.integers(0, 50),
                    }
                ),
                max_size=3,
            )
        )
    )
    waste = draw(
        maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "tenant_id": owner,
                        "stream": st.just("w"),
                        "hazardous": st.booleans(),
                        "amount_t": amount,
                        "treatment": st.sampled_from(
                            [
                                "reuse",
                                "recycling",
                                "material_recovery",
                                "energy_recovery",
                                "incineration",
                                "landfill",
                            ]
                        ),
                    }
                ),
                max_size=4,
            )
        )
    )
    exchanges = []
    for i in range(draw(st.integers(0, 3))):
        supplier = draw(st.sampled_from(ids))
        receiver = draw(st.sampled_from([t for t in ids if t != supplier] + ["external"]))
        if draw(st.booleans()):
            row = {
                "kind": "material",
                "amount": 10,
                "unit": "t",
                "replaces": None,
                "avoided_tco2e": draw(st.integers(0, 500)),
            }
        else:
            row = {
                "kind": "energy",
                "amount": draw(amount),
                "unit": "MWh",
                "replaces": draw(st.sampled_from(["natural_gas", "fuel_oil"])),
                "avoided_tco2e": None,
            }
        exchanges.append(
            {
                "exchange_id": f"X{i}",
                "supplier_id": supplier,
                "receiver_id": receiver,
                "resource": "r",
                **row,
            }
        )
    exchanges = draw(st.sampled_from([None, exchanges]))
    waste_heat = []
    for tid in draw(st.lists(st.sampled_from(ids), max_size=3)):
        able = draw(amount)
        waste_heat.append(
            {"tenant_id": tid, "recoverable_mwh": able, "recovered_mwh": draw(st.integers(0, able))}
        )
    waste_heat = draw(st.sampled_from([None, waste_heat]))
    water = draw(
        maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "tenant_id": owner,
                        "source": st.sampled_from(
                            [
                                "municipal",
                                "groundwater",
                                "surface",
                                "rainwater",
                                "reused",
                                "recycled",
                            ]
                        ),
                        "amount_m3": amount,
                    }
                ),
                max_size=4,
            )
        )
    )
    vehicles = draw(
        maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "tenant_id": owner,
                        "vehicle_class": st.sampled_from(["car", "van", "truck"]),
                        "powertrain": st.sampled_from(["ice", "hev", "phev", "bev", "fcev"]),
                        "count": st.integers(0, 30),
                    }
                ),
                max_size=4,
            )
        )
    )
    commuting = draw(
        maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "mode": st.sampled_from(
                            ["car", "carpool", "public_transport", "bicycle", "walking", "other"]
                        ),
                        "commuters": st.integers(0, 300),
                    }
                ),
                max_size=4,
            )
        )
    )
    none_declared = draw(st.booleans())
    freight = draw(
        st.sampled_from([None, []])
        if none_declared
        else maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "mode": st.sampled_from(["road", "rail", "ship", "pipeline"]),
                        "tonnes": amount,
                    }
                ),
                max_size=4,
            )
        )
    )
    surfaces = draw(
        maybe_table(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "surface_type": st.sampled_from(
                            [
                                "sealed",
                                "partly_sealed",
                                "semi_open",
                                "green_roof",
                                "vegetated",
                                "water",
                            ]
                        ),
                        "area_ha": st.integers(0, 40),
                    }
                ),
                max_size=4,
            )
        )
    )
    years = draw(st.lists(st.integers(2015, 2023), unique=True, max_size=3))
    cell = st.one_of(st.none(), st.integers(1, 10_000_000))
    history = draw(
        st.sampled_from(
            [
                None,
                [
                    {
                        "year": y,
                        "final_energy_mwh": draw(cell),
                        "gva_eur": draw(cell),
                        "scope1_tco2e": draw(cell),
                        "scope2_market_tco2e": draw(cell),
                    }
                    for y in years
                ],
            ]
        )
    )

    developed = draw(st.integers(0, 100))
    serviced = draw(st.integers(0, 100))
    land = draw(
        st.sampled_from(
            [
                {},
                {
                    "developed_ha": float(developed),
                    "brownfield_ha": float(draw(st.integers(0, developed))),
                    "plots_serviced_ha": float(serviced),
                    "plots_in_use_ha": float(draw(st.integers(0, serviced))),
                },
            ]
        )
    )
    facts = {
        "id": "prop-area",
        "name": "Random area",
        "country": draw(st.sampled_from(["LV", "DE", "PL", "AZ"])),
        "reporting_year": 2024,
        "total_area_ha": 100.0,
        "management": {
            "entity": "M",
            "energy_concept_adopted": draw(st.booleans()),
            "land_saving_advice": True,
            "net_zero_target_year": draw(st.sampled_from([None, 2035, 2045, 2060])),
        },
        "smart_energy": {
            "monitoring_platform": draw(st.booleans()),
            "demand_response": draw(st.booleans()),
            "energy_community": draw(st.booleans()),
        },
        "storage_mwh": float(draw(st.integers(0, 5))),
        "district_heat": {
            "renewable_share": draw(st.sampled_from([0.0, 0.3, 1.0])),
            "factor_t_per_mwh": 0.12,
        },
        "land": land,
        "freight": {"none_declared": none_declared},
    }
    if draw(st.booleans()):
        facts["parking_spaces"] = draw(st.integers(0, 500))
        facts["charging_points"] = draw(st.integers(0, 100))
    tables = {
        "tenants": tenants,
        "energy": energy,
        "generation": generation,
        "contracts": contracts,
        "process_emissions": process,
        "waste": waste,
        "exchanges": exchanges,
        "waste_heat": waste_heat,
        "water": water,
        "vehicles": vehicles,
        "commuting": commuting,
        "freight": freight,
        "surfaces": surfaces,
        "history": history,
    }
    return facts, tables


def assess_dicts(facts: dict, tables: dict, catalogue: Catalogue = CAT):
    with tempfile.TemporaryDirectory() as tmp:
        area = load_area(write_area(Path(tmp), facts, tables))
        return assess(area, catalogue)


def same(a, b, path="") -> None:
    """Equal documents: floats to a relative 1e-12 (summation order), everything else exactly."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), f"{path}: {a} != {b}"
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), path
        for key in a:
            same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


@SETTINGS
@given(
    area=areas(),
    tech=st.sampled_from(TECHNOLOGIES),
    gen=st.integers(1, 5000),
    share_exported=st.sampled_from([0.0, 0.5, 0.9]),
)
def test_adding_onsite_generation_never_lowers_en1(area, tech, gen, share_exported):
    facts, tables = area
    before = assess_dicts(facts, tables).criterion("EN-1")
    more = copy.deepcopy(tables)
    more["generation"] = [
        *(more["generation"] or []),
        {
            "asset_id": "NEW",
            "tenant_id": None,
            "technology": tech,
            "generation_mwh": gen,
            "exported_mwh": math.floor(gen * share_exported),
        },
    ]
    after = assess_dicts(facts, more).criterion("EN-1")
    assert after.status == "ok"  # consumed > 0: final energy > 0
    if before.status == "ok":
        assert after.value >= before.value - 1e-9
        assert after.level >= before.level


HIGHER = [c.id for c in CAT.criteria if c.direction == "higher"]


@SETTINGS
@given(
    area=areas(),
    criterion_id=st.sampled_from(HIGHER),
    k=st.integers(0, 2),
    raise_by=st.floats(min_value=0.01, max_value=3.0),
)
def test_raising_a_threshold_never_raises_a_level(area, criterion_id, k, raise_by):
    facts, tables = area
    data = CAT.to_yaml_dict()
    crit = next(c for c in data["criteria"] if c["id"] == criterion_id)
    old = list(crit["thresholds"])
    # raise threshold k (and the higher ones by as much, keeping them increasing)
    delta = raise_by * max(abs(old[k]), 1.0)
    crit["thresholds"] = [t + delta if i >= k else t for i, t in enumerate(old)]
    stricter = Catalogue.model_validate(data)
    assert stricter.criterion(criterion_id).thresholds[k] > old[k]
    with tempfile.TemporaryDirectory() as tmp:
        loaded = load_area(write_area(Path(tmp), facts, tables))
        base, strict = assess(loaded, CAT), assess(loaded, stricter)
    for b, s in zip(base.criteria, strict.criteria, strict=True):
        assert s.level <= b.level
        if b.id != criterion_id:
            assert s.level == b.level
    if base.overall_score is not None:
        assert strict.overall_score <= base.overall_score + 1e-9
    assert LEVEL_RANK[strict.level] <= LEVEL_RANK[base.level]


@SETTINGS
@given(area=areas())
def test_overall_score_between_0_and_100(area):
    result = assess_dicts(*area)
    doc = result.to_dict()
    assert doc["overall_score"] is None or 0.0 <= doc["overall_score"] <= 100.0
    for score in doc["themes"].values():
        assert score is None or 0.0 <= score <= 100.0
    for c in doc["criteria"]:
        assert 0 <= c["level"] <= 3
        assert (c["value"] is None) == (c["status"] != "ok")
        if c["value"] is not None:
            assert math.isfinite(c["value"])
    assert doc["level"] in LEVEL_RANK


@SETTINGS
@given(area=areas(), seed=st.integers(0, 2**32 - 1))
def test_scores_independent_of_row_order(area, seed):
    facts, tables = area
    rng = random.Random(seed)
    shuffled = {}
    for name, rows in tables.items():
        rows = None if rows is None else list(rows)
        if rows:
            rng.shuffle(rows)
        shuffled[name] = rows
    same(assess_dicts(facts, tables).to_dict(), assess_dicts(facts, shuffled).to_dict())
