"""Benchmark of one area's notebooks: floor, serial papermill, gia assess warm and isolated.

Prints, from one run on this machine (medians of ``--repeats`` runs each):
- floor: an empty notebook executed by ``papermill.execute_notebook`` (its defaults, the
  registered kernel named) inside this already running Python process: kernel start and stop;
- serial: every notebook of one area's assessment run one after another the same way (a fresh
  kernel each): the reference of the targets;
- assess: ``gia assess AREA`` as a user runs it (the pool of workers, ``--jobs`` = the number
  of cores), with warm kernels (the default) and with ``--isolated``;
- ``import gia`` and ``import gia.reports.notebook`` in a fresh interpreter, and whether seaborn or
  matplotlib were imported by them.
And the ratios the targets are stated in: warm assess ≤ 0.15 × serial papermill.

Usage: python benchmarks/bench_notebooks.py [AREA] [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

from gia.method.catalogue import load_catalogue
from gia.paths import project_root
from gia.reports.execution import KERNEL_NAME
from gia.reports.planning import notebook_templates

ROOT = project_root()


def run_notebook(template: Path, output: Path, parameters: dict | None = None) -> float:
    start = time.perf_counter()
    pm.execute_notebook(
        str(template),
        str(output),
        parameters=parameters or {},
        kernel_name=KERNEL_NAME,
        progress_bar=False,
        cwd=str(ROOT),
    )
    return time.perf_counter() - start


def import_time(module: str) -> tuple[float, bool]:
    code = (
        "import sys, time; t = time.perf_counter(); import " + module + "; "
        "d = time.perf_counter() - t; "
        "print(d, any(m in sys.modules for m in ('seaborn', 'matplotlib')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), out[1] == "True"


def assess(area: str, out: Path, *options: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "gia.cli", "assess", area, "--out", str(out), *options],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("area", nargs="?", default="lv-zemgale")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        empty = tmp_path / "empty.ipynb"
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("pass")],
            metadata={
                "kernelspec": {"name": KERNEL_NAME, "display_name": "gia", "language": "python"}
            },
        )
        nbformat.write(nb, empty)
        run_notebook(empty, tmp_path / "warm.ipynb")  # warm the disk caches once
        floor = [
            run_notebook(empty, tmp_path / f"empty-{i}.ipynb") for i in range(max(5, args.repeats))
        ]

        catalogue = load_catalogue()
        templates = notebook_templates(catalogue.criterion_ids)
        area = args.area
        shipped = ROOT / "data" / "areas" / area
        params = {"area": f"data/areas/{area}" if shipped.is_dir() else area}
        serial_totals, per_notebook = [], {t.name: [] for t in templates}
        for r in range(args.repeats):
            total = 0.0
            for template in templates:
                elapsed = run_notebook(ROOT / template, tmp_path / f"{r}-{template.name}", params)
                per_notebook[template.name].append(elapsed)
                total += elapsed
            serial_totals.append(total)

        warm = [assess(area, tmp_path / f"warm-{r}") for r in range(args.repeats)]
        isolated = [
            assess(area, tmp_path / f"isolated-{r}", "--isolated") for r in range(args.repeats)
        ]

    imp_gia, plot_gia = import_time("gia")
    imp_nb, plot_nb = import_time("gia.reports.notebook")
    serial = statistics.median(serial_totals)
    warm_median = statistics.median(warm)
    isolated_median = statistics.median(isolated)
    floor_median = statistics.median(floor)
    medians = {name: statistics.median(v) for name, v in per_notebook.items()}
    print(
        f"area {area}, {len(templates)} notebooks, {args.repeats} repeats (medians), "
        f"{os.cpu_count()} cores, load average before: {os.getloadavg()[0]:.1f}"
    )
    print(f"  floor (empty notebook, papermill in-process): {floor_median:.3f} s")
    print(
        f"  per-notebook median: min {min(medians.values()):.3f} s, median "
        f"{statistics.median(medians.values()):.3f} s, max {max(medians.values()):.3f} s "
        f"({max(medians, key=medians.get)})"
    )
    print(
        f"  serial papermill, all notebooks: {serial:.2f} s "
        f"({serial / len(templates) / floor_median:.2f} x floor per notebook)"
    )
    print(
        f"  gia assess (warm kernels, CLI start-up included): {warm_median:.2f} s "
        f"(runs: {', '.join(f'{t:.1f}' for t in warm)})"
    )
    print(
        f"  gia assess --isolated: {isolated_median:.2f} s "
        f"(runs: {', '.join(f'{t:.1f}' for t in isolated)})"
    )
    print(f"  ratio warm assess / serial papermill: {warm_median / serial:.3f} (target <= 0.15)")
    print(f"  ratio isolated assess / serial papermill: {isolated_median / serial:.3f}")
    print(f"  ratio warm / isolated assess: {warm_median / isolated_median:.3f}")
    print(
        f"  import gia: {imp_gia * 1000:.1f} ms (target < 100 ms); seaborn/matplotlib "
        f"imported: {plot_gia}"
    )
    print(
        f"  import gia.reports.notebook: {imp_nb * 1000:.1f} ms; seaborn/matplotlib imported: "
        f"{plot_nb}"
    )


if __name__ == "__main__":
    main()
