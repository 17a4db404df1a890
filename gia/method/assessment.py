"""The assessment of one area: ``assess(area, catalogue) -> Assessment``.

Ties the flow together: area → inventory → criteria → scoring. :meth:`Assessment.results` gives
the results as :class:`gia.reports.results.Results` (results.json), the same for ``gia score
--json`` and ``gia assess``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gia.data.area import Area
from gia.data.problems import AreaValidationError
from gia.data.reference import ReferenceFactors, load_reference
from gia.method.catalogue import Catalogue, load_catalogue
from gia.method.criteria import (
    Context,
    CriterionResult,
    IndicatorResult,
    evaluate,
    evaluate_indicator,
)
from gia.method.criteria.prerequisites import PrerequisiteResult, check_prerequisites
from gia.method.inventory import Inventory, compute_inventory
from gia.method.routes import choose_route
from gia.method.scoring import blocking_reasons, certification_level, overall_score, theme_scores
from gia.reports.results import Results


@dataclass
class Assessment:
    """Everything computed for one area under one catalogue."""

    context: Context
    prerequisites: list[PrerequisiteResult]
    criteria: list[CriterionResult]
    informative: list[IndicatorResult]
    themes: dict[str, float | None]
    overall_score: float | None
    level: str
    warnings: list[str] = field(default_factory=list)

    @property
    def area(self) -> Area:
        """The area assessed."""
        return self.context.area

    @property
    def inventory(self) -> Inventory:
        """The area's inventory."""
        return self.context.inventory

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue used."""
        return self.context.catalogue

    def criterion(self, criterion_id: str) -> CriterionResult:
        """Return the result of one scored criterion."""
        for result in self.criteria:
            if result.id == criterion_id:
                return result
        raise KeyError(criterion_id)

    def indicator(self, indicator_id: str) -> IndicatorResult:
        """Return the result of one informative indicator."""
        for result in self.informative:
            if result.id == indicator_id:
                return result
        raise KeyError(indicator_id)

    @property
    def blocking_reasons(self) -> list[str]:
        """Why the area cannot be certified at all, if anything blocks it."""
        return blocking_reasons(self.prerequisites, self.criteria)

    def results(self) -> Results:
        """Return the results (results.json), as :class:`gia.reports.results.Results`."""
        return Results(
            area_id=self.area.id,
            reporting_year=self.area.reporting_year,
            methodology_version=self.catalogue.methodology_version,
            level=self.level,
            route=self.context.route.id,
            overall_score=self.overall_score,
            themes={t: self.themes[t] for t in self.catalogue.theme_ids if t in self.themes},
            prerequisites=tuple(p.entry() for p in self.prerequisites),
            criteria=tuple(c.entry() for c in self.criteria),
            informative=tuple(i.entry() for i in self.informative),
            inventory=self.inventory.totals(),
            warnings=tuple(self.warnings),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the results as plain data (what results.json holds)."""
        return self.results().document()


def build_context(
    area: Area, catalogue: Catalogue | None = None, ref: ReferenceFactors | None = None
) -> Context:
    """Compute the inventory of ``area`` and return the context criteria read."""
    catalogue = catalogue or load_catalogue()
    ref = ref or load_reference()
    choice = catalogue.reference
    inventory = compute_inventory(
        area,
        ref,
        gwp_set=catalogue.gwp_set,
        grid_set=choice.grid_factor_set,
        fallback_set=choice.grid_fallback_set,
        renewable_share_set=choice.renewable_share_set,
        electric_technologies=tuple(catalogue.settings.electric_technologies),
        accounting=catalogue.accounting,
    )
    ctx = Context(area, inventory, catalogue, ref)
    ctx.route = choose_route(ctx)
    return ctx


def assess(
    area: Area, catalogue: Catalogue | None = None, ref: ReferenceFactors | None = None
) -> Assessment:
    """Assess an area: prerequisites, every criterion and indicator, themes, level.

    Parameters
    ----------
    area : Area
        A validated area (:func:`gia.data.area.load_area`).
    catalogue : Catalogue, optional
        The criteria catalogue (default: v1.1 of the project).
    ref : ReferenceFactors, optional
        The reference factors (default: the project's).

    Returns
    -------
    Assessment
    """
    ctx = build_context(area, catalogue, ref)
    cat = ctx.catalogue
    prerequisites = check_prerequisites(ctx)
    criteria = [evaluate(c.id, ctx) for c in cat.criteria]
    informative = [evaluate_indicator(i.id, ctx) for i in cat.informative]
    themes = theme_scores(criteria, cat)
    overall = overall_score(themes, cat)
    level = certification_level(prerequisites, criteria, themes, overall, cat)
    # a factor fallback is found by validation and by the inventory alike: report it once
    warnings = list(
        dict.fromkeys(
            ctx.inventory.warnings
            + [str(p) for p in area.report.warnings if p.message not in ctx.inventory.warnings]
        )
    )
    return Assessment(ctx, prerequisites, criteria, informative, themes, overall, level, warnings)


@dataclass
class ScoreOutcome:
    """Assessments of the valid areas, and the report of every area that failed."""

    assessments: list[Assessment] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def score_areas(sources: Iterable[str | Path], catalogue: Catalogue) -> ScoreOutcome:
    """Load and assess every area; an invalid area is reported, the others still scored."""
    from gia.data.area import load_area

    outcome = ScoreOutcome()
    for source in sources:
        try:
            area = load_area(source, catalogue=catalogue)
        except (AreaValidationError, FileNotFoundError) as exc:
            outcome.failures.append((str(source), f"error: {exc}"))
            continue
        outcome.assessments.append(assess(area, catalogue))
    return outcome
