"""The one number formatter of tables, charts, notebooks and the report.

Display rules (methodology §5 and issue 10): 1 decimal for percentages, 3 for t CO2e/MWh,
integers for years (no separator), counts and MWh from 100 up, thousands separators, "—" for a
missing value, yes/no for booleans, never scientific notation. Values are rounded only here, for
display; results.json keeps them unrounded.

>>> format_value(2045.0, "year")
'2045'
>>> format_value(125383.006667, "MWh")
'125,383'
>>> format_value(2.179674e6, "MWh")
'2,179,674'
>>> format_value(72.80093, "%")
'72.8'
>>> format_value(0.1074258, "t CO2e/MWh")
'0.107'
>>> format_value(float("nan"), "%"), format_value(None, "MWh"), format_value(False)
('—', '—', 'no')
"""

from __future__ import annotations

import math
import re
from functools import cache
from numbers import Number
from typing import Any

from gia.messages import catalogue_text, current_language, has_message, message

YEAR = "year"
COUNT = "count"
WEIGHT = "weight"

COUNT_UNITS = frozenset({COUNT, "items", "employees", "level", "points", "commuters"})
"""Units shown as whole numbers with thousands separators."""

COLUMN_UNITS: dict[str, str] = {
    "year": YEAR,
    "audit_year": YEAR,
    "reporting_year": YEAR,
    "baseline_year": YEAR,
    "employees": COUNT,
    "commuters": COUNT,
    "bev": COUNT,
    "fcev": COUNT,
    "hev": COUNT,
    "phev": COUNT,
    "ice": COUNT,
    "level": COUNT,
    "points": COUNT,
    "weight": WEIGHT,
    "tonnes": "t",
    "gva_eur": "EUR",
    "intensity_mwh_per_meur": "MWh/M EUR",
    "score_pct": "%",
}
"""Units of columns whose name does not end in a unit suffix."""

SUFFIX_UNITS: tuple[tuple[str, str], ...] = (
    ("_t_per_mwh", "t CO2e/MWh"),
    ("_min_pct", "%"),
    ("_pct", "%"),
    ("_mwh", "MWh"),
    ("_tco2e", "t CO2e"),
    ("_co2_t", "t"),
    ("_t", "t"),
    ("_eur", "EUR"),
    ("_ha", "ha"),
    ("_m3", "m³"),
)
"""Column-name suffixes and the units they stand for (``final_energy_mwh`` is in MWh)."""

_UNIT_IN_NAME = re.compile(r"\(([^()]+)\)\s*$")


def is_missing(value: Any) -> bool:
    """Whether ``value`` is missing: None, NaN, or pandas' NA or NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    import pandas as pd

    return value is pd.NA or value is pd.NaT


def decimals(value: float, unit: str | None) -> int:
    """Return the decimals shown for ``value`` in ``unit`` (the display rules)."""
    unit = unit or ""
    if unit == YEAR or unit in COUNT_UNITS:
        return 0
    if unit.startswith("%"):
        return 1
    if unit.endswith("/MWh"):
        return 3
    if unit in (WEIGHT, "ratio"):
        return 2
    size = abs(value)
    if size >= 100 or value == 0:
        return 0
    if unit == "MWh" or size >= 1:
        return 1
    return 3


def format_number(value: float, unit: str | None = None) -> str:
    """Return a number as display text: separators, decimals per unit, never an exponent."""
    value = float(value)
    if not math.isfinite(value):
        return message("missing")
    places = decimals(value, unit)
    if unit == YEAR:
        text = f"{value:.0f}"
    else:
        text = f"{value:,.{places}f}"
    if text.lstrip("-").strip("0.,") == "":  # -0.0 shows as 0.0
        text = text.lstrip("-")
    return localise_separators(text)


@cache
def _separators(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(lang), get_group_symbol(lang)


def localise_separators(text: str) -> str:
    """Return a number written with ``,`` groups and ``.`` decimals in the current language.

    English keeps ``1,234.5``; Latvian and Polish write ``1 234,5`` (a no-break space),
    German and Danish ``1.234,5`` (Babel's CLDR data of the language).
    """
    lang = current_language()
    if lang == "en":
        return text
    decimal, group = _separators(lang)
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def format_value(value: Any, unit: str | None = None) -> str:
    """Return any table or chart value as display text (numbers, booleans, text, missing)."""
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return message("bool.true" if value else "bool.false")
    if is_missing(value):
        return message("missing")
    if isinstance(value, Number):
        return format_number(float(value), unit)
    return str(value)


def format_limit(value: Any, unit: str | None = None) -> str:
    """Return a threshold or band limit: whole numbers without decimals ("50", "0.025").

    >>> format_limit(50.0, "%"), format_limit(0.025, "t CO2e/MWh"), format_limit(2040.0, "year")
    ('50', '0.025', '2040')
    """
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and float(value).is_integer()
    ):
        return f"{value:.0f}" if unit == YEAR else localise_separators(f"{value:,.0f}")
    return format_value(value, unit)


def limit_with_unit(value: Any, unit: str | None) -> str:
    """Return a limit with its unit ("50 %", "2040")."""
    return with_unit(value, unit).replace(format_value(value, unit), format_limit(value, unit), 1)


def with_unit(value: Any, unit: str | None) -> str:
    """Return a value with its unit ("72.8 %", "2045", "—"), for sentences and charts."""
    text = format_value(value, unit)
    if unit == "items" and not is_missing(value):
        return f"{text} {message('unit.item' if text == '1' else 'unit.items')}"
    if is_missing(value) or not unit or unit in (YEAR, COUNT, WEIGHT):
        return text
    return f"{text} {catalogue_text(unit)}"


def column_unit(name: str) -> str | None:
    """Return the unit of a column from its name (``scope1_tco2e`` → t CO2e), or None."""
    if name in COLUMN_UNITS:
        return COLUMN_UNITS[name]
    for suffix, unit in SUFFIX_UNITS:
        if name.endswith(suffix):
            return unit
    return None


def quantity_unit(name: str) -> str | None:
    """Return the unit of a named quantity ("E_base (t CO2e)" → t CO2e; "baseline year")."""
    found = _UNIT_IN_NAME.search(name)
    if found:
        return found.group(1)
    if name.endswith(" year"):
        return YEAR
    if name in ("years", "items", "items present", "charging points", "parking spaces"):
        return COUNT
    return None


def column_label(name: str) -> str:
    """Return a readable column header with its unit ("Final energy (MWh)").

    The message table's ``column.<name>`` when it has one; else the name in words with the
    unit its suffix stands for.
    """
    key = f"column.{name}"
    if has_message(key):
        return message(key)
    unit = column_unit(name)
    words = name
    for suffix, _unit in SUFFIX_UNITS:
        if name.endswith(suffix):
            words = name[: -len(suffix)]
            break
    words = re.sub(r"scope(\d)", r"scope \1", words).replace("_", " ").strip()
    words = words[:1].upper() + words[1:]
    return f"{words} ({unit})" if unit and unit not in (YEAR, COUNT, WEIGHT) else words
