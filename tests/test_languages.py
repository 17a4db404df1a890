"""Partners' data in their own language: the workbook a person fills in, forgiving validation,
and every message in English, Latvian, Polish, German and Danish (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gia import messages
from gia.data.area import check_area, load_area
from gia.data.cellinput import header_key, normalise_enum, normalise_number, parse_yes_no
from gia.data.excel import LISTS_SHEET, import_workbook, write_template
from gia.data.schema import TABLES
from gia.messages import (
    COMPLETE_LANGUAGES,
    UnknownLanguageError,
    clear_missing,
    language,
    message,
    missing_messages,
    normalise_language,
    untranslated,
)
from gia.method.assessment import assess
from gia.method.catalogue import load_catalogue
from gia.paths import project_root

TRANSLATED = [lang for lang in COMPLETE_LANGUAGES if lang != "en"]


def gia(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gia.cli", *args], capture_output=True, text=True, cwd=project_root()
    )


def rows_of(ws) -> dict[str, int]:
    """Return the area sheet's row number by key."""
    return {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}


def header(ws) -> list[str]:
    return [header_key(c.value) for c in ws[1]]


def fill_row(ws, row: int, values: dict[str, object]) -> None:
    keys = header(ws)
    for key, value in values.items():
        ws.cell(row=row, column=keys.index(key) + 1).value = value  # None empties the cell


# ------------------------------------------------------- a person fills in the template


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """The Latvian template filled in as a park operator would, saved under an e-mail name."""
    folder = tmp_path_factory.mktemp("filled")
    path = folder / "rezekne-sez (1).xlsx"
    write_template(path, lang="lv")
    wb = load_workbook(path)
    area = wb["area"]
    where = rows_of(area)
    for key, value in {
        "id": "rezekne-sez",
        "name": "Rēzeknes SEZ",
        "country": "lv",
        "reporting_year": 2024,
        "total_area_ha": "118,5",  # a decimal comma, typed as text
        "management.energy_concept_adopted": "jā",
        "management.land_saving_advice": "nē",
        "freight.none_declared": "Nē",
    }.items():
        area.cell(row=where[key], column=2, value=value)
    fill_row(
        wb["tenants"],
        2,
        {
            "tenant_id": "T01",
            "name": "Baltic Wood SIA",
            "employees": 120,
            "gva_eur": "8 500 000",
            "energy_management": "ISO50001",
        },
    )
    fill_row(
        wb["energy"],
        2,
        {
            "tenant_id": "T01",
            "carrier": "electricity_grid",
            "amount": "1 250,5",
            "unit": "mwh",
            "metered": "jā",
        },
    )
    fill_row(
        wb["energy"],
        3,
        {
            "tenant_id": "T01",
            "carrier": "Natural_Gas",
            "amount": 500,
            "unit": "MWh",
            "metered": "nē",
        },
    )
    generation = wb["generation"]
    fill_row(
        generation,
        2,
        {"asset_id": "PV-1", "technology": "PV", "generation_mwh": "380,5", "exported_mwh": "0"},
    )
    reported_cell(generation).value = "jā"
    reported_cell(wb["waste"]).value = "nav ziņots"  # not collected: insufficient data
    reported_cell(wb["waste_heat"]).value = "nav"  # there is none
    wb.save(path)
    return path


def reported_cell(ws):
    """Return the cell right of the sheet's ``reported`` label."""
    for cell in ws[1]:
        if cell.value in ("reported", "ziņots", "zgłoszono", "gemeldet", "indberettet"):
            return ws.cell(row=1, column=cell.column + 1)
    raise AssertionError(f"{ws.title}: no reported cell")


def test_filled_template_validates_with_plain_warnings(filled):
    area, report = check_area(filled)
    assert report.ok, report.format()
    warnings = [(p.file.split(", ")[-1], p.column) for p in report.warnings]
    # the file name differs from the id: a warning, no error
    assert ("sheet area", "id") in warnings
    # the optional sheets left empty without a choice are named; the chosen ones are not
    assert ("sheet contracts", "reported") in warnings
    assert ("sheet waste", "reported") not in warnings
    assert ("sheet waste_heat", "reported") not in warnings
    assert area.id == "rezekne-sez" and area.country == "LV"
    assert area.facts.total_area_ha == 118.5
    assert area.facts.management.energy_concept_adopted is True
    assert area.facts.management.land_saving_advice is False
    energy = area.table("energy")
    assert energy["amount"].tolist() == [1250.5, 500.0]
    assert energy["unit"].tolist() == ["MWh", "MWh"]
    assert energy["carrier"].tolist() == ["electricity_grid", "natural_gas"]
    assert energy["metered"].tolist() == [True, False]
    assert area.table("tenants")["gva_eur"].tolist() == [8_500_000.0]
    assert area.table("tenants")["energy_management"].tolist() == ["iso50001"]
    assert area.table("generation")["technology"].tolist() == ["pv"]
    assert area.table("waste") is None  # not reported
    assert area.has("waste_heat") and len(area.table("waste_heat")) == 0  # reported: none


def test_filled_template_imports_and_scores_as_intended(filled, tmp_path):
    folder = import_workbook(filled, tmp_path)
    assert folder == tmp_path / "rezekne-sez"  # named by the id, not by the file
    assert (folder / "energy.csv").read_text().splitlines() == [
        "tenant_id,carrier,amount,unit,metered,use,basis",
        "T01,electricity_grid,1250.5,MWh,true,,",
        "T01,natural_gas,500,MWh,false,,",
    ]
    assert not (folder / "waste.csv").exists()
    assert (folder / "waste_heat.csv").read_text().strip() == (
        "tenant_id,recoverable_mwh,recovered_mwh"
    )
    a = assess(load_area(folder), load_catalogue())
    # GM-3: metered MWh of tenants / all MWh = 1250.5 / (1250.5 + 500) × 100
    gm3 = a.criterion("GM-3")
    assert gm3.measure.value == pytest.approx(1250.5 / 1750.5 * 100)
    assert gm3.level == 1  # thresholds 60, 80, 95
    assert a.criterion("CS-1").status == "insufficient_data"  # waste: not reported
    assert a.criterion("EN-5").status == "not_applicable"  # waste heat: reported none


def test_validate_in_latvian_sorted_by_sheet_and_row(filled, tmp_path):
    wb = load_workbook(filled)
    fill_row(
        wb["energy"],
        4,
        {"tenant_id": "T01", "carrier": "diesel", "amount": "daudz", "unit": "l", "metered": "jā"},
    )
    fill_row(wb["energy"], 3, {"metered": None})
    wb["tenants"].cell(row=2, column=4, value=datetime(2024, 5, 12))  # Excel's 12.5
    wb["area"].cell(row=rows_of(wb["area"])["id"], column=2, value="Rēzekne SEZ")
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    clear_missing()
    done = gia("validate", str(bad), "--lang", "lv")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert "NEDERĪGS" in lines[0]
    errors = [line for line in lines if line.startswith("  kļūda:")]
    assert errors == [
        "  kļūda: bad.xlsx, lapa area, atslēga id: 'Rēzekne SEZ' nav derīgs id: tikai mazie "
        "burti, cipari un defises, piem., rezekne-sez",
        "  kļūda: bad.xlsx, lapa tenants rinda 2, kolonna employees: šī šūna ir formatēta kā "
        "datums (2024-05-12): formatējiet šūnu kā skaitli (Number) vai tekstu (Text) un "
        "ierakstiet vērtību vēlreiz",
        "  kļūda: bad.xlsx, lapa energy rinda 3, kolonna metered: šūna ir tukša: uzskaitīts "
        "(jā) vai novērtēts (nē) ir obligāts",
        "  kļūda: bad.xlsx, lapa energy rinda 4, kolonna amount: 'daudz' nav skaitlis: "
        "rakstiet ciparus ar decimālkomatu vai punktu, piem., 12,5",
    ]


def test_a_date_in_a_number_cell_is_one_plain_error(filled, tmp_path):
    wb = load_workbook(filled)
    fill_row(wb["energy"], 2, {"amount": datetime(2024, 5, 12)})
    path = tmp_path / "date.xlsx"
    wb.save(path)
    _, report = check_area(path)
    (problem,) = report.errors
    assert (problem.row, problem.column, problem.value) == (2, "amount", "2024-05-12")
    assert problem.message.startswith("this cell is formatted as a date (2024-05-12)")


def test_a_reported_choice_that_contradicts_the_rows_is_an_error(filled, tmp_path):
    wb = load_workbook(filled)
    reported_cell(wb["generation"]).value = "nav"
    reported_cell(wb["waste"]).value = "maybe"
    path = tmp_path / "contradiction.xlsx"
    wb.save(path)
    _, report = check_area(path)
    found = {(p.file.split(", ")[-1], p.column): p.message for p in report.errors}
    assert found[("sheet generation", "reported")].startswith(
        "the sheet is marked 'none' but has 1 row(s)"
    )
    assert found[("sheet waste", "reported")] == (
        "'maybe' is not a choice of 'reported': choose yes, none, not reported"
    )


# ------------------------------------------------------------- what the workbook shows


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_every_header_has_a_comment_and_every_choice_a_drop_down(tmp_path, lang):
    path = tmp_path / f"{lang}.xlsx"
    clear_missing()
    write_template(path, lang=lang)
    assert missing_messages() == set()
    wb = load_workbook(path)
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    with language(lang):
        yes, no = message("input.yes").split(",")[0], message("input.no").split(",")[0]
    for name, table in TABLES.items():
        ws = wb[name]
        lists = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
        for index, col in enumerate(table.columns, start=1):
            cell = ws.cell(row=1, column=index)
            assert cell.comment is not None and cell.comment.text.strip(), (name, col.name)
            assert header_key(cell.value) == col.name
            assert cell.value.endswith(" *") == col.required, (name, cell.value)
            if col.unit:
                assert f"({col.unit})" in cell.value
            dv = lists[f"{cell.column_letter}2"]
            assert dv.showInputMessage and dv.prompt, (name, col.name)
            if col.type in ("enum", "bool"):
                assert dv.type == "list" and LISTS_SHEET in dv.formula1, (name, col.name)
            width = ws.column_dimensions[cell.column_letter].width
            assert width >= max([len(cell.value), *(len(v) for v in col.allowed)]), (name, col)
            assert ws.cell(row=2, column=index).fill.fgColor.rgb.endswith("FFF2CC")
        if not table.required:
            assert reported_cell(ws).comment is None  # the label carries the comment
            assert any(
                LISTS_SHEET in (dv.formula1 or "") and str(dv.sqref) == reported_cell(ws).coordinate
                for dv in ws.data_validations.dataValidation
            ), name
    area = wb["area"]
    where = rows_of(area)
    validated = {str(dv.sqref): dv for dv in area.data_validations.dataValidation}
    for key in ("country", "management.energy_concept_adopted", "freight.none_declared"):
        dv = validated[f"B{where[key]}"]
        assert dv.type == "list", key
    lists = wb[LISTS_SHEET]
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert columns["boolean"] == [yes, no]
    assert "LV" in columns["country"] and "EU" not in columns["country"]
    assert wb["_instructions"]["A1"].value == messages.translations(lang).get(
        ("workbook.title", messages.MESSAGES["workbook.title"]), messages.MESSAGES["workbook.title"]
    )


def test_instructions_speak_plainly(tmp_path):
    path = tmp_path / "en.xlsx"
    write_template(path)
    text = "\n".join(
        str(row[0])
        for row in load_workbook(path)["_instructions"].iter_rows(values_only=True)
        if row[0]
    )
    for jargon in ("dotted keys", "tenants.csv", "str/float", "FILE.xlsx DIR"):
        assert jargon not in text
    for plain in ("not reported", "none:", "decimal comma", "becomes 12 May"):
        assert plain in text


# ------------------------------------------------------------ one message catalogue


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_english_text_is_translated_in_a_complete_language(lang):
    assert untranslated(lang) == []


def test_a_new_english_message_is_missing_from_every_translation(monkeypatch):
    monkeypatch.setitem(messages.MESSAGES, "report.brand_new", "A new label")
    for lang in TRANSLATED:
        assert untranslated(lang) == ["report.brand_new"]


def test_a_changed_english_text_makes_its_translation_stale(monkeypatch):
    monkeypatch.setitem(messages.MESSAGES, "status.ok", "fine")
    assert untranslated("lv") == ["status.ok"]
    with language("lv"):
        assert message("status.ok") == "fine"  # English until translated again


def test_missing_or_broken_translation_falls_back_to_english(tmp_path, monkeypatch):
    (tmp_path / "lt.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "status.ok"\nmsgid "ok"\nmsgstr "gerai"\n\n'
        'msgctxt "report.title"\nmsgid "{name}: assessment report, reporting year {year}"\n'
        'msgstr "{pavadinimas}: vertinimo ataskaita"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(messages, "LOCALES_DIR", tmp_path)
    messages.translations.cache_clear()
    try:
        clear_missing()
        with language("lt"):
            assert message("status.ok") == "gerai"
            assert message("report.title", name="X", year=2024) == (
                "X: assessment report, reporting year 2024"
            )  # wrong placeholder: English
            assert message("status.not_applicable") == "not applicable"  # missing: English
        assert missing_messages() == {("lt", "report.title"), ("lt", "status.not_applicable")}
    finally:
        messages.translations.cache_clear()


def test_unknown_language_is_a_usage_error():
    assert normalise_language("LV") == "lv" and normalise_language("pl_PL") == "pl"
    with pytest.raises(UnknownLanguageError, match="available are en, da, de, lv, pl"):
        normalise_language("xx")
    done = gia("validate", "lv-zemgale", "--lang", "xx")
    assert done.returncode == 2
    assert "--lang: no translation for language 'xx'" in done.stderr


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_validation_report_in_every_language_has_no_missing_message(tmp_path, lang):
    path = tmp_path / "empty.xlsx"
    write_template(path, lang=lang)
    clear_missing()
    with language(lang):
        _, report = check_area(path)
        text = report.format()
    assert missing_messages() == set()
    assert not report.ok and text.splitlines()[0].endswith(message_in(lang, "cli.verdict.invalid"))


def message_in(lang: str, key: str) -> str:
    with language(lang):
        return message(key, source="", errors=6, warnings=14).removeprefix(": ")


@pytest.mark.parametrize("lang", COMPLETE_LANGUAGES)
def test_report_html_in_every_language_has_no_missing_message(lang):
    from gia.reports.report import render_report

    folder = project_root() / "reports" / "published" / "lv-zemgale"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    names = sorted(Path(entry["output"]).name for entry in manifest["notebooks"].values())
    catalogue = load_catalogue()
    clear_missing()
    with language(lang):
        page = render_report(folder, names, catalogue, assess(load_area("lv-zemgale"), catalogue))
        expected = [
            message("report.certificate"),
            message("report.why"),
            messages.catalogue_text("Renewable energy share"),
        ]
    assert missing_messages() == set()
    for text in expected:
        assert text in page


# ------------------------------------------------------------------ forgiving reading


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**13))
def test_numbers_typed_the_european_way_read_exactly(cents):
    value = cents / 100
    english = f"{value:,.2f}"  # 1,234,567.89
    latvian = english.replace(",", " ").replace(".", ",")  # 1 234 567,89
    german = english.replace(",", "X").replace(".", ",").replace("X", ".")  # 1.234.567,89
    for text in (english, latvian, german, latvian.replace(" ", "\u00a0")):
        assert float(normalise_number(text)) == float(f"{value:.2f}"), text


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_letter_case_of_an_allowed_value_is_that_value(data):
    table = data.draw(
        st.sampled_from([t for t in TABLES.values() if any(c.type == "enum" for c in t.columns)])
    )
    col = data.draw(st.sampled_from([c for c in table.columns if c.type == "enum"]))
    value = data.draw(st.sampled_from(col.allowed))
    typed = "".join(data.draw(st.sampled_from([ch.lower(), ch.upper()])) for ch in value)
    assert normalise_enum(f" {typed} ", col.allowed) == value


@pytest.mark.parametrize(
    ("word", "meaning"),
    [
        ("jā", True),
        ("Nē", False),
        ("tak", True),
        ("NIE", False),
        ("ja", True),
        ("nein", False),
        ("nej", False),
        ("yes", True),
        ("TRUE", True),
        ("false", False),
        ("perhaps", None),
    ],
)
def test_yes_and_no_in_every_supported_language(word, meaning):
    assert parse_yes_no(word) is meaning


# ------------------------------------------------------------------ notebooks


def test_notebook_shows_the_validation_report_not_a_traceback(tmp_path):
    from gia.reports.notebook import InvalidAreaError, assessment
    from gia.testing import materialize

    tests = project_root() / "tests"
    broken = materialize(
        tests / "broken_areas" / "negative-amount",
        tests / "fixtures" / "areas" / "mini-ok",
        tmp_path,
    )
    with pytest.raises(InvalidAreaError) as info:
        assessment(str(broken), None, "pl")
    lines = info.value._render_traceback_()
    assert lines[0] == "Dane obszaru zawierają błędy; popraw je i uruchom ponownie:"
    assert any("energy.csv wiersz 3, kolumna amount" in line for line in lines)
    messages.set_language("en")


def test_every_notebook_takes_a_lang_parameter():
    for path in sorted((project_root() / "notebooks").rglob("*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
        assert 'lang = "en"' in "".join(cell["source"]), path.name


def test_the_report_language_is_a_notebook_parameter_english_left_out(tmp_path):
    from gia.reports.planning import plan_area

    area, catalogue = load_area("lv-zemgale"), load_catalogue()
    polish = plan_area(area, catalogue, tmp_path / "pl", lang="pl")
    english = plan_area(area, catalogue, tmp_path / "en")
    assert {t.parameters["lang"] for t in polish.tasks} == {"pl"}
    # English is the notebooks' default: an English report's manifest is unchanged
    assert all("lang" not in t.parameters for t in english.tasks)


def test_cli_template_and_validate_in_polish(tmp_path):
    path = tmp_path / "moj-park.xlsx"
    done = gia("template", str(path), "--lang", "pl")
    assert done.returncode == 0 and done.stdout.strip() == f"zapisano {path}"
    done = gia("validate", str(path), "--lang", "pl")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == f"{path}: NIEPOPRAWNY (błędy: 6, ostrzeżenia: 14)"
    assert lines[1] == (
        "  błąd: moj-park.xlsx, arkusz area, klucz id: komórka jest pusta: ta wartość jest wymagana"
    )
