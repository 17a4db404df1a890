"""Table and field definitions of the area data: one table of attributes.

Every CSV table of an area folder (and every sheet of an area workbook) is described here, column
by column, after PyPSA's component attribute tables: name, type, unit, whether a value is
required, the allowed values, the default of a blank cell and a description. Loading, validation,
the Excel template and the documentation all read this one table.

>>> spec = TABLES["energy"]
>>> spec.column("unit").allowed
('MWh', 'kWh', 'GJ', 't', 'm3', 'l')
>>> attributes_table().query("table == 'energy' and column == 'use'")["default"].item()
'energy'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

ColumnType = Literal["str", "int", "float", "bool", "enum"]

CARRIERS: tuple[str, ...] = (
    "electricity_grid",
    "district_heat",
    "natural_gas",
    "diesel",
    "fuel_oil",
    "lpg",
    "petrol",
    "hard_coal",
    "lignite",
    "biomass",
    "biogas",
    "hydrogen_green",
    "hydrogen_grey",
)
"""Energy carriers of ``energy.csv``; every carrier but the first two is a fuel of fuels.csv."""

NETWORK_CARRIERS: tuple[str, ...] = ("electricity_grid", "district_heat")
FOSSIL_CARRIERS: tuple[str, ...] = (
    "natural_gas",
    "diesel",
    "fuel_oil",
    "lpg",
    "petrol",
    "hard_coal",
    "lignite",
    "hydrogen_grey",
)
RENEWABLE_CARRIERS: tuple[str, ...] = ("biomass", "biogas", "hydrogen_green")
ENERGY_UNITS: tuple[str, ...] = ("MWh", "kWh", "GJ")
UNITS: tuple[str, ...] = ("MWh", "kWh", "GJ", "t", "m3", "l")

MAX_NUMBER = 1e15
"""The largest number any input cell or area.yaml key may hold: beyond it a value is a typo or
an attack (1e308 MWh overflows every sum), never data. An area's energy in kWh stays below
10^11, its value added in EUR below 10^12."""

EXTERNAL = "external"
"""The partner outside the area in ``exchanges.csv``."""


@dataclass(frozen=True)
class Column:
    """One column of an area table.

    Parameters
    ----------
    name : str
        Column header, exactly as written in the CSV file.
    type : {"str", "int", "float", "bool", "enum"}
        Type of a value; ``bool`` is ``true``/``false`` in any letter case.
    description : str
        What the column holds.
    unit : str
        Physical unit, or ``""``.
    required : bool
        Every row must have a value; the column must then be in the header.
        A column that may be blank may also be left out of the header.
    allowed : tuple of str
        Allowed values of an ``enum`` column (exact match).
    minimum : float or None
        Smallest allowed number (inclusive, unless ``exclusive_minimum``).
    exclusive_minimum : bool
        The value must be strictly above ``minimum`` (e.g. tonnes > 0).
    default : object
        Value of a blank cell (None: stays blank, meaning *not reported*).
    unique : bool
        Values must not repeat within the table.
    tenant_ref : bool
        Values name a tenant of ``tenants.csv`` (blank allowed when not required).
    """

    name: str
    type: ColumnType
    description: str
    unit: str = ""
    required: bool = True
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    exclusive_minimum: bool = False
    default: object = None
    unique: bool = False
    tenant_ref: bool = False


@dataclass(frozen=True)
class Table:
    """One table of an area: a CSV file of the area folder, or a sheet of the workbook.

    Parameters
    ----------
    name : str
        Table name; the file is ``<name>.csv``, the sheet ``<name>``.
    required : bool
        The file must be present.
    description : str
        What one row is.
    columns : tuple of Column
        The columns, in their documented order.
    min_rows : int
        Fewest data rows a present table may have.
    """

    name: str
    required: bool
    description: str
    columns: tuple[Column, ...]
    min_rows: int = 0
    _by_name: dict[str, Column] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    @property
    def filename(self) -> str:
        """Name of the table's CSV file."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """All column names, in documented order."""
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        """Columns that must be in the header."""
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        return self._by_name[name]

    def has_column(self, name: str) -> bool:
        """Whether the table defines a column called ``name``."""
        return name in self._by_name


def _tenant(required: bool = False, what: str = "the tenant") -> Column:
    blank = "" if required else "; blank: the area operator's own"
    return Column(
        "tenant_id",
        "str",
        f"{what} (a tenant_id of tenants.csv{blank})",
        required=required,
        tenant_ref=True,
    )


def _amount(name: str, unit: str, description: str, required: bool = True) -> Column:
    return Column(name, "float", description, unit=unit, required=required, minimum=0.0)


def _positive(name: str, unit: str, description: str) -> Column:
    return Column(name, "float", description, unit=unit, minimum=0.0, exclusive_minimum=True)


FLOWS: tuple[str, ...] = ("by_product", "surplus_energy", "water_reuse", "product")
"""Kinds of flow of ``exchanges.csv`` (methodology v1.1, C3); the catalogue says which count."""

RATINGS: tuple[str, ...] = ("none", "top_energy_class", "green_certified")
"""Building ratings of ``buildings.csv`` (methodology v1.1, C9)."""


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "tenants",
            True,
            "every tenant of the area, reporting or not",
            (
                Column("tenant_id", "str", "identifier of the tenant", unique=True),
                Column("name", "str", "company name"),
                Column("nace", "str", "NACE rev. 2 activity code, e.g. C23.5", required=False),
                Column("employees", "int", "employees at the site", unit="persons", minimum=0),
                _amount("gva_eur", "EUR", "gross value added at the site, reporting year"),
                Column(
                    "energy_management",
                    "enum",
                    "energy management system in place",
                    allowed=("none", "audit", "iso50001"),
                ),
                Column(
                    "audit_year",
                    "int",
                    "year of the last energy audit (with audit only; ≤ reporting year)",
                    required=False,
                ),
            ),
            min_rows=1,
        ),
        Table(
            "energy",
            True,
            "energy delivered into the area (several rows per tenant allowed)",
            (
                _tenant(),
                Column("carrier", "enum", "energy carrier", allowed=CARRIERS),
                _amount("amount", "", "amount delivered, in `unit`"),
                Column("unit", "enum", "unit of `amount`", allowed=UNITS),
                Column("metered", "bool", "metered (true) or estimated (false)"),
                Column(
                    "use",
                    "enum",
                    "energy use, or material use as feedstock",
                    required=False,
                    allowed=("energy", "feedstock"),
                    default="energy",
                ),
                Column(
                    "basis",
                    "enum",
                    "calorific basis of an energy amount",
                    required=False,
                    allowed=("ncv", "gcv"),
                    default="ncv",
                ),
            ),
        ),
        Table(
            "generation",
            False,
            "on-site renewable generation assets",
            (
                Column("asset_id", "str", "identifier of the asset", unique=True),
                _tenant(what="owner (blank: area-owned)"),
                Column(
                    "technology",
                    "enum",
                    "technology (heat pumps: ambient heat only)",
                    allowed=(
                        "pv",
                        "wind",
                        "hydro",
                        "solar_thermal",
                        "geothermal",
                        "heat_pump_ambient",
                    ),
                ),
                _amount("capacity_kw", "kW", "installed capacity", required=False),
                _amount("generation_mwh", "MWh", "generation in the reporting year"),
                Column(
                    "exported_mwh",
                    "float",
                    "part of the generation sent out of the area",
                    unit="MWh",
                    required=False,
                    minimum=0.0,
                    default=0.0,
                ),
            ),
        ),
        Table(
            "contracts",
            False,
            "off-site renewable electricity contracts for the reporting year, same market",
            (
                _tenant(),
                Column(
                    "instrument",
                    "enum",
                    "contract instrument",
                    allowed=("ppa", "go", "green_tariff"),
                ),
                _amount("mwh", "MWh", "renewable electricity contracted"),
                Column(
                    "technology",
                    "enum",
                    "generating technology",
                    allowed=(
                        "wind",
                        "solar",
                        "hydro",
                        "biomass",
                        "biogas",
                        "geothermal",
                        "other_renewable",
                    ),
                ),
                Column(
                    "market",
                    "str",
                    "ISO 3166-1 alpha-2 country of the generating asset "
                    "(methodology v1.1: a row without it does not qualify)",
                    required=False,
                ),
                Column(
                    "vintage_year",
                    "int",
                    "year the electricity was generated (methodology "
                    "v1.1: a row without it does not qualify)",
                    required=False,
                ),
            ),
        ),
        Table(
            "process_emissions",
            False,
            "non-energy emissions: calcination, refrigerant leaks, ...",
            (
                _tenant(required=True),
                Column("source", "str", "emission source"),
                Column(
                    "gas",
                    "str",
                    "a gas key or alias of gwp.csv (methane: CH4_fossil or CH4_biogenic)",
                ),
                _amount("amount_t", "t", "mass of gas emitted"),
            ),
        ),
        Table(
            "waste",
            False,
            "waste streams",
            (
                _tenant(),
                Column("stream", "str", "waste stream"),
                Column("hazardous", "bool", "hazardous waste"),
                _amount("amount_t", "t", "amount of waste"),
                Column(
                    "treatment",
                    "enum",
                    "treatment of the stream",
                    allowed=(
                        "reuse",
                        "recycling",
                        "material_recovery",
                        "energy_recovery",
                        "incineration",
                        "landfill",
                    ),
                ),
            ),
        ),
        Table(
            "exchanges",
            False,
            "industrial-symbiosis flows",
            (
                Column("exchange_id", "str", "identifier of the exchange", unique=True),
                Column("supplier_id", "str", "supplying tenant, or `external`"),
                Column("receiver_id", "str", "receiving tenant, or `external`"),
                Column("kind", "enum", "kind of flow", allowed=("material", "energy", "water")),
                Column("resource", "str", "what flows"),
                _amount("amount", "", "amount, in `unit`"),
                Column("unit", "str", "unit of `amount` (energy: MWh, kWh or GJ)"),
                Column(
                    "replaces", "str", "fuel of fuels.csv that the flow replaces", required=False
                ),
                Column(
                    "avoided_tco2e",
                    "float",
                    "emissions avoided, where known",
                    unit="t CO2e",
                    required=False,
                    minimum=0.0,
                ),
                Column(
                    "flow",
                    "enum",
                    "kind of flow: by_product, surplus_energy, water_reuse "
                    "(symbiosis flows) or product (an ordinary sale; methodology v1.1: counts "
                    "nowhere, nor does a row without flow)",
                    required=False,
                    allowed=FLOWS,
                ),
            ),
        ),
        Table(
            "waste_heat",
            False,
            "waste heat by tenant",
            (
                _tenant(required=True),
                _amount("recoverable_mwh", "MWh", "recoverable waste heat"),
                _amount("recovered_mwh", "MWh", "waste heat recovered (≤ recoverable)"),
            ),
        ),
        Table(
            "water",
            False,
            "water use by source",
            (
                _tenant(),
                Column(
                    "source",
                    "enum",
                    "water source",
                    allowed=(
                        "municipal",
                        "groundwater",
                        "surface",
                        "rainwater",
                        "reused",
                        "recycled",
                    ),
                ),
                _amount("amount_m3", "m3", "water used"),
            ),
        ),
        Table(
            "vehicles",
            False,
            "vehicle fleet of the tenants and the area",
            (
                _tenant(what="owner (blank: area fleet)"),
                Column(
                    "vehicle_class",
                    "enum",
                    "vehicle class",
                    allowed=("car", "van", "truck", "bus", "forklift", "other"),
                ),
                Column(
                    "powertrain",
                    "enum",
                    "powertrain",
                    allowed=("ice", "hev", "phev", "bev", "fcev"),
                ),
                Column("count", "int", "number of vehicles", unit="vehicles", minimum=0),
            ),
        ),
        Table(
            "commuting",
            False,
            "commuting survey totals by main mode",
            (
                Column(
                    "mode",
                    "enum",
                    "main commuting mode",
                    allowed=("car", "carpool", "public_transport", "bicycle", "walking", "other"),
                ),
                Column("commuters", "int", "commuters using the mode", unit="persons", minimum=0),
            ),
        ),
        Table(
            "freight",
            False,
            "freight in and out of the area, reporting year",
            (
                Column(
                    "mode", "enum", "transport mode", allowed=("road", "rail", "ship", "pipeline")
                ),
                _amount("tonnes", "t", "freight moved"),
            ),
        ),
        Table(
            "surfaces",
            False,
            "surface types of the area (should add up to total_area_ha)",
            (
                Column(
                    "surface_type",
                    "enum",
                    "surface type (Berlin biotope area factor)",
                    allowed=(
                        "sealed",
                        "partly_sealed",
                        "semi_open",
                        "green_roof",
                        "vegetated",
                        "water",
                    ),
                ),
                _amount("area_ha", "ha", "surface area"),
            ),
        ),
        Table(
            "production",
            False,
            "benchmarked production of the reporting year (methodology v1.1, SB-1)",
            (
                _tenant(required=True, what="the producing tenant"),
                Column(
                    "product",
                    "str",
                    "a product of the reference table "
                    "product_benchmarks.csv, e.g. grey_cement_clinker",
                ),
                _positive("tonnes", "t", "tonnes of the product made in the reporting year (> 0)"),
            ),
        ),
        Table(
            "buildings",
            False,
            "buildings of the area (methodology v1.1, BU-1)",
            (
                Column("building_id", "str", "identifier of the building", unique=True),
                _tenant(what="user of the building"),
                _positive("floor_area_m2", "m2", "gross floor area (> 0)"),
                Column(
                    "rating",
                    "enum",
                    "none; top_energy_class (energy performance class A or "
                    "nearly zero-energy); green_certified (DGNB, BREEAM, LEED, HQE or China "
                    "Green Building, any level)",
                    allowed=RATINGS,
                ),
            ),
        ),
        Table(
            "history",
            False,
            "earlier years, for baselines",
            (
                Column("year", "int", "year (< reporting_year)", unique=True),
                _amount("final_energy_mwh", "MWh", "final energy consumption", required=False),
                _amount(
                    "gva_eur",
                    "EUR",
                    "gross value added, constant prices of the reporting year",
                    required=False,
                ),
                _amount("scope1_tco2e", "t CO2e", "scope 1 emissions", required=False),
                _amount(
                    "scope2_market_tco2e",
                    "t CO2e",
                    "scope 2 market-based emissions",
                    required=False,
                ),
            ),
        ),
    )
}
"""Every table of an area, by name."""


def attributes_table() -> pd.DataFrame:
    """Return every column of every table as one DataFrame (the data dictionary).

    Returns
    -------
    pandas.DataFrame
        Columns ``table, table_required, column, type, unit, required, allowed, minimum,
        default, unique, description``.
    """
    rows = []
    for table in TABLES.values():
        for col in table.columns:
            rows.append(
                {
                    "table": table.name,
                    "table_required": table.required,
                    "column": col.name,
                    "type": col.type,
                    "unit": col.unit,
                    "required": col.required,
                    "allowed": ", ".join(col.allowed),
                    "minimum": col.minimum,
                    "default": col.default,
                    "unique": col.unique,
                    "description": col.description,
                }
            )
    return pd.DataFrame(rows)


SCHEMA_CONTEXT = "schema"
"""``msgctxt`` of the tables' and columns' descriptions in the message catalogue."""


def schema_text(item: Column | Table) -> str:
    """Return a column's or table's description in the current language (English fallback)."""
    from gia.messages import translate

    return translate(SCHEMA_CONTEXT, item.description)
