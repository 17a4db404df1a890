"""A report folder from someone else, and an --out that holds someone's files (issue 8).

`gia verify` must never run anything but the project's own notebooks with parameters gia builds,
must check every file a reader relies on, and `gia assess` must never delete what it did not
write. Each test is built from the hostile-input probe's reproduction.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from gia.paths import project_root
from gia.reports.destination import MARKER, clean_stale
from gia.reports.execution import kernel_runtime_dir
from gia.reports.manifest import sha256
from gia.reports.planning import run_assessments

ROOT = project_root()
MINI = "tests/fixtures/areas/mini-ok"

pytestmark = pytest.mark.slow


def gia(*args: str, root: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "GIA_ROOT": str(root)},
        timeout=600,
        **kw,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's data and notebooks with one assessed report of mini-ok."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / MINI, root / MINI)
    done = gia("assess", MINI, "--out", str(root / "reports"), "--jobs", "2", root=root)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


@pytest.fixture
def report(project: Path, request) -> Path:
    """A fresh copy of the report, to tamper with."""
    copy = project / "reports" / f"copy-{request.node.name[:40]}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project / "reports" / "mini-ok", copy)
    yield copy
    shutil.rmtree(copy, ignore_errors=True)


def edit_manifest(report: Path, change) -> None:
    path = report / "manifest.json"
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, indent=2), "utf-8")


def verify(report: Path, project: Path) -> subprocess.CompletedProcess:
    """Verify with warm kernels: what these tests check comes before or after the
    re-execution, whichever engine runs it."""
    done = gia("verify", str(report), "--warm", root=project)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_untouched_report_verifies(report: Path, project: Path) -> None:
    """The untampered copy verifies (verify's default, isolated re-execution, is run on every
    published area in tests/test_published.py; here warm kernels, as in the tests below)."""
    done = verify(report, project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VERIFIED: same inputs, same results, same report" in done.stdout
    assert "file report.html" in done.stdout


PWN = "__import__('os').system('touch PWNED')"


def test_code_in_a_parameter_name_is_never_run(report: Path, project: Path) -> None:
    """The probe's reproduction: a parameter named `x = 1; <code>; y`."""

    def inject(doc):
        doc["notebooks"]["notebooks/inventory.ipynb"]["parameters"][f"x = 1; {PWN}; y"] = "1"

    edit_manifest(report, inject)
    done = verify(report, project)
    assert done.returncode == 1 and "NOT VERIFIED" in done.stdout
    assert "every notebook of an area runs with the same parameters" in done.stdout
    assert not (project / "PWNED").exists() and not (ROOT / "PWNED").exists()


def test_code_in_every_notebooks_parameters_is_never_run(report: Path, project: Path) -> None:
    def inject(doc):
        for entry in doc["notebooks"].values():
            entry["parameters"][f"x = 1; {PWN}; y"] = "1"

    edit_manifest(report, inject)
    done = verify(report, project)
    assert done.returncode == 1
    assert (
        "differ from what gia runs for this area and catalogue; nothing was executed" in done.stdout
    )
    assert not (project / "PWNED").exists()


def test_code_in_a_parameter_value_is_never_run(report: Path, project: Path) -> None:
    def inject(doc):
        for entry in doc["notebooks"].values():
            entry["parameters"]["area"] = f'x"; {PWN}; y="'

    edit_manifest(report, inject)
    done = verify(report, project)
    assert done.returncode == 1
    assert not (project / "PWNED").exists()


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("kernel", "python3", "key kernel: 'python3' is not the project's kernel 'gia'"),
        (
            "catalogue",
            {"path": "/etc/passwd", "sha256": "0" * 64},
            "catalogue path '/etc/passwd': must be a relative path inside",
        ),
        ("catalogue", {"path": "../../../etc/passwd.yaml", "sha256": "0" * 64}, "without '..'"),
        ("inputs", {"data/../../x.csv": "0" * 64}, "input path 'data/../../x.csv'"),
        ("extra_key", 1, "key extra_key: Extra inputs are not permitted"),
        ("versions", {"pandas": 2}, "key versions.pandas: Input should be a valid string"),
    ],
)
def test_manifest_values_are_checked_before_use(
    report: Path, project: Path, key, value, says
) -> None:
    edit_manifest(report, lambda doc: doc.__setitem__(key, value))
    done = verify(report, project)
    assert done.returncode == 1
    assert says in done.stdout, done.stdout
    assert "file report.html" not in done.stdout  # nothing was re-executed


def test_a_catalogue_linked_out_of_the_project_is_refused(
    report: Path, project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "cat.yaml"
    shutil.copy(project / "data" / "criteria" / "gia-v1.0.yaml", outside)
    link = project / "data" / "criteria" / "linked.yaml"
    link.symlink_to(outside)
    try:
        edit_manifest(
            report, lambda d: d["catalogue"].__setitem__("path", "data/criteria/linked.yaml")
        )
        done = verify(report, project)
    finally:
        link.unlink()
    assert done.returncode == 1
    assert "points outside" in done.stdout


def test_extra_missing_and_linked_files_are_named(report: Path, project: Path) -> None:
    (report / "notes.txt").write_text("extra", "utf-8")
    (report / "notebooks" / "EN-1.ipynb").unlink()
    (report / "notebooks" / "evil.ipynb").symlink_to(report / "results.json")
    done = verify(report, project)
    assert done.returncode == 1
    assert "error: notes.txt: a file the manifest does not name" in done.stdout
    assert "error: notebooks/EN-1.ipynb: missing from the report folder" in done.stdout
    assert "error: notebooks/evil.ipynb: a symbolic link in the report folder" in done.stdout


def test_forged_page_and_identity_fields_are_caught(report: Path, project: Path) -> None:
    """Silver→Gold in report.html (hash not updated); area, year, warnings in results.json
    with the manifest's hash updated to match: both NOT VERIFIED, each named."""
    page = report / "report.html"
    page.write_text(page.read_text("utf-8").replace("level-", "level-gold x-", 1), "utf-8")
    results = report / "results.json"
    doc = json.loads(results.read_text("utf-8"))
    doc["reporting_year"] = 2030
    doc["methodology_version"] = "9.9"
    doc["warnings"] = [*doc["warnings"], "forged"]
    doc["criteria"][0]["unit"] = "kg"
    results.write_text(json.dumps(doc, indent=2), "utf-8")
    edit_manifest(report, lambda d: d["outputs"].__setitem__("results.json", sha256(results)))
    done = verify(report, project)
    assert done.returncode == 1
    out = done.stdout
    assert "report file changed: report.html: changed since the report was written" in out
    for item in (
        "reporting_year",
        "methodology_version",
        "warnings (length)",
        f"criteria[{doc['criteria'][0]['id']}].unit",
        "file report.html",
        "file results.json",
    ):
        line = next((ln for ln in out.splitlines() if ln.strip().startswith(item)), "")
        assert line.rstrip().endswith("NO"), (item, out)


# ----------------------------------------------------------------- gia assess and --out


def scratch_area(tmp_path: Path) -> Path:
    area = tmp_path / "scratch" / "mini-ok"
    shutil.copytree(ROOT / MINI, area)
    (area / "notes.txt").write_text("my notes", "utf-8")
    return area


def test_out_at_the_inputs_parent_deletes_nothing(tmp_path: Path) -> None:
    area = scratch_area(tmp_path)
    before = {p.name: p.read_bytes() for p in area.iterdir()}
    done = gia("assess", str(area), "--out", str(area.parent), root=ROOT)
    assert done.returncode == 1
    assert "would replace or lie inside the input area" in done.stderr
    assert {p.name: p.read_bytes() for p in area.iterdir()} == before
    assert sorted(p.name for p in area.parent.iterdir()) == ["mini-ok"]


def test_out_inside_the_input_is_refused(tmp_path: Path) -> None:
    area = scratch_area(tmp_path)
    outcome = run_assessments([area], out_dir=area, progress=False)
    assert "would replace or lie inside the input area" in outcome.failed["mini-ok"]
    assert not (area / "mini-ok").exists()


@pytest.mark.parametrize("kind", ["symlink", "file", "foreign-folder", "area-folder"])
def test_only_a_report_folder_is_replaced(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "mini-ok"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", "utf-8")
    if kind == "symlink":
        target.symlink_to(elsewhere)
        says = "is a symbolic link"
    elif kind == "file":
        target.write_text("keep", "utf-8")
        says = "exists and is not a folder"
    elif kind == "foreign-folder":
        target.mkdir()
        (target / "results.json").write_text("{}", "utf-8")
        (target / "thesis.docx").write_text("keep", "utf-8")
        says = "holds files that are not part of a report: thesis.docx"
    else:
        shutil.copytree(ROOT / MINI, target)
        says = "it is an area folder"
    outcome = run_assessments([ROOT / MINI], out_dir=out, progress=False)
    assert says in outcome.failed["mini-ok"], outcome.failed
    assert (elsewhere / "keep.txt").read_text("utf-8") == "keep"
    assert not list(out.glob(".*.tmp"))


def test_one_id_from_two_sources_is_a_failure(tmp_path: Path) -> None:
    other = tmp_path / "mini-ok"
    shutil.copytree(ROOT / MINI, other)
    out = tmp_path / "out"
    outcome = run_assessments([ROOT / MINI, other], out_dir=out, progress=False, jobs=1)
    assert "area id 'mini-ok' was already given by" in outcome.failed[str(other)]


def test_stale_temporary_folders_of_killed_runs_are_cleaned(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    import socket

    def temp(name: str, marker: dict | None) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if marker is not None:
            (folder / MARKER).write_text(json.dumps(marker), "utf-8")
        return folder

    host = socket.gethostname()
    killed = temp(".a.x1.tmp", {"pid": int(dead), "host": host, "start": None})
    alive = temp(".a.x2.tmp", {"pid": os.getpid(), "host": host, "start": None})
    foreign = temp(".a.x3.tmp", {"pid": int(dead), "host": "another-machine", "start": None})
    unmarked = temp(".a.x4.tmp", None)
    moved_aside = temp(".b.old", None)
    (moved_aside / "manifest.json").write_text(json.dumps({"gia_version": "0", "area_id": "b"}))
    removed = clean_stale(tmp_path)
    assert removed == [killed, moved_aside]
    assert not killed.exists() and alive.exists() and foreign.exists() and unmarked.exists()
    assert (tmp_path / "b" / "manifest.json").is_file()  # the report is back in place


def _descendants(pid: int) -> list[int]:
    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _wait_gone(pids: list[int], seconds: float = 20) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [
            p
            for p in pids
            if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
        ]
        if not left:
            return []
        time.sleep(0.3)
    return left


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_assess_leaves_no_worker(tmp_path: Path, sig) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gia.cli", "assess", MINI, "--out", str(out), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    kernels: list[int] = []
    # wait until notebooks are running: kernels started (the workers start them as soon as
    # the pool does) and the report's temporary folder made
    while time.monotonic() < deadline and not (kernels and list(out.glob(".*.tmp"))):
        time.sleep(0.5)
        kernels = [
            p
            for p in _descendants(proc.pid)
            if "ipykernel" in " ".join(psutil.Process(p).cmdline())
        ]
    assert kernels, "no kernel started"
    family = _descendants(proc.pid)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert _wait_gone(family) == []
    temporary = list(out.glob(".*.tmp"))
    if sig == signal.SIGTERM:  # unwound: nothing left behind
        assert temporary == []
    else:  # no chance to clean: the next run does
        assert len(temporary) == 1
        assert clean_stale(out) == temporary
    assert not (out / "mini-ok").exists()


def test_kernel_folder_of_another_owner_is_not_used(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    shared = tmp_path / f"gia-kernels-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)  # open to everybody: someone else may have made it
    chosen = kernel_runtime_dir()
    assert chosen != shared and chosen.is_dir()
    shared.chmod(0o700)
    assert kernel_runtime_dir() == shared
    shared.rmdir()
    shared.symlink_to(tmp_path)
    assert kernel_runtime_dir() != shared


def test_a_line_break_in_the_area_path_leaves_nothing(tmp_path: Path) -> None:
    area = tmp_path / "a\nb" / "mini-ok"
    shutil.copytree(ROOT / MINI, area)
    out = tmp_path / "out"
    outcome = run_assessments([area], out_dir=out, progress=False)
    assert "parameter area holds a line break" in outcome.failed["mini-ok"]
    assert not out.exists() or list(out.iterdir()) == []
