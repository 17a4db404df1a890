"""Lineage: which input rows and reference factors each criterion and indicator reads.

Rows are numbered as the spreadsheet counts them: the header is row 1, the first data row is
row 2 (the numbers validation messages use; an area's tables keep them as their index).

A row *feeds* a result when the result changes with the row: the result is computed again
without the row, and again with the row's amounts doubled, and its value, status, intermediate
values, breakdown and tables are compared with the area's own. A reference factor feeds a
result when the result changes with the factor raised by 10 %; the factors tried are the ones
the calculation looked up (fuels, GWP, grid electricity, residual mix, district heat, product
benchmarks). Computed in-process on the area's own data and catalogue; nothing is declared by
hand, so the answer cannot drift from the code. (A row a result lists without counting it,
e.g. an exchange that is not a symbiosis flow, still feeds it: its verdict table changes.)

Fast enough for a notebook: a table whose removal and doubling as a whole change nothing is
not tried row by row, and the inventory is computed again only for the tables it reads.

An energy exchange (``exchanges.csv``) is also heat its supplier reports as recovered in
``waste_heat.csv``: :func:`same_flow_rows` names those rows, so that one flow counted in EN-5
(recovered waste heat) and in CS-2 and CS-3 (a symbiosis exchange) shows as one.

Limitation: fuel amounts in t, m³ or l are converted to MWh when the area is loaded (NCV and
density of ``fuels.csv``); that conversion is not traced as a factor (the fuel's emission
factors are).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from gia.data.area import Area, load_area
from gia.data.reference import FactorLookup, ReferenceFactors
from gia.data.schema import TABLES
from gia.method.assessment import Assessment, build_context
from gia.method.catalogue import Catalogue
from gia.method.criteria import Context, evaluate, evaluate_indicator

FACTOR_STEP = 1.1
"""A reference factor is multiplied by this to see what it feeds."""


class LineageError(ValueError):
    """The row asked for does not exist or cannot be read."""


@dataclass(frozen=True)
class Feed:
    """A result that one input row feeds, and how it showed."""

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
        raise LineageError(
            f"{text!r}: expected FILE:ROW with FILE one of "
            f"{', '.join(t + '.csv' for t in TABLES)}, e.g. energy.csv:12"
        )
    return table, int(number)


# ----------------------------------------------------------------------------- tracing


class _ReadingArea(Area):
    """An area that notes the tables read through :meth:`table`."""

    read: set[str]

    def table(self, name: str) -> pd.DataFrame | None:
        self.read.add(name)
        return super().table(name)


def _reading(area: Area, tables: dict[str, pd.DataFrame | None] | None = None) -> _ReadingArea:
    copy = _ReadingArea(
        area.facts, dict(tables or area.tables), area.source, area.files, area.report
    )
    copy.read = set()
    return copy


class _WatchedInventory:
    """The inventory, noting whether a calculation read anything of it."""

    def __init__(self, inner: Any) -> None:
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "touched", False)

    def __getattr__(self, name: str) -> Any:
        object.__setattr__(self, "touched", True)
        return getattr(self._inner, name)


class TracedReference:
    """Reference factors that note every lookup and may raise one factor by 10 %.

    Parameters
    ----------
    base : ReferenceFactors
        The reference tables.
    raised : tuple of (file, key), optional
        The factor to raise, e.g. ``("fuels.csv", "natural_gas")``.
    """

    def __init__(self, base: ReferenceFactors, raised: tuple[str, str] | None = None) -> None:
        self._base = base
        self.raised = raised
        self.used: set[tuple[str, str]] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)

    def _note(self, key: tuple[str, str]) -> float:
        self.used.add(key)
        return FACTOR_STEP if key == self.raised else 1.0

    def _lookup(self, key: tuple[str, str], found: FactorLookup | None) -> FactorLookup | None:
        if found is None:
            return None
        return replace(found, value=found.value * self._note(key))

    def fuel(self, carrier: str) -> pd.Series:
        """The fuel's row, every number raised when it is the raised factor."""
        row = self._base.fuel(carrier)
        step = self._note(("fuels.csv", carrier))
        if step == 1.0:
            return row
        return pd.Series(
            {k: v * step if isinstance(v, float) else v for k, v in row.items()}, name=row.name
        )

    def benchmark(self, product: str) -> pd.Series:
        """The product's benchmark row."""
        row = self._base.benchmark(product).copy()
        row["benchmark_t_co2e_per_t"] *= self._note(("product_benchmarks.csv", product))
        return row

    def gwp(self, gas: str, gwp_set: str) -> float:
        """The gas's GWP-100."""
        key = self._base.gas_key(gas) or gas
        return self._base.gwp(gas, gwp_set) * self._note(("gwp.csv", key))

    def grid_factor(
        self, country: str, year: int, factor_set: str, fallback_set: str | None = None
    ) -> FactorLookup:
        """The grid factor."""
        found = self._base.grid_factor(country, year, factor_set, fallback_set)
        return self._lookup(("grid_electricity.csv", f"{country} {found.year} factor"), found)

    def renewable_share(self, country: str, year: int, factor_set: str) -> FactorLookup:
        """The grid's renewable share."""
        found = self._base.renewable_share(country, year, factor_set)
        return self._lookup(
            ("grid_electricity.csv", f"{country} {found.year} renewable share"), found
        )

    def market_factor(self, country: str, year: int, grid: FactorLookup) -> FactorLookup:
        """The residual mix (or the grid factor where there is none)."""
        found = self._base.market_factor(country, year, grid)
        file = found.table if found.table.endswith(".csv") else f"{found.table}.csv"
        return self._lookup((file, f"{country} {found.year} market-based"), found)

    def district_heat(self, country: str, year: int) -> FactorLookup | None:
        """The district-heat factor."""
        found = self._base.district_heat(country, year)
        key = ("district_heat.csv", f"{country} {found.year if found else year}")
        return self._lookup(key, found)


# ----------------------------------------------------------------------------- engine


def _signature(result: Any) -> tuple:
    m = result.measure
    tables = tuple((k, v.to_json(default_handler=str)) for k, v in sorted(m.tables.items()))
    breakdown = None if m.breakdown is None else m.breakdown.to_json(default_handler=str)
    return (m.value, m.status, repr(sorted(m.details.items(), key=str)), breakdown, tables)


def _evaluate(item_id: str, ctx: Context) -> tuple:
    if item_id in ctx.catalogue.criterion_ids:
        return _signature(evaluate(item_id, ctx))
    return _signature(evaluate_indicator(item_id, ctx))


class Tracer:
    """Re-computes results of one area with a table or a factor changed.

    Parameters
    ----------
    area : Area
        The area.
    catalogue : Catalogue
        The methodology.
    ref : ReferenceFactors, optional
        The reference factors (default: the project's).
    ids : list of str, optional
        The results to trace (default: every criterion and indicator).
    """

    def __init__(
        self,
        area: Area,
        catalogue: Catalogue,
        ref: ReferenceFactors | None = None,
        ids: list[str] | None = None,
    ) -> None:
        from gia.data.reference import load_reference

        self.area, self.catalogue = area, catalogue
        self.ref = ref or load_reference()
        reading = _reading(area)
        traced = TracedReference(self.ref)
        self.context = build_context(reading, catalogue, traced)  # type: ignore[arg-type]
        self.inventory_tables = set(reading.read)
        self.ids = ids or [*catalogue.criterion_ids, *catalogue.indicator_ids]
        self.base: dict[str, tuple] = {}
        self.tables_read: dict[str, set[str]] = {}
        self.factors_read: dict[str, set[tuple[str, str]]] = {}
        for item_id in self.ids:
            item_area = _reading(area)
            item_ref = TracedReference(self.ref)
            inventory = _WatchedInventory(self.context.inventory)
            ctx = Context(
                item_area,
                inventory,
                catalogue,
                item_ref,  # type: ignore[arg-type]
                self.context.route,
            )
            self.base[item_id] = _evaluate(item_id, ctx)
            # a result that never reads the inventory depends on none of its tables or factors
            via = (self.inventory_tables, traced.used) if inventory.touched else (set(), set())
            self.tables_read[item_id] = item_area.read | via[0]
            self.factors_read[item_id] = item_ref.used | via[1]

    def results_with(
        self, table: str, frame: pd.DataFrame, ids: Iterable[str]
    ) -> dict[str, tuple | None]:
        """Return the signatures of ``ids`` with ``table`` replaced by ``frame``.

        None for a result that cannot be computed so (e.g. a tenant row removed that other
        tables name): it depends on the row.
        """
        tables = dict(self.area.tables)
        tables[table] = frame
        area = Area(self.area.facts, tables, self.area.source, self.area.files, self.area.report)
        try:
            if table in self.inventory_tables:
                ctx = build_context(area, self.catalogue, self.ref)
            else:
                ctx = Context(
                    area, self.context.inventory, self.catalogue, self.ref, self.context.route
                )
        except (KeyError, ValueError, IndexError, ZeroDivisionError):
            return dict.fromkeys(ids)
        out: dict[str, tuple | None] = {}
        for item_id in ids:
            try:
                out[item_id] = _evaluate(item_id, ctx)
            except (KeyError, ValueError, IndexError, ZeroDivisionError):
                out[item_id] = None
        return out

    def changed(self, table: str, frame: pd.DataFrame, ids: Iterable[str]) -> set[str]:
        """Return the ids whose result differs with ``table`` replaced by ``frame``."""
        return {i for i, s in self.results_with(table, frame, ids).items() if s != self.base[i]}

    def row_feeds(
        self, table: str, number: int, ids: Iterable[str] | None = None, *, thorough: bool = False
    ) -> dict[str, list[str]]:
        """Return {result id: how it showed} for every result row ``number`` feeds.

        The doubled row is tried only for the results its removal leaves unchanged, unless
        ``thorough`` (then both are reported wherever they show).
        """
        frame = _frame(self.area, table, number)
        ids = [i for i in (ids or self.ids) if table in self.tables_read[i]]
        without = self.changed(table, frame.drop(index=number), ids)
        rest = ids if thorough else [i for i in ids if i not in without]
        doubled = self.changed(table, _doubled(frame, [number]), rest) if rest else set()
        feeds: dict[str, list[str]] = {}
        for item_id in ids:
            how = (["changes without the row"] if item_id in without else []) + (
                ["changes with its amounts doubled"] if item_id in doubled else []
            )
            if how:
                feeds[item_id] = how
        return feeds

    def table_feeds(self, table: str, ids: Iterable[str]) -> set[str]:
        """Return the ids that change when the whole table is removed or doubled."""
        frame = self.area.table(table)
        ids = [i for i in ids if table in self.tables_read[i]]
        if frame is None or frame.empty or not ids:
            return set()
        without = self.changed(table, frame.iloc[0:0], ids)
        rest = [i for i in ids if i not in without]
        return without | (
            self.changed(table, _doubled(frame, list(frame.index)), rest) if rest else set()
        )

    def rows(self, ids: Iterable[str]) -> pd.DataFrame:
        """Return every input row that feeds any of ``ids``: file, row, result, how.

        A table is tried row by row only for the results its removal or doubling changes.
        """
        ids = list(ids)
        rows = []
        for table in TABLES:
            fed = self.table_feeds(table, ids)
            if not fed:
                continue
            for number in self.area.table(table).index:  # type: ignore[union-attr]
                feeds = self.row_feeds(table, int(number), [i for i in ids if i in fed])
                rows += [
                    {
                        "file": f"{table}.csv",
                        "row": int(number),
                        "result": item_id,
                        "how": "; ".join(how),
                    }
                    for item_id, how in feeds.items()
                ]
        return pd.DataFrame(rows, columns=["file", "row", "result", "how"])

    def rows_of(self, item_id: str) -> pd.DataFrame:
        """Return every input row that feeds one result: file, row, how."""
        return self.rows([item_id]).drop(columns="result")

    def factors_of(self, item_id: str) -> pd.DataFrame:
        """Return every reference factor that feeds one result: file, key."""
        rows = []
        for key in sorted(self.factors_read[item_id]):
            traced = TracedReference(self.ref, raised=key)
            try:
                ctx = build_context(self.area, self.catalogue, traced)  # type: ignore[arg-type]
                moved = _evaluate(item_id, ctx)
            except (KeyError, ValueError, IndexError, ZeroDivisionError):
                moved = None
            if moved != self.base[item_id]:
                rows.append({"file": key[0], "factor": key[1]})
        return pd.DataFrame(rows, columns=["file", "factor"])


def _doubled(frame: pd.DataFrame, numbers: list[int]) -> pd.DataFrame:
    """Return the frame with the amounts of rows ``numbers`` doubled (never a year)."""
    out = frame.copy()
    amounts = [
        c
        for c in out.columns
        if pd.api.types.is_numeric_dtype(out[c])
        and not pd.api.types.is_bool_dtype(out[c])
        and "year" not in c
    ]
    if numbers and amounts:
        out.loc[numbers, amounts] = out.loc[numbers, amounts] * 2
    return out


def _frame(area: Area, table: str, number: int) -> pd.DataFrame:
    frame = area.table(table)
    if frame is None:
        raise LineageError(f"{table}.csv is absent from area {area.id}")
    if number not in frame.index:
        rows = f"rows 2 to {frame.index.max()}" if len(frame) else "no data rows"
        raise LineageError(
            f"{table}.csv of area {area.id} has no row {number} ({rows}; the header is row 1)"
        )
    return frame


# ----------------------------------------------------------------------------- answers


def _load(source: str | Path | Area, catalogue: Catalogue) -> Area:
    return source if isinstance(source, Area) else load_area(source, catalogue=catalogue)


def row_feeds(
    source: str | Path | Area, table: str, number: int, catalogue: Catalogue
) -> list[Feed]:
    """Return every criterion and indicator that row ``number`` of ``table`` feeds."""
    tracer = Tracer(_load(source, catalogue), catalogue)
    titles = {
        **{c.id: c.title for c in catalogue.criteria},
        **{i.id: i.title for i in catalogue.informative},
    }
    feeds = tracer.row_feeds(table, number, thorough=True)
    return [Feed(i, titles[i], "; ".join(feeds[i])) for i in tracer.ids if i in feeds]


def same_flow_rows(area: Area, table: str, number: int) -> list[int]:
    """Return the ``waste_heat.csv`` rows of the supplier of an energy exchange row.

    The supplier of heat reports it as recovered in ``waste_heat.csv``: those rows are the same
    flow as seen by EN-5. Empty for any other row.
    """
    if table != "exchanges":
        return []
    row = _frame(area, table, number).loc[number]
    heat = area.table("waste_heat")
    if row["kind"] != "energy" or heat is None:
        return []
    return [int(i) for i in heat.index[heat["tenant_id"] == row["supplier_id"]]]


def criterion_lineage(a: Assessment, item_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (input rows, reference factors) that feed one result of an assessment."""
    tracer = Tracer(a.area, a.catalogue, a.context.ref, ids=[item_id])
    return tracer.rows_of(item_id), tracer.factors_of(item_id)


def area_lineage(source: str | Path | Area, catalogue: Catalogue) -> dict[str, Any]:
    """Return the lineage of every result of an area (the report's ``lineage.json``).

    ``{"row_numbers": ..., "results": {id: {"rows": {file: [row, ...]}, "factors":
    [[file, factor], ...]}}}``.
    """
    tracer = Tracer(_load(source, catalogue), catalogue)
    every = tracer.rows(tracer.ids)
    results: dict[str, Any] = {}
    for item_id in tracer.ids:
        rows = every[every["result"] == item_id]
        by_file = {f: [int(r) for r in g["row"]] for f, g in rows.groupby("file", sort=True)}
        factors = tracer.factors_of(item_id)
        results[item_id] = {
            "rows": by_file,
            "factors": [[f, k] for f, k in factors.itertuples(index=False)],
        }
    return {
        "row_numbers": "as the spreadsheet counts them: the header is row 1, the first "
        "data row is row 2",
        "results": results,
    }


def row_ranges(numbers: Iterable[int]) -> str:
    """Return row numbers as ranges: ``2–5, 7``.

    >>> row_ranges([2, 3, 4, 5, 7])
    '2–5, 7'
    """
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(numbers):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [n]
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(parts)
