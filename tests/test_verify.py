"""`gia verify` on the published example assessments, and on tampered copies of one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gia.cli import example_area_ids
from gia.paths import project_root
from gia.reports.verify import compare_results

ROOT = project_root()
PUBLISHED = ROOT / "reports" / "published"
PUBLISHED_V10 = PUBLISHED / "v1.0"
"""Methodology v1.0's published assessments, kept so that reviewers can still verify them."""


def _published(folder: Path) -> list[str]:
    return (
        sorted(p.name for p in folder.iterdir() if (p / "manifest.json").is_file())
        if folder.is_dir()
        else []
    )


AREAS = _published(PUBLISHED)
AREAS_V10 = _published(PUBLISHED_V10)
REPORTS = [PUBLISHED / a for a in AREAS] + [PUBLISHED_V10 / a for a in AREAS_V10]

pytestmark = pytest.mark.slow


def verify(report: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", "verify", str(report), *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def test_every_example_area_is_published_under_both_versions() -> None:
    shipped = example_area_ids()
    assert AREAS == shipped
    assert AREAS_V10 == shipped
    for folder, version, catalogue in (
        (PUBLISHED, "1.1", "gia-v1.1.yaml"),
        (PUBLISHED_V10, "1.0", "gia-v1.0.yaml"),
    ):
        for area in shipped:
            manifest = json.loads((folder / area / "manifest.json").read_text("utf-8"))
            assert manifest["catalogue"]["path"] == f"data/criteria/{catalogue}"
            results = json.loads((folder / area / "results.json").read_text("utf-8"))
            assert results["methodology_version"] == version


def test_comparison_is_exact_for_levels_and_tolerant_for_values() -> None:
    doc = json.loads((PUBLISHED / AREAS[0] / "results.json").read_text("utf-8"))
    nudged = json.loads(json.dumps(doc))
    first = next(c for c in nudged["criteria"] if c["value"] is not None)
    first["value"] *= 1 + 1e-12  # rounding noise: still the same result
    assert compare_results(doc, nudged)["match"].all()
    first["value"] *= 1 + 1e-6
    table = compare_results(doc, nudged)
    assert list(table.loc[~table["match"], "item"]) == [first["id"]]
    nudged = json.loads(json.dumps(doc))
    nudged["criteria"][0]["status"] = "insufficient_data"
    assert not compare_results(doc, nudged)["match"].all()


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's data, notebooks and one published report (GIA_ROOT)."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(PUBLISHED / AREAS[0], root / "reports" / "published" / AREAS[0])
    return root


def _verify_copy(root: Path) -> subprocess.CompletedProcess:
    # warm kernels: these tests are about what verify names; every published report is
    # verified isolated (verify's default) in tests/test_published.py
    return verify(
        root / "reports" / "published" / AREAS[0],
        "--warm",
        env={**os.environ, "GIA_ROOT": str(root)},
    )


def test_copy_verifies_untouched(project_copy: Path) -> None:
    done = _verify_copy(project_copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "re-executed: warm kernels (gia-warm), reset between notebooks" in done.stdout


def test_keep_never_writes_into_an_existing_folder(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "mine.txt").write_text("someone's file", "utf-8")
    done = verify(PUBLISHED / AREAS[0], "--keep", str(kept))
    assert done.returncode == 1
    assert "--keep" in done.stdout and "exists; name a new folder" in done.stdout
    assert "re-executed" not in done.stdout  # nothing was run
    assert [p.name for p in kept.iterdir()] == ["mine.txt"]


def test_tampered_input_csv_is_named(project_copy: Path) -> None:
    energy = project_copy / "data" / "areas" / AREAS[0] / "energy.csv"
    lines = energy.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    amount = header.index("amount")
    row[amount] = str(float(row[amount]) * 2)
    lines[1] = ",".join(row)
    energy.write_text("\n".join(lines) + "\n", "utf-8")
    done = _verify_copy(project_copy)
    assert done.returncode == 1
    assert (
        f"input changed: data/areas/{AREAS[0]}/energy.csv: changed (published sha256" in done.stdout
    )
    assert "NOT VERIFIED" in done.stdout


def test_tampered_threshold_is_named(project_copy: Path) -> None:
    manifest = json.loads((PUBLISHED / AREAS[0] / "manifest.json").read_text("utf-8"))
    named = manifest["catalogue"]["path"]  # the catalogue the published report ran under
    catalogue = project_copy / named
    text = catalogue.read_text("utf-8")
    changed = text.replace("thresholds: [50, 70, 90]", "thresholds: [55, 70, 90]", 1)
    assert changed != text
    catalogue.write_text(changed, "utf-8")
    done = _verify_copy(project_copy)
    assert done.returncode == 1
    assert f"input changed: {named}: changed (published sha256" in done.stdout


def test_tampered_published_number_is_named(project_copy: Path) -> None:
    results = project_copy / "reports" / "published" / AREAS[0] / "results.json"
    doc = json.loads(results.read_text("utf-8"))
    target = next(c for c in doc["criteria"] if c["value"] is not None)
    target["value"] = target["value"] + 1.0
    results.write_text(json.dumps(doc, indent=2), "utf-8")
    done = _verify_copy(project_copy)
    assert done.returncode == 1
    assert "input changed" not in done.stdout
    line = next(ln for ln in done.stdout.splitlines() if ln.strip().startswith(target["id"]))
    assert line.rstrip().endswith("NO")
    assert "report file changed: results.json: changed since the report was written" in done.stdout
    assert "2 item(s) differ" in done.stdout  # the criterion, and the file results.json


def test_missing_manifest_is_an_error(tmp_path: Path) -> None:
    done = verify(tmp_path)
    assert done.returncode == 1
    assert "manifest.json: missing" in done.stdout


def test_package_versions_that_differ_are_warnings_not_failures() -> None:
    from gia.reports.manifest import package_versions
    from gia.reports.verify import version_warnings

    now = package_versions()
    manifest = {"versions": {**now, "pandas": "0.0.1"}}
    assert version_warnings(manifest) == [
        f"pandas 0.0.1 was used for the published report, {now['pandas']} now"
    ]
    assert version_warnings({"versions": now}) == []
