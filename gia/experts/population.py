"""A population of assessed areas as arrays, and re-levelling it fast under changed rules.

Calibration (:mod:`gia.experts.calibration`) and sensitivity (:mod:`gia.experts.sensitivity`) look
at many areas at once. Computing an area's inventory and criterion values is the slow part of an
assessment (tens of milliseconds); grading values against thresholds, theme scores, the overall
score and the certification level is arithmetic. :class:`Population` keeps the values of every area
and criterion once, in arrays; :func:`relevel` applies methodology §5 (the same rules as
:mod:`gia.method.scoring`, vectorised) under any thresholds, criterion and theme weights and level
bands, in well under a millisecond for hundreds of areas.

A test checks that :func:`relevel` under the catalogue's own rules gives the level
:func:`gia.method.assessment.assess` gives, for every area.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gia.data.area import Area, load_area
from gia.method.assessment import Assessment, assess
from gia.method.catalogue import Catalogue
from gia.method.criteria import NOT_APPLICABLE, OK
from gia.method.scoring import NOT_CERTIFIED


@dataclass(frozen=True)
class Rules:
    """The numbers of the level rules that :func:`relevel` applies.

    Attributes
    ----------
    thresholds : numpy.ndarray
        Criteria × 3 thresholds (levels 1, 2, 3).
    higher : numpy.ndarray
        Per criterion, True when a higher value is better.
    criterion_weights : numpy.ndarray
        Per criterion, its weight in its theme.
    theme_weights : numpy.ndarray
        Per theme (catalogue order), its weight in the overall score.
    min_overall, min_theme : numpy.ndarray
        Per level band (highest first): minimum overall score and minimum theme score (NaN: no
        theme minimum).
    tolerance : float
        Relative tolerance of every comparison with a threshold or a minimum.
    """

    thresholds: np.ndarray
    higher: np.ndarray
    criterion_weights: np.ndarray
    theme_weights: np.ndarray
    min_overall: np.ndarray
    min_theme: np.ndarray
    tolerance: float

    @classmethod
    def of(cls, catalogue: Catalogue) -> Rules:
        """Return the rules of a catalogue."""
        crit = catalogue.criteria
        return cls(
            thresholds=np.array([c.thresholds for c in crit], dtype=float),
            higher=np.array([c.direction == "higher" for c in crit]),
            criterion_weights=np.array([c.weight for c in crit], dtype=float),
            theme_weights=np.array([t.weight for t in catalogue.themes], dtype=float),
            min_overall=np.array([lv.min_overall for lv in catalogue.levels], dtype=float),
            min_theme=np.array(
                [np.nan if lv.min_theme is None else lv.min_theme for lv in catalogue.levels],
                dtype=float,
            ),
            tolerance=catalogue.tolerance,
        )


@dataclass
class Population:
    """Every area's criterion values and statuses under one catalogue, as arrays.

    Attributes
    ----------
    catalogue : Catalogue
        The catalogue the areas were assessed under.
    areas : list of Area
        The loaded areas (to assess them again under another accounting).
    assessments : list of Assessment
        Their assessments.
    values : numpy.ndarray
        Areas × criteria values (NaN unless the status is ok).
    applicable : numpy.ndarray
        Areas × criteria, False where the criterion is not applicable.
    mandatory : numpy.ndarray
        Areas × criteria, True where it must reach level 1 on the area's route.
    blocked : numpy.ndarray
        Per area, True when a prerequisite failed.
    theme_index : numpy.ndarray
        Per criterion, the index of its theme in the catalogue's themes.
    """

    catalogue: Catalogue
    areas: list[Area]
    assessments: list[Assessment]
    values: np.ndarray
    applicable: np.ndarray
    mandatory: np.ndarray
    blocked: np.ndarray
    theme_index: np.ndarray

    @property
    def area_ids(self) -> list[str]:
        """The areas' ids, in order."""
        return [a.id for a in self.areas]

    @property
    def criterion_ids(self) -> list[str]:
        """The criteria's ids, in catalogue order."""
        return self.catalogue.criterion_ids

    @property
    def levels(self) -> list[str]:
        """Each area's certification level as assessed."""
        return [a.level for a in self.assessments]

    def frame(self) -> pd.DataFrame:
        """Return one row per area and criterion: value, status, level, theme."""
        rows = []
        for a in self.assessments:
            rows += [
                {
                    "area": a.area.id,
                    "criterion": r.id,
                    "theme": r.theme,
                    "value": r.value,
                    "status": r.status,
                    "level": r.level,
                }
                for r in a.criteria
            ]
        return pd.DataFrame(
            rows, columns=["area", "criterion", "theme", "value", "status", "level"]
        )


def area_folders(folder: str | Path) -> list[Path]:
    """Return the area folders (holding an ``area.yaml``) directly under ``folder``, sorted."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder of areas")
    found = sorted(p for p in folder.iterdir() if (p / "area.yaml").is_file())
    if not found:
        raise FileNotFoundError(f"{folder}: no area folder (a folder with an area.yaml) in it")
    return found


def load_population(sources: Iterable[str | Path | Area], catalogue: Catalogue) -> Population:
    """Load (if needed) and assess every area; return the population's arrays.

    Raises
    ------
    gia.data.problems.AreaValidationError
        If an area does not validate.
    """
    areas = [s if isinstance(s, Area) else load_area(s, catalogue=catalogue) for s in sources]
    return population_of(areas, [assess(a, catalogue) for a in areas], catalogue)


def population_of(
    areas: Sequence[Area], assessments: Sequence[Assessment], catalogue: Catalogue
) -> Population:
    """Return the arrays of assessed areas."""
    ids = catalogue.criterion_ids
    themes = catalogue.theme_ids
    values = np.full((len(areas), len(ids)), np.nan)
    applicable = np.ones_like(values, dtype=bool)
    mandatory = np.zeros_like(values, dtype=bool)
    for i, a in enumerate(assessments):
        for j, r in enumerate(a.criteria):
            if r.status == OK and r.value is not None:
                values[i, j] = r.value
            applicable[i, j] = r.status != NOT_APPLICABLE
            mandatory[i, j] = r.mandatory
    blocked = np.array([not all(p.passed for p in a.prerequisites) for a in assessments])
    theme_index = np.array([themes.index(c.theme) for c in catalogue.criteria])
    return Population(
        catalogue,
        list(areas),
        list(assessments),
        values,
        applicable,
        mandatory,
        blocked,
        theme_index,
    )


# ----------------------------------------------------------------------------- re-levelling


def criterion_levels(
    values: np.ndarray, thresholds: np.ndarray, higher: np.ndarray, tolerance: float
) -> np.ndarray:
    """Return the level (0 to 3) of every value: areas × criteria.

    A level counts when its threshold and every lower one are met (or within ``tolerance``,
    relative); NaN reaches level 0.
    """
    v = values[:, :, None]
    t = thresholds[None, :, :]
    close = np.abs(v - t) <= tolerance * np.abs(t)
    better = np.where(higher[None, :, None], v >= t, v <= t)
    met = (close | better) & ~np.isnan(v)
    return np.cumprod(met, axis=2).sum(axis=2)


def _at_least(value: np.ndarray, minimum: float | np.ndarray, tolerance: float) -> np.ndarray:
    return (value >= minimum) | (np.abs(value - minimum) <= tolerance * np.abs(minimum))


def theme_scores(
    pop: Population, levels: np.ndarray, weights: np.ndarray, n_levels: int
) -> np.ndarray:
    """Return areas × themes scores (%), NaN where no criterion of the theme applies."""
    n_themes = len(pop.catalogue.themes)
    onehot = np.eye(n_themes)[pop.theme_index]  # criteria × themes
    w = np.where(pop.applicable, weights[None, :], 0.0)
    weight = w @ onehot
    points = (w * levels) @ onehot
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight > 0, points / (n_levels * weight) * 100.0, np.nan)


def relevel(pop: Population, rules: Rules, mandatory: np.ndarray | None = None) -> np.ndarray:
    """Return each area's certification level under ``rules``, as an index.

    0 is the first (highest) level band, ``len(bands)`` is not certified.
    """
    levels = criterion_levels(pop.values, rules.thresholds, rules.higher, rules.tolerance)
    n_bands = len(rules.min_overall)
    scores = theme_scores(pop, levels, rules.criterion_weights, n_bands)
    scored = ~np.isnan(scores)
    tw = np.where(scored, rules.theme_weights[None, :], 0.0)
    total = tw.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(total > 0, np.nansum(tw * np.nan_to_num(scores), axis=1) / total, np.nan)
    must = pop.mandatory if mandatory is None else mandatory
    blocked = pop.blocked | (must & (levels < 1)).any(axis=1) | np.isnan(overall)
    result = np.full(len(overall), n_bands)
    for band in range(n_bands - 1, -1, -1):  # the highest band that holds wins
        holds = _at_least(overall, rules.min_overall[band], rules.tolerance)
        if not np.isnan(rules.min_theme[band]):
            theme_ok = _at_least(scores, rules.min_theme[band], rules.tolerance) | ~scored
            holds &= theme_ok.all(axis=1)
        result = np.where(holds, band, result)
    return np.where(blocked, n_bands, result)


def level_names(catalogue: Catalogue) -> list[str]:
    """Return the level ids by index of :func:`relevel` (the last: not certified)."""
    return [lv.id for lv in catalogue.levels] + [NOT_CERTIFIED]
