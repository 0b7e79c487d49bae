"""A constrained layout that is worked out again only when something it depends on changed."""

from __future__ import annotations

import math

from matplotlib.layout_engine import ConstrainedLayoutEngine


class CachedConstrainedLayout(ConstrainedLayoutEngine):
    """matplotlib's constrained layout, worked out again only when something it depends on changed.

    Constrained layout measures every tick label of every axes on each draw, which was two thirds of a
    panel's redraw. What it depends on is the figure's size, the axes, their tick labels, scales and labels;
    while those stay the same the last layout still fits. The tick labels are what the limits change: the key
    holds the labels shown, not the limits, so a change of the limits that shows the same labels (the main plot
    fitting its view to the axes' new shape, a k drag rescaling a panel) is not laid out again. The main plot
    laid out three times for each change of its options, each 30-90 ms (the monkey's 0.3 s turns).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key = None

    def invalidate(self) -> None:
        """Work the layout out again at the next draw (after a change the key cannot see, e.g. tick label sizes)."""
        self._key = None

    def execute(self, fig):
        key = layout_key(fig)
        if key != self._key:
            super().execute(fig)
            self._key = key


def layout_key(fig) -> tuple:
    """What a constrained layout of `fig` depends on (see CachedConstrainedLayout)."""
    axes = tuple(
        (id(ax), ax.get_visible(), ax.get_subplotspec() is not None and ax.get_subplotspec().get_geometry(),
         tick_labels(ax.xaxis), tick_labels(ax.yaxis), ax.get_xscale(), ax.get_yscale(),
         ax.get_xlabel(), ax.get_ylabel(), ax.get_title(),
         ax.xaxis.get_label().get_fontsize(), ax.yaxis.get_label().get_fontsize(),
         # inset axes (the main plot's colour bar) take room from the layout too; their limits fix their tick labels
         tuple((id(child), child.get_visible(), child.get_ylabel(), tick_labels(child.yaxis)) for child in ax.child_axes))
        for ax in fig.axes
    )
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    legends = tuple((id(lg), len(lg.get_texts()), tuple(t.get_text() for t in lg.get_texts())) for lg in fig.legends)
    return (tuple(fig.bbox.size), fig.dpi, suptitle, axes, legends)


def tick_labels(axis) -> tuple:
    """What an axis's limits change in a layout: the major tick labels it shows, its offset text, and whether a
    labelled tick stands at either end (half of its label then reaches beyond the axes)."""
    lo, hi = sorted(axis.get_view_interval())
    span = hi - lo
    if not math.isfinite(span):
        return ("?",)
    locs = [float(x) for x in axis.get_majorticklocs()]
    formatter = axis.get_major_formatter()
    labels = formatter.format_ticks(locs)  # as the draw formats them: every tick the locator gives, then those shown
    slack = 1e-10 * max(span, abs(lo), abs(hi), 1e-300)
    shown = [(loc, label) for loc, label in zip(locs, labels) if lo - slack <= loc <= hi + slack]
    near = 0.03 * span
    ends = (bool(shown) and shown[0][0] - lo <= near, bool(shown) and hi - shown[-1][0] <= near)
    return tuple(label for _, label in shown), formatter.get_offset(), ends
