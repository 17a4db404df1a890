"""gia next-level: the smallest pull of a lever to the next level, checked by hand."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gia.data.area import load_area
from gia.method.assessment import assess
from gia.method.catalogue import Catalogue, load_catalogue
from gia.workshop.nextlevel import cheapest_next_level, level_rank, next_level
from gia.workshop.whatif import apply_levers, default_settings, with_charging_points


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_level_ranks(cat) -> None:
    assert [level_rank(x, cat) for x in ("not_certified", "bronze", "silver", "gold")] == [
        0,
        1,
        2,
        3,
    ]
    assert next_level("not_certified", cat) == "bronze"
    assert next_level("silver", cat) == "gold" and next_level("gold", cat) is None


def test_charging_points_crossing_by_hand(cat) -> None:
    # lv-zemgale, with a catalogue whose bronze needs only an overall score 0.5 points above
    # today's (no theme minimum). MO-2 = (66 + n) / 1,100 × 100 reaches level 1 (10 per 100
    # spaces) at n = 110 − 66 = 44; one level of one of the mobility theme's four criteria adds
    # 1/12 of the theme = 8.33 points × weight 0.10 = 0.83 overall points > 0.5.
    area = load_area("lv-zemgale")
    today = assess(area, cat)
    assert (area.facts.parking_spaces, area.facts.charging_points) == (1100, 66)
    assert today.criterion("MO-2").level == 0
    data = cat.to_yaml_dict()
    for level in data["levels"]:
        if level["id"] == "bronze":
            level["min_overall"], level["min_theme"] = today.overall_score + 0.5, None
    easy = Catalogue.model_validate(data)
    assert assess(area, easy).level == "not_certified"
    search = cheapest_next_level(area, easy, default_settings(area))
    found = {lever.key: pull for lever, pull in search.singles}
    assert found["charging_points"].amounts["charging_points"] == 44
    assert found["charging_points"].level == "bronze"
    assert assess(with_charging_points(area, 43), easy).level == "not_certified"
    assert assess(with_charging_points(area, 44), easy).overall_score == pytest.approx(
        today.overall_score + 0.1 * 100 / 12
    )


def test_pv_alone_lifts_lv_zemgale_and_is_the_smallest_step(cat) -> None:
    area = load_area("lv-zemgale")
    settings = default_settings(area)
    search = cheapest_next_level(area, cat, settings)
    pull = dict((lever.key, p) for lever, p in search.singles)["pv_mwp"]
    mwp = pull.amounts["pv_mwp"]
    assert assess(apply_levers(area, cat, settings, {"pv_mwp": mwp}), cat).level == "bronze"
    below = apply_levers(area, cat, settings, {"pv_mwp": round(mwp - 0.1, 1)})
    assert assess(below, cat).level == "not_certified"  # 0.1 MWp (the step) less does not


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
    done = subprocess.run(
        [sys.executable, "-m", "gia.cli", "next-level", "lv-zemgale"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "next level Bronze" in done.stdout
    assert (
        "On-site PV (MWp)" in done.stdout and "not reachable with this lever alone" in done.stdout
    )
    done = subprocess.run(
        [sys.executable, "-m", "gia.cli", "next-level", "de-mv-g3", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["level"] == "gold" and doc["target"] is None and doc["levers"] == []
    bad = subprocess.run(
        [sys.executable, "-m", "gia.cli", "next-level", "lv-zemgale", "--exchange", "LV01"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "SUPPLIER:RECEIVER" in bad.stderr
