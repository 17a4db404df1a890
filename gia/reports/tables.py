"""Displayed tables: a pandas Styler that applies :mod:`gia.reports.formatting` to every cell.

Every table a notebook shows (and so every table of the report) is a :class:`Table`: readable
column headers with units, no index column, numbers by the display rules, "—" for missing,
yes/no for booleans, cell text escaped. The unrounded frame stays available as ``.data``
(Styler's own attribute) for a workshop that computes on.

A table also says what it is (``part``: details, breakdown, ...) and whether it shows
individual tenants (``tenant``); the report places it by these, from the output's metadata.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from gia.reports.formatting import column_label, column_unit, format_value

TENANT_COLUMNS = ("tenant", "tenant_id", "supplier_id", "receiver_id")
"""Columns that identify a tenant: a table holding one is tenant detail."""

METADATA_KEY = "gia"
"""Key of the output metadata by which the report recognises what an output is."""


def shows_tenants(frame: pd.DataFrame) -> bool:
    """Whether a table identifies individual tenants (it then belongs to the tenant annex)."""
    return any(c in frame.columns for c in TENANT_COLUMNS)


class Table(Styler):
    """A formatted table (see the module docstring); build it with :func:`table`."""

    part: str = "table"
    tenant: bool = False
    labels: list[str]
    cell_units: dict[tuple[int, int], str | None]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        data = {"text/html": self.to_html(), "text/plain": self.to_text()}
        return data, {METADATA_KEY: {"part": self.part, "tenant": self.tenant}}

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self) -> str:
        """Return the table as plain text with the same formatting (no index)."""
        shown = pd.DataFrame(
            [
                [
                    format_value(self.data.iat[r, c], self.cell_units.get((r, c)))
                    for c in range(self.data.shape[1])
                ]
                for r in range(len(self.data))
            ],
            columns=self.labels,
        )
        return shown.to_string(index=False) if len(shown) else "(no rows)"

    def __repr__(self) -> str:
        return self.to_text()


Units = Mapping[str, str | None | Sequence[str | None]]
"""Unit per column: one unit, or a sequence of one unit per row (tables of mixed quantities)."""


def _units(frame: pd.DataFrame, units: Units | None) -> dict[str, Any]:
    units = dict(units or {})
    return {c: units[c] if c in units else column_unit(str(c)) for c in frame.columns}


def table(
    frame: pd.DataFrame,
    *,
    units: Units | None = None,
    part: str = "table",
    tenant: bool | None = None,
    labels: Mapping[str, str] | None = None,
) -> Table:
    """Return ``frame`` as a formatted :class:`Table`.

    Parameters
    ----------
    frame : pandas.DataFrame
        The values, unrounded; its index is dropped.
    units : mapping, optional
        Unit per column where the column name does not say it (:func:`column_unit`), or a
        list of one unit per row. Tenant ids are shown with the names in
        ``frame.attrs["tenant_names"]`` where it has them.
    part : str
        What the table is, for the report (details, breakdown, thresholds, ...).
    tenant : bool, optional
        Whether it shows individual tenants; default: it has a tenant column.
    labels : mapping, optional
        Column headers instead of :func:`gia.reports.formatting.column_label`'s.
    """
    data = frame.reset_index(drop=True)
    data.columns = [str(c) for c in data.columns]
    names_of = frame.attrs.get("tenant_names") or {}
    for column in TENANT_COLUMNS:
        if names_of and column in data.columns:
            data[column] = [tenant_label(v, names_of) for v in data[column]]
    per_column = _units(data, units)
    uuid = hashlib.sha256((part + data.to_json(default_handler=str)).encode()).hexdigest()[:10]
    styler = Table(data, uuid=uuid, cell_ids=False, table_attributes='class="gia-table"')
    styler.part = part
    styler.tenant = shows_tenants(data) if tenant is None else tenant
    styler.cell_units = {}
    for index, (column, unit) in enumerate(per_column.items()):
        if unit is not None and not isinstance(unit, str):
            for row, row_unit in enumerate(unit):
                styler.cell_units[(row, index)] = row_unit
                styler.format(
                    lambda v, u=row_unit: format_value(v, u),
                    escape="html",
                    subset=pd.IndexSlice[[row], [column]],
                )
        else:
            styler.cell_units.update({(row, index): unit for row in range(len(data))})
            styler.format(lambda v, u=unit: format_value(v, u), escape="html", subset=[column])
    names = dict(labels or {})
    styler.labels = [names.get(c, column_label(c)) for c in data.columns]
    styler.format_index(lambda c: html.escape(names.get(c, column_label(c))), axis=1)
    styler.hide(axis="index")
    numeric = pd.DataFrame(
        [["num" if _is_number(v) else "" for v in row] for row in data.itertuples(index=False)],
        index=data.index,
        columns=data.columns,
    )
    styler.set_td_classes(numeric)
    return styler


def tenant_label(value: Any, names: Mapping[str, str]) -> Any:
    """Return a tenant id with its name ("Baltic Timber (LV01)"); other values unchanged."""
    name = names.get(value) if isinstance(value, str) else None
    return f"{name} ({value})" if name else value


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        or (hasattr(value, "dtype") and value.dtype.kind in "iuf")
    )
