"""The certificate page: everything page 1 of a report states, as display text.

Computed from the results document (results.json, as the notebooks recorded it), the catalogue,
the run (start time, git state) and the assessment (data quality), so that the template only places
text: the level and the reason for it in words, theme scores against the level bands, every
criterion's value, level and gap to the next level, prerequisites, data quality and provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import gia
from gia.messages import catalogue_text as ct
from gia.messages import message
from gia.method.catalogue import Catalogue, Criterion
from gia.reports.formatting import YEAR, format_value, limit_with_unit, with_unit

if TYPE_CHECKING:
    from gia.data.facts import AreaFacts
    from gia.method.assessment import Assessment

NOT_CERTIFIED = "not_certified"


@dataclass(frozen=True)
class CriterionRow:
    """One criterion on the certificate."""

    id: str
    title: str
    theme: str
    value: str
    level: int
    level_name: str
    points: int
    mandatory: bool
    status: str
    status_id: str
    gap: str
    thresholds: str


@dataclass(frozen=True)
class ThemeRow:
    """One theme's score (``percent`` is the bar width, 0 to 100)."""

    id: str
    title: str
    weight: str
    score: str
    percent: float


@dataclass(frozen=True)
class PrerequisiteRow:
    """One prerequisite and its verdict."""

    id: str
    title: str
    passed: bool
    verdict: str
    detail: str


@dataclass(frozen=True)
class Certificate:
    """What page 1 states (every field display text, lists of rows)."""

    area_name: str
    area_id: str
    location: str
    reporting_year: str
    level_id: str
    level_name: str
    route: str
    mandatory: list[str]
    reason: str
    next_step: str
    overall: str
    overall_percent: float
    themes: list[ThemeRow]
    bands: list[str]
    band_marks: list[tuple[str, float]]
    criteria: list[CriterionRow]
    prerequisites: list[PrerequisiteRow]
    metered_share: str
    warnings: list[str]
    insufficient: list[str]
    methodology: str
    catalogue_sha256: str
    assessed: str
    software: str
    commit: str
    verify_command: str
    scenario: str = ""


def _route_title(route: str, catalogue: Catalogue) -> str:
    """Return a route's title in the current language (its id if the catalogue lacks it)."""
    titles = {r.id: r.title for r in catalogue.routes}
    return ct(titles[route]) if route in titles else str(route)


def level_name(level: int, catalogue: Catalogue) -> str:
    """Return the name of a criterion level (0: none, 1: the lowest level's title, ...)."""
    names = catalogue.level_names()
    return names[level - 1] if 0 < level <= len(names) else message("level.none")


def certification_name(level_id: str, catalogue: Catalogue) -> str:
    """Return the title of a certification level id (``not_certified`` included)."""
    if level_id == NOT_CERTIFIED:
        return message("level.not_certified")
    return ct(catalogue.level(level_id).title)


def condition(spec: Criterion, threshold: float) -> str:
    """Return a threshold as a condition ("≥ 50 %", "≤ 2040")."""
    sign = "≥" if spec.direction == "higher" else "≤"
    return f"{sign} {limit_with_unit(threshold, spec.unit)}"


def thresholds_text(spec: Criterion, catalogue: Catalogue) -> str:
    """Return the thresholds of a criterion in words ("Bronze ≥ 50 %, Silver ≥ 70 %, ...")."""
    return ", ".join(
        message("report.threshold", level=name, condition=condition(spec, t))
        for name, t in zip(catalogue.level_names(), spec.thresholds, strict=True)
    )


def gap_to_next(entry: dict[str, Any], spec: Criterion, catalogue: Catalogue) -> str:
    """Return how far a criterion is from its next level ("17.2 % more for Gold")."""
    if entry["status"] == "not_applicable":
        return message("gap.none")
    if entry["status"] != "ok" or entry["value"] is None:
        return message("gap.data")
    level = int(entry["level"])
    if level >= len(spec.thresholds):
        return message("gap.top")
    target = spec.thresholds[level]
    gap = target - entry["value"] if spec.direction == "higher" else entry["value"] - target
    key = "gap.higher" if spec.direction == "higher" else "gap.lower"
    return message(
        key, gap=with_unit(max(gap, 0.0), spec.unit), level=level_name(level + 1, catalogue)
    )


def _pct(value: float | None) -> str:
    return with_unit(value, "%")


def _limit(value: float | None) -> str:
    return limit_with_unit(value, "%")


def level_reason(results: dict[str, Any], catalogue: Catalogue) -> tuple[str, str]:
    """Return (why the area has its level, what the next level would need), in words.

    Follows the rules of :func:`gia.method.scoring.certification_level` on the recorded results:
    failed prerequisites and mandatory criteria below level 1 block; else the first level whose
    overall and theme minimums hold.
    """
    failed = [
        message("reason.prerequisite", id=p["id"], detail=p["detail"])
        for p in results["prerequisites"]
        if not p["passed"]
    ]
    for entry in results["criteria"]:
        if entry["mandatory"] and entry["level"] < 1:
            spec = catalogue.criterion(entry["id"])
            if entry["value"] is None:
                failed.append(
                    message(
                        "reason.mandatory.no_value",
                        id=entry["id"],
                        status=message(f"status.{entry['status']}"),
                    )
                )
            else:
                failed.append(
                    message(
                        "reason.mandatory",
                        id=entry["id"],
                        value=with_unit(entry["value"], spec.unit),
                        level=level_name(1, catalogue),
                        condition=condition(spec, spec.thresholds[0]),
                    )
                )
    overall = results["overall_score"]
    themes = {t: s for t, s in results["themes"].items() if s is not None}
    levels = list(catalogue.levels)  # highest first
    if failed:
        beyond = _next(levels[-1], overall, themes, catalogue)
        return message("reason.blocked", reasons="; ".join(failed)), (
            message("reason.next.also", next=beyond) if beyond else ""
        )
    if overall is None:
        return message("reason.no_score"), ""
    level_id = results["level"]
    if level_id == NOT_CERTIFIED:
        lowest = levels[-1]
        below = _themes_below(lowest.min_theme, themes, catalogue)
        if overall >= lowest.min_overall and below:
            title, score = below[0]
            return message(
                "reason.below_theme",
                overall=_pct(overall),
                level=ct(lowest.title),
                minimum=_limit(lowest.min_overall),
                theme=title,
                score=score,
                theme_minimum=_limit(lowest.min_theme),
            ), ""
        return message(
            "reason.below",
            overall=_pct(overall),
            level=ct(lowest.title),
            minimum=_limit(lowest.min_overall),
        ), _next(lowest, overall, themes, catalogue)
    reached = catalogue.level(level_id)
    lowest_theme = min(themes.items(), key=lambda kv: kv[1]) if themes else None
    theme_text = ""
    if reached.min_theme is not None and lowest_theme:
        theme_text = message(
            "reason.met.themes",
            theme_minimum=_limit(reached.min_theme),
            theme=ct(catalogue.theme(lowest_theme[0]).title),
            score=_pct(lowest_theme[1]),
        )
    mandatory = ", ".join(e["id"] for e in results["criteria"] if e["mandatory"]) or "—"
    reason = message(
        "reason.met",
        level=ct(reached.title),
        mandatory=mandatory,
        overall=_pct(overall),
        minimum=_limit(reached.min_overall),
        themes=theme_text,
    )
    index = [lv.id for lv in levels].index(level_id)
    if index == 0:
        return reason, message("reason.top")
    return reason, _next(levels[index - 1], overall, themes, catalogue)


def _themes_below(
    minimum: float | None, themes: dict[str, float], catalogue: Catalogue
) -> list[tuple[str, str]]:
    if minimum is None:
        return []
    return [(ct(catalogue.theme(t).title), _pct(s)) for t, s in themes.items() if s < minimum]


def _next(
    target: Any, overall: float | None, themes: dict[str, float], catalogue: Catalogue
) -> str:
    needs = []
    if overall is None or overall < target.min_overall:
        gap = target.min_overall - (overall or 0.0)
        needs.append(
            message(
                "reason.next.overall",
                minimum=_limit(target.min_overall),
                gap=format_value(gap, "%"),
            )
        )
    below = _themes_below(target.min_theme, themes, catalogue)
    if below:
        needs.append(
            message(
                "reason.next.themes",
                minimum=_limit(target.min_theme),
                themes=", ".join(f"{t} {s}" for t, s in below),
            )
        )
    if not needs:
        return ""
    return message("reason.next", level=ct(target.title), needs=" and ".join(needs))


def metered_share(assessment: Assessment) -> float | None:
    """Return the share (%) of the energy rows' MWh that is metered, not estimated."""
    energy = assessment.inventory.energy
    if energy is None or energy.empty or "metered" not in energy.columns:
        return None
    total = float(energy["mwh"].sum())
    if total == 0:
        return None
    return float(energy.loc[energy["metered"].astype(bool), "mwh"].sum()) / total * 100.0


def build_certificate(
    results: dict[str, Any],
    catalogue: Catalogue,
    run: dict[str, Any],
    assessment: Assessment,
    folder_name: str,
) -> Certificate:
    """Return the certificate of a report.

    Parameters
    ----------
    results : dict
        The results document (results.json).
    catalogue : Catalogue
        The catalogue of the assessment.
    run : dict
        The run: ``started`` (ISO time) and ``git`` (commit, dirty), as in the manifest.
    assessment : Assessment
        The same assessment in-process, for the data-quality statement.
    folder_name : str
        The report folder's name, for the verify command.
    """
    area = assessment.area
    facts = area.facts
    reason, next_step = level_reason(results, catalogue)
    rows = []
    for entry in results["criteria"]:
        spec = catalogue.criterion(entry["id"])
        rows.append(
            CriterionRow(
                id=entry["id"],
                title=ct(spec.title),
                theme=ct(catalogue.theme(spec.theme).title),
                value=with_unit(entry["value"], spec.unit),
                level=int(entry["level"]),
                level_name=level_name(int(entry["level"]), catalogue),
                points=int(entry["points"]),
                mandatory=bool(entry["mandatory"]),
                status=message(f"status.{entry['status']}"),
                status_id=entry["status"],
                gap=gap_to_next(entry, spec, catalogue),
                thresholds=thresholds_text(spec, catalogue),
            )
        )
    themes = [
        ThemeRow(
            id=t,
            title=ct(catalogue.theme(t).title),
            weight=format_value(catalogue.theme(t).weight, "weight"),
            score=_pct(s),
            percent=float(s or 0.0),
        )
        for t, s in results["themes"].items()
    ]
    bands = [
        message(
            "report.band",
            level=ct(lv.title),
            overall=_limit(lv.min_overall),
            theme=""
            if lv.min_theme is None
            else message("report.band.theme", minimum=_limit(lv.min_theme)),
        )
        for lv in catalogue.levels
    ]
    prerequisites = [
        PrerequisiteRow(
            id=p["id"],
            title=ct(catalogue.prerequisite(p["id"]).title),
            passed=bool(p["passed"]),
            verdict=message("report.passed" if p["passed"] else "report.failed"),
            detail=p["detail"],
        )
        for p in results["prerequisites"]
    ]
    insufficient = [e["id"] for e in results["criteria"] if e["status"] == "insufficient_data"]
    git = run.get("git") or {}
    commit = git.get("commit")
    if not commit:
        commit_text = message("report.commit.none")
    elif git.get("dirty"):
        commit_text = message("report.commit.dirty", commit=commit[:12])
    else:
        commit_text = commit[:12]
    route = results.get("route")
    return Certificate(
        area_name=facts.name,
        area_id=area.id,
        location=", ".join(x for x in (getattr(facts, "location", None) or "", area.country) if x),
        reporting_year=format_value(results["reporting_year"], YEAR),
        level_id=results["level"],
        level_name=certification_name(results["level"], catalogue),
        route=_route_title(route, catalogue) if route else message("report.route.unknown"),
        mandatory=[r.id for r in rows if r.mandatory],
        reason=reason,
        next_step=next_step,
        overall=_pct(results["overall_score"]),
        overall_percent=float(results["overall_score"] or 0.0),
        themes=themes,
        bands=bands,
        band_marks=[
            (ct(lv.title), float(lv.min_theme))
            for lv in catalogue.levels
            if lv.min_theme is not None
        ],
        criteria=rows,
        prerequisites=prerequisites,
        metered_share=_pct(metered_share(assessment)),
        warnings=list(results.get("warnings", [])),
        insufficient=insufficient,
        methodology=f"{catalogue.title} (version {catalogue.methodology_version})",
        catalogue_sha256=catalogue.sha256 or message("missing"),
        assessed=str(run.get("started") or message("missing"))[:10],
        software=f"gia {gia.__version__}",
        commit=commit_text,
        verify_command=f"gia verify {folder_name}",
        scenario=_scenario_text(facts),
    )


def _scenario_text(facts: AreaFacts) -> str:
    from gia.workshop.scenario import scenario_text

    return scenario_text(facts)
