"""The criteria machinery: the context a criterion reads, its measure and result, the registry.

A criterion function takes a :class:`Context` (the area, its inventory, the catalogue and the
reference factors) and returns a :class:`Measure`: the indicator's value, its status, warnings,
the intermediate values a reader needs (``details``) and a breakdown table (per tenant or per
row). :func:`evaluate` adds what the catalogue says (unit, level, points): the thresholds are
never in code.

Statuses (methodology §1): ``ok``; ``insufficient_data`` (level 0, counted in its theme);
``not_applicable`` (left out of its theme).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from gia.data.area import Area
from gia.data.reference import ReferenceFactors
from gia.method.catalogue import Catalogue
from gia.method.inventory import Inventory
from gia.reports.results import CriterionEntry, IndicatorEntry

if TYPE_CHECKING:
    from gia.method.routes import RouteChoice

Status = Literal["ok", "insufficient_data", "not_applicable"]
OK: Status = "ok"
INSUFFICIENT: Status = "insufficient_data"
NOT_APPLICABLE: Status = "not_applicable"


@dataclass
class Context:
    """Everything a criterion function may read.

    ``route`` is the area's route to certification (:func:`gia.method.routes.choose_route`), set by
    :func:`gia.method.assessment.build_context` once the inventory is known.
    """

    area: Area
    inventory: Inventory
    catalogue: Catalogue
    ref: ReferenceFactors
    route: RouteChoice | None = None

    def is_mandatory(self, criterion_id: str) -> bool:
        """Whether ``criterion_id`` must reach level 1 on the area's route."""
        if self.route is None:
            return self.catalogue.criterion(criterion_id).mandatory
        return criterion_id in self.route.mandatory

    def params(self, criterion_id: str) -> dict[str, Any]:
        """Return the catalogue parameters of a criterion, indicator or prerequisite."""
        for getter in (
            self.catalogue.criterion,
            self.catalogue.indicator,
            self.catalogue.prerequisite,
        ):
            try:
                return dict(getter(criterion_id).parameters)
            except KeyError:
                continue
        raise KeyError(criterion_id)


@dataclass
class Measure:
    """What a criterion function computes.

    Parameters
    ----------
    value : float or None
        The indicator value; None unless the status is ``ok``.
    status : {"ok", "insufficient_data", "not_applicable"}
        Whether the value could be computed.
    details : dict
        Intermediate values with readable names (numerator, denominator, baseline year, ...).
    breakdown : pandas.DataFrame or None
        Per tenant or per row contributions.
    warnings : list of str
        What a reader must know (an item absent, a row counted as 0, ...).
    tables : dict of str to DataFrame
        Further tables a reader needs, by name: e.g. every contract row with whether it
        counts (EN-1), every exchange row with its verdict (CS-2, CS-3).
    """

    value: float | None
    status: Status = OK
    details: dict[str, Any] = field(default_factory=dict)
    breakdown: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


class _Measured:
    """Value, status and warnings read through to the result's :class:`Measure`."""

    measure: Measure

    @property
    def value(self) -> float | None:
        """The indicator value (None unless ok)."""
        return self.measure.value

    @property
    def status(self) -> Status:
        """ok, insufficient_data or not_applicable."""
        return self.measure.status

    @property
    def warnings(self) -> list[str]:
        """The measure's warnings."""
        return self.measure.warnings


@dataclass
class CriterionResult(_Measured):
    """A criterion's result: the measure plus what the catalogue makes of it."""

    id: str
    theme: str
    title: str
    unit: str
    mandatory: bool
    weight: float
    measure: Measure
    level: int
    points: int

    def entry(self) -> CriterionEntry:
        """Return the entry of results.json's ``criteria`` list (what its notebook records)."""
        return CriterionEntry(
            id=self.id,
            theme=self.theme,
            value=_number(self.value),
            unit=self.unit,
            level=self.level,
            points=self.points,
            mandatory=self.mandatory,
            status=self.status,
            warnings=tuple(self.warnings),
        )


@dataclass
class IndicatorResult(_Measured):
    """An informative indicator's result (never scored)."""

    id: str
    title: str
    unit: str
    measure: Measure

    def entry(self) -> IndicatorEntry:
        """Return the entry of results.json's ``informative`` list."""
        return IndicatorEntry(
            id=self.id,
            value=_number(self.value),
            unit=self.unit,
            status=self.status,
            warnings=tuple(self.warnings),
        )


def _number(value: Any) -> float | None:
    """A value as results.json holds it: a float, or None where there is none (NaN too)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


CriterionFunction = Callable[[Context], Measure]
REGISTRY: dict[str, CriterionFunction] = {}


def criterion(criterion_id: str) -> Callable[[CriterionFunction], CriterionFunction]:
    """Register a function as the calculation of ``criterion_id`` (criterion or indicator)."""

    def register(func: CriterionFunction) -> CriterionFunction:
        if criterion_id in REGISTRY:
            raise ValueError(f"{criterion_id} is registered twice")
        REGISTRY[criterion_id] = func
        func.criterion_id = criterion_id  # type: ignore[attr-defined]
        return func

    return register


def function_for(criterion_id: str) -> CriterionFunction:
    """Return the function that computes ``criterion_id``."""
    return REGISTRY[criterion_id]


def insufficient(reason: str, **details: Any) -> Measure:
    """Return an ``insufficient_data`` measure saying why."""
    return Measure(None, INSUFFICIENT, {"reason": reason, **details})


def not_applicable(reason: str, **details: Any) -> Measure:
    """Return a ``not_applicable`` measure saying why."""
    return Measure(None, NOT_APPLICABLE, {"reason": reason, **details})


def share(
    numerator: float,
    denominator: float,
    *,
    scale: float = 100.0,
    what: str = "the denominator",
    breakdown: pd.DataFrame | None = None,
    **details: Any,
) -> Measure:
    """Return numerator / denominator × scale, or insufficient_data when the denominator is 0.

    >>> share(30.0, 120.0).value
    25.0
    >>> share(1.0, 0.0, what="all waste").status
    'insufficient_data'
    """
    details = {"numerator": float(numerator), "denominator": float(denominator), **details}
    if denominator == 0:
        measure = insufficient(f"{what} is zero", **details)
        measure.breakdown = breakdown
        return measure
    return Measure(float(numerator) / float(denominator) * scale, OK, details, breakdown)


def category_share(
    ctx: Context,
    criterion_id: str,
    table_name: str,
    key: str,
    amount: str,
    counted_parameter: str,
    what: str,
    flag: str = "counted",
) -> Measure:
    """Return the share (%) of ``amount`` in the rows whose ``key`` the catalogue counts.

    The criterion's catalogue parameter ``counted_parameter`` lists the counted values of
    ``key`` (e.g. CS-1's recovery treatments). An absent table is ``insufficient_data``; the
    breakdown sums ``amount`` per value of ``key`` and flags the counted ones.
    """
    df = ctx.area.table(table_name)
    if df is None:
        return insufficient(f"{table_name}.csv is absent (not reported)")
    counted = ctx.params(criterion_id)[counted_parameter]
    table = df.groupby(key)[amount].sum().reset_index()
    table[flag] = table[key].isin(counted)
    return share(
        float(df.loc[df[key].isin(counted), amount].sum()),
        float(df[amount].sum()),
        what=what,
        breakdown=table,
    )


def _finite(measure: Measure) -> Measure:
    """Turn a value that is not a finite number into ``insufficient_data``, never a result.

    Validation bounds every input, so this does not happen with valid data; it guards the
    promise that no result is ever NaN or infinite.
    """
    value = measure.value
    if measure.status == OK and (value is None or not math.isfinite(value)):
        measure.details = {**measure.details, "computed": value}
        measure.value, measure.status = None, INSUFFICIENT
        measure.warnings = [
            *measure.warnings,
            f"the value is not a finite number ({value}): the inputs are out of range",
        ]
    return measure


def evaluate(criterion_id: str, ctx: Context) -> CriterionResult:
    """Compute one scored criterion and grade it against the catalogue's thresholds."""
    spec = ctx.catalogue.criterion(criterion_id)
    measure = _with_tenant_names(_finite(function_for(criterion_id)(ctx)), ctx)
    if measure.status != OK:
        measure.value = None
    level = spec.level_for(measure.value, ctx.catalogue.tolerance) if measure.status == OK else 0
    return CriterionResult(
        id=spec.id,
        theme=spec.theme,
        title=spec.title,
        unit=spec.unit,
        mandatory=ctx.is_mandatory(spec.id),
        weight=spec.weight,
        measure=measure,
        level=level,
        points=level,
    )


def evaluate_indicator(indicator_id: str, ctx: Context) -> IndicatorResult:
    """Compute one informative indicator."""
    spec = ctx.catalogue.indicator(indicator_id)
    measure = _with_tenant_names(_finite(function_for(indicator_id)(ctx)), ctx)
    if measure.status != OK:
        measure.value = None
    return IndicatorResult(spec.id, spec.title, spec.unit, measure)


def tenant_names(area: Area) -> dict[str, str]:
    """Return {tenant id: name} of an area's tenants."""
    tenants = area.table("tenants")
    if tenants is None or "name" not in tenants.columns:
        return {}
    return {str(i): str(n) for i, n in zip(tenants["tenant_id"], tenants["name"], strict=True)}


def _with_tenant_names(measure: Measure, ctx: Context) -> Measure:
    """Attach the tenants' names to the breakdown (``attrs``), for tables and charts to show."""
    if measure.breakdown is not None:
        measure.breakdown.attrs["tenant_names"] = tenant_names(ctx.area)
    return measure
