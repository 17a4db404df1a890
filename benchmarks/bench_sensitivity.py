"""Benchmark of ``gia sensitivity``: sweeping thresholds over a synthetic population in-process.

Writes N synthetic areas (``gia.experts.synth``, seed 1), then times (median of R repeats):

- score: loading and assessing every area once (``load_population``), the part that grows
  with the areas' data;
- sweep: re-levelling the population for every threshold, theme weight and level band at every
  step (``gia.experts.sensitivity.sweep``; 5 steps: −25, −10, 0, +10, +25 %, so 25 criteria × 3
  thresholds × 5 values and more);
- one assess: a full ``assess`` per area, to estimate what the sweep would cost if every
  re-levelling re-assessed every area.

Prints the medians, the re-levellings per second, and the ratio of the estimated full
re-assessment to the sweep (how much the arrays save).

Usage: python benchmarks/bench_sensitivity.py [--areas 200] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from gia.experts.population import load_population
from gia.experts.sensitivity import sweep
from gia.experts.synth import synthesize
from gia.method.assessment import assess
from gia.method.catalogue import load_catalogue

STEPS = (-25.0, -10.0, 0.0, 10.0, 25.0)


def median_time(func, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cat = load_catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        folders = synthesize(args.areas, 1, Path(tmp) / "areas")
        score, pop = median_time(lambda: load_population(folders, cat), args.repeats)
    swept, table = median_time(lambda: sweep(pop, STEPS), args.repeats)
    one, _ = median_time(lambda: [assess(a, cat) for a in pop.areas[:20]], args.repeats)
    per_area = one / min(20, len(pop.areas))
    full = per_area * len(pop.areas) * len(table)
    print(
        f"areas: {len(pop.areas)}; re-levellings: {len(table)} "
        f"({len(table) // len(STEPS)} levers × {len(STEPS)} steps)"
    )
    print(f"score (load + assess every area once), median: {score:8.2f} s")
    print(
        f"sweep (every re-levelling), median:           {swept:8.3f} s "
        f"({len(table) / swept:,.0f} re-levellings/s)"
    )
    print(f"one assess per area, median:                  {per_area * 1000:8.1f} ms")
    print(
        f"estimated sweep by full re-assessment:        {full:8.0f} s "
        f"(ratio to the array sweep: {full / swept:,.0f})"
    )
    print(f"gia sensitivity without alternatives ≈ score + sweep: {score + swept:.1f} s")


if __name__ == "__main__":
    main()
