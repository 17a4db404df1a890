"""Shared fixtures of the test suite."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from areas_builder import write_area  # noqa: E402


@pytest.fixture
def build_area(tmp_path):
    """Return ``build(facts, tables) -> Path``: an area folder written under ``tmp_path``."""

    def build(facts: dict, tables: dict) -> Path:
        return write_area(tmp_path, facts, tables)

    return build
