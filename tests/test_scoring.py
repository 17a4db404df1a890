"""Aggregation and level (methodology §5) and the shape of results.json (outputs.md)."""

from __future__ import annotations

import json

import pytest
import yaml

# hand-worked values of methodology v1.0 (v1.1: tests/test_v11.py)
from conftest import V10  # noqa: E402

from gia.method.catalogue import load_catalogue
from gia.method.criteria import CriterionResult, Measure
from gia.method.criteria.prerequisites import PrerequisiteResult
from gia.method.scoring import certification_level, overall_score, theme_scores
from gia.testing import assess_built, base_facts, base_tables

pytestmark = pytest.mark.usefixtures("methodology_v10")

CAT = load_catalogue(V10)
THEME_WEIGHTS = {
    "governance": 0.10,
    "energy": 0.25,
    "emissions": 0.20,
    "circularity": 0.15,
    "land": 0.10,
    "mobility": 0.10,
    "biodiversity_water": 0.10,
}
PASS = [PrerequisiteResult(p, True, "ok") for p in ("PR-1", "PR-2", "PR-3", "PR-4")]


def result(cid, theme, points, *, weight=1.0, status="ok", mandatory=False):
    value = None if status != "ok" else float(points)
    return CriterionResult(
        id=cid,
        theme=theme,
        title=cid,
        unit="%",
        mandatory=mandatory,
        weight=weight,
        measure=Measure(value, status),
        level=points,
        points=points,
    )


def test_catalogue_theme_weights_and_levels():
    assert {t.id: t.weight for t in CAT.themes} == THEME_WEIGHTS
    assert [(lv.id, lv.min_overall, lv.min_theme) for lv in CAT.levels] == [
        ("gold", 65, 35),
        ("silver", 50, 20),
        ("bronze", 35, None),
    ]


def test_theme_score_weighted_with_not_applicable_excluded_and_insufficient_zero():
    results = [
        result("A", "energy", 3, weight=2.0),
        result("B", "energy", 1, weight=1.0),
        result("C", "energy", 0, weight=1.0, status="insufficient_data"),
        result("D", "energy", 0, weight=5.0, status="not_applicable"),
    ]
    scores = theme_scores(results, CAT)
    expected = (2 * 3 + 1 * 1 + 1 * 0) / (3 * (2 + 1 + 1)) * 100  # D left out: 58.33 %
    assert scores["energy"] == pytest.approx(expected)
    # a theme with only not-applicable criteria, or none at all: None
    assert scores["land"] is None


def test_theme_with_only_not_applicable_is_none():
    scores = theme_scores(
        [result("X", "land", 0, status="not_applicable"), result("Y", "energy", 2)], CAT
    )
    assert scores["land"] is None
    assert scores["energy"] == pytest.approx(2 / 3 * 100)
    assert set(scores) == set(THEME_WEIGHTS)


def test_overall_score_renormalised_over_themes_with_a_score():
    scores = {
        "governance": 50.0,
        "energy": 80.0,
        "emissions": None,
        "circularity": 20.0,
        "land": None,
        "mobility": None,
        "biodiversity_water": 100.0,
    }
    expected = (0.10 * 50 + 0.25 * 80 + 0.15 * 20 + 0.10 * 100) / (0.10 + 0.25 + 0.15 + 0.10)
    assert overall_score(scores, CAT) == pytest.approx(expected)  # 63.33 %
    full = {t: 40.0 for t in THEME_WEIGHTS}
    assert overall_score(full, CAT) == pytest.approx(40.0)
    assert overall_score(dict.fromkeys(THEME_WEIGHTS), CAT) is None


def level(overall, themes, *, prerequisites=PASS, results=()):
    scores = dict.fromkeys(THEME_WEIGHTS, None)
    scores.update(themes)
    return certification_level(prerequisites, list(results), scores, overall, CAT)


@pytest.mark.parametrize(
    ("overall", "themes", "expected"),
    [
        (80.0, {"energy": 90.0, "land": 35.0}, "gold"),
        (80.0, {"energy": 90.0, "land": 34.0}, "silver"),  # theme minimum of gold missed
        (64.0, {"energy": 90.0, "land": 40.0}, "silver"),
        (60.0, {"energy": 90.0, "land": 19.0}, "bronze"),  # theme minimum of silver missed
        (49.0, {"energy": 60.0, "land": 30.0}, "bronze"),
        (40.0, {"energy": 80.0, "land": 0.0}, "bronze"),  # bronze has no theme minimum
        (34.0, {"energy": 34.0}, "not_certified"),
        (0.0, {"energy": 0.0}, "not_certified"),
        (100.0, {"energy": 100.0, "land": None}, "gold"),  # a None theme has no minimum to meet
    ],
)
def test_level_bands(overall, themes, expected):
    assert level(overall, themes) == expected


@pytest.mark.parametrize(
    ("overall", "theme", "expected"),
    [
        (65.0, 35.0, "gold"),
        (65.0 * (1 - 1e-10), 35.0, "gold"),  # within the relative tolerance 1e-9
        (65.0, 35.0 * (1 - 1e-10), "gold"),
        (65.0 * (1 - 1e-8), 35.0, "silver"),  # beyond it
        (65.0, 35.0 * (1 - 1e-8), "silver"),
        (50.0 * (1 - 1e-10), 20.0 * (1 - 1e-10), "silver"),
        (50.0 * (1 - 1e-8), 20.0, "bronze"),
        (35.0 * (1 - 1e-10), 0.0, "bronze"),
        (35.0 * (1 - 1e-8), 0.0, "not_certified"),
    ],
)
def test_level_band_edges_with_tolerance(overall, theme, expected):
    assert level(overall, {"energy": 100.0, "land": theme}) == expected


def test_failing_prerequisite_blocks_certification():
    failed = [*PASS[:3], PrerequisiteResult("PR-4", False, "not reported")]
    assert level(100.0, {"energy": 100.0}, prerequisites=failed) == "not_certified"


def test_mandatory_criterion_below_level_1_blocks_certification():
    below = [result("EN-1", "energy", 0, mandatory=True), result("EN-2", "energy", 3)]
    assert level(100.0, {"energy": 100.0}, results=below) == "not_certified"
    met = [result("EN-1", "energy", 1, mandatory=True), result("EN-2", "energy", 3)]
    assert level(100.0, {"energy": 100.0}, results=met) == "gold"
    insufficient = [result("GM-2", "governance", 0, mandatory=True, status="insufficient_data")]
    assert level(100.0, {"energy": 100.0}, results=insufficient) == "not_certified"


@pytest.mark.parametrize(
    ("value", "thresholds", "direction", "expected"),
    [
        (50.0, "EN-1", "higher", 1),
        (50.0 * (1 - 1e-10), "EN-1", "higher", 1),
        (50.0 * (1 - 1e-8), "EN-1", "higher", 0),
        (89.999999, "EN-1", "higher", 2),
        (0.20, "EM-1", "lower", 1),
        (0.20 * (1 + 1e-10), "EM-1", "lower", 1),
        (0.20 * (1 + 1e-8), "EM-1", "lower", 0),
        (0.025, "EM-1", "lower", 3),
        (0.0, "EM-1", "lower", 3),
    ],
)
def test_criterion_level_tolerance(value, thresholds, direction, expected):
    crit = CAT.criterion(thresholds)
    assert crit.direction == direction
    assert crit.level_for(value, CAT.tolerance) == expected


# ------------------------------------------------------------------------------ through assess
def test_assessment_scores_worked_by_hand(tmp_path):
    a = assess_built(tmp_path)
    points = {c.id: c.points for c in a.criteria}
    # base area (see test_criteria): energy EN-1 0, EN-2 0, EN-3 insufficient 0, EN-4 2, EN-5 2
    assert [points[c] for c in ("EN-1", "EN-2", "EN-3", "EN-4", "EN-5")] == [0, 0, 0, 2, 2]
    assert a.themes["energy"] == pytest.approx((0 + 0 + 0 + 2 + 2) / (3 * 5) * 100)
    # governance GM-1 2045 -> 2, GM-2 66.7 % -> 1, GM-3 66.7 % -> 1
    assert a.themes["governance"] == pytest.approx((2 + 1 + 1) / 9 * 100)
    expected_overall = sum(THEME_WEIGHTS[t] * s for t, s in a.themes.items())
    assert a.overall_score == pytest.approx(expected_overall)  # every theme has a score
    assert a.level == "not_certified"  # EN-1 (mandatory) is at level 0


def test_criterion_weight_from_catalogue(tmp_path):
    data = yaml.safe_load(V10.read_text(encoding="utf-8"))
    for crit in data["criteria"]:
        if crit["id"] == "EN-4":
            crit["weight"] = 3.0
    path = tmp_path / "weighted.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    a = assess_built(tmp_path, catalogue=load_catalogue(path))
    # EN-4 2 points × 3, EN-5 2 points × 1, the others 0: weights 3 + 1 + 1 + 1 + 1
    assert a.themes["energy"] == pytest.approx((3 * 2 + 2) / (3 * 7) * 100)


def test_theme_without_applicable_criterion_left_out_of_overall(tmp_path):
    # a catalogue whose mobility theme holds MO-4 only; the area declares no freight
    data = yaml.safe_load(V10.read_text(encoding="utf-8"))
    data["criteria"] = [c for c in data["criteria"] if c["id"] not in ("MO-1", "MO-2", "MO-3")]
    path = tmp_path / "mo4-only.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    catalogue = load_catalogue(path)
    a = assess_built(
        tmp_path,
        base_facts(freight={"none_declared": True}),
        base_tables(freight=None),
        catalogue=catalogue,
    )
    assert a.criterion("MO-4").status == "not_applicable"
    assert a.themes["mobility"] is None
    assert a.to_dict()["themes"]["mobility"] is None
    others = {t: s for t, s in a.themes.items() if t != "mobility"}
    assert all(s is not None for s in others.values())
    expected = sum(THEME_WEIGHTS[t] * s for t, s in others.items()) / (
        1 - THEME_WEIGHTS["mobility"]
    )  # renormalised over the other six themes (0.90)
    assert a.overall_score == pytest.approx(expected)


def test_insufficient_theme_counts_as_zero_not_none(tmp_path):
    a = assess_built(tmp_path, base_facts(land={}))  # LU-1, LU-2 insufficient: 0 points
    assert a.criterion("LU-1").status == a.criterion("LU-2").status == "insufficient_data"
    assert a.themes["land"] == 0.0
    assert a.overall_score == pytest.approx(sum(THEME_WEIGHTS[t] * s for t, s in a.themes.items()))


def gold_tables():
    """A base-area variant that earns gold: every theme ≥ 35 %, overall ≥ 65 %."""
    return base_tables(
        energy=[
            {
                "tenant_id": "T1",
                "carrier": "electricity_grid",
                "amount": 1000,
                "unit": "MWh",
                "metered": True,
            },
            {
                "tenant_id": "T2",
                "carrier": "biomass",
                "amount": 500,
                "unit": "MWh",
                "metered": True,
            },
        ],
        contracts=[{"tenant_id": "T1", "instrument": "ppa", "mwh": 1000, "technology": "wind"}],
        generation=[
            {"asset_id": "PV", "tenant_id": "T1", "technology": "pv", "generation_mwh": 800}
        ],
        exchanges=[
            {
                "exchange_id": "X1",
                "supplier_id": "T1",
                "receiver_id": "T2",
                "kind": "material",
                "resource": "scrap",
                "amount": 1,
                "unit": "t",
                "avoided_tco2e": 5,
            }
        ],
        commuting=[{"mode": "bicycle", "commuters": 60}, {"mode": "car", "commuters": 40}],
        freight=[{"mode": "rail", "tonnes": 500}, {"mode": "road", "tonnes": 500}],
        water=[
            {"tenant_id": "T1", "source": "reused", "amount_m3": 900},
            {"tenant_id": "T1", "source": "municipal", "amount_m3": 100},
        ],
        history=[
            {
                "year": 2020,
                "final_energy_mwh": 5000,
                "gva_eur": 10_000_000,
                "scope1_tco2e": 500,
                "scope2_market_tco2e": 500,
            }
        ],
    )


def test_gold_area(tmp_path):
    a = assess_built(tmp_path, base_facts(), gold_tables())
    assert all(p.passed for p in a.prerequisites)
    assert a.overall_score >= 65
    assert all(s >= 35 for s in a.themes.values() if s is not None)
    assert a.level == "gold"


# ------------------------------------------------------------------------------ results.json
def test_results_document_shape(tmp_path):
    a = assess_built(tmp_path, base_facts(), base_tables(generation=None, history=None))
    doc = json.loads(json.dumps(a.to_dict(), allow_nan=False))
    assert list(doc) == [
        "area_id",
        "reporting_year",
        "methodology_version",
        "level",
        "route",
        "overall_score",
        "themes",
        "prerequisites",
        "criteria",
        "informative",
        "inventory",
        "warnings",
    ]
    assert doc["area_id"] == "t-area"
    assert doc["reporting_year"] == 2024
    assert doc["methodology_version"] == "1.0"
    assert doc["level"] in {"gold", "silver", "bronze", "not_certified"}
    assert list(doc["themes"]) == CAT.theme_ids
    assert [p["id"] for p in doc["prerequisites"]] == ["PR-1", "PR-2", "PR-3", "PR-4"]
    assert all(list(p) == ["id", "passed", "detail"] for p in doc["prerequisites"])
    assert [c["id"] for c in doc["criteria"]] == CAT.criterion_ids
    assert [i["id"] for i in doc["informative"]] == CAT.indicator_ids
    for c in doc["criteria"]:
        assert list(c) == [
            "id",
            "theme",
            "value",
            "unit",
            "level",
            "points",
            "mandatory",
            "status",
            "warnings",
        ]
        assert c["status"] in {"ok", "insufficient_data", "not_applicable"}
        assert (c["value"] is None) == (c["status"] != "ok")
        assert c["points"] == c["level"]
        assert c["theme"] == CAT.criterion(c["id"]).theme
        assert c["unit"] == CAT.criterion(c["id"]).unit
    for i in doc["informative"]:
        assert list(i) == ["id", "value", "unit", "status", "warnings"]
        assert (i["value"] is None) == (i["status"] != "ok")
    assert list(doc["inventory"]) == [
        "final_energy_mwh",
        "scope1_tco2e",
        "scope2_location_tco2e",
        "scope2_market_tco2e",
        "upstream_hydrogen_tco2e",
        "biogenic_co2_t",
        "renewable_mwh",
    ]
    assert all(isinstance(v, float) for v in doc["inventory"].values())
    statuses = {c["id"]: c["status"] for c in doc["criteria"]}
    assert statuses["EN-2"] == statuses["EN-3"] == statuses["EM-2"] == "insufficient_data"
    assert isinstance(doc["warnings"], list)
