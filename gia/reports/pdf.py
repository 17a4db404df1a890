"""report.pdf: report.html printed by headless Chromium (A4, its print stylesheet).

Chromium is found on the PATH (``chromium``, ``chromium-browser``, ``google-chrome``) or named by
the environment variable ``GIA_CHROMIUM``; where there is none, :class:`PdfError` says how to
install it. The page's stylesheet sets the paper, the running header and the page numbers, so
Chromium's own header and footer are turned off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 180
"""Seconds Chromium may take to print one report."""


class PdfError(RuntimeError):
    """The PDF could not be written (no Chromium, or Chromium failed)."""


def find_chromium() -> str | None:
    """Return the path of a headless-capable Chromium, or None."""
    named = os.environ.get("GIA_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """Return Chromium's path, or raise :class:`PdfError` saying how to install it."""
    found = find_chromium()
    if found is None:
        raise PdfError(
            "writing report.pdf needs Chromium, which is not installed: "
            "`sudo apt-get install chromium` (Debian, Ubuntu), or set GIA_CHROMIUM "
            "to a Chromium or Chrome executable; report.html prints from any "
            "browser as well"
        )
    return found


def chromium_flags(profile: Path) -> list[str]:
    """Return the flags of a headless, offline, first-run-free Chromium."""
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
    ]


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print ``html`` to ``pdf`` with headless Chromium; return ``pdf``."""
    browser = require_chromium()
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    with tempfile.TemporaryDirectory(prefix="gia-chromium-") as profile:
        try:
            done = subprocess.run(
                [
                    browser,
                    *chromium_flags(Path(profile)),
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}",
                    html.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"Chromium did not print {html.name} within {TIMEOUT} s") from exc
    if done.returncode != 0 or not pdf.is_file():
        raise PdfError(f"Chromium could not print {html.name}: {done.stderr.strip()[-600:]}")
    return pdf


def write_pdf(report_dir: Path) -> Path:
    """Write ``report_dir/report.pdf`` from its report.html."""
    report_dir = Path(report_dir)
    html = report_dir / "report.html"
    if not html.is_file():
        raise PdfError(f"{report_dir}: no report.html (is it a report folder?)")
    return print_pdf(html, report_dir / "report.pdf")
