"""Shared fixtures of the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from gia.testing import write_area


@pytest.fixture
def build_area(tmp_path):
    """Return ``build(facts, tables) -> Path``: an area folder written under ``tmp_path``."""

    def build(facts: dict, tables: dict) -> Path:
        return write_area(tmp_path, facts, tables)

    return build


V10 = Path(__file__).resolve().parents[1] / "data" / "criteria" / "gia-v1.0.yaml"
"""Methodology v1.0's catalogue: the hand-worked values of the v1.0 test modules."""


@pytest.fixture
def methodology_v10(monkeypatch):
    """Make v1.0 the default catalogue (modules whose arithmetic is v1.0's use it).

    v1.1's hand-worked values are in ``tests/test_v11.py``.
    """
    monkeypatch.setattr("gia.method.catalogue.loading.default_catalogue_path", lambda: V10)


FIRST = "test_published.py"
"""The longest module (every published area re-executed in fresh kernels): started first, so
that the other worker runs the rest of the suite meanwhile instead of waiting for it at the end."""


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.name != FIRST)  # stable: the rest keeps its order
