"""The published JSON Schemas are what the models say, and both catalogues validate."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from gia.paths import project_root
from gia.reports.schemas import SCHEMAS, schema, schema_text

ROOT = project_root()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_published_schema_is_current(name: str) -> None:
    published = ROOT / "docs" / "schemas" / f"{name}.schema.json"
    assert published.read_text("utf-8") == schema_text(name), "run `make docs`"


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_catalogues_validate_against_the_published_schema(version: str) -> None:
    path = ROOT / "data" / "criteria" / f"gia-v{version}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    jsonschema.validate(
        data, json.loads((ROOT / "docs/schemas/catalogue.schema.json").read_text("utf-8"))
    )
    first = path.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../docs/schemas/catalogue.schema.json"


def test_catalogue_schema_catches_a_typo_and_a_wrong_type() -> None:
    data = yaml.safe_load((ROOT / "data/criteria/gia-v1.1.yaml").read_text("utf-8"))
    typo = json.loads(json.dumps(data))
    typo["criteria"][0]["treshold"] = [1, 2, 3]
    with pytest.raises(jsonschema.ValidationError, match="treshold"):
        jsonschema.validate(typo, schema("catalogue"))
    wrong = json.loads(json.dumps(data))
    wrong["themes"][0]["weight"] = "a quarter"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema("catalogue"))
