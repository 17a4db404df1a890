"""Validation of an area's raw input into typed tables, reporting every problem at once.

Rows are validated by pydantic models generated from the table definitions of
:mod:`gia.data.schema` (types, enums, minimums, required cells); the facts of area.yaml by
:class:`gia.data.facts.AreaFacts`. Rules across tables and against the reference factors (tenant
references, exchange sides, units that fit the carrier, factors for the country, ...) follow, each
returning the failing rows. Every problem names the file, the spreadsheet row, the column, the
value and what was expected.
"""

from __future__ import annotations

import copy
import difflib
import typing
from functools import cache
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    create_model,
)

from gia.data.cellinput import normalise_enum, normalise_number, parse_yes_no
from gia.data.facts import AreaFacts, absent_booleans
from gia.data.problems import ValidationOutcome
from gia.data.readers import RawArea
from gia.data.reference import ReferenceFactorError, ReferenceFactors
from gia.data.schema import (
    ENERGY_UNITS,
    EXTERNAL,
    MAX_NUMBER,
    TABLES,
    UNITS,
    Column,
    Table,
    schema_text,
)
from gia.data.units import accepted_units, gcv_ratio, mwh_per_unit
from gia.messages import message

# ------------------------------------------------------------------------------ row models


def _parse_bool(value: Any) -> Any:
    if value is None:
        return value
    parsed = parse_yes_no(value)
    if parsed is None:
        raise ValueError("not_a_boolean")
    return parsed


def normalise_cell(col: Column, text: str) -> str:
    """Return a cell's text as the row model reads it: forgiving of how people type.

    Numbers with a decimal comma or grouped thousands (``1 234,5``), enum values and units in
    any letter case (``PV``, ``mwh``); booleans are read by :func:`_parse_bool` (yes/no words
    of every supported language).
    """
    if col.type in ("int", "float"):
        return normalise_number(text)
    if col.type == "enum":
        return normalise_enum(text, col.allowed)
    if col.name == "unit":
        return normalise_enum(text, UNITS)
    return text


def _field_type(col: Column) -> tuple[Any, Any]:
    constraints: dict[str, Any] = {"le": MAX_NUMBER}
    if col.minimum is not None:
        constraints["gt" if col.exclusive_minimum else "ge"] = col.minimum
    base: Any
    if col.type == "str":
        base = str
    elif col.type == "int":
        base = Annotated[int, Field(**constraints)]
    elif col.type == "float":
        base = Annotated[float, Field(allow_inf_nan=False, **constraints)]
    elif col.type == "bool":
        base = Annotated[bool, BeforeValidator(_parse_bool)]
    else:
        base = Literal[col.allowed]  # type: ignore[valid-type]
    if col.required:
        return base, ...
    return base | None, col.default


@cache
def row_adapter(table_name: str) -> TypeAdapter:
    """Return the pydantic adapter that validates a list of rows of ``table_name``."""
    table = TABLES[table_name]
    fields = {col.name: _field_type(col) for col in table.columns}
    model = create_model(  # type: ignore[call-overload]
        f"{table_name.title().replace('_', '')}Row",
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=False),
        **fields,
    )
    return TypeAdapter(list[model])


def suggest(value: str, allowed: tuple[str, ...] | list[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest allowed value, or ``""``."""
    lowered = {a.lower(): a for a in allowed}
    key = value.strip().lower()
    if key in lowered:
        return message("validation.did_you_mean", value=lowered[key])
    close = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)
    return message("validation.did_you_mean", value=lowered[close[0]]) if close else ""


_MESSAGE_KEYS = {
    "int_parsing": "validation.not_whole",
    "int_from_float": "validation.not_whole",
    "int_type": "validation.not_whole",
    "float_parsing": "validation.not_number",
    "float_type": "validation.not_number",
    "finite_number": "validation.not_number",
}


def _message(col: Column, error: dict, value: str) -> str:
    kind = error["type"]
    if kind == "missing":
        return message("validation.empty", description=schema_text(col))
    if kind == "literal_error":
        return message(
            "validation.not_allowed",
            value=value,
            allowed=", ".join(col.allowed),
            hint=suggest(value, col.allowed),
        )
    if kind in _MESSAGE_KEYS:
        return message(_MESSAGE_KEYS[kind], value=value)
    if kind == "less_than_equal":
        return message("validation.too_large", value=value, maximum=f"{MAX_NUMBER:,.0f}")
    if kind == "greater_than_equal":
        if col.minimum == 0:
            return message("validation.negative", value=value)
        return message("validation.below_minimum", value=value, minimum=f"{col.minimum:g}")
    if kind == "greater_than":
        return message("validation.not_above", value=value, minimum=f"{col.minimum:g}")
    if kind == "value_error" and "not_a_boolean" in str(error.get("msg", "")):
        return message("validation.not_yes_no", value=value)
    return f"'{value}': {error.get('msg', kind)}"


def validate_rows(
    table: Table,
    raw: pd.DataFrame,
    label: str,
    report: ValidationOutcome,
    skip: frozenset[tuple[int, str]] | set[tuple[int, str]] = frozenset(),
) -> pd.DataFrame | None:
    """Validate the rows of one table into a typed DataFrame, reporting every bad cell.

    The header is checked first (unknown, missing columns); then every cell. The returned
    frame holds the rows that passed, with every column of the table (absent optional ones
    filled with their default), indexed by spreadsheet row number; None when the header is
    unusable (a required column is missing). The caller knows from the report whether any row
    failed. Cells are read forgivingly first (:func:`normalise_cell`); ``skip`` holds the
    ``(row, column)`` cells the reader already reported (a date in a number cell).
    """
    ok = True
    unknown = [name for name in raw.columns if not table.has_column(name)]
    for name in unknown:
        report.error(
            label,
            message(
                "validation.unknown_column",
                name=name,
                columns=", ".join(table.column_names),
                hint=suggest(name, table.column_names),
            ),
            row=1,
            column=name,
        )
    raw = raw.drop(columns=unknown)  # the known columns are still checked, row by row
    for name in table.required_columns:
        if name not in raw.columns:
            report.error(label, message("validation.missing_column", name=name), row=1, column=name)
            ok = False
    if not ok:
        return None
    if len(raw) < table.min_rows:
        report.error(label, message("validation.no_rows", minimum=table.min_rows), row=2)
        return None
    records = [
        {
            k: normalise_cell(table.column(k), str(v))
            for k, v in zip(raw.columns, row, strict=True)
            if str(v).strip() != ""
        }
        for row in raw.itertuples(index=False, name=None)
    ]
    rows = list(raw.index)
    adapter = row_adapter(table.name)
    try:
        validated = adapter.validate_python(records)
    except ValidationError as exc:
        failed = set()
        for err in exc.errors():
            position, column = int(err["loc"][0]), str(err["loc"][1])
            failed.add(position)
            col = table.column(column)
            value = str(raw.iloc[position][column]) if column in raw.columns else ""
            if (rows[position], column) in skip:
                continue
            report.error(
                label, _message(col, err, value), row=rows[position], column=column, value=value
            )
        # the rows that passed still go through the rules across tables
        keep = [i for i in range(len(records)) if i not in failed]
        validated = adapter.validate_python([records[i] for i in keep])
        rows = [rows[i] for i in keep]
    df = pd.DataFrame([m.__dict__ for m in validated], columns=table.column_names)
    df.index = rows
    return df


# --------------------------------------------------------------------------- facts (yaml)


_FACT_RULES = {
    "id": "validation.rule.id",
    "country": "validation.rule.country",
    "reporting_year": "validation.rule.reporting_year",
}


def _facts_message(error: dict, workbook: bool) -> str:
    kind = error["type"]
    key = ".".join(str(p) for p in error["loc"])
    shown = error.get("input")
    if kind == "extra_forbidden":
        return message("validation.unknown_key")
    if kind == "missing":
        return message("validation.empty_key" if workbook else "validation.missing_key")
    if key in _FACT_RULES and kind in (
        "string_pattern_mismatch",
        "greater_than_equal",
        "less_than_equal",
        "int_parsing",
        "string_type",
    ):
        return message(_FACT_RULES[key], value=shown)
    if kind == "bool_type":
        return message("validation.not_yes_no", value=shown)
    if kind == "finite_number":
        return message("validation.not_finite", value=shown)
    if kind in _MESSAGE_KEYS:
        return message(_MESSAGE_KEYS[kind], value=shown)
    if kind == "less_than_equal":
        return message("validation.too_large", value=shown, maximum=f"{error['ctx']['le']:,}")
    if kind == "greater_than_equal" and error["ctx"].get("ge") == 0:
        return message("validation.negative", value=shown)
    if kind in ("greater_than", "greater_than_equal"):
        limit = error["ctx"].get("gt", error["ctx"].get("ge"))
        return message(
            "validation.not_above" if kind == "greater_than" else "validation.below_minimum",
            value=shown,
            minimum=f"{limit:g}",
        )
    return f"{shown!r}: {error.get('msg', kind)}"


def _forgiving_value(annotation: str, value: object) -> object:
    """Return a typed cell of the area sheet as its key expects (``12,5``, ``jā``, ``lv``)."""
    if not isinstance(value, str):
        return value
    if "bool" in annotation:
        parsed = parse_yes_no(value)
        return value if parsed is None else parsed
    if "int" in annotation or "float" in annotation:
        return normalise_number(value)
    return value


def forgiving_facts(data: dict, model: type = AreaFacts) -> dict:
    """Return area.yaml's data with typed text read forgivingly (numbers, yes/no, country)."""
    out: dict = {}
    for key, value in data.items():
        info = model.model_fields.get(key) if isinstance(key, str) else None
        if info is None:
            out[key] = value
            continue
        sub = next(
            (
                t
                for t in (info.annotation, *typing.get_args(info.annotation))
                if isinstance(t, type) and issubclass(t, BaseModel)
            ),
            None,
        )
        if sub is not None and isinstance(value, dict):
            out[key] = forgiving_facts(value, sub)
        elif key == "country" and isinstance(value, str):
            out[key] = value.strip().upper()
        else:
            out[key] = _forgiving_value(str(info.annotation), value)
    return out


def validate_facts(raw: RawArea, report: ValidationOutcome) -> AreaFacts | None:
    """Validate area.yaml (or the workbook's area sheet) into :class:`AreaFacts`."""
    if raw.facts is None:
        return None
    bad_keys: set[str] = set()
    workbook = raw.source.suffix.lower() == ".xlsx"
    data = forgiving_facts(raw.facts)
    try:
        facts = AreaFacts.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            bad_keys.add(key)
            value = err.get("input")
            shown = None if isinstance(value, dict) or err["type"] == "missing" else str(value)
            report.error(raw.facts_label, _facts_message(err, workbook), column=key, value=shown)
        facts = _without_unknown_keys(data, exc)
        if facts is None:
            return None
    if facts.id != raw.name and workbook:
        report.warning(
            raw.facts_label,
            message("validation.workbook_name", id=facts.id, name=raw.name),
            column="id",
            value=facts.id,
        )
    elif facts.id != raw.name:
        report.error(
            raw.facts_label,
            message("validation.folder_name", id=facts.id, name=raw.name),
            column="id",
            value=facts.id,
        )
    for key in [k for k in absent_booleans(facts) if k not in bad_keys]:
        report.warning(raw.facts_label, message("validation.absent_false"), column=key)
    land = facts.land
    for small, big, small_v, big_v in (
        ("land.brownfield_ha", "land.developed_ha", land.brownfield_ha, land.developed_ha),
        ("land.developed_ha", "total_area_ha", land.developed_ha, facts.total_area_ha),
        (
            "land.plots_in_use_ha",
            "land.plots_serviced_ha",
            land.plots_in_use_ha,
            land.plots_serviced_ha,
        ),
    ):
        if small_v is not None and big_v is not None and small_v > big_v:
            report.error(
                raw.facts_label,
                message("validation.exceeds", value=small_v, big=big, big_value=big_v, small=small),
                column=small,
                value=str(small_v),
            )
    return facts


_REQUIRED_KEYS = frozenset(
    name for name, info in AreaFacts.model_fields.items() if info.is_required()
)


def _without_unknown_keys(data: dict, exc: ValidationError) -> AreaFacts | None:
    """Validate again without the unknown or invalid optional keys (already reported).

    So that the other rules (land, history, audit years, factors, ...) still run; a bad
    required key (id, country, reporting_year, ...) leaves no facts to check against.
    """
    errors = exc.errors()
    if any(
        err["type"] == "missing" or not err["loc"] or err["loc"][0] in _REQUIRED_KEYS
        for err in errors
    ):
        return None
    cleaned = copy.deepcopy(data)
    for err in errors:
        node = cleaned
        *parents, last = err["loc"]
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(last, None)
    try:
        return AreaFacts.model_validate(cleaned)
    except ValidationError:
        return None


# ------------------------------------------------------------------------- cross-table rules


def _rows(df: pd.DataFrame | None, mask: pd.Series | None = None) -> pd.DataFrame:
    if df is None:
        return pd.DataFrame()
    return df if mask is None else df[mask]


def check_unique(tables: dict, labels: dict, report: ValidationOutcome) -> None:
    """Duplicate ids (tenant_id, asset_id, exchange_id) and history years."""
    for name, df in tables.items():
        if df is None:
            continue
        for col in TABLES[name].columns:
            if not col.unique:
                continue
            first: dict[object, int] = {}
            for row, value in df[col.name].items():
                if value in first:
                    report.error(
                        labels[name],
                        message(
                            "validation.duplicate", column=col.name, value=value, first=first[value]
                        ),
                        row=row,
                        column=col.name,
                        value=str(value),
                    )
                else:
                    first[value] = row


def check_tenant_references(
    tables: dict, labels: dict, report: ValidationOutcome, raw_tenants: pd.DataFrame | None = None
) -> None:
    """Every tenant_id (and exchange side) names a tenant of tenants.csv.

    ``raw_tenants`` (tenants.csv as read) adds the tenants whose row failed a cell check
    (already reported), so that references to them are not reported again.
    """
    tenants = tables.get("tenants")
    if tenants is None:
        return
    known = set(tenants["tenant_id"])
    if raw_tenants is not None and "tenant_id" in raw_tenants.columns:
        known |= {t for t in raw_tenants["tenant_id"] if str(t).strip() != ""}
    for name, df in tables.items():
        if df is None or name == "tenants":
            continue
        refs = [c.name for c in TABLES[name].columns if c.tenant_ref]
        if name == "exchanges":
            refs = ["supplier_id", "receiver_id"]
        for column in refs:
            values = df[column]
            bad = values.notna() & ~values.isin(known)
            if name == "exchanges":
                bad &= values != EXTERNAL
            for row, value in values[bad].items():
                hint = suggest(str(value), sorted(known))
                extra = message("validation.or_external") if name == "exchanges" else ""
                report.error(
                    labels[name],
                    message("validation.not_a_tenant", value=value, external=extra, hint=hint),
                    row=row,
                    column=column,
                    value=str(value),
                )


def check_tenants(
    tables: dict, labels: dict, facts: AreaFacts | None, report: ValidationOutcome
) -> None:
    """audit_year goes with audit, and is not after the reporting year."""
    df = tables.get("tenants")
    if df is None:
        return
    label = labels["tenants"]
    audit = df["energy_management"] == "audit"
    for row in df.index[audit & df["audit_year"].isna()]:
        report.error(
            label, message("validation.audit_year_needed"), row=row, column="audit_year", value=""
        )
    for row, value in df.loc[~audit & df["audit_year"].notna(), "audit_year"].items():
        report.error(
            label,
            message("validation.audit_year_blank"),
            row=row,
            column="audit_year",
            value=str(int(value)),
        )
    if facts is not None:
        late = df["audit_year"].notna() & (df["audit_year"] > facts.reporting_year)
        for row, value in df.loc[late, "audit_year"].items():
            report.error(
                label,
                message(
                    "validation.audit_year_late",
                    year=int(value),
                    reporting_year=facts.reporting_year,
                ),
                row=row,
                column="audit_year",
                value=str(int(value)),
            )


def check_energy(
    tables: dict,
    labels: dict,
    facts: AreaFacts | None,
    ref: ReferenceFactors,
    report: ValidationOutcome,
) -> None:
    """Units that fit the carrier, GCV only where a ratio exists, a district-heat factor."""
    df = tables.get("energy")
    if df is None:
        return
    label = labels["energy"]
    for row, carrier, unit, basis in zip(
        df.index, df["carrier"], df["unit"], df["basis"], strict=True
    ):
        units = accepted_units(carrier, ref)
        if unit not in units:
            report.error(
                label,
                message(
                    "validation.unit_carrier", unit=unit, carrier=carrier, units=", ".join(units)
                ),
                row=row,
                column="unit",
                value=unit,
            )
        if basis == "gcv" and gcv_ratio(carrier, ref) is None:
            report.error(
                label,
                f"carrier {carrier} has no NCV/GCV ratio in fuels.csv: give it on ncv",
                row=row,
                column="basis",
                value=basis,
            )
    heat_rows = list(df.index[df["carrier"] == "district_heat"])
    if heat_rows and facts is not None:
        own = facts.district_heat.factor_t_per_mwh if facts.district_heat else None
        national = ref.district_heat(facts.country, facts.reporting_year)
        if own is None and national is None:
            report.error(
                label,
                f"district heat is delivered (rows {', '.join(map(str, heat_rows))}) but "
                f"there is no district-heat factor for {facts.country}: state the supplier's "
                "factor in area.yaml as district_heat.factor_t_per_mwh",
                row=heat_rows[0],
                column="carrier",
                value="district_heat",
            )


def check_generation(tables: dict, labels: dict, report: ValidationOutcome) -> None:
    """Exported never exceeds generated."""
    df = tables.get("generation")
    if df is None:
        return
    bad = df["exported_mwh"].fillna(0) > df["generation_mwh"]
    for row, (exp, gen) in df.loc[bad, ["exported_mwh", "generation_mwh"]].iterrows():
        report.error(
            labels["generation"],
            message("validation.exported", exported=f"{exp:g}", generation=f"{gen:g}"),
            row=row,
            column="exported_mwh",
            value=str(exp),
        )


def check_waste_heat(tables: dict, labels: dict, report: ValidationOutcome) -> None:
    """Recovered never exceeds recoverable."""
    df = tables.get("waste_heat")
    if df is None:
        return
    bad = df["recovered_mwh"] > df["recoverable_mwh"]
    for row, (rec, able) in df.loc[bad, ["recovered_mwh", "recoverable_mwh"]].iterrows():
        report.error(
            labels["waste_heat"],
            message("validation.recovered", recovered=f"{rec:g}", recoverable=f"{able:g}"),
            row=row,
            column="recovered_mwh",
            value=str(rec),
        )


def check_exchanges(
    tables: dict, labels: dict, ref: ReferenceFactors, report: ValidationOutcome
) -> None:
    """Exchange sides, ``replaces`` a fuel, and whether an avoided-emission factor exists."""
    df = tables.get("exchanges")
    if df is None:
        return
    label = labels["exchanges"]
    fuels = list(ref.fuels.index)
    for row, r in df.iterrows():
        if r["supplier_id"] == EXTERNAL and r["receiver_id"] == EXTERNAL:
            report.error(
                label,
                message("validation.both_external"),
                row=row,
                column="receiver_id",
                value=EXTERNAL,
            )
        elif r["supplier_id"] == r["receiver_id"]:
            report.error(
                label,
                message("validation.both_sides", tenant=r["supplier_id"]),
                row=row,
                column="receiver_id",
                value=str(r["receiver_id"]),
            )
        replaces = r["replaces"] if pd.notna(r["replaces"]) else None
        if replaces is not None and not ref.is_fuel(replaces):
            report.error(
                label,
                f"'{replaces}' is not a fuel of fuels.csv: expected one of "
                f"{', '.join(fuels)}{suggest(replaces, fuels)}",
                row=row,
                column="replaces",
                value=str(replaces),
            )
        elif pd.isna(r["avoided_tco2e"]):
            computable = (
                r["kind"] == "energy" and r["unit"] in ENERGY_UNITS and replaces is not None
            )
            if not computable:
                report.warning(
                    label,
                    f"exchange {r['exchange_id']} has no avoided-emission "
                    "factor (no avoided_tco2e; not an energy flow in MWh, kWh or GJ "
                    "replacing a fuel): it counts 0 in CS-3",
                    row=row,
                    column="avoided_tco2e",
                    value="",
                )


def check_contracts(tables: dict, labels: dict, report: ValidationOutcome) -> None:
    """A contract's ``market`` is an ISO 3166-1 alpha-2 code (any letter case)."""
    df = tables.get("contracts")
    if df is None:
        return
    for row, market in df["market"].items():
        if pd.notna(market) and not (
            len(str(market)) == 2 and str(market).isascii() and str(market).isalpha()
        ):
            report.error(
                labels["contracts"],
                message("validation.rule.market", value=market),
                row=row,
                column="market",
                value=str(market),
            )


def check_production(
    tables: dict, labels: dict, ref: ReferenceFactors, report: ValidationOutcome
) -> None:
    """Every product of ``production.csv`` has a benchmark in product_benchmarks.csv."""
    df = tables.get("production")
    if df is None:
        return
    products = ref.products
    for row, product in df["product"].items():
        if product not in products:
            report.error(
                labels["production"],
                f"'{product}' is not a product of "
                f"product_benchmarks.csv: expected one of {', '.join(products)}"
                f"{suggest(product, products)}",
                row=row,
                column="product",
                value=str(product),
            )


def check_process_gases(
    tables: dict, labels: dict, ref: ReferenceFactors, report: ValidationOutcome
) -> None:
    """Every process gas is a gwp.csv key or alias; methane says fossil or biogenic."""
    df = tables.get("process_emissions")
    if df is None:
        return
    for row, gas in df["gas"].items():
        if ref.gas_key(gas) is None:
            if gas.strip().upper() == "CH4":
                msg = "methane must say CH4_fossil or CH4_biogenic"
            else:
                msg = f"'{gas}' is not a gas key or alias of gwp.csv{suggest(gas, ref.gas_names)}"
            report.error(labels["process_emissions"], msg, row=row, column="gas", value=gas)


def check_history(
    tables: dict, labels: dict, facts: AreaFacts | None, report: ValidationOutcome
) -> None:
    """History years lie before the reporting year."""
    df = tables.get("history")
    if df is None or facts is None:
        return
    late = df["year"] >= facts.reporting_year
    for row, year in df.loc[late, "year"].items():
        report.error(
            labels["history"],
            message("validation.history_year", year=year, reporting_year=facts.reporting_year),
            row=row,
            column="year",
            value=str(year),
        )


def check_freight(
    tables: dict, labels: dict, facts: AreaFacts | None, report: ValidationOutcome
) -> None:
    """No freight rows when ``freight.none_declared`` is true."""
    df = tables.get("freight")
    if df is None or facts is None or not facts.freight.none_declared:
        return
    for row in df.index:
        report.error(
            labels["freight"],
            message("validation.freight_declared"),
            row=row,
            column="mode",
            value=str(df.at[row, "mode"]),
        )


def check_surfaces(
    tables: dict, labels: dict, facts: AreaFacts | None, tolerance: float, report: ValidationOutcome
) -> None:
    """Surfaces should add up to the total area (a warning)."""
    df = tables.get("surfaces")
    if df is None or facts is None or df.empty:
        return
    total = float(df["area_ha"].sum())
    if abs(total - facts.total_area_ha) > tolerance * facts.total_area_ha:
        report.warning(
            labels["surfaces"],
            message(
                "validation.surfaces_sum",
                total=f"{total:g}",
                area=f"{facts.total_area_ha:g}",
                tolerance=f"{tolerance:.0%}",
            ),
            column="area_ha",
            value=f"{total:g}",
        )


def check_factors(
    raw: RawArea,
    tables: dict,
    facts: AreaFacts | None,
    ref: ReferenceFactors,
    grid_set: str,
    fallback_set: str,
    report: ValidationOutcome,
) -> None:
    """A factor for the country; warnings for factors from other years or sets."""
    if facts is None:
        return
    label = raw.facts_label
    if not ref.has_country(facts.country):
        report.error(
            label,
            message(
                "validation.no_country_factor",
                country=facts.country,
                countries=", ".join(ref.countries),
            ),
            column="country",
            value=facts.country,
        )
        return
    energy = tables.get("energy")
    carriers = set(energy["carrier"]) if energy is not None else set()
    try:
        grid = ref.grid_factor(facts.country, facts.reporting_year, grid_set, fallback_set)
    except ReferenceFactorError as exc:  # pragma: no cover - has_country guards it
        report.error(label, str(exc), column="country", value=facts.country)
        return
    if grid.warning and "electricity_grid" in carriers:
        report.warning(label, grid.warning, column="country", value=facts.country)
    if "electricity_grid" in carriers:
        market = ref.market_factor(facts.country, facts.reporting_year, grid)
        if market.warning:
            report.warning(label, market.warning, column="country", value=facts.country)
    if "district_heat" in carriers and (
        facts.district_heat is None or facts.district_heat.factor_t_per_mwh is None
    ):
        heat = ref.district_heat(facts.country, facts.reporting_year)
        if heat is not None and heat.warning:
            report.warning(label, heat.warning, column="country", value=facts.country)


# ------------------------------------------------------------------- reported: yes / none


def _reported_rows(raw: RawArea, name: str) -> int:
    table = raw.tables.get(name)
    return 0 if table is None else len(table)


def apply_reported(
    raw: RawArea, labels: dict, report: ValidationOutcome, uses: dict[str, list[str]]
) -> None:
    """Apply each workbook sheet's ``reported`` choice (yes / none / not reported).

    ``not reported`` makes a sheet without rows absent (the criteria that need it have
    insufficient data); ``none`` keeps it as a table with no rows (there is none: criteria
    score it as zero or not applicable); a choice that contradicts the rows is an error.
    A sheet with its header only and no choice is read as ``none``, with a warning naming the
    criteria that will score it.
    """
    for name, choice in raw.reported.items():
        if name not in TABLES or name not in raw.tables:
            continue
        rows = _reported_rows(raw, name)
        where = {"row": 1, "column": "reported"}
        if choice == "not_reported" and rows:
            report.error(
                labels[name], message("validation.reported.not_but_rows", rows=rows), **where
            )
        elif choice == "not_reported":
            del raw.tables[name]
        elif choice == "none" and rows:
            report.error(
                labels[name], message("validation.reported.none_but_rows", rows=rows), **where
            )
        elif choice == "yes" and not rows:
            report.warning(labels[name], message("validation.reported.yes_no_rows"), **where)
        elif choice is None and not rows and not TABLES[name].required:
            criteria = ", ".join(uses.get(name, [])) or "—"
            report.warning(
                labels[name], message("validation.reported.header_only", criteria=criteria), **where
            )


# --------------------------------------------------------------------------------- entry


def validate(
    raw: RawArea,
    ref: ReferenceFactors,
    *,
    grid_set: str,
    fallback_set: str,
    surface_tolerance: float,
    uses: dict[str, list[str]] | None = None,
) -> tuple[AreaFacts | None, dict[str, pd.DataFrame | None], ValidationOutcome]:
    """Validate a raw area: every rule, every problem at once.

    Parameters
    ----------
    raw : RawArea
        What a reader returned.
    ref : ReferenceFactors
        The reference factor tables.
    grid_set, fallback_set : str
        The catalogue's grid factor set and its fallback (for the factor warnings).
    surface_tolerance : float
        Relative tolerance of the surfaces' sum against the total area (catalogue, BW-1).
    uses : dict, optional
        The criteria that use each table (``{"waste": ["CS-2"]}``), named in the warning on a
        workbook sheet left with its header only and no ``reported`` choice.

    Returns
    -------
    facts, tables, report
        ``tables`` holds every known table by name, None where the file is absent.
    """
    report = ValidationOutcome(str(raw.source))
    if raw.report is not None:
        report.extend(raw.report)
    facts = validate_facts(raw, report)
    tables: dict[str, pd.DataFrame | None] = dict.fromkeys(TABLES)
    workbook = raw.source.suffix.lower() == ".xlsx"
    labels = {
        name: raw.labels.get(name)
        or (
            message("validation.sheet", file=raw.source.name, sheet=name)
            if workbook
            else f"{name}.csv"
        )
        for name in TABLES
    }
    for name in raw.tables:
        if name not in TABLES:
            report.error(
                raw.labels.get(name, name),
                message(
                    "validation.unknown_table",
                    name=name,
                    tables=", ".join(TABLES),
                    hint=suggest(name, list(TABLES)),
                ),
            )
    report.order = [raw.facts_label, *(labels[name] for name in TABLES)]
    apply_reported(raw, labels, report, uses or {})
    read_labels = set(raw.labels)
    for name, table in TABLES.items():
        if name in raw.tables:
            tables[name] = validate_rows(
                table, raw.tables[name], labels[name], report, raw.skip.get(name, set())
            )
        elif table.required and name not in read_labels:
            report.error(
                labels[name],
                message(
                    "validation.sheet_missing" if workbook else "validation.file_missing",
                    description=schema_text(table),
                ),
            )
    check_unique(tables, labels, report)
    check_tenant_references(tables, labels, report, raw.tables.get("tenants"))
    check_tenants(tables, labels, facts, report)
    check_energy(tables, labels, facts, ref, report)
    check_generation(tables, labels, report)
    check_waste_heat(tables, labels, report)
    check_exchanges(tables, labels, ref, report)
    check_contracts(tables, labels, report)
    check_production(tables, labels, ref, report)
    check_process_gases(tables, labels, ref, report)
    check_history(tables, labels, facts, report)
    check_freight(tables, labels, facts, report)
    check_surfaces(tables, labels, facts, surface_tolerance, report)
    check_factors(raw, tables, facts, ref, grid_set, fallback_set, report)
    return facts, tables, report


def energy_mwh(energy: pd.DataFrame, ref: ReferenceFactors) -> pd.Series:
    """Return every energy row's amount in MWh (NCV), converting units and GCV."""
    factors = {
        key: mwh_per_unit(key[1], key[0], ref, key[2])
        for key in set(zip(energy["carrier"], energy["unit"], energy["basis"], strict=True))
    }
    keys = zip(energy["carrier"], energy["unit"], energy["basis"], strict=True)
    return energy["amount"] * pd.Series([factors[k] for k in keys], index=energy.index)
