"""Catalogue sections that state methodology rules beyond thresholds (since v1.1).

Each model is part of :class:`gia.method.catalogue.Catalogue` and strict like it (an unknown key is
an error naming the key):

- :class:`Accounting`: which contract instruments count where, the quality criteria a contract
  must meet (market groups, vintage lag), and where the production emissions of purchased
  hydrogen are reported;
- :class:`Route`: the routes of an area (general, industrial) with the condition that puts an
  area on one and the criteria that are mandatory on it;
- :class:`Change`: one change of a methodology version against its predecessor, with its reason
  and sources (the methodology changelog, shown by ``gia compare``).

Code reads these as data: a new version writes other values here, never a branch in code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)

Instrument = Literal["ppa", "go", "green_tariff"]
"""Contract instruments of ``contracts.csv``."""

_ISO2 = r"^[A-Z]{2}$"


class MarketGroup(BaseModel):
    """A named group of countries forming one market for contracted electricity.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(min_length=1, description="Name of the group, e.g. ``EECS``.")
    title: str = Field(min_length=1, description="What the group is.")
    countries: list[str] = Field(
        min_length=1, description="ISO 3166-1 alpha-2 codes (upper case), no repeats."
    )

    @field_validator("countries")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        import re

        bad = [c for c in value if not re.match(_ISO2, c)]
        if bad:
            raise ValueError(f"not ISO 3166-1 alpha-2 codes in upper case: {', '.join(bad)}")
        repeated = sorted({c for c in value if value.count(c) > 1})
        if repeated:
            raise ValueError(f"countries listed twice: {', '.join(repeated)}")
        return value


class ContractQuality(BaseModel):
    """Quality criteria of a contract row (methodology v1.1, C1).

    A row qualifies when ``reporting year - vintage_lag_years <= vintage_year <= reporting
    year`` and its ``market`` lies in the market group of the area's country (a country in no
    group forms its own market). A row without market or vintage does not qualify.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    vintage_lag_years: int = Field(
        ge=0, description="How many years before the reporting year a vintage may lie."
    )
    market_groups: list[MarketGroup] = Field(
        default_factory=list, description="The market groups; a country belongs to at most one."
    )

    @field_validator("market_groups")
    @classmethod
    def _disjoint(cls, value: list[MarketGroup]) -> list[MarketGroup]:
        seen: dict[str, str] = {}
        for group in value:
            for country in group.countries:
                if country in seen:
                    raise ValueError(
                        f"{country} is in two market groups: {seen[country]} and {group.id}"
                    )
                seen[country] = group.id
        return value

    def market_of(self, country: str) -> tuple[str, frozenset[str]]:
        """Return the name and countries of the market of ``country`` (its own if in no group).

        >>> q = ContractQuality(vintage_lag_years=1, market_groups=[
        ...     MarketGroup(id="EECS", title="t", countries=["LV", "DE"])])
        >>> q.market_of("lv")[0], q.market_of("AZ")
        ('EECS', ('AZ', frozenset({'AZ'})))
        """
        code = country.upper()
        for group in self.market_groups:
            if code in group.countries:
                return group.id, frozenset(group.countries)
        return code, frozenset({code})


class Accounting(BaseModel):
    """How contracts and purchased hydrogen enter the inventory.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    renewable_instruments: list[Instrument] = Field(
        description=(
            "Contract instruments counted as renewable energy consumed (EN-1's "
            "numerator, ``inventory.renewable_mwh``), capped per tenant at its grid "
            "electricity."
        )
    )
    market_based_instruments: list[Instrument] = Field(
        min_length=1,
        description=(
            "Contract instruments counted in scope 2 market-based, in this order under "
            "the same per-tenant cap (listed first, applied first)."
        ),
    )
    contract_quality: ContractQuality | None = Field(
        default=None,
        description=(
            "Quality criteria a contract row must meet to count anywhere; None: every row counts."
        ),
    )
    hydrogen_production_emissions: Literal["scope2", "upstream"] = Field(
        description=(
            "Where the production emissions of purchased grey hydrogen are reported: in "
            "scope 2 (location- and market-based), or apart as upstream (scope 3 "
            "category 3), added to scope 1 + scope 2 market-based wherever the area's "
            "emissions are used."
        )
    )

    @field_validator("renewable_instruments", "market_based_instruments")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        repeated = sorted({v for v in value if value.count(v) > 1})
        if repeated:
            raise ValueError(f"instruments listed twice: {', '.join(repeated)}")
        return value


class RouteCondition(BaseModel):
    """When an area is on a route.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    min_benchmarked_scope1_share: float = Field(
        gt=0,
        le=1,
        description=(
            "The area has benchmarked production (a row of ``production.csv``), its "
            "scope 1 is above 0, and the benchmarked tenants' scope 1 is at least this "
            "share of it."
        ),
    )


class Route(BaseModel):
    """A route to certification and the criteria mandatory on it.

    Routes are checked in catalogue order; the first whose condition holds applies. The last
    route has no condition (the general route).

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Route id in results.json (``general``, ``industrial``).",
    )
    title: str = Field(min_length=1, description="Display title.")
    description: str = Field(
        min_length=1,
        description="The rule in words, rendered by the summary notebook and the standard's text.",
    )
    condition: RouteCondition | None = Field(
        default=None, description="When the route applies; None: always (only the last route)."
    )
    mandatory: list[str] = Field(
        default_factory=list,
        description=(
            "Criteria that must reach level 1 on this route, besides those marked "
            "``mandatory`` in the criteria list."
        ),
    )
    sources: list[str] = Field(default_factory=list, description="Source keys.")
    proposed: bool = Field(
        default=False, description="True where the rule has no published anchor."
    )


class Change(BaseModel):
    """One change of this methodology version against the previous one.

    Field meanings are in each field's ``description`` (the published JSON Schema).
    """

    model_config = _STRICT

    id: str = Field(pattern=r"^C[0-9]+$", description="``C1``, ``C2``, ...")
    title: str = Field(min_length=1, description="Short title.")
    what: str = Field(min_length=1, description="What changes.")
    reason: str = Field(min_length=1, description="Why (the finding it answers).")
    sources: list[str] = Field(min_length=1, description="Source keys.")
    keys: list[str] = Field(
        min_length=1,
        description=(
            "Catalogue key paths the change touches, as ``gia compare`` prints them (a "
            "key matches every path that starts with it), e.g. ``criteria[EN-1]``."
        ),
    )
