"""The catalogue's models: strict, frozen pydantic models of the methodology.

Every number of the methodology (thresholds, weights, level bands, constants) lives in the
catalogue YAML; these models define what a catalogue may say, field by field, with each field's
meaning in its ``description`` (published as the JSON Schema ``docs/schemas/catalogue.schema.json``
that an expert's editor checks the YAML against). Rules across several keys are in
:mod:`gia.method.catalogue.rules`; loading in :mod:`gia.method.catalogue.loading`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from gia.method.catalogue.errors import CrossCheckError, field_error, fmt_number, fmt_numbers
from gia.method.catalogue.rules import cross_problems
from gia.method.methodology import Accounting, Change, Route

_ID_PATTERN = r"^[A-Z]{2}-[0-9]+$"
_KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class ReferenceChoice(BaseModel):
    """Which factor sets of the reference tables the methodology uses.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    grid_factor_set: Literal["direct", "lifecycle"] = Field(
        description="Factor set of ``grid_electricity.csv`` for location-based scope 2."
    )
    grid_fallback_set: Literal["direct", "lifecycle"] = Field(
        description="Set used, with a warning, for a country without a row in ``grid_factor_set``."
    )
    renewable_share_set: Literal["direct", "lifecycle"] = Field(
        description=(
            "Rows of ``grid_electricity.csv`` carrying the country's renewable share (IN-3)."
        )
    )


class Settings(BaseModel):
    """Settings several parts of the method share, each named once in the catalogue."""

    model_config = _STRICT

    electric_technologies: list[str] = Field(
        min_length=1,
        description="On-site technologies (generation.csv `technology`) that generate "
        "electricity: the inventory's area electricity, EN-2, EN-6 and IN-6.",
    )
    surface_sum_tolerance: float = Field(
        ge=0,
        lt=1,
        description="Share by which surfaces.csv may differ from total_area_ha before "
        "validation warns (BW-1 divides by total_area_ha).",
    )


class Theme(BaseModel):
    """A theme of scored criteria, with its weight in the overall score.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(
        pattern=_KEY_PATTERN, description="Theme id used in results.json, e.g. ``energy``."
    )
    title: str = Field(min_length=1, description="Display title.")
    weight: float = Field(
        ge=0,
        le=1,
        description="Weight in the overall score (>= 0); the weights of all themes sum to 1.",
    )
    proposed: bool = Field(
        default=False, description="True where the weight has no published anchor."
    )
    sources: list[str] = Field(
        default_factory=list, description="Source keys (see :attr:`Catalogue.sources`)."
    )


class Level(BaseModel):
    """A certification level band.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(
        pattern=_KEY_PATTERN,
        description="Level id used in results.json (``gold``, ``silver``, ``bronze``).",
    )
    title: str = Field(min_length=1, description="Display title.")
    min_overall: float = Field(ge=0, le=100, description="Minimum overall score (%).")
    min_theme: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Minimum score (%) of every theme with a score; None: no theme minimum.",
    )
    proposed: bool = Field(
        default=False, description="True where the band has no published anchor."
    )
    sources: list[str] = Field(default_factory=list, description="Source keys.")

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == "not_certified":
            raise field_error(
                "reserved_level_id", "'not_certified' is reserved for the outcome without a level"
            )
        return value


class Prerequisite(BaseModel):
    """A pass/fail prerequisite of any certification level.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(pattern=_ID_PATTERN, description="``PR-n``.")
    title: str = Field(min_length=1, description="Short title.")
    requirement: str = Field(min_length=1, description="The requirement, as in the methodology.")
    input: str = Field(
        min_length=1, description="The area.yaml key or the tables it reads (comma-separated)."
    )
    sources: list[str] = Field(min_length=1, description="Source keys.")
    proposed: bool = Field(
        default=False, description="True where the requirement has no published anchor."
    )
    source_note: str = Field(
        default="", description="The methodology table's source cell, verbatim."
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Methodology constants of the prerequisite, e.g. ``min_employee_coverage_pct``."
        ),
    )

    @property
    def inputs(self) -> list[str]:
        """The items of :attr:`input` as a list."""
        return [part.strip() for part in self.input.split(",") if part.strip()]


class Criterion(BaseModel):
    """A scored criterion: indicator, direction and three thresholds (Bronze, Silver, Gold).

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(pattern=_ID_PATTERN, description="``XX-n``, e.g. ``EN-1``.")
    theme: str = Field(min_length=1, description="Id of its theme.")
    title: str = Field(min_length=1, description="Short title.")
    indicator: str = Field(min_length=1, description="What is measured.")
    rationale: str = Field(min_length=1, description="Why it matters for a green industrial area.")
    formula: str = Field(min_length=1, description="The formula in Markdown with LaTeX maths.")
    inputs: list[str] = Field(
        min_length=1, description="Area tables, area.yaml keys and reference tables it reads."
    )
    unit: str = Field(min_length=1, description="Unit of the value.")
    direction: Literal["higher", "lower"] = Field(
        description="Whether a higher or a lower value is better."
    )
    thresholds: list[float] = Field(
        description=(
            "Thresholds of levels 1, 2, 3: strictly increasing for ``higher``, strictly "
            "decreasing for ``lower``."
        )
    )
    mandatory: bool = Field(
        default=False, description="A mandatory criterion must reach level 1 for any certification."
    )
    weight: float = Field(default=1.0, gt=0, description="Weight within its theme (> 0).")
    sources: list[str] = Field(min_length=1, description="Source keys.")
    proposed: bool = Field(
        default=False, description="True where the thresholds have no published anchor."
    )
    source_note: str = Field(
        default="", description="The methodology table's source cell, verbatim."
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Methodology constants of the criterion (boiler efficiency, surface weights, ...)."
        ),
    )
    rules: list[str] = Field(
        default_factory=list,
        description=(
            "The criterion's rules and methodology choices in words (Markdown), as the "
            "notebook renders them: what counts, what does not and why, the statuses. "
            "The text belongs to the catalogue version it describes, so that a notebook "
            "never contradicts it."
        ),
    )

    @field_validator("thresholds")
    @classmethod
    def _thresholds_ordered(cls, value: list[float], info: ValidationInfo) -> list[float]:
        if len(value) != 3:
            raise field_error(
                "thresholds_count",
                f"exactly 3 thresholds (levels 1, 2, 3) are needed, got {len(value)}: "
                f"{fmt_numbers(value)}",
            )
        if not all(math.isfinite(t) for t in value):
            raise field_error(
                "thresholds_finite", f"thresholds must be finite numbers: {fmt_numbers(value)}"
            )
        direction = info.data.get("direction")
        if direction == "higher" and not value[0] < value[1] < value[2]:
            raise field_error(
                "thresholds_order",
                f"thresholds of a 'higher' criterion must increase: {fmt_numbers(value)}",
            )
        if direction == "lower" and not value[0] > value[1] > value[2]:
            raise field_error(
                "thresholds_order",
                f"thresholds of a 'lower' criterion must decrease: {fmt_numbers(value)}",
            )
        return value

    def meets(self, value: float, threshold: float, tolerance: float) -> bool:
        """Whether ``value`` meets ``threshold`` in this criterion's direction.

        Parameters
        ----------
        value : float
            The indicator value.
        threshold : float
            One of the criterion's thresholds.
        tolerance : float
            Relative tolerance: a value within it of the threshold meets it, so that rounding
            noise never costs a level.

        Returns
        -------
        bool
            ``value >= threshold`` (higher) or ``value <= threshold`` (lower), or close to it.
        """
        if math.isclose(value, threshold, rel_tol=tolerance, abs_tol=0.0):
            return True
        return value >= threshold if self.direction == "higher" else value <= threshold

    def level_for(self, value: float | None, tolerance: float) -> int:
        """The level (0 to 3) that ``value`` reaches.

        Parameters
        ----------
        value : float or None
            The indicator value; None (or NaN) reaches level 0.
        tolerance : float
            Relative tolerance of the comparison with a threshold (the catalogue's
            :attr:`Catalogue.tolerance`).

        Returns
        -------
        int
            The highest level k such that the thresholds of levels 1..k are all met; 0 if the
            level 1 threshold is not met.

        Examples
        --------
        With thresholds 50, 70, 90 (higher is better): 69.99 -> 1, 70 -> 2, 95 -> 3, 10 -> 0.
        """
        if value is None or math.isnan(value):
            return 0
        level = 0
        for threshold in self.thresholds:
            if not self.meets(value, threshold, tolerance):
                break
            level += 1
        return level


class Indicator(BaseModel):
    """An informative indicator: computed and reported, never scored.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(pattern=_ID_PATTERN, description="``IN-n``.")
    title: str = Field(min_length=1, description="Short title.")
    indicator: str = Field(min_length=1, description="What is measured.")
    rationale: str = Field(default="", description="Why experts watch it.")
    unit: str = Field(min_length=1, description="Unit of the value.")
    formula: str = Field(min_length=1, description="The formula in Markdown with LaTeX maths.")
    inputs: list[str] = Field(
        min_length=1, description="Area tables, area.yaml keys and reference tables it reads."
    )
    sources: list[str] = Field(min_length=1, description="Source keys.")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="Methodology constants of the indicator."
    )
    rules: list[str] = Field(
        default_factory=list, description="Its rules and methodology choices in words (Markdown)."
    )


class Alternative(BaseModel):
    """A named alternative to some of the catalogue's rules, for ``gia sensitivity``.

    Not part of the methodology: an alternative that experts weigh against it. Each replaces
    whole sections of the catalogue (any of level bands, contract accounting, routes); the
    catalogue it makes must validate like any other.

    Attributes
    ----------
    id : str
        Key, e.g. ``levels_without_theme_minimum``.
    title : str
        Display title.
    description : str
        What it changes and why experts consider it.
    levels : list of Level or None
        Level bands replacing :attr:`Catalogue.levels`.
    accounting : Accounting or None
        Contract and hydrogen accounting replacing :attr:`Catalogue.accounting`.
    routes : list of Route or None
        Routes replacing :attr:`Catalogue.routes`.
    """

    model_config = _STRICT

    id: str = Field(pattern=_KEY_PATTERN)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    levels: list[Level] | None = None
    accounting: Accounting | None = None
    routes: list[Route] | None = None

    def overrides(self) -> dict[str, Any]:
        """Return the sections it replaces, as catalogue YAML data."""
        return {
            k: v
            for k, v in self.model_dump(include={"levels", "accounting", "routes"}).items()
            if v is not None
        }


class Catalogue(BaseModel):
    """The whole methodology: themes, levels, prerequisites, criteria, indicators, sources.

    Load it with :func:`load_catalogue`; a catalogue is immutable.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    methodology_version: str = Field(
        pattern=r"^[0-9]+\.[0-9]+(\.[0-9]+)?$", description='e.g. ``"1.0"``.'
    )
    title: str = Field(min_length=1, description="Title of the methodology.")
    gwp_set: Literal["ar5", "ar6"] = Field(
        description=(
            "IPCC assessment report of the GWP-100 values (``gwp.csv`` column ``gwp100_<set>``)."
        )
    )
    reference: ReferenceChoice = Field(description="Factor sets of the reference tables.")
    tolerance: float = Field(
        ge=0, lt=1e-3, description="Relative tolerance when comparing a value with a threshold."
    )
    settings: Settings = Field(
        description="Settings several parts of the method share (e.g. the electric technologies)."
    )
    accounting: Accounting = Field(
        description=(
            "Which contracts count where, their quality criteria, and where purchased "
            "hydrogen's production emissions are reported."
        )
    )
    routes: list[Route] = Field(
        min_length=1,
        description=(
            "The routes to certification, checked in order (the last one has no "
            "condition), each with the criteria mandatory on it."
        ),
    )
    themes: list[Theme] = Field(min_length=1, description="In scorecard order; weights sum to 1.")
    levels: list[Level] = Field(
        description=(
            "Exactly three, from the highest (gold) to the lowest (bronze), checked in this order."
        )
    )
    prerequisites: list[Prerequisite] = Field(
        default_factory=list,
        description="The pass/fail prerequisites of any certification level.",
    )
    criteria: list[Criterion] = Field(
        min_length=1, description="The scored criteria, in catalogue order."
    )
    informative: list[Indicator] = Field(
        default_factory=list,
        description="The informative indicators: computed and reported, never scored.",
    )
    changes: list[Change] = Field(
        default_factory=list,
        description=(
            "The changes against the previous methodology version, with reasons and sources."
        ),
    )
    sources: dict[str, str] = Field(description="Source key -> full citation.")
    alternatives: list[Alternative] = Field(
        default_factory=list,
        description=(
            "Named alternatives to some of the catalogue's rules, for `gia sensitivity`: not "
            "part of the methodology, but what experts weigh against it."
        ),
    )

    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_check(self) -> Catalogue:
        problems = cross_problems(self.model_dump())
        if problems:
            raise CrossCheckError(problems)
        for n, alternative in enumerate(self.alternatives):
            try:
                self.with_alternative(alternative.id)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise CrossCheckError(
                    [
                        (
                            ("alternatives", n),
                            f"the catalogue it makes does not validate: {where}: {first['msg']}",
                        )
                    ]
                ) from None
        return self

    def with_alternative(self, alternative_id: str) -> Catalogue:
        """Return the catalogue with the named alternative's sections in place of its own.

        The result has no alternatives and no path (it is built in memory).
        """
        alternative = _by_id(self.alternatives, alternative_id, "alternative")
        data = self.model_dump()
        data.update(alternative.overrides(), alternatives=[])
        return Catalogue.model_validate(data)

    # ---------------------------------------------------------------- provenance

    @property
    def path(self) -> Path | None:
        """The file the catalogue was loaded from (None if built in memory)."""
        return self._path

    @property
    def sha256(self) -> str | None:
        """Hex sha256 of the catalogue file's bytes (None if built in memory)."""
        return self._sha256

    # ---------------------------------------------------------------- look-ups

    @property
    def criterion_ids(self) -> list[str]:
        """Ids of the scored criteria, in catalogue order."""
        return [c.id for c in self.criteria]

    @property
    def indicator_ids(self) -> list[str]:
        """Ids of the informative indicators, in catalogue order."""
        return [i.id for i in self.informative]

    @property
    def theme_ids(self) -> list[str]:
        """Ids of the themes, in catalogue order."""
        return [t.id for t in self.themes]

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the scored criterion ``criterion_id``.

        Raises
        ------
        KeyError
            If there is no such criterion.
        """
        return _by_id(self.criteria, criterion_id, "criterion")

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the informative indicator ``indicator_id``.

        Raises
        ------
        KeyError
            If there is no such indicator.
        """
        return _by_id(self.informative, indicator_id, "informative indicator")

    def prerequisite(self, prerequisite_id: str) -> Prerequisite:
        """Return the prerequisite ``prerequisite_id``.

        Raises
        ------
        KeyError
            If there is no such prerequisite.
        """
        return _by_id(self.prerequisites, prerequisite_id, "prerequisite")

    def theme(self, theme_id: str) -> Theme:
        """Return the theme ``theme_id``.

        Raises
        ------
        KeyError
            If there is no such theme.
        """
        return _by_id(self.themes, theme_id, "theme")

    def level(self, level_id: str) -> Level:
        """Return the certification level ``level_id``.

        Raises
        ------
        KeyError
            If there is no such level.
        """
        return _by_id(self.levels, level_id, "level")

    def criteria_of(self, theme_id: str) -> list[Criterion]:
        """The scored criteria of theme ``theme_id``, in catalogue order.

        Raises
        ------
        KeyError
            If there is no such theme.
        """
        self.theme(theme_id)
        return [c for c in self.criteria if c.theme == theme_id]

    def level_for(self, criterion_id: str, value: float | None) -> int:
        """The level (0 to 3) ``value`` reaches on criterion ``criterion_id``.

        Uses the catalogue's :attr:`tolerance`; see :meth:`Criterion.level_for`.
        """
        return self.criterion(criterion_id).level_for(value, self.tolerance)

    def route(self, route_id: str) -> Route:
        """Return the route ``route_id``.

        Raises
        ------
        KeyError
            If there is no such route.
        """
        return _by_id(self.routes, route_id, "route")

    def mandatory_ids(self, route_id: str) -> list[str]:
        """Criteria that must reach level 1 on route ``route_id``, in catalogue order.

        Those marked ``mandatory`` in the criteria list plus those the route lists.
        """
        extra = set(self.route(route_id).mandatory)
        return [c.id for c in self.criteria if c.mandatory or c.id in extra]

    def level_names(self) -> list[str]:
        """Titles of criterion levels 1, 2, 3 (Bronze, Silver, Gold), lowest first.

        In the current language of :mod:`gia.messages` (English by default).
        """
        from gia.messages import catalogue_text

        return [catalogue_text(lv.title) for lv in reversed(self.levels)]

    # ---------------------------------------------------------------- tables

    def thresholds_table(self, criterion_id: str) -> pd.DataFrame:
        """The thresholds of one criterion, one row per level.

        Parameters
        ----------
        criterion_id : str
            e.g. ``"EN-1"``.

        Returns
        -------
        pandas.DataFrame
            Columns ``level`` (1, 2, 3), ``name`` (Bronze, Silver, Gold), ``threshold``, ``unit``
            and ``condition`` (e.g. ``"≥ 50 %"``, ``"≤ 0.2 t CO2e/MWh"``).
        """
        crit = self.criterion(criterion_id)
        names = self.level_names()
        return pd.DataFrame(
            {
                "level": [1, 2, 3],
                "name": names,
                "threshold": [float(t) for t in crit.thresholds],
                "unit": [crit.unit] * 3,
                "condition": [_condition(crit, t) for t in crit.thresholds],
            }
        )

    def definitions_table(self) -> pd.DataFrame:
        """All scored criteria, one row each, in catalogue order.

        Returns
        -------
        pandas.DataFrame
            Columns ``id``, ``theme``, ``title``, ``unit``, ``direction``, ``L1``, ``L2``, ``L3``,
            ``mandatory``, ``weight``, ``sources`` (comma-separated keys).
        """
        rows = [
            {
                "id": c.id,
                "theme": c.theme,
                "title": c.title,
                "unit": c.unit,
                "direction": c.direction,
                "L1": float(c.thresholds[0]),
                "L2": float(c.thresholds[1]),
                "L3": float(c.thresholds[2]),
                "mandatory": c.mandatory,
                "weight": float(c.weight),
                "sources": ", ".join(c.sources),
            }
            for c in self.criteria
        ]
        return pd.DataFrame(rows, columns=list(rows[0]))

    def to_yaml_dict(self) -> dict[str, Any]:
        """The catalogue as plain data in the YAML file's layout.

        ``yaml.safe_dump(catalogue.to_yaml_dict(), sort_keys=False, allow_unicode=True)`` writes
        a file that loads back into an equal catalogue.
        """
        return self.model_dump(mode="python")


def _by_id(items: Iterable[Any], item_id: str, what: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(item.id for item in items)
    raise KeyError(f"no {what} {item_id!r} in the catalogue (known: {known})")


def _condition(crit: Criterion, threshold: float) -> str:
    sign = "≥" if crit.direction == "higher" else "≤"
    text = f"{sign} {fmt_number(threshold)}"
    if crit.unit in ("year", "ratio"):
        return text
    return f"{text} {crit.unit}"
