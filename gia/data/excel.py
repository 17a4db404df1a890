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
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from gia.data.facts import AreaFacts
from gia.data.problems import AreaValidationError
from gia.data.readers import AREA_FILE, AREA_SHEET, RawArea, read_folder, read_workbook
from gia.data.schema import TABLES, Column, attributes_table

INSTRUCTIONS_SHEET = "_instructions"
LISTS_SHEET = "_lists"
FIXED_TIME = datetime(2024, 1, 1)
"""Creation and modification time written into every workbook, so that output is reproducible."""

BOOLEAN_LIST = "boolean"
"""Header of the ``_lists`` column holding ``true``, ``false`` (for the bool columns)."""

VALIDATION_ROWS = 1000
"""Rows below the data that still get the drop-down lists."""

_MAX_WIDTH = 60
_BOLD = Font(bold=True)

_GENERAL_INSTRUCTIONS: tuple[str, ...] = (
    "GIA Workbench: data-collection workbook of one industrial area",
    "",
    "How to fill it in",
    "- Sheet 'area': one value per key (dotted keys as in area.yaml). Leave a value blank when it "
    "is not known; true/false for yes/no keys. The workbook's file name (without .xlsx) must "
    "equal the key 'id'.",
    "- One sheet per table, header in row 1 (do not rename or move the headers). One row per "
    "record; numbers with '.' as decimal point; booleans true/false.",
    "- Columns with a drop-down accept only the listed values (exact spelling; sheet '_lists').",
    "- A blank tenant_id, where allowed, means the area operator's own use.",
    "- Missing versus zero: delete the sheet of an optional table you do not report (absent = "
    "not reported); keep it with the header only when you report that there is none.",
    "- Sheets whose names start with '_' (this one, '_lists') are ignored when reading.",
    "- Check the workbook with: gia validate FILE.xlsx; turn it into an area folder with: "
    "gia import FILE.xlsx DIR.",
    "",
    "Tables",
)


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


def _flatten(data: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


# ---------------------------------------------------------------------------- cell values


def _cell_value(text: str, column: Column) -> object:
    """Return a CSV cell's text as a workbook value: numbers as numbers, the rest as text."""
    if text == "":
        return None
    if column.type in ("int", "float"):
        for kind in (int, float):
            try:
                return kind(text)
            except ValueError:
                continue
    if column.type == "bool" and text.strip().lower() in ("true", "false"):
        return text.strip().lower()
    return text


def _fact_value(value: object) -> object:
    """Return an area.yaml value as a workbook value: booleans as ``true``/``false`` text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


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


def _list_columns() -> dict[str, tuple[str, ...]]:
    """Return the columns of the ``_lists`` sheet: header -> allowed values."""
    lists: dict[str, tuple[str, ...]] = {BOOLEAN_LIST: ("true", "false")}
    for table in TABLES.values():
        for col in table.columns:
            if col.type == "enum":
                lists[f"{table.name}.{col.name}"] = col.allowed
    return lists


def _write_lists(ws: Worksheet) -> dict[str, str]:
    """Write the ``_lists`` sheet; return each list's range formula by header."""
    ranges: dict[str, str] = {}
    lists = _list_columns()
    _style_header(ws, list(lists))
    for index, (header, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index, value=value)
        ranges[header] = (
            f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        )
    _fit_widths(ws)
    return ranges


def _write_instructions(ws: Worksheet) -> None:
    for line in _GENERAL_INSTRUCTIONS:
        ws.append([line])
    for table in TABLES.values():
        need = "required" if table.required else "optional"
        ws.append([f"- {table.name} ({need}): {table.description}; columns "
                   f"{', '.join(table.column_names)}"])
    ws.append([])
    ws.append(["Data dictionary (one row per column of every table)"])
    ws["A1"].font = Font(bold=True, size=14)
    for row in ws.iter_rows():
        if row[0].value in ("How to fill it in", "Tables",
                            "Data dictionary (one row per column of every table)"):
            row[0].font = _BOLD
    attributes = attributes_table()
    start = ws.max_row + 1
    ws.append(list(attributes.columns))
    for cell in ws[start]:
        cell.font = _BOLD
    for record in attributes.itertuples(index=False, name=None):
        ws.append(["" if value is None else value if isinstance(value, int | float | str)
                   else str(value) for value in record])
    for letter, width in (("A", 20), ("B", 14), ("C", 20), ("D", 8), ("E", 10), ("F", 10),
                          ("G", 50), ("H", 10), ("I", 10), ("J", 8), ("K", 60)):
        ws.column_dimensions[letter].width = width


def _write_area_sheet(ws: Worksheet, facts: dict | None) -> None:
    _style_header(ws, ["key", "value", "expected"])
    flat = _flatten(facts) if facts is not None else {}
    for key, expected in area_keys():
        group = key.split(".")[0]
        if facts is not None and "." in key and facts.get(group) is None and _optional(group):
            continue  # an optional group left out (district_heat): blank rows would add it
        if _optional(group) and "." in key:
            expected += f"; delete the {group} rows if there is none"
        _append_values(ws, [key, _fact_value(flat.get(key)), expected])
    _fit_widths(ws)
    ws.column_dimensions["B"].width = _MAX_WIDTH


def _write_table_sheet(ws: Worksheet, name: str, raw, ranges: dict[str, str]) -> None:
    table = TABLES[name]
    headers = table.column_names
    _style_header(ws, headers)
    n_rows = 0
    if raw is not None:
        for _, row in raw.iterrows():
            _append_values(ws, [
                _cell_value(str(row[col]), table.column(col)) if col in raw.columns else None
                for col in headers
            ])
            n_rows += 1
    last = n_rows + 1 + VALIDATION_ROWS
    for index, col in enumerate(table.columns, start=1):
        key = f"{name}.{col.name}" if col.type == "enum" else BOOLEAN_LIST
        if col.type not in ("enum", "bool"):
            continue
        dv = DataValidation(
            type="list", formula1=ranges[key], allow_blank=True, showErrorMessage=True,
            errorTitle=f"{name}: {col.name}",
            error=f"Expected one of: {', '.join(col.allowed or ('true', 'false'))}",
        )
        letter = get_column_letter(index)
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)
    _fit_widths(ws)


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


def write_template(path: Path, area: Path | None = None) -> None:
    """Write the data-collection workbook, empty or with an area's data.

    Parameters
    ----------
    path : Path
        The .xlsx file to write (overwritten if it exists).
    area : Path, optional
        An area folder (or workbook, or id of an example area). Its facts fill the sheet
        ``area`` and its rows the table sheets; a table the area does not report gets no sheet
        (absent means not reported), and neither do the keys of an absent ``district_heat``
        group. Without ``area`` every table gets a sheet with its header only.

    Raises
    ------
    AreaValidationError
        If ``area`` has errors: only a valid area is exported.

    Notes
    -----
    Enum and boolean columns get drop-down lists referencing the sheet ``_lists``. Document
    properties and zip entry times are fixed to 2024-01-01, so that the same input gives a
    byte-identical file.
    """
    raw = _read_raw(Path(area)) if area is not None else None
    wb = Workbook()
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "GIA Workbench"
    wb.properties.lastModifiedBy = "GIA Workbench"
    wb.properties.title = "GIA area data workbook"
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions)
    _write_area_sheet(wb.create_sheet(AREA_SHEET), raw.facts if raw is not None else None)
    table_sheets = []
    for name in TABLES:
        if raw is not None and name not in raw.tables:
            continue
        table_sheets.append((wb.create_sheet(name), name))
    lists = wb.create_sheet(LISTS_SHEET)
    ranges = _write_lists(lists)
    for ws, name in table_sheets:
        _write_table_sheet(ws, name, raw.tables.get(name) if raw is not None else None, ranges)
    wb.active = 0
    _save_reproducibly(wb, Path(path))


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
            f"{target} exists and is not empty: use overwrite=True (gia import --overwrite)")
    known = {AREA_FILE, *(f"{name}.csv" for name in TABLES)}
    foreign = sorted(p.name for p in target.iterdir()
                     if p.name not in known or p.is_symlink() or not p.is_file())
    if foreign:
        raise FileExistsError(
            f"{target} holds files that are not part of an area ({', '.join(foreign[:5])}): "
            "they are left untouched, so nothing is imported; move them away first")


def import_workbook(xlsx: Path, out_dir: Path, *, overwrite: bool = False) -> Path:
    """Validate an area workbook and write it as an area folder ``out_dir/<id>/``.

    Parameters
    ----------
    xlsx : Path
        The workbook; its stem must equal the area id.
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
    The CSV files hold the workbook's cells as text, exactly as the readers see them, so that
    values are unchanged; only the tables present in the workbook are written (absent means
    not reported). Blank keys of the sheet ``area`` are left out of area.yaml.
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
    facts = _without_blanks(raw.facts or {})
    (target / AREA_FILE).write_text(
        yaml.safe_dump(facts, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    for name in TABLES:
        if area.tables.get(name) is None:
            continue
        (target / f"{name}.csv").write_text(_csv_text(raw.tables[name]), encoding="utf-8")
    return target
