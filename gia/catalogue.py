"""The criteria catalogue: strict pydantic models of the methodology, loading and comparison.

Every number of the methodology (thresholds, weights, level bands, constants) lives in the
catalogue YAML (``data/criteria/gia-v1.1.yaml``, and ``gia-v1.0.yaml`` beside it); code reads it
through :func:`load_catalogue`, notebooks render it. Validation is strict: an unknown key, a
threshold out of order or a source key without a citation is an error naming the key, so that an
edit by a methodology expert cannot silently change the meaning of the catalogue.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Iterable, Mapping
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
from pydantic_core import PydanticCustomError

from gia.methodology import Accounting, Change, Route
from gia.paths import default_catalogue_path
from gia.safeyaml import UntrustedYamlError, load_yaml

MAX_CATALOGUE_BYTES = 2 * 1024 * 1024
"""The largest catalogue read (v1.0 is about 40 kB)."""

__all__ = [
    "CATALOGUE_FILE",
    "Accounting",
    "Change",
    "Route",
    "Catalogue",
    "CatalogueError",
    "Criterion",
    "Indicator",
    "Level",
    "Prerequisite",
    "ReferenceChoice",
    "Theme",
    "compare_catalogues",
    "default_catalogue_path",
    "load_catalogue",
]

#: File name of the catalogue shipped with the project, under ``data/criteria/``.
CATALOGUE_FILE = "gia-v1.1.yaml"

#: Absolute tolerance on the sum of the theme weights.
WEIGHT_SUM_TOLERANCE = 1e-9

_ID_PATTERN = r"^[A-Z]{2}-[0-9]+$"
_KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)
_SECTIONS_WITH_IDS = ("themes", "levels", "prerequisites", "criteria", "informative", "routes",
                      "changes")


class CatalogueError(ValueError):
    """A catalogue file that cannot be read or does not validate.

    The message names the file and every failing key path, one problem per line, e.g.
    ``gia-v1.0.yaml: criteria[3] (EN-1).thresholds: thresholds of a 'higher' criterion must
    increase: [50, 40, 90]``.

    Attributes
    ----------
    path : pathlib.Path
        The catalogue file.
    problems : list of str
        One ``"key path: message"`` entry per problem.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path.name}: {p}" for p in problems))


def _fail(message: str) -> PydanticCustomError:
    """Return a validation error carrying ``message`` verbatim (no "Value error," prefix)."""
    return PydanticCustomError("catalogue", "{message}", {"message": message})


def _fmt_number(x: Any) -> str:
    """Format a number compactly: 50.0 -> '50', 0.025 -> '0.025'."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return repr(x)
    return f"{x:g}"


def _fmt_numbers(xs: Iterable[Any]) -> str:
    return "[" + ", ".join(_fmt_number(x) for x in xs) + "]"


# --------------------------------------------------------------------------- models


class ReferenceChoice(BaseModel):
    """Which factor sets of the reference tables the methodology uses.

    Attributes
    ----------
    grid_factor_set : {'direct', 'lifecycle'}
        Factor set of ``grid_electricity.csv`` for location-based scope 2.
    grid_fallback_set : {'direct', 'lifecycle'}
        Set used, with a warning, for a country without a row in ``grid_factor_set``.
    renewable_share_set : {'direct', 'lifecycle'}
        Rows of ``grid_electricity.csv`` carrying the country's renewable share (IN-3).
    """

    model_config = _STRICT

    grid_factor_set: Literal["direct", "lifecycle"]
    grid_fallback_set: Literal["direct", "lifecycle"]
    renewable_share_set: Literal["direct", "lifecycle"]


class Theme(BaseModel):
    """A theme of scored criteria, with its weight in the overall score.

    Attributes
    ----------
    id : str
        Theme id used in results.json, e.g. ``energy``.
    title : str
        Display title.
    weight : float
        Weight in the overall score (>= 0); the weights of all themes sum to 1.
    proposed : bool
        True where the weight has no published anchor.
    sources : list of str
        Source keys (see :attr:`Catalogue.sources`).
    """

    model_config = _STRICT

    id: str = Field(pattern=_KEY_PATTERN)
    title: str = Field(min_length=1)
    weight: float = Field(ge=0, le=1)
    proposed: bool = False
    sources: list[str] = Field(default_factory=list)


class Level(BaseModel):
    """A certification level band.

    Attributes
    ----------
    id : str
        Level id used in results.json (``gold``, ``silver``, ``bronze``).
    title : str
        Display title.
    min_overall : float
        Minimum overall score (%).
    min_theme : float or None
        Minimum score (%) of every theme with a score; None: no theme minimum.
    proposed : bool
        True where the band has no published anchor.
    sources : list of str
        Source keys.
    """

    model_config = _STRICT

    id: str = Field(pattern=_KEY_PATTERN)
    title: str = Field(min_length=1)
    min_overall: float = Field(ge=0, le=100)
    min_theme: float | None = Field(default=None, ge=0, le=100)
    proposed: bool = False
    sources: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == "not_certified":
            raise _fail("'not_certified' is reserved for the outcome without a level")
        return value


class Prerequisite(BaseModel):
    """A pass/fail prerequisite of any certification level.

    Attributes
    ----------
    id : str
        ``PR-n``.
    title : str
        Short title.
    requirement : str
        The requirement, as in the methodology.
    input : str
        The area.yaml key or the tables it reads (comma-separated).
    sources : list of str
        Source keys.
    proposed : bool
        True where the requirement has no published anchor.
    source_note : str
        The methodology table's source cell, verbatim.
    parameters : dict
        Methodology constants of the prerequisite, e.g. ``min_employee_coverage_pct``.
    """

    model_config = _STRICT

    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    requirement: str = Field(min_length=1)
    input: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    proposed: bool = False
    source_note: str = ""
    parameters: dict[str, Any] = Field(default_factory=dict)

    @property
    def inputs(self) -> list[str]:
        """The items of :attr:`input` as a list."""
        return [part.strip() for part in self.input.split(",") if part.strip()]


class Criterion(BaseModel):
    """A scored criterion: indicator, direction and three thresholds (Bronze, Silver, Gold).

    Attributes
    ----------
    id : str
        ``XX-n``, e.g. ``EN-1``.
    theme : str
        Id of its theme.
    title : str
        Short title.
    indicator : str
        What is measured.
    rationale : str
        Why it matters for a green industrial area.
    formula : str
        The formula in Markdown with LaTeX maths.
    inputs : list of str
        Area tables, area.yaml keys and reference tables it reads.
    unit : str
        Unit of the value.
    direction : {'higher', 'lower'}
        Whether a higher or a lower value is better.
    thresholds : list of float
        Thresholds of levels 1, 2, 3: strictly increasing for ``higher``, strictly decreasing for
        ``lower``.
    mandatory : bool
        A mandatory criterion must reach level 1 for any certification.
    weight : float
        Weight within its theme (> 0).
    sources : list of str
        Source keys.
    proposed : bool
        True where the thresholds have no published anchor.
    source_note : str
        The methodology table's source cell, verbatim.
    parameters : dict
        Methodology constants of the criterion (boiler efficiency, surface weights, ...).
    rules : list of str
        The criterion's rules and methodology choices in words (Markdown), as the notebook
        renders them: what counts, what does not and why, the statuses. The text belongs to
        the catalogue version it describes, so that a notebook never contradicts it.
    """

    model_config = _STRICT

    id: str = Field(pattern=_ID_PATTERN)
    theme: str = Field(min_length=1)
    title: str = Field(min_length=1)
    indicator: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    formula: str = Field(min_length=1)
    inputs: list[str] = Field(min_length=1)
    unit: str = Field(min_length=1)
    direction: Literal["higher", "lower"]
    thresholds: list[float]
    mandatory: bool = False
    weight: float = Field(default=1.0, gt=0)
    sources: list[str] = Field(min_length=1)
    proposed: bool = False
    source_note: str = ""
    parameters: dict[str, Any] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)

    @field_validator("thresholds")
    @classmethod
    def _thresholds_ordered(cls, value: list[float], info: ValidationInfo) -> list[float]:
        if len(value) != 3:
            raise _fail(
                f"exactly 3 thresholds (levels 1, 2, 3) are needed, got {len(value)}: "
                f"{_fmt_numbers(value)}"
            )
        if not all(math.isfinite(t) for t in value):
            raise _fail(f"thresholds must be finite numbers: {_fmt_numbers(value)}")
        direction = info.data.get("direction")
        if direction == "higher" and not value[0] < value[1] < value[2]:
            raise _fail(
                f"thresholds of a 'higher' criterion must increase: {_fmt_numbers(value)}"
            )
        if direction == "lower" and not value[0] > value[1] > value[2]:
            raise _fail(
                f"thresholds of a 'lower' criterion must decrease: {_fmt_numbers(value)}"
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

    Attributes
    ----------
    id : str
        ``IN-n``.
    title : str
        Short title.
    indicator : str
        What is measured.
    rationale : str
        Why experts watch it.
    unit : str
        Unit of the value.
    formula : str
        The formula in Markdown with LaTeX maths.
    inputs : list of str
        Area tables, area.yaml keys and reference tables it reads.
    sources : list of str
        Source keys.
    parameters : dict
        Methodology constants of the indicator.
    rules : list of str
        Its rules and methodology choices in words (Markdown).
    """

    model_config = _STRICT

    id: str = Field(pattern=_ID_PATTERN)
    title: str = Field(min_length=1)
    indicator: str = Field(min_length=1)
    rationale: str = ""
    unit: str = Field(min_length=1)
    formula: str = Field(min_length=1)
    inputs: list[str] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    parameters: dict[str, Any] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)


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
        return {k: v for k, v in self.model_dump(include={"levels", "accounting", "routes"})
                .items() if v is not None}


class Catalogue(BaseModel):
    """The whole methodology: themes, levels, prerequisites, criteria, indicators, sources.

    Load it with :func:`load_catalogue`; a catalogue is immutable.

    Attributes
    ----------
    methodology_version : str
        e.g. ``"1.0"``.
    title : str
        Title of the methodology.
    gwp_set : {'ar5', 'ar6'}
        IPCC assessment report of the GWP-100 values (``gwp.csv`` column ``gwp100_<set>``).
    reference : ReferenceChoice
        Factor sets of the reference tables.
    tolerance : float
        Relative tolerance when comparing a value with a threshold.
    themes : list of Theme
        In scorecard order; weights sum to 1.
    levels : list of Level
        Exactly three, from the highest (gold) to the lowest (bronze), checked in this order.
    prerequisites : list of Prerequisite
    criteria : list of Criterion
        The scored criteria, in catalogue order.
    informative : list of Indicator
    accounting : Accounting
        Which contracts count where, their quality criteria, and where purchased hydrogen's
        production emissions are reported.
    routes : list of Route
        The routes to certification, checked in order (the last one has no condition), each
        with the criteria mandatory on it.
    changes : list of Change
        The changes against the previous methodology version, with reasons and sources.
    sources : dict of str to str
        Source key -> full citation.
    """

    model_config = _STRICT

    methodology_version: str = Field(pattern=r"^[0-9]+\.[0-9]+(\.[0-9]+)?$")
    title: str = Field(min_length=1)
    gwp_set: Literal["ar5", "ar6"]
    reference: ReferenceChoice
    tolerance: float = Field(ge=0, lt=1e-3)
    accounting: Accounting
    routes: list[Route] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    levels: list[Level]
    prerequisites: list[Prerequisite] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)
    informative: list[Indicator] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    sources: dict[str, str]
    alternatives: list[Alternative] = Field(default_factory=list)

    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_check(self) -> Catalogue:
        problems = _cross_problems(self.model_dump())
        if problems:
            raise _CrossCheckError(problems)
        for n, alternative in enumerate(self.alternatives):
            try:
                self.with_alternative(alternative.id)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise _CrossCheckError([(("alternatives", n), f"the catalogue it makes does "
                                         f"not validate: {where}: {first['msg']}")]) from None
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
        """Titles of criterion levels 1, 2, 3 (Bronze, Silver, Gold): the levels, lowest first."""
        return [lv.title for lv in reversed(self.levels)]

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

    def criteria_table(self) -> pd.DataFrame:
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
    text = f"{sign} {_fmt_number(threshold)}"
    if crit.unit in ("year", "ratio"):
        return text
    return f"{text} {crit.unit}"


# --------------------------------------------------------------------------- cross checks


class _CrossCheckError(ValueError):
    """Problems spanning several keys; each carries its own key path."""

    def __init__(self, problems: list[tuple[tuple[Any, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{_fmt_loc(loc, None)}: {msg}" for loc, msg in problems))


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _items(data: Mapping[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(section)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _cross_problems(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Checks across keys, tolerant of malformed data (the field checks report that)."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    if not isinstance(data, Mapping):
        return problems

    # Duplicate ids: within themes and within levels; across prerequisites, criteria and
    # informative indicators (one namespace: results.json and notebooks use these ids).
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
                            f"duplicate id {item_id!r} (also {_fmt_loc(seen[item_id], data)})",
                        )
                    )
                else:
                    seen[item_id] = (section, i)

    # Theme weights sum to 1.
    themes = _items(data, "themes")
    weights = [t.get("weight") for _, t in themes]
    if themes and all(_is_number(w) for w in weights):
        total = math.fsum(weights)
        if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
            listed = ", ".join(f"{t.get('id')} {_fmt_number(t.get('weight'))}" for _, t in themes)
            problems.append(
                (("themes",), f"theme weights must sum to 1, they sum to {total:.12g} ({listed})")
            )

    # Criteria name known themes; every theme has at least one criterion.
    theme_ids = [t.get("id") for _, t in themes if isinstance(t.get("id"), str)]
    used_themes: set[str] = set()
    for i, crit in _items(data, "criteria"):
        theme = crit.get("theme")
        if not isinstance(theme, str):
            continue
        used_themes.add(theme)
        if theme_ids and theme not in theme_ids:
            problems.append(
                (
                    ("criteria", i, "theme"),
                    f"unknown theme {theme!r} (themes: {', '.join(theme_ids)})",
                )
            )
    if isinstance(data.get("criteria"), list):
        for i, theme in themes:
            theme_id = theme.get("id")
            if isinstance(theme_id, str) and theme_id not in used_themes:
                problems.append(
                    (("themes", i), f"theme {theme_id!r} has no criterion: give it at least one")
                )

    # Levels: exactly three (they name criterion levels 3, 2, 1), bands decreasing.
    levels = data.get("levels")
    if isinstance(levels, list):
        if len(levels) != 3:
            problems.append(
                (
                    ("levels",),
                    f"exactly 3 levels are needed (they name criterion levels 3, 2, 1), "
                    f"got {len(levels)}",
                )
            )
        items = _items(data, "levels")
        for (_, upper), (j, lower) in zip(items, items[1:], strict=False):
            hi, lo = upper.get("min_overall"), lower.get("min_overall")
            if _is_number(hi) and _is_number(lo) and not lo < hi:
                problems.append(
                    (
                        ("levels", j, "min_overall"),
                        f"level bands must decrease: min_overall {_fmt_number(lo)} of "
                        f"{lower.get('id')!r} is not below {_fmt_number(hi)} of "
                        f"{upper.get('id')!r}",
                    )
                )
            hi_t, lo_t = upper.get("min_theme"), lower.get("min_theme")
            if lo_t is not None and _is_number(lo_t):
                if hi_t is None:
                    problems.append(
                        (
                            ("levels", j, "min_theme"),
                            f"level bands must decrease: {lower.get('id')!r} has a theme minimum "
                            f"({_fmt_number(lo_t)}) but the higher level {upper.get('id')!r} "
                            f"has none",
                        )
                    )
                elif _is_number(hi_t) and lo_t > hi_t:
                    problems.append(
                        (
                            ("levels", j, "min_theme"),
                            f"level bands must decrease: min_theme {_fmt_number(lo_t)} of "
                            f"{lower.get('id')!r} is above {_fmt_number(hi_t)} of "
                            f"{upper.get('id')!r}",
                        )
                    )

    # Routes: mandatory ids are criteria; only the last route has no condition.
    criterion_ids = {c.get("id") for _, c in _items(data, "criteria")}
    routes = _items(data, "routes")
    for i, route in routes:
        for k, cid in enumerate(route.get("mandatory") or []):
            if isinstance(cid, str) and criterion_ids and cid not in criterion_ids:
                problems.append((("routes", i, "mandatory", k),
                                 f"unknown criterion {cid!r}: a route's mandatory criteria are "
                                 "criteria of the catalogue"))
        last = i == routes[-1][0]
        has_condition = route.get("condition") is not None
        if last and has_condition:
            problems.append((("routes", i, "condition"),
                             "the last route must have no condition (it applies when no other "
                             "does)"))
        if not last and not has_condition:
            problems.append((("routes", i, "condition"),
                             "only the last route may have no condition (a route without one "
                             "hides the routes after it)"))

    # Every source key used is cited in `sources`.
    sources = data.get("sources")
    if isinstance(sources, Mapping):
        for section in _SECTIONS_WITH_IDS:
            for i, item in _items(data, section):
                keys = item.get("sources")
                if not isinstance(keys, list):
                    continue
                for k, key in enumerate(keys):
                    if isinstance(key, str) and key not in sources:
                        problems.append(
                            (
                                (section, i, "sources", k),
                                f"unknown source key {key!r}: add its citation under 'sources'",
                            )
                        )
    return problems


# --------------------------------------------------------------------------- error messages


def _fmt_loc(loc: Iterable[Any], data: Any) -> str:
    """Format a pydantic location as a key path, e.g. ``criteria[3] (EN-1).thresholds``."""
    out = ""
    parts = list(loc)
    for n, part in enumerate(parts):
        if isinstance(part, int):
            out += f"[{part}]"
            if n == 1 and isinstance(data, Mapping):
                seq = data.get(parts[0])
                if isinstance(seq, list) and 0 <= part < len(seq) and isinstance(seq[part], dict):
                    item_id = seq[part].get("id")
                    if item_id is not None:
                        out += f" ({item_id})"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _problems_from(error: ValidationError, data: Any) -> list[str]:
    problems: list[str] = []
    cross: list[tuple[tuple[Any, ...], str]] = []
    for err in error.errors():
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, _CrossCheckError):
            cross.extend(ctx_error.problems)
            continue
        if err["type"] == "extra_forbidden":
            msg = "unknown key (not part of the catalogue format: a typo?)"
        elif err["type"] == "missing":
            msg = "missing key"
        else:
            msg = err["msg"]
        problems.append(f"{_fmt_loc(err['loc'], data)}: {msg}")
    if not cross:
        # Field errors stop pydantic before the cross-key checks: run them on the raw data so
        # that every problem is reported at once.
        cross = _cross_problems(data)
    seen = set(problems)
    for loc, msg in cross:
        line = f"{_fmt_loc(loc, data)}: {msg}"
        if line not in seen:
            seen.add(line)
            problems.append(line)
    return problems


# --------------------------------------------------------------------------- loading


_CACHE: dict[tuple[str, int, int], Catalogue] = {}
_CACHE_LOCK = threading.Lock()


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a criteria catalogue.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The catalogue YAML. Default: ``<project root>/data/criteria/gia-v1.1.yaml``, the project
        root being ``$GIA_ROOT`` if set, else the folder that holds ``gia/`` (see
        :mod:`gia.paths`).

    Returns
    -------
    Catalogue
        The validated catalogue, with :attr:`Catalogue.path` and :attr:`Catalogue.sha256` set.
        Catalogues are cached by (resolved path, modification time, size): calling this
        repeatedly is cheap and returns the same (immutable) object.

    Raises
    ------
    CatalogueError
        If the file cannot be read, is not valid YAML or does not validate; the message names
        the file and every failing key path.
    """
    file = Path(path) if path is not None else default_catalogue_path()
    try:
        resolved = file.expanduser().resolve(strict=True)
        stat = resolved.stat()
        if not resolved.is_file():
            raise IsADirectoryError(f"{file} is not a file")
    except OSError as exc:
        raise CatalogueError(file, [f"cannot read the catalogue: {exc}"]) from exc
    key = (str(resolved), stat.st_mtime_ns, stat.st_size)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached

    try:
        raw_bytes = resolved.read_bytes()
    except OSError as exc:
        raise CatalogueError(file, [f"cannot read the catalogue: {exc}"]) from exc
    try:
        data = load_yaml(raw_bytes.decode("utf-8"), max_bytes=MAX_CATALOGUE_BYTES)
    except UnicodeDecodeError as exc:
        raise CatalogueError(file, [f"not UTF-8 text: {exc.reason} at byte {exc.start}"]) \
            from None
    except UntrustedYamlError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise CatalogueError(file, [f"{where}{exc.message}"]) from None
    if not isinstance(data, dict):
        raise CatalogueError(
            file, [f"(top level): a mapping of keys is expected, got {type(data).__name__}"]
        )
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(file, _problems_from(exc, data)) from None

    catalogue._path = resolved
    catalogue._sha256 = hashlib.sha256(raw_bytes).hexdigest()
    with _CACHE_LOCK:
        # Drop stale versions of the same file.
        for old in [k for k in _CACHE if k[0] == key[0]]:
            del _CACHE[old]
        _CACHE[key] = catalogue
    return catalogue


# --------------------------------------------------------------------------- comparison


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        if not value and prefix:
            out[prefix] = {}
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list) and value and all(
        isinstance(v, Mapping) and isinstance(v.get("id"), str) for v in value
    ):
        out[f"{prefix} (order)"] = [v["id"] for v in value]
        for v in value:
            _flatten({k: x for k, x in v.items() if k != "id"}, f"{prefix}[{v['id']}]", out)
    else:
        out[prefix] = value


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
    flat_a: dict[str, Any] = {}
    flat_b: dict[str, Any] = {}
    # the changelog describes the differences; it is not one of them; nor are the named
    # alternatives experts weigh against the methodology (gia sensitivity)
    skip = ("changes", "alternatives")
    _flatten({k: v for k, v in a.to_yaml_dict().items() if k not in skip}, "", flat_a)
    _flatten({k: v for k, v in b.to_yaml_dict().items() if k not in skip}, "", flat_b)
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
