"""Which contract rows count, and where (methodology v1.1, C1; v1.0: every row, everywhere).

A row **qualifies** when the catalogue sets no quality criteria, or when its ``market`` lies in
the market group of the area's country and its ``vintage_year`` lies within the vintage lag of
the reporting year. A qualifying row counts in the renewable share (EN-1) if its instrument is
one of ``accounting.renewable_instruments``, and in scope 2 market-based if it is one of
``accounting.market_based_instruments``. A row that does not qualify counts nowhere, with a
warning naming the row and the reason.

>>> import pandas as pd
>>> from gia.method.methodology import ContractQuality, MarketGroup
>>> q = ContractQuality(vintage_lag_years=1, market_groups=[
...     MarketGroup(id="EECS", title="t", countries=["LV", "DE"])])
>>> rows = pd.DataFrame({"tenant_id": ["a", "a"], "instrument": ["go", "ppa"],
...                      "mwh": [10.0, 5.0], "market": ["de", "NO"], "vintage_year": [2023, 2024]})
>>> table, warnings = qualify_contracts(rows, "LV", 2024, q)
>>> table["qualifies"].tolist(), table["reason"].tolist()[1]
([True, False], 'market NO is not in the market EECS of LV')
"""

from __future__ import annotations

import pandas as pd

from gia.method.methodology import ContractQuality

CONTRACT_COLUMNS = [
    "row",
    "tenant_id",
    "instrument",
    "mwh",
    "market",
    "vintage_year",
    "qualifies",
    "reason",
]


def _reason(
    market: object, vintage: object, country: str, year: int, quality: ContractQuality
) -> str:
    """Return why a row does not qualify, or ``""`` when it does."""
    if pd.isna(market) or str(market).strip() == "":
        return "no market (country of the generating asset)"
    if pd.isna(vintage):
        return "no vintage_year"
    name, countries = quality.market_of(country)
    code = str(market).strip().upper()
    if code not in countries:
        return f"market {code} is not in the market {name} of {country}"
    oldest = year - quality.vintage_lag_years
    if not oldest <= int(vintage) <= year:
        return f"vintage {int(vintage)} is outside {oldest}–{year}"
    return ""


def qualify_contracts(
    contracts: pd.DataFrame, country: str, year: int, quality: ContractQuality | None
) -> tuple[pd.DataFrame, list[str]]:
    """Return every contract row with whether it qualifies and why not, and the warnings.

    Parameters
    ----------
    contracts : pandas.DataFrame
        The ``contracts`` table (indexed by spreadsheet row); ``market`` and ``vintage_year``
        may be absent from an area written for v1.0 (then they are blank).
    country : str
        The area's country.
    year : int
        The reporting year.
    quality : ContractQuality or None
        The catalogue's quality criteria; None: every row qualifies.

    Returns
    -------
    table, warnings
        ``table`` has the columns :data:`CONTRACT_COLUMNS`; ``warnings`` one line per row that
        does not qualify, naming the row and the reason.
    """
    rows, warnings = [], []
    for row, c in contracts.iterrows():
        market = c.get("market")
        vintage = c.get("vintage_year")
        reason = "" if quality is None else _reason(market, vintage, country, year, quality)
        if reason:
            warnings.append(
                f"contracts.csv row {row} ({c['instrument']}, {c['mwh']:g} MWh): "
                f"does not qualify ({reason}); counted nowhere"
            )
        rows.append(
            {
                "row": row,
                "tenant_id": c["tenant_id"],
                "instrument": c["instrument"],
                "mwh": float(c["mwh"]),
                "market": market,
                "vintage_year": vintage,
                "qualifies": not reason,
                "reason": reason or "qualifies",
            }
        )
    table = pd.DataFrame(rows, columns=CONTRACT_COLUMNS)
    table["qualifies"] = table["qualifies"].astype(bool)
    table["mwh"] = table["mwh"].astype(float)
    return table, warnings


def counted_mwh(table: pd.DataFrame, instruments: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Return the qualifying rows of ``instruments`` (before the per-tenant cap)."""
    return table.loc[table["qualifies"] & table["instrument"].isin(list(instruments))]
