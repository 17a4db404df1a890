"""One small function per criterion, registered by id, grouped by theme.

The machinery is in :mod:`gia.method.criteria.base` (the context a criterion reads, its
measure and result, the registry); each theme module registers its criteria when imported,
and all of them are imported here, so that importing :mod:`gia.method.criteria` gives the
complete registry.
"""

from gia.method.criteria import (  # noqa: F401 - registering the theme's criteria
    biodiversity_water,
    buildings,
    circularity,
    emissions,
    energy,
    governance,
    informative,
    land,
    mobility,
)
from gia.method.criteria.base import (
    INSUFFICIENT,
    NOT_APPLICABLE,
    OK,
    REGISTRY,
    Context,
    CriterionResult,
    IndicatorResult,
    Measure,
    category_share,
    criterion,
    evaluate,
    evaluate_indicator,
    function_for,
    insufficient,
    not_applicable,
    share,
    tenant_names,
)

__all__ = [
    "INSUFFICIENT",
    "NOT_APPLICABLE",
    "OK",
    "REGISTRY",
    "Context",
    "CriterionResult",
    "IndicatorResult",
    "Measure",
    "category_share",
    "criterion",
    "evaluate",
    "evaluate_indicator",
    "function_for",
    "insufficient",
    "not_applicable",
    "share",
    "tenant_names",
]
