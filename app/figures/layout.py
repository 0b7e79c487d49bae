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
        if layout_key(fig) != self._key:
            super().execute(fig)
            # as it is after the layout: the axes' new size moves the end ticks' pixels (the key's `_ends`), and the
            # key of before would lay the figure out once more at the next draw
            self._key = layout_key(fig)


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


END_QUANTUM_PX = 2.0  # an end label's distance from the end of its axes counts in steps of this many pixels


def tick_labels(axis) -> tuple:
    """What an axis's limits change in a layout: the major tick labels it shows, its offset text, and how far the
    first and last labelled ticks stand from the ends of the axes while half of their label may reach beyond them
    (in steps of END_QUANTUM_PX; None when the label cannot reach: then the tick may move freely)."""
    lo, hi = sorted(axis.get_view_interval())
    span = hi - lo
    if not math.isfinite(span):
        return ("?",)
    locs = [float(x) for x in axis.get_majorticklocs()]
    formatter = axis.get_major_formatter()
    labels = formatter.format_ticks(locs)  # as the draw formats them: every tick the locator gives, then those shown
    slack = 1e-10 * max(span, abs(lo), abs(hi), 1e-300)
    shown = [(loc, label) for loc, label in zip(locs, labels) if lo - slack <= loc <= hi + slack]
    return tuple(label for _, label in shown), formatter.get_offset(), _ends(axis, shown)


def _ends(axis, shown) -> tuple:
    if not shown:
        return (None, None)
    ax = axis.axes
    horizontal = axis.axis_name == "x"
    try:
        size_px = axis.majorTicks[0].label1.get_fontsize() * ax.figure.dpi / 72
        to_fraction = (ax.transScale + ax.transLimits).transform  # data -> 0..1 across the axes
        extent = ax.bbox.width if horizontal else ax.bbox.height
        first, last = (to_fraction((loc, loc))[0 if horizontal else 1] for loc in (shown[0][0], shown[-1][0]))
    except Exception:  # (an axes of another kind: its ends are left to the other parts of the key)
        return (None, None)
    ends = []
    for fraction, label, from_low in ((first, shown[0][1], True), (last, shown[-1][1], False)):
        distance = abs(fraction if from_low else 1.0 - fraction) * extent
        # half of the label's width along x (generously, 0.6 em a character), half its height along y
        reach = 0.6 * size_px * max(len(label), 1) if horizontal else size_px
        ends.append(round(distance / END_QUANTUM_PX) if math.isfinite(distance) and distance < reach else None)
    return tuple(ends)
