"""report.html in headless Chromium (Debian's chromium, installed by `make test`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gia.catalogue import load_catalogue
from gia.paths import project_root

ROOT = project_root()
AREA = "lv-zemgale"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LEVEL_RGB = {"gold": (0xF1, 0xD3, 0x6B), "silver": (0xD9, 0xD9, 0xD9),
             "bronze": (0xE3, 0xC9, 0xA8), "not_certified": (0xF4, 0xC7, 0xC3)}

pytestmark = [pytest.mark.slow, pytest.mark.browser]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the report tests: make browser")
    pytest.skip("chromium is not installed (make browser installs it)", allow_module_level=True)


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    done = subprocess.run([sys.executable, "-m", "gia.cli", "assess", AREA, "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return out / AREA


def test_report_opens_without_console_errors(report: Path, tmp_path: Path) -> None:
    done = chromium("--dump-dom", (report / "report.html").as_uri(), profile=tmp_path / "p")
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    assert 'id="scorecard"' in done.stdout
    title = load_catalogue().criterion("EN-1").title
    assert f"EN-1 {title}" in done.stdout  # a criterion section, titled from the catalogue


def test_scorecard_is_visible_in_screenshot(report: Path, tmp_path: Path) -> None:
    from matplotlib.image import imread

    shot = tmp_path / "report.png"
    done = chromium("--window-size=1400,900", f"--screenshot={shot}",
                    (report / "report.html").as_uri(), profile=tmp_path / "p")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    level = json.loads((report / "results.json").read_text("utf-8"))["level"]
    pixels = (imread(shot)[:, :, :3] * 255).round().astype(int)
    target = np.array(LEVEL_RGB[level])
    badge = (np.abs(pixels - target).sum(axis=2) <= 6)
    # the level badge (about 270 x 200 px) is in the first screen, below the page header
    assert badge[:600].sum() > 20_000, f"{level} badge not visible"
    shutil.copy(shot, report / "screenshot.png")
