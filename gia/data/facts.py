"""The facts of ``area.yaml``: a strict pydantic model (unknown keys are errors).

A boolean left out counts as false, with a warning (:func:`absent_booleans`); the methodology
says what other absent keys mean for each criterion.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from gia.data.dotted import lookup
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


SCENARIO_LEVERS: tuple[str, ...] = (
    "pv_mwp",
    "wind_mw",
    "ppa_pct",
    "go_pct",
    "heat_pump_pct",
    "waste_heat_mwh",
    "ev_pct",
    "waste_recovery_pct",
    "charging_points",
    "green_floor_m2",
)
"""The what-if levers (:mod:`gia.workshop.whatif`); ``ev_pct`` is per vehicle class:
``ev_pct:truck``."""

VEHICLE_CLASSES: tuple[str, ...] = ("car", "van", "truck", "bus", "forklift", "other")

LEVER_KEY_PATTERN = (
    r"^("
    + "|".join(k for k in SCENARIO_LEVERS if k != "ev_pct")
    + r"|ev_pct:("
    + "|".join(VEHICLE_CLASSES)
    + r"))$"
)


class ScenarioSettings(_Strict):
    """The factors a scenario's levers used (PV yield, wind hours, COP, exchange pair)."""

    pv_yield_mwh_per_mwp: Annotated[float, Field(gt=0.0, le=MAX_NUMBER)] | None = None
    wind_full_load_hours: Annotated[float, Field(gt=0.0, le=8784)] | None = None
    heat_pump_cop: Annotated[float, Field(gt=1.0, le=100.0)] | None = None
    exchange_supplier: str | None = None
    exchange_receiver: str | None = None


class Scenario(_Strict):
    """A what-if scenario saved as an area: not measured data (see :mod:`gia.workshop.scenario`)."""

    name: Annotated[str, Field(min_length=1)]
    base_area: Annotated[str, Field(pattern=AREA_ID_PATTERN)]
    levers: dict[
        Annotated[str, Field(pattern=LEVER_KEY_PATTERN)],
        Annotated[float, Field(ge=0.0, le=MAX_NUMBER)],
    ]
    settings: ScenarioSettings = ScenarioSettings()


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
    scenario: Scenario | None = None


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
    return lookup(facts, dotted)


def absent_booleans(facts: AreaFacts) -> list[str]:
    """Return the boolean keys left out of area.yaml."""
    return [key for key in BOOLEAN_KEYS if get_key(facts, key) is None]


def flag(facts: AreaFacts, dotted: str) -> bool:
    """Return a boolean key, absent counting as false."""
    return bool(get_key(facts, dotted))
