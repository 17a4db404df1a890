"""The what-if panel driven through its widgets, without a browser."""

from __future__ import annotations

import asyncio

import pytest

from gia.data.area import load_area
from gia.method.assessment import assess
from gia.method.catalogue import load_catalogue
from gia.workshop.whatif_panel import WhatIfPanel


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def zemgale():
    return load_area("lv-zemgale")


def test_sliders_move_the_scenario_beside_today(zemgale, cat) -> None:
    p = WhatIfPanel(zemgale, cat, debounce=0)
    assert p.compare.value.count("Not certified") == 2  # today and the (empty) scenario
    assert "No criterion changes level" in p.moved.value
    # 40 MWp × 969.6 MWh/MWp replace 38,784 MWh of grid electricity: EM-1 level 1 → 2, EM-2
    # 0 → 3, the emissions theme from 1/6 to 5/6 points and the area to bronze
    p.sliders["pv_mwp"].value = 40.0
    assert "<td>Bronze</td>" in p.compare.value and "<td>Not certified</td>" in p.compare.value
    assert "EM-1 GHG intensity of energy use" in p.moved.value
    assert "Emissions 16.7 → 83.3 %" in p.chart.value  # the chart's alt text
    assert 'alt="Theme scores today and in the scenario' in p.chart.value
    p.sliders["pv_mwp"].value = 0.0
    assert p.compare.value.count("Not certified") == 2


def test_a_factor_box_switches_its_lever_on(zemgale, cat) -> None:
    p = WhatIfPanel(zemgale, cat, debounce=0)
    assert "heat_pump_pct" not in p.sliders
    assert "Heat pumps replacing gas boilers (% of gas): needs Heat pump COP" in p.hint.value
    p.setting_boxes["heat_pump_cop"].value = 3.0
    assert "heat_pump_pct" in p.sliders and "Heat pump COP" not in p.hint.value
    p.sliders["heat_pump_pct"].value = 100.0
    assert p.values() == {"heat_pump_pct": 100.0}
    assert p.after.inventory.final_energy_mwh == pytest.approx(
        assess(zemgale, cat).inventory.final_energy_mwh
    )  # gas = electricity + ambient heat
    p.setting_boxes["heat_pump_cop"].value = 0.0
    assert p.sliders["heat_pump_pct"].disabled and p.values() == {}


def test_changes_are_debounced() -> None:
    async def slide() -> tuple[int, int]:
        p = WhatIfPanel(load_area("lv-zemgale"), load_catalogue(), debounce=0.2)
        start = p.refreshes
        for mwp in (5.0, 10.0, 15.0, 20.0, 25.0):
            p.sliders["pv_mwp"].value = mwp
        during = p.refreshes - start
        await asyncio.sleep(0.6)
        return during, p.refreshes - start

    during, after = asyncio.run(slide())
    assert (during, after) == (0, 1)


def test_next_level_button_and_save_button(zemgale, cat, tmp_path) -> None:
    p = WhatIfPanel(zemgale, cat, debounce=0, scenario_dir=tmp_path)
    p.next_button.click()
    assert "next level Bronze" in p.next_out.value and "5.4 MWp" in p.next_out.value
    p.sliders["ppa_pct"].value = 14.0
    p.name.value = "PPAs 14"
    p.save_button.click()
    folder = tmp_path / "lv-zemgale-scenario-ppas-14"
    assert (folder / "area.yaml").is_file() and "Saved:" in p.save_out.value
    saved = load_area(folder)
    assert saved.facts.scenario.levers == {"ppa_pct": 14.0}
    assert assess(saved, cat).level == p.after.level == "bronze"
    p.save_button.click()  # again: refused without --force
    assert "exists" in p.save_out.value
    p.force.value = True
    p.save_button.click()
    assert "Saved:" in p.save_out.value


def test_threshold_boxes_change_the_scenario_column_only(zemgale, cat) -> None:
    p = WhatIfPanel(zemgale, cat, debounce=0)
    em1 = assess(zemgale, cat).criterion("EM-1").value
    p.criterion.value = "EM-1"
    assert [b.value for b in p.thresholds] == [0.2, 0.1, 0.025]
    p.thresholds[1].value = round(em1 + 0.01, 3)  # level 2 (≤ L2) now holds: emissions 2/6
    assert "EM-1 GHG intensity of energy use" in p.moved.value
    assert "<td>Bronze</td>" in p.compare.value
    p.thresholds[1].value = 0.3  # above L1: out of order, shown, not raised
    assert "<b>" in p.compare.value and "Bronze" not in p.compare.value
