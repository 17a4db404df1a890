"""Charts of the calibration notebook: distributions, level shares, correlation, tornado.

Drawn like every chart of the workbook (:mod:`gia.reports.charts`): PNG with alt text and a caption,
numbers through :mod:`gia.reports.formatting`, fixed sizes, no timestamps.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from gia.experts.population import Population
from gia.messages import message
from gia.reports.charts import BAND_COLOURS, VALUE_COLOUR, _pyplot, _show, note
from gia.reports.formatting import COUNT, format_limit, format_value
from gia.reports.tables import Table
from gia.reports.tables import table as _table


def table(frame: pd.DataFrame) -> Table | None:
    """Return a calibration table for display: whole-number columns shown as counts.

    A table without rows is a sentence instead ("None."), not an empty header.
    """
    if frame.empty:
        note(message("table.none"))
        return None
    units = {c: COUNT for c in frame.columns if frame[c].dtype.kind in "iu"}
    return _table(frame, units=units)


def _tick_formatter(unit: str | None):  # noqa: ANN202 - a matplotlib formatter
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: format_limit(v, unit))


def distribution_chart(pop: Population, columns: int = 5) -> None:
    """Show every criterion's values across the areas against its three thresholds."""
    plt = _pyplot()
    crit = pop.catalogue.criteria
    rows = math.ceil(len(crit) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 2.4 * rows))
    names = [lv.title for lv in reversed(pop.catalogue.levels)]  # bronze, silver, gold
    for ax, (j, c) in zip(axes.flat, enumerate(crit), strict=False):
        v = pop.values[:, j]
        v = v[~np.isnan(v)]
        if len(v):
            ax.hist(v, bins=20, color=VALUE_COLOUR, alpha=0.8)
        for k, t in enumerate(c.thresholds):
            ax.axvline(
                t,
                color=BAND_COLOURS[k + 1],
                linewidth=2.2,
                label=f"{names[k]} {format_limit(t, c.unit)}",
            )
        ax.set_title(f"{c.id} ({c.unit}), {len(v)} values", fontsize=9)
        ax.xaxis.set_major_formatter(_tick_formatter(c.unit))
        ax.yaxis.set_major_formatter(_tick_formatter("count"))
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=6, loc="best")
    for ax in list(axes.flat)[len(crit) :]:
        ax.set_visible(False)
    fig.supylabel("areas")
    fig.tight_layout()
    alt = (
        "Histograms of every criterion's values across "
        f"{len(pop.areas)} areas, "
        "with vertical lines at the bronze, silver and gold thresholds."
    )
    _show(fig, alt, "Values across the areas against the thresholds", part="calibration")


LEVEL_COLOURS = ("#bfbfbf", "#c8955d", "#a6a6a6", "#e0b92c")


def level_share_chart(shares: pd.DataFrame) -> None:
    """Show per criterion the share of areas at each level (stacked bars, 100 %)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(shares) + 1.4))
    left = np.zeros(len(shares))
    labels = ["level 0", "level 1 (bronze)", "level 2 (silver)", "level 3 (gold)"]
    y = np.arange(len(shares))
    for k in range(4):
        width = shares[f"level_{k}_pct"].fillna(0).to_numpy()
        ax.barh(y, width, left=left, color=LEVEL_COLOURS[k], label=labels[k])
        left += width
    ax.set_yticks(y, shares["criterion"])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(_tick_formatter("%"))
    ax.set_xlabel("share of the areas where the criterion applies (%)")
    ax.legend(ncols=4, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    fig.tight_layout()
    alt = "Stacked bars: per criterion, the share of areas at level 0, 1, 2 and 3."
    _show(fig, alt, "Share of areas at each level, per criterion", part="calibration")


def correlation_chart(corr: pd.DataFrame) -> None:
    """Show the Spearman correlation between criteria as a heat map with values."""
    plt = _pyplot()
    import seaborn as sns

    fig, ax = plt.subplots(figsize=(12, 10))
    labels = corr.map(lambda v: format_value(v, "ratio").replace("0.", ".") if pd.notna(v) else "")
    sns.heatmap(
        corr,
        vmin=-1,
        vmax=1,
        cmap="RdBu_r",
        annot=labels,
        fmt="",
        ax=ax,
        annot_kws={"fontsize": 6},
        cbar_kws={"label": "Spearman ρ"},
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    fig.tight_layout()
    alt = (
        "Heat map of the Spearman rank correlation between every two criteria's values, "
        "from −1 (blue) to +1 (red); empty where too few areas have both values."
    )
    _show(fig, alt, "Rank correlation between criteria", part="calibration")


def tornado_chart(impact: pd.DataFrame, top: int = 15) -> None:
    """Show the parameters that move most areas: the lowest step left, the highest right."""
    plt = _pyplot()
    steps = [c for c in impact.columns if c.endswith(" %")]
    low, high = steps[0], steps[-1]
    shown = impact.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(shown) + 1.6))
    y = np.arange(len(shown))
    ax.barh(y, -shown[low].to_numpy(), color="#2c7bb6", label=f"{low} (areas changing level)")
    ax.barh(y, shown[high].to_numpy(), color="#d7191c", label=f"{high} (areas changing level)")
    ax.set_yticks(y, shown["label"], fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.xaxis.set_major_formatter(_tick_formatter_abs())
    ax.set_xlabel("areas whose certification level changes")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    alt = (
        f"Tornado chart of the {len(shown)} parameters that change most areas' levels: "
        f"bars to the left for a move of {low}, to the right for {high}."
    )
    _show(fig, alt, "Sensitivity of the certification levels", part="sensitivity")


def _tick_formatter_abs():  # noqa: ANN202 - a matplotlib formatter
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: format_limit(abs(v), "count"))
