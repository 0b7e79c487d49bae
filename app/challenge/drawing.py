"""A challenge level's shapes on a matplotlib Axes: the start zone, the targets and the forbidden zones.

Plain (not animated) patches under the paths, so a blitting canvas keeps them in its background and an
export draws them like the field; their line widths follow the theme (thick in the presentation theme).
"""

from __future__ import annotations

from matplotlib.colors import to_rgba
from matplotlib.patches import Circle, Rectangle

from app.themes import get_theme

TARGET = "#e0a100"  # gold: visible on white and on the presentation theme's dark background
FORBIDDEN = "#d62728"
START = "#2ca02c"
ZORDER = 3.5  # above the field (lines, equipotentials), below the paths (4 and up)


def _patch(shape, **style):
    if shape.kind == "circle":
        x, y, radius = shape.values
        return Circle((x, y), radius, **style)
    xmin, xmax, ymin, ymax = shape.values
    return Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, **style)


def draw_level(ax, level, theme_name: str = "default", won: bool = False) -> list:
    """Add the level's shapes to `ax`; returns the artists (remove them with `artist.remove()`)."""
    theme = get_theme(theme_name)
    width = max(1.0, theme.trail_width * 0.9)
    dark = _luminance(theme.background) < 0.3
    fill = 0.35 if dark else 0.2  # a tint that shows on the presentation theme's black as on white
    artists = []
    if level.start is not None:
        artists.append(_patch(level.start, facecolor=to_rgba(START, fill), edgecolor=START, linestyle="--", linewidth=width))
    for zone in level.forbidden:
        artists.append(_patch(zone, facecolor=to_rgba(FORBIDDEN, fill + 0.1), edgecolor=FORBIDDEN, hatch="//", linewidth=width))
    for target in level.targets:
        artists.append(_patch(target, facecolor=to_rgba(TARGET, 0.85 if won else fill + 0.25), edgecolor=TARGET, linewidth=width * 1.5))
    for artist in artists:
        artist.set_zorder(ZORDER)
        ax.add_patch(artist)
    return artists


def _luminance(colour) -> float:
    r, g, b, _a = to_rgba(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
