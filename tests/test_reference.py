"""Reference factor lookups: nearest year, fallback set, EU, unknown countries, GWP."""

from __future__ import annotations

import shutil

import pytest

from gia.data.reference import ReferenceFactorError, ReferenceFactors, load_reference
from gia.paths import reference_dir


@pytest.fixture(scope="module")
def ref() -> ReferenceFactors:
    return load_reference()


@pytest.fixture
def custom_ref(tmp_path):
    """A copy of the reference tables whose residual mix has only 2020 and 2024 for XX."""
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    with (folder / "residual_mix.csv").open("a", encoding="utf-8") as f:
        f.write("XX,2020,0.5,test,test row 2020\nXX,2024,0.4,test,test row 2024\n")
    return ReferenceFactors(folder)


# ------------------------------------------------------------------------- nearest year


def test_exact_year_has_no_warning(ref):
    lookup = ref.grid_factor("LV", 2024, "direct", "lifecycle")
    assert (lookup.value, lookup.year, lookup.warning) == (0.075, 2024, None)
    assert lookup.table == "grid_electricity" and "EEA" in lookup.source


def test_later_year_takes_the_nearest_earlier(ref):
    lookup = ref.grid_factor("LV", 2025, "direct", "lifecycle")
    assert (lookup.value, lookup.year) == (0.075, 2024)
    assert lookup.warning == "grid_electricity: no direct factor for LV 2025; 2024 used"


def test_year_before_every_row_takes_the_nearest_later(ref):
    lookup = ref.grid_factor("LV", 2020, "direct", "lifecycle")
    assert (lookup.value, lookup.year) == (0.068, 2023)
    assert lookup.warning == "grid_electricity: no direct factor for LV 2020; 2023 used"


def test_earlier_preferred_when_both_are_equally_near(ref):
    # district_heat.csv has DK 2023 and 2025: for 2024 the earlier one is used
    lookup = ref.district_heat("DK", 2024)
    assert (lookup.value, lookup.year) == (0.105, 2023)
    assert lookup.warning == "district_heat: no district-heat factor for DK 2024; 2023 used"


def test_earlier_preferred_even_when_the_later_is_nearer(custom_ref):
    lookup = custom_ref.residual_mix("XX", 2023)  # 2024 is 1 year away, 2020 is 3
    assert (lookup.value, lookup.year) == (0.5, 2020)
    assert lookup.warning == "residual_mix: no residual mix for XX 2023; 2020 used"
    assert custom_ref.residual_mix("XX", 2019).year == 2020  # none earlier: nearest later
    assert custom_ref.residual_mix("XX", 2030).year == 2024


# ----------------------------------------------------------------------- fallback set


def test_direct_falls_back_to_lifecycle_with_a_warning(ref):
    lookup = ref.grid_factor("AZ", 2024, "direct", "lifecycle")
    assert (lookup.value, lookup.year) == (0.63434, 2024)
    assert lookup.warning == (
        "grid_electricity: no direct factor for AZ; lifecycle factor 2024 used"
    )


def test_fallback_also_takes_the_nearest_year(ref):
    lookup = ref.grid_factor("AZ", 2030, "direct", "lifecycle")
    assert lookup.year == 2025
    assert "lifecycle factor 2025 used" in lookup.warning


def test_lifecycle_asked_directly_has_no_warning(ref):
    assert ref.grid_factor("AZ", 2023, "lifecycle", "direct").warning is None


# ------------------------------------------------------------------- countries, EU


def test_eu_is_never_an_area_country(ref):
    assert not ref.has_country("EU")
    with pytest.raises(ReferenceFactorError, match="comparison only"):
        ref.grid_factor("EU", 2024, "lifecycle", "lifecycle")
    with pytest.raises(ReferenceFactorError, match="renewable share"):
        ref.renewable_share("EU", 2024, "lifecycle")


def test_unknown_country_names_the_factor(ref):
    assert not ref.has_country("FR")
    with pytest.raises(ReferenceFactorError) as info:
        ref.grid_factor("FR", 2024, "direct", "lifecycle")
    message = str(info.value)
    assert "grid factor" in message and "'FR'" in message and "grid_electricity" in message


def test_missing_optional_factors_are_none(ref):
    assert ref.residual_mix("AZ", 2024) is None
    assert ref.district_heat("LV", 2024) is None
    assert ref.residual_mix("LV", 2024).value == 0.50422


def test_renewable_share(ref):
    lookup = ref.renewable_share("LV", 2024, "lifecycle")
    assert lookup.value == pytest.approx(0.7346)
    with pytest.raises(ReferenceFactorError, match="renewable share"):
        ref.renewable_share("LV", 2024, "direct")  # the direct rows have no share


# --------------------------------------------------------------------------------- gwp


def test_gwp_by_alias(ref):
    assert ref.gwp("R-134a", "ar6") == 1530
    assert ref.gwp("R-134a", "ar5") == 1300
    assert ref.gwp("HFC-134a", "ar6") == 1530
    assert ref.gas_key("R-134a") == "HFC-134a"


def test_gwp_methane(ref):
    assert ref.gwp("CH4_fossil", "ar6") == 29.8
    assert ref.gwp("CH4_biogenic", "ar6") == 27.0
    assert ref.gas_key("CH4") is None
    with pytest.raises(ReferenceFactorError, match="no gas or alias 'CH4'"):
        ref.gwp("CH4", "ar6")


def test_gwp_unknown_set(ref):
    with pytest.raises(ReferenceFactorError, match="ar4"):
        ref.gwp("CO2", "ar4")


# ------------------------------------------------------------------------ fuels, files


def test_fuels(ref):
    assert ref.is_fuel("diesel") and not ref.is_fuel("electricity_grid")
    assert ref.fuel("natural_gas")["ncv_gj_per_t"] == 48.0
    with pytest.raises(ReferenceFactorError, match="district_heat"):
        ref.fuel("district_heat")


def test_missing_table_is_an_error(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    (folder / "gwp.csv").unlink()
    with pytest.raises(ReferenceFactorError, match="gwp.csv"):
        ReferenceFactors(folder)


def test_file_hashes(ref):
    hashes = ref.file_hashes()
    assert set(hashes) == {
        "fuels.csv",
        "grid_electricity.csv",
        "residual_mix.csv",
        "gwp.csv",
        "district_heat.csv",
        "product_benchmarks.csv",
    }
    assert all(len(h) == 64 for h in hashes.values())
