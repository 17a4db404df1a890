"""The source notebooks: one per criterion, one shape, committed without outputs."""

from __future__ import annotations

import nbformat
import pytest

from gia.catalogue import load_catalogue
from gia.criteria import REGISTRY, function_for
from gia.paths import project_root

ROOT = project_root()
SOURCES = sorted((ROOT / "notebooks").rglob("*.ipynb"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_committed_without_outputs(path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert nb.metadata.kernelspec.name == "gia"


AREA_NOTEBOOKS = [p for p in SOURCES if p.parent.name != "methodology"]
"""Notebooks of one area (the methodology notebooks take a folder of areas)."""


@pytest.mark.parametrize("path", AREA_NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_default_to_the_area_nbval_runs(path) -> None:
    """Opened in Jupyter, a notebook runs on lv-zemgale: the published area nbval re-executes.

    nbval runs the published notebooks of that area (pyproject.toml, testpaths), that is these
    notebooks with these values, from a folder of their own.
    """
    nb = nbformat.read(path, as_version=4)
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    values: dict = {}
    exec(params.source, {}, values)  # noqa: S102 - the project's own notebook
    assert values == {"area": "lv-zemgale", "catalogue": None}
    assert "reports/published/lv-zemgale" in (ROOT / "pyproject.toml").read_text("utf-8")


def test_calibration_defaults_to_a_synthetic_population() -> None:
    """nbval runs the calibration notebook as committed: 20 synthetic areas, catalogue v1.1."""
    nb = nbformat.read(ROOT / "notebooks/methodology/calibration.ipynb", as_version=4)
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    values: dict = {}
    exec(params.source, {}, values)  # noqa: S102 - the project's own notebook
    assert values == {"catalogue": None, "areas": None}
    assert "notebooks/methodology/calibration.ipynb" in (ROOT / "pyproject.toml").read_text()


def test_every_criterion_has_a_notebook_and_a_function() -> None:
    catalogue = load_catalogue()
    for criterion in catalogue.criteria:
        path = ROOT / "notebooks" / "criteria" / f"{criterion.id}.ipynb"
        assert path.is_file(), criterion.id
        text = path.read_text("utf-8")
        assert f'a.criterion(\\"{criterion.id}\\")' in text
        assert "NBVAL_CHECK_OUTPUT" in text and "gnb.verdict" in text
        assert function_for(criterion.id).criterion_id == criterion.id
    for indicator in catalogue.informative:
        assert indicator.id in REGISTRY


def test_assessment_reads_the_area_afresh(tmp_path) -> None:
    import shutil

    import gia.notebook as gnb

    area = tmp_path / "mini-ok"
    shutil.copytree(ROOT / "tests" / "fixtures" / "areas" / "mini-ok", area)
    before = gnb.assessment(str(area)).criterion("GM-1").value
    text = (area / "area.yaml").read_text("utf-8")
    (area / "area.yaml").write_text(
        text.replace(f"net_zero_target_year: {before:.0f}", "net_zero_target_year: 2039"),
        "utf-8")
    # a workshop edits the data and re-runs the cell: the change shows
    assert gnb.assessment(str(area)).criterion("GM-1").value == 2039
