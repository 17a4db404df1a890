"""The plain-text scorecard of ``gia score`` (scoring itself is :mod:`gia.method.assessment`)."""

from __future__ import annotations

from gia.method.assessment import Assessment
from gia.reports.formatting import format_value


def display_value(value: float | None, unit: str) -> str:
    """Round a value for display only (:func:`gia.reports.formatting.format_value`).

    >>> display_value(72.80093, "%"), display_value(None, "%")
    ('72.8', '—')
    """
    return format_value(value, unit)


def format_scorecard(assessment: Assessment) -> str:
    """Return the readable table of ``gia score``: criterion, value, unit, level, status."""
    a = assessment
    lines = [
        f"{a.area.id} ({a.area.facts.name}, {a.area.country}, {a.area.reporting_year}): "
        f"{a.level.upper().replace('_', ' ')}"
        + (f", overall {a.overall_score:.1f} %" if a.overall_score is not None else "")
    ]
    route = a.context.route
    if route is not None:
        lines.append(
            f"  route: {route.id} ({route.reason}); mandatory (M): "
            f"{', '.join(route.mandatory) or 'none'}"
        )
    lines.append(f"  {'criterion':<9} {'value':>12}  {'unit':<20} {'level':>5}  status")
    for r in a.criteria:
        mark = " M" if r.mandatory else ""
        lines.append(
            f"  {r.id:<9} {display_value(r.value, r.unit):>12}  {r.unit:<20} "
            f"{r.level:>5}  {r.status}{mark}"
        )
    themes = ", ".join(f"{t} {display_value(s, '%')}" for t, s in a.themes.items())
    lines.append(f"  themes (%): {themes}")
    failed = [p for p in a.prerequisites if not p.passed]
    lines.append(
        "  prerequisites: "
        + ("all passed" if not failed else "; ".join(f"{p.id} failed ({p.detail})" for p in failed))
    )
    for w in a.warnings:
        lines.append(f"  warning: {w}")
    return "\n".join(lines) + "\n"
