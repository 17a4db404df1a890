"""What-if scenarios and catalogue comparison for workshops and methodology experts."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from gia.data.area import load_area
from gia.method.assessment import assess
from gia.method.catalogue import CatalogueError, load_catalogue
from gia.paths import project_root
from gia.workshop.whatif import scenario, with_extra_pv, with_renewable_contracts, with_thresholds

MINI = project_root() / "tests" / "fixtures" / "areas" / "mini-ok"


@pytest.fixture(scope="module")
def area():
    return load_area(MINI)


def test_extra_pv_raises_en1_by_its_share(area) -> None:
    cat = load_catalogue()
    before = assess(area, cat)
    after = assess(with_extra_pv(area, 1000.0), cat)
    fec, ren = before.inventory.final_energy_mwh, before.inventory.renewable_mwh
    # 1000 MWh more on both sides of the ratio
    assert after.criterion("EN-1").value == pytest.approx((ren + 1000) / (fec + 1000) * 100)
    # the loaded area is untouched
    assert assess(area, cat).criterion("EN-1").value == pytest.approx(
        before.criterion("EN-1").value
    )


def test_full_contract_share_makes_market_scope2_only_heat_and_h2(area) -> None:
    cat = load_catalogue()
    a = assess(with_renewable_contracts(area, 1.0), cat)
    t = a.inventory.tenants
    assert (t["contracted_applied_mwh"] == t["grid_electricity_mwh"]).all()
    base = assess(area, cat)
    assert a.inventory.scope2_market_tco2e < base.inventory.scope2_market_tco2e


def test_with_thresholds_is_validated_and_moves_the_level(area) -> None:
    cat = load_catalogue()
    value = assess(area, cat).criterion("EN-1").value
    easy = with_thresholds(cat, "EN-1", [value / 3, value / 2, value * 0.9])
    assert assess(area, easy).criterion("EN-1").level == 3
    with pytest.raises(ValueError):
        with_thresholds(cat, "EN-1", [90, 70, 50])  # out of order for higher-is-better
    assert scenario(area, cat).level == assess(area, cat).level


def test_gia_compare_names_the_change_and_the_area(tmp_path) -> None:
    data = yaml.safe_load((project_root() / "data/criteria/gia-v1.0.yaml").read_text("utf-8"))
    for entry in data["criteria"]:
        if entry["id"] == "EN-1":
            entry["thresholds"] = [20, 70, 90]
    new = tmp_path / "gia-v1.1-draft.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    load_catalogue(new)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gia.cli",
            "compare",
            str(project_root() / "data/criteria/gia-v1.0.yaml"),
            str(new),
            str(MINI),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "criteria[EN-1].thresholds[0]" in done.stdout
    assert "mini-ok" in done.stdout
    assert "EN-1 0→1" in done.stdout  # mini-ok's 29.5 % now meets 20 %


def test_broken_catalogue_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("methodology_version: '1.0'\nunknown_key: 1\n", "utf-8")
    with pytest.raises(CatalogueError):
        load_catalogue(bad)
