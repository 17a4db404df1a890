"""The corpus of deliberately broken areas: every case fails with the problems it expects.

Each folder of ``tests/broken_areas/`` holds what one broken area changes over the base area
``tests/fixtures/areas/mini-ok`` (``many-problems``: several things): only the files it changes,
and an ``expected.yaml`` naming the rule, the problems that must be reported as errors, and the
files of mini-ok the case has not (``removed``). :func:`materialize` builds the full area folder,
named like the case, with area.yaml's id set to the case's name unless the case gives its own
area.yaml. Two workbook cases are built here from mini-ok with openpyxl.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gia.data.area import check_area
from gia.testing import folder_to_workbook, materialize

TESTS = Path(__file__).parent
CASES_DIR = TESTS / "broken_areas"
MINI_OK = TESTS / "fixtures" / "areas" / "mini-ok"
CASES = sorted(p for p in CASES_DIR.iterdir() if (p / "expected.yaml").is_file())


def expected(case: Path) -> dict:
    return yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def built(tmp_path: Path):
    """Return ``build(case) -> Path``: the case's full area folder under ``tmp_path``."""
    return lambda case: materialize(case, MINI_OK, tmp_path)


def matches(problem, exp: dict) -> bool:
    return (
        problem.file == exp["file"]
        and problem.row == exp.get("row")
        and problem.column == exp.get("column")
        and exp["contains"] in problem.message
    )


def run_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_cli_names(output: str, exp: dict) -> None:
    """Some line of the CLI output names the file, the row, the column and the message."""
    label = "key" if exp["file"].endswith(("area.yaml", "sheet area")) else "column"
    where = exp["file"]
    if exp.get("row") is not None:
        where += f" row {exp['row']}"
    if exp.get("column") is not None:
        where += f", {label} {exp['column']}"
    lines = [ln for ln in output.splitlines() if ln.strip().startswith("error:")]
    assert any(f"error: {where}:" in ln and exp["contains"] in ln for ln in lines), (
        f"no error line names {where!r} with {exp['contains']!r}:\n{output}"
    )


# ----------------------------------------------------------------------------- the corpus


def test_corpus_is_complete():
    assert len(CASES) >= 28
    rules = [expected(c)["rule"] for c in CASES]
    assert len(set(rules)) == len(rules), "two cases claim the same rule"


def test_mini_ok_is_valid():
    area, report = check_area(MINI_OK)
    assert area is not None, report.format()
    assert report.errors == []
    assert report.warnings == []
    assert area.id == "mini-ok" and area.country == "LV" and area.reporting_year == 2024
    assert len(area.table("tenants")) == 4
    result = run_cli(MINI_OK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid (0 error(s)" in result.stdout


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_one_break_of_mini_ok(case, built):
    """The case holds only what it changes; built, it is an area named like its id."""
    exp = expected(case)
    assert exp["problems"], "a case must expect at least one problem"
    assert set(exp) <= {"rule", "problems", "removed"}
    for p in exp["problems"]:
        assert set(p) <= {"file", "row", "column", "contains"} and p["contains"]
    for changed in case.iterdir():  # a file equal to mini-ok's is not a change
        base = MINI_OK / changed.name
        if changed.name not in ("expected.yaml", "area.yaml") and base.is_file():
            assert changed.read_bytes() != base.read_bytes(), changed
    assert (case / "area.yaml").is_file() or exp.get("removed") or len(list(case.iterdir())) > 1
    facts_path = built(case) / "area.yaml"
    if facts_path.is_file() and case.name not in (
        "yaml-syntax-error",
        "id-mismatch",
        "area-yaml-not-utf8",
    ):
        assert yaml.safe_load(facts_path.read_text())["id"] == case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_area_reports_expected_errors(case, built):
    area, report = check_area(built(case))
    assert area is None
    assert not report.ok
    for exp in expected(case)["problems"]:
        assert any(matches(p, exp) for p in report.errors), (
            f"expected {exp} among the errors:\n{report.format()}"
        )
    # one break, no cascade: every error is one the case expects
    for problem in report.errors:
        assert any(matches(problem, exp) for exp in expected(case)["problems"]), (
            f"unexpected error {problem}"
        )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_reports_expected_errors(case, built):
    result = run_cli(built(case))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "INVALID" in result.stdout
    for exp in expected(case)["problems"]:
        assert_cli_names(result.stdout, exp)


def test_many_problems_reported_at_once(built):
    case = CASES_DIR / "many-problems"
    exp = expected(case)["problems"]
    assert len(exp) >= 4 and len({p["file"] for p in exp}) >= 3
    _, report = check_area(built(case))
    for p in exp:
        assert any(matches(e, p) for e in report.errors), p
    assert len({e.file for e in report.errors}) >= 4
    assert len(report.errors) == len(exp)


# ---------------------------------------------------------------------------- workbooks


def _bad_enum(wb):
    assert wb["energy"]["D5"].value == "kWh"
    wb["energy"]["D5"] = "kWhs"  # any letter case is read, a wrong spelling is not


def _no_area_sheet(wb):
    del wb["area"]


WORKBOOK_CASES = {
    "xlsx-bad-enum": (
        _bad_enum,
        {
            "file": "xlsx-bad-enum.xlsx, sheet energy",
            "row": 5,
            "column": "unit",
            "contains": "'kWhs' is not one of the allowed values: MWh, kWh, GJ, t, m3, l "
            "(did you mean 'kWh'?)",
        },
    ),
    "xlsx-no-area-sheet": (
        _no_area_sheet,
        {"file": "xlsx-no-area-sheet.xlsx, sheet area", "contains": "the sheet is missing"},
    ),
}


def test_mini_ok_workbook_is_valid(tmp_path):
    path = folder_to_workbook(MINI_OK, tmp_path / "mini-ok.xlsx")
    area, report = check_area(path)
    assert area is not None, report.format()
    assert report.problems == []
    assert area.table("energy")["mwh"].sum() > 0


@pytest.mark.parametrize("name", sorted(WORKBOOK_CASES))
def test_workbook_case(tmp_path, name):
    edit, exp = WORKBOOK_CASES[name]
    path = folder_to_workbook(MINI_OK, tmp_path / f"{name}.xlsx", edit)
    area, report = check_area(path)
    assert area is None
    assert any(matches(p, exp) for p in report.errors), report.format()
    assert len(report.errors) == 1, report.format()
    result = run_cli(path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert_cli_names(result.stdout, exp)
