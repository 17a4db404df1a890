"""Comparing two methodology versions: what changed in the catalogue, and how areas move."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from gia.data.dotted import flatten
from gia.method.assessment import score_areas
from gia.method.catalogue import Catalogue


def compare_catalogues(a: Catalogue, b: Catalogue) -> pd.DataFrame:
    """Every difference between two catalogues, for experts comparing methodology versions.

    Items with ids (themes, levels, prerequisites, criteria, indicators) are matched by id, so
    reordering shows as one ``(order)`` row, not as changes of every item.

    Parameters
    ----------
    a, b : Catalogue
        The two versions, e.g. the shipped catalogue and an expert's calibrated copy.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (e.g. ``criteria[EN-1].thresholds[1]``), ``a``, ``b`` (the values; None
        where the key is absent) and ``change`` (``changed``, ``added`` in b, ``removed`` in b).
        Empty when the catalogues are equal.
    """
    # the changelog describes the differences; it is not one of them; nor are the named
    # alternatives experts weigh against the methodology (gia sensitivity)
    skip = ("changes", "alternatives")
    flat_a = flatten({k: v for k, v in a.to_yaml_dict().items() if k not in skip}, lists_by_id=True)
    flat_b = flatten({k: v for k, v in b.to_yaml_dict().items() if k not in skip}, lists_by_id=True)
    rows: list[dict[str, Any]] = []
    keys = list(flat_a) + [k for k in flat_b if k not in flat_a]
    for key in keys:
        in_a, in_b = key in flat_a, key in flat_b
        va, vb = flat_a.get(key), flat_b.get(key)
        if in_a and in_b:
            if va == vb:
                continue
            if (
                isinstance(va, list)
                and isinstance(vb, list)
                and len(va) == len(vb)
                and not key.endswith("(order)")
            ):
                for n, (xa, xb) in enumerate(zip(va, vb, strict=True)):
                    if xa != xb:
                        rows.append({"key": f"{key}[{n}]", "a": xa, "b": xb, "change": "changed"})
                continue
            rows.append({"key": key, "a": va, "b": vb, "change": "changed"})
        elif in_a:
            rows.append({"key": key, "a": va, "b": None, "change": "removed"})
        else:
            rows.append({"key": key, "a": None, "b": vb, "change": "added"})
    return pd.DataFrame(rows, columns=["key", "a", "b", "change"])


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
        new_levels = {y.id: y for y in b.criteria}
        moved = [
            f"{x.id} {x.level}→{new_levels[x.id].level}"
            for x in a.criteria
            if x.id in new_levels and x.level != new_levels[x.id].level
        ]
        moved += [
            f"{y.id} new {y.level if y.status == 'ok' else y.status}"
            for y in b.criteria
            if y.id not in {x.id for x in a.criteria}
        ]
        rows.append(
            {
                "area": area_id,
                "route_new": b.context.route.id,
                "level_old": a.level,
                "level_new": b.level,
                "overall_old": a.overall_score,
                "overall_new": b.overall_score,
                "criteria_moved": ", ".join(moved) or "none",
            }
        )
    return pd.DataFrame(rows)


def change_ids(key: str, new: Catalogue) -> str:
    """Return the ids of the new catalogue's changes whose key paths cover ``key``.

    A new citation (``sources.<key>``) belongs to the changes that cite it.
    """
    if key.startswith("sources."):
        cited = key.removeprefix("sources.")
        return ", ".join(c.id for c in new.changes if cited in c.sources)
    return ", ".join(
        c.id
        for c in new.changes
        if any(key == k or key.startswith((f"{k}.", f"{k}[", f"{k} ")) for k in c.keys)
    )


def catalogue_changes(old: Catalogue, new: Catalogue) -> pd.DataFrame:
    """Return every difference between two catalogues (key path, old, new, change id).

    The column ``why`` names the change of the new catalogue's changelog (``changes``) that
    covers the key; :func:`changelog` gives each change's reason and sources.
    """
    table = _collapse_new_items(compare_catalogues(old, new), old, new)
    table["why"] = [change_ids(k, new) for k in table["key"]]
    return table[["why", "change", "key", "a", "b"]]


def _collapse_new_items(table: pd.DataFrame, old: Catalogue, new: Catalogue) -> pd.DataFrame:
    """One row per item (criterion, indicator, route) that is new or gone, not one per field."""
    whole: dict[str, str] = {}
    for section, a_items, b_items in (
        ("criteria", old.criteria, new.criteria),
        ("informative", old.informative, new.informative),
        ("routes", old.routes, new.routes),
    ):
        a_ids, b_ids = {i.id for i in a_items}, {i.id for i in b_items}
        whole |= {f"{section}[{i.id}]": f"{i.id} {i.title}" for i in b_items if i.id not in a_ids}
        whole |= {f"{section}[{i.id}]": f"{i.id} {i.title}" for i in a_items if i.id not in b_ids}
    rows, seen = [], set()
    for row in table.to_dict("records"):
        if row["a"] is None and row["b"] is None:
            continue  # a null section that became a mapping: its keys are listed as added
        prefix = next(
            (p for p in whole if row["key"].startswith((f"{p}.", f"{p}[")) or row["key"] == p), None
        )
        if prefix is None:
            rows.append(row)
        elif prefix not in seen:
            seen.add(prefix)
            added = row["change"] == "added"
            rows.append(
                {
                    "key": prefix,
                    "a": None if added else whole[prefix],
                    "b": whole[prefix] if added else None,
                    "change": row["change"],
                }
            )
    return pd.DataFrame(rows, columns=["key", "a", "b", "change"])


def changelog(new: Catalogue) -> pd.DataFrame:
    """Return the new catalogue's changes: id, title, reason, sources (cited keys)."""
    return pd.DataFrame(
        [
            {"id": c.id, "title": c.title, "reason": c.reason, "sources": ", ".join(c.sources)}
            for c in new.changes
        ],
        columns=["id", "title", "reason", "sources"],
    )
