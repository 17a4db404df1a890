"""The standard's generated pages equal what their catalogues render (`gia docs`)."""

from __future__ import annotations

import pytest

from gia.method.catalogue import load_catalogue
from gia.paths import project_root
from gia.reports.standard_docs import render

ROOT = project_root()
PAGES = [
    ("data/criteria/gia-v1.1.yaml", "criteria", "docs/standard/criteria-v1.1.md"),
    ("data/criteria/gia-v1.0.yaml", "criteria", "docs/standard/criteria-v1.0.md"),
    ("data/criteria/gia-v1.1.yaml", "changelog", "docs/standard/changelog-v1.1.md"),
]


@pytest.mark.parametrize(("catalogue", "page", "out"), PAGES, ids=[p[2] for p in PAGES])
def test_committed_page_equals_the_generated_one(catalogue, page, out):
    expected = render(load_catalogue(ROOT / catalogue), page, catalogue, out)
    assert (ROOT / out).read_text("utf-8") == expected, (
        f"{out} is stale: run gia docs --catalogue {catalogue} --page {page} --out {out}"
    )


def test_reference_names_every_criterion_threshold_and_change():
    cat = load_catalogue(ROOT / "data/criteria/gia-v1.1.yaml")
    text = render(cat, "criteria", "c.yaml", "o.md")
    for c in cat.criteria:
        assert f"### {c.id} {c.title}" in text
    assert "| Gold | 65 | 50 | DGNB-3 |" in text
    log = render(cat, "changelog", "c.yaml", "o.md")
    for ch in cat.changes:
        assert f"## {ch.id} {ch.title}" in log and " ".join(ch.reason.split()) in log


def test_the_standard_pages_exist_and_readme_links_there():
    for name in ("README.md", "v1.0.md", "v1.1.md"):
        assert (ROOT / "docs" / "standard" / name).is_file()
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/standard/" in readme and "../shared" not in readme
