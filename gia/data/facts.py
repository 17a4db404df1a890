"""The facts of ``area.yaml``: a strict pydantic model (unknown keys are errors).

A boolean left out counts as false, with a warning (:func:`absent_booleans`); the methodology
says what other absent keys mean for each criterion.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from gia.data.schema import MAX_NUMBER

AREA_ID_PATTERN = r"^[a-z0-9-]+$"


class _Strict(BaseModel):
    # .inf and .nan are YAML floats: never a fact of an area
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Management(_Strict):
    """The area's management: entity, energy concept, land-saving advice, net-zero target."""

    entity: str | None = None
    energy_concept_adopted: StrictBool | None = None
    land_saving_advice: StrictBool | None = None
    net_zero_target_year: Annotated[int, Field(ge=1900, le=9999)] | None = None


class SmartEnergy(_Strict):
    """Smart-energy items of the area (EN-4)."""

    monitoring_platform: StrictBool | None = None
    demand_response: StrictBool | None = None
    energy_community: StrictBool | None = None


class DistrictHeat(_Strict):
    """District heat supplied to the area: renewable share and the supplier's factor."""

    renewable_share: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    factor_t_per_mwh: Annotated[float, Field(ge=0.0, le=MAX_NUMBER)] | None = None


class Land(_Strict):
    """Land use of the area, in hectares."""

    developed_ha: Annotated[float, Field(ge=0.0, le=MAX_NUMBER)] | None = None
    brownfield_ha: Annotated[float, Field(ge=0.0, le=MAX_NUMBER)] | None = None
    plots_serviced_ha: Annotated[float, Field(ge=0.0, le=MAX_NUMBER)] | None = None
    plots_in_use_ha: Annotated[float, Field(ge=0.0, le=MAX_NUMBER)] | None = None


class Freight(_Strict):
    """Freight declaration: ``none_declared: true`` means the area moves no freight."""

    none_declared: StrictBool | None = None


class Participation(_Strict):
    """Public participation items of the area (GM-4, methodology v1.1)."""

    tenant_forum: StrictBool | None = None
    public_reporting: StrictBool | None = None
    community_projects: StrictBool | None = None
    grievance_route: StrictBool | None = None


class AreaFacts(_Strict):
    """Everything ``area.yaml`` holds."""

    id: Annotated[str, Field(pattern=AREA_ID_PATTERN)]
    name: str
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    reporting_year: Annotated[int, Field(ge=1990, le=2100)]
    total_area_ha: Annotated[float, Field(gt=0.0, le=MAX_NUMBER)]
    note: str | None = None
    location: str | None = None
    management: Management = Management()
    smart_energy: SmartEnergy = SmartEnergy()
    storage_mwh: Annotated[float, Field(ge=0.0, le=MAX_NUMBER)] | None = None
    district_heat: DistrictHeat | None = None
    land: Land = Land()
    parking_spaces: Annotated[int, Field(ge=0, le=MAX_NUMBER)] | None = None
    charging_points: Annotated[int, Field(ge=0, le=MAX_NUMBER)] | None = None
    freight: Freight = Freight()
    participation: Participation = Participation()


BOOLEAN_KEYS: tuple[str, ...] = (
    "management.energy_concept_adopted",
    "management.land_saving_advice",
    "smart_energy.monitoring_platform",
    "smart_energy.demand_response",
    "smart_energy.energy_community",
    "freight.none_declared",
)
"""Booleans of area.yaml: absent counts as false, with a warning."""


def get_key(facts: AreaFacts, dotted: str) -> object:
    """Return the value of a dotted key such as ``management.entity`` (None when absent)."""
    value: object = facts
    for part in dotted.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def absent_booleans(facts: AreaFacts) -> list[str]:
    """Return the boolean keys left out of area.yaml."""
    return [key for key in BOOLEAN_KEYS if get_key(facts, key) is None]


def flag(facts: AreaFacts, dotted: str) -> bool:
    """Return a boolean key, absent counting as false."""
    return bool(get_key(facts, dotted))
