"""Tests of the criteria catalogue: the shipped YAML, its strict validation, look-ups and tables."""

from __future__ import annotations

import copy
import hashlib
import math
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gia.method.catalogue import (
    Catalogue,
    CatalogueError,
    Criterion,
    load_catalogue,
)
from gia.method.compare import compare_catalogues

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "criteria" / "gia-v1.0.yaml"

# Methodology v1.0, section 3: id -> (theme, unit, direction, L1, L2, L3, mandatory).
SPEC_TABLE = {
    "GM-1": ("governance", "year", "lower", 2050, 2045, 2040, False),
    "GM-2": ("governance", "%", "higher", 50, 75, 90, True),
    "GM-3": ("governance", "%", "higher", 60, 80, 95, False),
    "EN-1": ("energy", "%", "higher", 50, 70, 90, True),
    "EN-2": ("energy", "%", "higher", 10, 25, 50, False),
    "EN-3": ("energy", "%/yr", "higher", 1.5, 2.5, 4.0, False),
    "EN-4": ("energy", "items", "higher", 2, 3, 4, False),
    "EN-5": ("energy", "%", "higher", 25, 50, 75, False),
    "EM-1": ("emissions", "t CO2e/MWh", "lower", 0.20, 0.10, 0.025, False),
    "EM-2": ("emissions", "% of baseline per yr", "higher", 2.5, 4.2, 7.0, False),
    "CS-1": ("circularity", "%", "higher", 50, 70, 85, False),
    "CS-2": ("circularity", "%", "higher", 10, 25, 40, False),
    "CS-3": ("circularity", "%", "higher", 5, 10, 20, False),
    "LU-1": ("land", "%", "higher", 70, 85, 95, False),
    "LU-2": ("land", "%", "higher", 10, 25, 50, False),
    "MO-1": ("mobility", "%", "higher", 10, 25, 50, False),
    "MO-2": ("mobility", "n/100", "higher", 5, 10, 20, False),
    "MO-3": ("mobility", "%", "higher", 20, 35, 50, False),
    "MO-4": ("mobility", "%", "higher", 10, 25, 40, False),
    "BW-1": ("biodiversity_water", "ratio", "higher", 0.30, 0.40, 0.50, False),
    "BW-2": ("biodiversity_water", "%", "higher", 30, 50, 80, False),
}
THEME_WEIGHTS = {
    "governance": 0.10,
    "energy": 0.25,
    "emissions": 0.20,
    "circularity": 0.15,
    "land": 0.10,
    "mobility": 0.10,
    "biodiversity_water": 0.10,
}
INFORMATIVE_UNITS = {
    "IN-1": "t CO2e",
    "IN-2": "t CO2e/M EUR",
    "IN-3": "%",
    "IN-4": "m3/M EUR",
    "IN-5": "t",
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(SHIPPED)


@pytest.fixture()
def raw() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def write(data: dict, folder: Path, name: str = "gia-v1.0.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def broken(data: dict, folder: Path) -> str:
    """Load a broken variant; return the CatalogueError message."""
    path = write(data, folder)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert all(line.startswith("gia-v1.0.yaml: ") for line in message.splitlines())
    return message


def index_of(data: dict, section: str, item_id: str) -> int:
    return [item["id"] for item in data[section]].index(item_id)


# --------------------------------------------------------------------------- the shipped catalogue


def test_shipped_catalogue_loads(cat: Catalogue) -> None:
    assert cat.methodology_version == "1.0"
    assert cat.gwp_set == "ar6"
    assert cat.tolerance == 1e-9
    assert cat.reference.grid_factor_set == "direct"
    assert cat.reference.grid_fallback_set == "lifecycle"
    assert cat.reference.renewable_share_set == "lifecycle"
    assert len(cat.criteria) == 21
    assert len(cat.informative) == 5
    assert len(cat.prerequisites) == 4
    assert len(cat.themes) == 7


def test_top_level_keys_in_order(raw: dict) -> None:
    assert list(raw) == [
        "methodology_version",
        "title",
        "gwp_set",
        "reference",
        "tolerance",
        "settings",
        "accounting",
        "routes",
        "themes",
        "levels",
        "prerequisites",
        "criteria",
        "informative",
        "sources",
        "alternatives",
    ]


def test_themes_and_weights(cat: Catalogue) -> None:
    assert cat.theme_ids == list(THEME_WEIGHTS)
    assert math.isclose(sum(t.weight for t in cat.themes), 1.0, abs_tol=1e-9)
    for theme in cat.themes:
        assert theme.weight == pytest.approx(THEME_WEIGHTS[theme.id])


def test_criteria_match_the_spec_table(cat: Catalogue) -> None:
    assert cat.criterion_ids == list(SPEC_TABLE)
    for crit in cat.criteria:
        theme, unit, direction, l1, l2, l3, mandatory = SPEC_TABLE[crit.id]
        assert (crit.theme, crit.unit, crit.direction, crit.mandatory) == (
            theme,
            unit,
            direction,
            mandatory,
        ), crit.id
        assert crit.thresholds == pytest.approx([l1, l2, l3]), crit.id
        assert crit.weight == 1.0
        assert crit.rationale and crit.formula.startswith("$$"), crit.id
        assert crit.source_note, crit.id
        assert crit.proposed == ("proposed" in crit.sources), crit.id


def test_parameters(cat: Catalogue) -> None:
    p = {c.id: c.parameters for c in cat.criteria}
    assert p["GM-2"] == {"audit_validity_years": 4}
    assert p["CS-3"] == {
        "boiler_efficiency": 0.9,
        "symbiosis_flows": None,
        "denominator": "emissions",
    }
    assert p["BW-1"]["surface_weights"] == {
        "sealed": 0.0,
        "partly_sealed": 0.3,
        "semi_open": 0.5,
        "green_roof": 0.7,
        "vegetated": 1.0,
        "water": 1.0,
    }
    assert cat.settings.surface_sum_tolerance == 0.01
    assert p["EN-4"]["items"] == [
        "monitoring_platform",
        "storage",
        "demand_response",
        "energy_community",
    ]
    assert p["MO-1"]["zero_emission_powertrains"] == ["bev", "fcev"]
    assert p["MO-3"]["sustainable_modes"] == ["public_transport", "bicycle", "walking", "carpool"]
    assert p["MO-4"]["low_carbon_modes"] == ["rail", "ship", "pipeline"]
    assert p["CS-1"]["recovery_treatments"] == ["reuse", "recycling", "material_recovery"]
    assert p["BW-2"]["alternative_sources"] == ["reused", "recycled", "rainwater"]
    assert cat.settings.electric_technologies == ["pv", "wind", "hydro"]
    assert cat.indicator("IN-4").parameters == {
        "fresh_sources": ["municipal", "groundwater", "surface"]
    }
    assert cat.prerequisite("PR-4").parameters == {"min_employee_coverage_pct": 80}


def test_informative_and_prerequisites(cat: Catalogue) -> None:
    assert {i.id: i.unit for i in cat.informative} == INFORMATIVE_UNITS
    assert [p.id for p in cat.prerequisites] == ["PR-1", "PR-2", "PR-3", "PR-4"]
    assert cat.prerequisite("PR-1").input == "management.entity"
    assert cat.prerequisite("PR-4").inputs == ["tenants.csv", "energy.csv"]
    assert cat.prerequisite("PR-4").proposed


def test_levels(cat: Catalogue) -> None:
    assert [(lv.id, lv.min_overall, lv.min_theme) for lv in cat.levels] == [
        ("gold", 65, 35),
        ("silver", 50, 20),
        ("bronze", 35, None),
    ]
    assert cat.level_names() == ["Bronze", "Silver", "Gold"]


def test_every_spec_source_key_is_cited(cat: Catalogue) -> None:
    for key in [
        "GIA-2",
        "GIA-3",
        "G3-1",
        "G3-2",
        "EIP-1",
        "ZCP-2",
        "ZCP-6",
        "CN-T",
        "TC-1",
        "BI-1",
        "KAL-4",
        "KAL-LCA",
        "DGNB-3",
        "SBTi",
        "Berlin-BAF",
        "EU-fossil-comparator",
        "proposed",
    ]:
        assert cat.sources.get(key), key


def test_lookups(cat: Catalogue) -> None:
    assert cat.criterion("EN-1").title == "Renewable energy share"
    assert [c.id for c in cat.criteria_of("land")] == ["LU-1", "LU-2"]
    assert cat.theme("energy").weight == 0.25
    assert cat.level("gold").min_overall == 65
    with pytest.raises(KeyError, match="XX-1"):
        cat.criterion("XX-1")
    with pytest.raises(KeyError):
        cat.criteria_of("nothing")
    with pytest.raises(KeyError):
        cat.indicator("EN-1")


def test_models_are_frozen(cat: Catalogue) -> None:
    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError
        cat.criterion("EN-1").weight = 2.0  # type: ignore[misc]


# --------------------------------------------------------------------------- provenance, cache


def test_sha256_path_and_cache(cat: Catalogue, tmp_path: Path) -> None:
    assert cat.sha256 == hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    assert cat.path == SHIPPED.resolve()
    assert load_catalogue(SHIPPED) is cat
    assert load_catalogue(str(SHIPPED)) is cat

    copy_path = tmp_path / "copy.yaml"
    shutil.copyfile(SHIPPED, copy_path)
    first = load_catalogue(copy_path)
    assert first.sha256 == cat.sha256 and first.path == copy_path.resolve()
    assert load_catalogue(copy_path) is first
    data = yaml.safe_load(copy_path.read_text(encoding="utf-8"))
    data["title"] = "Calibrated copy"
    write(data, tmp_path, "copy.yaml")
    stat = copy_path.stat()
    os.utime(copy_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_catalogue(copy_path)
    assert second is not first
    assert second.title == "Calibrated copy"
    assert second.sha256 != first.sha256


def test_default_path_and_gia_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GIA_ROOT", raising=False)
    # the default is methodology v1.1, beside v1.0
    assert load_catalogue().path == (SHIPPED.parent / "gia-v1.1.yaml").resolve()
    assert load_catalogue().methodology_version == "1.1"
    target = tmp_path / "data" / "criteria"
    target.mkdir(parents=True)
    shutil.copyfile(SHIPPED, target / "gia-v1.1.yaml")
    monkeypatch.setenv("GIA_ROOT", str(tmp_path))
    assert load_catalogue().path == (target / "gia-v1.1.yaml").resolve()


def test_to_yaml_dict_round_trips(cat: Catalogue, tmp_path: Path) -> None:
    data = cat.to_yaml_dict()
    # the file leaves out `changes` (v1.0 has none); the model dumps it empty
    assert [k for k in data if k != "changes"] == list(
        yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    )
    again = load_catalogue(write(data, tmp_path))
    assert again.to_yaml_dict() == data
    assert compare_catalogues(cat, again).empty


# --------------------------------------------------------------------------- failure modes


def test_unknown_keys(raw: dict, tmp_path: Path) -> None:
    i = index_of(raw, "criteria", "EN-1")
    raw["criteria"][i]["threshold"] = [1, 2, 3]
    raw["colour"] = "green"
    raw["themes"][0]["wieght"] = 0.1
    message = broken(raw, tmp_path)
    assert f"criteria[{i}] (EN-1).threshold: unknown key" in message
    assert "colour: unknown key" in message
    assert "themes[0] (governance).wieght: unknown key" in message


def test_missing_key(raw: dict, tmp_path: Path) -> None:
    del raw["criteria"][0]["direction"]
    message = broken(raw, tmp_path)
    assert "criteria[0] (GM-1).direction: missing key" in message


def test_thresholds_out_of_order_higher(raw: dict, tmp_path: Path) -> None:
    i = index_of(raw, "criteria", "EN-1")
    raw["criteria"][i]["thresholds"] = [50, 40, 90]
    message = broken(raw, tmp_path)
    assert (
        f"gia-v1.0.yaml: criteria[{i}] (EN-1).thresholds: thresholds of a 'higher' criterion "
        "must increase: [50, 40, 90]"
    ) in message


@pytest.mark.parametrize("bad", [[0.2, 0.1, 0.1], [0.025, 0.1, 0.2]])
def test_thresholds_out_of_order_lower(raw: dict, tmp_path: Path, bad: list) -> None:
    i = index_of(raw, "criteria", "EM-1")
    raw["criteria"][i]["thresholds"] = bad
    message = broken(raw, tmp_path)
    shown = "[" + ", ".join(f"{t:g}" for t in bad) + "]"
    assert (
        f"criteria[{i}] (EM-1).thresholds: thresholds of a 'lower' criterion must decrease: {shown}"
    ) in message


@pytest.mark.parametrize("bad", [[50, 70], [50, 70, 90, 95], []])
def test_thresholds_not_three(raw: dict, tmp_path: Path, bad: list) -> None:
    i = index_of(raw, "criteria", "EN-1")
    raw["criteria"][i]["thresholds"] = bad
    message = broken(raw, tmp_path)
    assert f"criteria[{i}] (EN-1).thresholds: exactly 3 thresholds" in message


def test_threshold_not_a_number(raw: dict, tmp_path: Path) -> None:
    i = index_of(raw, "criteria", "EN-1")
    raw["criteria"][i]["thresholds"] = [50, "70", 90]
    message = broken(raw, tmp_path)
    assert f"criteria[{i}] (EN-1).thresholds[1]" in message


def test_theme_weights_must_sum_to_one(raw: dict, tmp_path: Path) -> None:
    raw["themes"][1]["weight"] = 0.30
    message = broken(raw, tmp_path)
    assert "themes: theme weights must sum to 1, they sum to 1.05" in message


@pytest.mark.parametrize("weight", [0, -1.0])
def test_criterion_weight_must_be_positive(raw: dict, tmp_path: Path, weight: float) -> None:
    i = index_of(raw, "criteria", "EN-2")
    raw["criteria"][i]["weight"] = weight
    message = broken(raw, tmp_path)
    assert f"criteria[{i}] (EN-2).weight: Input should be greater than 0" in message


def test_unknown_theme(raw: dict, tmp_path: Path) -> None:
    i = index_of(raw, "criteria", "EN-2")
    raw["criteria"][i]["theme"] = "enrgy"
    message = broken(raw, tmp_path)
    assert f"criteria[{i}] (EN-2).theme: unknown theme 'enrgy'" in message


def test_duplicate_ids(raw: dict, tmp_path: Path) -> None:
    i = index_of(raw, "criteria", "EN-2")
    raw["criteria"][i]["id"] = "EN-1"
    raw["informative"][0]["id"] = "PR-1"
    raw["themes"].append(copy.deepcopy(raw["themes"][0]))
    raw["themes"][-1]["weight"] = 0.0
    message = broken(raw, tmp_path)
    assert f"criteria[{i}] (EN-1).id: duplicate id 'EN-1' (also criteria[3] (EN-1))" in message
    assert "informative[0] (PR-1).id: duplicate id 'PR-1'" in message
    assert "themes[7] (governance).id: duplicate id 'governance'" in message


def test_unknown_source_key(raw: dict, tmp_path: Path) -> None:
    i = index_of(raw, "criteria", "EN-1")
    raw["criteria"][i]["sources"] = ["GIA-2", "GIA-99"]
    del raw["sources"]["DGNB-3"]
    message = broken(raw, tmp_path)
    assert f"criteria[{i}] (EN-1).sources[1]: unknown source key 'GIA-99'" in message
    assert "levels[0] (gold).sources[0]: unknown source key 'DGNB-3'" in message


def test_level_bands_must_decrease(raw: dict, tmp_path: Path) -> None:
    raw["levels"][1]["min_overall"] = 70
    raw["levels"][2]["min_theme"] = 25
    message = broken(raw, tmp_path)
    assert "levels[1] (silver).min_overall: level bands must decrease" in message
    assert "levels[2] (bronze).min_theme: level bands must decrease" in message


def test_level_theme_minimum_below_a_level_without_one(raw: dict, tmp_path: Path) -> None:
    raw["levels"][0]["min_theme"] = None
    message = broken(raw, tmp_path)
    assert "levels[1] (silver).min_theme: level bands must decrease" in message


def test_exactly_three_levels(raw: dict, tmp_path: Path) -> None:
    raw["levels"].pop()
    message = broken(raw, tmp_path)
    assert "levels: exactly 3 levels are needed" in message


@pytest.mark.parametrize("gwp", ["ar4", "AR6", 6])
def test_gwp_set(raw: dict, tmp_path: Path, gwp: object) -> None:
    raw["gwp_set"] = gwp
    message = broken(raw, tmp_path)
    assert "gia-v1.0.yaml: gwp_set: Input should be 'ar5' or 'ar6'" in message


def test_reference_set(raw: dict, tmp_path: Path) -> None:
    raw["reference"]["grid_factor_set"] = "drect"
    message = broken(raw, tmp_path)
    assert "reference.grid_factor_set" in message


def test_theme_without_criterion(raw: dict, tmp_path: Path) -> None:
    for crit in raw["criteria"]:
        if crit["theme"] == "land":
            crit["theme"] = "energy"
    message = broken(raw, tmp_path)
    assert "themes[4] (land): theme 'land' has no criterion" in message


def test_every_problem_reported_at_once(raw: dict, tmp_path: Path) -> None:
    """A field error (unknown key) does not hide the cross-key errors (unknown theme)."""
    raw["criteria"][0]["colour"] = "green"
    raw["criteria"][1]["theme"] = "nowhere"
    raw["themes"][0]["weight"] = 0.5
    message = broken(raw, tmp_path)
    lines = message.splitlines()
    assert any("criteria[0] (GM-1).colour: unknown key" in line for line in lines)
    assert any("criteria[1] (GM-2).theme: unknown theme 'nowhere'" in line for line in lines)
    assert any(line.startswith("gia-v1.0.yaml: themes: theme weights") for line in lines)


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gia-v1.0.yaml"
    path.write_text("criteria: [\n  - id: EN-1\n  bad: : :\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"gia-v1.0.yaml: line 2: not valid YAML"):
        load_catalogue(path)
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="a mapping of keys is expected"):
        load_catalogue(path)
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "absent.yaml")
    assert issubclass(CatalogueError, ValueError)


def test_model_validate_enforces_cross_checks(raw: dict) -> None:
    raw["themes"][0]["weight"] = 0.5
    with pytest.raises(ValueError, match="theme weights must sum to 1"):
        Catalogue.model_validate(raw)


# --------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (69.99, 1),
        (70.0, 2),
        (70 * (1 - 1e-12), 2),
        (95.0, 3),
        (90.0, 3),
        (10.0, 0),
        (50.0, 1),
        (50 * (1 - 1e-6), 0),
        (None, 0),
        (float("nan"), 0),
    ],
)
def test_level_for_en1(cat: Catalogue, value: float | None, level: int) -> None:
    assert cat.criterion("EN-1").level_for(value, cat.tolerance) == level
    assert cat.level_for("EN-1", value) == level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0.10, 2),
        (0.03, 2),
        (0.025, 3),
        (0.025 * (1 + 1e-12), 3),
        (0.0, 3),
        (0.2, 1),
        (0.2000001, 0),
        (0.15, 1),
        (None, 0),
    ],
)
def test_level_for_em1(cat: Catalogue, value: float | None, level: int) -> None:
    assert cat.criterion("EM-1").level_for(value, cat.tolerance) == level


@pytest.mark.parametrize(
    ("value", "level"), [(2040, 3), (2030, 3), (2046, 1), (2050, 1), (2051, 0)]
)
def test_level_for_gm1(cat: Catalogue, value: float, level: int) -> None:
    assert cat.level_for("GM-1", value) == level


def test_level_for_without_tolerance(cat: Catalogue) -> None:
    assert cat.criterion("EN-1").level_for(70 * (1 - 1e-12), 0.0) == 1


HIGHER_IDS = [cid for cid, row in SPEC_TABLE.items() if row[2] == "higher"]
LOWER_IDS = [cid for cid, row in SPEC_TABLE.items() if row[2] == "lower"]
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
deltas = st.floats(min_value=1e-12, max_value=1e4, allow_nan=False, allow_infinity=False)


def _shifted(crit: Criterion, index: int, delta: float) -> Criterion:
    """Move threshold ``index`` by ``delta`` (and the later ones with it, to keep the order)."""
    new = [t + (delta if j >= index else 0.0) for j, t in enumerate(crit.thresholds)]
    return Criterion.model_validate({**crit.model_dump(), "thresholds": new})


@given(cid=st.sampled_from(HIGHER_IDS), index=st.integers(0, 2), delta=deltas, value=finite)
def test_raising_a_threshold_never_raises_the_level(
    cid: str, index: int, delta: float, value: float
) -> None:
    cat = load_catalogue(SHIPPED)
    crit = cat.criterion(cid)
    raised = _shifted(crit, index, delta)
    assert raised.level_for(value, cat.tolerance) <= crit.level_for(value, cat.tolerance)


@given(cid=st.sampled_from(LOWER_IDS), index=st.integers(0, 2), delta=deltas, value=finite)
def test_lowering_a_threshold_never_raises_the_level(
    cid: str, index: int, delta: float, value: float
) -> None:
    cat = load_catalogue(SHIPPED)
    crit = cat.criterion(cid)
    lowered = _shifted(crit, index, -delta)
    assert lowered.level_for(value, cat.tolerance) <= crit.level_for(value, cat.tolerance)


@given(cid=st.sampled_from(HIGHER_IDS + LOWER_IDS), value=finite, better=deltas)
def test_a_better_value_never_lowers_the_level(cid: str, value: float, better: float) -> None:
    cat = load_catalogue(SHIPPED)
    crit = cat.criterion(cid)
    improved = value + better if crit.direction == "higher" else value - better
    assert crit.level_for(improved, cat.tolerance) >= crit.level_for(value, cat.tolerance)


# --------------------------------------------------------------------------- tables, comparison


def test_thresholds_table(cat: Catalogue) -> None:
    table = cat.thresholds_table("EN-1")
    assert list(table.columns) == ["level", "name", "threshold", "unit", "condition"]
    assert table["level"].tolist() == [1, 2, 3]
    assert table["name"].tolist() == ["Bronze", "Silver", "Gold"]
    assert table["threshold"].tolist() == [50.0, 70.0, 90.0]
    assert table["condition"].tolist() == ["≥ 50 %", "≥ 70 %", "≥ 90 %"]
    em1 = cat.thresholds_table("EM-1")
    assert em1["condition"].tolist() == [
        "≤ 0.2 t CO2e/MWh",
        "≤ 0.1 t CO2e/MWh",
        "≤ 0.025 t CO2e/MWh",
    ]
    assert cat.thresholds_table("GM-1")["condition"].tolist() == ["≤ 2050", "≤ 2045", "≤ 2040"]


def test_definitions_table(cat: Catalogue) -> None:
    table = cat.definitions_table()
    assert list(table.columns) == [
        "id",
        "theme",
        "title",
        "unit",
        "direction",
        "L1",
        "L2",
        "L3",
        "mandatory",
        "weight",
        "sources",
    ]
    assert table["id"].tolist() == list(SPEC_TABLE)
    row = table.set_index("id").loc["EM-1"]
    assert (row["L1"], row["L2"], row["L3"]) == (0.20, 0.10, 0.025)
    assert table.loc[table["mandatory"], "id"].tolist() == ["GM-2", "EN-1"]
    assert table.set_index("id").loc["GM-3", "sources"] == "TC-1, proposed"


def test_compare_catalogues_finds_a_changed_threshold(
    cat: Catalogue, raw: dict, tmp_path: Path
) -> None:
    assert compare_catalogues(cat, cat).empty
    i = index_of(raw, "criteria", "EN-1")
    raw["criteria"][i]["thresholds"] = [50, 75, 90]
    raw["gwp_set"] = "ar5"
    raw["sources"]["NEW-1"] = "A new source."
    other = load_catalogue(write(raw, tmp_path))
    diff = compare_catalogues(cat, other)
    assert list(diff.columns) == ["key", "a", "b", "change"]
    rows = {r.key: (r.a, r.b, r.change) for r in diff.itertuples()}
    assert rows == {
        "gwp_set": ("ar6", "ar5", "changed"),
        "criteria[EN-1].thresholds[1]": (70.0, 75.0, "changed"),
        "sources.NEW-1": (None, "A new source.", "added"),
    }


def test_compare_catalogues_reordered_and_removed(
    cat: Catalogue, raw: dict, tmp_path: Path
) -> None:
    raw["informative"] = raw["informative"][::-1][:-1]  # IN-5 .. IN-2: IN-1 removed
    other = load_catalogue(write(raw, tmp_path))
    diff = compare_catalogues(cat, other)
    keys = diff["key"].tolist()
    assert "informative (order)" in keys
    assert "criteria[EN-1].thresholds[1]" not in keys
    removed = diff.loc[diff["change"] == "removed", "key"].tolist()
    assert removed and all(k.startswith("informative[IN-1].") for k in removed)


def test_problems_have_named_types(cat: Catalogue) -> None:
    from pydantic import ValidationError

    crit = cat.criteria[0].model_dump()
    cases = {
        "thresholds_order": [90, 70, 50] if crit["direction"] == "higher" else [1, 2, 3],
        "thresholds_count": [1, 2],
        "thresholds_finite": [1, 2, float("inf")],
    }
    for kind, thresholds in cases.items():
        with pytest.raises(ValidationError) as caught:
            Criterion.model_validate({**crit, "thresholds": thresholds})
        assert [e["type"] for e in caught.value.errors()] == [kind]


def test_cross_rules_are_one_function_each() -> None:
    from gia.method.catalogue.rules import CROSS_RULES

    assert len(CROSS_RULES) == len({rule.__name__ for rule in CROSS_RULES}) >= 10
    assert all(rule.__doc__ for rule in CROSS_RULES)
