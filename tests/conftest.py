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


FIRST = "test_published.py"
"""The longest module (every published area re-executed in fresh kernels): started first, so
that the other worker runs the rest of the suite meanwhile instead of waiting for it at the end."""


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.name != FIRST)  # stable: the rest keeps its order
