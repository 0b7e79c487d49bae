"""Looks for the plot: the default, a projector-ready presentation theme and a black-on-white print theme.

Particle colours are twelve strong colours from the Okabe–Ito and Paul Tol palettes (chosen for the common
colour-vision deficiencies); the field is drawn in pale (on white) or dim (on black) tints that no particle
colour equals, so a path never vanishes among the field lines. Each theme also colours the window itself
(`ui`): the presentation theme is dark end to end, the print theme black on white; the default theme keeps
the system's colours. The potential colour map is a perceptually uniform diverging map that stays readable
in grey.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.text import read_choice

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
# on white: Okabe–Ito without its yellow (unreadable on white) and black, then Tol's muted wine, indigo, olive, teal, purple, green
PARTICLES_ON_WHITE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                      "#882255", "#332288", "#999933", "#44AA99", "#AA4499", "#117733")
# on black: bright colours, then Tol's light sand, lavender, teal, rose and pear
PARTICLES_ON_BLACK = ("#F0E442", "#56B4E9", "#E69F00", "#CC79A7", "#009E73", "#FFFFFF",
                      "#D55E00", "#DDCC77", "#9988DD", "#44AA99", "#EE99AA", "#BBCC33")
# paper: black and dark grey by turns (the path numbers tell them apart)
PARTICLES_ON_PAPER = ("#000000", "#555555") * 6


@dataclass(frozen=True)
class WindowColours:
    """The colours of the window's widgets (a Qt palette, applied by ui/qt_theme.py)."""

    window: str
    base: str
    alternate_base: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    mid: str
    disabled_text: str
    link: str


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    field_line: str
    equipotential_positive: str
    equipotential_negative: str
    axis_color: str
    particle_colors: tuple[str, ...]
    colormap: str
    font_size: float
    title_size: float
    field_width: float
    equipotential_width: float
    trail_width: float
    marker_size: float
    glyph_size: float
    ui: WindowColours | None = None  # None: the system's own colours
    # the dipole glyph's + and − ends: strong colours of the equipotentials' hues (None: the equipotentials' own)
    glyph_positive: str | None = None
    glyph_negative: str | None = None


THEMES = {
    "default": Theme(
        name="default",
        background="#ffffff",
        foreground="#222222",
        field_line="#b4bcc6",
        equipotential_positive="#e2b090",
        equipotential_negative="#a3bbdc",
        axis_color="#999999",
        particle_colors=PARTICLES_ON_WHITE,
        colormap="PuOr_r",
        font_size=10.0,
        title_size=11.0,
        field_width=0.9,
        equipotential_width=0.8,
        trail_width=1.6,
        marker_size=7.0,
        glyph_size=1.0,
        glyph_positive="#C84E1C",
        glyph_negative="#2F67B1",
    ),
    "presentation": Theme(
        name="presentation",
        background="#000000",
        foreground="#ffffff",
        field_line="#56606e",
        equipotential_positive="#8a5a3a",
        equipotential_negative="#3d5f8c",
        axis_color="#bbbbbb",
        particle_colors=PARTICLES_ON_BLACK,
        colormap="PuOr_r",
        font_size=20.0,
        title_size=24.0,
        field_width=2.2,
        equipotential_width=2.0,
        trail_width=4.0,
        marker_size=16.0,
        glyph_size=1.6,
        glyph_positive="#E8692E",
        glyph_negative="#3F86D9",
        ui=WindowColours(window="#121212", base="#1c1c1c", alternate_base="#262626", text="#f2f2f2", button="#2b2b2b",
                         highlight="#56B4E9", highlighted_text="#000000", mid="#5a5a5a", disabled_text="#8c8c8c",
                         link="#F0E442"),
    ),
    "print": Theme(
        name="print",
        background="#ffffff",
        foreground="#000000",
        # light grey field lines and mid-grey equipotentials, so the black paths stand out on paper
        field_line="#a0a0a0",
        equipotential_positive="#606060",
        equipotential_negative="#606060",
        axis_color="#000000",
        particle_colors=PARTICLES_ON_PAPER,
        colormap="Greys",
        font_size=11.0,
        title_size=12.0,
        field_width=0.7,
        equipotential_width=0.7,
        trail_width=2.2,
        marker_size=7.0,
        glyph_size=1.0,
        ui=WindowColours(window="#ffffff", base="#ffffff", alternate_base="#f2f2f2", text="#000000", button="#ffffff",
                         highlight="#000000", highlighted_text="#ffffff", mid="#000000", disabled_text="#6b6b6b",
                         link="#000000"),
    ),
}

THEME_NAMES = tuple(THEMES)


def get_theme(name: str) -> Theme:
    return read_choice(THEMES, name, "theme")


def theme_colour(pid: int, colour: str, theme: str) -> str:
    """A particle's colour in `theme`: a colour it got from any theme's palette becomes the same place of this
    theme's palette (so numbered paths keep their order of colours); a colour the user picked stays."""
    for other in THEMES.values():
        colours = other.particle_colors
        if colour == colours[(pid - 1) % len(colours)]:
            palette = get_theme(theme).particle_colors
            return palette[(pid - 1) % len(palette)]
    return colour
