"""From criterion results to theme scores, the overall score and the certification level.

Methodology §5: theme score (%) = Σ weight × points / (3 × Σ weight) × 100 over the theme's
applicable criteria (``not_applicable`` left out; ``insufficient_data`` counts with 0 points); a
theme with no applicable criterion scores None and is left out. Overall = Σ theme weight × theme
score, renormalised over themes with a score. Level: not certified if a prerequisite fails or a
mandatory criterion is below level 1; else the first of the catalogue's levels whose overall and
theme minimums hold; else not certified.

>>> from gia.method.catalogue import load_catalogue
>>> cat = load_catalogue()
>>> overall_score({"energy": 80.0, "land": None, "governance": 50.0}, cat)  # (20 + 5) / 0.35
71.42857142857143
"""

from __future__ import annotations

from collections.abc import Sequence

from gia.method.catalogue import Catalogue
from gia.method.criteria import NOT_APPLICABLE, CriterionResult
from gia.method.criteria.prerequisites import PrerequisiteResult

NOT_CERTIFIED = "not_certified"


def theme_scores(
    results: Sequence[CriterionResult], catalogue: Catalogue
) -> dict[str, float | None]:
    """Return the score (%) of every theme of the catalogue, None where nothing applies."""
    scores: dict[str, float | None] = {}
    for theme in catalogue.themes:
        applicable = [r for r in results if r.theme == theme.id and r.status != NOT_APPLICABLE]
        weight = sum(r.weight for r in applicable)
        if not applicable or weight == 0:
            scores[theme.id] = None
            continue
        points = sum(r.weight * r.points for r in applicable)
        # the most a criterion earns is its top level: 3 with Bronze, Silver and Gold
        max_points = len(catalogue.levels)
        scores[theme.id] = points / (max_points * weight) * 100.0
    return scores


def overall_score(scores: dict[str, float | None], catalogue: Catalogue) -> float | None:
    """Return Σ theme weight × score, renormalised over the themes with a score."""
    scored = [(catalogue.theme(t).weight, s) for t, s in scores.items() if s is not None]
    total_weight = sum(w for w, _ in scored)
    if not scored or total_weight == 0:
        return None
    return sum(w * s for w, s in scored) / total_weight


def blocking_reasons(
    prerequisites: Sequence[PrerequisiteResult], results: Sequence[CriterionResult]
) -> list[str]:
    """Return why the area cannot be certified at all (failed prerequisites, mandatory < 1)."""
    reasons = [f"prerequisite {p.id} failed: {p.detail}" for p in prerequisites if not p.passed]
    reasons += [
        f"mandatory criterion {r.id} is below level 1"
        for r in results
        if r.mandatory and r.level < 1
    ]
    return reasons


def _at_least(value: float, minimum: float, tolerance: float) -> bool:
    return value >= minimum or abs(value - minimum) <= tolerance * abs(minimum)


def certification_level(
    prerequisites: Sequence[PrerequisiteResult],
    results: Sequence[CriterionResult],
    scores: dict[str, float | None],
    overall: float | None,
    catalogue: Catalogue,
) -> str:
    """Return the certification level id (e.g. ``gold``) or ``not_certified``."""
    if blocking_reasons(prerequisites, results) or overall is None:
        return NOT_CERTIFIED
    tol = catalogue.tolerance
    present = [s for s in scores.values() if s is not None]
    for level in catalogue.levels:
        if not _at_least(overall, level.min_overall, tol):
            continue
        if level.min_theme is not None and not all(
            _at_least(s, level.min_theme, tol) for s in present
        ):
            continue
        return level.id
    return NOT_CERTIFIED
