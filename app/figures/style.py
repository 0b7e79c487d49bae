"""How the analysis figures look: the theme's colours, and type and lines sized to the figure they are drawn on.

The theme (app/themes.py) sets the colours and how heavy everything is (presentation: large type, thick
lines; print: black on white). A panel figure may be a few hundred pixels wide in the window or a page
in an export, so its type is scaled with its size in points and kept between a legible minimum and the
theme's own size; tick locators pick fewer ticks when an axis is short, so labels never run together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from app.themes import Theme, get_theme

REFERENCE_POINTS = (460.0, 320.0)  # a figure this size (width, height in points) gets the base sizes below
SCALE_LIMITS = (0.55, 1.7)

# base type size (points), smallest type size, curve width, reference-curve width, for each theme
WEIGHTS = {
    "default": (9.0, 7.0, 1.5, 1.0),
    "presentation": (13.0, 10.0, 3.0, 2.0),
    "print": (9.0, 7.0, 1.5, 1.0),
}

# Okabe–Ito fate colours, readable with the common colour-vision deficiencies; on black the dark blue is
# replaced by sky blue, and print uses greys that still differ on paper
FATES = {
    "default": {"falls": "#D55E00", "escapes-libration": "#0072B2", "escapes-rotation": "#009E73", "escapes": "#0072B2",
                "marginal": "#777777", "unknown": "#777777", "stays": "#E69F00", "depends": "#E69F00"},
    "presentation": {"falls": "#FF7F2A", "escapes-libration": "#56B4E9", "escapes-rotation": "#2CC990", "escapes": "#56B4E9",
                     "marginal": "#BBBBBB", "unknown": "#BBBBBB", "stays": "#F0E442", "depends": "#F0E442"},
    "print": {"falls": "#000000", "escapes-libration": "#666666", "escapes-rotation": "#999999", "escapes": "#666666",
              "marginal": "#444444", "unknown": "#444444", "stays": "#BBBBBB", "depends": "#BBBBBB"},
}


@dataclass(frozen=True)
class PanelStyle:
    """Sizes and colours for one figure in one theme (type in points)."""

    theme: Theme
    scale: float
    font: float  # axis labels and titles
    tick: float  # tick labels
    small: float  # legends and notes
    line: float  # the particle's own curves
    reference: float  # exact curves, separatrices, guides
    marker: float  # marker size in points
    fates: dict

    @property
    def background(self) -> str:
        return self.theme.background

    @property
    def foreground(self) -> str:
        return self.theme.foreground

    @property
    def muted(self) -> str:
        """Guides and secondary text: between foreground and background."""
        return {"presentation": "#BBBBBB", "print": "#444444"}.get(self.theme.name, "#555555")

    @property
    def box(self) -> dict:
        """A text box that stands out from the plot behind it."""
        return {"boxstyle": "round,pad=0.3", "fc": self.background, "ec": self.muted, "alpha": 0.9}

    def fate(self, key: str) -> str:
        return self.fates.get(key, self.fates["unknown"])


def figure_points(fig) -> tuple[float, float]:
    """The figure's width and height in points (independent of its dpi); a SubFigure's own part of its figure."""
    return float(fig.bbox.width) / fig.dpi * 72.0, float(fig.bbox.height) / fig.dpi * 72.0


def panel_style(theme_name: str, fig) -> PanelStyle:
    """The style of a panel figure in theme `theme_name`, scaled to `fig`'s size."""
    theme = get_theme(theme_name)
    base, smallest, line, reference = WEIGHTS.get(theme.name, WEIGHTS["default"])
    w, h = figure_points(fig)
    # by the area (a tall side panel is as roomy as a wide one), but never far beyond what the narrow side allows
    by_area = math.sqrt(w * h / (REFERENCE_POINTS[0] * REFERENCE_POINTS[1]))
    by_side = min(w / REFERENCE_POINTS[0], h / REFERENCE_POINTS[1])
    scale = min(max(min(by_area, 1.35 * by_side), SCALE_LIMITS[0]), SCALE_LIMITS[1])
    # below about 360x260 px even the smallest legible type crowds the axes out: let it shrink a little more
    font = max(base * scale, smallest * min(1.0, max(by_side / 0.5, 0.7)))
    lines = math.sqrt(scale)
    least = min(font, smallest)
    return PanelStyle(theme=theme, scale=scale, font=font, tick=max(font * 0.9, least), small=max(font * 0.82, least * 0.9),
                      line=line * lines, reference=reference * lines, marker=max(5.0 * scale, 3.5) * (1.4 if theme.name == "presentation" else 1.0),
                      fates=FATES.get(theme.name, FATES["default"]))


class RoomyLocator(MaxNLocator):
    """MaxNLocator that gives each tick label room: the number of ticks follows the axis's length at draw time."""

    def __init__(self, room: float = 4.5, most: int = 7, **kwargs):
        super().__init__(nbins=most, **kwargs)
        self._room, self._most = room, most

    def __call__(self):
        axis = self.axis
        if axis is not None and axis.axes is not None:
            n = _ticks_that_fit(axis, self._room, self._most)
            self.set_params(nbins=n)
        return super().__call__()


class ChoiceLocator(FixedLocator):
    """Fixed ticks (angles: −180…180, −π…π), thinned to the first of `choices` whose labels fit the axis."""

    def __init__(self, choices, room: float = 4.0):
        super().__init__(choices[0])
        self._choices, self._room = [list(c) for c in choices], room

    def __call__(self):
        axis = self.axis
        if axis is not None and axis.axes is not None:
            fit = _ticks_that_fit(axis, self._room, len(self._choices[0]))
            for choice in self._choices:
                if len(choice) <= max(fit, 2):
                    self.locs = choice
                    break
            else:
                self.locs = self._choices[-1]
        return super().__call__()


def _ticks_that_fit(axis, room: float, most: int) -> int:
    """How many tick labels of about `room` font sizes each fit along the axis (at least 2)."""
    ax = axis.axes
    size = axis.majorTicks[0].label1.get_fontsize()  # not get_ticklabels(): that asks this locator again
    ends = ax.transAxes.transform([[0, 0], [1, 1]])
    pixels = abs(ends[1][0] - ends[0][0]) if axis is ax.xaxis else abs(ends[1][1] - ends[0][1])
    length = pixels / ax.figure.dpi * 72.0
    per_label = size * (room if axis is ax.xaxis else 2.4)
    return int(min(max(length // per_label, 2), most))


def angle_axis(ax, which: str = "x", unit: str = "degrees") -> None:
    """Ticks at multiples of a quarter or half turn, fewer when the axis is short."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    if unit == "degrees":
        axis.set_major_locator(ChoiceLocator([[-180, -90, 0, 90, 180], [-180, 0, 180]], room=3.6))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}".replace("-", "\u2212")))
    else:
        names = {-4: "\u2212\u03c0", -2: "\u2212\u03c0/2", 0: "0", 2: "\u03c0/2", 4: "\u03c0"}
        q = math.pi / 4
        axis.set_major_locator(ChoiceLocator([[-4 * q, -2 * q, 0, 2 * q, 4 * q], [-4 * q, 0, 4 * q]], room=3.6))
        axis.set_major_formatter(FuncFormatter(lambda v, _: names.get(int(round(v / q)), f"{v:.2g}")))


def style_axes(ax, style: PanelStyle, x_ticks: bool = True, y_ticks: bool = True) -> None:
    """Colours, spines, type sizes and roomy tick locators for one axes of a panel figure."""
    fg = style.foreground
    ax.set_facecolor(style.background)
    for spine in ax.spines.values():
        spine.set_color(fg)
        spine.set_linewidth(1.4 if style.theme.name == "presentation" else 0.8)
    ax.tick_params(colors=fg, labelsize=style.tick, width=1.2 if style.theme.name == "presentation" else 0.8)
    for label in (ax.xaxis.label, ax.yaxis.label, ax.title):
        label.set_color(fg)
    ax.xaxis.label.set_fontsize(style.font)
    ax.yaxis.label.set_fontsize(style.font)
    ax.title.set_fontsize(style.font)
    for axis in (ax.xaxis, ax.yaxis):
        axis.get_offset_text().set_color(fg)
        axis.get_offset_text().set_fontsize(style.small)
    if x_ticks and ax.get_xscale() == "linear":
        ax.xaxis.set_major_locator(RoomyLocator())
    if y_ticks and ax.get_yscale() == "linear":
        ax.yaxis.set_major_locator(RoomyLocator())


def start_over(fig, theme: str, axes=(), keep_axes: bool = False) -> PanelStyle:
    """Ready `fig` for a fresh drawing in `theme`: no figure legend, the given axes cleared, the figure styled.

    keep_axes keeps the axes' ticks, locators and labels and removes only what was drawn on them: a redraw
    that follows the model (a k drag) then makes no new Tick objects, which was a third of its time. The
    caller sets the limits again (ax.relim(); ax.autoscale_view() for the autoscaled ones).
    """
    style = panel_style(theme, fig)
    for legend in list(fig.legends):
        legend.remove()
    for ax in axes:
        if keep_axes:
            for artist in [*ax.lines, *ax.texts, *ax.collections, *ax.patches, *ax.images]:
                artist.remove()
        else:
            ax.clear()
    style_figure(fig, style)
    return style


def style_figure(fig, style: PanelStyle) -> None:
    fig.set_facecolor(style.background)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        pad = 3.0 / 72 * max(style.scale, 0.8)
        pads = {"w_pad": pad, "h_pad": pad, "wspace": 0.04, "hspace": 0.04}
        if any(engine.get().get(name) != value for name, value in pads.items()):
            engine.set(**pads)
            if hasattr(engine, "invalidate"):
                engine.invalidate()  # a cached layout does not see the pads: work it out again


def figure_legend(fig, handles, labels, style: PanelStyle, loc: str = "outside lower center"):
    """One legend for the whole figure, outside the axes so it never sits on a curve (none on a figure too low for one)."""
    w, h = figure_points(fig)
    if h < 150:
        return None
    per_entry = max(len(text) for text in labels) * 0.55 * style.small + 3.5 * style.small if labels else 1
    ncol = max(1, min(len(labels), int(0.95 * w // per_entry)))
    legend = fig.legend(handles, labels, loc=loc, ncol=ncol, fontsize=style.small, frameon=False, labelcolor=style.foreground,
                        handlelength=1.8, columnspacing=1.2, borderaxespad=0.2)
    return legend


def note(ax, text: str, style: PanelStyle):
    """A message in the middle of an empty axes ("Select a particle"), wrapped to the axes' width."""
    return ax.add_artist(_AxesNote(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=style.font,
                                   color=style.foreground, wrap=True, bbox=style.box, zorder=9))


class _AxesNote(Text):
    """Text that wraps to its axes' width. matplotlib wraps text to the figure's: in a narrow panel (the graph page
    at 1024×768 in the presentation theme) the note ran over the axes' tick labels and spine."""

    def _get_wrap_line_width(self) -> float:
        return 0.9 * self.axes.get_window_extent().width
