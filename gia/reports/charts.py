"""Charts of the notebooks and the report (matplotlib with seaborn's style).

Every chart is shown as a PNG with alt text that states its content, a caption, and output
metadata saying what it is (``part``) and whether it shows individual tenants, so that the report
can number it, caption it and place it (tenant charts go to the tenant annex). Figures have fixed
sizes and no timestamps, so executed notebooks carry the same PNG for the same inputs. Numbers on
axes and labels go through :mod:`gia.reports.formatting`: no exponent, years as years.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from gia.messages import catalogue_text, message
from gia.method.catalogue import Criterion
from gia.method.criteria import CriterionResult
from gia.reports.formatting import YEAR, column_label, format_limit, format_value, with_unit
from gia.reports.tables import METADATA_KEY, shows_tenants, tenant_label

BAND_COLOURS = ("#f2f2f2", "#e3c9a8", "#d9d9d9", "#f1d36b")  # below level 1, bronze, silver, gold
VALUE_COLOUR = "#1f4e79"
DPI = 100


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


def png_base64(fig: Any) -> str:
    """Return a figure as base64 PNG text (no software or date metadata)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _show(fig: Any, alt: str, caption: str, *, part: str = "chart", tenant: bool = False) -> None:
    """Display a figure as PNG with alt text, caption and report metadata; then close it."""
    plt = _pyplot()
    if _inline():
        from IPython.display import display

        bundle = {"image/png": png_base64(fig), "text/plain": alt}
        meta = {METADATA_KEY: {"part": part, "alt": alt, "caption": caption, "tenant": tenant}}
        display(bundle, raw=True, metadata=meta)
    plt.close(fig)


def note(text: str) -> None:
    """Display a sentence in place of a chart (a criterion without a value has no gauge)."""
    if _inline():
        from IPython.display import display

        display(
            {"text/plain": text, "text/markdown": text},
            raw=True,
            metadata={METADATA_KEY: {"part": "note", "text": text}},
        )


def _default_theme_titles() -> dict[str, str]:
    from gia.method.catalogue import load_catalogue

    return {t.id: catalogue_text(t.title) for t in load_catalogue().themes}


def _default_levels() -> list[str]:
    from gia.method.catalogue import load_catalogue

    return load_catalogue().level_names()


# ---------------------------------------------------------------------- threshold chart


def band_edges(spec: Criterion, value: float | None) -> tuple[float, float]:
    """Return the axis range (low, high) of a threshold chart: the thresholds, the value, a margin.

    Years get a margin of the thresholds' span on each side (GM-1: 2030 to 2060); other units
    start at zero when nothing is negative, and percentages stop at 100 when the value does.
    """
    points = [*spec.thresholds, *([value] if value is not None else [])]
    lo, hi = min(points), max(points)
    span = (max(spec.thresholds) - min(spec.thresholds)) or abs(hi) or 1.0
    if spec.unit == YEAR:
        return lo - span, hi + span
    margin = 0.35 * span
    lo = 0.0 if lo >= 0 else lo - margin
    hi = hi + margin
    if spec.unit == "%" and hi > 100 >= max(points):
        hi = 100.0
    return lo, hi


def _label_places(widths: Sequence[float], narrow: float = 0.085) -> list[tuple[float, str]]:
    """Return (height in axes fractions, vertical alignment) of each band's label.

    A band too narrow for its name gets it above the frame, so that no label overlaps another
    label or the value line (which stops below the labels inside the bands).
    """
    return [(0.8, "center") if w >= narrow else (1.04, "bottom") for w in widths]


def threshold_alt(result: CriterionResult, spec: Criterion, levels: Sequence[str]) -> str:
    """Return the alt text of a threshold chart ("EN-1 72.8 %, level 2 (Silver); ...")."""
    thresholds = " / ".join(format_limit(t, spec.unit) for t in spec.thresholds)
    unit = "" if spec.unit in (YEAR,) else f" {spec.unit}"
    name = levels[result.level - 1] if result.level else message("level.none")
    return message(
        "chart.alt.threshold",
        id=result.id,
        value=with_unit(result.value, spec.unit),
        level=result.level,
        name=name,
        thresholds=thresholds + unit,
    )


def threshold_chart(
    result: CriterionResult, spec: Criterion, levels: Sequence[str] | None = None
) -> None:
    """Draw the area's value against the criterion's thresholds, bands named as the levels.

    A criterion without a value (``not_applicable``, ``insufficient_data``) gets a sentence
    instead of a chart.

    Parameters
    ----------
    result : CriterionResult
        The criterion's result.
    spec : Criterion
        Its catalogue entry (thresholds, direction, unit).
    levels : sequence of str, optional
        Level names from level 1 up; default: the default catalogue's.
    """
    levels = list(levels or _default_levels())
    if result.value is None:
        reason = result.measure.details.get("reason")
        note(
            message(
                "report.no_chart",
                id=result.id,
                status=message(f"status.{result.status}"),
                reason=f" ({reason})" if reason else "",
            )
        )
        return
    plt = _pyplot()
    from matplotlib.ticker import FixedLocator, FuncFormatter

    lo, hi = band_edges(spec, result.value)
    t1, t2, t3 = spec.thresholds
    far = lo if spec.direction == "higher" else hi
    near = hi if spec.direction == "higher" else lo
    edges = [far, t1, t2, t3, near]
    names = [message("level.below", level=levels[0]), *levels]
    fig, ax = plt.subplots(figsize=(8, 1.6))
    centres, widths = [], []
    for i in range(4):
        a, b = sorted((edges[i], edges[i + 1]))
        ax.axvspan(a, b, color=BAND_COLOURS[i], alpha=0.9, lw=0)
        centres.append(((a + b) / 2 - lo) / (hi - lo))
        widths.append((b - a) / (hi - lo))
    if spec.direction == "lower":
        centres = [1 - c for c in centres]
    for i, (height, align) in enumerate(_label_places(widths)):
        ax.text(
            centres[i],
            height,
            names[i],
            ha="center",
            va=align,
            fontsize=9,
            transform=ax.transAxes,
            color="#333333",
            clip_on=False,
        )
    ax.axvline(result.value, ymax=0.62, color=VALUE_COLOUR, lw=3)
    position = (result.value - lo) / (hi - lo)
    if spec.direction == "lower":
        position = 1 - position
    right = position < 0.75
    ax.text(
        position + (0.01 if right else -0.01),
        0.31,
        with_unit(result.value, spec.unit),
        color=VALUE_COLOUR,
        fontsize=10,
        fontweight="bold",
        transform=ax.transAxes,
        ha="left" if right else "right",
        va="center",
        bbox={"facecolor": "white", "alpha": 0.8, "lw": 0, "pad": 1.5},
    )
    ax.set_xlim(lo, hi)
    if spec.direction == "lower":
        ax.invert_xaxis()
    ends = [x for x in (lo, hi) if spec.unit == YEAR or x in (0.0, 100.0)]
    ticks = sorted({*spec.thresholds, *ends})
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_limit(x, spec.unit)))
    ax.grid(False)
    ax.set_yticks([])
    better = message(f"chart.better.{spec.direction}")
    unit = "" if spec.unit == YEAR else f" ({catalogue_text(spec.unit)})"
    ax.set_xlabel(f"{catalogue_text(spec.title)}{unit}; {better}")
    level_name = levels[result.level - 1] if result.level else message("level.none")
    ax.set_title(
        message(
            "chart.value",
            id=result.id,
            value=with_unit(result.value, spec.unit),
            level=result.level,
            name=level_name,
        ),
        loc="left",
        fontsize=11,
    )
    fig.tight_layout()
    caption = message(
        "chart.caption.threshold",
        id=result.id,
        title=catalogue_text(spec.title),
        levels=", ".join(levels),
    )
    _show(fig, threshold_alt(result, spec, levels), caption)


# ---------------------------------------------------------------------- breakdown chart


def breakdown_chart(table: pd.DataFrame, label: str, value: str, title: str, top: int = 12) -> None:
    """Draw a horizontal bar chart of the largest contributions in a breakdown table.

    Tenant ids are shown with their names (``table.attrs["tenant_names"]``); a chart of a
    table that identifies tenants is marked as tenant detail.
    """
    if table is None or not isinstance(table, pd.DataFrame) or table.empty:
        return
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter

    names = table.attrs.get("tenant_names") or {}
    data = table[[label, value]].copy()
    data[value] = pd.to_numeric(data[value], errors="coerce").fillna(0.0)
    data["shown"] = [_bar_label(v, label, names) for v in data[label]]
    data = data.sort_values([value, "shown"], ascending=[False, True]).head(top)
    fig, ax = plt.subplots(figsize=(8, 0.24 * len(data) + 1.2))
    ax.barh(range(len(data)), data[value], color="#4c8bb5")
    # area text stays text: a "$" would start matplotlib's mathtext
    ax.set_yticks(range(len(data)), [plain_label(t) for t in data["shown"]], fontsize=9)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(
        FuncFormatter(
            lambda x, _pos: format_value(x, "count") if abs(x) >= 100 else format_value(x)
        )
    )
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_xlabel(column_label(value))
    ax.set_ylabel(column_label(label))
    fig.tight_layout()
    items = "; ".join(
        f"{s} {format_value(v, _unit(value))}"
        for s, v in zip(data["shown"], data[value], strict=True)
    )
    alt = message("chart.alt.breakdown", title=title, items=items)
    _show(fig, alt, title, part="breakdown-chart", tenant=shows_tenants(table))


def _unit(column: str) -> str | None:
    from gia.reports.formatting import column_unit

    return column_unit(column)


def _bar_label(value: Any, column: str, names: Mapping[str, str]) -> str:
    text = (
        format_value(value, _unit(column))
        if not isinstance(value, str)
        else str(tenant_label(value, names))
    )
    return text if len(text) <= 42 else text[:41] + "…"


# -------------------------------------------------------------------------- theme chart


def theme_chart(
    themes: dict[str, float | None],
    bands: dict[str, float],
    titles: Mapping[str, str] | None = None,
) -> None:
    """Draw the theme scores against the level bands' theme minimums (the slide chart)."""
    plt = _pyplot()
    titles = dict(titles or _default_theme_titles())
    shown = [titles.get(t, t.replace("_", " ").capitalize()) for t in themes]
    scores = [s if s is not None else 0.0 for s in themes.values()]
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(themes) + 1.4))
    ax.barh(range(len(themes)), scores, color="#3a7d44")
    ax.set_yticks(range(len(themes)), shown)
    ax.invert_yaxis()
    styles = ("--", ":", "-.")
    for i, (name, minimum) in enumerate(sorted(bands.items(), key=lambda b: -b[1])):
        ax.axvline(
            minimum,
            ls=styles[i % len(styles)],
            lw=1.2,
            color="#333333",
            label=message("chart.theme_min", level=name, minimum=f"{format_limit(minimum, '%')} %"),
        )
    for i, s in enumerate(themes.values()):
        ax.text(
            (s or 0) + 1,
            i,
            with_unit(s, "%"),
            va="center",
            fontsize=9,
            zorder=5,
            bbox={"facecolor": "white", "alpha": 0.9, "lw": 0, "pad": 1},
        )
    ax.set_xlim(0, 110)
    if bands:
        ax.legend(
            loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(bands), frameon=False, fontsize=8
        )
    ax.set_xlabel(message("chart.theme_axis"))
    fig.tight_layout()
    items = "; ".join(
        f"{n} {with_unit(s, '%')}" for n, s in zip(shown, themes.values(), strict=True)
    )
    bands_text = ", ".join(f"{n} {format_limit(m, '%')} %" for n, m in bands.items())
    _show(
        fig,
        message("chart.alt.themes", items=items, bands=bands_text),
        message("chart.caption.themes"),
    )
