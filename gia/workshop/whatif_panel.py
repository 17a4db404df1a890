"""The what-if panel of the workshop room: one control per lever, today beside the scenario.

An ipywidgets panel for JupyterLab (:func:`panel`). Every control is a lever of
:mod:`gia.workshop.whatif`; a change re-assesses the changed copy in-process
(:func:`gia.method.assessment.assess`, no notebooks) after a short pause (debounced: sliding through
values assesses once) and shows, side by side, today and the scenario: level, route, overall and
theme scores, every criterion whose level changes, and a chart of the theme scores. A button
searches the cheapest way to the next level (:mod:`gia.workshop.nextlevel`), another saves the
scenario as an area folder (:mod:`gia.workshop.scenario`). The outputs are HTML widgets, so a test
reads them without a browser.
"""

from __future__ import annotations

import asyncio
import html
from pathlib import Path
from typing import Any

import pandas as pd

from gia.data.area import Area
from gia.messages import message
from gia.method.assessment import Assessment, assess
from gia.method.catalogue import Catalogue
from gia.method.scoring import NOT_CERTIFIED
from gia.reports.charts import png_base64
from gia.reports.formatting import format_value, with_unit
from gia.workshop.nextlevel import cheapest_next_level, format_search, search_parts
from gia.workshop.whatif import (
    Lever,
    LeverSettings,
    apply_levers,
    available_levers,
    default_settings,
)

DEBOUNCE_SECONDS = 0.3
"""The pause after the last change before the panel re-assesses (well within a second)."""

_SETTINGS_LEVERS = {
    "pv_mwp": "pv_yield_mwh_per_mwp",
    "wind_mw": "wind_full_load_hours",
    "heat_pump_pct": "heat_pump_cop",
    "waste_heat_mwh": "exchange_receiver",
}


def level_title(level: str, catalogue: Catalogue) -> str:
    """Return a level's name for people."""
    return (
        message("level.not_certified")
        if level == NOT_CERTIFIED
        else next(lv.title for lv in catalogue.levels if lv.id == level)
    )


def comparison_table(before: Assessment, after: Assessment) -> pd.DataFrame:
    """Return today and the scenario side by side: level, route, overall, theme scores."""
    cat = before.catalogue
    rows = [
        (message("whatif.level"), level_title(before.level, cat), level_title(after.level, cat)),
        (message("whatif.route"), before.context.route.id, after.context.route.id),
        (
            message("whatif.overall"),
            format_value(before.overall_score, "%"),
            format_value(after.overall_score, "%"),
        ),
    ]
    rows += [
        (
            f"{cat.theme(t).title} (%)",
            format_value(before.themes[t], "%"),
            format_value(after.themes[t], "%"),
        )
        for t in before.themes
    ]
    return pd.DataFrame(rows, columns=["", message("whatif.before"), message("whatif.after")])


def moved_criteria(before: Assessment, after: Assessment) -> pd.DataFrame:
    """Return every criterion whose level changes: value and level today and in the scenario."""
    now = {r.id: r for r in after.criteria}
    rows = []
    for r in before.criteria:
        s = now.get(r.id)
        if s is not None and s.level != r.level:
            title = before.catalogue.criterion(r.id).title
            rows.append(
                {
                    message("whatif.criterion"): f"{r.id} {title}",
                    message("whatif.value_before"): with_unit(r.value, r.unit),
                    message("whatif.value_after"): with_unit(s.value, s.unit),
                    message("whatif.level_before"): str(r.level),
                    message("whatif.level_after"): str(s.level),
                }
            )
    return pd.DataFrame(rows)


def theme_chart_html(before: Assessment, after: Assessment) -> str:
    """Return a bar chart of the theme scores today and in the scenario (PNG, alt text)."""
    from gia.reports.charts import _pyplot

    plt = _pyplot()
    cat = before.catalogue
    themes = list(before.themes)
    titles = [cat.theme(t).title for t in themes]
    today = [before.themes[t] or 0.0 for t in themes]
    then = [after.themes[t] or 0.0 for t in themes]
    fig, ax = plt.subplots(figsize=(6.4, 3.0), dpi=100)
    y = range(len(themes))
    ax.barh(
        [i + 0.2 for i in y], today, height=0.4, color="#9aa5b1", label=message("whatif.before")
    )
    ax.barh([i - 0.2 for i in y], then, height=0.4, color="#1f4e79", label=message("whatif.after"))
    ax.set_yticks(list(y), titles)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(message("chart.theme_axis"))
    ax.set_title(message("whatif.chart.title"), fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    png = png_base64(fig)
    plt.close(fig)
    items = "; ".join(
        f"{t} {format_value(a, '%')} → {format_value(b, '%')} %"
        for t, a, b in zip(titles, today, then, strict=True)
    )
    alt = html.escape(message("whatif.chart.alt", items=items), quote=True)
    return f'<img src="data:image/png;base64,{png}" alt="{alt}" title="{alt}">'


TABLE_STYLE = (
    "<style>.gia-whatif{border-collapse:collapse;margin:0.3em 0}"
    ".gia-whatif th,.gia-whatif td{padding:0.2em 0.9em;border-bottom:1px solid #ddd;"
    "text-align:left}.gia-whatif th{background:#f2f4f7}</style>"
)
"""Padding and rules for the panel's tables (JupyterLab shows bare HTML tables tight)."""


def _html_table(frame: pd.DataFrame) -> str:
    return TABLE_STYLE + frame.to_html(index=False, escape=True, border=0, classes="gia-whatif")


class WhatIfPanel:
    """The panel's widgets and state; :attr:`widget` is what the notebook shows.

    Parameters
    ----------
    area, catalogue
        The area as loaded (today) and the catalogue that scores it.
    settings : LeverSettings, optional
        PV yield, wind hours, COP and exchange pair (default :func:`default_settings`).
    debounce : float
        Seconds to wait after a change before re-assessing; 0 re-assesses at once.
    scenario_dir : Path, optional
        The parent folder of saved scenarios (default: data/areas/).
    """

    def __init__(
        self,
        area: Area,
        catalogue: Catalogue,
        settings: LeverSettings | None = None,
        debounce: float = DEBOUNCE_SECONDS,
        scenario_dir: Path | None = None,
    ) -> None:
        import ipywidgets as w

        self.area, self.catalogue, self.debounce = area, catalogue, debounce
        self.scenario_dir = scenario_dir
        self.today = assess(area, catalogue)
        given = settings or default_settings(area)
        self._pending: Any = None
        self.refreshes = 0
        style = {"description_width": "30em"}
        wide = w.Layout(width="54em")
        self.setting_boxes = {
            key: w.FloatText(
                value=getattr(given, key) or 0.0,
                description=message(f"setting.{key}"),
                style=style,
                layout=wide,
            )
            for key in ("pv_yield_mwh_per_mwp", "wind_full_load_hours", "heat_pump_cop")
        }
        tenants = [str(t) for t in area.table("tenants")["tenant_id"]]
        self.supplier = w.Dropdown(
            options=["", *tenants],
            value=given.exchange_supplier or "",
            description=message("setting.exchange_supplier"),
            style=style,
            layout=wide,
        )
        self.receiver = w.Dropdown(
            options=["", *tenants],
            value=given.exchange_receiver or "",
            description=message("setting.exchange_receiver"),
            style=style,
            layout=wide,
        )
        ids = [c.id for c in catalogue.criteria]
        self.criterion = w.Dropdown(
            options=ids,
            value=ids[0],
            description=message("whatif.thresholds"),
            style={"description_width": "initial"},
            layout=w.Layout(width="24em"),
        )
        self.thresholds = [
            w.FloatText(
                description=f"L{i}",
                layout=w.Layout(width="12em"),
                style={"description_width": "2em"},
            )
            for i in range(1, len(catalogue.levels) + 1)
        ]
        self._load_thresholds()
        self.criterion.observe(lambda _c: (self._load_thresholds(), self._changed()), names="value")
        for box in self.thresholds:
            box.observe(self._changed, names="value")
        self.sliders: dict[str, Any] = {}
        self._build_sliders()
        self.hint = w.HTML()
        self.compare = w.HTML()
        self.moved = w.HTML()
        self.chart = w.HTML()
        self.next_button = w.Button(
            description=message("whatif.next_level"), layout=w.Layout(width="22em")
        )
        self.next_out = w.HTML()
        self.name = w.Text(description=message("whatif.name"), style=style, layout=wide)
        self.force = w.Checkbox(description="--force", value=False)
        self.save_button = w.Button(
            description=message("whatif.save"), layout=w.Layout(width="22em")
        )
        self.save_out = w.HTML()
        self.next_button.on_click(lambda _b: self.search_next_level())
        self.save_button.on_click(lambda _b: self.save())
        for box in [*self.setting_boxes.values(), self.supplier, self.receiver]:
            box.observe(self._settings_changed, names="value")
        self.widget = w.VBox(
            [
                w.HTML(f"<b>{html.escape(area.facts.name)}</b> ({html.escape(area.id)})"),
                w.VBox(list(self.sliders.values())),
                w.VBox([*self.setting_boxes.values(), self.supplier, self.receiver]),
                self.hint,
                w.HBox([self.criterion, *self.thresholds]),
                w.HBox([self.compare, self.chart]),
                self.moved,
                w.HBox([self.next_button]),
                self.next_out,
                w.HBox([self.name, self.force, self.save_button]),
                self.save_out,
            ]
        )
        self.refresh()

    # ------------------------------------------------------------------ controls
    def _build_sliders(self) -> None:
        for lever in self._levers():
            self.sliders[lever.key] = self._slider(lever)

    def _slider(self, lever: Lever) -> Any:
        """A lever's slider, from its minimum, observed by the debounced update."""
        import ipywidgets as w

        slider = w.FloatSlider(
            value=lever.minimum,
            min=lever.minimum,
            max=lever.maximum,
            step=lever.step,
            description=lever.label,
            continuous_update=True,
            readout_format=".1f",
            style={"description_width": "34em"},  # the longest label, not cut off
            layout=w.Layout(width="68em"),
        )
        slider.observe(self._changed, names="value")
        return slider

    def _levers(self) -> list[Lever]:
        """Every lever the area has; a lever whose factor is missing is disabled, not hidden."""
        probe = LeverSettings(
            pv_yield_mwh_per_mwp=self.setting_value("pv_yield_mwh_per_mwp"),
            wind_full_load_hours=self.setting_value("wind_full_load_hours"),
            heat_pump_cop=self.setting_value("heat_pump_cop"),
            exchange_supplier=self.supplier.value or None,
            exchange_receiver=self.receiver.value or None,
        )
        return available_levers(self.area, self.catalogue, probe)

    def setting_value(self, key: str) -> float | None:
        """Return a factor box's value, None when empty or zero (not given)."""
        box = getattr(self, "setting_boxes", {}).get(key)
        return float(box.value) if box is not None and box.value and box.value > 0 else None

    def settings(self) -> LeverSettings:
        """Return the factors as the boxes give them (a COP of 1 or less: not given)."""
        cop = self.setting_value("heat_pump_cop")
        supplier, receiver = self.supplier.value or None, self.receiver.value or None
        same = supplier is not None and supplier == receiver
        return LeverSettings(
            pv_yield_mwh_per_mwp=self.setting_value("pv_yield_mwh_per_mwp"),
            wind_full_load_hours=self.setting_value("wind_full_load_hours"),
            heat_pump_cop=cop if cop and cop > 1 else None,
            exchange_supplier=None if same else supplier,
            exchange_receiver=None if same else receiver,
        )

    def values(self) -> dict[str, float]:
        """Return the levers pulled (sliders away from their start, enabled)."""
        return {
            key: float(s.value)
            for key, s in self.sliders.items()
            if not s.disabled and s.value != s.min
        }

    def _load_thresholds(self) -> None:
        spec = self.catalogue.criterion(self.criterion.value)
        self._loading = True
        for box, value in zip(self.thresholds, spec.thresholds, strict=True):
            box.value = value
        self._loading = False

    def scenario_catalogue(self) -> Catalogue:
        """Return the catalogue with the threshold boxes' values for the chosen criterion."""
        from gia.workshop.whatif import with_thresholds

        spec = self.catalogue.criterion(self.criterion.value)
        boxes = [float(b.value) for b in self.thresholds]
        if boxes == [float(t) for t in spec.thresholds]:
            return self.catalogue
        return with_thresholds(self.catalogue, self.criterion.value, boxes)

    # ------------------------------------------------------------------ updates
    def _settings_changed(self, _change: Any = None) -> None:
        offered = {lever.key: lever for lever in self._levers()}
        for key, slider in self.sliders.items():
            lever = offered.get(key)
            slider.disabled = lever is None
            if lever is not None and slider.max != lever.maximum:
                slider.max = lever.maximum
        missing = [key for key in offered if key not in self.sliders]
        if missing:
            self._add_sliders(missing, offered)
        self._changed()

    def _add_sliders(self, keys: list[str], offered: dict[str, Lever]) -> None:
        for key in keys:
            self.sliders[key] = self._slider(offered[key])
        self.widget.children[1].children = list(self.sliders.values())

    def _changed(self, _change: Any = None) -> None:
        """Re-assess after :attr:`debounce` seconds of quiet (at once without an event loop)."""
        if getattr(self, "_loading", False) or not hasattr(self, "compare"):
            return
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if self.debounce <= 0:
            self.refresh()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self.refresh()
        else:
            self._pending = loop.call_later(self.debounce, self.refresh)

    def refresh(self) -> Assessment:
        """Assess the scenario now and show it beside today; return the scenario."""
        self._pending = None
        self.refreshes += 1
        settings = self.settings()
        missing = [
            message(f"lever.{k}") + ": " + message("whatif.needs", setting=message(f"setting.{s}"))
            for k, s in _SETTINGS_LEVERS.items()
            if getattr(settings, s) is None
        ]
        self.hint.value = "<br>".join(html.escape(m) for m in missing)
        try:
            catalogue = self.scenario_catalogue()
            after = assess(apply_levers(self.area, catalogue, settings, self.values()), catalogue)
        except (KeyError, ValueError) as exc:  # shown to the room, never swallowed
            self.compare.value = f"<p><b>{html.escape(str(exc))}</b></p>"
            return self.today
        self.after = after
        self.compare.value = _html_table(comparison_table(self.today, after))
        moved = moved_criteria(self.today, after)
        self.moved.value = f"<h4>{html.escape(message('whatif.moved'))}</h4>" + (
            _html_table(moved)
            if len(moved)
            else f"<p>{html.escape(message('whatif.moved.none'))}</p>"
        )
        self.chart.value = theme_chart_html(self.today, after)
        return after

    def search_next_level(self) -> str:
        """Run the next-level search on today's area and show it; return it as text."""
        self.next_out.value = f"<p>{html.escape(message('whatif.working'))}</p>"
        search = cheapest_next_level(self.area, self.catalogue, self.settings())
        head, table, tail = search_parts(search, self.catalogue)
        self.next_out.value = (
            "".join(f"<p><b>{html.escape(x)}</b></p>" for x in head[:1])
            + "".join(f"<p>{html.escape(x)}</p>" for x in head[1:])
            + (_html_table(table) if len(table) else "")
            + "".join(f"<p>{html.escape(x)}</p>" for x in tail)
        )
        return format_search(search, self.catalogue)

    def save(self) -> Path | None:
        """Save the scenario as an area folder under the name in the name box."""
        from gia.workshop.scenario import save_scenario, scenario_id

        try:
            out = (
                None
                if self.scenario_dir is None
                else Path(self.scenario_dir) / scenario_id(self.area.id, self.name.value)
            )
            folder = save_scenario(
                self.area,
                self.catalogue,
                self.settings(),
                self.values(),
                self.name.value,
                out=out,
                force=self.force.value,
            )
        except (ValueError, KeyError, FileExistsError) as exc:
            why = str(exc.args[0] if exc.args else exc)
            self.save_out.value = f"<p><b>{html.escape(why)}</b></p>"
            return None
        self.save_out.value = f"<p>{html.escape(message('whatif.saved', path=str(folder)))}</p>"
        return folder


def panel(
    area: Area,
    catalogue: Catalogue,
    settings: LeverSettings | None = None,
    debounce: float = DEBOUNCE_SECONDS,
) -> Any:
    """Return the what-if panel's widget for ``area`` (see :class:`WhatIfPanel`)."""
    return WhatIfPanel(area, catalogue, settings, debounce).widget
