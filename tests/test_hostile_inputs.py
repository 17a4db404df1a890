"""Hostile and careless inputs (issue 8): each test is built from a probe's reproduction.

Workbooks (duplicate columns, formulas, hidden sheets, formula injection on export), YAML
(aliases, nesting), non-finite and absurd numbers, files that are not regular files, control
characters in values, one-line errors instead of tracebacks, and a fuzz test over every column.
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gia.data.area import check_area
from gia.data.schema import TABLES
from gia.method.catalogue import CatalogueError, load_catalogue
from gia.paths import project_root
from gia.testing import folder_to_workbook

ROOT = project_root()
TESTS = Path(__file__).parent
MINI_OK = TESTS / "fixtures" / "areas" / "mini-ok"


def gia(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def mini(tmp_path: Path, name: str = "mini-ok") -> Path:
    folder = tmp_path / name
    shutil.copytree(MINI_OK, folder)
    if name != "mini-ok":
        text = (folder / "area.yaml").read_text("utf-8").replace("id: mini-ok", f"id: {name}")
        (folder / "area.yaml").write_text(text, "utf-8")
    return folder


def errors_of(source: Path) -> list[str]:
    _, report = check_area(source)
    return [str(p) for p in report.errors]


# ---------------------------------------------------------------------------- workbooks


def test_duplicate_column_in_a_workbook_sheet_is_an_error(tmp_path: Path) -> None:
    """An extra `amount` column once turned lv-zemgale from silver into gold."""

    def add_amount(wb):
        ws = wb["energy"]
        ws.cell(row=1, column=ws.max_column + 1, value="amount")
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=ws.max_column, value=999999)

    book = folder_to_workbook(MINI_OK, tmp_path / "mini-ok.xlsx", add_amount)
    assert errors_of(book) == [
        "mini-ok.xlsx, sheet energy row 1, column amount: the column appears twice in the header "
        "row"
    ]


def test_formula_without_a_stored_value_is_named(tmp_path: Path) -> None:
    def formula(wb):
        ws = wb["area"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "storage_mwh":
                row[1].value = "=1+1"

    book = folder_to_workbook(MINI_OK, tmp_path / "mini-ok.xlsx", formula)
    found = errors_of(book)
    assert len(found) == 1
    assert found[0].startswith("mini-ok.xlsx, sheet area row ")
    assert "a formula without a computed value: open the workbook in Excel" in found[0]


def test_hidden_sheet_is_read_with_a_warning(tmp_path: Path) -> None:
    def hide(wb):
        wb["water"].sheet_state = "hidden"

    book = folder_to_workbook(MINI_OK, tmp_path / "mini-ok.xlsx", hide)
    area, report = check_area(book)
    assert area is not None and area.table("water") is not None
    assert [str(w) for w in report.warnings] == [
        "mini-ok.xlsx, sheet water: the sheet is hidden; its data are read all the same: "
        "unhide it to check them"
    ]


def test_duplicate_key_in_the_area_sheet_is_an_error(tmp_path: Path) -> None:
    def twice(wb):
        wb["area"].append(["total_area_ha", 5000])

    book = folder_to_workbook(MINI_OK, tmp_path / "mini-ok.xlsx", twice)
    found = errors_of(book)
    assert len(found) == 1 and "key total_area_ha: the key appears twice" in found[0]


def test_exported_text_never_becomes_a_formula(tmp_path: Path) -> None:
    area = mini(tmp_path)
    hostile = '=HYPERLINK("http://evil.example","click")'
    rows = list(csv.reader(io.StringIO((area / "tenants.csv").read_text("utf-8"))))
    rows[1][rows[0].index("name")] = hostile
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (area / "tenants.csv").write_text(out.getvalue(), "utf-8")
    facts = yaml.safe_load((area / "area.yaml").read_text("utf-8"))
    facts["name"] = "=1+1"
    (area / "area.yaml").write_text(yaml.safe_dump(facts), "utf-8")
    book = tmp_path / "export" / "mini-ok.xlsx"
    book.parent.mkdir()
    done = gia("template", str(book), "--area", str(area))
    assert done.returncode == 0, done.stdout + done.stderr
    wb = load_workbook(book)
    cells = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert {c.value for c in cells} >= {hostile, "=1+1"}
    assert all(c.data_type == "s" for c in cells), [(c.coordinate, c.data_type) for c in cells]
    # the round trip validates and keeps the text as text
    back, report = check_area(book)
    assert back is not None, report.format()
    assert hostile in list(back.table("tenants")["name"])
    assert back.facts.name == "=1+1"


def test_import_overwrite_keeps_the_users_other_files(tmp_path: Path) -> None:
    book = folder_to_workbook(MINI_OK, tmp_path / "mini-ok.xlsx")
    target = tmp_path / "areas" / "mini-ok"
    target.mkdir(parents=True)
    (target / "energy.csv").write_text("old", "utf-8")
    (target / "notes.csv").write_text("my notes", "utf-8")
    done = gia("import", str(book), str(tmp_path / "areas"), "--overwrite")
    assert done.returncode == 2
    assert "holds files that are not part of an area (notes.csv)" in done.stderr
    assert (target / "notes.csv").read_text("utf-8") == "my notes"
    assert (target / "energy.csv").read_text("utf-8") == "old"
    (target / "notes.csv").unlink()
    done = gia("import", str(book), str(tmp_path / "areas"), "--overwrite")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "energy.csv").read_text("utf-8") != "old"


def test_import_into_a_file_is_one_line(tmp_path: Path) -> None:
    book = folder_to_workbook(MINI_OK, tmp_path / "mini-ok.xlsx")
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    done = gia("import", str(book), str(blocker))
    assert done.returncode in (1, 2)
    assert "Traceback" not in done.stderr and done.stderr.startswith("error: ")
    assert blocker.read_text("utf-8") == "x"


# ------------------------------------------------------------------------------- charts


def test_dollar_signs_in_labels_are_drawn_as_text(monkeypatch) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from gia.reports import charts

    drawn = []

    def keep(fig, *_args, **_kwargs):  # alt text, caption and report metadata unused here
        fig.canvas.draw()  # mathtext parsing happens here; a bad formula raises
        drawn.append([t.get_text() for t in fig.axes[0].get_yticklabels()])

    monkeypatch.setattr(charts, "_show", keep)
    names = [r"Fab $\frac$ GmbH", "Cost $5", "$x$"]
    charts.breakdown_chart(
        pd.DataFrame({"tenant": names, "mwh": [3.0, 2.0, 1.0]}),
        label="tenant",
        value="mwh",
        title="t",
    )
    assert sorted(drawn[0]) == sorted(charts.plain_label(n) for n in names)


# --------------------------------------------------------------------------------- YAML


def test_yaml_alias_bomb_in_a_catalogue_is_refused_at_once(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 9):
        bomb += (
            f"{'abcdefghi'[n]}: &{'abcdefghi'[n]} ["
            + ", ".join([f"*{'abcdefghi'[n - 1]}"] * 9)
            + "]\n"
        )
    bomb += "title: x\nunknown_key: *i\n"
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb, "utf-8")
    started = time.perf_counter()
    with pytest.raises(CatalogueError, match="aliases"):
        load_catalogue(path)
    assert time.perf_counter() - started < 2


def test_deeply_nested_yaml_is_an_error_not_a_recursion(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    with pytest.raises(CatalogueError, match="nested deeper"):
        load_catalogue(path)
    done = gia("score", str(MINI_OK), "--catalogue", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "nested deeper than 40 levels" in done.stderr


# --------------------------------------------------------------------------- numbers


def test_no_result_is_ever_nan_or_infinite() -> None:
    from gia.method.criteria.base import INSUFFICIENT, Measure, _finite

    for bad in (math.nan, math.inf, -math.inf):
        measure = _finite(Measure(bad))
        assert measure.value is None and measure.status == INSUFFICIENT
        assert "not a finite number" in measure.warnings[0]
    assert _finite(Measure(1.5)).value == 1.5


# ------------------------------------------------------------------------ files and text


def test_symbolic_links_and_pipes_are_refused_unread(tmp_path: Path) -> None:
    area = mini(tmp_path)
    secret = tmp_path / "secret.csv"
    secret.write_text("tenant_id,carrier\nTOP-SECRET,x\n", "utf-8")
    (area / "energy.csv").unlink()
    (area / "energy.csv").symlink_to(secret)
    (area / "water.csv").unlink()
    os.mkfifo(area / "water.csv")
    found = errors_of(area)
    assert (
        "energy.csv: a symbolic link: an area folder holds its own files (copy the file in "
        "instead of linking it)" in found
    )
    assert "water.csv: not a regular file (a folder, device or pipe)" in found
    assert not any("missing" in line for line in found)  # refused, not called missing
    assert not any("TOP-SECRET" in line for line in found)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    import gia.data.readers

    monkeypatch.setattr(gia.data.readers, "MAX_TABLE_BYTES", 100)
    found = errors_of(mini(tmp_path))
    assert any(
        line.startswith("energy.csv: ") and "bytes is larger than the 100 bytes accepted" in line
        for line in found
    )


def test_control_characters_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    area = mini(tmp_path)
    text = (area / "energy.csv").read_text("utf-8").replace(",MWh,", ",\x1b[31mMWh,", 1)
    (area / "energy.csv").write_text(text, "utf-8")
    done = gia("validate", str(area))
    assert done.returncode == 1
    assert "\x1b" not in done.stdout
    assert "\\x1b[31mMWh" in done.stdout


def test_validate_dot_inside_an_area_folder(tmp_path: Path) -> None:
    area = mini(tmp_path)
    done = gia("validate", ".", cwd=area)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid (0 error(s)" in done.stdout


def test_a_line_break_in_a_note_cannot_start_a_heading() -> None:
    from gia.reports.notebook import esc

    assert (
        esc("illustrative.\n# Gold, certified\r\nby us") == "illustrative. # Gold, certified by us"
    )


def test_verify_of_a_malformed_manifest_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json", "utf-8")
    (tmp_path / "results.json").write_text("[" * 100000 + "]" * 100000, "utf-8")
    done = gia("verify", str(tmp_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "error: manifest.json: not valid JSON" in done.stdout
    assert "error: results.json: nested too deeply" in done.stdout


def test_assess_out_is_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("x", "utf-8")
    done = gia("assess", str(MINI_OK), "--out", str(blocker))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "exists and is not a folder" in done.stderr
    assert blocker.read_text("utf-8") == "x"


def test_unwritable_out_is_a_failure_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    """A read-only --out (root writes anyway, so the refusal is simulated)."""
    import gia.reports.destination
    from gia.reports.planning import run_assessments

    def refuse(out_dir, area_id):
        raise PermissionError(13, "Permission denied", str(out_dir))

    monkeypatch.setattr(gia.reports.destination, "make_workdir", refuse)
    outcome = run_assessments([MINI_OK], out_dir=tmp_path / "ro", progress=False)
    assert outcome.written == {}
    assert outcome.failed == {
        "mini-ok": f"cannot write the report under {tmp_path / 'ro'}: Permission denied"
    }


# ------------------------------------------------------------------------------ fuzzing

NASTY = st.sampled_from(
    [
        "",
        " ",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e308",
        "-1",
        "0",
        "1e-320",
        "1,5",
        "12.5.1",
        "true",
        "TRUE",
        "yes",
        "=1+1",
        "\x1b[31m",
        "../x",
        "$x$",
        "<script>",
        "t1",
        "t9",
        "external",
        "MWh",
        "kWh",
        "natural_gas",
        "9" * 40,
        "2024-05-12 00:00:00",
        "None",
    ]
)
VALUES = st.one_of(
    NASTY,
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
YAML_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.lists(st.integers(), max_size=2),
    NASTY,
)
MINI_TABLES = {
    p.stem: list(csv.reader(io.StringIO(p.read_text("utf-8"))))
    for p in sorted(MINI_OK.glob("*.csv"))
}
MINI_FACTS = yaml.safe_load((MINI_OK / "area.yaml").read_text("utf-8"))
FACT_KEYS = [
    ("id",),
    ("name",),
    ("country",),
    ("reporting_year",),
    ("total_area_ha",),
    ("storage_mwh",),
    ("parking_spaces",),
    ("charging_points",),
    ("management", "net_zero_target_year"),
    ("management", "entity"),
    ("management", "energy_concept_adopted"),
    ("district_heat", "renewable_share"),
    ("district_heat", "factor_t_per_mwh"),
    ("land", "developed_ha"),
    ("land", "brownfield_ha"),
    ("land", "plots_serviced_ha"),
    ("land", "plots_in_use_ha"),
    ("freight", "none_declared"),
    ("smart_energy", "demand_response"),
]
CELLS = [
    (name, row, col)
    for name, rows in MINI_TABLES.items()
    for row in range(1, len(rows))
    for col in range(len(rows[0]))
]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(st.tuples(st.sampled_from(CELLS), VALUES), min_size=1, max_size=4),
    fact_edits=st.lists(st.tuples(st.sampled_from(FACT_KEYS), YAML_VALUES), max_size=2),
)
def test_fuzzed_area_validates_or_fails_cleanly(tmp_path_factory, edits, fact_edits) -> None:
    """Random values in any cell or key: valid (then finite results) or errors, never a crash."""
    from gia.method.assessment import assess

    folder = tmp_path_factory.mktemp("fuzz") / "mini-ok"
    folder.mkdir()
    tables = {name: [list(r) for r in rows] for name, rows in MINI_TABLES.items()}
    for (name, row, col), value in edits:
        tables[name][row][col] = value
    for name, rows in tables.items():
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (folder / f"{name}.csv").write_text(out.getvalue(), "utf-8")
    facts = yaml.safe_load(yaml.safe_dump(MINI_FACTS))
    for keys, value in fact_edits:
        node = facts
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    (folder / "area.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    area, report = check_area(folder)
    if area is None:
        assert report.errors and all(p.file for p in report.errors)
        assert all("\x1b" not in str(p) for p in report.problems)
        return
    doc = assess(area).to_dict()
    numbers = [doc["overall_score"], *doc["themes"].values(), *doc["inventory"].values()]
    numbers += [c["value"] for c in doc["criteria"] + doc["informative"]]
    assert all(v is None or math.isfinite(v) for v in numbers), doc


def test_fuzz_covers_every_table_and_column() -> None:
    covered = {(name, MINI_TABLES[name][0][col]) for name, _, col in CELLS}
    for name, rows in MINI_TABLES.items():
        assert {(name, c) for c in rows[0]} <= covered
        assert name in TABLES
