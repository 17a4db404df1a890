"""Forgiving reading of what people type into cells: decimal commas, any letter case, yes/no.

A partner in Riga, Warsaw, Hamburg or Aarhus types numbers the way her spreadsheet's language
does (``12,5``, ``1 234,5``, ``1.234,5``), enum values in any letter case (``PV``, ``mwh``,
``L``), and yes/no in her language (``jā``, ``tak``, ``ja``, ``nej``). These functions turn such
text into the canonical text the row models validate; what they cannot read stays as typed, so
that the error names the value exactly as written.

>>> normalise_number("1 234,5"), normalise_number("12.5"), normalise_number("1.234,5")
('1234.5', '12.5', '1234.5')
>>> normalise_number("lots")
'lots'
>>> normalise_enum("PV", ("pv", "wind")), normalise_enum("m³", ("MWh", "m3"))
('pv', 'm3')
>>> parse_yes_no("Jā"), parse_yes_no("nie"), parse_yes_no("maybe")
(True, False, None)
"""

from __future__ import annotations

import re

from gia.messages import words

_GROUP_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f\u2009'](?=\d)")
_NUMBER_TEXT = re.compile(r"[+-]?[\d.,]*\d[\d.,]*(?:[eE][+-]?\d+)?")
_SYMBOLS = {"m³": "m3", "m²": "m2", "co₂": "co2"}


def normalise_number(text: str) -> str:
    """Return ``text`` as a number with ``.`` as decimal point, or unchanged if it is none.

    Spaces (also non-breaking and thin ones) and apostrophes between digits group thousands.
    With both ``,`` and ``.``, the last one is the decimal mark; a single ``,`` is a decimal
    comma; several of the same mark group thousands (``1,234,567``, ``1.234.567``).
    """
    compact = _GROUP_SPACES.sub("", text.strip())
    if not _NUMBER_TEXT.fullmatch(compact):
        return text
    commas, points = compact.count(","), compact.count(".")
    if commas and points:
        decimal, group = (",", ".") if compact.rfind(",") > compact.rfind(".") else (".", ",")
        return compact.replace(group, "").replace(decimal, ".")
    if commas == 1:
        return compact.replace(",", ".")
    if commas > 1:
        return compact.replace(",", "")
    if points > 1:
        return compact.replace(".", "")
    return compact


def _enum_key(text: str) -> str:
    key = text.strip().lower()
    for symbol, plain in _SYMBOLS.items():
        key = key.replace(symbol, plain)
    return re.sub(r"[\s-]+", "_", key)


def normalise_enum(text: str, allowed: tuple[str, ...] | list[str]) -> str:
    """Return the allowed value ``text`` means in any letter case (``PV`` -> ``pv``).

    Spaces and hyphens count as underscores (``public transport`` -> ``public_transport``),
    ``m³`` as ``m3``; text that matches no allowed value comes back unchanged.
    """
    if text in allowed:
        return text
    by_key = {_enum_key(value): value for value in allowed}
    return by_key.get(_enum_key(text), text)


def parse_yes_no(value: object) -> bool | None:
    """Return True or False for a yes/no word of any supported language, None for others.

    ``true``/``false``, ``yes``/``no`` and their translations (``input.yes``, ``input.no``
    of the message catalogue) in any letter case.
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in words("input.yes"):
        return True
    if text in words("input.no"):
        return False
    return None


def header_key(text: str | None) -> str:
    """Return a column's key from its workbook header label (``amount_m3 (m3) *`` -> ``amount_m3``).

    The workbook shows the unit in brackets and marks a required column with ``*``; the key
    before them is what the table knows.
    """
    label = (text or "").strip().rstrip("*").strip()
    return re.sub(r"\s*[\(\[][^\)\]]*[\)\]]\s*$", "", label).strip()
