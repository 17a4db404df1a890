"""The JSON Schemas the project publishes (docs/schemas/), from its pydantic models.

An editor that reads JSON Schema checks a catalogue while an expert types it (the catalogues
name their schema in a ``# yaml-language-server: $schema=`` line), and any reader of
results.json can validate it without Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _results() -> dict[str, Any]:
    from gia.reports.results import Results

    return Results.model_json_schema(mode="serialization")


def _catalogue() -> dict[str, Any]:
    from gia.method.catalogue import Catalogue

    return Catalogue.model_json_schema(mode="validation")


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {"results": _results, "catalogue": _catalogue}
"""The published schemas by name (``gia schema NAME``)."""


def schema(name: str) -> dict[str, Any]:
    """Return a published JSON Schema by name (:data:`SCHEMAS`)."""
    return {"$schema": SCHEMA_DIALECT, **SCHEMAS[name]()}


def schema_text(name: str) -> str:
    """Return a published JSON Schema as the text of its file."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
