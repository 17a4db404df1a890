"""Property tests of unit conversion and loading (hypothesis)."""

from __future__ import annotations

import csv
import io
import math
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gia.data.area import check_area
from gia.data.cellinput import normalise_enum
from gia.data.reference import load_reference
from gia.data.schema import CARRIERS, TABLES
from gia.data.units import accepted_units, from_mwh, gcv_ratio, to_mwh

MINI_OK = Path(__file__).parent / "fixtures" / "areas" / "mini-ok"
REF = load_reference()
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

COMBOS = [
    (carrier, unit, basis)
    for carrier in CARRIERS
    for unit in accepted_units(carrier, REF)
    for basis in (("ncv", "gcv") if gcv_ratio(carrier, REF) is not None else ("ncv",))
]


def test_combos_cover_every_unit_and_basis():
    assert {u for _, u, _ in COMBOS} == {"MWh", "kWh", "GJ", "t", "m3", "l"}
    assert ("natural_gas", "m3", "gcv") in COMBOS
    assert ("lpg", "l", "ncv") in COMBOS and ("lpg", "l", "gcv") not in COMBOS
    assert ("electricity_grid", "t", "ncv") not in COMBOS
    assert {c for c, _, _ in COMBOS} == set(CARRIERS)


amounts = st.floats(min_value=1e-6, max_value=1e12, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(combo=st.sampled_from(COMBOS), x=amounts)
def test_unit_conversion_round_trips(combo, x):
    carrier, unit, basis = combo
    mwh = to_mwh(x, unit, carrier, REF, basis)
    assert mwh > 0
    assert math.isclose(from_mwh(mwh, unit, carrier, REF, basis), x, rel_tol=1e-9)


@SETTINGS
@given(combo=st.sampled_from(COMBOS), x=amounts)
def test_unit_conversion_is_consistent_across_units(combo, x):
    carrier, unit, basis = combo
    mwh = to_mwh(x, unit, carrier, REF, basis)
    # the same energy (NCV) in MWh, kWh and GJ, and in l where m3 is accepted
    assert math.isclose(to_mwh(mwh, "MWh", carrier, REF), mwh, rel_tol=1e-12)
    assert math.isclose(to_mwh(mwh * 1000, "kWh", carrier, REF), mwh, rel_tol=1e-12)
    assert math.isclose(to_mwh(mwh * 3.6, "GJ", carrier, REF), mwh, rel_tol=1e-12)
    if unit == "m3":
        assert math.isclose(to_mwh(x * 1000, "l", carrier, REF, basis), mwh, rel_tol=1e-12)
    if basis == "gcv":  # NCV is below GCV
        assert to_mwh(x, unit, carrier, REF, "ncv") > mwh


# --------------------------------------------------------------------------- loading


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _cells(kind) -> list[tuple[str, str, int]]:
    """(table, column, data row index) of every cell of mini-ok in a column of ``kind``."""
    cells = []
    for path in sorted(MINI_OK.glob("*.csv")):
        table = TABLES[path.stem]
        rows = _csv_rows(path)
        for column in rows[0]:
            if kind(table.column(column)):
                cells += [(path.stem, column, i) for i in range(1, len(rows))]
    return cells


AMOUNT_CELLS = _cells(lambda c: c.type in ("int", "float") and c.minimum == 0)
ENUM_CELLS = _cells(lambda c: c.type == "enum")


def test_cells_cover_the_tables():
    assert {t for t, _, _ in AMOUNT_CELLS} >= {
        "energy",
        "tenants",
        "history",
        "vehicles",
        "commuting",
        "freight",
        "surfaces",
    }
    assert {t for t, _, _ in ENUM_CELLS} >= {"energy", "tenants", "water", "surfaces"}


def _broken_copy(tmp: str, table: str, column: str, index: int, text: str) -> Path:
    folder = Path(tmp) / "mini-ok"
    shutil.copytree(MINI_OK, folder)
    path = folder / f"{table}.csv"
    rows = _csv_rows(path)
    rows[index][rows[0].index(column)] = text
    _write_rows(path, rows)
    return folder


def _negative(column_type: str):
    if column_type == "int":
        return st.integers(max_value=-1, min_value=-(10**12)).map(str)
    return st.floats(max_value=-1e-9, min_value=-1e15, allow_nan=False).map(repr)


@SETTINGS
@given(data=st.data())
def test_loading_never_accepts_a_negative_amount(data):
    table, column, index = data.draw(st.sampled_from(AMOUNT_CELLS), label="cell")
    text = data.draw(_negative(TABLES[table].column(column).type), label="value")
    with tempfile.TemporaryDirectory() as tmp:
        area, report = check_area(_broken_copy(tmp, table, column, index, text))
    assert area is None
    hits = [
        p for p in report.errors if (p.file, p.row, p.column) == (f"{table}.csv", index + 1, column)
    ]
    assert len(hits) == 1, report.format()
    assert hits[0].value == text
    assert hits[0].message == f"{text} is negative: expected a number of 0 or more"


enum_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")


@SETTINGS
@given(data=st.data())
def test_loading_never_accepts_an_unknown_enum_value(data):
    table, column, index = data.draw(st.sampled_from(ENUM_CELLS), label="cell")
    allowed = TABLES[table].column(column).allowed
    # any letter case of an allowed value is read as that value (PV, Mwh): not unknown
    text = data.draw(
        enum_text.filter(lambda s: normalise_enum(s, allowed) not in allowed), label="value"
    )
    with tempfile.TemporaryDirectory() as tmp:
        area, report = check_area(_broken_copy(tmp, table, column, index, text))
    assert area is None
    hits = [
        p for p in report.errors if (p.file, p.row, p.column) == (f"{table}.csv", index + 1, column)
    ]
    assert len(hits) == 1, report.format()
    assert hits[0].value == text
    assert hits[0].message.startswith(
        f"'{text}' is not one of the allowed values: {', '.join(allowed)}"
    )
    # one bad cell, one error: the row is dropped without orphaning anything
    assert len(report.errors) == 1, report.format()


@SETTINGS
@given(combo=st.sampled_from(COMBOS), x=st.floats(min_value=0, max_value=1e9))
def test_loaded_mwh_matches_the_conversion(combo, x):
    carrier, unit, basis = combo
    energy = (
        "tenant_id,carrier,amount,unit,metered,basis\n"
        f"t1,{carrier},{x!r},{unit},true,{basis}\n"
        "t2,district_heat,800,MWh,true,\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mini-ok"
        shutil.copytree(MINI_OK, folder)
        (folder / "energy.csv").write_text(energy, encoding="utf-8")
        area, report = check_area(folder)
    assert area is not None, report.format()
    assert math.isclose(
        area.table("energy").at[2, "mwh"],
        to_mwh(x, unit, carrier, REF, basis),
        rel_tol=1e-12,
        abs_tol=1e-12,
    )
