"""The cheapest way to the next level: the smallest pull of each lever, then of two.

For each lever of :func:`gia.workshop.whatif.available_levers` alone, the smallest amount that lifts
the area to its next certification level is found by bisection over the lever's range, with the same
pure lever functions and the in-process :func:`gia.method.assessment.assess`. The bisection assumes
that pulling a lever further never lowers the level (true of every lever: each moves its criteria
one way) and stops at the lever's step (0.1 MWp, 1 %, one charging point, 100 m², …); the amount
reported is rounded up to that step and re-checked.

When no lever alone reaches the next level, the smallest combination of two is searched over
every pair of levers that reaches it with both at full range. "Smallest" is the lowest sum of
the two levers' shares of their ranges (a share of range makes MWp, % and m² comparable; costs
are not in the area data): the first lever of a pair is set to 25, 50, 75 and 100 % of its
range and the second's smallest amount is bisected at each; the best of these is reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import pandas as pd

from gia.data.area import Area
from gia.messages import message
from gia.method.assessment import assess
from gia.method.catalogue import Catalogue
from gia.method.scoring import NOT_CERTIFIED
from gia.reports.formatting import format_limit, format_value
from gia.workshop.whatif import Lever, LeverSettings, apply_levers, available_levers

PAIR_GRID = (0.25, 0.5, 0.75, 1.0)
"""Shares of its range at which the first lever of a pair is set."""


def level_rank(level: str, catalogue: Catalogue) -> int:
    """Return 0 for not certified, 1 for the lowest level, … up to the highest."""
    ids = [lv.id for lv in reversed(catalogue.levels)]
    return 0 if level == NOT_CERTIFIED else ids.index(level) + 1


def next_level(level: str, catalogue: Catalogue) -> str | None:
    """Return the level above ``level``, None at the highest."""
    ids = [lv.id for lv in reversed(catalogue.levels)]
    rank = level_rank(level, catalogue)
    return ids[rank] if rank < len(ids) else None


@dataclass
class Pull:
    """Levers pulled together (one or two) and what they reach."""

    amounts: dict[str, float]
    levers: list[Lever]
    level: str

    @property
    def fraction(self) -> float:
        """The sum of the levers' shares of their ranges (0..1 each)."""
        return sum((self.amounts[lv.key] - lv.minimum) / lv.span for lv in self.levers)


@dataclass
class Search:
    """The outcome of :func:`cheapest_next_level` for one area."""

    area_id: str
    level: str
    route: str
    target: str | None
    settings: LeverSettings
    singles: list[tuple[Lever, Pull | None]] = field(default_factory=list)
    pair: Pull | None = None
    pair_searched: bool = False
    not_offered: list[str] = field(default_factory=list)
    why: str = ""


class _Probe:
    """Assess pulls of levers on one area and tell whether they reach the target."""

    def __init__(
        self, area: Area, catalogue: Catalogue, settings: LeverSettings, target: int
    ) -> None:
        self.area, self.catalogue, self.settings, self.target = area, catalogue, settings, target

    def level(self, values: dict[str, float]) -> str:
        changed = apply_levers(self.area, self.catalogue, self.settings, values)
        return assess(changed, self.catalogue).level

    def reaches(self, values: dict[str, float]) -> bool:
        return level_rank(self.level(values), self.catalogue) >= self.target

    def smallest(self, lever: Lever, fixed: dict[str, float] | None = None) -> float | None:
        """Return the smallest amount of ``lever`` (with ``fixed`` pulled) that reaches."""
        fixed = dict(fixed or {})
        if not self.reaches({**fixed, lever.key: lever.maximum}):
            return None
        lo, hi = lever.minimum, lever.maximum
        if self.reaches({**fixed, lever.key: lo}):
            return lo
        steps = max(1, min(30, math.ceil(math.log2(max(lever.span / lever.step, 1.0)))))
        for _ in range(steps):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if self.reaches({**fixed, lever.key: mid}) else (mid, hi)
        # the crossing lies in (lo, hi], narrower than a step: the first step at or above lo,
        # else the next one
        first = lever.minimum + math.ceil((lo - lever.minimum) / lever.step - 1e-9) * lever.step
        for stepped in (round(first, 9), round(first + lever.step, 9)):
            if lo < stepped <= lever.maximum and self.reaches({**fixed, lever.key: stepped}):
                return stepped
        return hi


def cheapest_next_level(area: Area, catalogue: Catalogue, settings: LeverSettings) -> Search:
    """Return, per lever, the smallest amount that reaches the next level; then two levers.

    See the module docstring for the search and what "smallest" means.
    """
    today = assess(area, catalogue)
    target = next_level(today.level, catalogue)
    from gia.reports.certificate import level_reason

    reason, next_step = level_reason(today.to_dict(), catalogue)
    search = Search(
        area.id,
        today.level,
        today.context.route.id,
        target,
        settings,
        not_offered=not_offered(settings),
        why=f"{reason} {next_step}".strip(),
    )
    if target is None:
        return search
    probe = _Probe(area, catalogue, settings, level_rank(target, catalogue))
    levers = available_levers(area, catalogue, settings)
    for lever in levers:
        amount = probe.smallest(lever)
        pull = (
            None
            if amount is None
            else Pull({lever.key: amount}, [lever], probe.level({lever.key: amount}))
        )
        search.singles.append((lever, pull))
    if not any(pull for _, pull in search.singles):
        search.pair_searched = True
        search.pair = _cheapest_pair(probe, levers)
    return search


def _cheapest_pair(probe: _Probe, levers: list[Lever]) -> Pull | None:
    best: Pull | None = None
    for first, second in combinations(levers, 2):
        if not probe.reaches({first.key: first.maximum, second.key: second.maximum}):
            continue
        for share in PAIR_GRID:
            fixed = {first.key: first.minimum + share * first.span}
            amount = probe.smallest(second, fixed)
            if amount is None:
                continue
            pull = Pull({**fixed, second.key: amount}, [first, second], "")
            if best is None or pull.fraction < best.fraction:
                best = pull
    if best is not None:
        first, second = best.levers
        amount = probe.smallest(first, {second.key: best.amounts[second.key]})
        if amount is not None and amount < best.amounts[first.key]:
            best.amounts[first.key] = amount
        best.level = probe.level(best.amounts)
    return best


def not_offered(settings: LeverSettings) -> list[str]:
    """Return the levers left out because a factor they need was not given."""
    needs = (
        ("pv_mwp", "pv_yield_mwh_per_mwp"),
        ("wind_mw", "wind_full_load_hours"),
        ("heat_pump_pct", "heat_pump_cop"),
        ("waste_heat_mwh", "exchange_supplier"),
    )
    given = settings.as_dict()
    return [
        message(f"lever.{key}") + ": " + message("whatif.needs", setting=message(f"setting.{s}"))
        for key, s in needs
        if s not in given
    ]


def _amount(lever: Lever, value: float) -> str:
    return f"{format_value(value, lever.unit)} {lever.unit}"


def _level_name(level: str, catalogue: Catalogue) -> str:
    return (
        message("level.not_certified")
        if level == NOT_CERTIFIED
        else next(lv.title for lv in catalogue.levels if lv.id == level)
    )


def singles_table(search: Search, catalogue: Catalogue) -> pd.DataFrame:
    """Return one row per lever: smallest change, range, share of range, level reached."""
    rows = []
    for lever, pull in search.singles:
        rows.append(
            {
                message("nextlevel.lever"): lever.label,
                message("nextlevel.amount"): message("nextlevel.unreachable")
                if pull is None
                else _amount(lever, pull.amounts[lever.key]),
                message("nextlevel.range"): f"{format_limit(lever.minimum, lever.unit)}–"
                f"{format_limit(lever.maximum, lever.unit)} {lever.unit}",
                message("nextlevel.fraction"): "—"
                if pull is None
                else format_value(pull.fraction * 100, "%"),
                message("nextlevel.reached"): "—"
                if pull is None
                else _level_name(pull.level, catalogue),
            }
        )
    return pd.DataFrame(rows)


def text_table(frame: pd.DataFrame) -> str:
    """Return a frame of texts as a left-aligned plain-text table (no index)."""
    cells = [list(frame.columns), *frame.astype(str).values.tolist()]
    widths = [max(len(row[i]) for row in cells) for i in range(len(frame.columns))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )


def search_parts(search: Search, catalogue: Catalogue) -> tuple[list[str], pd.DataFrame, list[str]]:
    """Return the search as lines before the table, the table of levers, lines after it."""
    level = _level_name(search.level, catalogue)
    if search.target is None:
        return [message("nextlevel.top", area=search.area_id, level=level)], pd.DataFrame(), []
    head = [
        message(
            "nextlevel.title",
            area=search.area_id,
            level=level,
            target=_level_name(search.target, catalogue),
        )
        + f" ({search.route})",
        search.why,
    ]
    tail = []
    if search.pair_searched and search.pair is None:
        tail.append(message("nextlevel.pair.none", target=_level_name(search.target, catalogue)))
    elif search.pair is not None:
        parts = " + ".join(
            f"{lv.label} {_amount(lv, search.pair.amounts[lv.key])}" for lv in search.pair.levers
        )
        tail.append(
            f"{message('nextlevel.pair')}: {parts} "
            + message(
                "nextlevel.pair.share",
                share=format_value(search.pair.fraction * 100, "%"),
                level=_level_name(search.pair.level, catalogue),
            )
        )
    if search.not_offered:
        tail.append(message("nextlevel.not_offered", items="; ".join(search.not_offered)))
    return head, singles_table(search, catalogue), tail


def format_search(search: Search, catalogue: Catalogue) -> str:
    """Return the search as text: a header line, the table of levers, the pair."""
    head, table, tail = search_parts(search, catalogue)
    lines = [*head]
    if search.target is not None:
        lines.append(text_table(table) if len(table) else "(no lever)")
    return "\n".join([*lines, *tail]) + "\n"


def show_search(search: Search, catalogue: Catalogue) -> None:
    """Show the search in a notebook: its lines as text, the levers as a formatted table."""
    from IPython.display import Markdown, display

    from gia.reports.tables import table

    head, frame, tail = search_parts(search, catalogue)
    display(Markdown("\n\n".join(head)))
    if len(frame):
        display(table(frame, part="next-level"))
    if tail:
        display(Markdown("\n\n".join(tail)))


def search_dict(search: Search) -> dict[str, Any]:
    """Return the search as a JSON-ready dictionary (unrounded amounts)."""

    def pull_dict(pull: Pull | None) -> dict[str, Any] | None:
        if pull is None:
            return None
        return {"amounts": pull.amounts, "fraction_of_ranges": pull.fraction, "level": pull.level}

    return {
        "area_id": search.area_id,
        "level": search.level,
        "route": search.route,
        "target": search.target,
        "settings": search.settings.as_dict(),
        "levers": [
            {
                "lever": lv.key,
                "unit": lv.unit,
                "minimum": lv.minimum,
                "maximum": lv.maximum,
                "step": lv.step,
                "amount": None if p is None else p.amounts[lv.key],
                "level": None if p is None else p.level,
            }
            for lv, p in search.singles
        ],
        "pair_searched": search.pair_searched,
        "pair": pull_dict(search.pair),
        "not_offered": search.not_offered,
        "why": search.why,
    }
