"""Benchmark of in-process scoring: ``assess(area)`` on synthetic areas of 50, 500, 5,000 tenants.

Every table is populated in proportion to the number of tenants (about 3 energy rows, 2 waste
rows, 1 water and 1 vehicle row per tenant; generation, contracts, exchanges, waste heat and
process emissions for a share of them), deterministically from a seeded numpy Generator. Each
area is written once, then timed:

- load: ``load_area`` (reading the CSVs and validating), median of N repeats;
- assess: ``assess(area)`` on the loaded area (scoring only, in-process), median of N repeats.

Prints a table with the median times, the time per tenant and the growth ratios 500/50 and
5000/500 (no worse than linear growth means a ratio of about 10 or less).

Usage: python benchmarks/bench_score.py [--repeats N] [--sizes 50 500 5000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from gia.data.area import load_area
from gia.data.reference import load_reference
from gia.method.assessment import assess
from gia.method.catalogue import load_catalogue
from gia.testing import write_area

CARRIERS = [
    "electricity_grid",
    "natural_gas",
    "biomass",
    "district_heat",
    "diesel",
    "biogas",
    "hydrogen_green",
]
CARRIER_P = [0.40, 0.25, 0.10, 0.10, 0.08, 0.04, 0.03]


def synthetic_area(n: int, seed: int = 20240) -> tuple[dict, dict]:
    """Return (facts, tables) of an area of ``n`` tenants; deterministic for a seed."""
    rng = np.random.default_rng(seed + n)
    ids = [f"T{i:05d}" for i in range(n)]

    def pick(k: int) -> list[str]:
        return [ids[i] for i in rng.integers(0, n, size=k)]

    management = rng.choice(["none", "audit", "iso50001"], size=n, p=[0.5, 0.3, 0.2])
    tenants = [
        {
            "tenant_id": t,
            "name": f"Company {t}",
            "nace": "C25.1",
            "employees": int(rng.integers(5, 500)),
            "gva_eur": int(rng.integers(100_000, 50_000_000)),
            "energy_management": str(m),
            "audit_year": int(rng.integers(2016, 2025)) if m == "audit" else None,
        }
        for t, m in zip(ids, management, strict=True)
    ]
    n_energy = 3 * n
    energy = [
        {
            "tenant_id": t if rng.random() > 0.01 else None,
            "carrier": str(c),
            "amount": round(float(rng.uniform(10, 20_000)), 3),
            "unit": "MWh",
            "metered": bool(rng.random() < 0.8),
            "use": "feedstock" if c == "natural_gas" and rng.random() < 0.05 else None,
        }
        for t, c in zip(
            pick(n_energy), rng.choice(CARRIERS, size=n_energy, p=CARRIER_P), strict=True
        )
    ]
    n_gen = max(1, int(0.3 * n))
    generation = []
    for i, t in enumerate(pick(n_gen)):
        gen = round(float(rng.uniform(50, 5000)), 3)
        generation.append(
            {
                "asset_id": f"G{i:05d}",
                "tenant_id": t,
                "technology": str(rng.choice(["pv", "wind", "solar_thermal", "heat_pump_ambient"])),
                "capacity_kw": round(gen * 1.1, 1),
                "generation_mwh": gen,
                "exported_mwh": round(gen * float(rng.uniform(0, 0.5)), 3),
            }
        )
    contracts = [
        {
            "tenant_id": t,
            "instrument": str(rng.choice(["ppa", "go", "green_tariff"])),
            "mwh": round(float(rng.uniform(100, 10_000)), 3),
            "technology": "wind",
        }
        for t in pick(max(1, int(0.2 * n)))
    ]
    process = [
        {
            "tenant_id": t,
            "source": "process",
            "gas": str(rng.choice(["CO2", "R-134a", "R-410A", "CH4_fossil"])),
            "amount_t": round(float(rng.uniform(0, 5)), 4),
        }
        for t in pick(max(1, int(0.1 * n)))
    ]
    waste = [
        {
            "tenant_id": t,
            "stream": "mixed",
            "hazardous": bool(rng.random() < 0.1),
            "amount_t": round(float(rng.uniform(1, 500)), 3),
            "treatment": str(
                rng.choice(
                    [
                        "reuse",
                        "recycling",
                        "material_recovery",
                        "energy_recovery",
                        "incineration",
                        "landfill",
                    ]
                )
            ),
        }
        for t in pick(2 * n)
    ]
    exchanges = []
    for i in range(max(1, int(0.2 * n))):
        a, b = rng.choice(n, size=2, replace=False)
        row = {
            "exchange_id": f"X{i:05d}",
            "supplier_id": ids[a],
            "receiver_id": ids[b] if rng.random() > 0.2 else "external",
            "resource": "by-product",
        }
        if rng.random() < 0.5:
            row |= {
                "kind": "energy",
                "amount": round(float(rng.uniform(10, 2000)), 3),
                "unit": "MWh",
                "replaces": "natural_gas",
                "avoided_tco2e": None,
            }
        else:
            row |= {
                "kind": "material",
                "amount": 100,
                "unit": "t",
                "replaces": None,
                "avoided_tco2e": round(float(rng.uniform(0, 100)), 3),
            }
        exchanges.append(row)
    waste_heat = []
    for t in ids[: max(1, int(0.3 * n))]:
        able = round(float(rng.uniform(0, 3000)), 3)
        waste_heat.append(
            {
                "tenant_id": t,
                "recoverable_mwh": able,
                "recovered_mwh": round(able * float(rng.uniform(0, 1)), 3),
            }
        )
    water = [
        {
            "tenant_id": t,
            "source": str(
                rng.choice(
                    ["municipal", "groundwater", "surface", "rainwater", "reused", "recycled"]
                )
            ),
            "amount_m3": round(float(rng.uniform(10, 50_000)), 2),
        }
        for t in pick(n)
    ]
    vehicles = [
        {
            "tenant_id": t,
            "vehicle_class": str(rng.choice(["car", "van", "truck"])),
            "powertrain": str(rng.choice(["ice", "hev", "phev", "bev", "fcev"])),
            "count": int(rng.integers(1, 20)),
        }
        for t in pick(n)
    ]
    commuting = [
        {"mode": m, "commuters": int(rng.integers(10, 50)) * n}
        for m in ["car", "carpool", "public_transport", "bicycle", "walking", "other"]
    ]
    freight = [
        {"mode": m, "tonnes": round(float(rng.uniform(10, 1000)) * n, 1)}
        for m in ["road", "rail", "ship", "pipeline"]
    ]
    total_ha = 2.0 * n
    shares = rng.dirichlet(np.ones(6))
    surfaces = [
        {"surface_type": s, "area_ha": round(float(total_ha * f), 6)}
        for s, f in zip(
            ["sealed", "partly_sealed", "semi_open", "green_roof", "vegetated", "water"],
            shares,
            strict=True,
        )
    ]
    history = [
        {
            "year": y,
            "final_energy_mwh": 25_000.0 * n,
            "gva_eur": 12e6 * n,
            "scope1_tco2e": 2500.0 * n,
            "scope2_market_tco2e": 2000.0 * n,
        }
        for y in (2018, 2019, 2020, 2021, 2022)
    ]
    facts = {
        "id": f"bench-{n}",
        "name": f"Synthetic area of {n} tenants",
        "country": "LV",
        "reporting_year": 2024,
        "total_area_ha": total_ha,
        "management": {
            "entity": "Bench Park",
            "energy_concept_adopted": True,
            "land_saving_advice": True,
            "net_zero_target_year": 2045,
        },
        "smart_energy": {
            "monitoring_platform": True,
            "demand_response": True,
            "energy_community": False,
        },
        "storage_mwh": 5.0,
        "district_heat": {"renewable_share": 0.4, "factor_t_per_mwh": 0.15},
        "land": {
            "developed_ha": 1.5 * n,
            "brownfield_ha": 0.3 * n,
            "plots_serviced_ha": 1.2 * n,
            "plots_in_use_ha": 1.0 * n,
        },
        "parking_spaces": 10 * n,
        "charging_points": n,
        "freight": {"none_declared": False},
    }
    tables = {
        "tenants": tenants,
        "energy": energy,
        "generation": generation,
        "contracts": contracts,
        "process_emissions": process,
        "waste": waste,
        "exchanges": exchanges,
        "waste_heat": waste_heat,
        "water": water,
        "vehicles": vehicles,
        "commuting": commuting,
        "freight": freight,
        "surfaces": surfaces,
        "history": history,
    }
    return facts, tables


def median_time(func, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    args = parser.parse_args()

    catalogue, ref = load_catalogue(), load_reference()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # warm-up: imports, lazily loaded modules and caches are not part of the timings
        warm = load_area(write_area(Path(tmp) / "warm", *synthetic_area(5)), ref)
        assess(warm, catalogue, ref)
        for n in args.sizes:
            facts, tables = synthetic_area(n)
            folder = write_area(Path(tmp), facts, tables)
            n_rows = sum(len(t) for t in tables.values())
            area = load_area(folder, ref)
            result = assess(area, catalogue, ref)
            t_load = median_time(lambda f=folder: load_area(f, ref), args.repeats)
            t_assess = median_time(lambda a=area: assess(a, catalogue, ref), args.repeats)
            rows.append((n, n_rows, t_load, t_assess, result.level, result.overall_score))

    print(f"median of {args.repeats} repeats; python {sys.version.split()[0]}")
    print(
        f"{'tenants':>8} {'rows':>7} {'load+validate s':>16} {'assess s':>10} "
        f"{'assess ms/100 tenants':>22} {'level':>14} {'overall %':>10}"
    )
    for n, n_rows, t_load, t_assess, level, overall in rows:
        print(
            f"{n:>8} {n_rows:>7} {t_load:>16.4f} {t_assess:>10.4f} "
            f"{t_assess / n * 1e5:>22.3f} {level:>14} {overall:>10.1f}"
        )
    by_size = {r[0]: r for r in rows}
    for small, big in ((50, 500), (500, 5000)):
        if small in by_size and big in by_size:
            print(
                f"ratio {big}/{small}: load {by_size[big][2] / by_size[small][2]:.2f}, "
                f"assess {by_size[big][3] / by_size[small][3]:.2f} "
                f"(linear growth: {big / small:.0f})"
            )


if __name__ == "__main__":
    main()
