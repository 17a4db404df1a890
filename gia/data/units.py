"""Conversion of delivered energy amounts into MWh (net calorific value).

kWh ÷ 1000; GJ ÷ 3.6; t × NCV (GJ/t) ÷ 3.6; m3 × density (t/m3) → t; l ÷ 1000 → m3. With
``basis: gcv`` an energy amount is multiplied by the carrier's NCV/GCV ratio.

>>> from gia.data.reference import load_reference
>>> ref = load_reference()
>>> round(to_mwh(5_000_000, "m3", "natural_gas", ref), 1)   # 5e6 m3 x 0.74 kg/m3 x 48 GJ/t
49333.3
>>> to_mwh(3600, "GJ", "electricity_grid", ref)
1000.0
"""

from __future__ import annotations

import math

from gia.data.reference import ReferenceFactors
from gia.data.schema import ENERGY_UNITS

GJ_PER_MWH = 3.6


def accepted_units(carrier: str, ref: ReferenceFactors) -> tuple[str, ...]:
    """Return the units in which ``carrier`` may be given.

    Every carrier takes MWh, kWh and GJ; a fuel also takes ``t`` where fuels.csv gives an NCV,
    and ``m3`` and ``l`` where it also gives a density.
    """
    units = list(ENERGY_UNITS)
    if ref.is_fuel(carrier):
        row = ref.fuel(carrier)
        if not _blank(row["ncv_gj_per_t"]):
            units.append("t")
            if not _blank(row["density_t_per_m3"]):
                units += ["m3", "l"]
    return tuple(units)


def gcv_ratio(carrier: str, ref: ReferenceFactors) -> float | None:
    """Return the NCV/GCV ratio of ``carrier``, or None if it cannot be given on GCV."""
    if not ref.is_fuel(carrier):
        return None
    ratio = ref.fuel(carrier)["ncv_per_gcv"]
    return None if _blank(ratio) else float(ratio)


def mwh_per_unit(unit: str, carrier: str, ref: ReferenceFactors, basis: str = "ncv") -> float:
    """Return how many MWh (NCV) one ``unit`` of ``carrier`` is.

    Raises
    ------
    ValueError
        If the unit does not fit the carrier, or GCV is given for a carrier without a ratio.
    """
    if unit not in accepted_units(carrier, ref):
        raise ValueError(
            f"unit '{unit}' does not fit carrier '{carrier}' "
            f"(accepted: {', '.join(accepted_units(carrier, ref))})"
        )
    if unit == "MWh":
        factor = 1.0
    elif unit == "kWh":
        factor = 1.0 / 1000.0
    elif unit == "GJ":
        factor = 1.0 / GJ_PER_MWH
    else:
        row = ref.fuel(carrier)
        ncv = float(row["ncv_gj_per_t"])
        tonnes = {"t": 1.0, "m3": float(row["density_t_per_m3"] or math.nan)}
        tonnes["l"] = tonnes["m3"] / 1000.0
        factor = tonnes[unit] * ncv / GJ_PER_MWH
    if basis == "gcv":
        ratio = gcv_ratio(carrier, ref)
        if ratio is None:
            raise ValueError(f"carrier '{carrier}' has no NCV/GCV ratio: give it on NCV")
        factor *= ratio
    return factor


def to_mwh(
    amount: float, unit: str, carrier: str, ref: ReferenceFactors, basis: str = "ncv"
) -> float:
    """Convert ``amount`` in ``unit`` of ``carrier`` into MWh (NCV)."""
    return amount * mwh_per_unit(unit, carrier, ref, basis)


def from_mwh(
    mwh: float, unit: str, carrier: str, ref: ReferenceFactors, basis: str = "ncv"
) -> float:
    """Convert MWh (NCV) of ``carrier`` back into ``unit`` (the inverse of :func:`to_mwh`)."""
    return mwh / mwh_per_unit(unit, carrier, ref, basis)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""
