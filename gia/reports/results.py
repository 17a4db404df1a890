"""results.json: one frozen pydantic model, from which its text, key order and JSON Schema come.

An assessment's results have one definition, :class:`Results`. The in-process score
(:meth:`gia.method.assessment.Assessment.results`), the records the notebooks write
(:class:`SummaryRecord`, :class:`InventoryRecord` and each :class:`CriterionEntry`) and the
report folder's results.json (:meth:`Results.assemble` from those records) are all built from
it, so ``gia score --json`` and ``gia assess`` give the same text for the same inputs. The key
order is the order of the fields below (docs/outputs.md); the JSON Schema published as
``docs/schemas/results.schema.json`` comes from it (:mod:`gia.reports.schemas`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "https://gia-workbench.eu/schemas/results.schema.json"
"""The ``$id`` of the published JSON Schema (a name, never fetched)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PrerequisiteEntry(_Frozen):
    """A prerequisite and whether the area meets it."""

    id: str = Field(description="Prerequisite id of the catalogue, e.g. PR-1.")
    passed: bool = Field(description="Whether the area meets the prerequisite.")
    detail: str = Field(description="What was found, in words.")


class CriterionEntry(_Frozen):
    """A scored criterion's result: an entry of ``criteria``."""

    id: str = Field(description="Criterion id of the catalogue, e.g. EN-1.")
    theme: str = Field(description="Id of the criterion's theme.")
    value: float | None = Field(
        description="The criterion's value in `unit`; null unless the status is ok."
    )
    unit: str = Field(description="Unit of `value`, as the catalogue gives it.")
    level: int = Field(ge=0, le=3, description="Level reached: 0 (none) to 3.")
    points: int = Field(ge=0, le=3, description="Points scored towards the theme.")
    mandatory: bool = Field(description="Whether the criterion is mandatory on the area's route.")
    status: Literal["ok", "insufficient_data", "not_applicable"] = Field(
        description="ok: computed; insufficient_data: scores 0; not_applicable: left out of its "
        "theme."
    )
    warnings: tuple[str, ...] = Field(description="Data warnings of this criterion.")


class IndicatorEntry(_Frozen):
    """An informative indicator's result (never scored): an entry of ``informative``."""

    id: str = Field(description="Indicator id of the catalogue, e.g. IN-1.")
    value: float | None = Field(description="The indicator's value in `unit`.")
    unit: str = Field(description="Unit of `value`.")
    status: Literal["ok", "insufficient_data", "not_applicable"] = Field(
        description="As for criteria."
    )
    warnings: tuple[str, ...] = Field(description="Data warnings of this indicator.")


class InventoryTotals(_Frozen):
    """The area's energy and emission inventory totals."""

    final_energy_mwh: float = Field(description="Final energy consumed, MWh.")
    scope1_tco2e: float = Field(description="Scope 1 emissions, t CO2e.")
    scope2_location_tco2e: float = Field(description="Scope 2 emissions, location-based, t CO2e.")
    scope2_market_tco2e: float = Field(description="Scope 2 emissions, market-based, t CO2e.")
    upstream_hydrogen_tco2e: float = Field(
        description="Production emissions of purchased grey hydrogen reported upstream, t CO2e "
        "(0 where the catalogue counts them in scope 2)."
    )
    biogenic_co2_t: float = Field(description="Biogenic CO2, t (reported, not counted).")
    renewable_mwh: float = Field(description="Renewable energy consumed, MWh (EN-1's numerator).")


Level = Literal["gold", "silver", "bronze", "not_certified"]


class SummaryRecord(_Frozen):
    """What the summary notebook records: the area, its level, route, scores and warnings."""

    area_id: str
    reporting_year: int
    methodology_version: str
    level: Level
    route: str | None
    overall_score: float | None
    themes: dict[str, float | None]
    warnings: tuple[str, ...]


class InventoryRecord(_Frozen):
    """What the inventory notebook records: prerequisites, inventory, informative indicators."""

    id: Literal["inventory"] = "inventory"
    prerequisites: tuple[PrerequisiteEntry, ...]
    inventory: InventoryTotals
    informative: tuple[IndicatorEntry, ...]


class Results(_Frozen):
    """results.json: the results of one area's assessment (docs/outputs.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={"$id": SCHEMA_ID})

    area_id: str = Field(description="The area's id.")
    reporting_year: int = Field(description="The year the area's data describe.")
    methodology_version: str = Field(description="Version of the catalogue assessed under.")
    level: Level = Field(description="The certification level reached.")
    route: str | None = Field(
        description="The area's route to certification (the catalogue's "
        "routes; v1.0 has the general route only)."
    )
    overall_score: float | None = Field(description="Weighted overall score, %.")
    themes: dict[str, float | None] = Field(
        description="Score per theme id, %, in the catalogue's order; null: no applicable "
        "criterion."
    )
    prerequisites: tuple[PrerequisiteEntry, ...]
    criteria: tuple[CriterionEntry, ...] = Field(
        description="Every scored criterion, in catalogue order."
    )
    informative: tuple[IndicatorEntry, ...] = Field(
        description="Every informative indicator, in catalogue order."
    )
    inventory: InventoryTotals
    warnings: tuple[str, ...] = Field(description="The area's data warnings.")

    @classmethod
    def assemble(
        cls,
        summary: SummaryRecord,
        inventory: InventoryRecord,
        criteria: Iterable[CriterionEntry],
        theme_order: Sequence[str],
    ) -> Results:
        """Put the notebooks' records together, themes in the catalogue's order."""
        themes = {t: summary.themes[t] for t in theme_order if t in summary.themes}
        themes |= {t: v for t, v in summary.themes.items() if t not in themes}
        return cls(
            **summary.model_dump(exclude={"themes", "warnings"}),
            themes=themes,
            prerequisites=inventory.prerequisites,
            criteria=tuple(criteria),
            informative=inventory.informative,
            inventory=inventory.inventory,
            warnings=summary.warnings,
        )

    def summary_record(self) -> SummaryRecord:
        """Return the part the summary notebook records."""
        return SummaryRecord(**self.model_dump(include=set(SummaryRecord.model_fields)))

    def inventory_record(self) -> InventoryRecord:
        """Return the part the inventory notebook records."""
        return InventoryRecord(
            prerequisites=self.prerequisites, inventory=self.inventory, informative=self.informative
        )

    def document(self) -> dict[str, Any]:
        """Return results.json as plain data (non-finite numbers as null)."""
        return plain(self)


def plain(model: BaseModel) -> dict[str, Any]:
    """Return a model as JSON-ready plain data, in field order, non-finite floats as None."""
    return _finite(model.model_dump(mode="python"))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def dumps_json(document: Any) -> str:
    """Return plain data as the project's JSON text: indented, UTF-8, unrounded, no NaN."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def dumps_results(results: Results | Sequence[Results]) -> str:
    """Return results (one area's, or a list) as results.json text."""
    if isinstance(results, Results):
        return dumps_json(results.document())
    return dumps_json([r.document() for r in results])


def write_results(results: Results, path: Path) -> None:
    """Write results.json."""
    Path(path).write_text(dumps_results(results), encoding="utf-8")


def write_json(document: Any, path: Path) -> None:
    """Write plain data (e.g. manifest.json) as the project's JSON text."""
    Path(path).write_text(dumps_json(_finite(document)), encoding="utf-8")


def read_results(path: Path) -> Any:
    """Read a results document as plain data (a report folder's, not yet trusted)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
