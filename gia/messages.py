"""Every label people read, by message key: English here, other languages in ``locales/``.

One message catalogue, so that the workbench speaks the partners' languages: code and templates
ask for a key (:func:`message`), never write a label themselves. Keys are dotted: ``report.*``
for the page, ``column.*`` for table headers (the column name after the dot), ``level.*`` and
``status.*`` for the words of results, ``validation.*`` for the checks of an area's data,
``workbook.*`` for the data-collection workbook, ``area.*`` for the keys of area.yaml, ``cli.*``
for the command's summaries.

English lives in :data:`MESSAGES` (the source of every key). A language is one gettext file
``gia/locales/<code>.po`` (read at run time with Babel's PO reader, so that no compiled ``.mo``
file has to be built or kept in step): every entry has the key as ``msgctxt``, the English text
as ``msgid`` and the translation as ``msgstr``. Texts whose English lives elsewhere (the
column descriptions of :mod:`gia.data.schema`, the criteria's titles and indicators of a catalogue)
are translated by their English text (``msgctxt`` ``schema.<table>[.<column>]`` or
``catalogue``). A translation is used only while its ``msgid`` still equals the English text:
when the English changes, the stale translation gives way to English until it is translated
again. A missing, fuzzy or broken translation falls back to English, never to an error;
:func:`missing_messages` lists the fallbacks (the tests require none for the complete
languages).

>>> with language("lv"):
...     message("status.insufficient_data")
'nepietiek datu'
>>> message("status.insufficient_data")
'insufficient data'
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).with_name("locales")
"""The translations: one ``<code>.po`` file per language."""

DEFAULT_LANGUAGE = "en"
COMPLETE_LANGUAGES: tuple[str, ...] = ("en", "lv", "pl", "de", "da")
"""Languages whose every message is translated (a test fails on a missing one)."""

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "lv": "latviešu",
    "pl": "polski",
    "de": "Deutsch",
    "da": "dansk",
    "lt": "lietuvių",
    "fi": "suomi",
    "sv": "svenska",
    "et": "eesti",
}
"""Each language's name in itself (for menus and the report's language line)."""

CATALOGUE_CONTEXT = "catalogue"
"""``msgctxt`` of the catalogue's texts (criterion and theme titles, indicators, levels)."""

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
    "reason.met.themes": " with every theme at {theme_minimum} or more (lowest: {theme} {score})",
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
    "unit.item": "item",
    "unit.items": "items",
    # ------------------------------------------------------------ validation of area data
    "validation.sheet": "{file}, sheet {sheet}",
    "validation.where.row": "row {row}",
    "validation.where.column": "column {column}",
    "validation.where.key": "key {column}",
    "validation.did_you_mean": " (did you mean '{value}'?)",
    "validation.empty": "the cell is empty: {description} is required",
    "validation.empty_key": "the cell is empty: this key is required",
    "validation.missing_key": "the key is missing: it is required",
    "validation.unknown_key": "unknown key: it is not part of an area (check the spelling)",
    "validation.not_allowed": "'{value}' is not one of the allowed values: {allowed}{hint}",
    "validation.not_whole": "'{value}' is not a whole number: type digits only, e.g. 25",
    "validation.not_number": "'{value}' is not a number: type digits with a decimal comma or "
    "point, e.g. 12,5",
    "validation.not_finite": "{value} is not a finite number",
    "validation.too_large": "{value} is too large: at most {maximum} is accepted",
    "validation.negative": "{value} is negative: expected a number of 0 or more",
    "validation.below_minimum": "{value} is below the minimum {minimum}",
    "validation.not_above": "{value} is not above {minimum}: expected a number greater than "
    "{minimum}",
    "validation.not_yes_no": "'{value}' is not yes or no: expected yes or no (true or false)",
    "validation.rule.id": "'{value}' is not a valid id: lowercase letters, digits and hyphens "
    "only, e.g. rezekne-sez",
    "validation.rule.country": "'{value}' is not a country code: two capital letters of "
    "ISO 3166-1, e.g. LV",
    "validation.rule.reporting_year": "'{value}' is not a reporting year: a year from 1990 "
    "to 2100, e.g. 2024",
    "validation.rule.market": "'{value}' is not a country code: two letters of ISO 3166-1, e.g. LV",
    "validation.unknown_column": "unknown column '{name}'; the table has {columns}{hint}",
    "validation.missing_column": "the column '{name}' is missing from the header row: it is "
    "required",
    "validation.column_twice": "the column appears twice in the header row",
    "validation.no_rows": "the table has no rows: at least {minimum} expected",
    "validation.sheet_empty": "the sheet is empty: a header row is expected",
    "validation.sheet_hidden": "the sheet is hidden; its data are read all the same: unhide it "
    "to check them",
    "validation.area_sheet_missing": "the sheet is missing: an area workbook needs it",
    "validation.sheet_missing": "the sheet is missing: {description} is required",
    "validation.file_missing": "the file is missing: {description} is required",
    "validation.right_of_header": "a value stands right of the last header column",
    "validation.date_cell": "this cell is formatted as a date ({value}): format the cell as "
    "Number or Text and type the value again",
    "validation.workbook_name": "the id '{id}' differs from the workbook's name '{name}': that "
    "is fine, the area is called '{id}' (gia import writes the "
    "folder {id}/)",
    "validation.folder_name": "the id '{id}' differs from the folder name '{name}': they must "
    "be equal",
    "validation.absent_false": "absent: counts as no",
    "validation.exceeds": "{value} exceeds {big} ({big_value}): expected {small} ≤ {big}",
    "validation.duplicate": "duplicate {column} {value}: first in row {first}",
    "validation.not_a_tenant": "'{value}' is not a tenant_id of the tenants table{external}{hint}",
    "validation.or_external": " or 'external'",
    "validation.audit_year_needed": "audit_year is required when energy_management is audit",
    "validation.audit_year_blank": "audit_year must be blank unless energy_management is audit",
    "validation.audit_year_late": "audit year {year} is after the reporting year {reporting_year}",
    "validation.unit_carrier": "unit '{unit}' does not fit carrier {carrier}: expected {units}",
    "validation.exported": "exported {exported} MWh exceeds generation {generation} MWh",
    "validation.recovered": "recovered {recovered} MWh exceeds recoverable {recoverable} MWh",
    "validation.both_external": "both sides are external: one side must be a tenant",
    "validation.both_sides": "tenant {tenant} is on both sides of the exchange",
    "validation.history_year": "history year {year} is not before the reporting year "
    "{reporting_year}",
    "validation.freight_declared": "freight.none_declared is yes, so the freight table must be "
    "absent or empty",
    "validation.surfaces_sum": "surfaces add up to {total} ha, not total_area_ha {area} ha "
    "(±{tolerance}); area not described counts as sealed",
    "validation.no_country_factor": "no reference factor for country {country}: expected one "
    "of {countries}",
    "validation.unknown_table": "unknown table '{name}': expected one of {tables}{hint}",
    "validation.reported.unknown": "'{value}' is not a choice of 'reported': choose {choices}",
    "validation.reported.not_but_rows": "the sheet is marked 'not reported' but has {rows} "
    "row(s): choose 'yes', or delete the rows",
    "validation.reported.none_but_rows": "the sheet is marked 'none' but has {rows} row(s): "
    "choose 'yes', or delete the rows",
    "validation.reported.yes_no_rows": "the sheet is marked 'yes' but has no rows: it is read "
    "as 'none' (there is none)",
    "validation.reported.header_only": "the sheet has no rows and no 'reported' choice: it is "
    "read as 'none' (there is none), so {criteria} score it "
    "as 0 or not applicable; choose 'not reported' if the "
    "data were not collected",
    # ------------------------------------------------------------------ typed words
    "input.yes": "yes, y, true",
    "input.no": "no, n, false",
    "reported.yes": "yes",
    "reported.none": "none",
    "reported.not_reported": "not reported",
    # ------------------------------------------------------------------ command summaries
    "cli.verdict.valid": "{source}: valid ({errors} error(s), {warnings} warning(s))",
    "cli.verdict.invalid": "{source}: INVALID ({errors} error(s), {warnings} warning(s))",
    "cli.error": "error",
    "cli.warning": "warning",
    "cli.wrote": "wrote {path}",
    "cli.report_written": "{area}: report written to {path}",
    "cli.invalid_area": "The area's data have errors; fix them and run again:",
    # ------------------------------------------------------- the data-collection workbook
    "workbook.title": "GIA Workbench: data of one industrial area",
    "workbook.intro": "Fill in this workbook for one industrial area and one reporting year. "
    "Yellow cells are for your data; every column header has a note (point "
    "at it) and every cell shows a hint with the description, the unit and "
    "an example when you select it.",
    "workbook.how": "How to fill it in",
    "workbook.how.area": "Sheet 'area': one value per row in the column 'value' (the area's "
    "name, country, reporting year, size, and yes/no answers). Leave a "
    "value empty when you do not know it.",
    "workbook.how.tables": "The other sheets are tables: one row per tenant, energy supply, "
    "vehicle group and so on. Do not change the header row (row 1) or "
    "the sheet names.",
    "workbook.how.help": "Point at a header to read what the column means; select a cell to see "
    "its unit and an example.",
    "workbook.how.required": "A header ending in * is a required column: every row needs a "
    "value there. The unit of a column is in brackets in its header.",
    "workbook.how.lists": "Columns with a drop-down list accept only its values; pick one from "
    "the list (letter case does not matter).",
    "workbook.how.decimals": "Numbers: type them as your Excel shows numbers; a decimal comma "
    "(12,5) or point (12.5) and spaces between thousands (1 250 000) "
    "are both read correctly.",
    "workbook.how.dates": "If Excel turns a number into a date (12.5 becomes 12 May), format the "
    "cell as Number or Text and type it again: a date in an amount cell "
    "is an error.",
    "workbook.how.yes_no": "Yes/no columns: choose yes or no from the list.",
    "workbook.how.operator": "An empty tenant_id means the area operator's own use (or the "
    "area's own asset or fleet).",
    "workbook.reported.title": "Reported: yes, none or not reported",
    "workbook.reported.yes": "yes: the sheet lists the data of the reporting year.",
    "workbook.reported.none": "none: there is nothing to report (for example no vehicles at all); "
    "criteria that use the sheet then score it as 0 or not "
    "applicable.",
    "workbook.reported.not_reported": "not reported: the data were not collected; criteria that "
    "need the sheet then have insufficient data (they are not "
    "scored as 0).",
    "workbook.reported.where": "Every optional sheet has a cell 'reported' right of its header: "
    "choose one of the three. An optional sheet left empty without "
    "a choice is read as 'none', with a warning.",
    "workbook.reported.help": "Did the area report this sheet? yes: the rows list the data; "
    "none: there is nothing to report (scores 0); not reported: not "
    "collected (insufficient data, not 0).",
    "workbook.reported": "reported",
    "workbook.check": "When you have finished",
    "workbook.check.validate": "Check the workbook: gia validate my-park.xlsx (add --lang lv for "
    "messages in Latvian). It lists every problem at once, with the "
    "sheet, the row and the column.",
    "workbook.check.import": "Turn it into an area folder: gia import my-park.xlsx data/areas/",
    "workbook.check.name": "The file may have any name (my-park (1).xlsx too): the area is "
    "called by its id on the sheet 'area'.",
    "workbook.sheets": "What each sheet is for",
    "workbook.sheet.area": "area (required): the area itself: id, name, country, reporting "
    "year, size, management, land, and yes/no answers",
    "workbook.examples": "Example values of every column (as you would type them)",
    "workbook.required": "required",
    "workbook.optional": "optional",
    "workbook.help.unit": "Unit: {unit}",
    "workbook.help.allowed": "Choose: {allowed}",
    "workbook.help.example": "Example: {example}",
    "workbook.help.required": "Required.",
    "workbook.help.optional": "Optional: leave empty if unknown.",
    "workbook.help.choose": "Choose a value from the list.",
    "workbook.area.key": "The key of the area's data (do not change it).",
    "workbook.area.value": "Type or choose the value here.",
    "workbook.area.unit": "unit",
    "workbook.area.required": "required",
    "workbook.area.description": "description",
    "workbook.area.example": "example",
    # -------------------------------------------------------------- the keys of area.yaml
    "area.id": "short name of the area: lowercase letters, digits and hyphens",
    "area.name": "full name of the area",
    "area.country": "country (ISO 3166-1 two-letter code)",
    "area.reporting_year": "year the data describe",
    "area.total_area_ha": "total area inside the boundary",
    "area.note": "a note on the data (optional)",
    "area.location": "municipality and region",
    "area.management.entity": "the area's management entity (operator)",
    "area.management.energy_concept_adopted": "an energy and climate concept is adopted",
    "area.management.land_saving_advice": "the management advises tenants on saving land",
    "area.management.net_zero_target_year": "year of the area's net-zero target",
    "area.smart_energy.monitoring_platform": "an energy monitoring platform is in use",
    "area.smart_energy.demand_response": "demand response is in use",
    "area.smart_energy.energy_community": "an energy community exists",
    "area.storage_mwh": "energy storage capacity",
    "area.district_heat.renewable_share": "renewable share of the district heat supplied "
    "(0 to 1); delete the district_heat rows if there is "
    "no district heat",
    "area.district_heat.factor_t_per_mwh": "the heat supplier's emission factor (empty: the "
    "national factor)",
    "area.land.developed_ha": "developed land",
    "area.land.brownfield_ha": "developed land that was brownfield",
    "area.land.plots_serviced_ha": "serviced plots",
    "area.land.plots_in_use_ha": "serviced plots in use",
    "area.parking_spaces": "number of parking spaces",
    "area.charging_points": "number of charging points for electric vehicles",
    "area.freight.none_declared": "the area moves no freight at all",
    "area.participation.tenant_forum": "a tenant forum meets regularly",
    "area.participation.public_reporting": "the area reports publicly",
    "area.participation.community_projects": "the area runs community projects",
    "area.participation.grievance_route": "there is a route for grievances",
    # ---------------------------------------------------------------- notebook headers
    "notebook.area": "Area",
    "notebook.reporting_year": "reporting year {year}",
    "notebook.methodology": "Methodology",
    "notebook.version": "version {version}",
    "notebook.indicator": "Indicator",
    "notebook.theme": "Theme",
    "notebook.mandatory": "mandatory on this area's route ({route})",
    "notebook.not_mandatory": "not mandatory on this area's route ({route})",
    "notebook.why": "Why it matters.",
    "notebook.sources": "Sources.",
    "notebook.anchor": "Anchor of the thresholds (catalogue):",
    # ---------------------------------------------------------------------- chart words
    "chart.better.higher": "higher is better",
    "chart.better.lower": "lower is better",
    "chart.value": "{id} {value}, level {level} ({name})",
    "chart.alt.threshold": "{id} {value}, level {level} ({name}); thresholds {thresholds}",
    "chart.caption.threshold": "{id} {title}: the area's value against the thresholds of {levels}.",
    "chart.alt.breakdown": "Bar chart, {title}: {items}",
    "chart.alt.themes": "Theme scores: {items}; theme minimums {bands}",
    "chart.caption.themes": "Theme scores against the level bands' theme minimums.",
    "chart.theme_axis": "Theme score (%)",
    "chart.theme_min": "{level}: every theme ≥ {minimum}",
    # ------------------------------------------------------- what-if levers and the panel
    "lever.pv_mwp": "On-site PV (MWp)",
    "lever.wind_mw": "On-site wind (MW)",
    "lever.ppa_pct": "Bundled PPAs (% of open grid electricity)",
    "lever.go_pct": "Unbundled certificates, GOs (% of open grid electricity)",
    "lever.heat_pump_pct": "Heat pumps replacing gas boilers (% of gas)",
    "lever.waste_heat_mwh": "Waste-heat exchange (MWh)",
    "lever.ev_pct": "Electric vehicles, class {vehicle_class} (% of those not zero-emission)",
    "lever.waste_recovery_pct": "Waste material-recovery rate (%)",
    "lever.charging_points": "Charging points added",
    "lever.green_floor_m2": "Green-certified floor area added (m²)",
    "setting.pv_yield_mwh_per_mwp": "PV specific yield (MWh/MWp)",
    "setting.wind_full_load_hours": "Wind full-load hours (h)",
    "setting.heat_pump_cop": "Heat pump COP",
    "setting.exchange_supplier": "Waste heat from",
    "setting.exchange_receiver": "Waste heat to",
    "whatif.thresholds": "Thresholds of (scenario column only)",
    "whatif.before": "Today",
    "whatif.after": "Scenario",
    "whatif.level": "Level",
    "whatif.route": "Route",
    "whatif.overall": "Overall score (%)",
    "whatif.moved": "Criteria whose level changes",
    "whatif.moved.none": "No criterion changes level.",
    "whatif.criterion": "Criterion",
    "whatif.value_before": "Value today",
    "whatif.value_after": "Value in the scenario",
    "whatif.level_before": "Level today",
    "whatif.level_after": "Level in the scenario",
    "whatif.chart.title": "Theme scores, today and in the scenario",
    "whatif.chart.alt": "Theme scores today and in the scenario: {items}",
    "whatif.needs": "needs {setting}",
    "whatif.next_level": "Cheapest way to the next level",
    "whatif.save": "Save as scenario",
    "whatif.name": "Scenario name",
    "whatif.saved": "Saved: {path} (assess it: gia assess {path})",
    "whatif.working": "Searching …",
    "nextlevel.title": "{area}: today {level}; next level {target}",
    "nextlevel.top": "{area} is at the highest level ({level}): there is no next level.",
    "nextlevel.lever": "Lever",
    "nextlevel.amount": "Smallest change",
    "nextlevel.range": "Range",
    "nextlevel.fraction": "Share of range (%)",
    "nextlevel.reached": "Level reached",
    "nextlevel.unreachable": "not reachable with this lever alone",
    "nextlevel.pair": "Smallest combination of two levers",
    "nextlevel.pair.share": "(shares of their ranges add up to {share} %; reaches {level})",
    "nextlevel.pair.none": "No combination of two levers reaches {target}.",
    "nextlevel.not_offered": "Levers not offered: {items}",
    "scenario.banner": "SCENARIO, not measured data: {name}, the area {base} with {levers}.",
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
    "column.severity": "Severity",
    "column.file": "File or sheet",
    "column.row": "Row",
    "column.column": "Column",
    "column.factor": "Factor",
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


class UnknownLanguageError(ValueError):
    """Raised for a language code that has no translation file."""


_LANGUAGE: ContextVar[str] = ContextVar("gia_language", default=DEFAULT_LANGUAGE)
_MISSING: set[tuple[str, str]] = set()


def available_languages() -> list[str]:
    """Return English and every language with a file in ``gia/locales/``, sorted after ``en``."""
    found = sorted(p.stem for p in LOCALES_DIR.glob("*.po"))
    return [DEFAULT_LANGUAGE, *(code for code in found if code != DEFAULT_LANGUAGE)]


def normalise_language(code: str | None) -> str:
    """Return the language code of ``code`` (``LV``, ``lv_LV``, ``lv-LV`` -> ``lv``).

    Raises
    ------
    UnknownLanguageError
        When no translation file exists for it (the message names the languages there are).
    """
    if code is None or str(code).strip() == "":
        return DEFAULT_LANGUAGE
    short = re.split(r"[-_.]", str(code).strip().lower())[0]
    if short not in available_languages():
        raise UnknownLanguageError(
            f"no translation for language '{code}': available are "
            f"{', '.join(available_languages())} (a new language is one file "
            f"gia/locales/<code>.po; see the README)"
        )
    return short


def current_language() -> str:
    """Return the language messages are given in now."""
    return _LANGUAGE.get()


def set_language(code: str | None) -> str:
    """Give every following message in ``code`` (see :func:`normalise_language`); return it."""
    lang = normalise_language(code)
    _LANGUAGE.set(lang)
    return lang


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Give messages in ``code`` inside the ``with`` block only."""
    token = _LANGUAGE.set(normalise_language(code))
    try:
        yield _LANGUAGE.get()
    finally:
        _LANGUAGE.reset(token)


@cache
def translations(lang: str) -> dict[tuple[str, str], str]:
    """Return ``{(msgctxt, msgid): msgstr}`` of ``gia/locales/<lang>.po`` (translated entries).

    Fuzzy and untranslated entries are left out (English is shown instead).
    """
    from babel.messages.pofile import read_po

    path = LOCALES_DIR / f"{lang}.po"
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=None, abort_invalid=False)
    found: dict[tuple[str, str], str] = {}
    for entry in catalog:
        if not entry.id or entry.fuzzy or not isinstance(entry.string, str) or not entry.string:
            continue
        found[(entry.context or "", str(entry.id))] = entry.string
    return found


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<invalid>"}


def translate(context: str, english: str, **values: Any) -> str:
    """Return ``english`` (whose key is ``context``) in the current language, values filled in.

    The English text is returned where the translation is missing, stale, or does not take
    the same ``{placeholders}``; such a fallback is recorded (:func:`missing_messages`).
    """
    lang = _LANGUAGE.get()
    text = english
    if lang != DEFAULT_LANGUAGE:
        found = translations(lang).get((context, english))
        if found is not None and _placeholders(found) == _placeholders(english):
            text = found
        else:
            _MISSING.add((lang, context))
    return text.format(**values) if values else text


def message(key: str, **values: Any) -> str:
    """Return the text of ``key`` in the current language with ``values`` filled in.

    Raises
    ------
    KeyError
        For a key the table does not hold (a label is never invented on the fly).
    """
    return translate(key, MESSAGES[key], **values)


def catalogue_text(english: str) -> str:
    """Return a catalogue's text (a title, an indicator) in the current language."""
    if not english:
        return english
    return translate(CATALOGUE_CONTEXT, english)


def has_message(key: str) -> bool:
    """Whether the table holds ``key``."""
    return key in MESSAGES


def missing_messages() -> set[tuple[str, str]]:
    """Return the ``(language, key)`` pairs shown in English for want of a translation."""
    return set(_MISSING)


def clear_missing() -> None:
    """Forget the fallbacks recorded so far."""
    _MISSING.clear()


def words(key: str) -> set[str]:
    """Return the comma-separated words of ``key`` in English and every available language.

    For input that may be typed in any of the partners' languages (``input.yes``: yes, jā,
    tak, ja, ...), lower-cased.
    """
    found = {w.strip().lower() for w in MESSAGES[key].split(",") if w.strip()}
    for lang in available_languages()[1:]:
        text = translations(lang).get((key, MESSAGES[key]))
        if text:
            found |= {w.strip().lower() for w in text.split(",") if w.strip()}
    return found


def english_entries() -> dict[tuple[str, str], str]:
    """Return every text to translate: ``{(msgctxt, msgid): English}``.

    The message table, the tables' and columns' descriptions (:mod:`gia.data.schema`) and the
    titles and indicators of the shipped catalogues (criteria, themes, levels, prerequisites).
    """
    from gia.data.schema import SCHEMA_CONTEXT, TABLES
    from gia.method.catalogue import load_catalogue
    from gia.paths import project_root

    entries = {(key, text): text for key, text in MESSAGES.items()}
    for table in TABLES.values():
        for item in (table, *table.columns):
            entries[(SCHEMA_CONTEXT, item.description)] = item.description
    for path in sorted((project_root() / "data" / "criteria").glob("gia-v*.yaml")):
        cat = load_catalogue(path)
        texts = [t.title for t in cat.themes] + [lv.title for lv in cat.levels]
        texts += [p.title for p in cat.prerequisites]
        texts += [x for c in cat.criteria for x in (c.title, c.indicator)]
        texts += [r.title for r in cat.routes]
        for text in texts:
            entries[(CATALOGUE_CONTEXT, text)] = text
    units = sorted(
        {
            c.unit
            for path in sorted((project_root() / "data" / "criteria").glob("gia-v*.yaml"))
            for cat in [load_catalogue(path)]
            for c in (*cat.criteria, *cat.informative)
        }
    )
    for unit in units:
        entries[(CATALOGUE_CONTEXT, unit)] = unit
    return entries


def untranslated(lang: str) -> list[str]:
    """Return what ``lang`` lacks: message keys (and ``schema: text``, ``catalogue: text``).

    A text is untranslated when its entry is missing, empty, fuzzy, stale (its ``msgid`` is
    not the English text any more) or takes other ``{placeholders}`` than the English.
    """
    found = translations(lang)
    lacking = []
    for (context, english), _ in english_entries().items():
        text = found.get((context, english))
        if text is None or _placeholders(text) != _placeholders(english):
            lacking.append(
                context if context not in (CATALOGUE_CONTEXT, "schema") else f"{context}: {english}"
            )
    return lacking


def write_po(lang: str, translated: dict[tuple[str, str], str] | None = None) -> Path:
    """Write ``gia/locales/<lang>.po`` with every entry to translate, keeping translations.

    ``translated`` adds or replaces translations (by ``(msgctxt, msgid)``). Entries no longer
    in English are dropped; new ones get an empty ``msgstr`` (shown in English until
    translated). Run ``python -m gia.messages <code>`` after adding a message.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po as babel_write_po

    known = dict(translations(lang)) if (LOCALES_DIR / f"{lang}.po").is_file() else {}
    known.update(translated or {})
    from datetime import datetime

    fixed = datetime(2024, 1, 1)  # no timestamp: the file changes only when a text does
    catalog = Catalog(
        locale=lang,
        project="GIA Workbench",
        version="1",
        fuzzy=False,
        charset="utf-8",
        creation_date=fixed,
        revision_date=fixed,
        last_translator="GIA Workbench developers",
        language_team=f"{LANGUAGE_NAMES.get(lang, lang)} reviewers",
        header_comment=f"# GIA Workbench messages in "
        f"{LANGUAGE_NAMES.get(lang, lang)} ({lang}).\n"
        "# msgctxt: the message key; msgid: the English text; "
        "msgstr: the translation.\n"
        "# Update after a change of the English: "
        f"python -m gia.messages {lang}",
    )
    for (context, english), _ in english_entries().items():
        catalog.add(english, known.get((context, english), ""), context=context)
    LOCALES_DIR.mkdir(exist_ok=True)
    path = LOCALES_DIR / f"{lang}.po"
    with path.open("wb") as handle:
        babel_write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    translations.cache_clear()
    return path


if __name__ == "__main__":  # pragma: no cover - python -m gia.messages lv pl ...
    import sys

    for code in sys.argv[1:]:
        print(f"wrote {write_po(code)}")
