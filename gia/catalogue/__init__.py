"""The criteria catalogue: the methodology as validated data.

- :mod:`gia.catalogue.models`: the strict pydantic models (what a catalogue may say);
- :mod:`gia.catalogue.rules`: the rules across keys, one function each;
- :mod:`gia.catalogue.errors`: how problems are named (file, key path, message);
- :mod:`gia.catalogue.loading`: reading a file safely, with a cache.

Comparing two catalogues is :mod:`gia.compare`'s job.
"""

from gia.catalogue.errors import CatalogueError
from gia.catalogue.loading import load_catalogue
from gia.catalogue.models import (
    Catalogue,
    Criterion,
    Indicator,
    Level,
    Prerequisite,
    ReferenceChoice,
    Settings,
    Theme,
)
from gia.methodology import Accounting, Change, Route

__all__ = [
    "Accounting",
    "Catalogue",
    "CatalogueError",
    "Change",
    "Criterion",
    "Indicator",
    "Level",
    "Prerequisite",
    "ReferenceChoice",
    "Route",
    "Settings",
    "Theme",
    "load_catalogue",
]
