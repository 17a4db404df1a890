"""Comparing two methodology versions: what changed in the catalogue, and how areas move."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from gia.catalogue import Catalogue, compare_catalogues
from gia.scorecard import score_areas


def compare_levels(areas: Iterable[str | Path], old: Catalogue, new: Catalogue) -> pd.DataFrame:
    """Score every area under both catalogues.

    Returns
    -------
    pandas.DataFrame
        One row per area: level and overall score under each version, and every criterion
        whose level changed (``EN-1 2→1``).
    """
    areas = list(areas)
    before = {a.area.id: a for a in score_areas(areas, old).assessments}
    after = {a.area.id: a for a in score_areas(areas, new).assessments}
    rows = []
    for area_id, a in before.items():
        b = after[area_id]
        moved = [f"{x.id} {x.level}→{y.level}" for x, y in zip(a.criteria, b.criteria,
                                                              strict=False)
                 if x.id == y.id and x.level != y.level]
        rows.append({"area": area_id, "level_old": a.level, "level_new": b.level,
                     "overall_old": a.overall_score, "overall_new": b.overall_score,
                     "criteria_moved": ", ".join(moved) or "none"})
    return pd.DataFrame(rows)


def catalogue_changes(old: Catalogue, new: Catalogue) -> pd.DataFrame:
    """Return every difference between two catalogues (key path, old, new)."""
    return compare_catalogues(old, new)
