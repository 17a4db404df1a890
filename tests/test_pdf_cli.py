"""`gia pdf` and `gia assess --pdf` say clearly what is missing (no Chromium, no report)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gia.paths import project_root
from gia.reports.pdf import find_chromium


def gia(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args],
        capture_output=True,
        text=True,
        cwd=project_root(),
        env=env,
    )


def no_chromium() -> dict:
    return {**os.environ, "GIA_CHROMIUM": "/nonexistent/chromium"}


def test_without_chromium_pdf_says_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("<html></html>", "utf-8")
    done = gia("pdf", str(tmp_path), env=no_chromium())
    assert done.returncode == 1
    assert "needs Chromium" in done.stderr and "apt-get install chromium" in done.stderr
    assert not (tmp_path / "report.pdf").exists()


def test_assess_pdf_without_chromium_stops_before_running(tmp_path: Path) -> None:
    done = gia("assess", "lv-zemgale", "--out", str(tmp_path), "--pdf", env=no_chromium())
    assert done.returncode == 1
    assert "--pdf" in done.stderr and "needs Chromium" in done.stderr
    assert not any(tmp_path.iterdir())  # nothing run, nothing written


def test_pdf_of_a_folder_without_report(tmp_path: Path) -> None:
    done = gia("pdf", str(tmp_path))
    assert done.returncode == 1
    assert "no report.html" in done.stderr or "needs Chromium" in done.stderr


def test_chromium_named_by_environment(monkeypatch, tmp_path: Path) -> None:
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("GIA_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)
    monkeypatch.setenv("GIA_CHROMIUM", str(tmp_path / "absent"))
    assert find_chromium() is None
