"""Unit tests of the validation rules, their messages, the warnings and the ``mwh`` column."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gia.data.area import check_area, load_area
from gia.data.problems import AreaValidationError, ValidationOutcome
from gia.data.readers import parse_csv_text
from gia.data.schema import TABLES
from gia.data.validation import suggest, validate_rows

MINI_OK = Path(__file__).parent / "fixtures" / "areas" / "mini-ok"


def make_area(tmp_path: Path, name: str = "case", **files: str | None) -> Path:
    """Copy mini-ok to ``tmp_path/name`` (id = name); replace or remove (None) files."""
    folder = tmp_path / name
    shutil.copytree(MINI_OK, folder)
    text = (folder / "area.yaml").read_text().replace("id: mini-ok", f"id: {name}")
    (folder / "area.yaml").write_text(text)
    for filename, content in files.items():
        path = folder / filename.replace("__", ".")
        if content is None:
            path.unlink()
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def edit(folder: Path, filename: str, old: str, new: str) -> None:
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, (filename, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_at(report: ValidationOutcome, file: str, row=None, column=None):
    return [p for p in report.errors if p.file == file and p.row == row and p.column == column]


def rows_of(table: str, text: str):
    report = ValidationOutcome("test")
    raw = parse_csv_text(text, f"{table}.csv", report)
    assert raw is not None, report.format()
    df = validate_rows(TABLES[table], raw, f"{table}.csv", report)
    return df, report


ENERGY_HEADER = "tenant_id,carrier,amount,unit,metered,use,basis\n"


# ------------------------------------------------------------------------------ messages


def test_enum_message_has_the_spec_shape():
    body = "".join(f"t1,electricity_grid,{i},MWh,true,,\n" for i in range(12))
    df, report = rows_of("energy", ENERGY_HEADER + body + "t1,electricity_grid,5,kwj,true,,\n")
    (problem,) = report.errors
    assert str(problem) == (
        "energy.csv row 14, column unit: 'kwj' is not one of the allowed values: MWh, kWh, "
        "GJ, t, m3, l (did you mean 'kWh'?)"
    )
    assert problem.value == "kwj"
    assert len(df) == 12 and 14 not in df.index


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        (
            "t1,electricity_grid,-3,MWh,true,,",
            "amount",
            "-3 is negative: expected a number of 0 or more",
        ),
        ("t1,electricity_grid,lots,MWh,true,,", "amount", "'lots' is not a number"),
        ("t1,electricity_grid,nan,MWh,true,,", "amount", "'nan' is not a number"),
        ("t1,electricity_grid,1,MWh,maybe,,", "metered", "'maybe' is not yes or no"),
        (
            "t1,electricity_grid,1,MWh,,,",
            "metered",
            "the cell is empty: metered (true) or estimated (false) is required",
        ),
        ("t1,electricty_grid,1,MWh,true,,", "carrier", "(did you mean 'electricity_grid'?)"),
        ("t1,electricity_grid,1,MWh,true,Energi,", "use", "(did you mean 'energy'?)"),
        ("t1,electricity_grid,1,MWh,true,,gvc", "basis", "(did you mean 'gcv'?)"),
    ],
)
def test_cell_messages(cell, column, message):
    _, report = rows_of("energy", ENERGY_HEADER + cell + "\n")
    (problem,) = report.errors
    assert (problem.row, problem.column) == (2, column)
    assert message in problem.message


def test_whole_number_message():
    text = "tenant_id,name,employees,gva_eur,energy_management\nt1,A,12.5,1,none\n"
    _, report = rows_of("tenants", text)
    (problem,) = report.errors
    assert str(problem) == (
        "tenants.csv row 2, column employees: '12.5' is not a whole number: "
        "type digits only, e.g. 25"
    )


def test_every_bad_cell_of_a_table_is_reported():
    text = ENERGY_HEADER + (
        "t1,electricity_grid,-1,MWh,true,,\n"
        "t1,electricity_grid,1,MWX,maybe,,\n"
        "t1,electricity_grid,1,MWh,true,,\n"
    )
    df, report = rows_of("energy", text)
    assert {(p.row, p.column) for p in report.errors} == {
        (2, "amount"),
        (3, "unit"),
        (3, "metered"),
    }
    assert list(df.index) == [4]


def test_booleans_any_letter_case_and_defaults():
    text = (
        "tenant_id,carrier,amount,unit,metered\n"
        "t1,electricity_grid,1,MWh,TRUE\n"
        ",electricity_grid,2,MWh,False\n"
    )
    df, report = rows_of("energy", text)
    assert report.problems == []
    assert list(df["metered"]) == [True, False]
    assert list(df["use"]) == ["energy", "energy"]  # left out of the header: the default
    assert list(df["basis"]) == ["ncv", "ncv"]
    assert pd.isna(df.at[3, "tenant_id"])  # blank: the operator's own use


def test_header_problems():
    _, report = rows_of("energy", "tenant_id,carrier,amount,units,metered\n")
    assert {(p.column, p.row) for p in report.errors} == {("units", 1), ("unit", 1)}
    unknown = next(p for p in report.errors if p.column == "units")
    assert "unknown column 'units'" in unknown.message
    assert "did you mean 'unit'?" in unknown.message


def test_ragged_and_short_rows():
    report = ValidationOutcome("t")
    df = parse_csv_text("a,b,c\n1,2\n\n3,4,5,,\n", "x.csv", report)
    assert report.problems == []
    assert list(df.index) == [2, 4]  # spreadsheet rows; the blank line keeps its number
    assert df.loc[2].tolist() == ["1", "2", ""]
    df = parse_csv_text("a,b\n1,2,3\n", "x.csv", report)
    assert df is None
    (problem,) = report.errors
    assert (problem.row, problem.value) == (2, "3")


def test_suggest():
    assert suggest("kwh ", ["MWh", "kWh"]) == " (did you mean 'kWh'?)"
    assert suggest("hydrogen", ["hydrogen_green", "hydrogen_grey"]).startswith(" (did you mean")
    assert suggest("zzzzzz", ["MWh", "kWh"]) == ""


# ------------------------------------------------------------------------- rules, errors


def test_load_area_raises_with_the_whole_report(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "energy.csv", "t1,natural_gas,500000,", "t1,natural_gas,-5,")
    edit(folder, "water.csv", "t2,municipal", "t7,municipal")
    with pytest.raises(AreaValidationError) as info:
        load_area(folder)
    files = {p.file for p in info.value.report.errors}
    assert files == {"energy.csv", "water.csv"}
    assert "INVALID (2 error(s)" in str(info.value)


def test_unknown_tenant_suggests_a_tenant(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "water.csv", "t2,municipal", "T2,municipal")
    _, report = check_area(folder)
    (problem,) = errors_at(report, "water.csv", 3, "tenant_id")
    assert problem.message == ("'T2' is not a tenant_id of the tenants table (did you mean 't2'?)")


def test_a_bad_tenant_row_does_not_orphan_its_references(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "tenants.csv", "Beta Foods,C10.8,45,", "Beta Foods,C10.8,many,")
    _, report = check_area(folder)
    assert [(p.file, p.row, p.column) for p in report.errors] == [("tenants.csv", 3, "employees")]


def test_audit_year_messages_are_whole_years(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "tenants.csv", "iso50001,", "iso50001,2021")
    edit(folder, "tenants.csv", "audit,2022", "audit,2026")
    _, report = check_area(folder)
    (late,) = errors_at(report, "tenants.csv", 2, "audit_year")
    assert late.message == "audit year 2026 is after the reporting year 2024"
    assert late.value == "2026"
    (extra,) = errors_at(report, "tenants.csv", 3, "audit_year")
    assert extra.value == "2021"


def test_audit_year_equal_to_reporting_year_is_fine(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "tenants.csv", "audit,2022", "audit,2024")
    area, report = check_area(folder)
    assert area is not None, report.format()


def test_exported_equal_to_generated_is_fine(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "generation.csv", "pv-1,t2,pv,500,480,50", "pv-1,t2,pv,500,480,480")
    edit(folder, "waste_heat.csv", "t4,200,0", "t4,200,200")
    area, report = check_area(folder)
    assert area is not None, report.format()


def test_units_fit_the_carrier(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "energy.csv", "t4,biomass,300,t", "t4,biomass,300,m3")  # no density
    _, report = check_area(folder)
    (problem,) = report.errors
    assert str(problem) == (
        "energy.csv row 7, column unit: unit 'm3' does not fit carrier "
        "biomass: expected MWh, kWh, GJ, t"
    )


def test_history_year_before_reporting_year_is_fine_and_blank_cells_allowed(tmp_path):
    folder = make_area(tmp_path)
    area, _ = check_area(folder)
    history = area.table("history")
    assert list(history["year"]) == [2021, 2022, 2023]
    assert math.isnan(history.at[2, "scope2_market_tco2e"])


def test_invalid_optional_key_does_not_hide_other_problems(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "area.yaml", "renewable_share: 0.3", "renewable_share: 1.4")
    edit(folder, "area.yaml", "plots_in_use_ha: 10.0", "plots_in_use_ha: 13.0")
    edit(folder, "history.csv", "2023,13000", "2024,13000")
    _, report = check_area(folder)
    share = errors_at(report, "area.yaml", None, "district_heat.renewable_share")
    assert len(share) == 1 and share[0].message.startswith("1.4 is too large")
    assert errors_at(report, "area.yaml", None, "land.plots_in_use_ha")
    assert errors_at(report, "history.csv", 4, "year")
    assert len(report.errors) == 3


def test_malformed_yaml_boolean_is_not_also_absent(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "area.yaml", "demand_response: false", "demand_response: maybe")
    _, report = check_area(folder)
    (problem,) = report.errors
    assert problem.column == "smart_energy.demand_response"
    assert "'maybe' is not yes or no" in problem.message
    assert report.warnings == []


def test_bad_required_key_is_an_error(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "area.yaml", "total_area_ha: 20.0", "total_area_ha: 0")
    area, report = check_area(folder)
    assert area is None
    (problem,) = errors_at(report, "area.yaml", None, "total_area_ha")
    assert "greater than 0" in problem.message


def test_empty_yaml_is_an_error(tmp_path):
    folder = make_area(tmp_path, area__yaml="")
    area, report = check_area(folder)
    assert area is None
    assert any(p.file == "area.yaml" and "mapping" in p.message for p in report.errors)


# ---------------------------------------------------------------------------- warnings


def test_surfaces_not_adding_up_is_a_warning(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "surfaces.csv", "sealed,11.0", "sealed,15.0")  # 24 ha of 20
    area, report = check_area(folder)
    assert area is not None and report.errors == []
    (warning,) = report.warnings
    assert warning.file == "surfaces.csv" and warning.column == "area_ha"
    assert "surfaces add up to 24 ha, not total_area_ha 20 ha" in warning.message


def test_surfaces_within_one_percent_are_fine(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "surfaces.csv", "sealed,11.0", "sealed,11.15")  # 20.15 ha: 0.75 %
    area, report = check_area(folder)
    assert area is not None and report.problems == []


def test_factor_from_another_year_is_a_warning(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "area.yaml", "reporting_year: 2024", "reporting_year: 2025")
    area, report = check_area(folder)
    assert area is not None, report.format()
    messages = [w.message for w in report.warnings]
    assert messages == ["grid_electricity: no direct factor for LV 2025; 2024 used"]


def test_absent_boolean_is_a_warning(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "area.yaml", "  land_saving_advice: false\n", "")
    area, report = check_area(folder)
    assert area is not None
    (warning,) = report.warnings
    assert (warning.column, warning.message) == (
        "management.land_saving_advice",
        "absent: counts as no",
    )
    assert str(warning) == ("area.yaml, key management.land_saving_advice: absent: counts as no")


def test_exchange_without_avoided_factor_is_a_warning(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "exchanges.csv", "75,t,,90", "75,t,,")
    area, report = check_area(folder)
    assert area is not None
    (warning,) = report.warnings
    assert (warning.file, warning.row, warning.column) == ("exchanges.csv", 3, "avoided_tco2e")
    assert "exchange x2 has no avoided-emission factor" in warning.message


def test_country_without_residual_mix_is_a_warning(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "area.yaml", "country: LV", "country: AZ")
    area, report = check_area(folder)
    assert area is not None, report.format()
    messages = sorted(w.message for w in report.warnings)
    assert messages == [
        "grid_electricity: no direct factor for AZ; lifecycle factor 2024 used",
        # one wording with the inventory's (gia.data.reference.market_factor), said once
        "residual_mix: no residual mix for AZ; grid factor used for market-based scope 2",
    ]


def test_national_district_heat_factor_from_another_year(tmp_path):
    folder = make_area(tmp_path)
    edit(folder, "area.yaml", "country: LV", "country: DK")
    edit(folder, "area.yaml", "  factor_t_per_mwh: 0.15\n", "")
    area, report = check_area(folder)
    assert area is not None, report.format()
    assert [w.message for w in report.warnings] == [
        "district_heat: no district-heat factor for DK 2024; 2023 used"
    ]


# ------------------------------------------------------------- missing versus zero


def test_header_only_table_is_empty_and_absent_table_is_none(tmp_path):
    folder = make_area(
        tmp_path, waste__csv="tenant_id,stream,hazardous,amount_t,treatment\n", water__csv=None
    )
    area, report = check_area(folder)
    assert area is not None, report.format()
    waste = area.table("waste")
    assert isinstance(waste, pd.DataFrame) and waste.empty
    assert list(waste.columns) == TABLES["waste"].column_names
    assert area.has("waste")
    assert area.table("water") is None
    assert not area.has("water")
    assert area.table_or_empty("water").empty


def test_freight_none_declared_with_header_only_freight_is_fine(tmp_path):
    folder = make_area(tmp_path, freight__csv="mode,tonnes\n")
    edit(folder, "area.yaml", "none_declared: false", "none_declared: true")
    area, report = check_area(folder)
    assert area is not None, report.format()


# ---------------------------------------------------------------------------- mwh column


def test_energy_mwh_column_hand_worked(tmp_path):
    energy = ENERGY_HEADER + (
        "t1,natural_gas,5000000,m3,true,,\n"  # row 2
        "t1,diesel,10,t,true,,\n"  # row 3
        "t1,petrol,1000,l,true,,\n"  # row 4
        "t1,electricity_grid,3600,GJ,true,,\n"  # row 5
        "t1,natural_gas,100,MWh,true,,gcv\n"  # row 6
        "t1,electricity_grid,950000,kWh,true,,\n"  # row 7
        "t2,district_heat,800,MWh,true,,\n"  # row 8
    )
    area, report = check_area(make_area(tmp_path, energy__csv=energy))
    assert area is not None, report.format()
    mwh = area.table("energy")["mwh"]
    # 5,000,000 m3 x 0.00074 t/m3 = 3,700 t; x 48 GJ/t = 177,600 GJ; / 3.6 = 49,333.33 MWh
    assert mwh[2] == pytest.approx(5_000_000 * 0.00074 * 48 / 3.6)
    assert mwh[2] == pytest.approx(49_333.33, abs=0.01)
    # 10 t x 43 GJ/t = 430 GJ; / 3.6 = 119.44 MWh
    assert mwh[3] == pytest.approx(119.44, abs=0.01)
    # 1000 l = 1 m3; x 0.743 t/m3 = 0.743 t; x 44.3 GJ/t = 32.9149 GJ; / 3.6 = 9.143 MWh
    assert mwh[4] == pytest.approx(9.143, abs=0.001)
    # 3600 GJ / 3.6 = 1000 MWh
    assert mwh[5] == pytest.approx(1000.0)
    # 100 MWh GCV x 0.90 (NCV/GCV of natural gas) = 90 MWh NCV
    assert mwh[6] == pytest.approx(90.0)
    # 950,000 kWh / 1000 = 950 MWh
    assert mwh[7] == pytest.approx(950.0)
    assert mwh[8] == pytest.approx(800.0)


def test_exchange_mwh_column(tmp_path):
    area, _ = check_area(make_area(tmp_path))
    exchanges = area.table("exchanges")
    assert exchanges.at[2, "mwh"] == pytest.approx(600.0)
    assert math.isnan(exchanges.at[3, "mwh"])  # a material flow in t
