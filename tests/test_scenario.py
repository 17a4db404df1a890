"""Scenarios are areas: saved as a folder with a scenario block, assessed like any area."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from gia.data.area import check_area, load_area
from gia.method.assessment import assess
from gia.method.catalogue import load_catalogue
from gia.workshop.scenario import save_scenario, scenario_id
from gia.workshop.whatif import apply_levers, default_settings

GIA = [sys.executable, "-m", "gia.cli"]


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*GIA, *args], capture_output=True, text=True, timeout=timeout)


def test_scenario_id() -> None:
    assert scenario_id("lv-zemgale", "PV 20 MWp + PPAs") == "lv-zemgale-scenario-pv-20-mwp-ppas"
    with pytest.raises(ValueError):
        scenario_id("lv-zemgale", "++")


def test_saved_scenario_loads_and_scores_as_in_process(tmp_path) -> None:
    cat = load_catalogue()
    area = load_area("lv-zemgale")
    settings = default_settings(area, heat_pump_cop=3.0)
    values = {
        "pv_mwp": 10.0,
        "ppa_pct": 20.0,
        "heat_pump_pct": 30.0,
        "ev_pct:truck": 50.0,
        "waste_recovery_pct": 85.0,
        "charging_points": 50.0,
        "green_floor_m2": 5000.0,
    }
    folder = save_scenario(
        area, cat, settings, values, "Big push", out=tmp_path / "zemgale-big-push"
    )
    saved = load_area(folder)
    block = saved.facts.scenario
    assert (block.name, block.base_area, block.levers) == ("Big push", "lv-zemgale", values)
    assert block.settings.heat_pump_cop == 3.0
    a, b = assess(apply_levers(area, cat, settings, values), cat), assess(saved, cat)
    assert (a.level, a.overall_score) == (b.level, pytest.approx(b.overall_score))
    assert [r.value for r in a.criteria] == pytest.approx(
        [r.value for r in b.criteria], nan_ok=True
    )
    generation = (folder / "generation.csv").read_text("utf-8")
    assert "whatif-pv-1,,pv,10000.0" in generation
    with pytest.raises(FileExistsError, match="--force"):
        save_scenario(area, cat, settings, values, "Big push", out=folder)


def test_scenario_block_is_validated_by_the_area_schema(tmp_path) -> None:
    folder = save_scenario(
        load_area("lv-zemgale"),
        load_catalogue(),
        default_settings(load_area("lv-zemgale")),
        {"pv_mwp": 1.0},
        "one",
        out=tmp_path / "zemgale-one",
    )
    data = yaml.safe_load((folder / "area.yaml").read_text("utf-8"))
    data["scenario"]["levers"] = {"solar_mwp": 1.0, "ppa_pct": -5}
    (folder / "area.yaml").write_text(yaml.safe_dump(data), "utf-8")
    area, report = check_area(folder)
    assert area is None
    text = report.format()
    assert "scenario.levers.solar_mwp" in text and "scenario.levers.ppa_pct" in text


@pytest.mark.slow
def test_cli_saves_refuses_to_overwrite_and_assess_says_scenario(tmp_path) -> None:
    out = tmp_path / "lv-zemgale-scenario-pv"
    done = run("scenario", "lv-zemgale", "PV", "--set", "pv_mwp=43.5", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"gia assess {out}" in done.stdout
    again = run("scenario", "lv-zemgale", "PV", "--set", "pv_mwp=50", "--out", str(out))
    assert again.returncode == 1 and "--force" in again.stderr
    assert yaml.safe_load((out / "area.yaml").read_text("utf-8"))["scenario"]["levers"] == {
        "pv_mwp": 43.5
    }
    bad = run("scenario", "lv-zemgale", "x", "--set", "pv_mwp", "--out", str(tmp_path / "x"))
    assert bad.returncode == 2 and "LEVER=NUMBER" in bad.stderr
    assert not (tmp_path / "x").exists()
    score = json.loads(run("score", str(out), "--json").stdout)
    assert score["level"] == "bronze"  # 43.5 MWp: the crossing of tests/test_nextlevel.py
    done = run("assess", str(out), "--out", str(tmp_path / "reports"), "--jobs", "1", timeout=900)
    assert done.returncode == 0, done.stderr
    report = (tmp_path / "reports" / out.name / "report.html").read_text("utf-8")
    assert (
        "SCENARIO, not measured data: PV, the area lv-zemgale with On-site PV (MWp) 43.5" in report
    )
    summary = (tmp_path / "reports" / out.name / "notebooks" / "summary.ipynb").read_text("utf-8")
    assert "SCENARIO, not measured data" in summary


def test_all_leaves_out_a_scenario_saved_beside_the_examples(tmp_path, monkeypatch) -> None:
    import shutil

    from gia.cli import example_area_ids
    from gia.paths import areas_dir

    shipped = example_area_ids()
    copy = tmp_path / "areas"
    shutil.copytree(areas_dir(), copy)
    scenario = copy / "lv-zemgale-scenario-pv"
    shutil.copytree(copy / "lv-zemgale", scenario)
    with (scenario / "area.yaml").open("a", encoding="utf-8") as f:
        f.write("scenario:\n  base: lv-zemgale\n")
    monkeypatch.setattr("gia.cli.areas_dir", lambda: copy)
    assert example_area_ids() == shipped


def test_force_never_replaces_an_area_of_measured_data(tmp_path) -> None:
    import shutil

    import pytest

    from gia.data.area import load_area
    from gia.method.catalogue import load_catalogue
    from gia.paths import areas_dir
    from gia.workshop.scenario import ScenarioExistsError, save_scenario
    from gia.workshop.whatif import LeverSettings

    cat = load_catalogue()
    real = tmp_path / "real"
    shutil.copytree(areas_dir() / "lv-zemgale", real)
    before = (real / "area.yaml").read_bytes()
    area = load_area(areas_dir() / "lv-zemgale", catalogue=cat)
    with pytest.raises(ScenarioExistsError, match="measured data"):
        save_scenario(
            area, cat, LeverSettings(), {"charging_points": 10}, "pv", out=real, force=True
        )
    assert (real / "area.yaml").read_bytes() == before
