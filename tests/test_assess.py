"""End-to-end tests of `gia assess`: report folder, results, reproducibility, escaping."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from gia.paths import project_root
from gia.runner import AssessError, check_parameters

ROOT = project_root()
MINI = ROOT / "tests" / "fixtures" / "areas" / "mini-ok"
EXAMPLE = "lv-zemgale"

pytestmark = pytest.mark.slow


def gia(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gia.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    done = gia("assess", EXAMPLE, "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def reports_again(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports-again")
    done = gia("assess", EXAMPLE, "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    return out


def test_report_folder_has_every_part(reports: Path) -> None:
    folder = reports / EXAMPLE
    assert (folder / "results.json").is_file()
    assert (folder / "manifest.json").is_file()
    assert (folder / "report.html").is_file()
    names = sorted(p.name for p in (folder / "notebooks").glob("*.ipynb"))
    # 21 criteria + inventory + summary
    assert len(names) == 23
    assert "summary.ipynb" in names and "inventory.ipynb" in names and "EN-1.ipynb" in names
    # nothing temporary left beside it
    assert [p.name for p in reports.iterdir()] == [EXAMPLE]


def test_results_json_equals_gia_score_json(reports: Path) -> None:
    scored = gia("score", EXAMPLE, "--json")
    assert scored.returncode == 0, scored.stderr
    assert (reports / EXAMPLE / "results.json").read_text("utf-8") == scored.stdout


def test_manifest_has_provenance(reports: Path) -> None:
    manifest = json.loads((reports / EXAMPLE / "manifest.json").read_text("utf-8"))
    assert manifest["methodology_version"] == "1.0"
    assert manifest["gwp_set"] == "ar6"
    assert len(manifest["catalogue"]["sha256"]) == 64
    assert f"data/areas/{EXAMPLE}/area.yaml" in manifest["inputs"]
    assert "data/reference/fuels.csv" in manifest["reference"]
    assert "notebooks/criteria/EN-1.ipynb" in manifest["notebooks"]
    params = manifest["notebooks"]["notebooks/criteria/EN-1.ipynb"]["parameters"]
    assert params == {"area": f"data/areas/{EXAMPLE}", "catalogue": None}
    assert manifest["kernel"] == "gia"
    for name in ("pandas", "numpy", "papermill", "nbclient", "ipykernel", "seaborn",
                 "matplotlib", "python"):
        assert manifest["versions"][name]
    assert set(manifest["git"]) == {"commit", "dirty"}
    assert manifest["started"] <= manifest["finished"]
    # no absolute path of this machine
    assert str(ROOT) not in json.dumps(manifest)


def test_two_runs_are_identical(reports: Path, reports_again: Path) -> None:
    a, b = reports / EXAMPLE, reports_again / EXAMPLE
    assert (a / "results.json").read_bytes() == (b / "results.json").read_bytes()
    for nb in sorted((a / "notebooks").glob("*.ipynb")):
        assert nb.read_bytes() == (b / "notebooks" / nb.name).read_bytes(), nb.name
    assert (a / "report.html").read_bytes() == (b / "report.html").read_bytes()


VOLATILE = [
    (re.compile(r"0x[0-9a-f]{8,}"), "a memory address"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"), "a timestamp"),
    (re.compile(re.escape(str(ROOT))), "a path of this machine"),
    (re.compile(r"/tmp/"), "a temporary path"),
]


def test_executed_notebooks_hold_nothing_volatile(reports: Path) -> None:
    for path in sorted((reports / EXAMPLE / "notebooks").glob("*.ipynb")):
        text = path.read_text("utf-8")
        for pattern, what in VOLATILE:
            assert not pattern.search(text), f"{path.name} holds {what}"
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert "execution" not in cell.metadata
            for output in cell.get("outputs", []):
                assert output.get("name") != "stderr", f"{path.name}: {output.get('text')}"
                assert output.get("output_type") != "error"


def test_unknown_parameter_is_refused() -> None:
    with pytest.raises(AssessError, match="unknown parameter"):
        check_parameters(Path("notebooks/criteria/EN-1.ipynb"), {"area": "x", "aera": "y"})
    with pytest.raises(AssessError, match="must be text"):
        check_parameters(Path("notebooks/criteria/EN-1.ipynb"), {"area": 3})


def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "data").symlink_to(ROOT / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return root


def test_failed_notebook_keeps_previous_report(tmp_path: Path) -> None:
    root = _project_copy(tmp_path)
    broken = root / "notebooks" / "criteria" / "MO-2.ipynb"
    nb = nbformat.read(broken, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
    nbformat.write(nb, broken)
    out = tmp_path / "reports"
    previous = out / "mini-ok"
    previous.mkdir(parents=True)
    (previous / "results.json").write_text("previous", "utf-8")
    (previous / "manifest.json").write_text(
        json.dumps({"gia_version": "0.1.0", "area_id": "mini-ok"}), "utf-8")
    env = {**os.environ, "GIA_ROOT": str(root)}
    done = gia("assess", str(MINI), "--out", str(out), "--jobs", "2", env=env)
    assert done.returncode == 1
    assert "notebooks/criteria/MO-2.ipynb" in done.stderr
    assert "cell 4 `raise RuntimeError('deliberate failure')`" in done.stderr  # counted from 1
    assert "RuntimeError: deliberate failure" in done.stderr
    assert "Traceback" not in done.stderr
    assert (previous / "results.json").read_text("utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["mini-ok"]


def test_invalid_area_gets_no_report(tmp_path: Path) -> None:
    broken = tmp_path / "mini-ok"
    shutil.copytree(MINI, broken)
    (broken / "tenants.csv").write_text(
        (MINI / "tenants.csv").read_text("utf-8").replace("iso50001", "iso5001", 1), "utf-8")
    out = tmp_path / "reports"
    done = gia("assess", str(broken), "--out", str(out))
    assert done.returncode == 1
    assert "tenants.csv row" in done.stderr and "did you mean 'iso50001'" in done.stderr
    assert not out.exists() or not any(out.iterdir())


def test_area_text_reaches_the_page_as_text(tmp_path: Path) -> None:
    area = tmp_path / "xss-park"
    shutil.copytree(MINI, area)
    yaml_text = (area / "area.yaml").read_text("utf-8")
    yaml_text = re.sub(r"^id: .*$", "id: xss-park", yaml_text, flags=re.M)
    yaml_text = re.sub(r"^name: .*$", "name: 'Park \"Quoted\" <b>bold</b> $x$ *y*'", yaml_text,
                       flags=re.M)
    (area / "area.yaml").write_text(yaml_text, "utf-8")
    tenants = (area / "tenants.csv").read_text("utf-8").splitlines()
    header = tenants[0].split(",")
    first = tenants[1].split(",")
    first[header.index("name")] = '"<script>alert(1)</script>"'
    tenants[1] = ",".join(first)
    second = tenants[2].split(",")
    second[header.index("name")] = r"Fab $\frac$ GmbH"  # mathtext in a chart label: plain text
    tenants[2] = ",".join(second)
    (area / "tenants.csv").write_text("\n".join(tenants) + "\n", "utf-8")
    out = tmp_path / "reports"
    done = gia("assess", str(area), "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    page = (out / "xss-park" / "report.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    # no script at all in a self-contained report; every image embedded
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # the injected parameters are plain string literals
    nb = nbformat.read(out / "xss-park" / "notebooks" / "EN-1.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    tree = ast.parse(injected[0].source)
    for node in tree.body:
        assert isinstance(node, ast.Assign)
        assert isinstance(node.value, ast.Constant)


def test_parameters_cannot_inject_code(tmp_path: Path) -> None:
    import papermill as pm

    hostile = 'data/areas/x"; import os; os.system("echo pwned"); y="'
    check_parameters(Path("notebooks/criteria/EN-1.ipynb"), {"area": hostile})
    parameterized = pm.execute_notebook(
        str(ROOT / "notebooks" / "criteria" / "EN-1.ipynb"), str(tmp_path / "out.ipynb"),
        parameters={"area": hostile}, prepare_only=True, progress_bar=False)
    injected = [c for c in parameterized.cells
                if "injected-parameters" in c.metadata.get("tags", [])][0]
    tree = ast.parse(injected.source)
    assert len(tree.body) == 1
    assert ast.literal_eval(tree.body[0].value) == hostile


def test_assess_chooses_warm_kernels_unless_isolated(monkeypatch) -> None:
    """--isolated reaches the runner (the two engines' outputs are compared byte for byte in
    tests/test_published.py; here only the choice is checked, without running notebooks)."""
    from typer.testing import CliRunner

    import gia.runner
    from gia.cli import app

    seen = []
    monkeypatch.setattr(gia.runner, "run_assessments",
                        lambda *a, **kw: seen.append(kw["isolated"]) or
                        gia.runner.AssessOutcome())
    runner = CliRunner()
    assert runner.invoke(app, ["assess", EXAMPLE]).exit_code == 0
    assert runner.invoke(app, ["assess", EXAMPLE, "--isolated"]).exit_code == 0
    assert seen == [False, True]


def test_scheduler_without_the_cluster_extra_says_what_to_install(monkeypatch) -> None:
    import builtins

    from gia.runner import scheduler_client

    real = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name.split(".")[0] == "distributed":
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(AssessError, match=r"pip install -e '\.\[cluster\]'"):
        scheduler_client("tcp://127.0.0.1:1")
