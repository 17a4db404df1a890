"""The data-collection workbook: template, export of an area, import, and the CLI commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from gia.data.area import Area, load_area
from gia.data.cellinput import header_key
from gia.data.excel import LISTS_SHEET, import_workbook, write_template
from gia.data.problems import AreaValidationError
from gia.data.schema import TABLES
from gia.paths import areas_dir, project_root

AREA_ID = "lv-zemgale"
FOLDER = areas_dir() / AREA_ID
SHIPPED = areas_dir() / f"{AREA_ID}.xlsx"


def assert_same_area(a: Area, b: Area) -> None:
    assert a.facts == b.facts
    for name in TABLES:
        left, right = a.table(name), b.table(name)
        assert (left is None) == (right is None), name
        if left is not None:
            pd.testing.assert_frame_equal(
                left.reset_index(drop=True), right.reset_index(drop=True), obj=name
            )


def gia(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args], capture_output=True, text=True, cwd=project_root()
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / f"{AREA_ID}.xlsx"
    write_template(path, area=FOLDER)
    return path


def test_template_has_every_table_sheet_and_the_lists(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert {"_instructions", LISTS_SHEET, "area", *TABLES} <= set(wb.sheetnames)
    for name, table in TABLES.items():
        header = [header_key(c.value) for c in wb[name][1]][: len(table.columns)]
        assert header == table.column_names, name
        assert wb[name].freeze_panes == "A2"
        data = [r for r in wb[name].iter_rows(min_row=2, values_only=True) if any(r)]
        assert data == [], f"{name}: the empty template has a header only"
    lists = wb[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    columns = {
        col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()
    }
    for name, table in TABLES.items():
        for col in table.columns:
            if col.type == "enum":
                assert columns[f"{name}.{col.name}"] == list(col.allowed)
    energy_validations = wb["energy"].data_validations.dataValidation
    assert any(LISTS_SHEET in (dv.formula1 or "") for dv in energy_validations)
    keys = [row[0] for row in wb["area"].iter_rows(min_row=2, values_only=True)]
    assert {"id", "management.entity", "land.brownfield_ha", "freight.none_declared"} <= set(keys)


def test_template_is_reproducible(tmp_path):
    write_template(tmp_path / "a.xlsx", area=FOLDER)
    write_template(tmp_path / "b.xlsx", area=FOLDER)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_export_marks_absent_tables_not_reported(exported):
    wb = load_workbook(exported)
    original = load_area(FOLDER)
    for name, table in TABLES.items():
        if table.required:
            continue
        row = [c.value for c in wb[name][1]]
        choice = row[row.index("reported") + 1]
        expected = (
            "yes"
            if original.has(name) and len(original.table(name))
            else ("none" if original.has(name) else "not reported")
        )
        assert choice == expected, name


def test_export_then_import_round_trips(exported, tmp_path):
    folder = import_workbook(exported, tmp_path)
    assert folder == tmp_path / AREA_ID
    assert_same_area(load_area(FOLDER), load_area(folder))
    assert_same_area(load_area(FOLDER), load_area(exported))


def test_import_refuses_a_non_empty_folder(exported, tmp_path):
    import_workbook(exported, tmp_path)
    with pytest.raises(FileExistsError):
        import_workbook(exported, tmp_path)
    assert import_workbook(exported, tmp_path, overwrite=True) == tmp_path / AREA_ID


def test_bad_enum_cell_is_reported_and_nothing_written(exported, tmp_path):
    wb = load_workbook(exported)
    ws = wb["energy"]
    carrier = [c.value for c in ws[1]].index("carrier *") + 1
    ws.cell(row=3, column=carrier, value="electricity")
    bad = tmp_path / "in" / f"{AREA_ID}.xlsx"
    bad.parent.mkdir()
    wb.save(bad)
    out = tmp_path / "out"
    with pytest.raises(AreaValidationError) as info:
        import_workbook(bad, out)
    text = str(info.value)
    assert "sheet energy row 3, column carrier" in text
    assert "'electricity'" in text
    assert not out.exists() or not any(out.iterdir())


def test_shipped_workbook_loads_equal_to_the_folder():
    assert SHIPPED.is_file()
    assert_same_area(load_area(FOLDER), load_area(SHIPPED))


def test_cli_template_and_import(tmp_path):
    empty = tmp_path / "template.xlsx"
    done = gia("template", str(empty))
    assert done.returncode == 0, done.stderr
    assert empty.is_file()
    workbook = tmp_path / f"{AREA_ID}.xlsx"
    done = gia("template", str(workbook), "--area", AREA_ID)
    assert done.returncode == 0, done.stderr
    done = gia("import", str(workbook), str(tmp_path / "areas"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "areas" / AREA_ID / "area.yaml").is_file()
    assert gia("import", str(workbook), str(tmp_path / "areas")).returncode == 2
    assert gia("import", str(workbook), str(tmp_path / "areas"), "--overwrite").returncode == 0


def test_cli_import_of_an_invalid_workbook_exits_1(tmp_path):
    done = gia("import", str(tmp_path / "nothing.xlsx"), str(tmp_path))
    assert done.returncode == 2
    empty = tmp_path / "template.xlsx"
    write_template(empty)
    done = gia("import", str(empty), str(tmp_path / "out"))
    assert done.returncode == 1
    assert "INVALID" in done.stdout
    assert not (tmp_path / "out").exists()


def test_blank_value_in_area_sheet_means_absent(tmp_path) -> None:
    from openpyxl import load_workbook

    from gia.data.area import check_area
    from gia.paths import areas_dir

    book = load_workbook(areas_dir() / "lv-zemgale.xlsx")
    sheet = book["area"]
    sheet.append(["district_heat.renewable_share", None])  # left blank, as in the template
    sheet.append(["district_heat.factor_t_per_mwh", ""])
    path = tmp_path / "lv-zemgale.xlsx"
    book.save(path)
    area, report = check_area(path)
    assert report.ok, report.format()
    assert area.facts.district_heat is None


def test_template_covers_the_v11_tables_columns_and_enums(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert {"production", "buildings"} <= set(wb.sheetnames)
    header = [header_key(c.value or "") for c in wb["contracts"][1]]
    assert header[4:6] == ["market", "vintage_year"]
    assert "flow" in [header_key(c.value or "") for c in wb["exchanges"][1]]
    for sheet, column in (("exchanges", "flow"), ("buildings", "rating")):
        letter = chr(ord("A") + [header_key(c.value or "") for c in wb[sheet][1]].index(column))
        ranges = [str(dv.sqref) for dv in wb[sheet].data_validations.dataValidation]
        assert any(r.startswith(f"{letter}2:") for r in ranges), (sheet, column, ranges)
    keys = [row[0] for row in wb["area"].iter_rows(min_row=2, values_only=True)]
    assert {"participation.tenant_forum", "participation.grievance_route"} <= set(keys)


def test_v11_data_round_trips_through_the_workbook(tmp_path):
    folder = areas_dir() / "az-cement"
    path = tmp_path / "az-cement.xlsx"
    write_template(path, area=folder)
    out = import_workbook(path, tmp_path / "out")
    assert_same_area(load_area(folder), load_area(out))
    assert load_area(out).table("production")["tonnes"].tolist() == [1_600_000.0]
