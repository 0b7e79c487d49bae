"""The field of a potential other than the point dipole, drawn numerically on a matplotlib Axes.

Equipotentials are contours of U on a grid (physics.field.potential_grid); field lines are integrated
along E = −∇U (physics.field.trace_field_lines) from seeds on small rings around the charges and every
other singular point of U in the view (physics.field.singular_points), and from the edge of the view, so
that the lines cover it. Traced lines are cached per
(potential, parameters, view, line count), so redrawing for a theme or a pan back costs nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections import OrderedDict

import numpy as np
from matplotlib.collections import LineCollection

from app.i18n import translate
from app.text import number
from physics.field import ViewBox, potential_grid, ring_seeds, trace_field_lines

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 16
# the window's GUI thread and an export's worker (ui/exports.py) both read and fill the cache: a look-up and
# its move_to_end must not be split by an eviction on the other thread
_CACHE_LOCK = threading.Lock()
FIELD_LINE_SECONDS = 1.5  # at most this long tracing field lines per redraw: fewer lines rather than a frozen window
# set within unhurried(): no time budget (the command line, which has no window to keep answering, draws the same
# lines on a busy machine as on a quiet one; each line's evaluation cap still bounds the work)
_unhurried: contextvars.ContextVar[bool] = contextvars.ContextVar("unhurried_field_lines", default=False)


@contextlib.contextmanager
def unhurried():
    """Within the block (on this thread), field lines are traced without FIELD_LINE_SECONDS' time budget."""
    token = _unhurried.set(True)
    try:
        yield
    finally:
        _unhurried.reset(token)


def model_args(state) -> tuple:
    """The model's parameter values in its argument order (k first)."""
    values = state.potential_params
    return tuple(float(values.get(n, 1.0)) for n in state.model.param_names)


def equipotential_levels(U: np.ndarray, n: int) -> np.ndarray:
    """About 2n contour levels spread by quantiles of U, so every part of the view gets lines."""
    finite = U[np.isfinite(U)]
    if finite.size == 0 or n < 1 or np.ptp(finite) == 0:
        return np.empty(0)
    qs = np.linspace(4.0, 96.0, 2 * n)
    levels = np.unique(np.round(np.percentile(finite, qs), 12))
    return levels[levels != 0.0] if levels.size > 2 else levels


def field_seeds(state, box: ViewBox, n: int) -> list[tuple[float, float]]:
    """Seeds on a ring around each charge (only where the field points away from it, if anywhere) and upstream edge seeds."""
    from app.potentials import has_uniform_field, sources_for
    from physics.field import singular_points

    model, args = state.model, model_args(state)
    sources = sources_for(state.potential)
    # and every other singular point of U in the view (a typed potential's charges are not known by name)
    sources += [p for p in singular_points(model.potential, box, args)
                if min(np.hypot(p[0] - a, p[1] - b) for a, b in sources) > 0.05 * box.half_extent]
    spacing = min((np.hypot(a[0] - b[0], a[1] - b[1]) for i, a in enumerate(sources) for b in sources[i + 1 :]), default=np.inf)
    radius = min(0.04 * box.half_extent, 0.3 * spacing)
    seeds = []
    for centre in sources:
        ring = ring_seeds(centre, radius, 4 * n)
        outward = []
        for x, y in ring:
            rr, th = np.hypot(x, y), np.arctan2(y, x)
            with np.errstate(all="ignore"):
                er, et = model.field(rr, th, *args)
            ex, ey = er * np.cos(th) - et * np.sin(th), er * np.sin(th) + et * np.cos(th)
            outward.append(float(ex * (x - centre[0]) + ey * (y - centre[1])))
        outward = np.asarray(outward)
        if (outward > 0).any() and (outward < 0).any():
            seeds.extend(s for s, o in zip(ring, outward) if o > 0)
        else:
            seeds.extend(ring[::2])
    if has_uniform_field(state.potential):
        E0 = state.potential.param_dict.get("E0", 0.0)
        if E0 != 0:
            x_edge = box.xmin if E0 > 0 else box.xmax
            seeds.extend((x_edge, float(y)) for y in np.linspace(box.ymin, box.ymax, n + 2)[1:-1])
    return seeds


def field_lines(state, box: ViewBox, n: int, later=None) -> list | None:
    """Numeric field lines of the state's potential in the box (cached).

    `later(job, keep)` traces off the caller's thread (the window): it runs job() elsewhere and calls
    keep(lines) on the caller's thread when they are in; until then this returns None (draw without them).
    """
    seconds = None if _unhurried.get() else FIELD_LINE_SECONDS
    key = (state.potential, state.k, box, n, id(state.model), seconds)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    from physics.field import view_edge_seeds

    field, seeds, args = state.model.field, field_seeds(state, box, n), model_args(state)

    def job():
        return trace_field_lines(field, seeds, box, args, seconds=seconds, edge_seeds=view_edge_seeds(box, 2 * n))

    def keep(lines):
        with _CACHE_LOCK:
            _CACHE[key] = lines
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)

    if later is None:
        keep(job())
    else:
        later(job, keep)  # (it may have kept them already)
    with _CACHE_LOCK:
        return _CACHE.get(key)


def draw_custom_field(ax, state, box: ViewBox, theme, source_colors: dict | None = None, later=None) -> list:
    """Contours, field lines, colour map and charge markers of a non-dipole potential; returns the artists.

    source_colors maps a source's sign (+1, −1, 0: see source_signs) to its marker's (fill, edge) colours;
    by default every source is drawn in the theme's foreground. `later`: see field_lines (the field lines
    are left out until they are traced).
    """
    from app.potentials import sources_for

    opt = state.display
    artists = []
    args = model_args(state)
    nx = 220
    ny = max(int(nx * (box.ymax - box.ymin) / (box.xmax - box.xmin)), 2)
    X, Y, U = potential_grid(state.model.potential, box, nx, ny, params=args)
    finite = U[np.isfinite(U)]
    if finite.size:
        # tame the singularities: clip at a high quantile of |U| so the contours spread over the view
        cap = float(np.percentile(np.abs(finite), 98)) or 1.0
        U = np.where(np.abs(U) > cap, np.nan, U)
    if opt.colormap and finite.size:
        vmax = float(np.nanmax(np.abs(U))) or 1.0
        image = ax.imshow(U, extent=(box.xmin, box.xmax, box.ymin, box.ymax), origin="lower", cmap=theme.colormap,
                          vmin=-vmax, vmax=vmax, alpha=0.55, zorder=0, interpolation="bilinear")
        artists.append(image)
    if opt.equipotentials and opt.n_equipotentials > 0:
        levels = equipotential_levels(U, opt.n_equipotentials)
        if levels.size:
            colors = [theme.equipotential_positive if v > 0 else theme.equipotential_negative for v in levels]
            styles = ["solid" if v > 0 else "dashed" for v in levels]
            cs = ax.contour(X, Y, U, levels=levels, colors=colors, linestyles=styles, linewidths=theme.equipotential_width, zorder=2)
            artists.append(cs)
    if opt.field_lines and opt.n_field_lines > 0 and (state.k != 0 or _has_field_without_k(state)):
        lines = field_lines(state, box, opt.n_field_lines, later) or []
        segs = [np.column_stack(line) for line in lines if len(line[0]) > 1]
        if segs:
            lc = LineCollection(segs, colors=theme.field_line, linewidths=theme.field_width, zorder=1, label="field lines")
            ax.add_collection(lc)
            artists.append(lc)
    if opt.dipole_glyph:
        colors = source_colors or {}
        for (x, y), sign in zip(sources_for(state.potential), source_signs(state)):
            fill, edge = colors.get(sign, (theme.foreground, theme.background))
            artists.extend(ax.plot([x], [y], "o", color=fill, mec=edge, ms=7 * theme.glyph_size, zorder=6))
    return artists


def source_signs(state) -> list[int]:
    """+1 where the force on the test charge points away from a source all round, −1 towards it, 0 mixed."""
    from app.potentials import sources_for

    out = []
    args = model_args(state)
    sources = sources_for(state.potential)
    for cx, cy in sources:
        others = [np.hypot(cx - a, cy - b) for a, b in sources if (a, b) != (cx, cy)]
        radius = 0.2 * min(others) if others else 0.05
        signs = set()
        for x, y in ring_seeds((cx, cy), radius, 12):
            rr, th = np.hypot(x, y), np.arctan2(y, x)
            with np.errstate(all="ignore"):
                er, et = state.model.field(rr, th, *args)
            ex, ey = er * np.cos(th) - et * np.sin(th), er * np.sin(th) + et * np.cos(th)
            signs.add(int(np.sign(ex * (x - cx) + ey * (y - cy))))
        out.append(signs.pop() if len(signs) == 1 else 0)
    return out


def _has_field_without_k(state) -> bool:
    return any(v != 0 for n, v in state.potential.param_dict.items() if n in ("E0", "q"))


def status_text(state) -> str:
    """The plot's corner text for a non-dipole potential."""
    p = state.potential
    extra = ", ".join(f"{n} = {v:.3g}" for n, v in p.params)
    name = p.name.replace("-", " ") if p.name != "custom" else translate("Figures", "custom U")
    return translate("Figures", "{name}: k = {k}{extra} (numeric)").format(name=name, k=number(state.k), extra=f", {extra}" if extra else "")
