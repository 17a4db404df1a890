"""The one number formatter, the displayed tables and the certificate's words (in-process)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gia.reports.notebook as gnb
from gia.cli import example_area_ids
from gia.messages import MESSAGES, message
from gia.method.catalogue import load_catalogue
from gia.reports.certificate import gap_to_next, level_reason
from gia.reports.formatting import column_label, format_limit, format_value, with_unit
from gia.reports.tables import table

# what a displayed number may look like: digits with thousands separators, at most 3 decimals
NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d{1,3})?$|^-?\d{4}$")
SCIENTIFIC = re.compile(r"(?<![\w.])\d+(\.\d+)?[eE][+-]?\d+(?!\w)")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (2045.0, "year", "2045"),
        (125383.006667, "MWh", "125,383"),
        (2.179674e6, "MWh", "2,179,674"),
        (55.25, "MWh", "55.2"),
        (72.80093405533798, "%", "72.8"),
        (1234.56, "%", "1,234.6"),
        (0.10742584870903135, "t CO2e/MWh", "0.107"),
        (3.0, "items", "3"),
        (1211, "employees", "1,211"),
        (0.25, "weight", "0.25"),
        (-0.0001, "%", "0.0"),
        (1e-9, None, "0.000"),
        (3.2e15, "t", "3,200,000,000,000,000"),
        (None, "%", "—"),
        (float("nan"), "MWh", "—"),
        (pd.NA, None, "—"),
        (np.float64("nan"), "%", "—"),
        (True, None, "yes"),
        (np.bool_(False), None, "no"),
        ("text", None, "text"),
    ],
)
def test_display_rules(value, unit, shown) -> None:
    assert format_value(value, unit) == shown


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18),
    st.sampled_from([None, "%", "MWh", "t CO2e/MWh", "t CO2e", "ha", "count", "ratio"]),
)
def test_no_number_is_ever_in_scientific_notation(value, unit) -> None:
    text = format_value(value, unit)
    assert not SCIENTIFIC.search(text)
    assert NUMBER.match(text), text
    assert abs(float(text.replace(",", "")) - value) <= 0.5 + 1e-9 * abs(value)


def test_limits_drop_zero_decimals_only() -> None:
    assert format_limit(50.0, "%") == "50"
    assert format_limit(0.025, "t CO2e/MWh") == "0.025"
    assert format_limit(2040.0, "year") == "2040"
    assert with_unit(1.0, "items") == "1 item"
    assert with_unit(72.8, "%") == "72.8 %"
    assert with_unit(None, "%") == "—"


def test_column_labels_are_words_with_units() -> None:
    assert column_label("final_energy_mwh") == "Final energy (MWh)"
    assert column_label("scope1_fuels_tco2e") == "Scope 1, fuels (t CO2e)"
    assert column_label("delivered_mwh") == "Delivered energy (MWh)"
    assert column_label("some_new_quantity_ha") == "Some new quantity (ha)"
    assert "_" not in column_label("scope2_location_tco2e")


def test_every_message_key_is_dotted_and_its_text_formats() -> None:
    for key, text in MESSAGES.items():
        assert "." in key or key == "missing", key
        fields = re.findall(r"{(\w+)}", text)
        assert message(key, **{f: "x" for f in fields}) if fields else message(key)
    with pytest.raises(KeyError):
        message("no.such.key")


def test_table_hides_index_escapes_text_and_formats_every_cell() -> None:
    frame = pd.DataFrame(
        {
            "tenant": ["<script>x</script>", "B"],
            "final_energy_mwh": [125383.006667, np.nan],
            "year": [2045.0, None],
            "counted": [True, False],
        },
        index=[7, 9],
    )
    shown = table(frame, part="breakdown")
    html = shown.to_html()
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "row_heading" not in html and ">7<" not in html and ">9<" not in html
    assert "125,383" in html and "2045" in html and "—" in html
    assert ">yes<" in html and ">no<" in html
    assert not re.search(r"\b(NaN|nan|None)\b", html)
    assert "Final energy (MWh)" in html and "final_energy_mwh" not in html
    data, meta = shown._repr_mimebundle_()
    assert meta == {"gia": {"part": "breakdown", "tenant": True}}
    assert "0x" not in data["text/plain"] and "125,383" in data["text/plain"]
    assert shown.data["final_energy_mwh"].iloc[0] == 125383.006667  # unrounded underneath


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)
    ]


def displayed_tables(area_id: str) -> list[tuple[str, object]]:
    a = gnb.assessment(area_id)
    tables = [
        ("inventory", gnb.inventory_table(a)),
        ("tenants", gnb.tenant_inventory(a)),
        ("factors", gnb.factors_table(a)),
        ("prerequisites", gnb.prerequisites_table(a)),
        ("informative", gnb.informative_table(a)),
        ("themes", gnb.theme_table(a)),
        ("criteria", gnb.criteria_table(a)),
    ]
    for r in [*a.criteria, *a.informative]:
        tables.append((f"{r.id} details", gnb.details(r)))
        tables.append((f"{r.id} breakdown", gnb.breakdown(r)))
        if r in a.criteria:
            tables.append((f"{r.id} thresholds", gnb.thresholds(a, r.id)))
    return tables


def check_numbers(where: str, cells: list[str]) -> None:
    """No exponent, no NaN or None, and numbers as displayed (≤ 3 decimals, separators)."""
    for cell in cells:
        assert not SCIENTIFIC.search(cell), f"{where}: {cell!r} in scientific notation"
        assert cell not in ("NaN", "nan", "None", "<NA>", "True", "False"), f"{where}: {cell!r}"
        if re.fullmatch(r"-?[\d,]+(\.\d+)?", cell):  # a number cell: the display rules
            assert NUMBER.match(cell), f"{where}: {cell!r} is not a display number"


@pytest.mark.parametrize("area_id", example_area_ids())
def test_notebook_tables_show_only_display_numbers(area_id: str) -> None:
    for name, shown in displayed_tables(area_id):
        if isinstance(shown, str):
            continue
        html = shown.to_html()
        body = html.split("<tbody>", 1)[-1]
        assert "row_heading" not in html and "<th" not in body, f"{area_id} {name}: index"
        check_numbers(f"{area_id} {name}", _cells(html))


V10 = "data/criteria/gia-v1.0.yaml"


def test_gap_to_next_level_and_reason_in_words() -> None:
    from gia.paths import project_root

    cat = load_catalogue(project_root() / V10)
    en1 = cat.criterion("EN-1")
    entry = {"id": "EN-1", "value": 72.8, "level": 2, "status": "ok", "mandatory": True}
    assert gap_to_next(entry, en1, cat) == "17.2 % more for Gold"
    gm1 = cat.criterion("GM-1")
    assert gap_to_next({"value": 2045.0, "level": 2, "status": "ok"}, gm1, cat) == "5 less for Gold"
    assert (
        gap_to_next({"value": None, "level": 0, "status": "insufficient_data"}, gm1, cat)
        == "data needed"
    )
    reason, next_step = level_reason(gnb.assessment("lv-zemgale", V10).to_dict(), cat)
    assert reason.startswith("Silver:") and "56.8 %" in reason
    assert next_step.startswith("Gold would need")


@pytest.mark.parametrize("catalogue", [V10, None])
@pytest.mark.parametrize("area_id", example_area_ids())
def test_reason_names_the_level_and_what_blocks_it(area_id: str, catalogue: str | None) -> None:
    a = gnb.assessment(area_id, catalogue)
    doc = a.to_dict()
    reason, _ = level_reason(doc, a.catalogue)
    title = "Not certified" if a.level == "not_certified" else a.catalogue.level(a.level).title
    assert reason.startswith(f"{title}:"), reason
    for blocked in a.blocking_reasons:  # every reason of the engine is stated, by its id
        assert re.search(r"(PR|[A-Z]{2})-\d+", blocked).group(0) in reason, (blocked, reason)


def test_breakdown_tables_name_tenants() -> None:
    a = gnb.assessment("lv-zemgale")
    html = gnb.breakdown(a.criterion("EN-1")).to_html()
    names = a.area.table("tenants")
    first = names.iloc[0]
    assert f"{first['name']} ({first['tenant_id']})" in html
    assert not math.isnan(a.criterion("EN-1").value)
