"""Prerequisites PR-1..PR-4: pass or fail, not scored; all must pass for any level."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gia.data.facts import get_key
from gia.method.criteria.base import Context
from gia.method.inventory import OPERATOR
from gia.reports.results import PrerequisiteEntry


@dataclass(frozen=True)
class PrerequisiteResult:
    """A prerequisite's verdict and why."""

    id: str
    passed: bool
    detail: str

    def entry(self) -> PrerequisiteEntry:
        """Return the entry of results.json's ``prerequisites`` list."""
        return PrerequisiteEntry(id=self.id, passed=self.passed, detail=self.detail)


def _flag(ctx: Context, key: str, what: str) -> tuple[bool, str]:
    value = get_key(ctx.area.facts, key)
    if value is None:
        return False, "not reported"
    return bool(value), f"{what}: {'yes' if value else 'no'} ({key})"


def named_entity(ctx: Context) -> tuple[bool, str]:
    """PR-1: a named area management entity."""
    entity = ctx.area.facts.management.entity
    if entity is None:
        return False, "not reported"
    if not entity.strip():
        return False, "management.entity is empty"
    return True, f"management entity: {entity}"


def energy_concept(ctx: Context) -> tuple[bool, str]:
    """PR-2: an adopted energy and climate concept."""
    return _flag(ctx, "management.energy_concept_adopted", "energy and climate concept adopted")


def land_saving_advice(ctx: Context) -> tuple[bool, str]:
    """PR-3: land-saving advice offered to investors and tenants."""
    return _flag(ctx, "management.land_saving_advice", "land-saving advice offered")


def inventory_coverage(ctx: Context) -> tuple[bool, str]:
    """PR-4: tenants with an energy row employ ≥ the catalogue's share of all employees."""
    minimum = ctx.params("PR-4")["min_employee_coverage_pct"]
    t = ctx.inventory.tenants.drop(index=OPERATOR)
    total = float(t["employees"].sum())
    if total == 0:
        return False, "no employees reported in tenants.csv"
    covered = float(t.loc[t["reports_energy"], "employees"].sum())
    pct = covered / total * 100.0
    passed = pct >= minimum or abs(pct - minimum) <= ctx.catalogue.tolerance * minimum
    return passed, (
        f"tenants reporting energy employ {covered:.0f} of {total:.0f} employees "
        f"({pct:.1f} %; required ≥ {minimum:g} %)"
    )


CHECKS: dict[str, Callable[[Context], tuple[bool, str]]] = {
    "PR-1": named_entity,
    "PR-2": energy_concept,
    "PR-3": land_saving_advice,
    "PR-4": inventory_coverage,
}


def check_prerequisites(ctx: Context) -> list[PrerequisiteResult]:
    """Check every prerequisite of the catalogue, in catalogue order."""
    results = []
    for spec in ctx.catalogue.prerequisites:
        passed, detail = CHECKS[spec.id](ctx)
        results.append(PrerequisiteResult(spec.id, passed, detail))
    return results
