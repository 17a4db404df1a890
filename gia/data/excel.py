"""The data-collection workbook: an .xlsx template partners fill in, and its import.

The workbook holds what an area folder holds (see ``area-data.md``): a sheet ``area`` with the
dotted keys of area.yaml (columns ``key``, ``value``) and one sheet per table of
:data:`gia.data.schema.TABLES`, named like its CSV file without ``.csv``. Two more sheets
help whoever fills it in and are ignored when reading (their names start with ``_``):
``_instructions`` (how to fill it in, and the data dictionary) and ``_lists`` (the allowed
values of every enum column, which the drop-down lists of the table sheets reference).

:func:`write_template` writes an empty template, or the workbook of an existing area;
:func:`import_workbook` validates a filled-in workbook and writes it as an area folder.

>>> import tempfile
>>> from openpyxl import load_workbook
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "template.xlsx"
...     write_template(path)
...     names = load_workbook(path).sheetnames
>>> names[:3], "energy" in names
(['_instructions', 'area', 'tenants'], True)
"""

from __future__ import annotations

import csv
import io
import types
import typing
import zipfile
from datetime import datetime
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from gia.data.cellinput import parse_yes_no
from gia.data.dotted import flatten
from gia.data.facts import AreaFacts
from gia.data.problems import AreaValidationError
from gia.data.readers import (
    AREA_FILE,
    AREA_SHEET,
    REPORTED_CHOICES,
    RawArea,
    read_folder,
    read_workbook,
)
from gia.data.schema import TABLES, Column, Table, schema_text
from gia.data.validation import forgiving_facts, normalise_cell
from gia.messages import current_language, language, message

INSTRUCTIONS_SHEET = "_instructions"
LISTS_SHEET = "_lists"
FIXED_TIME = datetime(2024, 1, 1)
"""Creation and modification time written into every workbook, so that output is reproducible."""

BOOLEAN_LIST = "boolean"
"""Header of the ``_lists`` column holding yes and no (for the bool columns)."""
REPORTED_LIST = "reported"
"""Header of the ``_lists`` column holding the ``reported`` choices."""
COUNTRY_LIST = "country"
"""Header of the ``_lists`` column holding the countries with reference factors."""

VALIDATION_ROWS = 1000
"""Rows below the data that still get the drop-down lists."""

_MAX_WIDTH = 60
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
"""Light yellow: the cells a person types into."""
INPUT_ROWS = 200
"""Rows below the header coloured as input cells."""

_INSTRUCTION_KEYS: tuple[str, ...] = (
    "workbook.how",
    "workbook.how.area",
    "workbook.how.tables",
    "workbook.how.help",
    "workbook.how.required",
    "workbook.how.lists",
    "workbook.how.decimals",
    "workbook.how.dates",
    "workbook.how.yes_no",
    "workbook.how.operator",
    "workbook.reported.title",
    "workbook.reported.yes",
    "workbook.reported.none",
    "workbook.reported.not_reported",
    "workbook.reported.where",
    "workbook.check",
    "workbook.check.validate",
    "workbook.check.import",
    "workbook.check.name",
)
"""The instructions sheet, paragraph by paragraph (headings end in ``.title`` or are bare)."""

_HEADINGS = {"workbook.how", "workbook.reported.title", "workbook.check"}

COLUMN_EXAMPLES: dict[tuple[str, str], str] = {
    ("tenants", "tenant_id"): "T01",
    ("tenants", "name"): "Baltic Wood SIA",
    ("tenants", "nace"): "C16.10",
    ("tenants", "employees"): "120",
    ("tenants", "gva_eur"): "8 500 000",
    ("tenants", "energy_management"): "iso50001",
    ("tenants", "audit_year"): "2023",
    ("energy", "carrier"): "electricity_grid",
    ("energy", "amount"): "1 250,5",
    ("energy", "unit"): "MWh",
    ("energy", "metered"): "yes",
    ("energy", "use"): "energy",
    ("energy", "basis"): "ncv",
    ("generation", "asset_id"): "PV-1",
    ("generation", "technology"): "pv",
    ("generation", "capacity_kw"): "400",
    ("generation", "generation_mwh"): "380",
    ("generation", "exported_mwh"): "0",
    ("contracts", "instrument"): "ppa",
    ("contracts", "mwh"): "900",
    ("contracts", "technology"): "wind",
    ("contracts", "market"): "LV",
    ("contracts", "vintage_year"): "2024",
    ("process_emissions", "source"): "refrigerant leaks",
    ("process_emissions", "gas"): "HFC-134a",
    ("process_emissions", "amount_t"): "0,05",
    ("waste", "stream"): "wood offcuts",
    ("waste", "hazardous"): "no",
    ("waste", "amount_t"): "120,5",
    ("waste", "treatment"): "recycling",
    ("exchanges", "exchange_id"): "X1",
    ("exchanges", "supplier_id"): "T01",
    ("exchanges", "receiver_id"): "T02",
    ("exchanges", "kind"): "energy",
    ("exchanges", "resource"): "process steam",
    ("exchanges", "amount"): "2 400",
    ("exchanges", "unit"): "GJ",
    ("exchanges", "replaces"): "natural_gas",
    ("exchanges", "avoided_tco2e"): "130",
    ("exchanges", "flow"): "surplus_energy",
    ("waste_heat", "recoverable_mwh"): "800",
    ("waste_heat", "recovered_mwh"): "350",
    ("water", "source"): "municipal",
    ("water", "amount_m3"): "12 000",
    ("vehicles", "vehicle_class"): "forklift",
    ("vehicles", "powertrain"): "bev",
    ("vehicles", "count"): "6",
    ("commuting", "mode"): "public_transport",
    ("commuting", "commuters"): "190",
    ("freight", "mode"): "rail",
    ("freight", "tonnes"): "82 000",
    ("surfaces", "surface_type"): "sealed",
    ("surfaces", "area_ha"): "52,5",
    ("production", "product"): "grey_cement_clinker",
    ("production", "tonnes"): "150 000",
    ("buildings", "building_id"): "B1",
    ("buildings", "floor_area_m2"): "14 000",
    ("buildings", "rating"): "top_energy_class",
    ("history", "year"): "2019",
    ("history", "final_energy_mwh"): "119 900",
    ("history", "gva_eur"): "66 000 000",
    ("history", "scope1_tco2e"): "3 600",
    ("history", "scope2_market_tco2e"): "12 530",
}
"""An example value of each column, as a person would type it (the tenant columns: ``T01``)."""

AREA_KEY_INFO: dict[str, tuple[str, str]] = {
    "id": ("", "rezekne-sez"),
    "name": ("", "Rēzekne Special Economic Zone"),
    "country": ("", "LV"),
    "reporting_year": ("", "2024"),
    "total_area_ha": ("ha", "118,5"),
    "note": ("", ""),
    "location": ("", "Rēzekne, Latgale"),
    "management.entity": ("", "Rēzeknes SEZ pārvalde"),
    "management.energy_concept_adopted": ("", "yes"),
    "management.land_saving_advice": ("", "no"),
    "management.net_zero_target_year": ("", "2045"),
    "smart_energy.monitoring_platform": ("", "yes"),
    "smart_energy.demand_response": ("", "no"),
    "smart_energy.energy_community": ("", "no"),
    "storage_mwh": ("MWh", "2,5"),
    "district_heat.renewable_share": ("0–1", "0,35"),
    "district_heat.factor_t_per_mwh": ("t CO2e/MWh", "0,12"),
    "land.developed_ha": ("ha", "96"),
    "land.brownfield_ha": ("ha", "22"),
    "land.plots_serviced_ha": ("ha", "92"),
    "land.plots_in_use_ha": ("ha", "79"),
    "parking_spaces": ("", "1 100"),
    "charging_points": ("", "66"),
    "freight.none_declared": ("", "no"),
    "participation.tenant_forum": ("", "yes"),
    "participation.public_reporting": ("", "yes"),
    "participation.community_projects": ("", "no"),
    "participation.grievance_route": ("", "no"),
}
"""Unit and example of every key of the ``area`` sheet (its description: ``area.<key>``)."""

REQUIRED_AREA_KEYS = ("id", "name", "country", "reporting_year", "total_area_ha")


# ------------------------------------------------------------------------------- area keys


def _model_of(annotation: object) -> type[BaseModel] | None:
    """Return the pydantic model inside ``annotation`` (``X``, ``X | None``), or None."""
    candidates = [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        candidates = list(typing.get_args(annotation))
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _expected(annotation: object) -> str:
    """Describe the kind of value a key expects, for the third column of the area sheet."""
    text = str(annotation)
    if "bool" in text:
        return "true/false"
    if "int" in text:
        return "whole number"
    if "float" in text:
        return "number"
    return "text"


def area_keys(model: type[BaseModel] = AreaFacts, prefix: str = "") -> list[tuple[str, str]]:
    """Return every dotted key of area.yaml with the kind of value it expects.

    Parameters
    ----------
    model : pydantic model class
        The model to walk (default :class:`gia.data.facts.AreaFacts`).
    prefix : str
        Prefix of the keys (used when recursing).

    Returns
    -------
    list of (str, str)
        ``(dotted key, expected value)`` in the model's field order.

    Examples
    --------
    >>> keys = dict(area_keys())
    >>> keys["management.entity"], keys["freight.none_declared"]
    ('text', 'true/false')
    """
    keys: list[tuple[str, str]] = []
    for name, info in model.model_fields.items():
        if model is AreaFacts and name == "scenario":
            continue  # written by gia.workshop.scenario into a folder, never filled in a workbook
        sub = _model_of(info.annotation)
        if sub is not None:
            keys += area_keys(sub, f"{prefix}{name}.")
        else:
            keys.append((f"{prefix}{name}", _expected(info.annotation)))
    return keys


def _optional(group: str) -> bool:
    """Whether the area.yaml group ``group`` may be null (absent), like ``district_heat``."""
    annotation = AreaFacts.model_fields[group].annotation
    return type(None) in typing.get_args(annotation)


# ---------------------------------------------------------------------------- cell values


def _cell_value(text: str, column: Column) -> object:
    """Return a CSV cell's text as a workbook value: numbers as numbers, yes/no as words."""
    if text == "":
        return None
    if column.type in ("int", "float"):
        for kind in (int, float):
            try:
                return kind(text)
            except ValueError:
                continue
    if column.type == "bool" and parse_yes_no(text) is not None:
        return yes_no_words()[0 if parse_yes_no(text) else 1]
    return text


def canonical_text(column: Column, text: str) -> str:
    """Return a typed cell's text as an area folder's CSV holds it (``12,5`` -> ``12.5``)."""
    if text.strip() == "":
        return ""
    if column.type == "bool":
        parsed = parse_yes_no(text)
        return text if parsed is None else ("true" if parsed else "false")
    return normalise_cell(column, text)


# ------------------------------------------------------------------------------- writing


def _append_values(ws: Worksheet, values: list[object]) -> None:
    """Append a row whose text cells stay text: ``=HYPERLINK(...)`` in a name is no formula.

    openpyxl stores a string that starts with ``=`` as a formula; values come from area data
    other people wrote, so every string is stored as a string.
    """
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _style_header(ws: Worksheet, headers: list[str]) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "A2"


def _fit_widths(ws: Worksheet, minimum: int = 8) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                length = max(len(line) for line in str(cell.value).split("\n"))
                widths[cell.column] = max(widths.get(cell.column, 0), length)
    for index, width in sorted(widths.items()):
        ws.column_dimensions[get_column_letter(index)].width = min(
            max(width + 2, minimum), _MAX_WIDTH
        )


def _first_word(key: str) -> str:
    """Return the first of a message's comma-separated words (``yes, y, true`` -> ``yes``)."""
    return message(key).split(",")[0].strip()


def yes_no_words() -> tuple[str, str]:
    """Return the words for yes and no of the current language (the drop-down's values)."""
    return _first_word("input.yes"), _first_word("input.no")


def reported_words() -> tuple[str, ...]:
    """Return the current language's words of the ``reported`` choices."""
    return tuple(_first_word(f"reported.{choice}") for choice in REPORTED_CHOICES)


def _list_columns(countries: list[str]) -> dict[str, tuple[str, ...]]:
    """Return the columns of the ``_lists`` sheet: header -> allowed values."""
    lists: dict[str, tuple[str, ...]] = {
        BOOLEAN_LIST: yes_no_words(),
        REPORTED_LIST: reported_words(),
        COUNTRY_LIST: tuple(countries),
    }
    for table in TABLES.values():
        for col in table.columns:
            if col.type == "enum":
                lists[f"{table.name}.{col.name}"] = col.allowed
    return lists


def _write_lists(ws: Worksheet, countries: list[str]) -> dict[str, str]:
    """Write the ``_lists`` sheet (hidden); return each list's range formula by header."""
    ranges: dict[str, str] = {}
    lists = _list_columns(countries)
    _style_header(ws, list(lists))
    for index, (header, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index, value=value)
        ranges[header] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    _fit_widths(ws)
    ws.sheet_state = "hidden"
    return ranges


def _write_instructions(ws: Worksheet) -> None:
    ws.append([message("workbook.title")])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([message("workbook.intro")])
    for key in _INSTRUCTION_KEYS:
        if key in _HEADINGS:
            ws.append([])
        ws.append([message(key)])
        if key in _HEADINGS:
            ws.cell(row=ws.max_row, column=1).font = _BOLD
    ws.append([])
    ws.append([message("workbook.sheets")])
    ws.cell(row=ws.max_row, column=1).font = _BOLD
    ws.append([message("workbook.sheet.area")])
    for table in TABLES.values():
        need = message("workbook.required" if table.required else "workbook.optional")
        ws.append([f"{table.name} ({need}): {schema_text(table)}"])
    ws.append([])
    ws.append([message("workbook.examples")])
    ws.cell(row=ws.max_row, column=1).font = _BOLD
    for table in TABLES.values():
        ws.append(
            [
                f"{table.name}: "
                + "; ".join(f"{col.name} = {_example(table.name, col)}" for col in table.columns)
            ]
        )
    ws.column_dimensions["A"].width = 120
    for row in ws.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _example(table: str, col: Column) -> str:
    if col.tenant_ref:
        return "T01"
    text = COLUMN_EXAMPLES.get((table, col.name), "")
    if col.type == "bool":
        return yes_no_words()[0 if text == "yes" else 1]
    return text


def header_label(col: Column) -> str:
    """Return a column's header cell: its key, the unit in brackets, ``*`` when required."""
    label = col.name + (f" ({col.unit})" if col.unit else "")
    return label + (" *" if col.required else "")


def _help_text(description: str, unit: str, allowed: str, example: str, required: bool) -> str:
    parts = [description]
    if unit:
        parts.append(message("workbook.help.unit", unit=unit))
    if allowed:
        parts.append(message("workbook.help.allowed", allowed=allowed))
    if example:
        parts.append(message("workbook.help.example", example=example))
    parts.append(message("workbook.help.required" if required else "workbook.help.optional"))
    return "\n".join(parts)


def _column_help(table: Table, col: Column) -> str:
    allowed = (
        ", ".join(col.allowed)
        if col.type == "enum"
        else (" / ".join(yes_no_words()) if col.type == "bool" else "")
    )
    return _help_text(schema_text(col), col.unit, allowed, _example(table.name, col), col.required)


def _comment(text: str) -> Comment:
    comment = Comment(text, "GIA Workbench")
    comment.width, comment.height = 320, 160
    return comment


def _prompt(
    ws: Worksheet, ref: str, title: str, text: str, formula: str | None = None, error: str = ""
) -> None:
    """Add an input prompt (and a drop-down where ``formula`` names a list) to ``ref``."""
    dv = DataValidation(
        type="list" if formula else None,
        formula1=formula,
        allow_blank=True,
        showInputMessage=True,
        promptTitle=title[:32],
        prompt=text[:255],
        showErrorMessage=bool(formula),
        errorTitle=title[:32],
        error=error[:255] or None,
    )
    dv.add(ref)
    ws.add_data_validation(dv)


def _colour_inputs(ws: Worksheet, columns: range, rows: range) -> None:
    for row in rows:
        for column in columns:
            ws.cell(row=row, column=column).fill = _INPUT_FILL


def _area_rows(facts: dict | None) -> list[tuple[str, str]]:
    flat = flatten(facts) if facts is not None else {}
    rows = []
    for key, expected in area_keys():
        group = key.split(".")[0]
        if facts is not None and "." in key and facts.get(group) is None and _optional(group):
            continue  # an optional group left out (district_heat): blank rows would add it
        rows.append((key, expected))
    return [(key, flat.get(key)) for key, _ in rows]


def _write_area_sheet(ws: Worksheet, facts: dict | None, ranges: dict[str, str]) -> None:
    headers = [
        "key",
        "value",
        message("workbook.area.unit"),
        message("workbook.area.required"),
        message("workbook.area.description"),
        message("workbook.area.example"),
    ]
    _style_header(ws, headers)
    kinds = dict(area_keys())
    for key, value in _area_rows(facts):
        unit, example = AREA_KEY_INFO.get(key, ("", ""))
        boolean = kinds[key] == "true/false"
        if boolean and example:
            example = yes_no_words()[0 if example == "yes" else 1]
        need = message("workbook.required" if key in REQUIRED_AREA_KEYS else "workbook.optional")
        shown = value
        if isinstance(value, bool):
            shown = yes_no_words()[0 if value else 1]
        _append_values(ws, [key, shown, unit, need, message(f"area.{key}"), example])
        row = ws.max_row
        ws.cell(row=row, column=2).fill = _INPUT_FILL
        text = _help_text(message(f"area.{key}"), unit, "", example, key in REQUIRED_AREA_KEYS)
        formula = (
            ranges[BOOLEAN_LIST]
            if boolean
            else (ranges[COUNTRY_LIST] if key == "country" else None)
        )
        _prompt(ws, f"B{row}", key, text, formula, message("workbook.help.choose"))
        ws.cell(row=row, column=1).comment = _comment(text)
    for cell, key in zip(ws[1], ("workbook.area.key", "workbook.area.value"), strict=False):
        cell.comment = _comment(message(key))
    _fit_widths(ws)
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["E"].width = _MAX_WIDTH
    for row in ws.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")


def _write_reported_cell(
    ws: Worksheet, n_columns: int, choice: str | None, ranges: dict[str, str]
) -> None:
    """Write the ``reported`` label and its drop-down right of the table's header."""
    label = ws.cell(row=1, column=n_columns + 2, value=_first_word("workbook.reported"))
    label.font = _BOLD
    label.comment = _comment(message("workbook.reported.help"))
    value = ws.cell(
        row=1,
        column=n_columns + 3,
        value=None if choice is None else _first_word(f"reported.{choice}"),
    )
    value.fill = _INPUT_FILL
    letter = get_column_letter(n_columns + 3)
    _prompt(
        ws,
        f"{letter}1",
        message("workbook.reported.title"),
        message("workbook.reported.help"),
        ranges[REPORTED_LIST],
        message("workbook.help.choose"),
    )
    ws.column_dimensions[get_column_letter(n_columns + 2)].width = 14
    ws.column_dimensions[letter].width = 18


def _table_rows(ws: Worksheet, table: Table, raw) -> int:
    if raw is None:
        return 0
    for _, row in raw.iterrows():
        _append_values(
            ws,
            [
                _cell_value(str(row[col]), table.column(col)) if col in raw.columns else None
                for col in table.column_names
            ],
        )
    return len(raw)


def _write_table_sheet(
    ws: Worksheet, name: str, raw, ranges: dict[str, str], choice: str | None
) -> None:
    table = TABLES[name]
    _style_header(ws, [header_label(col) for col in table.columns])
    n_rows = _table_rows(ws, table, raw)
    last = n_rows + 1 + VALIDATION_ROWS
    for index, col in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        text = _column_help(table, col)
        ws.cell(row=1, column=index).comment = _comment(text)
        formula = None
        if col.type == "enum":
            formula = ranges[f"{name}.{col.name}"]
        elif col.type == "bool":
            formula = ranges[BOOLEAN_LIST]
        _prompt(
            ws,
            f"{letter}2:{letter}{last}",
            col.name,
            text,
            formula,
            message("workbook.help.choose"),
        )
        example = _example(name, col)
        width = max(len(header_label(col)), len(example), *(len(v) for v in col.allowed), 10)
        ws.column_dimensions[letter].width = min(width + 3, _MAX_WIDTH)
    _colour_inputs(ws, range(1, len(table.columns) + 1), range(2, max(n_rows, INPUT_ROWS) + 2))
    if not table.required:
        _write_reported_cell(ws, len(table.columns), choice, ranges)


def _save_reproducibly(wb: Workbook, path: Path) -> None:
    """Save ``wb`` with fixed document times and fixed zip entry times (byte-identical output)."""
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stamps properties.modified with the current time
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fix_core_times(data.decode("utf-8"), stamp).encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
    path.write_bytes(out.getvalue())


def _fix_core_times(xml: str, stamp: str) -> str:
    for tag in ("dcterms:created", "dcterms:modified"):
        start = xml.find(f"<{tag}")
        if start < 0:
            continue
        open_end = xml.find(">", start) + 1
        close = xml.find(f"</{tag}>", open_end)
        if open_end > 0 and close > 0:
            xml = xml[:open_end] + stamp + xml[close:]
    return xml


def _read_raw(area: Path) -> RawArea:
    """Validate the area (raise on errors) and return its raw text."""
    from gia.data.area import check_area, resolve_source

    checked, report = check_area(area)
    if checked is None:
        raise AreaValidationError(report)
    path = resolve_source(area)
    raw = read_workbook(path) if path.is_file() else read_folder(path)
    present = {name for name, df in checked.tables.items() if df is not None}
    raw.tables = {name: df for name, df in raw.tables.items() if name in present}
    return raw


def write_template(path: Path, area: Path | None = None, lang: str | None = None) -> None:
    """Write the data-collection workbook, empty or with an area's data.

    Parameters
    ----------
    path : Path
        The .xlsx file to write (overwritten if it exists).
    area : Path, optional
        An area folder (or workbook, or id of an example area). Its facts fill the sheet
        ``area`` and its rows the table sheets; every optional sheet says in its ``reported``
        cell whether the area reported it (``yes``), reported none, or did not report it.
        Without ``area`` every table gets a sheet with its header only and the ``reported``
        cells are left for the person who fills it in.
    lang : str, optional
        The language of the instructions, header comments, input prompts and yes/no words
        (default: the current language, English unless set). Sheet names, column keys and
        enum values stay English, so that an area is the same in every language.

    Raises
    ------
    AreaValidationError
        If ``area`` has errors: only a valid area is exported.

    Notes
    -----
    Every header cell has a comment and every input cell a prompt (description, unit,
    example, required or optional); enum, yes/no and the area's country columns have
    drop-down lists referencing the hidden sheet ``_lists``. Document properties and zip
    entry times are fixed to 2024-01-01, so that the same input gives a byte-identical file.
    """
    with language(lang if lang is not None else current_language()):
        raw = _read_raw(Path(area)) if area is not None else None
        _save_reproducibly(_build_workbook(raw), Path(path))


def _build_workbook(raw: RawArea | None) -> Workbook:
    from gia.data.reference import load_reference

    wb = Workbook()
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "GIA Workbench"
    wb.properties.lastModifiedBy = "GIA Workbench"
    wb.properties.title = message("workbook.title")
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions)
    area_sheet = wb.create_sheet(AREA_SHEET)
    table_sheets = [(wb.create_sheet(name), name) for name in TABLES]
    lists = wb.create_sheet(LISTS_SHEET)
    ranges = _write_lists(lists, load_reference().countries)
    _write_area_sheet(area_sheet, raw.facts if raw is not None else None, ranges)
    for ws, name in table_sheets:
        data = raw.tables.get(name) if raw is not None else None
        choice = None
        if raw is not None:
            choice = "not_reported" if data is None else ("yes" if len(data) else "none")
        _write_table_sheet(ws, name, data, ranges, choice)
    wb.active = 0
    return wb


# ------------------------------------------------------------------------------- importing


def _without_blanks(data: dict) -> dict:
    """Drop keys whose value is None (blank cells), and groups left empty by that."""
    cleaned: dict = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _without_blanks(value)
            if value:
                cleaned[key] = value
        elif value is not None:
            cleaned[key] = value
    return cleaned


def _csv_text(df) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(df.columns))
    for row in df.itertuples(index=False, name=None):
        writer.writerow(list(row))
    return out.getvalue()


def _canonical_table(table: Table, df):
    """Return a table sheet's text with every cell canonical (:func:`canonical_text`)."""
    out = df.copy()
    for name in out.columns:
        if table.has_column(name):
            col = table.column(name)
            out[name] = [canonical_text(col, str(text)) for text in out[name]]
    return out


def _check_import_target(target: Path, overwrite: bool) -> None:
    """Refuse a target that is not an area folder gia may replace.

    Without ``overwrite`` the folder must be absent or empty. With it, the folder may hold only
    area.yaml and the area's CSV tables (which are replaced); anything else is the user's and
    stays, so the import is refused.
    """
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise FileExistsError(f"{target} exists and is not a folder: choose another folder")
    if not target.exists() or not any(target.iterdir()):
        return
    if not overwrite:
        raise FileExistsError(
            f"{target} exists and is not empty: use overwrite=True (gia import --overwrite)"
        )
    known = {AREA_FILE, *(f"{name}.csv" for name in TABLES)}
    foreign = sorted(
        p.name for p in target.iterdir() if p.name not in known or p.is_symlink() or not p.is_file()
    )
    if foreign:
        raise FileExistsError(
            f"{target} holds files that are not part of an area ({', '.join(foreign[:5])}): "
            "they are left untouched, so nothing is imported; move them away first"
        )


def import_workbook(xlsx: Path, out_dir: Path, *, overwrite: bool = False) -> Path:
    """Validate an area workbook and write it as an area folder ``out_dir/<id>/``.

    Parameters
    ----------
    xlsx : Path
        The workbook (any file name: the folder is named by the area's id).
    out_dir : Path
        Folder in which the area folder is created.
    overwrite : bool
        Replace area.yaml and the CSV tables of an existing area folder (which must hold
        nothing else).

    Returns
    -------
    Path
        The area folder written.

    Raises
    ------
    AreaValidationError
        If the workbook has errors; nothing is written then.
    FileExistsError
        If the area folder exists and is not empty, and ``overwrite`` is false; or it holds
        files that are not part of an area; or it is a file or a symbolic link.

    Notes
    -----
    The CSV files hold the workbook's cells as canonical text (``1 250,5`` -> ``1250.5``,
    ``PV`` -> ``pv``, ``jā`` -> ``true``), so that the area folder reads the same in every
    language; only the tables reported in the workbook are written (a sheet marked *not
    reported* is absent). Blank keys of the sheet ``area`` are left out of area.yaml.
    """
    from gia.data.area import check_area

    xlsx = Path(xlsx)
    area, report = check_area(xlsx)
    if area is None:
        raise AreaValidationError(report)
    target = Path(out_dir) / area.id
    _check_import_target(target, overwrite)
    raw = read_workbook(xlsx)
    target.mkdir(parents=True, exist_ok=True)
    for old in [target / AREA_FILE, *(target / f"{name}.csv" for name in TABLES)]:
        old.unlink(missing_ok=True)  # a table left out of the workbook is not reported
    facts = _without_blanks(forgiving_facts(raw.facts or {}))
    (target / AREA_FILE).write_text(
        yaml.safe_dump(facts, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    for name in TABLES:
        if area.tables.get(name) is None:
            continue
        canonical = _canonical_table(TABLES[name], raw.tables[name])
        (target / f"{name}.csv").write_text(_csv_text(canonical), encoding="utf-8")
    return target
