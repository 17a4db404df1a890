"""What-if scenarios for workshops: change an area's inputs or a criterion's thresholds, re-assess.

Scenarios never touch the files: they change a copy of the loaded :class:`~gia.data.area.Area`
or of the :class:`~gia.method.catalogue.Catalogue` and run the same
:func:`gia.method.assessment.assess`. The widget panel (:func:`panel`) wraps these functions
for JupyterLab; the functions alone serve scripts and tests.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import pandas as pd

from gia.data.area import Area
from gia.method.assessment import Assessment, assess
from gia.method.catalogue import Catalogue
from gia.method.inventory import OPERATOR

SCENARIO_ASSET = "whatif-pv"


def with_extra_pv(area: Area, mwh: float) -> Area:
    """Return a copy of ``area`` with ``mwh`` more area-owned PV generation, all used on site."""
    changed = copy.deepcopy(area)
    if mwh <= 0:
        return changed
    row = {"asset_id": SCENARIO_ASSET, "tenant_id": None, "technology": "pv",
           "capacity_kw": None, "generation_mwh": float(mwh), "exported_mwh": 0.0}
    generation = changed.table_or_empty("generation")
    changed.tables["generation"] = pd.concat([generation, pd.DataFrame([row])],
                                             ignore_index=True)
    return changed


def with_renewable_contracts(area: Area, share: float,
                             catalogue: Catalogue | None = None) -> Area:
    """Return a copy where every tenant's uncontracted grid electricity is ``share`` covered.

    A PPA row (market: the area's country, vintage: the reporting year, so that it qualifies
    under any catalogue) is added per tenant (and for the operator) for ``share`` (0..1) of
    the grid electricity not yet covered by contracts that count in the renewable share under
    ``catalogue`` (default: the project's).
    """
    from gia.method.catalogue import load_catalogue
    from gia.method.contracts import counted_mwh, qualify_contracts

    cat = catalogue or load_catalogue()
    changed = copy.deepcopy(area)
    if share <= 0:
        return changed
    energy = changed.table("energy")
    grid = energy[(energy["carrier"] == "electricity_grid") & (energy["use"] == "energy")]
    per_tenant = grid.groupby(grid["tenant_id"].fillna(OPERATOR).astype(str))["mwh"].sum()
    contracts = changed.table_or_empty("contracts")
    verdicts, _ = qualify_contracts(contracts, area.country, area.reporting_year,
                                    cat.accounting.contract_quality)
    counted = counted_mwh(verdicts, cat.accounting.renewable_instruments)
    covered = counted.groupby(counted["tenant_id"].fillna(OPERATOR).astype(str))[
        "mwh"].sum() if len(counted) else pd.Series(dtype=float)
    rows = []
    for tenant, mwh in per_tenant.items():
        open_mwh = max(0.0, float(mwh) - float(covered.get(tenant, 0.0)))
        if open_mwh > 0:
            rows.append({"tenant_id": None if tenant == OPERATOR else tenant,
                         "instrument": "ppa", "mwh": open_mwh * min(share, 1.0),
                         "technology": "wind", "market": area.country,
                         "vintage_year": area.reporting_year})
    if rows:
        changed.tables["contracts"] = pd.concat([contracts, pd.DataFrame(rows)],
                                                ignore_index=True)
    return changed


def with_thresholds(catalogue: Catalogue, criterion_id: str,
                    thresholds: Sequence[float]) -> Catalogue:
    """Return a copy of ``catalogue`` with new thresholds for one criterion (validated)."""
    data = catalogue.to_yaml_dict()
    for entry in data["criteria"]:
        if entry["id"] == criterion_id:
            entry["thresholds"] = [float(t) for t in thresholds]
            break
    else:
        raise KeyError(criterion_id)
    return Catalogue.model_validate(data)


def scenario(area: Area, catalogue: Catalogue, *, extra_pv_mwh: float = 0.0,
             contract_share: float = 0.0) -> Assessment:
    """Assess ``area`` with extra PV and renewable contracts under ``catalogue``."""
    changed = with_renewable_contracts(with_extra_pv(area, extra_pv_mwh), contract_share,
                                       catalogue)
    return assess(changed, catalogue)


def summary_line(a: Assessment, criteria: Sequence[str] = ("EN-1", "EM-1")) -> str:
    """Return one line: level, overall score and the named criteria's values and levels."""
    from gia.reports.scorecard import display_value

    overall = "n/a" if a.overall_score is None else f"{a.overall_score:.1f} %"
    parts = [f"level {a.level.replace('_', ' ')}", f"overall {overall}"]
    for cid in criteria:
        r = a.criterion(cid)
        parts.append(f"{cid} {display_value(r.value, r.unit)} {r.unit} (level {r.level})")
    return "; ".join(parts)


def panel(area: Area, catalogue: Catalogue) -> Any:
    """Return an ipywidgets panel: inputs and one criterion's thresholds, the level live."""
    import ipywidgets as w
    from IPython.display import display

    ids = [c.id for c in catalogue.criteria]
    pv = w.FloatSlider(description="extra PV (MWh)", min=0, max=max(
        1000.0, round(assess(area, catalogue).inventory.final_energy_mwh, -2)), step=100,
        continuous_update=False, style={"description_width": "initial"})
    ppa = w.FloatSlider(description="grid covered by new PPAs", min=0, max=1, step=0.05,
                        continuous_update=False, style={"description_width": "initial"})
    which = w.Dropdown(options=ids, value="EN-1", description="criterion")
    boxes = [w.FloatText(description=f"L{i}", layout=w.Layout(width="12em")) for i in (1, 2, 3)]
    out = w.Output()

    def load_thresholds(*_: Any) -> None:
        for box, value in zip(boxes, catalogue.criterion(which.value).thresholds, strict=True):
            box.value = value

    def update(*_: Any) -> None:
        out.clear_output()
        with out:
            try:
                cat = with_thresholds(catalogue, which.value, [b.value for b in boxes])
            except Exception as exc:  # shown to the workshop, never swallowed
                print(f"thresholds not valid: {exc}")
                return
            a = scenario(area, cat, extra_pv_mwh=pv.value, contract_share=ppa.value)
            print(summary_line(a, ("EN-1", "EM-1", which.value) if which.value not in
                                  ("EN-1", "EM-1") else ("EN-1", "EM-1")))
            display(pd.DataFrame({"theme": list(a.themes), "score (%)": list(a.themes.values())}))

    load_thresholds()
    which.observe(lambda change: (load_thresholds(), update()), names="value")
    for widget in (pv, ppa, *boxes):
        widget.observe(update, names="value")
    update()
    return w.VBox([w.HBox([pv, ppa]), w.HBox([which, *boxes]), out])
