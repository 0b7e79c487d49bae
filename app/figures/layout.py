"""A constrained layout that is worked out again only when something it depends on changed."""

from __future__ import annotations

from matplotlib.layout_engine import ConstrainedLayoutEngine


class CachedConstrainedLayout(ConstrainedLayoutEngine):
    """matplotlib's constrained layout, worked out again only when something it depends on changed.

    Constrained layout measures every tick label of every axes on each draw, which was two thirds of a
    panel's redraw. What it depends on is the figure's size, the axes, their limits (which fix the tick
    labels), scales and labels; while those stay the same the last layout still fits.
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
         tuple(ax.get_xlim()), tuple(ax.get_ylim()), ax.get_xscale(), ax.get_yscale(),
         ax.get_xlabel(), ax.get_ylabel(), ax.get_title(),
         ax.xaxis.get_label().get_fontsize(), ax.yaxis.get_label().get_fontsize(),
         # inset axes (the main plot's colour bar) take room from the layout too; their limits fix their tick labels
         tuple((id(child), child.get_visible(), child.get_ylabel(), tuple(child.get_ylim())) for child in ax.child_axes))
        for ax in fig.axes
    )
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    legends = tuple((id(lg), len(lg.get_texts()), tuple(t.get_text() for t in lg.get_texts())) for lg in fig.legends)
    return (tuple(fig.bbox.size), fig.dpi, suptitle, axes, legends)
