"""The published example assessments verify, and warm kernels give the isolated run's bytes.

One isolated re-execution per published area serves both (it is the expensive part of the
suite): ``gia verify`` re-executes each area with a fresh kernel per notebook and keeps what it
built (``--keep``); its verdict is checked, and a warm run of the six areas (``gia assess --all``,
warm kernels by default) must give byte for byte the same executed notebooks, results.json and
report.html.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gia.method.catalogue import load_catalogue
from gia.paths import project_root

ROOT = project_root()
PUBLISHED = ROOT / "reports" / "published"
AREAS = (
    sorted(p.name for p in PUBLISHED.iterdir() if (p / "manifest.json").is_file())
    if PUBLISHED.is_dir()
    else []
)

NOTEBOOKS = len(load_catalogue().criterion_ids) + 2
"""Notebooks of an assessment under the default catalogue: inventory, the criteria, summary."""

pytestmark = pytest.mark.slow


def gia(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


@pytest.fixture(scope="module")
def isolated(tmp_path_factory) -> tuple[Path, dict[str, subprocess.CompletedProcess]]:
    """Every published area verified (isolated), the re-executed reports kept."""
    kept = tmp_path_factory.mktemp("isolated")
    return kept, {
        area: gia("verify", str(PUBLISHED / area), "--keep", str(kept / area)) for area in AREAS
    }


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """The six example areas assessed with warm kernels (the default of gia assess)."""
    out = tmp_path_factory.mktemp("warm")
    done = gia("assess", "--all", "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.mark.parametrize("area", AREAS)
def test_published_report_verifies(isolated, area: str) -> None:
    done = isolated[1][area]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VERIFIED: same inputs, same results, same report" in done.stdout
    assert "re-executed: isolated, a fresh kernel for every notebook" in done.stdout
    assert re.search(r"EN-1 .* yes", done.stdout)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("area", AREAS)
def test_warm_and_isolated_runs_are_byte_identical(isolated, warm: Path, area: str) -> None:
    kept = isolated[0] / area
    assert (kept / "results.json").is_file(), isolated[1][area].stdout[-2000:]
    ours = warm / area
    names = sorted(
        p.relative_to(kept).as_posix()
        for p in kept.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )
    assert names == sorted(
        p.relative_to(ours).as_posix()
        for p in ours.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )
    assert len([n for n in names if n.startswith("notebooks/")]) == NOTEBOOKS
    for name in names:  # results.json, report.html, every executed notebook
        mine = (ours / name).read_bytes()
        if name == "report.html":  # the page states its own run: date and commit
            mine = _as_run(mine, ours, kept)
        assert mine == (kept / name).read_bytes(), f"{area}: {name}"


def _provenance(folder: Path) -> tuple[bytes, bytes]:
    """The run's date and commit as the certificate page states them."""
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    commit = manifest["git"].get("commit") or ""
    return manifest["started"][:10].encode(), commit[:12].encode()


def _as_run(page: bytes, ours: Path, theirs: Path) -> bytes:
    """Return our page with our run's date and commit replaced by theirs (the published run
    was made on another day, from an earlier commit); every other byte stays."""
    for mine, published in zip(_provenance(ours), _provenance(theirs), strict=True):
        if mine:
            page = page.replace(mine, published)
    return page


AREAS_V10 = (
    sorted(p.name for p in (PUBLISHED / "v1.0").iterdir() if (p / "manifest.json").is_file())
    if (PUBLISHED / "v1.0").is_dir()
    else []
)


@pytest.mark.parametrize("area", AREAS_V10)
def test_published_v10_report_still_verifies(area: str) -> None:
    """Methodology v1.0's reports verify under the catalogue their manifest names, as a
    reviewer runs it (isolated kernels)."""
    done = gia("verify", str(PUBLISHED / "v1.0" / area))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VERIFIED: same inputs, same results, same report" in done.stdout
    assert "Traceback" not in done.stderr
