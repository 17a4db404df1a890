"""Calibration across areas: whether the criteria's thresholds discriminate between areas.

For a population of assessed areas (:mod:`gia.experts.population`): each criterion's values against
its thresholds, the share of areas at each level, the criteria that do not discriminate (no area
reaches level 1, every area does, or every area is at one level), and the rank correlation between
criteria (two criteria that always move together measure one thing).

A criterion is judged on the areas where it applies (``not_applicable`` left out, as in its
theme score); ``insufficient_data`` counts as level 0, as in scoring.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gia.experts.population import Population, level_names
from gia.messages import message

NO_AREA_PASSES = "no area reaches level 1"
EVERY_AREA_PASSES = "every area reaches level 1"
ONE_LEVEL = "every area at one level"

STRONG_CORRELATION = 0.9
"""|Spearman ρ| from which two criteria are listed as moving together."""

MIN_PAIRS = 5
"""Fewest areas with both values for a correlation to be computed."""


def criterion_levels(pop: Population) -> pd.DataFrame:
    """Return areas × criteria levels (NaN where the criterion does not apply)."""
    levels = np.array([[r.level for r in a.criteria] for a in pop.assessments], dtype=float)
    levels[~pop.applicable] = np.nan
    return pd.DataFrame(levels, index=pop.area_ids, columns=pop.criterion_ids)


def values(pop: Population) -> pd.DataFrame:
    """Return areas × criteria values (NaN unless the status is ok)."""
    return pd.DataFrame(pop.values, index=pop.area_ids, columns=pop.criterion_ids)


def level_shares(pop: Population) -> pd.DataFrame:
    """Return per criterion the share (%) of its areas at each level 0..3.

    Columns: criterion, title, unit, areas (where it applies), not_applicable, insufficient,
    level_0_pct .. level_3_pct.
    """
    levels = criterion_levels(pop)
    frame = pop.frame()
    rows = []
    for c in pop.catalogue.criteria:
        col = levels[c.id].dropna()
        statuses = frame.loc[frame["criterion"] == c.id, "status"]
        row = {
            "criterion": c.id,
            "title": c.title,
            "unit": c.unit,
            "areas": len(col),
            "not_applicable": int((statuses == "not_applicable").sum()),
            "insufficient": int((statuses == "insufficient_data").sum()),
        }
        for k in range(4):
            row[f"level_{k}_pct"] = 100.0 * float((col == k).mean()) if len(col) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def verdict(levels: pd.Series) -> str:
    """Return why a criterion does not discriminate ('' when it does), from its areas' levels.

    >>> verdict(pd.Series([0, 0, 0])), verdict(pd.Series([1, 3, 2])), verdict(pd.Series([0, 2]))
    ('no area reaches level 1', 'every area reaches level 1', '')
    """
    levels = levels.dropna()
    if levels.empty:
        return ""
    if (levels < 1).all():
        return NO_AREA_PASSES
    if (levels >= 1).all():
        return EVERY_AREA_PASSES + (
            f" (all at level {int(levels.iloc[0])})" if levels.nunique() == 1 else ""
        )
    return ""


def non_discriminating(pop: Population) -> pd.DataFrame:
    """Return the criteria that do not separate the areas, and why.

    Columns: criterion, title, areas, verdict, level_1_or_more_pct.
    """
    levels = criterion_levels(pop)
    rows = []
    for c in pop.catalogue.criteria:
        col = levels[c.id].dropna()
        why = verdict(col)
        if why:
            rows.append(
                {
                    "criterion": c.id,
                    "title": c.title,
                    "areas": len(col),
                    "verdict": why,
                    "level_1_or_more_pct": 100.0 * float((col >= 1).mean()),
                }
            )
    return pd.DataFrame(
        rows, columns=["criterion", "title", "areas", "verdict", "level_1_or_more_pct"]
    )


def correlation(pop: Population) -> pd.DataFrame:
    """Return the Spearman rank correlation of every two criteria's values.

    Computed over the areas where both have a value (at least :data:`MIN_PAIRS`); NaN where
    fewer, or where a criterion's values do not vary.
    """
    return values(pop).corr(method="spearman", min_periods=MIN_PAIRS)


def strong_pairs(pop: Population, limit: float = STRONG_CORRELATION) -> pd.DataFrame:
    """Return the pairs of criteria with |ρ| >= ``limit``, strongest first.

    Columns: criterion_a, criterion_b, rho, areas (with both values).
    """
    corr = correlation(pop)
    both = values(pop).notna().astype(int)
    counts = both.T @ both
    ids = list(corr.columns)
    rows = [
        {
            "criterion_a": a,
            "criterion_b": b,
            "rho": float(corr.loc[a, b]),
            "areas": int(counts.loc[a, b]),
        }
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if pd.notna(corr.loc[a, b]) and abs(corr.loc[a, b]) >= limit
    ]
    table = pd.DataFrame(rows, columns=["criterion_a", "criterion_b", "rho", "areas"])
    return table.sort_values("rho", key=abs, ascending=False, kind="stable").reset_index(drop=True)


def certification_shares(pop: Population) -> pd.DataFrame:
    """Return the number and share (%) of areas at each certification level."""
    names = level_names(pop.catalogue)
    titles = {lv.id: lv.title for lv in pop.catalogue.levels} | {
        names[-1]: message(f"level.{names[-1]}")
    }
    counts = pd.Series(pop.levels).value_counts()
    rows = [
        {
            "level": titles[n],
            "areas": int(counts.get(n, 0)),
            "share_pct": 100.0 * float(counts.get(n, 0)) / len(pop.levels),
        }
        for n in names
    ]
    return pd.DataFrame(rows)
