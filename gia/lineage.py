"""Lineage: which criteria and indicators an input row feeds.

Rows are numbered as the spreadsheet counts them: the header is row 1, the first data row is
row 2 (the same numbers validation messages use; an area's tables keep them as their index).

A row *feeds* a result when the result changes with the row: :func:`row_feeds` assesses the
area again without the row, and again with the row's amounts doubled, and compares each
criterion's and indicator's value, status, intermediate values, breakdown and tables with the
area's own assessment. Computed in-process, on the area's own data and catalogue; nothing is
declared by hand, so the answer cannot drift from the code. (A row that a result lists but
that changes nothing, e.g. an exchange row that does not count, is still *read*: it shows in
the result's verdict table, which changes without it.)

An energy exchange (``exchanges.csv``) is also the recovered heat its supplier reports in
``waste_heat.csv``: :func:`same_flow_rows` names those rows, so that one flow counted in EN-5
(as recovered waste heat) and in CS-2 and CS-3 (as a symbiosis exchange) is visible as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gia.area import Area, load_area
from gia.assessment import Assessment, assess
from gia.catalogue import Catalogue
from gia.schema import TABLES

DOUBLED_EXCLUDED = ("year",)
"""Numeric columns that are not amounts (never doubled): any column naming a year."""


class LineageError(ValueError):
    """The row asked for does not exist or cannot be read."""


@dataclass(frozen=True)
class Feed:
    """A result that one input row feeds."""

    id: str
    title: str
    how: str


def parse_row(text: str) -> tuple[str, int]:
    """Return (table, row number) of ``energy.csv:12`` or ``energy:12``.

    >>> parse_row("energy.csv:12")
    ('energy', 12)
    """
    name, sep, number = text.rpartition(":")
    table = name.removesuffix(".csv").strip()
    if not sep or table not in TABLES or not number.strip().isdigit():
        raise LineageError(f"{text!r}: expected FILE:ROW with FILE one of "
                           f"{', '.join(t + '.csv' for t in TABLES)}, e.g. energy.csv:12")
    return table, int(number)


def _signature(result) -> tuple:  # noqa: ANN001 - a criterion or indicator result
    m = result.measure
    tables = tuple((k, v.to_json(default_handler=str)) for k, v in sorted(m.tables.items()))
    breakdown = None if m.breakdown is None else m.breakdown.to_json(default_handler=str)
    return (m.value, m.status, repr(sorted(m.details.items(), key=str)), breakdown, tables)


def _results(a: Assessment) -> dict[str, tuple]:
    return {r.id: (r.title, _signature(r)) for r in [*a.criteria, *a.informative]}


def _variant(area: Area, table: str, frame: pd.DataFrame) -> Area:
    tables = dict(area.tables)
    tables[table] = frame
    return Area(area.facts, tables, area.source, area.files, area.report)


def _doubled(frame: pd.DataFrame, table: str, number: int) -> pd.DataFrame:
    out = frame.copy()
    amounts = [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c])
               and not pd.api.types.is_bool_dtype(out[c])
               and not any(x in c for x in DOUBLED_EXCLUDED)]
    out.loc[number, amounts] = out.loc[number, amounts] * 2
    return out


def _assess_safely(area: Area, catalogue: Catalogue) -> dict[str, tuple] | None:
    try:
        return _results(assess(area, catalogue))
    except (KeyError, ValueError, IndexError, ZeroDivisionError):
        return None  # the area cannot be assessed without the row (e.g. a tenant row)


def _frame(area: Area, table: str, number: int) -> pd.DataFrame:
    frame = area.table(table)
    if frame is None:
        raise LineageError(f"{table}.csv is absent from area {area.id}")
    if number not in frame.index:
        rows = f"rows 2 to {frame.index.max()}" if len(frame) else "no data rows"
        raise LineageError(f"{table}.csv of area {area.id} has no row {number} ({rows}; the "
                           "header is row 1)")
    return frame


def feeds_of(area: Area, table: str, number: int, catalogue: Catalogue,
             baseline: dict[str, tuple] | None = None) -> list[Feed]:
    """Return every result that row ``number`` of ``table`` feeds, in catalogue order."""
    frame = _frame(area, table, number)
    base = baseline or _results(assess(area, catalogue))
    without = _assess_safely(_variant(area, table, frame.drop(index=number)), catalogue)
    doubled = _assess_safely(_variant(area, table, _doubled(frame, table, number)), catalogue)
    feeds = []
    for item_id, (title, signature) in base.items():
        how = []
        if without is None or without[item_id][1] != signature:
            how.append("changes without the row")
        if doubled is not None and doubled[item_id][1] != signature:
            how.append("changes with its amounts doubled")
        if how:
            feeds.append(Feed(item_id, title, "; ".join(how)))
    return feeds


def row_feeds(source: str | Path | Area, table: str, number: int,
              catalogue: Catalogue) -> list[Feed]:
    """Load the area (if needed) and return what row ``number`` of ``table`` feeds."""
    area = source if isinstance(source, Area) else load_area(source, catalogue=catalogue)
    return feeds_of(area, table, number, catalogue)


def same_flow_rows(area: Area, table: str, number: int) -> list[int]:
    """Return the ``waste_heat.csv`` rows that report the heat of an energy exchange row.

    An energy exchange's supplier reports the heat it recovers in ``waste_heat.csv``: those
    rows (the supplier's) are the same flow seen from EN-5. Empty for any other row.
    """
    if table != "exchanges":
        return []
    row = _frame(area, table, number).loc[number]
    heat = area.table("waste_heat")
    if row["kind"] != "energy" or heat is None:
        return []
    return [int(i) for i in heat.index[heat["tenant_id"] == row["supplier_id"]]]


def area_lineage(source: str | Path | Area, catalogue: Catalogue) -> pd.DataFrame:
    """Return, for every input row of an area, the results it feeds.

    Columns: file, row, result, how. One line per row and result fed.
    """
    area = source if isinstance(source, Area) else load_area(source, catalogue=catalogue)
    base = _results(assess(area, catalogue))
    rows = []
    for name in TABLES:
        frame = area.table(name)
        for number in ([] if frame is None else frame.index):
            for feed in feeds_of(area, name, int(number), catalogue, base):
                rows.append({"file": f"{name}.csv", "row": int(number), "result": feed.id,
                             "how": feed.how})
    return pd.DataFrame(rows, columns=["file", "row", "result", "how"])
