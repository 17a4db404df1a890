"""Benchmark of the six example areas: make assess, --jobs 1 and 2, and a Dask cluster.

Prints, from one run on this machine (medians of ``--repeats`` runs each, warm kernels):
- ``make assess`` after installation: ``gia validate --all`` then ``gia assess --all``
  (target ≤ 45 s);
- ``gia assess --all --jobs 1`` and ``--jobs 2`` (target: jobs 2 ≥ 1.7 × faster);
- ``gia assess --all --scheduler ADDRESS`` on a Dask cluster of separate processes on
  127.0.0.1: ``dask scheduler`` and two ``dask worker --nthreads 1`` (target ≤ 1.15 × the local
  ``--jobs 2``).

Usage: python benchmarks/bench_areas.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gia.paths import project_root

ROOT = project_root()
DASK = str(Path(sys.executable).with_name("dask"))


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "gia.cli", *args], check=True, capture_output=True, cwd=ROOT
    )
    return time.perf_counter() - start


def make_assess(out: Path) -> float:
    return timed("validate", "--all") + timed("assess", "--all", "--out", str(out))


class Cluster:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        file = folder / "scheduler.json"
        log = open(folder / "cluster.log", "ab")  # noqa: SIM115 - closed in stop()
        self.log = log
        self.processes = [
            subprocess.Popen(
                [
                    DASK,
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(file),
                ],
                stdout=log,
                stderr=log,
            )
        ]
        while not file.is_file():
            time.sleep(0.2)
        self.address = json.loads(file.read_text("utf-8"))["address"]
        self.processes += [
            subprocess.Popen(
                [
                    DASK,
                    "worker",
                    "--scheduler-file",
                    str(file),
                    "--host",
                    "127.0.0.1",
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--memory-limit",
                    "0",
                ],
                stdout=log,
                stderr=log,
                cwd=ROOT,
            )
            for _ in range(2)
        ]
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)
        self.log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    runs: dict[str, list[float]] = {"make assess": [], "jobs 1": [], "jobs 2": [], "cluster": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cluster = Cluster(tmp_path)
        try:
            for r in range(args.repeats):  # interleaved: the machine's load weighs on each
                runs["make assess"].append(make_assess(tmp_path / f"make-{r}"))
                runs["jobs 1"].append(
                    timed("assess", "--all", "--jobs", "1", "--out", str(tmp_path / f"j1-{r}"))
                )
                runs["jobs 2"].append(
                    timed("assess", "--all", "--jobs", "2", "--out", str(tmp_path / f"j2-{r}"))
                )
                runs["cluster"].append(
                    timed(
                        "assess",
                        "--all",
                        "--scheduler",
                        cluster.address,
                        "--out",
                        str(tmp_path / f"cluster-{r}"),
                    )
                )
        finally:
            cluster.stop()
    m = {name: statistics.median(values) for name, values in runs.items()}
    print(
        f"six example areas, {args.repeats} repeats (medians), warm kernels, "
        f"{os.cpu_count()} cores, load average before: {load:.1f}"
    )
    for name, values in runs.items():
        print(f"  {name:<12} {m[name]:6.2f} s  (runs: {', '.join(f'{v:.1f}' for v in values)})")
    print(f"  make assess (validate + assess --all): {m['make assess']:.1f} s (target <= 45 s)")
    print(f"  ratio jobs 1 / jobs 2: {m['jobs 1'] / m['jobs 2']:.2f} (target >= 1.7)")
    print(f"  ratio cluster / jobs 2: {m['cluster'] / m['jobs 2']:.2f} (target <= 1.15)")


if __name__ == "__main__":
    main()
