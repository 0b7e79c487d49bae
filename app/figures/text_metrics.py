"""Text sizes measured once per process, not once per canvas size.

matplotlib caches the size of each text per renderer, and an Agg canvas makes a new renderer whenever its
size changes: after a resize of the window, a toggle of the side panel or a change of page, every tick label,
title and formula was measured again with FreeType, and mathtext parsed again. A text's size depends only on the
text, its font and the dots per inch, so `SharedMetricsCanvas` gives its canvas renderers that share one table
of sizes and one mathtext parser: a resize with three panels open went from 166 to 149 ms (most of what is left
is matplotlib laying each text out, not measuring it). Workers fill the same table ahead of a draw
(app/figures/equations.prepare_typesetting), so every mathtext parse of ours takes MATHTEXT_LOCK.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser

MAX_TEXTS = 20_000  # a few MB at most; the table starts again when full
# matplotlib's mathtext parser is one object per process and keeps state while it parses: the window draws
# mathtext on the GUI thread while workers lay out the equations (Custom potential, About), so every parse of
# ours goes through this lock. It is the lock matplotlib itself holds while it draws any figure (one for the
# process), not a second one: with two locks, a draw on the GUI thread (figure, then mathtext) and a worker
# typesetting About (mathtext, then its figure) each waited for the other, for ever (CI, 2026-12-03). One
# re-entrant lock cannot be taken in two orders, and exports drawn in workers are covered by it as well.
MATHTEXT_LOCK = getattr(Figure, "_render_lock", None) or threading.RLock()
RENDER_LOCK = MATHTEXT_LOCK  # the same lock, named for what the window's canvases do with it (ui/panels/common.QtCanvas)
# the window's canvases that have put off a draw because a worker held RENDER_LOCK (ui/panels/common.QtCanvas): a
# worker drawing frame after frame (an animation export) takes the lock again at once, and a canvas trying now and
# then would rarely find it free. A canvas deleted while it waits leaves the set by itself.
WAITING_TO_DRAW: weakref.WeakSet = weakref.WeakSet()
YIELD_SECONDS = 0.005


def let_window_draw() -> None:
    """Between two draws of a worker (an export's frames): if a window canvas waits to draw, give it the lock first."""
    if WAITING_TO_DRAW:
        time.sleep(YIELD_SECONDS)


class SharedMetricsRenderer(RendererAgg):
    """RendererAgg whose text sizes and mathtext layouts are shared by every renderer of this class."""

    _sizes: dict = {}
    _lock = threading.Lock()  # workers measure too (prepare_typesetting)
    _parser: MathTextParser | None = None

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        cls = type(self)
        with cls._lock:
            if cls._parser is None:
                cls._parser = self.mathtext_parser  # its parse() keeps its own cache of layouts
        self.mathtext_parser = cls._parser

    @classmethod
    def _remember(cls, table: dict, key, value):
        """Keep value as table[key] for every renderer (the table starts again when full); returns it."""
        with cls._lock:
            if len(table) >= MAX_TEXTS:
                table.clear()
            table[key] = value
        return value

    def get_text_width_height_descent(self, s, prop, ismath):
        key = (s, font_key(prop), ismath, float(self.dpi))
        size = self._sizes.get(key)
        if size is None:
            with MATHTEXT_LOCK if ismath else contextlib.nullcontext():
                size = super().get_text_width_height_descent(s, prop, ismath)
            self._remember(self._sizes, key, size)
        return size

    _heights: dict = {}

    def _get_font_height_metrics(self, prop):
        """A font's ascent, descent and line gap at this dpi, measured once per process (matplotlib's hook for it).

        matplotlib's Text._get_layout asks its renderer for these first; without an answer it looks the font up and
        reads two of its tables for every text it lays out, and that was over half of the time a layout spends on a
        text (a theme change lays out some 900 of them). Same numbers, same order as its own fallback.
        """
        key = (font_key(prop), float(self.dpi))
        found = self._heights.get(key)
        return found if found is not None else self._remember(self._heights, key, font_height_metrics(prop, self.dpi))

    def draw_mathtext(self, gc, x, y, s, prop, angle):
        with MATHTEXT_LOCK:
            return super().draw_mathtext(gc, x, y, s, prop, angle)


def font_height_metrics(prop, dpi: float) -> tuple:
    """(ascent, descent, line gap) in pixels of the font `prop` names, from its OS/2 or hhea table, as matplotlib's
    Text._get_layout works them out when its renderer does not say; (None, None, None) if the font has neither."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                                         ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None


def font_key(prop) -> tuple:
    """What a FontProperties' measure depends on (the fields of its own hash, which changes as it is changed)."""
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(), prop.get_stretch(),
            prop.get_size_in_points(), prop.get_file(), prop.get_math_fontfamily())


class SharedMetricsCanvas:
    """A mixin before an Agg canvas class (FigureCanvasAgg, FigureCanvasQTAgg): its renderers are SharedMetricsRenderer.

    The same as FigureCanvasAgg.get_renderer otherwise: a new renderer when the size or the dpi changes.
    """

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = SharedMetricsRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def warm_up_mathtext(dpi: float = 100.0) -> None:
    """Parse one formula, on any thread (ui/startup.warm_up does, once the window is on screen).

    The first formula of the process builds matplotlib's mathtext parser and loads the maths fonts: 0.12-0.15 s,
    which the GUI thread paid at the first look at the scattering lab (its log axes label ticks as 10^k), on top of
    the lab's own 0.25-0.35 s.
    """
    from matplotlib.font_manager import FontProperties

    SharedMetricsRenderer(1, 1, dpi).get_text_width_height_descent(r"$\mathdefault{10^{0}}$", FontProperties(size=10.0), ismath=True)
