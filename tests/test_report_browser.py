"""report.html in headless Chromium (Debian's chromium, installed by `make test`): on screen,
printed to PDF by `gia assess --pdf`, and laid out on an A4 page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gia.method.catalogue import load_catalogue
from gia.paths import project_root
from gia.reports.pdf import chromium_flags, find_chromium

ROOT = project_root()
AREAS = ("lv-zemgale", "az-cement")  # certified with tenant detail; not certified
MAX_PAGES = {"lv-zemgale": 25}
A4_CONTENT_PX = 703  # 210 mm less the print stylesheet's 2 x 12 mm margins, at 96 px per inch
CHROMIUM = find_chromium()
LEVEL_RGB = {
    "gold": (0xF1, 0xD3, 0x6B),
    "silver": (0xD9, 0xD9, 0xD9),
    "bronze": (0xE3, 0xC9, 0xA8),
    "not_certified": (0xF4, 0xC7, 0xC3),
}

pytestmark = [pytest.mark.slow, pytest.mark.browser]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium for the report tests: make browser")
    pytest.skip("chromium is not installed (make browser installs it)", allow_module_level=True)


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    flags = [*chromium_flags(profile), "--enable-logging=stderr", "--v=0"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=180)


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gia.cli",
            "assess",
            *AREAS,
            "--out",
            str(out),
            "--jobs",
            "2",
            "--pdf",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_report_opens_without_console_errors(reports: Path, tmp_path: Path) -> None:
    done = chromium(
        "--dump-dom", (reports / AREAS[0] / "report.html").as_uri(), profile=tmp_path / "p"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    assert 'id="certificate"' in done.stdout
    title = load_catalogue().criterion("EN-1").title
    assert f"EN-1 {title}" in done.stdout  # a criterion section, titled from the catalogue


def test_level_badge_is_visible_in_screenshot(reports: Path, tmp_path: Path) -> None:
    from matplotlib.image import imread

    for area in AREAS:
        shot = tmp_path / f"{area}.png"
        done = chromium(
            "--window-size=1400,900",
            f"--screenshot={shot}",
            (reports / area / "report.html").as_uri(),
            profile=tmp_path / "p",
        )
        assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
        level = json.loads((reports / area / "results.json").read_text("utf-8"))["level"]
        pixels = (imread(shot)[:, :, :3] * 255).round().astype(int)
        badge = np.abs(pixels - np.array(LEVEL_RGB[level])).sum(axis=2) <= 6
        # the level badge (about 180 x 110 px) is in the first screen, at the top
        assert badge[:400].sum() > 12_000, f"{area}: {level} badge not visible"


def test_pdf_page_one_is_the_certificate(reports: Path) -> None:
    for area in AREAS:
        pdf = reports / area / "report.pdf"
        assert pdf.is_file(), f"{area}: gia assess --pdf wrote no report.pdf"
        results = json.loads((reports / area / "results.json").read_text("utf-8"))
        manifest = json.loads((reports / area / "manifest.json").read_text("utf-8"))
        page1, page2 = pdf_text(pdf, 1), pdf_text(pdf, 2)
        words = " ".join(page1.split())
        level = (
            "Not certified"
            if results["level"] == "not_certified"
            else load_catalogue().level(results["level"]).title
        )
        assert level in words
        assert "Why this level." in words
        reason = "Not certified:" if results["level"] == "not_certified" else f"{level}:"
        assert reason in words.split("Why this level.", 1)[1]  # the reason follows
        assert manifest["started"][:10] in words  # the assessment date
        for criterion in results["criteria"]:  # every criterion on page 1
            assert criterion["id"] in words
        # one page: the certificate ends on page 1, page 2 begins with the contents
        assert "How to verify" in words and "gia verify" in words
        assert "Why this level" not in page2 and "Contents" in page2
        if area in MAX_PAGES:
            assert pdf_pages(pdf) < MAX_PAGES[area], f"{area}: {pdf_pages(pdf)} pages"
        # a running header with area, level and date, and page numbers, from page 2
        assert re.search(rf"{re.escape(level)} · {manifest['started'][:10]}", pdf_text(pdf, 2))
        assert re.search(r"Page 2 of \d+", pdf_text(pdf, 2))


MEASURE = """
<script>
addEventListener("load", () => {
  const limit = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("table, figure img, pre, dl, math")) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 1 || box.left < -1) {
      wide.push(el.tagName + ":" + Math.round(box.right) + ":" +
                (el.closest("section[id]") || {}).id);
    }
  }
  document.body.setAttribute("data-wide", JSON.stringify(wide));
  document.body.setAttribute("data-width", String(limit));
});
</script>
"""


def test_no_table_is_wider_than_the_page(reports: Path, tmp_path: Path) -> None:
    for area in AREAS:
        page = (reports / area / "report.html").read_text("utf-8")
        # the print stylesheet on screen, at the width of an A4 page's content
        probe = tmp_path / f"{area}.html"
        probe.write_text(
            page.replace("@media print", "@media all").replace("</body>", MEASURE + "</body>"),
            "utf-8",
        )
        done = chromium(
            f"--window-size={A4_CONTENT_PX},1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
            profile=tmp_path / "p",
        )
        assert done.returncode == 0, done.stderr[-2000:]
        width = re.search(r'data-width="(\d+)"', done.stdout)
        assert width and abs(int(width.group(1)) - A4_CONTENT_PX) < 20, "probe did not run"
        wide = json.loads(
            re.search(r'data-wide="([^"]*)"', done.stdout).group(1).replace("&quot;", '"')
        )
        assert wide == [], f"{area}: wider than an A4 page: {wide}"


def test_look_at_it(reports: Path, tmp_path: Path) -> None:
    """Leave what a reviewer looks at beside the report: page 1 as PNG, full-page screenshot."""
    for area in AREAS:
        folder = reports / area
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(folder / "report.pdf"),
                str(folder / "page-1"),
            ],
            check=True,
        )
        assert (folder / "page-1.png").stat().st_size > 20_000
        shot = folder / "screenshot.png"
        done = chromium(
            "--window-size=1400,6000",
            f"--screenshot={shot}",
            (folder / "report.html").as_uri(),
            profile=tmp_path / "p",
        )
        assert done.returncode == 0 and shot.is_file()
    target = os.environ.get("GIA_KEEP_REPORTS")
    if target:  # GIA_KEEP_REPORTS=/some/folder keeps the reports of this run to look at
        shutil.copytree(reports, target, dirs_exist_ok=True)


def test_every_example_certificate_is_one_page(tmp_path: Path) -> None:
    """Page 1 of every example area (in-process: the certificate needs no notebook run)."""
    from gia.cli import example_area_ids
    from gia.data.area import load_area
    from gia.method.assessment import assess
    from gia.reports.pdf import print_pdf
    from gia.reports.report import write_report
    from gia.reports.results import write_results

    cat = load_catalogue()
    for area_id in example_area_ids():
        a = assess(load_area(area_id, catalogue=cat), cat)
        folder = tmp_path / area_id
        (folder / "notebooks").mkdir(parents=True)
        write_results(a.results(), folder / "results.json")
        run = {
            "started": "2026-01-31T10:00:00+00:00",
            "git": {"commit": "0123456789abcdef" * 2, "dirty": True},
        }
        write_report(folder, [], cat, a, run=run)
        pdf = print_pdf(folder / "report.html", folder / "report.pdf")
        page1 = " ".join(pdf_text(pdf, 1).split())
        assert "Why this level." in page1 and "2026-01-31" in page1
        assert "How to verify" in page1, f"{area_id}: the certificate runs onto page 2"
        assert "Why this level" not in pdf_text(pdf, 2)
