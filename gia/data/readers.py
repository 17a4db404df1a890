"""Reading an area's raw input, from a folder (area.yaml + CSV) or from an .xlsx workbook.

Readers do not interpret values: every table cell comes back as text (blank: ``""``), exactly as
a spreadsheet shows it, so that validation can name the bad value as written. What cannot be
read at all (a YAML syntax error, a ragged CSV row, a file that is not UTF-8) is reported as a
problem, never raised.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from gia.data.dotted import nest
from gia.data.problems import ValidationOutcome
from gia.data.safeyaml import UntrustedYamlError, load_yaml

AREA_FILE = "area.yaml"
AREA_SHEET = "area"

MAX_YAML_BYTES = 1024 * 1024
"""The largest area.yaml read (a real one is about 1 kB)."""

MAX_TABLE_BYTES = 20 * 1024 * 1024
"""The largest CSV file or workbook read (an area of thousands of tenants needs a few MB)."""


def _not_regular(path: Path) -> str | None:
    """Return why ``path`` may not be read as an input file, or None for a regular file."""
    if path.is_symlink():
        return (
            "a symbolic link: an area folder holds its own files (copy the file in "
            "instead of linking it)"
        )
    if not path.is_file():
        return "not a regular file (a folder, device or pipe)"
    size = path.stat().st_size
    limit = MAX_YAML_BYTES if path.suffix in (".yaml", ".yml") else MAX_TABLE_BYTES
    if size > limit:
        return (
            f"{size:,} bytes is larger than the {limit:,} bytes accepted: split the area "
            "or check that this is the right file"
        )
    return None


@dataclass
class RawArea:
    """An area as read, before validation.

    Parameters
    ----------
    source : Path
        The folder or workbook.
    name : str
        Folder name or workbook stem: the area id must equal it.
    facts : dict or None
        The parsed area.yaml (None if it could not be read).
    facts_label : str
        How problems in the facts name their place (``area.yaml`` or ``x.xlsx, sheet area``).
    tables : dict
        Every table found, as a DataFrame of text, by table name (unknown names included).
    labels : dict
        How problems name each table's file or sheet.
    files : list of Path
        The input files (for the manifest's hashes).
    report : ValidationOutcome
        Problems found while reading.
    reported : dict
        A workbook sheet's ``reported`` choice by table name: ``yes``, ``none``,
        ``not_reported`` or None (no choice made).
    skip : dict
        By table name, the ``(row, column)`` cells already reported by the reader (a date in
        a cell), which validation does not report again.
    """

    source: Path
    name: str
    facts: dict | None
    facts_label: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    report: ValidationOutcome | None = None
    reported: dict[str, str | None] = field(default_factory=dict)
    skip: dict[str, set[tuple[int, str]]] = field(default_factory=dict)


def parse_csv_text(text: str, label: str, report: ValidationOutcome) -> pd.DataFrame | None:
    """Parse CSV text into a DataFrame of text indexed by spreadsheet row number.

    Blank lines are skipped; a row with more values than the header is an error; a row with
    fewer is padded with blanks.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        lines = list(reader)
    except csv.Error as exc:
        report.error(label, f"not readable as CSV: {exc}")
        return None
    numbered = [(i + 1, line) for i, line in enumerate(lines) if any(c.strip() for c in line)]
    if not numbered:
        report.error(label, "the file is empty: a header row is expected", row=1)
        return None
    header = [h.strip() for h in numbered[0][1]]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            report.error(label, "the column appears twice in the header", row=1, column=name)
        seen.add(name)
    if len(seen) != len(header):
        return None
    rows, numbers, ok = [], [], True
    for number, line in numbered[1:]:
        if len(line) > len(header):
            extra = [c for c in line[len(header) :] if c.strip()]
            if extra:
                report.error(
                    label,
                    f"the row has {len(line)} values but the header has {len(header)} columns",
                    row=number,
                    value=",".join(extra),
                )
                ok = False
                continue
            line = line[: len(header)]
        rows.append(line + [""] * (len(header) - len(line)))
        numbers.append(number)
    if not ok:
        return None
    df = pd.DataFrame(rows, columns=header, dtype=object)
    df.index = numbers
    return df


def area_name(path: Path) -> str:
    """Return the name an area's id must equal: the folder's name or the workbook's stem.

    ``.`` and other relative names count by the folder they point to.
    """
    path = Path(path)
    name = path.stem if path.suffix.lower() == ".xlsx" else path.name
    return name or path.resolve().name


def read_folder(folder: Path) -> RawArea:
    """Read an area folder: area.yaml and every ``*.csv`` file (regular files only)."""
    folder = Path(folder)
    report = ValidationOutcome(str(folder))
    files: list[Path] = []
    facts = _read_area_yaml(folder / AREA_FILE, report, files)
    raw = RawArea(folder, area_name(folder), facts, AREA_FILE, report=report)
    for path in sorted(folder.glob("*.csv")):
        raw.labels[path.stem] = path.name  # present, even if it cannot be read: never "missing"
        df = _read_csv_file(path, report, files)
        if df is not None:
            raw.tables[path.stem] = df
    raw.files = files
    return raw


def _read_area_yaml(yaml_path: Path, report: ValidationOutcome, files: list[Path]) -> dict | None:
    """area.yaml's mapping, or None with the problem reported; a file read joins ``files``."""
    if not yaml_path.exists() and not yaml_path.is_symlink():
        report.error(AREA_FILE, "the file is missing: every area folder needs area.yaml")
        return None
    if (why := _not_regular(yaml_path)) is not None:
        report.error(AREA_FILE, why)
        return None
    files.append(yaml_path)
    try:
        loaded = load_yaml(yaml_path.read_text(encoding="utf-8"), max_bytes=MAX_YAML_BYTES)
    except UnicodeDecodeError as exc:
        report.error(
            AREA_FILE, f"not UTF-8 text: {exc.reason} at byte {exc.start}; save it as UTF-8"
        )
        return None
    except UntrustedYamlError as exc:
        report.error(AREA_FILE, exc.message, row=exc.line)
        return None
    if not isinstance(loaded, dict):
        report.error(AREA_FILE, "expected a mapping of keys (id, name, country, ...)")
        return None
    return loaded


def _read_csv_file(path: Path, report: ValidationOutcome, files: list[Path]) -> pd.DataFrame | None:
    """A CSV table of the folder, or None with the problem reported."""
    why = _not_regular(path)
    if why is not None:
        report.error(path.name, why)
        return None
    files.append(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        report.error(
            path.name, f"not UTF-8 text: {exc.reason} at byte {exc.start}; save it as CSV UTF-8"
        )
        return None
    return parse_csv_text(text, path.name, report)


def cell_text(value: object) -> str:
    """Return a workbook cell's value as the text a CSV file would hold.

    Text comes back as written, spaces included (enum values match exactly, as in a CSV file).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


FORMULA_WITHOUT_VALUE = (
    "a formula without a computed value: open the workbook in Excel or "
    "LibreOffice and save it, so that the value is stored, or type the value"
)


def _sheet_rows(
    values_sheet: object, formulas_sheet: object, label: str, report: ValidationOutcome
) -> list[list[object]]:
    """Return a sheet's cell values; a formula without a stored value is an error and blank."""
    rows: list[list[object]] = []
    formulas = formulas_sheet.iter_rows()  # type: ignore[attr-defined]
    for number, values in enumerate(
        values_sheet.iter_rows(values_only=True),  # type: ignore[attr-defined]
        start=1,
    ):
        cells = list(values)
        for cell in next(formulas, ()):
            column = getattr(cell, "column", None)
            if getattr(cell, "data_type", None) != "f" or column is None:
                continue
            if column - 1 < len(cells) and cells[column - 1] is None:
                report.error(
                    label,
                    FORMULA_WITHOUT_VALUE,
                    row=number,
                    column=getattr(cell, "column_letter", None),
                    value=str(cell.value)[:80],
                )
        rows.append(cells)
    return rows


def read_workbook(path: Path) -> RawArea:
    """Read an area workbook: sheet ``area`` (key, value) and one sheet per table.

    Sheets whose names start with ``_`` (instructions, lists) are ignored; a hidden sheet is
    read, with a warning. Cells hold their values as Excel last computed them: a formula whose
    value was never stored (a workbook written by a program, not saved in Excel) is an error.
    """
    from openpyxl import load_workbook

    from gia.messages import message

    path = Path(path)
    report = ValidationOutcome(str(path))
    raw = RawArea(
        path,
        area_name(path),
        None,
        message("validation.sheet", file=path.name, sheet=AREA_SHEET),
        report=report,
    )
    why = _not_regular(path)
    if why is not None:
        report.error(path.name, why)
        return raw
    raw.files = [path]
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        wb_formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        report.error(path.name, f"not readable as an .xlsx workbook: {exc}")
        return raw
    try:
        for sheet in wb.worksheets:
            title = sheet.title
            if title.startswith("_"):
                continue
            label = message("validation.sheet", file=path.name, sheet=title)
            if getattr(sheet, "sheet_state", "visible") != "visible":
                report.warning(label, message("validation.sheet_hidden"))
            rows = _sheet_rows(sheet, wb_formulas[title], label, report)
            if title == AREA_SHEET:
                raw.facts = _read_area_sheet(rows, label, report)
                continue
            raw.labels[title] = label
            sheet_table = _read_table_sheet(rows, label, report)
            raw.reported[title] = sheet_table.reported
            raw.skip[title] = sheet_table.skip
            if sheet_table.table is not None:
                raw.tables[title] = sheet_table.table
    finally:
        wb.close()
        wb_formulas.close()
    if raw.facts is None and not any(p.file == raw.facts_label for p in report.problems):
        report.error(raw.facts_label, message("validation.area_sheet_missing"))
    return raw


REPORTED_CHOICES = ("yes", "none", "not_reported")
"""The choices of a workbook sheet's ``reported`` cell (their words: ``reported.<choice>``)."""


def reported_choice(value: object) -> str | None:
    """Return the ``reported`` choice a cell's word means (any supported language), or None.

    Raises
    ------
    ValueError
        For a word that is none of the choices.
    """
    from gia.messages import words

    text = cell_text(value).strip().lower()
    if text == "":
        return None
    for choice in REPORTED_CHOICES:
        if text in words(f"reported.{choice}") or text == choice:
            return choice
    raise ValueError(text)


def _split_reported(
    header: list[str], label: str, report: ValidationOutcome
) -> tuple[list[str], str | None]:
    """Return the table's header cells and the sheet's ``reported`` choice (right of it)."""
    from gia.messages import message, words

    marks = words("workbook.reported")
    for index, text in enumerate(header):
        if text.strip().rstrip(":").strip().lower() not in marks:
            continue
        value = header[index + 1] if index + 1 < len(header) else ""
        try:
            choice = reported_choice(value)
        except ValueError:
            report.error(
                label,
                message(
                    "validation.reported.unknown",
                    value=value,
                    choices=", ".join(
                        message(f"reported.{c}").split(",")[0] for c in REPORTED_CHOICES
                    ),
                ),
                row=1,
                column="reported",
                value=value,
            )
            choice = None
        return header[:index], choice
    return header, None


def _date_cells(
    rows: list[list[object]], header: list[str], label: str, report: ValidationOutcome
) -> set[tuple[int, str]]:
    """Report every cell formatted as a date (Excel's reading of ``12.5`` in some languages)."""
    from gia.messages import message

    found: set[tuple[int, str]] = set()
    for number, cells in enumerate(rows[1:], start=2):
        for name, value in zip(header, cells, strict=False):
            if isinstance(value, datetime | date | time):
                shown = cell_text(value)
                report.error(
                    label,
                    message("validation.date_cell", value=shown),
                    row=number,
                    column=name,
                    value=shown,
                )
                found.add((number, name))
    return found


@dataclass
class SheetTable:
    """A table sheet as read: its rows as text, the ``reported`` choice, cells reported."""

    table: pd.DataFrame | None
    reported: str | None = None
    skip: set[tuple[int, str]] = field(default_factory=set)


def _read_table_sheet(
    rows: list[list[object]], label: str, report: ValidationOutcome
) -> SheetTable:
    """Return a table sheet as text indexed by row number (table None, reported, if unusable)."""
    from gia.data.cellinput import header_key
    from gia.messages import message

    text_rows = [[cell_text(c) for c in r] for r in rows]
    while text_rows and not any(c.strip() for c in text_rows[-1]):
        text_rows.pop()
    if not text_rows:
        report.error(label, message("validation.sheet_empty"), row=1)
        return SheetTable(None)
    cells, choice = _split_reported(text_rows[0], label, report)
    header = [header_key(h) for h in cells]
    while header and header[-1] == "":
        header = header[:-1]
    if _duplicated(header, label, report):
        return SheetTable(None, choice)
    skip = _date_cells(rows, header, label, report)
    body = []
    numbers = []
    for number, r in enumerate(text_rows[1:], start=2):
        r = ["" if (number, name) in skip else c for name, c in zip(header, r, strict=False)] + r[
            len(header) :
        ]
        if not any(c.strip() for c in r):
            continue
        extra = [c for c in r[len(header) :] if c.strip()]
        if extra:
            report.error(
                label, message("validation.right_of_header"), row=number, value=",".join(extra)
            )
        body.append((r + [""] * len(header))[: len(header)])
        numbers.append(number)
    df = pd.DataFrame(body, columns=header, dtype=object)
    df.index = numbers
    return SheetTable(df, choice, skip)


def _duplicated(header: list[str], label: str, report: ValidationOutcome) -> bool:
    from gia.messages import message

    seen: set[str] = set()
    duplicated = False
    for name in header:
        if name in seen:
            report.error(label, message("validation.column_twice"), row=1, column=name)
            duplicated = True
        seen.add(name)
    return duplicated


def _read_area_sheet(rows: list[list[object]], label: str, report: ValidationOutcome) -> dict:
    pairs: list[tuple[str, object]] = []
    if not rows or [cell_text(c).strip().lower() for c in rows[0][:2]] != ["key", "value"]:
        report.error(label, "the first row must be the header key, value", row=1)
        return {}
    seen: set[str] = set()
    for number, r in enumerate(rows[1:], start=2):
        cells = (list(r) + [None, None])[:2]
        key, value = cells
        if key is None or str(key).strip() == "":
            continue
        if str(key).strip() in seen:
            report.error(label, "the key appears twice", row=number, column=str(key).strip())
            continue
        seen.add(str(key).strip())
        if value is None or (isinstance(value, str) and value.strip() == ""):
            continue  # a blank value means the same as an absent key
        if isinstance(value, datetime | date | time):
            from gia.messages import message

            report.error(
                label,
                message("validation.date_cell", value=cell_text(value)),
                row=number,
                column=str(key).strip(),
                value=cell_text(value),
            )
            continue
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        pairs.append((str(key).strip(), value))
    return nest(pairs)
