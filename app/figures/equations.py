"""The equations of motion typeset on a matplotlib Figure (mathtext), one line each, in the theme's colours."""

from __future__ import annotations

from matplotlib.mathtext import MathTextParser

from app.themes import get_theme

MAX_MATHTEXT = 260  # longer equations are shown as plain text: mathtext lays out long lines badly
_PARSER = MathTextParser("agg")

TYPE_SIZES = {"default": 11.0, "presentation": 15.0, "print": 11.0}
LINE_HEIGHT = 0.42  # inches a line at 11 pt
NAMES = (r"$\ddot{r}$ = ", r"$\ddot{\theta}$ = ", "$E$ = ", "$C$ = ")
TOO_LONG = "(too long to typeset; print it with: python main.py equations --U ...)"


def draw_equations(fig, lines, theme: str, fits=lambda line: True) -> list:
    """Typeset `lines` (mathtext strings: r̈, θ̈, E, C) down `fig`, which is sized to hold them; returns the texts.

    A line for which fits(line) is False is replaced by a note saying how to print it instead.
    The caller may widen the figure afterwards to the texts' extent.
    """
    t = get_theme(theme)
    size = TYPE_SIZES.get(t.name, 11.0)
    fig.clear()
    fig.set_facecolor(t.background)
    n = max(len(lines), 1)
    fig.set_size_inches(fig.get_size_inches()[0], LINE_HEIGHT * size / 11.0 * n + 0.2)
    y = 1.0 - 0.5 / n / 1.1
    texts = []
    for name, line in zip(NAMES, lines):
        shown = line if fits(line) else name + TOO_LONG
        texts.append(fig.text(0.01, y, shown, fontsize=size, va="center", ha="left", color=t.foreground))
        y -= 1.0 / n / 1.1
    return texts


def prepare_typesetting(lines, theme: str, dpi: float, fits=lambda line: True) -> None:
    """Lay out the mathtext of the lines draw_equations will show, at `dpi`, for the window's canvases to find ready
    (app/figures/text_metrics.py keeps the sizes and layouts): the slow part of typesetting, done on any thread."""
    from matplotlib.font_manager import FontProperties

    from app.figures.text_metrics import SharedMetricsRenderer

    prop = FontProperties(size=TYPE_SIZES.get(get_theme(theme).name, 11.0))
    renderer = SharedMetricsRenderer(1, 1, dpi)
    for name, line in zip(NAMES, lines):
        for text in ((line,) if fits(line) else (name, name + TOO_LONG)):
            renderer.get_text_width_height_descent(text, prop, ismath="$" in text)


def typesettable(line: str) -> bool:
    """True if matplotlib's mathtext can lay the line out (it raises on what it does not know)."""
    if len(line) > MAX_MATHTEXT:
        return False
    from app.figures.text_metrics import MATHTEXT_LOCK

    try:
        with MATHTEXT_LOCK:  # workers call this too (Custom potential): one parser for the whole process
            _PARSER.parse(line, dpi=72)
    except Exception:  # mathtext raises ValueError or pyparsing errors on unknown commands
        return False
    return True
