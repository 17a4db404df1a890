"""The catalogue's cross-key rules: one function per rule, checked in :data:`CROSS_RULES` order.

Field checks (types, ranges, patterns) live on the models; these rules span several keys (the
theme weights sum to 1, a criterion names a known theme, ...). They read the raw data and are
tolerant of malformed values, which the field checks report: so that an expert sees every
problem of a catalogue at once, they also run when a field check failed.

Each rule returns ``(key path, message)`` pairs, the key path as pydantic gives locations, e.g.
``("criteria", 3, "theme")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from gia.method.catalogue.errors import fmt_loc, fmt_number

WEIGHT_SUM_TOLERANCE = 1e-9
"""Absolute tolerance on the sum of the theme weights."""

SECTIONS_WITH_SOURCES = (
    "themes",
    "levels",
    "prerequisites",
    "criteria",
    "informative",
    "routes",
    "changes",
)
"""Sections whose items cite source keys."""

Problem = tuple[tuple[Any, ...], str]
Rule = Callable[[Mapping[str, Any]], list[Problem]]


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _items(data: Mapping[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(section)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def unique_ids(data: Mapping[str, Any]) -> list[Problem]:
    """Ids are unique within themes, levels, and prerequisites with criteria and indicators.

    Prerequisites, criteria and informative indicators share one namespace: results.json and
    the notebooks use these ids.
    """
    problems: list[Problem] = []
    for group in (("themes",), ("levels",), ("prerequisites", "criteria", "informative")):
        seen: dict[str, tuple[Any, ...]] = {}
        for section in group:
            for i, item in _items(data, section):
                item_id = item.get("id")
                if not isinstance(item_id, str):
                    continue
                if item_id in seen:
                    problems.append(
                        (
                            (section, i, "id"),
                            f"duplicate id {item_id!r} (also {fmt_loc(seen[item_id], data)})",
                        )
                    )
                else:
                    seen[item_id] = (section, i)
    return problems


def theme_weights_sum_to_one(data: Mapping[str, Any]) -> list[Problem]:
    """The theme weights sum to 1."""
    themes = _items(data, "themes")
    weights = [t.get("weight") for _, t in themes]
    if not themes or not all(_is_number(w) for w in weights):
        return []
    total = math.fsum(weights)
    if abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE:
        return []
    listed = ", ".join(f"{t.get('id')} {fmt_number(t.get('weight'))}" for _, t in themes)
    return [(("themes",), f"theme weights must sum to 1, they sum to {total:.12g} ({listed})")]


def criteria_name_known_themes(data: Mapping[str, Any]) -> list[Problem]:
    """Every criterion names a theme of the catalogue."""
    theme_ids = [t.get("id") for _, t in _items(data, "themes") if isinstance(t.get("id"), str)]
    if not theme_ids:
        return []
    return [
        (
            ("criteria", i, "theme"),
            f"unknown theme {crit['theme']!r} (themes: {', '.join(theme_ids)})",
        )
        for i, crit in _items(data, "criteria")
        if isinstance(crit.get("theme"), str) and crit["theme"] not in theme_ids
    ]


def every_theme_has_a_criterion(data: Mapping[str, Any]) -> list[Problem]:
    """Every theme has at least one criterion."""
    if not isinstance(data.get("criteria"), list):
        return []
    used = {c.get("theme") for _, c in _items(data, "criteria")}
    return [
        (("themes", i), f"theme {t['id']!r} has no criterion: give it at least one")
        for i, t in _items(data, "themes")
        if isinstance(t.get("id"), str) and t["id"] not in used
    ]


def three_levels(data: Mapping[str, Any]) -> list[Problem]:
    """Exactly three levels: they name criterion levels 3, 2, 1."""
    levels = data.get("levels")
    if not isinstance(levels, list) or len(levels) == 3:
        return []
    return [
        (
            ("levels",),
            f"exactly 3 levels are needed (they name criterion levels 3, 2, 1), got {len(levels)}",
        )
    ]


def level_bands_decrease(data: Mapping[str, Any]) -> list[Problem]:
    """Each level's overall minimum is below the level above it."""
    items = _items(data, "levels")
    problems: list[Problem] = []
    for (_, upper), (j, lower) in zip(items, items[1:], strict=False):
        hi, lo = upper.get("min_overall"), lower.get("min_overall")
        if _is_number(hi) and _is_number(lo) and not lo < hi:
            problems.append(
                (
                    ("levels", j, "min_overall"),
                    f"level bands must decrease: min_overall {fmt_number(lo)} of "
                    f"{lower.get('id')!r} is not below {fmt_number(hi)} of "
                    f"{upper.get('id')!r}",
                )
            )
    return problems


def theme_minimums_decrease(data: Mapping[str, Any]) -> list[Problem]:
    """A level's theme minimum is at most the level above it's (which must have one)."""
    items = _items(data, "levels")
    problems: list[Problem] = []
    for (_, upper), (j, lower) in zip(items, items[1:], strict=False):
        hi, lo = upper.get("min_theme"), lower.get("min_theme")
        if lo is None or not _is_number(lo):
            continue
        if hi is None:
            problems.append(
                (
                    ("levels", j, "min_theme"),
                    f"level bands must decrease: {lower.get('id')!r} has a theme "
                    f"minimum ({fmt_number(lo)}) but the higher level "
                    f"{upper.get('id')!r} has none",
                )
            )
        elif _is_number(hi) and lo > hi:
            problems.append(
                (
                    ("levels", j, "min_theme"),
                    f"level bands must decrease: min_theme {fmt_number(lo)} of "
                    f"{lower.get('id')!r} is above {fmt_number(hi)} of "
                    f"{upper.get('id')!r}",
                )
            )
    return problems


def route_mandatory_are_criteria(data: Mapping[str, Any]) -> list[Problem]:
    """A route's mandatory criteria are criteria of the catalogue."""
    criterion_ids = {c.get("id") for _, c in _items(data, "criteria")}
    if not criterion_ids:
        return []
    return [
        (
            ("routes", i, "mandatory", k),
            f"unknown criterion {cid!r}: a route's mandatory "
            "criteria are criteria of the catalogue",
        )
        for i, route in _items(data, "routes")
        for k, cid in enumerate(route.get("mandatory") or [])
        if isinstance(cid, str) and cid not in criterion_ids
    ]


def only_last_route_unconditional(data: Mapping[str, Any]) -> list[Problem]:
    """Only the last route has no condition (it applies when no other does)."""
    routes = _items(data, "routes")
    problems: list[Problem] = []
    for i, route in routes:
        last = i == routes[-1][0]
        has_condition = route.get("condition") is not None
        if last and has_condition:
            problems.append(
                (
                    ("routes", i, "condition"),
                    "the last route must have no condition (it applies when no other does)",
                )
            )
        if not last and not has_condition:
            problems.append(
                (
                    ("routes", i, "condition"),
                    "only the last route may have no "
                    "condition (a route without one hides the routes after it)",
                )
            )
    return problems


def sources_are_cited(data: Mapping[str, Any]) -> list[Problem]:
    """Every source key used is cited under ``sources``."""
    sources = data.get("sources")
    if not isinstance(sources, Mapping):
        return []
    return [
        (
            (section, i, "sources", k),
            f"unknown source key {key!r}: add its citation under 'sources'",
        )
        for section in SECTIONS_WITH_SOURCES
        for i, item in _items(data, section)
        if isinstance(item.get("sources"), list)
        for k, key in enumerate(item["sources"])
        if isinstance(key, str) and key not in sources
    ]


CROSS_RULES: tuple[Rule, ...] = (
    unique_ids,
    theme_weights_sum_to_one,
    criteria_name_known_themes,
    every_theme_has_a_criterion,
    three_levels,
    level_bands_decrease,
    theme_minimums_decrease,
    route_mandatory_are_criteria,
    only_last_route_unconditional,
    sources_are_cited,
)
"""Every cross-key rule, in the order their problems are reported."""


def cross_problems(data: Any) -> list[Problem]:
    """Return the problems of every cross-key rule (none for data that is not a mapping)."""
    if not isinstance(data, Mapping):
        return []
    return [problem for rule in CROSS_RULES for problem in rule(data)]
