"""`gia score` on built areas: the table, --json, several areas, an invalid one, stability."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gia.data.area import load_area
from gia.method.assessment import assess
from gia.paths import project_root
from gia.testing import base_facts, base_tables, write_area

ROOT = project_root()


def gia(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def area_dir(tmp_path):
    return write_area(tmp_path, base_facts(), base_tables())


@pytest.fixture
def second_dir(tmp_path):
    facts = base_facts(id="t-second", reporting_year=2025)
    return write_area(tmp_path, facts, base_tables(generation=None))


def test_score_prints_table_and_level(area_dir):
    proc = gia("score", area_dir)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    expected = assess(load_area(area_dir))
    first = out.splitlines()[0]
    assert first.startswith("t-area (Test area, LV, 2024): ")
    assert expected.level.upper().replace("_", " ") in first
    assert f"overall {expected.overall_score:.1f} %" in first
    for c in expected.criteria:
        assert any(line.split()[:1] == [c.id] for line in out.splitlines()), c.id
    assert "EN-1" in out and "insufficient_data" in out  # EN-3 has no history
    assert "prerequisites: all passed" in out


def test_score_json_equals_assess_to_dict(area_dir):
    proc = gia("score", area_dir, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    expected = json.loads(json.dumps(assess(load_area(area_dir)).to_dict()))
    assert doc == expected
    assert list(doc) == list(expected)  # documented key order


def test_two_areas_give_a_json_list(area_dir, second_dir):
    proc = gia("score", area_dir, second_dir, "--json")
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    assert isinstance(docs, list)
    assert [d["area_id"] for d in docs] == ["t-area", "t-second"]
    assert [d["reporting_year"] for d in docs] == [2024, 2025]
    assert docs[1] == json.loads(json.dumps(assess(load_area(second_dir)).to_dict()))


def test_invalid_area_among_valid_ones(tmp_path, area_dir):
    bad_tables = base_tables()
    bad_tables["energy"][0]["unit"] = "kwhs"  # not a unit (letter case and spaces are forgiven)
    bad = write_area(tmp_path, base_facts(id="t-bad"), bad_tables)
    proc = gia("score", bad, area_dir, "--json")
    assert proc.returncode == 1
    docs = json.loads(proc.stdout)
    assert [d["area_id"] for d in docs] == ["t-area"]  # the valid one still printed
    assert "energy.csv" in proc.stderr and "unit" in proc.stderr
    table = gia("score", area_dir, bad)
    assert table.returncode == 1
    assert table.stdout.startswith("t-area ")


def test_missing_area_exit_1(tmp_path, area_dir):
    proc = gia("score", tmp_path / "nowhere", area_dir)
    assert proc.returncode == 1
    assert proc.stdout.startswith("t-area ")


def test_json_stable_across_runs(area_dir, second_dir):
    one = subprocess.run(
        [sys.executable, "-m", "gia.cli", "score", str(area_dir), str(second_dir), "--json"],
        capture_output=True,
        cwd=ROOT,
    )
    two = subprocess.run(
        [sys.executable, "-m", "gia.cli", "score", str(area_dir), str(second_dir), "--json"],
        capture_output=True,
        cwd=ROOT,
    )
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout  # byte-identical
    assert one.stdout.endswith(b"\n")
