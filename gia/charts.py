"""Charts of the notebooks and the report (seaborn), imported only when a chart is drawn.

Figures are drawn with fixed sizes and styles and closed after display, so that executed
notebooks carry the same PNG for the same inputs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gia.catalogue import Criterion
from gia.criteria import CriterionResult

BAND_COLOURS = ("#f2f2f2", "#e3c9a8", "#d9d9d9", "#f1d36b")  # none, bronze, silver, gold
BAND_NAMES = ("none", "Bronze", "Silver", "Gold")


def plain_label(text: str) -> str:
    r"""Return text that matplotlib draws as written: ``$`` is not the start of mathtext.

    Labels come from area data (tenant names, ids); ``Fab $\frac$`` would otherwise be parsed
    as a formula and fail.

    >>> plain_label("Cost $5 $ GmbH")
    'Cost \\$5 \\$ GmbH'
    """
    return str(text).replace("$", r"\$")


def _pyplot() -> Any:
    import matplotlib

    if not _inline():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    plt.rcParams["svg.hashsalt"] = "gia"
    return plt


def _inline() -> bool:
    try:
        from IPython import get_ipython

        return get_ipython() is not None
    except ImportError:  # pragma: no cover
        return False


def _show(fig: Any) -> None:
    plt = _pyplot()
    if _inline():
        from IPython.display import display

        display(fig)
    plt.close(fig)


def threshold_chart(result: CriterionResult, spec: Criterion) -> None:
    """Draw the area's value against the criterion's three thresholds (level bands)."""
    plt = _pyplot()
    t1, t2, t3 = spec.thresholds
    values = [v for v in (t1, t2, t3, result.value) if v is not None]
    lo, hi = min(values + [0.0]), max(values)
    span = (hi - lo) or 1.0
    lo, hi = lo - 0.05 * span, hi + 0.15 * span
    if spec.direction == "higher":
        edges = [lo, t1, t2, t3, hi]
    else:
        edges = [hi, t1, t2, t3, lo]
    fig, ax = plt.subplots(figsize=(8, 1.9))
    for i in range(4):
        a, b = sorted((edges[i], edges[i + 1]))
        ax.axvspan(a, b, color=BAND_COLOURS[i], alpha=0.9, lw=0)
        ax.text((a + b) / 2, 0.82, BAND_NAMES[i], ha="center", va="center", fontsize=9,
                transform=ax.get_xaxis_transform())
    if result.value is not None:
        ax.axvline(result.value, color="#1f4e79", lw=3)
        ax.text(result.value, 0.35, f" {result.value:.3g} {result.unit}", color="#1f4e79",
                fontsize=10, fontweight="bold", transform=ax.get_xaxis_transform())
    else:
        ax.text(0.5, 0.35, f"no value: {result.status}", ha="center", color="#9c2f2f",
                transform=ax.transAxes)
    ax.set_xlim(min(edges), max(edges))
    if spec.direction == "lower":
        ax.invert_xaxis()
    ax.set_yticks([])
    ax.set_xlabel(f"{result.id} ({result.unit}); {spec.direction} is better")
    ax.set_title(f"{result.id}: level {result.level}", loc="left", fontsize=11)
    fig.tight_layout()
    _show(fig)


def breakdown_chart(table: pd.DataFrame, label: str, value: str, title: str,
                    top: int = 15) -> None:
    """Draw a horizontal bar chart of the largest contributions in a breakdown table."""
    if table is None or not isinstance(table, pd.DataFrame) or table.empty:
        return
    plt = _pyplot()
    import seaborn as sns

    data = table[[label, value]].copy()
    data[label] = data[label].astype(str).map(plain_label)
    data = data.sort_values([value, label], ascending=[False, True]).head(top)
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(data) + 1.2))
    # one bar per row, no error bar: seaborn would bootstrap (random) over repeated labels
    sns.barplot(data=data, y=label, x=value, ax=ax, color="#4c8bb5", orient="h", errorbar=None,
                estimator="sum")
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_ylabel("")
    fig.tight_layout()
    _show(fig)


def theme_chart(themes: dict[str, float | None], bands: dict[str, float]) -> None:
    """Draw the theme scores against the level bands' theme minimums (the slide chart)."""
    plt = _pyplot()
    import seaborn as sns

    data = pd.DataFrame({"theme": list(themes), "score": [s if s is not None else 0.0
                                                          for s in themes.values()]})
    fig, ax = plt.subplots(figsize=(8, 3.6))
    sns.barplot(data=data, y="theme", x="score", ax=ax, color="#3a7d44", orient="h",
                errorbar=None)
    for name, minimum in bands.items():
        ax.axvline(minimum, ls="--", lw=1, color="#555555")
        ax.text(minimum, -0.7, f" {name} min", fontsize=8, color="#555555")
    for i, s in enumerate(themes.values()):
        ax.text((s or 0) + 1, i, "n/a" if s is None else f"{s:.1f} %", va="center", fontsize=9)
    ax.set_xlim(0, 110)
    ax.set_xlabel("theme score (%)")
    ax.set_ylabel("")
    fig.tight_layout()
    _show(fig)
