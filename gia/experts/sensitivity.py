"""Sensitivity of certification levels to the methodology's numbers and rules.

:func:`sweep` moves one number at a time, every other number as in the catalogue, and counts
the areas whose certification level changes:

- each criterion threshold (levels 1, 2, 3), ``criteria[EN-1].thresholds[0]``;
- each theme weight, ``themes[energy].weight`` (the other themes' weights keep their ratios:
  the overall score renormalises the weights, methodology §5);
- each level band's minimum overall score and minimum theme score,
  ``levels[gold].min_overall``.

Each number is moved by relative steps (default −25 %, −10 %, +10 %, +25 %). A moved
threshold may overtake its neighbour (e.g. bronze above silver): the row says so
(``thresholds_ordered`` false); its levels still follow the rule of :func:`criterion_levels`.
A threshold of 0 does not move under a relative step; a criterion whose unit is a year (GM-1's
target year) is not swept (a percentage of a year means nothing).

:func:`alternatives` assesses the areas under each named alternative of the catalogue
(``alternatives:``: other level bands, the other contract rule, one route): alternatives of
levels or routes are re-levelled in-process (a route only changes which criteria are
mandatory); one that changes the accounting re-assesses every area (the inventory changes).

All in-process (:mod:`gia.experts.population`): no notebook runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from gia.experts.population import Population, Rules, level_names, population_of, relevel
from gia.method.assessment import assess
from gia.method.catalogue import Catalogue
from gia.method.criteria import Context
from gia.method.routes import choose_route
from gia.reports.formatting import YEAR

DEFAULT_STEPS = (-25.0, -10.0, 10.0, 25.0)
"""Relative steps (%) of :func:`sweep`."""

COLUMNS = [
    "parameter",
    "label",
    "kind",
    "step_pct",
    "baseline",
    "value",
    "areas_changed",
    "moved_up",
    "moved_down",
    "share_changed_pct",
    "thresholds_ordered",
]


@dataclass(frozen=True)
class Lever:
    """One number of the catalogue that :func:`sweep` moves.

    Attributes
    ----------
    parameter : str
        Its key path in the catalogue, e.g. ``criteria[EN-1].thresholds[0]``.
    label : str
        In words, e.g. ``EN-1 bronze threshold``.
    kind : str
        ``threshold``, ``theme weight``, ``level band``.
    baseline : float
        Its value in the catalogue.
    """

    parameter: str
    label: str
    kind: str
    baseline: float
    index: tuple[int, ...]

    def apply(self, rules: Rules, value: float) -> Rules:
        """Return ``rules`` with this number set to ``value``."""
        if self.kind == "threshold":
            thresholds = rules.thresholds.copy()
            thresholds[self.index] = value
            return replace(rules, thresholds=thresholds)
        if self.kind == "theme weight":
            weights = rules.theme_weights.copy()
            weights[self.index] = value
            return replace(rules, theme_weights=weights)
        field = "min_overall" if self.index[1] == 0 else "min_theme"
        band = getattr(rules, field).copy()
        band[self.index[0]] = value
        return replace(rules, **{field: band})


def levers(pop: Population) -> Iterator[Lever]:
    """Yield every threshold, theme weight and level band minimum of the catalogue."""
    cat = pop.catalogue
    names = [lv.title.lower() for lv in reversed(cat.levels)]  # level 1, 2, 3
    for j, c in enumerate(cat.criteria):
        if c.unit == YEAR:
            continue  # a year is not moved by a percentage (2050 − 10 % is 1845)
        for k, t in enumerate(c.thresholds):
            yield Lever(
                f"criteria[{c.id}].thresholds[{k}]",
                f"{c.id} {names[k]} threshold",
                "threshold",
                t,
                (j, k),
            )
    for j, t in enumerate(cat.themes):
        yield Lever(f"themes[{t.id}].weight", f"{t.title} weight", "theme weight", t.weight, (j,))
    for b, lv in enumerate(cat.levels):
        yield Lever(
            f"levels[{lv.id}].min_overall",
            f"{lv.title}: minimum overall score",
            "level band",
            lv.min_overall,
            (b, 0),
        )
        if lv.min_theme is not None:
            yield Lever(
                f"levels[{lv.id}].min_theme",
                f"{lv.title}: minimum theme score",
                "level band",
                lv.min_theme,
                (b, 1),
            )


def _ordered(rules: Rules, lever: Lever) -> bool:
    if lever.kind != "threshold":
        return True
    t = rules.thresholds[lever.index[0]]
    steps = np.diff(t) if rules.higher[lever.index[0]] else -np.diff(t)
    return bool((steps > 0).all())


def _moves(base: np.ndarray, new: np.ndarray) -> tuple[int, int, int]:
    """Return (changed, up, down): a lower index is a higher level."""
    return int((base != new).sum()), int((new < base).sum()), int((new > base).sum())


def sweep(pop: Population, steps: Sequence[float] = DEFAULT_STEPS) -> pd.DataFrame:
    """Move every lever by every step; return one row per lever and step.

    Columns: parameter, label, kind, step_pct, baseline, value, areas_changed, moved_up,
    moved_down, share_changed_pct, thresholds_ordered.
    """
    rules = Rules.of(pop.catalogue)
    base = relevel(pop, rules)
    rows = []
    for lever in levers(pop):
        for step in steps:
            value = lever.baseline * (1 + step / 100.0)
            moved = lever.apply(rules, value)
            changed, up, down = _moves(base, relevel(pop, moved))
            rows.append(
                [
                    lever.parameter,
                    lever.label,
                    lever.kind,
                    step,
                    lever.baseline,
                    value,
                    changed,
                    up,
                    down,
                    100.0 * changed / len(base),
                    _ordered(moved, lever),
                ]
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def impact(table: pd.DataFrame) -> pd.DataFrame:
    """Return one row per parameter, sorted by the most areas any step moves.

    Columns: label, parameter, kind, baseline, one ``areas_changed`` column per step
    (``−25 %``...), ``max_changed``.
    """
    wide = table.pivot_table(
        index=["label", "parameter", "kind", "baseline"],
        columns="step_pct",
        values="areas_changed",
        aggfunc="sum",
    ).reset_index()
    steps = [c for c in wide.columns if isinstance(c, float)]
    wide[steps] = wide[steps].astype(int)
    wide["max_changed"] = wide[steps].max(axis=1)
    wide = wide.rename(columns={s: step_label(s) for s in steps})
    wide.columns.name = None
    order = wide.sort_values(["max_changed", "parameter"], ascending=[False, True], kind="stable")
    return order.reset_index(drop=True)


def step_label(step: float) -> str:
    """Return a step as the table shows it: ``-25 %``, ``+10 %``."""
    return f"{step:+g} %"


def _mandatory(pop: Population, variant: Catalogue) -> np.ndarray:
    """Return areas × criteria: mandatory on the route each area takes under ``variant``."""
    out = np.zeros_like(pop.mandatory)
    for i, a in enumerate(pop.assessments):
        ctx = Context(a.area, a.inventory, variant, a.context.ref)
        ctx.route = choose_route(ctx)
        out[i] = [ctx.is_mandatory(c) for c in variant.criterion_ids]
    return out


def alternatives(pop: Population) -> pd.DataFrame:
    """Assess the population under each named alternative of the catalogue.

    Returns
    -------
    pandas.DataFrame
        One row per alternative: id, title, areas_changed, moved_up, moved_down,
        share_changed_pct, and the number of areas at each level under it.
    """
    cat = pop.catalogue
    names = level_names(cat)
    base = relevel(pop, Rules.of(cat))
    rows = []
    for alt in cat.alternatives:
        variant = cat.with_alternative(alt.id)
        if alt.accounting is not None:  # the inventory changes: every area assessed again
            again = population_of(pop.areas, [assess(a, variant) for a in pop.areas], variant)
            new = relevel(again, Rules.of(variant))
        else:
            new = relevel(pop, Rules.of(variant), _mandatory(pop, variant))
        changed, up, down = _moves(base, new)
        counts = {f"areas {names[i]}": int((new == i).sum()) for i in range(len(names))}
        rows.append(
            {
                "id": alt.id,
                "title": alt.title,
                "areas_changed": changed,
                "moved_up": up,
                "moved_down": down,
                "share_changed_pct": 100.0 * changed / len(base),
                **counts,
            }
        )
    return pd.DataFrame(rows)
