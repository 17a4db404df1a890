"""Issue 15: synthetic areas, calibration, sensitivity and lineage (library and CLI)."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gia.data.area import check_area, load_area
from gia.experts.calibration import EVERY_AREA_PASSES, NO_AREA_PASSES, non_discriminating, verdict
from gia.experts.population import Rules, criterion_levels, level_names, load_population, relevel
from gia.experts.sensitivity import alternatives, impact, sweep
from gia.experts.synth import SynthError, synthesize
from gia.method.catalogue import load_catalogue
from gia.method.lineage import LineageError, area_lineage, parse_row, row_feeds, same_flow_rows

ROOT = Path(__file__).resolve().parents[1]
V10 = load_catalogue(ROOT / "data/criteria/gia-v1.0.yaml")
V11 = load_catalogue(ROOT / "data/criteria/gia-v1.1.yaml")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return synthesize(200, 11, tmp_path_factory.mktemp("pop") / "areas")


@pytest.fixture(scope="module")
def population(synthetic: list[Path]):
    return load_population(synthetic[:40], V11)


# ----------------------------------------------------------------------------- gia synth


def test_200_synthetic_areas_validate_and_say_they_are_synthetic(synthetic):
    assert len(synthetic) == 200
    for folder in synthetic:
        area, report = check_area(folder)
        assert area is not None, report.format()
        assert area.facts.note.startswith("SYNTHETIC area, not a real one")


def test_same_seed_gives_byte_identical_folders(tmp_path):
    a = synthesize(12, 5, tmp_path / "a")
    b = synthesize(12, 5, tmp_path / "b")
    for x, y in zip(a, b, strict=True):
        match, mismatch, errors = filecmp.cmpfiles(
            x, y, [p.name for p in x.iterdir()], shallow=False
        )
        assert not mismatch and not errors and match
    other = synthesize(12, 6, tmp_path / "c")
    assert any(
        (x / "energy.csv").read_bytes() != (z / "energy.csv").read_bytes()
        for x, z in zip(a, other, strict=True)
    )


def test_synth_never_overwrites_without_force(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("a user's file")
    with pytest.raises(SynthError, match="--force"):
        synthesize(2, 1, out)
    assert (out / "keep.txt").read_text() == "a user's file"
    # --force replaces synthetic areas gia synth wrote, never anything else
    with pytest.raises(SynthError, match="keep.txt"):
        synthesize(2, 1, out, force=True)
    assert (out / "keep.txt").read_text() == "a user's file"
    ours = tmp_path / "ours"
    first = synthesize(3, 1, ours)
    again = synthesize(2, 2, ours, force=True)
    assert [p.name for p in sorted(ours.iterdir())] == sorted(p.name for p in again)
    assert not first[2].exists()


# ----------------------------------------------------------------------------- re-levelling


@pytest.mark.parametrize("cat", [V10, V11], ids=["v1.0", "v1.1"])
def test_relevel_gives_the_level_assess_gives(synthetic, cat):
    pop = load_population(synthetic[:60], cat)
    names = level_names(cat)
    assert [names[i] for i in relevel(pop, Rules.of(cat))] == pop.levels


def test_criterion_levels_by_hand():
    # thresholds 50, 70, 90 (higher): 69.99 -> 1, 70 -> 2, 95 -> 3, 10 -> 0, NaN -> 0
    values = np.array([[69.99], [70.0], [95.0], [10.0], [np.nan]])
    levels = criterion_levels(values, np.array([[50.0, 70.0, 90.0]]), np.array([True]), 1e-9)
    assert levels[:, 0].tolist() == [1, 2, 3, 0, 0]
    # lower is better: 0.5, 0.3, 0.1; 0.3 -> 2, 0.6 -> 0
    levels = criterion_levels(
        np.array([[0.3], [0.6]]), np.array([[0.5, 0.3, 0.1]]), np.array([False]), 1e-9
    )
    assert levels[:, 0].tolist() == [2, 0]


# ----------------------------------------------------------------------------- calibration


def test_verdicts():
    import pandas as pd

    assert verdict(pd.Series([0.0, 0.0])) == NO_AREA_PASSES
    assert verdict(pd.Series([3.0, 3.0])) == EVERY_AREA_PASSES + " (all at level 3)"
    assert verdict(pd.Series([0.0, 3.0])) == ""


def test_non_discriminating_lists_exactly_the_criteria_without_spread(population):
    table = non_discriminating(population)
    levels = np.array([[r.level for r in a.criteria] for a in population.assessments])
    for j, cid in enumerate(population.criterion_ids):
        col = levels[population.applicable[:, j], j]
        flat = len(col) and ((col < 1).all() or (col >= 1).all())
        assert (cid in set(table["criterion"])) == bool(flat), cid


# ----------------------------------------------------------------------------- sensitivity


def test_sweep_counts_match_a_full_reassessment(population, tmp_path):
    """One lever by hand: EN-1's bronze threshold +25 %, the catalogue rewritten, re-assessed."""
    import yaml

    table = sweep(population, [25.0])
    row = table[table["parameter"] == "criteria[EN-1].thresholds[0]"].iloc[0]
    data = V11.to_yaml_dict()
    en1 = next(c for c in data["criteria"] if c["id"] == "EN-1")
    assert en1["thresholds"][0] == 50.0 and row["value"] == 62.5  # 50 × 1.25
    en1["thresholds"][0] = 62.5
    path = tmp_path / "moved.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    moved = load_population(population.areas, load_catalogue(path))
    changed = sum(a != b for a, b in zip(population.levels, moved.levels, strict=True))
    assert row["areas_changed"] == changed


def test_impact_is_sorted_and_has_every_lever(population):
    ranked = impact(sweep(population))
    # 24 criteria × 3 thresholds (GM-1's target year is not swept) + 7 theme weights
    # + 3 overall minimums + 3 theme minimums
    assert len(ranked) == 24 * 3 + 7 + 3 + 3
    assert not ranked["parameter"].str.startswith("criteria[GM-1]").any()
    assert ranked["max_changed"].is_monotonic_decreasing
    assert list(ranked.columns[4:8]) == ["-25 %", "-10 %", "+10 %", "+25 %"]
    assert "EN-1 bronze threshold" in set(ranked["label"])


def test_alternatives_come_from_the_catalogue(population):
    table = alternatives(population)
    assert list(table["id"]) == [a.id for a in V11.alternatives]
    per_level = table[[c for c in table.columns if c.startswith("areas ")]].sum(axis=1)
    assert (per_level == len(population.areas)).all()


# ----------------------------------------------------------------------------- lineage


def test_one_waste_heat_exchange_feeds_en5_cs2_and_cs3():
    area = load_area("dk-symbiosis", catalogue=V11)
    # exchanges.csv row 2 (header = row 1): DK-X01, process steam from DK01 to DK02
    assert area.table("exchanges").loc[2, "exchange_id"] == "DK-X01"
    direct = {f.id for f in row_feeds(area, "exchanges", 2, V11)}
    assert direct == {"CS-2", "CS-3"}
    (heat_row,) = same_flow_rows(area, "exchanges", 2)
    assert area.table("waste_heat").loc[heat_row, "tenant_id"] == "DK01"
    assert {f.id for f in row_feeds(area, "waste_heat", heat_row, V11)} == {"EN-5"}


def test_lineage_answers_for_every_row_of_an_area():
    """Every input row of az-cement feeds at least one result, and lineage.json says which."""
    area = load_area("az-cement", catalogue=V11)
    lineage = area_lineage(area, V11)["results"]
    fed = {
        (file, row)
        for item in lineage.values()
        for file, rows in item["rows"].items()
        for row in rows
    }
    for name, frame in area.tables.items():
        for number in [] if frame is None else frame.index:
            assert (f"{name}.csv", int(number)) in fed, f"{name}.csv row {number} feeds nothing"
    assert lineage["EN-1"]["rows"]["energy.csv"] == list(area.table("energy").index)
    # the clinker kiln's process CO2 (process_emissions.csv) feeds SB-1 and EM-1, not EN-1
    assert "process_emissions.csv" in lineage["SB-1"]["rows"]
    assert "process_emissions.csv" not in lineage["EN-1"]["rows"]
    # EM-1 reads the grid factor of the area's country
    assert any(f == "grid_electricity.csv" for f, _ in lineage["EM-1"]["factors"])


def test_bad_rows_are_clear_errors():
    with pytest.raises(LineageError, match="expected FILE:ROW"):
        parse_row("energy.csv")
    area = load_area("az-cement", catalogue=V11)
    with pytest.raises(LineageError, match="no row 1 .*header is row 1"):
        row_feeds(area, "energy", 1, V11)


# ----------------------------------------------------------------------------- CLI


def gia(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_cli_synth_sensitivity_lineage(tmp_path):
    out = tmp_path / "pop"
    done = gia("synth", "8", "--seed", "3", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert len(list(out.iterdir())) == 8
    again = gia("synth", "8", "--seed", "3", "--out", str(out))
    assert again.returncode == 1 and "--force" in again.stderr
    sens = gia(
        "sensitivity",
        str(out),
        "--catalogue",
        "data/criteria/gia-v1.0.yaml",
        "--steps",
        "-10,10",
        "--top",
        "5",
    )
    assert sens.returncode == 0, sens.stderr
    assert "8 areas under GIA certification methodology" in sens.stdout
    assert "levels_v1_1" in sens.stdout and "e+" not in sens.stdout
    lin = gia("lineage", "dk-symbiosis", "--row", "exchanges.csv:2")
    assert lin.returncode == 0, lin.stderr
    assert "CS-2" in lin.stdout and "CS-3" in lin.stdout and "feeds: EN-5" in lin.stdout
    bad = gia("lineage", "dk-symbiosis", "--row", "energy.csv:99")
    assert bad.returncode == 1 and "no row 99" in bad.stderr and "Traceback" not in bad.stderr


def test_route_alternative_in_arrays_equals_a_full_assessment(population):
    """A routes-only alternative is re-levelled in arrays: the same levels as assess gives."""
    from gia.experts.sensitivity import _mandatory
    from gia.method.assessment import assess

    variant = V11.with_alternative("general_route_only")
    names = level_names(variant)
    fast = relevel(population, Rules.of(variant), _mandatory(population, variant))
    assert [names[i] for i in fast] == [assess(a, variant).level for a in population.areas]
