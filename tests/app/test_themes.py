"""The themes' colours (app/themes.py): paths never take a field colour, and twelve launches stay apart."""

import matplotlib.colors as mcolors
import pytest

from app.plotting import contrast_ratio
from app.themes import THEMES, theme_colour


def _field_colours(theme):
    colours = {theme.field_line, theme.equipotential_positive, theme.equipotential_negative}
    return {mcolors.to_hex(c) for c in colours}


@pytest.mark.parametrize("name", THEMES)
def test_no_particle_colour_is_a_field_colour(name):
    theme = THEMES[name]
    particles = {mcolors.to_hex(c) for c in theme.particle_colors}
    assert not particles & _field_colours(theme)


@pytest.mark.parametrize("name", ["default", "presentation"])
def test_twelve_launches_get_twelve_colours_that_stand_out_from_the_background(name):
    theme = THEMES[name]
    colours = [mcolors.to_hex(c) for c in theme.particle_colors[:12]]
    assert len(set(colours)) == 12
    assert min(contrast_ratio(c, theme.background) for c in colours) >= 1.9
    # the field is drawn in tints that stand back: each path colour is further from the background than the field
    field = max(contrast_ratio(c, theme.background) for c in (theme.field_line, theme.equipotential_positive,
                                                              theme.equipotential_negative))
    assert sorted(contrast_ratio(c, theme.background) for c in colours)[2] > field


def test_palette_colours_follow_the_theme_and_picked_colours_stay():
    default, presentation = THEMES["default"].particle_colors, THEMES["presentation"].particle_colors
    assert theme_colour(3, default[2], "presentation") == presentation[2]
    assert theme_colour(15, default[2], "presentation") == presentation[2]  # the 15th takes the 3rd place again
    assert theme_colour(3, "#123456", "presentation") == "#123456"
