"""The source notebooks: one per criterion, one shape, committed without outputs."""

from __future__ import annotations

import re

import nbformat
import pytest

from gia.method.catalogue import load_catalogue
from gia.method.criteria import REGISTRY, function_for
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
    assert values == {"area": "lv-zemgale", "catalogue": None, "lang": "en"}
    assert "reports/published/lv-zemgale" in (ROOT / "pyproject.toml").read_text("utf-8")


def test_calibration_defaults_to_a_synthetic_population() -> None:
    """nbval runs the calibration notebook as committed: 20 synthetic areas, catalogue v1.1."""
    nb = nbformat.read(ROOT / "notebooks/methodology/calibration.ipynb", as_version=4)
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    values: dict = {}
    exec(params.source, {}, values)  # noqa: S102 - the project's own notebook
    assert values == {"catalogue": None, "areas": None, "lang": "en"}
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

    import gia.reports.notebook as gnb

    area = tmp_path / "mini-ok"
    shutil.copytree(ROOT / "tests" / "fixtures" / "areas" / "mini-ok", area)
    before = gnb.assessment(str(area)).criterion("GM-1").value
    text = (area / "area.yaml").read_text("utf-8")
    (area / "area.yaml").write_text(
        text.replace(f"net_zero_target_year: {before:.0f}", "net_zero_target_year: 2039"), "utf-8"
    )
    # a workshop edits the data and re-runs the cell: the change shows
    assert gnb.assessment(str(area)).criterion("GM-1").value == 2039


CRITERION_NOTEBOOKS = sorted((ROOT / "notebooks" / "criteria").glob("*.ipynb"))
CATALOGUES = [
    load_catalogue(ROOT / "data" / "criteria" / name) for name in ("gia-v1.0.yaml", "gia-v1.1.yaml")
]
_MATH = re.compile(r"\$[^$\n]+\$")
_NUMBER = re.compile(r"(?<!scope )(?<!Scope )(?<![\w.-])\d+(?:\.\d+)?(?![\w-])")


def _numbers(value: object) -> set[float]:
    """Every number in a catalogue value (thresholds, parameters), nested lists and maps too."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int | float):
        return {float(value)}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(_numbers(v) for v in value)) if value else set()
    return set()


def _methodology_values(criterion_id: str) -> tuple[set[float], set[str]]:
    """The criterion's thresholds and parameter values, and every source key and citation."""
    numbers: set[float] = set()
    sources: set[str] = set()
    for cat in CATALOGUES:
        sources |= set(cat.sources) | {c[:40] for c in cat.sources.values()}
        if criterion_id in cat.criterion_ids:
            crit = cat.criterion(criterion_id)
            numbers |= _numbers(crit.thresholds) | _numbers(crit.parameters)
    return numbers, sources


@pytest.mark.parametrize("path", CRITERION_NOTEBOOKS, ids=lambda p: p.name)
def test_no_formula_threshold_or_source_typed_into_a_notebook(path) -> None:
    """Formulas, rules, thresholds and sources come from the catalogue the notebook runs under.

    A criterion notebook's text must hold no LaTeX formula, none of its criterion's thresholds
    or parameter values (in either methodology version), no source key or citation, and no
    "methodology choices" of its own: those are rendered from the catalogue
    (``gnb.formula``, ``gnb.thresholds``, ``gnb.rules``).
    """
    numbers, sources = _methodology_values(path.stem)
    nb = nbformat.read(path, as_version=4)
    assert any(f'gnb.formula(a, "{path.stem}")' in c.source for c in nb.cells)
    assert any(f'gnb.rules(a, "{path.stem}")' in c.source for c in nb.cells)
    for index, cell in enumerate(nb.cells):
        where = f"{path.name} cell {index + 1}"
        if cell.cell_type != "markdown":
            continue
        assert not _MATH.search(cell.source), f"{where}: a formula typed by hand"
        assert "methodology choices" not in cell.source.lower().split("\n")[0].replace(
            "rules and methodology choices", ""
        ), f"{where}: methodology choices typed by hand"
        typed = {n for n in _NUMBER.findall(cell.source) if float(n) in numbers}
        assert not typed, f"{where}: thresholds or parameters typed by hand: {sorted(typed)}"
        for source in sources:
            assert not re.search(rf"(?<![\w-]){re.escape(source)}(?![\w-])", cell.source), (
                f"{where}: source {source!r} typed by hand"
            )
