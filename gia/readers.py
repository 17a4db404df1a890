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
from pathlib import Path

import pandas as pd
import yaml

from gia.problems import ValidationReport

AREA_FILE = "area.yaml"
AREA_SHEET = "area"


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
    report : ValidationReport
        Problems found while reading.
    """

    source: Path
    name: str
    facts: dict | None
    facts_label: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    report: ValidationReport | None = None


def parse_csv_text(text: str, label: str, report: ValidationReport) -> pd.DataFrame | None:
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
            extra = [c for c in line[len(header):] if c.strip()]
            if extra:
                report.error(
                    label,
                    f"the row has {len(line)} values but the header has {len(header)} columns",
                    row=number, value=",".join(extra),
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


def read_folder(folder: Path) -> RawArea:
    """Read an area folder: area.yaml and every ``*.csv`` file."""
    folder = Path(folder)
    report = ValidationReport(str(folder))
    facts = None
    files: list[Path] = []
    yaml_path = folder / AREA_FILE
    if not yaml_path.is_file():
        report.error(AREA_FILE, "the file is missing: every area folder needs area.yaml")
    else:
        files.append(yaml_path)
        try:
            loaded = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            report.error(AREA_FILE, f"not UTF-8 text: {exc.reason} at byte {exc.start}")
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            row = mark.line + 1 if mark is not None else None
            report.error(AREA_FILE, f"not valid YAML: {getattr(exc, 'problem', exc)}", row=row)
        else:
            if isinstance(loaded, dict):
                facts = loaded
            else:
                report.error(AREA_FILE, "expected a mapping of keys (id, name, country, ...)")
    raw = RawArea(folder, folder.name, facts, AREA_FILE, report=report)
    for path in sorted(folder.glob("*.csv")):
        name = path.stem
        files.append(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            report.error(path.name, f"not UTF-8 text: {exc.reason} at byte {exc.start}")
            continue
        raw.labels[name] = path.name
        df = parse_csv_text(text, path.name, report)
        if df is not None:
            raw.tables[name] = df
    raw.files = files
    return raw


def cell_text(value: object) -> str:
    """Return a workbook cell's value as the text a CSV file would hold.

    Text comes back as written, spaces included (enum values match exactly, as in a CSV file).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _nest(pairs: list[tuple[str, object]]) -> dict:
    nested: dict = {}
    for key, value in pairs:
        node = nested
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = value
    return nested


def read_workbook(path: Path) -> RawArea:
    """Read an area workbook: sheet ``area`` (key, value) and one sheet per table.

    Sheets whose names start with ``_`` (instructions, lists) are ignored.
    """
    from openpyxl import load_workbook

    path = Path(path)
    report = ValidationReport(str(path))
    raw = RawArea(path, path.stem, None, f"{path.name}, sheet {AREA_SHEET}", report=report)
    raw.files = [path]
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        report.error(path.name, f"not readable as an .xlsx workbook: {exc}")
        return raw
    try:
        for sheet in wb.worksheets:
            title = sheet.title
            if title.startswith("_"):
                continue
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            label = f"{path.name}, sheet {title}"
            if title == AREA_SHEET:
                raw.facts = _read_area_sheet(rows, label, report)
                continue
            raw.labels[title] = label
            text_rows = [[cell_text(c) for c in r] for r in rows]
            while text_rows and not any(c.strip() for c in text_rows[-1]):
                text_rows.pop()
            if not text_rows:
                report.error(label, "the sheet is empty: a header row is expected", row=1)
                continue
            header = [h.strip() for h in text_rows[0]]
            while header and header[-1] == "":
                header = header[:-1]
            body = []
            numbers = []
            for number, r in enumerate(text_rows[1:], start=2):
                if not any(c.strip() for c in r):
                    continue
                extra = [c for c in r[len(header):] if c.strip()]
                if extra:
                    report.error(label, "a value stands right of the last header column",
                                 row=number, value=",".join(extra))
                body.append((r + [""] * len(header))[: len(header)])
                numbers.append(number)
            df = pd.DataFrame(body, columns=header, dtype=object)
            df.index = numbers
            raw.tables[title] = df
    finally:
        wb.close()
    if raw.facts is None and not any(p.file == raw.facts_label for p in report.problems):
        report.error(raw.facts_label, "the sheet is missing: an area workbook needs it")
    return raw


def _read_area_sheet(rows: list[list[object]], label: str, report: ValidationReport) -> dict:
    pairs: list[tuple[str, object]] = []
    if not rows or [cell_text(c).strip().lower() for c in rows[0][:2]] != ["key", "value"]:
        report.error(label, "the first row must be the header key, value", row=1)
        return {}
    for r in rows[1:]:
        cells = (list(r) + [None, None])[:2]
        key, value = cells
        if key is None or str(key).strip() == "":
            continue
        if value is None or (isinstance(value, str) and value.strip() == ""):
            continue  # a blank value means the same as an absent key
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        pairs.append((str(key).strip(), value))
    return _nest(pairs)
