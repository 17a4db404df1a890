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

from gia.method.catalogue import load_catalogue
from gia.paths import project_root
from gia.reports.execution import AssessError
from gia.reports.planning import check_parameters

ROOT = project_root()
MINI = ROOT / "tests" / "fixtures" / "areas" / "mini-ok"
EXAMPLE = "lv-zemgale"

pytestmark = pytest.mark.slow


def gia(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


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
    # every criterion of the default catalogue (v1.1: 25) + inventory + summary
    assert len(names) == len(load_catalogue().criteria) + 2 == 27
    assert "summary.ipynb" in names and "inventory.ipynb" in names and "EN-1.ipynb" in names
    # nothing temporary left beside it
    assert [p.name for p in reports.iterdir()] == [EXAMPLE]


def test_results_json_equals_gia_score_json(reports: Path) -> None:
    scored = gia("score", EXAMPLE, "--json")
    assert scored.returncode == 0, scored.stderr
    assert (reports / EXAMPLE / "results.json").read_text("utf-8") == scored.stdout


def test_manifest_has_provenance(reports: Path) -> None:
    manifest = json.loads((reports / EXAMPLE / "manifest.json").read_text("utf-8"))
    assert manifest["methodology_version"] == "1.1"
    assert manifest["catalogue"]["path"] == "data/criteria/gia-v1.1.yaml"
    assert "data/reference/product_benchmarks.csv" in manifest["reference"]
    assert manifest["gwp_set"] == "ar6"
    assert len(manifest["catalogue"]["sha256"]) == 64
    assert f"data/areas/{EXAMPLE}/area.yaml" in manifest["inputs"]
    assert "data/reference/fuels.csv" in manifest["reference"]
    assert "notebooks/criteria/EN-1.ipynb" in manifest["notebooks"]
    params = manifest["notebooks"]["notebooks/criteria/EN-1.ipynb"]["parameters"]
    assert params == {
        "area": f"data/areas/{EXAMPLE}",
        "catalogue": "data/criteria/gia-v1.1.yaml",
    }  # always named
    assert manifest["kernel"] == "gia"
    for name in (
        "pandas",
        "numpy",
        "papermill",
        "nbclient",
        "ipykernel",
        "seaborn",
        "matplotlib",
        "python",
    ):
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
        # image data is base64: "0x" and eight hex digits occur in it by chance
        text = re.sub(
            r'"image/png": "[A-Za-z0-9+/=\\n]*"', '"image/png": ""', path.read_text("utf-8")
        )
        for pattern, what in VOLATILE:
            assert not pattern.search(text), f"{path.name} holds {what}"
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert "execution" not in cell.metadata
            for output in cell.get("outputs", []):
                assert output.get("name") != "stderr", f"{path.name}: {output.get('text')}"
                assert output.get("output_type") != "error"


SCIENTIFIC = re.compile(r"(?<![\w.])\d+(\.\d+)?[eE][+-]?\d+(?!\w)")
DISPLAY_NUMBER = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d{1,3})?|-?\d{4}")


def page_text(page: str) -> list[str]:
    """Return the text nodes of a page outside <style>, <math> and image data."""
    body = re.sub(r"<(style|math)\b.*?</\1>", " ", page, flags=re.S)
    return [t.strip() for t in re.split(r"<[^>]+>", body) if t.strip()]


def displayed_tables(path: Path) -> list[str]:
    """Return the HTML tables an executed notebook displays."""
    nb = nbformat.read(path, as_version=4)
    shown = (
        output.get("data", {}).get("text/html", "")
        for cell in nb.cells
        for output in cell.get("outputs", [])
    )
    return [html for html in shown if "<table" in html]


def test_report_shows_numbers_as_a_reader_reads_them(reports: Path) -> None:
    page = (reports / EXAMPLE / "report.html").read_text("utf-8")
    for text in page_text(page):
        assert not SCIENTIFIC.search(text), f"scientific notation: {text!r}"
        assert not re.search(r"\b(NaN|nan|None|True|False|<NA>)\b", text), text
    # every value of a table or of a criterion's result: a display number, with its unit
    cells = re.findall(r"<(td|dd)\b[^>]*>(.*?)</\1>", page, flags=re.S)
    numbers = 0
    for _, cell in cells:
        text = " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        value = re.fullmatch(r"(-?\d[\d,.]*)(\s+\D.*)?", text)
        if value:
            numbers += 1
            assert DISPLAY_NUMBER.fullmatch(value.group(1)), f"{value.group(1)!r} in {text!r}"
    assert numbers > 300
    # pandas' raw forms never reach the page
    assert "2045.000000" not in page and "125383.00" not in page
    # nor the executed notebooks' displayed tables
    for path in sorted((reports / EXAMPLE / "notebooks").glob("*.ipynb")):
        for shown in displayed_tables(path):
            assert "row_heading" not in shown, f"{path.name}: an index column"
            for text in page_text(shown):
                assert not SCIENTIFIC.search(text), f"{path.name}: {text!r}"
                assert not re.search(r"\b(NaN|nan|None)\b", text), f"{path.name}: {text}"
    # tables: no index column, readable headers
    for table in re.findall(r'<table[^>]*class="gia-table".*?</table>', page, flags=re.S):
        body = table.split("<tbody>", 1)[1]
        assert "<th" not in body and "row_heading" not in table
        for header in re.findall(r"<th\b[^>]*>(.*?)</th>", table, flags=re.S):
            assert "_" not in header, f"column name as header: {header}"


def test_report_is_for_a_reader(reports: Path) -> None:
    page = (reports / EXAMPLE / "report.html").read_text("utf-8")
    assert page.count("<h1") == 1
    assert "def " not in page and "```" not in page and "import gia" not in page
    assert "next cell" not in page and "Change `area`" not in page
    assert "No description has been provided" not in page
    results = json.loads((reports / EXAMPLE / "results.json").read_text("utf-8"))
    for criterion in results["criteria"]:  # one section per criterion, linking its notebook
        assert f'id="crit-{criterion["id"]}"' in page
        assert f'href="notebooks/{criterion["id"]}.ipynb"' in page
    # every image: embedded, numbered, captioned, with alt text stating its content
    figures = re.findall(
        r'<figure id="fig-(\d+)" class="fig-[a-z-]+">\s*'
        r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)">\s*<figcaption>',
        page,
    )
    assert len(figures) == page.count("<img")
    assert [int(n) for n, _ in figures] == list(range(1, len(figures) + 1))
    for _, alt in figures:
        assert len(alt) > 20 and re.search(r"\d", alt), f"alt text {alt!r}"
    threshold_alts = [alt for _, alt in figures if "thresholds" in alt]
    en1 = next(c for c in results["criteria"] if c["id"] == "EN-1")
    assert any(
        re.fullmatch(
            rf"EN-1 {en1['value']:.1f} %, level {en1['level']} \(\w+\); "
            r"thresholds \d+ / \d+ / \d+ %",
            alt,
        )
        for alt in threshold_alts
    )
    assert "GM-1 2045, level 2 (Silver); thresholds 2050 / 2045 / 2040" in threshold_alts
    # a criterion without a value gets a sentence, not a gauge
    na = [c["id"] for c in results["criteria"] if c["status"] != "ok"]
    assert na, "the example has a criterion without a value"
    for cid in na:
        assert not any(alt.startswith(f"{cid} ") for alt in threshold_alts)
        assert f"No chart: {cid} is" in page
    # the tenant annex is there (and left out by --no-tenant-detail, see the Dask test)
    assert "Inventory per tenant" in page


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
        json.dumps({"gia_version": "0.1.0", "area_id": "mini-ok"}), "utf-8"
    )
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
        (MINI / "tenants.csv").read_text("utf-8").replace("iso50001", "iso5001", 1), "utf-8"
    )
    out = tmp_path / "reports"
    done = gia("assess", str(broken), "--out", str(out))
    assert done.returncode == 1
    assert "tenants.csv row" in done.stderr and "did you mean 'iso50001'" in done.stderr
    assert not out.exists() or not any(out.iterdir())


FIXED_TEXT = {"tenant_id", "supplier_id", "receiver_id", "unit", "gas", "replaces"}
"""str columns that name a tenant, a unit or a reference-table key (validated, not free)."""


def free_text_columns() -> list[tuple[str, str]]:
    """Return (table, column) of every free-text column of the area tables."""
    from gia.data.schema import TABLES

    return [
        (t.name, c.name)
        for t in TABLES.values()
        for c in t.columns
        if c.type == "str" and not c.tenant_ref and c.name not in FIXED_TEXT
    ]


def hostile(field: str) -> str:
    """Return text with HTML, Markdown and a formula that mathtext cannot parse."""
    return rf'<i>{field}</i> "q" Fab $\frac$ *y* & <script>alert("{field}")</script>'


def test_area_text_reaches_the_page_as_text(tmp_path: Path) -> None:
    import csv

    import yaml

    area = tmp_path / "xss-park"
    shutil.copytree(MINI, area)
    facts = yaml.safe_load((area / "area.yaml").read_text("utf-8"))
    facts["id"] = "xss-park"
    fields = ["name", "location", "note", "management.entity"]
    for field in fields:
        *parents, key = field.split(".")
        holder = facts
        for parent in parents:
            holder = holder[parent]
        holder[key] = hostile(field)
    (area / "area.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    for table, column in free_text_columns():
        path = area / f"{table}.csv"
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if not rows or column not in rows[0]:
            continue
        for i, row in enumerate(rows):  # every row: ids stay unique
            row[column] = hostile(f"{table}.{column}.{i}")
        fields.append(f"{table}.{column}.0")
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    assert {"tenants.name.0", "exchanges.resource.0", "waste.stream.0"} <= set(fields)
    out = tmp_path / "reports"
    done = gia("assess", str(area), "--out", str(out), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    page = (out / "xss-park" / "report.html").read_text("utf-8")
    assert "<i>" not in page
    # no script at all in a self-contained report; every image embedded
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # the fields a reader needs reach the page, as text
    for field in ("name", "location", "management.entity", "tenants.name.0"):
        assert f"&lt;i&gt;{field}&lt;/i&gt;" in page, f"{field} is not on the page"
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
        str(ROOT / "notebooks" / "criteria" / "EN-1.ipynb"),
        str(tmp_path / "out.ipynb"),
        parameters={"area": hostile},
        prepare_only=True,
        progress_bar=False,
    )
    injected = [
        c for c in parameterized.cells if "injected-parameters" in c.metadata.get("tags", [])
    ][0]
    tree = ast.parse(injected.source)
    assert len(tree.body) == 1
    assert ast.literal_eval(tree.body[0].value) == hostile


def test_assess_chooses_warm_kernels_unless_isolated(monkeypatch) -> None:
    """--isolated reaches the runner (the two engines' outputs are compared byte for byte in
    tests/test_published.py; here only the choice is checked, without running notebooks)."""
    from typer.testing import CliRunner

    import gia.reports.planning
    from gia.cli import app

    seen = []
    monkeypatch.setattr(
        gia.reports.planning,
        "run_assessments",
        lambda *a, **kw: seen.append(kw["isolated"]) or gia.reports.planning.AssessOutcome(),
    )
    runner = CliRunner()
    assert runner.invoke(app, ["assess", EXAMPLE]).exit_code == 0
    assert runner.invoke(app, ["assess", EXAMPLE, "--isolated"]).exit_code == 0
    assert seen == [False, True]


def test_scheduler_without_the_cluster_extra_says_what_to_install(monkeypatch) -> None:
    import builtins

    from gia.reports.execution import scheduler_client

    real = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name.split(".")[0] == "distributed":
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(AssessError, match=r"pip install -e '\.\[cluster\]'"):
        scheduler_client("tcp://127.0.0.1:1")


def test_no_tenant_detail_leaves_tenants_out_and_still_verifies(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    done = gia("assess", str(MINI), "--out", str(out), "--no-tenant-detail")
    assert done.returncode == 0, done.stderr[-2000:]
    page = (out / "mini-ok" / "report.html").read_text("utf-8")
    assert "Per-tenant detail is left out" in page and "Inventory per tenant" not in page
    for name in ("Alpha Cement", "Beta Foods"):
        assert name not in page
    manifest = json.loads((out / "mini-ok" / "manifest.json").read_text("utf-8"))
    assert manifest["report"] == {"tenant_detail": False}
    checked = gia("verify", str(out / "mini-ok"), "--warm")
    assert checked.returncode == 0, checked.stdout + checked.stderr
