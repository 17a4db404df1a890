"""gia next-level: the smallest pull of a lever to the next level, checked by hand."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from gia.area import load_area
from gia.assessment import assess
from gia.catalogue import load_catalogue
from gia.nextlevel import cheapest_next_level, level_rank, next_level
from gia.whatif import apply_levers, default_settings, with_pv


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_level_ranks(cat) -> None:
    assert [level_rank(x, cat) for x in ("not_certified", "bronze", "silver", "gold")] == [
        0, 1, 2, 3]
    assert next_level("not_certified", cat) == "bronze"
    assert next_level("silver", cat) == "gold" and next_level("gold", cat) is None


def test_pv_crossing_of_lv_zemgale_is_em1s_threshold_by_hand(cat) -> None:
    # lv-zemgale (v1.1) is not certified only because its emissions theme scores 16.7 % (EM-1
    # level 1, EM-2 level 0 → 1 of 6 points) below bronze's 20 %. PV adds x MWp × yield MWh of
    # on-site energy and no emissions, so EM-1 = E / (F + yield × x); it reaches level 2 (≤ 0.1
    # t/MWh) and the theme 2/6 = 33.3 % at x* = (E / 0.1 − F) / yield.
    area = load_area("lv-zemgale")
    today = assess(area, cat)
    assert today.level == "not_certified" and today.themes["emissions"] == pytest.approx(100 / 6)
    e, f = today.inventory.emissions_tco2e, today.inventory.final_energy_mwh
    assert today.criterion("EM-1").value == pytest.approx(e / f)
    y = (3900 + 1150 + 380) / (4.0 + 1.2 + 0.4)  # the area's own PV: MWh / MWp
    x_star = (e / 0.1 - f) / y
    expected = math.ceil(x_star * 10) / 10  # the lever's step is 0.1 MWp
    search = cheapest_next_level(area, cat, default_settings(area))
    found = {lever.key: pull for lever, pull in search.singles}
    assert search.target == "bronze"
    assert found["pv_mwp"].amounts["pv_mwp"] == pytest.approx(expected)
    assert found["pv_mwp"].level == "bronze"
    # one step less stays below: EM-1 above 0.1
    less = assess(with_pv(area, expected - 0.1, y), cat)
    assert less.criterion("EM-1").value > 0.1 and less.level == "not_certified"
    # a lever that cannot lift the emissions theme: not reachable
    assert found["charging_points"] is None


def test_two_levers_when_none_alone_suffices(cat) -> None:
    # pl-suwalki: land 11.1 % and mobility 16.7 % are below bronze's 20 % theme minimum; no
    # lever lifts both, a pair does
    area = load_area("pl-suwalki")
    search = cheapest_next_level(area, cat, default_settings(area))
    assert not any(pull for _, pull in search.singles)
    assert search.pair_searched and search.pair is not None
    changed = apply_levers(area, cat, search.settings, search.pair.amounts)
    assert assess(changed, cat).level == "bronze" == search.pair.level
    assert 0 < search.pair.fraction <= 2


def test_cli_table_and_json(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "gia.cli", "next-level", "lv-zemgale"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "next level Bronze" in done.stdout
    assert "On-site PV (MWp)" in done.stdout and "not reachable with this lever alone" in \
        done.stdout
    done = subprocess.run([sys.executable, "-m", "gia.cli", "next-level", "de-mv-g3", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["level"] == "gold" and doc["target"] is None and doc["levers"] == []
    bad = subprocess.run([sys.executable, "-m", "gia.cli", "next-level", "lv-zemgale",
                          "--exchange", "LV01"], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "SUPPLIER:RECEIVER" in bad.stderr
