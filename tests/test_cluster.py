"""``gia assess --scheduler`` on a real Dask cluster: a scheduler and two workers, each a process.

They are started with Dask's own commands (``dask scheduler``, ``dask worker``) on 127.0.0.1, as
on several machines; the workers keep warm kernels. One worker is killed in the middle of a
run: its notebooks run again on the other, and every report is complete and equal to a local
run's. A notebook that fails on the cluster is still named, with its cell.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from gia.method.catalogue import load_catalogue
from gia.paths import project_root

pytest.importorskip("distributed", reason="the optional extra [cluster] (make installs it)")

ROOT = project_root()
MINI = ROOT / "tests" / "fixtures" / "areas" / "mini-ok"
DASK = str(Path(sys.executable).with_name("dask"))
AREAS = ["lv-zemgale", str(MINI)]
IDS = ["lv-zemgale", "mini-ok"]

NOTEBOOKS = len(load_catalogue().criterion_ids) + 2
"""Notebooks of an assessment under the default catalogue: inventory, the criteria, summary."""

pytestmark = pytest.mark.slow


def gia(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


def _wait_for(what: str, ready, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {timeout} s")
        time.sleep(0.2)


class Cluster:
    """A Dask scheduler and its workers, each a process of its own, on 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.scheduler = self._start(
            "scheduler.log",
            DASK,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(self.file),
        )
        _wait_for("the scheduler", self.file.is_file)
        self.address = json.loads(self.file.read_text("utf-8"))["address"]
        self.workers = [self.add_worker(f"worker-{n}") for n in (1, 2)]
        self.wait_for_workers(2)

    def _start(self, log: str, *command: str) -> subprocess.Popen:
        with open(self.folder / log, "ab") as sink:
            return subprocess.Popen(
                command, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
            )

    def add_worker(self, name: str) -> subprocess.Popen:
        return self._start(
            f"{name}.log",
            DASK,
            "worker",
            "--scheduler-file",
            str(self.file),
            "--host",
            "127.0.0.1",
            "--nthreads",
            "1",
            "--no-nanny",
            "--no-dashboard",
            "--name",
            name,
            "--memory-limit",
            "0",
        )

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(n, timeout=120)

    def stop(self) -> None:
        for group in (self.workers, [self.scheduler]):  # the workers while they can say so
            for process in group:
                if process.poll() is None:
                    process.terminate()
            for process in group:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    """The same areas assessed on this machine's pool (warm kernels)."""
    out = tmp_path_factory.mktemp("local")
    done = gia("assess", *AREAS, "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _report_files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )


def test_a_failing_notebook_is_named_with_its_cell(cluster, tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "data").symlink_to(ROOT / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    broken = root / "notebooks" / "criteria" / "MO-2.ipynb"
    nb = nbformat.read(broken, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
    nbformat.write(nb, broken)
    out = tmp_path / "reports"
    done = gia(
        "assess",
        str(MINI),
        "--out",
        str(out),
        "--scheduler",
        cluster.address,
        env={**os.environ, "GIA_ROOT": str(root)},
    )
    assert done.returncode == 1
    assert (
        "notebooks/criteria/MO-2.ipynb failed in cell 4 "
        "`raise RuntimeError('deliberate failure')`: RuntimeError: deliberate failure"
        in done.stderr
    )
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_lost_worker_costs_no_report(cluster, local: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gia.cli",
            "assess",
            *AREAS,
            "--out",
            str(out),
            "--scheduler",
            cluster.address,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    # the middle of the run: both workers have executed notebooks and more are to come
    _wait_for(
        "a third of the notebooks",
        lambda: len(list(out.glob(".*.tmp/.sections/*.json"))) >= 15 or run.poll() is not None,
        timeout=300,
    )
    victim = cluster.workers[0]
    victim.kill()  # as a machine that goes away (its kernel ends when it sees its parent gone)
    victim.wait(timeout=30)
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr[-3000:]
    assert len(list(out.glob(".*.tmp/.sections/*.json"))) == 0  # nothing left half-done
    for area in IDS:
        assert f"{area}: report written" in stdout
        ours, theirs = out / area, local / area
        names = _report_files(theirs)
        assert _report_files(ours) == names
        assert len([n for n in names if n.startswith("notebooks/")]) == NOTEBOOKS
        for name in names:
            assert (ours / name).read_bytes() == (theirs / name).read_bytes(), f"{area}: {name}"
    log = (cluster.folder / "scheduler.log").read_text("utf-8", errors="replace")
    assert "worker-1" in log and ("Remove worker" in log or "Removing worker" in log)
