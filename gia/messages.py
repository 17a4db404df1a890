"""Every label that reaches a report or a displayed table, by message key (English).

One table, so that the languages issue can translate it: code and templates ask for a key
(:func:`message`), never write a label themselves. Keys are dotted: ``report.*`` for the page,
``column.*`` for table headers (the column name after the dot), ``level.*`` and ``status.*``
for the words of results.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ the report page
    "report.title": "{name}: assessment report, reporting year {year}",
    "report.kind": "GIA certification assessment",
    "report.contents": "Contents",
    "report.certificate": "Certificate",
    "report.area": "Area",
    "report.location": "Location",
    "report.reporting_year": "Reporting year",
    "report.level": "Level",
    "report.route": "Route",
    "report.route.unknown": "single route (methodology without routes)",
    "report.overall_score": "Overall score",
    "report.why": "Why this level",
    "report.themes": "Theme scores",
    "report.theme": "Theme",
    "report.weight": "Weight",
    "report.weight.inline": "weight",
    "report.score": "Score",
    "report.bands": "Level bands",
    "report.band": "{level}: overall ≥ {overall}{theme}",
    "report.band.theme": ", every theme ≥ {minimum}",
    "report.criteria": "Criteria",
    "report.criterion": "Criterion",
    "report.value": "Value",
    "report.points": "Points",
    "report.gap": "Gap to the next level",
    "report.mandatory": "mandatory",
    "report.mandatory.mark": "M",
    "report.mandatory.legend": "M: mandatory criterion (below level 1 blocks certification).",
    "report.prerequisites": "Prerequisites",
    "report.passed": "passed",
    "report.failed": "FAILED",
    "report.data_quality": "Data quality",
    "report.metered_share": "Metered share of energy (MWh of energy rows)",
    "report.fallbacks": "Factor fallbacks and data warnings",
    "report.fallbacks.none": "none",
    "report.more": "{count} more",
    "report.running_header": "{area} · {level} · {date}",
    "report.insufficient": "Criteria with insufficient data",
    "report.insufficient.none": "none",
    "report.provenance": "Methodology and provenance",
    "report.methodology": "Methodology",
    "report.catalogue_hash": "Catalogue sha256",
    "report.assessed": "Assessment date",
    "report.software": "Software",
    "report.commit": "Commit",
    "report.commit.dirty": "{commit} (with uncommitted changes)",
    "report.commit.none": "not from a git checkout",
    "report.verify": "How to verify",
    "report.verify.text": "Re-execute this report and compare every result: {command}. The "
                          "executed notebooks (notebooks/) hold every calculation; "
                          "results.json the unrounded values; manifest.json the sha256 of "
                          "every input.",
    "report.inventory": "Inventory and informative indicators",
    "report.inventory.totals": "Totals",
    "report.inventory.informative": "Informative indicators (not scored)",
    "report.measures": "What it measures",
    "report.result": "Result",
    "report.thresholds": "Thresholds",
    "report.threshold": "{level} {condition}",
    "report.status": "Status",
    "report.key_values": "Key values",
    "report.not_counted": "What did not count, and why",
    "report.not_counted.none": "The key values show what counted; the executed notebook "
                               "shows every row.",
    "report.choices": "Methodology choices (what the standard leaves open)",
    "report.warnings": "Warnings",
    "report.warnings.none": "No warnings.",
    "report.sources": "Sources",
    "report.evidence": "Evidence: the executed notebook {notebook}",
    "report.annex.tenants": "Annex A. Tenant detail",
    "report.annex.tenants.intro": "Per-tenant tables and charts behind the criteria above.",
    "report.annex.tenants.omitted": "Per-tenant detail is left out of this report "
                                    "(assessed with --no-tenant-detail); the executed "
                                    "notebooks hold it.",
    "report.annex.tenant_inventory": "Inventory per tenant",
    "report.annex.factors": "Annex B. Reference factors used",
    "report.figure": "Figure {number}.",
    "report.page": "Page",
    "report.of": "of",
    "report.no_chart": "No chart: {id} is {status}{reason}.",
    # ------------------------------------------------------------ reasons for the level
    "reason.prerequisite": "prerequisite {id} failed: {detail}",
    "reason.mandatory": "mandatory criterion {id} is at level 0 ({value}; {level} needs "
                        "{condition})",
    "reason.mandatory.no_value": "mandatory criterion {id} is at level 0 ({status})",
    "reason.blocked": "Not certified: {reasons}.",
    "reason.no_score": "Not certified: no theme has an applicable criterion.",
    "reason.below": "Not certified: the overall score {overall} is below {level}'s {minimum}.",
    "reason.below_theme": "Not certified: the overall score {overall} reaches {level}'s "
                          "{minimum}, but {theme} scores {score}, below the theme minimum "
                          "{theme_minimum}.",
    "reason.met": "{level}: every prerequisite passed, every mandatory criterion ({mandatory}) "
                  "reached level 1 or more, and the overall score {overall} meets {level}'s "
                  "{minimum}{themes}.",
    "reason.met.themes": " with every theme at {theme_minimum} or more (lowest: {theme} "
                         "{score})",
    "reason.next": "{level} would need {needs}.",
    "reason.next.overall": "an overall score of {minimum} ({gap} percentage points more)",
    "reason.next.themes": "every theme at {minimum} or more (below: {themes})",
    "reason.next.also": "Once that is resolved: {next}",
    "reason.top": "This is the highest level.",
    "gap.top": "highest level",
    "gap.none": "—",
    "gap.data": "data needed",
    "gap.higher": "{gap} more for {level}",
    "gap.lower": "{gap} less for {level}",
    # ---------------------------------------------------------------- words of results
    "level.none": "none",
    "level.not_certified": "Not certified",
    "level.below": "below {level}",
    "status.ok": "ok",
    "status.insufficient_data": "insufficient data",
    "status.not_applicable": "not applicable",
    "bool.true": "yes",
    "bool.false": "no",
    "missing": "—",
    # ---------------------------------------------------------------------- chart words
    "chart.better.higher": "higher is better",
    "chart.better.lower": "lower is better",
    "chart.value": "{id} {value}, level {level} ({name})",
    "chart.alt.threshold": "{id} {value}, level {level} ({name}); thresholds {thresholds}",
    "chart.caption.threshold": "{id} {title}: the area's value against the thresholds of "
                               "{levels}.",
    "chart.alt.breakdown": "Bar chart, {title}: {items}",
    "chart.alt.themes": "Theme scores: {items}; theme minimums {bands}",
    "chart.caption.themes": "Theme scores against the level bands' theme minimums.",
    "chart.theme_axis": "Theme score (%)",
    "chart.theme_min": "{level}: every theme ≥ {minimum}",
    # ------------------------------------------------------------------- table headers
    "column.tenant": "Tenant",
    "column.tenant_id": "Tenant",
    "column.name": "Name",
    "column.quantity": "Quantity",
    "column.value": "Value",
    "column.unit": "Unit",
    "column.level": "Level",
    "column.threshold": "Threshold",
    "column.condition": "Condition",
    "column.id": "Id",
    "column.title": "Title",
    "column.theme": "Theme",
    "column.status": "Status",
    "column.mandatory": "Mandatory",
    "column.weight": "Weight",
    "column.passed": "Passed",
    "column.requirement": "Requirement",
    "column.detail": "Detail",
    "column.factor": "Factor",
    "column.file": "File",
    "column.rows": "Rows",
    "lineage.rows": "**Input rows that feed {id}** (row numbers as the spreadsheet counts them: "
                    "the header is row 1, the first data row is row 2):",
    "lineage.factors": "**Reference factors that feed {id}** (raised by 10 %, each changes "
                       "the result):",
    "lineage.none.rows": "No input row feeds it (it reads area.yaml only).",
    "lineage.none.factors": "No reference factor feeds it.",
    "table.none": "None.",
    "column.year": "Year",
    "column.source": "Source",
    "column.score_pct": "Score (%)",
    "column.employees": "Employees",
    "column.final_energy_mwh": "Final energy (MWh)",
    "column.renewable_mwh": "Renewable (MWh)",
    "column.scope1_tco2e": "Scope 1 (t CO2e)",
    "column.scope1_fuels_tco2e": "Scope 1, fuels (t CO2e)",
    "column.scope1_process_tco2e": "Scope 1, process (t CO2e)",
    "column.scope2_location_tco2e": "Scope 2, location-based (t CO2e)",
    "column.scope2_market_tco2e": "Scope 2, market-based (t CO2e)",
    "column.biogenic_co2_t": "Biogenic CO2 (t)",
    "column.upstream_hydrogen_tco2e": "Upstream emissions of grey hydrogen (t CO2e)",
    "column.onsite_consumed_mwh": "On-site generation consumed (MWh)",
    "column.renewable_fuels_mwh": "Renewable fuels (MWh)",
    "column.contracted_applied_mwh": "Contracted renewable, applied (MWh)",
    "column.district_heat_renewable_mwh": "Renewable district heat (MWh)",
    "column.district_heat_mwh": "District heat (MWh)",
    "column.grid_electricity_mwh": "Grid electricity (MWh)",
    "column.delivered_mwh": "Delivered energy (MWh)",
    "column.metered_mwh": "Metered (MWh)",
    "column.estimated_mwh": "Estimated (MWh)",
    "column.audit_year": "Audit year",
    "column.energy_management": "Energy management",
    "column.qualifies": "Counts",
    "column.asset_id": "Asset",
    "column.technology": "Technology",
    "column.generation_mwh": "Generation (MWh)",
    "column.exported_mwh": "Exported (MWh)",
    "column.recoverable_mwh": "Recoverable heat (MWh)",
    "column.recovered_mwh": "Recovered heat (MWh)",
    "column.item": "Item",
    "column.present": "Present",
    "column.reported": "Reported",
    "column.gva_eur": "GVA (EUR)",
    "column.intensity_mwh_per_meur": "Energy intensity (MWh per M EUR)",
    "column.amount_t": "Amount (t)",
    "column.treatment": "Treatment",
    "column.material_recovery": "Material recovery",
    "column.in_exchange": "In an exchange",
    "column.avoided_tco2e": "Avoided (t CO2e)",
    "column.exchange_id": "Exchange",
    "column.kind": "Kind",
    "column.method": "Method",
    "column.receiver_id": "Receiver",
    "column.supplier_id": "Supplier",
    "column.resource": "Resource",
    "column.vehicle_class": "Vehicle class",
    "column.bev": "Battery electric",
    "column.fcev": "Fuel cell",
    "column.hev": "Hybrid",
    "column.phev": "Plug-in hybrid",
    "column.ice": "Combustion",
    "column.counted": "Counts",
    "column.mode": "Mode",
    "column.tonnes": "Freight (t)",
    "column.commuters": "Commuters",
    "column.area_ha": "Area (ha)",
    "column.surface_type": "Surface type",
    "column.weighted_ha": "Weighted area (ha)",
    "column.alternative": "Alternative source",
    "column.amount_m3": "Water (m³)",
}


def message(key: str, **values: Any) -> str:
    """Return the text of ``key`` with ``values`` filled in.

    Raises
    ------
    KeyError
        For a key the table does not hold (a label is never invented on the fly).
    """
    text = MESSAGES[key]
    return text.format(**values) if values else text


def has_message(key: str) -> bool:
    """Whether the table holds ``key``."""
    return key in MESSAGES
