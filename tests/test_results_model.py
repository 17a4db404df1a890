"""results.json has one definition: the model gives the published bytes and the published schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from gia.cli import example_area_ids
from gia.data.area import load_area
from gia.method.assessment import assess
from gia.method.catalogue import load_catalogue
from gia.paths import project_root
from gia.reports.reportfolder import collect_results
from gia.reports.results import Results, dumps_results
from gia.reports.schemas import schema as published_schema

ROOT = project_root()
PUBLISHED = {"1.1": ROOT / "reports" / "published", "1.0": ROOT / "reports" / "published" / "v1.0"}
CATALOGUES = {"1.1": "data/criteria/gia-v1.1.yaml", "1.0": "data/criteria/gia-v1.0.yaml"}
AREAS = example_area_ids()
SCHEMA = ROOT / "docs" / "schemas" / "results.schema.json"


@pytest.mark.parametrize("version", sorted(PUBLISHED))
@pytest.mark.parametrize("area_id", AREAS)
def test_in_process_results_are_the_published_bytes(version: str, area_id: str) -> None:
    cat = load_catalogue(ROOT / CATALOGUES[version])
    published = (PUBLISHED[version] / area_id / "results.json").read_text("utf-8")
    results = assess(load_area(area_id, catalogue=cat), cat).results()
    assert dumps_results(results) == published
    # and the report folder's way, from what its notebooks recorded
    rebuilt = collect_results(PUBLISHED[version] / area_id / "notebooks", cat)
    assert dumps_results(rebuilt) == published


@pytest.mark.parametrize("version", sorted(PUBLISHED))
def test_published_results_validate_against_the_published_schema(version: str) -> None:
    results_schema = json.loads(SCHEMA.read_text("utf-8"))
    assert results_schema == published_schema("results")  # `make docs` writes docs/schemas
    for area_id in AREAS:
        doc = json.loads((PUBLISHED[version] / area_id / "results.json").read_text("utf-8"))
        jsonschema.validate(doc, results_schema)
        assert Results.model_validate(doc).document() == doc


def test_schema_rejects_what_the_model_rejects() -> None:
    doc = json.loads((PUBLISHED["1.1"] / AREAS[0] / "results.json").read_text("utf-8"))
    results_schema = published_schema("results")
    broken = json.loads(json.dumps(doc))
    broken["level"] = "platinum"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, results_schema)
    broken = json.loads(json.dumps(doc))
    broken["criteria"][0]["colour"] = "green"  # an unknown key
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, results_schema)


def test_results_are_frozen() -> None:
    doc = json.loads((PUBLISHED["1.1"] / AREAS[0] / "results.json").read_text("utf-8"))
    results = Results.model_validate(doc)
    with pytest.raises(ValueError, match="frozen"):
        results.level = "gold"  # type: ignore[misc]


def test_themes_follow_the_catalogue_whatever_order_they_were_recorded_in() -> None:
    doc = json.loads((PUBLISHED["1.1"] / AREAS[0] / "results.json").read_text("utf-8"))
    results = Results.model_validate(doc)
    summary = results.summary_record().model_copy(
        update={"themes": dict(sorted(results.themes.items()))}
    )  # as Jupyter stores them
    again = Results.assemble(
        summary, results.inventory_record(), results.criteria, list(results.themes)
    )
    assert list(again.themes) == list(results.themes)
    assert dumps_results(again) == dumps_results(results)
