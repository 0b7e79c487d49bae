"""Text sizes are measured once per process (app/figures/text_metrics.py), not again by each new renderer that
a resize of the window brings, and they are the sizes matplotlib's own renderer measures."""

import threading

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from app.figures import text_metrics
from app.figures.text_metrics import SharedMetricsCanvas, SharedMetricsRenderer


class Canvas(SharedMetricsCanvas, FigureCanvasAgg):
    pass


def test_a_new_renderer_measures_no_text_again(monkeypatch):
    monkeypatch.setattr(SharedMetricsRenderer, "_sizes", {})
    measured = []
    real = RendererAgg.get_text_width_height_descent

    def counting(self, s, prop, ismath):
        measured.append(s)
        return real(self, s, prop, ismath)

    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", counting)
    prop = FontProperties(size=13)
    texts = ["−0.5", "$\\ddot r = r\\dot\\theta^2$", "θ (rad)"]
    first = [SharedMetricsRenderer(800, 600, 100).get_text_width_height_descent(t, prop, t.startswith("$")) for t in texts]
    assert measured == texts
    resized = SharedMetricsRenderer(640, 480, 100)
    assert [resized.get_text_width_height_descent(t, prop, t.startswith("$")) for t in texts] == first
    assert measured == texts  # nothing measured again
    bigger = FontProperties(size=20)
    resized.get_text_width_height_descent("−0.5", bigger, False)  # another font: measured
    SharedMetricsRenderer(640, 480, 150).get_text_width_height_descent("−0.5", prop, False)  # another dpi: measured
    assert measured == [*texts, "−0.5", "−0.5"]
    plain = RendererAgg(640, 480, 100)
    assert [real(plain, t, prop, t.startswith("$")) for t in texts] == first  # matplotlib's own sizes


def test_the_canvas_makes_a_new_renderer_only_for_a_new_size(monkeypatch):
    monkeypatch.setattr(text_metrics, "MAX_TEXTS", 3)
    figure = Figure(figsize=(4, 3), dpi=100)
    canvas = Canvas(figure)
    renderer = canvas.get_renderer()
    assert isinstance(renderer, SharedMetricsRenderer) and canvas.get_renderer() is renderer
    figure.set_size_inches(5, 3)
    assert canvas.get_renderer() is not renderer
    figure.text(0.1, 0.1, "a"), figure.text(0.2, 0.2, "b"), figure.text(0.3, 0.3, "c"), figure.text(0.4, 0.4, "d")
    canvas.draw()  # the table starts again when full: never more than MAX_TEXTS sizes
    assert len(SharedMetricsRenderer._sizes) <= 3


def test_every_mathtext_parse_of_ours_holds_the_one_lock(monkeypatch):
    """matplotlib parses mathtext with one parser object per process, which keeps state while it parses: the window
    draws mathtext on the GUI thread while workers lay the equations out, so our parses take turns."""
    from matplotlib.mathtext import MathTextParser

    from app.figures import equations
    from app.figures.text_metrics import MATHTEXT_LOCK

    held = []
    real = MathTextParser.parse

    def parse(self, s, *args, **kwargs):
        held.append(held_by_another_thread(MATHTEXT_LOCK))  # by this one, as seen from another
        return real(self, s, *args, **kwargs)

    monkeypatch.setattr(MathTextParser, "parse", parse)
    monkeypatch.setattr(SharedMetricsRenderer, "_sizes", {})
    assert equations.typesettable("$\\ddot r = r\\dot\\theta^2 - k/r^3$")
    equations.prepare_typesetting(["$\\ddot r = 1$", "$E = \\frac{1}{2}\\dot r^2$"], "default", 100.0)
    figure = Figure(figsize=(3, 1), dpi=100)
    canvas = Canvas(figure)
    figure.text(0.1, 0.5, "$\\theta = \\frac{\\pi}{3}$")
    canvas.draw()
    assert held and all(held)
    assert not held_by_another_thread(MATHTEXT_LOCK)


def held_by_another_thread(lock) -> bool:
    """True if a thread other than a new one holds the lock (RLock has no locked() before Python 3.14)."""
    result = []

    def probe():
        free = lock.acquire(blocking=False)
        if free:
            lock.release()
        result.append(not free)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return result[0]


def test_mathtext_and_figure_draws_take_one_lock_so_no_two_threads_wait_for_each_other():
    """With a lock of our own for mathtext, CI hung: the GUI thread drew a figure (matplotlib's draw lock, then ours
    for a formula) while About's worker typeset its equations (ours, then its figure's draw lock). Each waited for
    the other for ever. One lock cannot be taken in two orders."""
    from app.figures.text_metrics import MATHTEXT_LOCK

    taken, release = threading.Event(), threading.Event()

    def worker():
        with MATHTEXT_LOCK:  # as About's worker does around its figure
            taken.set()
            release.wait(60)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert taken.wait(60)
        # a figure's draw on this thread now waits for the worker, instead of going on to wait for MATHTEXT_LOCK
        drew = Figure._render_lock.acquire(blocking=False)
        if drew:
            Figure._render_lock.release()
        assert not drew
    finally:
        release.set()
        thread.join()
    figure = Figure(figsize=(2, 1), dpi=50)
    figure.text(0.1, 0.5, "$\\theta$")
    with MATHTEXT_LOCK:  # re-entrant: a draw inside the lock, as About's worker does
        Canvas(figure).draw()


@pytest.mark.parametrize("size, family, text", [(10, None, "−0.25"), (17.5, None, "k = 1\nE = 0.5"), (12, "cjk", "势能 U / |k|")])
def test_texts_lay_out_as_matplotlib_lays_them_out_with_the_font_heights_measured_once(size, family, text):
    """SharedMetricsRenderer answers matplotlib's question for a font's ascent, descent and line gap from a table
    filled once per font (Text._get_layout otherwise reads the font's tables for every text): every text's box
    must be what matplotlib's own fallback gives."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.figure import Figure

    from app.figures.text_metrics import SharedMetricsRenderer

    kwargs = {}
    if family == "cjk":  # Chinese falls back to a CJK font after DejaVu Sans, as in the window's Chinese
        from matplotlib.font_manager import fontManager

        fonts = sorted({f.name for f in fontManager.ttflist if "CJK" in f.name or "Fallback" in f.name})
        if not fonts:
            pytest.skip("no CJK font on this machine")
        kwargs["fontfamily"] = ["DejaVu Sans", fonts[0]]
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    label = fig.text(0.2, 0.4, text, fontsize=size, rotation=15, **kwargs)
    plain = label.get_window_extent(RendererAgg(400, 300, 100)).bounds
    assert not hasattr(RendererAgg, "_get_font_height_metrics")  # (else this compares our answer with itself)
    shared = SharedMetricsRenderer(400, 300, 100)
    assert label.get_window_extent(shared).bounds == pytest.approx(plain, abs=1e-9)
    assert label.get_window_extent(shared).bounds == pytest.approx(plain, abs=1e-9)  # the second time from the table
    assert shared._get_font_height_metrics(label.get_fontproperties())[0] > 0
