"""The criteria catalogue: the methodology as validated data.

- :mod:`gia.method.catalogue.models`: the strict pydantic models (what a catalogue may say);
- :mod:`gia.method.catalogue.rules`: the rules across keys, one function each;
- :mod:`gia.method.catalogue.errors`: how problems are named (file, key path, message);
- :mod:`gia.method.catalogue.loading`: reading a file safely, with a cache.

Comparing two catalogues is :mod:`gia.method.compare`'s job.
"""

from gia.method.catalogue.errors import CatalogueError
from gia.method.catalogue.loading import load_catalogue
from gia.method.catalogue.models import (
    Alternative,
    Catalogue,
    Criterion,
    Indicator,
    Level,
    Prerequisite,
    ReferenceChoice,
    Settings,
    Theme,
)
from gia.method.methodology import Accounting, Change, Route

__all__ = [
    "Accounting",
    "Alternative",
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
