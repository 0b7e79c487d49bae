"""The field-arrow layer: E = −∇U as arrows on a grid over the view (matplotlib quiver), under the paths.

Arrow lengths follow |E|, with the stronger half of the grid capped at one grid step (near a charge |E| grows
without bound and would cover the plot), or, with "direction only", all arrows are one length.
E comes from the state's model (sympy's gradient of U), so the arrows follow k and the potential.
"""

from __future__ import annotations

import numpy as np

from physics.field import ViewBox
from physics.probe import field_grid

ARROWS_ACROSS = 21  # arrows along the view's wider side
CAP_PERCENTILE = 50.0  # |E| above the median of the grid's values is drawn one step long: the stronger half are capped
ZORDER = 3  # above the field lines (1) and equipotentials (2), under the paths (4, 5) and particles


def arrow_vectors(Ex: np.ndarray, Ey: np.ndarray, step: float, direction_only: bool):
    """(U, V) in data units for quiver: lengths ∝ |E| capped at 0.85 step, or 0.85 step each; nan where E is undefined."""
    mag = np.hypot(Ex, Ey)
    good = np.isfinite(mag) & (mag > 0)
    U = np.full(mag.shape, np.nan)
    V = np.full(mag.shape, np.nan)
    if not good.any():
        return U, V
    if direction_only:
        length = np.where(good, 0.85 * step, np.nan)
    else:
        cap = float(np.percentile(mag[good], CAP_PERCENTILE))
        length = 0.85 * step * np.minimum(mag, cap) / cap
    with np.errstate(all="ignore"):
        U[good] = (length * Ex / mag)[good]
        V[good] = (length * Ey / mag)[good]
    return U, V


def draw_field_arrows(ax, state, box: ViewBox, theme, n: int = ARROWS_ACROSS) -> list:
    """The arrow layer for the state's model, k and parameters over box; returns the artists (none when there is no field)."""
    from app.probes import field_model

    model, args = field_model(state)
    X, Y, Ex, Ey = field_grid(model.field, box, n, args)
    step = max(box.xmax - box.xmin, box.ymax - box.ymin) / n
    U, V = arrow_vectors(Ex, Ey, step, state.display.arrows_direction_only)
    keep = np.isfinite(U) & np.isfinite(V) & (np.hypot(U, V) > 0)
    if not keep.any():
        return []
    q = ax.quiver(X[keep], Y[keep], U[keep], V[keep], angles="xy", scale_units="xy", scale=1.0, pivot="mid",
                  color=theme.field_line, alpha=0.9, width=0.0025 * theme.glyph_size, headwidth=4, headlength=4.5,
                  headaxislength=4, minlength=0.3, zorder=ZORDER, label="field arrows")
    return [q]
