"""The plot in the window: PlotLayers on a Qt canvas, blitted animation and launching by press-drag-release.

The field is the background; trails, markers and the launch preview are animated artists drawn on a
copy of it (matplotlib's blitting recipe), and the copy is taken again on every full draw.

Without a mouse (KEYBOARD_HELP): with the plot focused, Enter shows a launch cursor, the arrow keys move
it, W/A/S/D (or Ctrl+arrows) set the velocity, with the same arrow and predicted fate as a drag; Enter
launches, Escape cancels. Only while the cursor shows does the plot keep the arrows from the window's
shortcuts (k up and down, step).
"""

from __future__ import annotations

import math

from matplotlib.backends.backend_qtagg import NavigationToolbar2QT
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import offset_copy
from PySide6 import QtCore, QtGui

from app import i18n as figures
from app.i18n import QT_TRANSLATE_NOOP
from app.plotting import PlotLayers
from app.themes import get_theme
from physics import pace
from physics.field import ViewBox
from physics.launch import LaunchState
from ui.compute import FieldTracer
from ui.i18n import translate
from ui.language import figure_text, localise
from ui.panels.common import CachedConstrainedLayout, QtCanvas
from ui.subscriptions import Subscriptions

VELOCITY_PER_UNIT = 1.0  # a drag one length unit long launches at speed 1
VIEW_SYNC_MS = 250  # after a pan or zoom stops, the field is recomputed for the new view
SUMMARY_MS = 300  # the text summary for screen readers follows changes at most this often
BACKGROUNDS_KEPT = 3  # saved backgrounds of the other field pictures k has shown (its other sign, k = 0)
SUMMARY_LISTED = 8  # particles named in each part of the summary; the rest are counted
PREVIEW_FONT_MAX = 13.0  # points: the fate text must fit beside the arrow, even in the presentation theme
QUESTION_ARROW_MAX = 0.45  # a question's velocity arrow is at most this fraction of the view's half extent longer
CURSOR_STEP = 0.01  # an arrow key moves the launch cursor (or a velocity key its arrow) this fraction of the view's width
CURSOR_BIG_STEP = 0.1  # with Shift
FOCUS_FRAME = 3  # pixels: the frame around the plot while it has the keyboard
KEYBOARD_HELP = (
    (QT_TRANSLATE_NOOP("Canvas", "Enter (plot focused)"), QT_TRANSLATE_NOOP("Canvas", "show the launch cursor; Enter again launches")),
    (QT_TRANSLATE_NOOP("Canvas", "Arrow keys"), QT_TRANSLATE_NOOP("Canvas", "move the launch cursor (Shift: bigger steps)")),
    (QT_TRANSLATE_NOOP("Canvas", "W A S D, Ctrl+arrows"), QT_TRANSLATE_NOOP("Canvas", "set the launch velocity (Shift: bigger steps)")),
    (QT_TRANSLATE_NOOP("Canvas", "Escape"), QT_TRANSLATE_NOOP("Canvas", "put the launch cursor away")),
)
_Key = QtCore.Qt.Key
_MOVE_KEYS = {_Key.Key_Left: (-1, 0), _Key.Key_Right: (1, 0), _Key.Key_Up: (0, 1), _Key.Key_Down: (0, -1)}
_VELOCITY_KEYS = {_Key.Key_A: (-1, 0), _Key.Key_D: (1, 0), _Key.Key_W: (0, 1), _Key.Key_S: (0, -1)}
_ENTER_KEYS = (_Key.Key_Return, _Key.Key_Enter)


class ShownState:
    """The state as the plot shows it: particles whose paths are held back (predict, then reveal) are left out.

    Everything else is read from the real state, which is untouched, so exports still draw every path.
    """

    def __init__(self, state):
        self._state = state
        self.hidden: frozenset[int] = frozenset()
        self.fitted = None  # (the state's view, that view widened to the axes' shape), see PlotCanvas.fit_view
        self._indexed: tuple = ()  # the particles tuple the index was built from (held, so its id is never reused)
        self._by_id: dict = {}

    def __getattr__(self, name):
        return getattr(self._state, name)

    def particle(self, pid):
        """The particle with this id, by a dict rebuilt only when the state's particles change (drawing asks once per particle)."""
        particles = self._state.particles
        if particles is not self._indexed:
            self._indexed, self._by_id = particles, {p.id: p for p in particles}
        return self._by_id.get(pid)

    @property
    def particles(self):
        particles = self._state.particles
        if not self.hidden:
            return particles
        return tuple(p for p in particles if p.id not in self.hidden)

    @property
    def view(self):
        """The state's view widened to the axes' shape, so that the picture fills the plot (equal aspect)."""
        box = self._state.view
        if self.fitted is not None and self.fitted[0] == box:
            return self.fitted[1]
        return box


def fill_aspect(box: ViewBox, aspect: float) -> ViewBox:
    """The smallest box around `box`, with the same centre, whose height / width is `aspect`."""
    width, height = box.xmax - box.xmin, box.ymax - box.ymin
    cx, cy = (box.xmin + box.xmax) / 2, (box.ymin + box.ymax) / 2
    if height / width < aspect:
        height = width * aspect
    else:
        width = height / aspect
    return ViewBox(cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2)


class PlotCanvas(QtCanvas):
    """The field, the paths and the particles of a SimulationState; press, drag and release to launch."""

    launch_refused = QtCore.Signal(str)
    launched = QtCore.Signal(int)
    preview_changed = QtCore.Signal(object)  # the LaunchState being aimed while dragging, or None
    probe_tool = None  # ui.probes.ProbeTool: a press on a probe drags it instead of launching

    def __init__(self, state, parent=None):
        super().__init__(Figure(figsize=(8, 6)))
        # the layout is worked out when the size, the view, the layers or the theme change, not on every
        # draw: a change of k redraws the field without measuring every tick label again; and when one of
        # those changes leaves everything the layout depends on as it was (a layer toggled), not even then
        self._layout_engine = CachedConstrainedLayout()
        self._layout_pending = False  # relayout_soon: lay out before the next paint
        self._fitting = False  # fit_view is laying out (relayout leaves the fitting to it)
        self._drawing = False  # draw() is laying out before it draws (a redraw asked for then is that draw)
        if parent is not None:
            self.setParent(parent)
        self._state = state
        self.ax = self.figure.add_subplot()
        self._shown = ShownState(state)
        # another potential's field lines are traced off the GUI thread; the plot is drawn again when they come in
        tracer = FieldTracer(self)
        tracer.traced.connect(self._on_field_traced)
        self.layers = PlotLayers(self.ax, self._shown, trace_later=tracer)
        self.toolbar = NavigationToolbar2QT(self, None, coordinates=True)
        for action in self.toolbar.actions():
            # matplotlib's figure editor accepts any limits and scales (1e300, log of negative x): every redraw would then
            # raise; and its subplot tool's margins were undone by the window's own layout at the next resize or change
            # of theme (it fits the labels to the fonts and the size), while its Tight layout held the window 0.5 s
            if action.text() in ("Customize", "Subplots"):
                action.setEnabled(False)
                action.setVisible(False)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 240)
        self.frames_blitted = 0
        self._background = None
        self._stale = True  # a full draw is pending: blitting now would show an outdated background
        self._blit_pending = False  # a blit is asked for on the next turn of the event loop (_blit_soon)
        # field_key -> (figure_key, background) of the pictures drawn since the last change other than k's
        self._backgrounds: dict = {}
        self._wipe_preview = False
        self._drag_start: tuple[float, float] | None = None
        self._key_cursor: tuple[float, float] | None = None  # the keyboard's launch point while it is shown
        self._key_velocity: tuple[float, float] = (0.0, 0.0)
        self._key_last: tuple[float, float] | None = None  # where the cursor was last put away (Enter brings it back)
        self._preview_launch: LaunchState | None = None
        self.preview_text = ""
        self.show_fate_preview = True  # False in "predict, then reveal": the arrow must not give the answer away
        self._make_preview_artists()
        self._view_timer = QtCore.QTimer(self, singleShot=True, interval=VIEW_SYNC_MS)
        self._view_timer.timeout.connect(self._push_view)
        self.setAccessibleName(translate("Canvas", "Plot of the dipole's field and the charges' paths"))
        self._summary_timer = QtCore.QTimer(self, singleShot=True, interval=SUMMARY_MS)
        self._summary_timer.timeout.connect(self._update_summary)
        self._blit_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._blit_timer.timeout.connect(self._flush_blit)

        self.mpl_connect("draw_event", self._on_draw)
        self.mpl_connect("button_press_event", self._on_press)
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("button_release_event", self._on_release)
        self.mpl_connect("key_press_event", self._on_key)
        self.ax.callbacks.connect("xlim_changed", self._on_limits_changed)
        self.ax.callbacks.connect("ylim_changed", self._on_limits_changed)

        self.relayout()
        self._subs = Subscriptions()
        for signal, slot in (
            (state.k_changed, self._on_field_changed),
            (state.potential_changed, self._on_potential_changed),
            (state.display_changed, self._on_display_changed),
            (state.view_changed, self._on_view_changed),
            (state.theme_changed, self._on_theme_changed),
            (state.trajectories_changed, self._on_paths_changed),
            (state.particles_changed, self._on_paths_changed),
            (state.selection_changed, self._on_selection_changed),
            (state.clock_changed, self._on_clock_changed),
        ):
            self._subs.connect(signal, slot)
        for signal in (state.k_changed, state.potential_changed, state.particles_changed, state.trajectories_changed,
                       state.clock_changed):
            self._subs.connect(signal, self._summary_soon)
        self._update_summary()

    def disconnect_state(self) -> None:
        self._subs.disconnect_all()
        self._view_timer.stop()
        self._summary_timer.stop()
        self._blit_timer.stop()

    def summary(self) -> str:
        """What the plot shows, in words: the potential and k, the clock, which charges fell in when, escaped, still move."""
        st, shown = self._state, self._shown
        if getattr(st, "is_point_dipole", True):
            what = (translate("Canvas", "Point dipole, k = {k}: free motion, no field") if st.k == 0
                    else translate("Canvas", "Point dipole, k = {k}")).format(k=f"{st.k:.4g}")
        else:
            from app.custom_plotting import status_text

            what = localise(status_text(st))
            what = what[:1].upper() + what[1:]
        parts = [f"{what}.", f"t = {st.time:.2f}."]
        particles = [p for p in shown.particles if p.visible and st.trajectory(p.id) is not None]
        held = len([p for p in st.particles if p.id in shown.hidden])
        if not particles and not held:
            parts.append(translate("Canvas", "No charges launched."))
        else:
            groups: dict[str, list[str]] = {}
            t = st.time
            at_time = translate("Canvas", "#{id} at t = {t}")
            for p in particles:
                tr = st.trajectory(p.id)
                if t < tr.t_end:
                    kind, item = translate("Canvas", "still moving"), f"#{p.id}"
                elif tr.stop_reason == "r_min":
                    kind, item = translate("Canvas", "fell into the dipole"), at_time.format(id=p.id, t=f"{tr.t_end:.2f}")
                elif tr.stop_reason == "r_max":
                    kind, item = translate("Canvas", "escaped"), at_time.format(id=p.id, t=f"{tr.t_end:.2f}")
                elif tr.stop_reason == "t_max":
                    kind, item = translate("Canvas", "at the end of the run"), f"#{p.id}"
                else:
                    kind = translate("Canvas", "stopped")
                    item = translate("Canvas", "#{id} ({reason}) at t = {t}").format(id=p.id, reason=tr.stop_reason.replace("_", " "),
                                                                                   t=f"{tr.t_end:.2f}")
                groups.setdefault(kind, []).append(item)
            count = len(particles)
            shown_text = translate("Canvas", "1 charge shown") if count == 1 else translate("Canvas", "{count} charges shown")
            parts.append(shown_text.format(count=count) + (":" if groups else "."))
            for kind, items in groups.items():
                listed = ", ".join(items[:SUMMARY_LISTED])
                if len(items) > SUMMARY_LISTED:
                    listed = translate("Canvas", "{listed} and {count} more").format(listed=listed, count=len(items) - SUMMARY_LISTED)
                parts.append(f"{len(items)} {kind} ({listed});")
            if groups:
                parts[-1] = parts[-1][:-1] + "."
            if held:
                parts.append(translate("Canvas", "1 launch held back for the class's prediction.") if held == 1 else
                             translate("Canvas", "{count} launches held back for the class's prediction.").format(count=held))
        if self._key_cursor is not None:
            (x, y), (vx, vy) = self._key_cursor, self._key_velocity
            parts.append(translate("Canvas", "Launch cursor at x = {x}, y = {y}, velocity ({vx}, {vy}): {preview}.").format(
                x=f"{x:.3g}", y=f"{y:.3g}", vx=f"{vx:.3g}", vy=f"{vy:.3g}", preview=self.preview_text.replace("\n", ", ")))
        return " ".join(parts)

    def _summary_soon(self, *_) -> None:
        if not self._summary_timer.isActive():
            self._summary_timer.start()

    def _update_summary(self) -> None:
        text = self.summary()
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    @pace.urgent()
    def relayout(self) -> None:
        """Fit the axes, their labels and the colour bar into the figure (constrained layout, run once), and
        the view to the axes' new shape."""
        fitting_next = not self._fitting
        if fitting_next:
            # free of the aspect, as fit_view lays out: if the new limits bring the same tick labels, its first
            # layout finds the box settled, and a resize lays out twice instead of three times
            self.ax.set_aspect("auto")
        self._layout_engine.execute(self.figure)
        if fitting_next:
            self.fit_view()

    def relayout_soon(self) -> None:
        """Lay out once, just before the next paint (or draw): a change of theme resizes the plot two or three times
        as the window follows (fonts, docks), and laying out after each took 3 of the 10 layouts of a theme change."""
        self._layout_pending = True
        self.update()

    def _relayout_if_pending(self) -> None:
        if self._layout_pending:
            self._layout_pending = False
            self.relayout()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.relayout_soon()

    def draw_under_lock(self) -> None:
        self._drawing = True  # a redraw asked for by the layout below is this draw, not one more after it
        try:
            self._relayout_if_pending()  # a direct draw (a screenshot, a test) lays out first too
        finally:
            self._drawing = False
        super().draw_under_lock()

    @pace.urgent()
    def fit_view(self) -> None:
        """Widen the shown view to the axes' shape (the picture fills the plot, no blank margins); the state's
        view stays what the user chose, so a session saved here opens the same on another screen. The field
        is then drawn for exactly the shown limits.

        The layout is worked out with the axes free of their aspect (so it leaves room for the labels around
        the whole box) and with the tick labels of the new limits; twice, as new limits bring new tick labels.
        The widened limits then have the box's own shape, so equal aspect shrinks nothing.
        """
        chosen = self._state.view
        before = self._shown.fitted
        self._fitting = True
        try:
            for lay_out_again in (True, True, False):
                _x0, _y0, width, height = self.ax.get_position(original=True).bounds
                w, h = width * self.figure.bbox.width, height * self.figure.bbox.height
                if w < 10 or h < 10:  # no room to speak of yet: show the view as chosen
                    self._shown.fitted = None
                    self.layers.update_view()
                    break
                box = fill_aspect(chosen, h / w)
                settled = self._shown.fitted == (chosen, box)
                self._shown.fitted = (chosen, box)
                self.layers.update_view()  # the limits of the widened box, equal aspect
                if settled or not lay_out_again:
                    break
                self.ax.set_aspect("auto")
                self._layout_engine.execute(self.figure)
        finally:
            self._fitting = False
        if before != self._shown.fitted:
            self.layers.update_field()  # for exactly the shown limits (drawn once, after the layout settled)
            self.redraw()

    @property
    def moving_artists(self):
        return [*self.layers.animated_artists, self._question_arrow, self._question_dot, self._arrow, self._start_dot,
                self._crosshair, self._fate_text]

    @property
    def preview_launch(self) -> LaunchState | None:
        """The launch being aimed while the arrow is dragged (None when not dragging or not launchable)."""
        return self._preview_launch

    def _set_preview_launch(self, launch: LaunchState | None) -> None:
        if launch != self._preview_launch:
            self._preview_launch = launch
            self.preview_changed.emit(launch)

    def _make_preview_artists(self) -> None:
        theme = get_theme(self._state.theme)
        self._arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=18, lw=2.0, animated=True, zorder=20,
                                      color=theme.foreground, visible=False)
        self.ax.add_patch(self._arrow)
        self._start_dot = self.ax.plot([], [], "o", ms=7, animated=True, zorder=21, color=theme.foreground)[0]
        self._fate_text = self.ax.text(0, 0, "", animated=True, zorder=22, visible=False,
                                       bbox={"boxstyle": "round,pad=0.35", "alpha": 0.9})
        # a launch whose path is held back shows only its start and velocity (predict, then reveal)
        self._question_arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=22, lw=2.5, animated=True,
                                               zorder=20, visible=False)
        self.ax.add_patch(self._question_arrow)
        self._question_dot = self.ax.plot([], [], "o", ms=9, animated=True, zorder=21, visible=False)[0]
        self._crosshair = self.ax.plot([], [], "+", ms=26, mew=1.6, animated=True, zorder=21, visible=False)[0]
        self._question_launch: LaunchState | None = None
        self._style_preview()

    def _style_preview(self) -> None:
        theme = get_theme(self._state.theme)
        self._arrow.set_color(theme.foreground)
        self._start_dot.set_color(theme.foreground)
        self._fate_text.set_color(theme.foreground)
        self._fate_text.set_fontsize(min(theme.font_size * 0.8, PREVIEW_FONT_MAX))
        self._fate_text.get_bbox_patch().set(facecolor=theme.background, edgecolor=theme.foreground)
        self._question_arrow.set_color(theme.foreground)
        self._question_arrow.set_linewidth(theme.trail_width * 1.2)
        self._question_dot.set_color(theme.foreground)
        self._question_dot.set_markersize(theme.marker_size * 1.2)
        self._crosshair.set_color(theme.foreground)
        self._crosshair.set_markeredgewidth(max(1.6, theme.trail_width * 0.8))
        self._crosshair.set_markersize(max(26.0, theme.marker_size * 3))

    def _data_point(self, event) -> tuple[float, float]:
        """The data coordinates of a mouse event, also outside the axes."""
        x, y = self.ax.transData.inverted().transform((event.x, event.y))
        return float(x), float(y)

    def launch_for_drag(self, start: tuple[float, float], end: tuple[float, float]) -> LaunchState:
        """The launch a drag from start to end describes: placed at start, velocity along the drag."""
        (x0, y0), (x1, y1) = start, end
        return LaunchState.from_cartesian(x0, y0, (x1 - x0) * VELOCITY_PER_UNIT, (y1 - y0) * VELOCITY_PER_UNIT)

    def _update_preview(self, end: tuple[float, float], start: tuple[float, float] | None = None) -> None:
        start = self._drag_start if start is None else start
        self._start_dot.set_data([start[0]], [start[1]])
        self._start_dot.set_visible(True)
        try:
            launch = self.launch_for_drag(start, end)
            self._state.check_launch(launch)
        except ValueError as exc:
            self._set_preview_launch(None)
            self.preview_text = figures.translate("Canvas", "cannot launch here: {reason}").format(reason=figure_text(str(exc)))
        else:
            self._set_preview_launch(launch)
            speed = math.hypot(launch.vx0, launch.vy0)
            if self.show_fate_preview:
                self.preview_text = figures.translate("Canvas", "{fate}\nspeed {speed}").format(
                    fate=figure_text(self._state.fate(launch).describe()), speed=f"{speed:.3g}")
            else:
                self.preview_text = figures.translate("Canvas", "speed {speed}").format(speed=f"{speed:.3g}")
        moved = end != start
        self._arrow.set_visible(moved)
        if moved:
            self._arrow.set_positions(start, end)
        # put the text beside the tip, on the side that keeps it inside the axes
        px, py = self.ax.transAxes.inverted().transform(self.ax.transData.transform(end))
        right, top = px > 0.5, py > 0.5
        self._fate_text.set_transform(offset_copy(self.ax.transData, fig=self.figure, x=-12 if right else 12,
                                                  y=-12 if top else 12, units="points"))
        self._fate_text.set_position(end)
        self._fate_text.set_horizontalalignment("right" if right else "left")
        self._fate_text.set_verticalalignment("top" if top else "bottom")
        self._fate_text.set_text(self.preview_text)
        self._fate_text.set_visible(True)

    def _hide_preview(self) -> None:
        self._wipe_preview = self._drag_start is not None or self._key_cursor is not None
        self._drag_start = None
        if self._key_cursor is not None:
            self._key_last = self._key_cursor
        self._key_cursor = None
        self._set_preview_launch(None)
        self.preview_text = ""
        for artist in (self._arrow, self._start_dot, self._fate_text, self._crosshair):
            artist.set_visible(False)

    @property
    def dragging(self) -> bool:
        return self._drag_start is not None

    @property
    def hidden_paths(self) -> frozenset[int]:
        return self._shown.hidden

    def set_hidden_paths(self, pids) -> None:
        """Leave these particles' paths and markers out of the plot (the state and the exports keep them)."""
        pids = frozenset(pids)
        if pids == self._shown.hidden:
            return
        self._shown.hidden = pids
        self._on_paths_changed()
        self._summary_soon()

    @property
    def question_launch(self) -> LaunchState | None:
        return self._question_launch

    def show_question(self, launch: LaunchState | None) -> None:
        """Mark a launch by its start point and velocity arrow only (None removes the mark)."""
        self._question_launch = launch
        if launch is None:
            self._question_arrow.set_visible(False)
            self._question_dot.set_visible(False)
            self._wipe_preview = True
            self.blit_moving()
            return
        # the arrow a drag would have drawn, shortened if it would reach far out of the view
        x0, y0 = launch.x0, launch.y0
        dx, dy = launch.vx0 / VELOCITY_PER_UNIT, launch.vy0 / VELOCITY_PER_UNIT
        length = math.hypot(dx, dy)
        longest = QUESTION_ARROW_MAX * self._state.view.half_extent
        scale = min(1.0, longest / length) if length > 0 else 0.0
        self._question_dot.set_data([x0], [y0])
        self._question_dot.set_visible(True)
        self._question_arrow.set_positions((x0, y0), (x0 + dx * scale, y0 + dy * scale))
        self._question_arrow.set_visible(length > 0)
        self._wipe_preview = True
        self.blit_moving()

    def _on_press(self, event) -> None:
        if self.probe_tool is not None and self._drag_start is None and self.probe_tool.on_press(event):
            return
        if event.button != 1 or event.inaxes is not self.ax or self.toolbar.mode:
            return
        if self._key_cursor is not None:
            self._hide_preview()  # the mouse takes over from the keyboard's cursor
        self._drag_start = self._data_point(event)
        self._update_preview(self._drag_start)
        self.blit_moving()

    def _on_motion(self, event) -> None:
        if self.probe_tool is not None and self.probe_tool.on_motion(event):
            return
        if self._drag_start is None:
            return
        self._update_preview(self._data_point(event))
        self.blit_moving()

    def _on_release(self, event) -> None:
        if self.probe_tool is not None and self.probe_tool.on_release(event):
            return
        if self._drag_start is None or event.button != 1:
            return
        start, end = self._drag_start, self._data_point(event)
        self._hide_preview()
        self.blit_moving()
        self._launch(start, end)

    def _launch(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        try:
            launch = self.launch_for_drag(start, end)
            pid = self._state.add_launch(launch)
        except ValueError as exc:
            self.launch_refused.emit(str(exc))
            return
        self.launched.emit(pid)

    def _on_key(self, event) -> None:
        if event.key == "escape" and self._drag_start is not None:
            self._hide_preview()
            self.blit_moving()

    @property
    def key_cursor(self) -> tuple[float, float] | None:
        """The keyboard's launch point while its cursor shows, else None."""
        return self._key_cursor

    @property
    def key_velocity(self) -> tuple[float, float]:
        return self._key_velocity

    def _claims(self, event) -> bool:
        """Whether the plot uses this key itself rather than leave it to the window's shortcuts.

        Enter always (nothing else in the window takes it); the arrows, W/A/S/D and Escape only while the
        launch cursor shows, so that otherwise the arrows still change k and step the clock.
        """
        if self._drag_start is not None:
            return False
        key, mods = event.key(), event.modifiers()
        Mod = QtCore.Qt.KeyboardModifier
        command = bool(mods & (Mod.ControlModifier | Mod.AltModifier | Mod.MetaModifier))
        if key in _ENTER_KEYS:
            return not command
        if self._key_cursor is None:
            return False
        if key in _MOVE_KEYS:  # Ctrl+arrow sets the velocity
            return not mods & (Mod.AltModifier | Mod.MetaModifier)
        return key == _Key.Key_Escape or (key in _VELOCITY_KEYS and not command)

    def event(self, event) -> bool:
        if event.type() == QtCore.QEvent.Type.ShortcutOverride and self._claims(event):
            event.accept()  # the key comes to keyPressEvent instead of triggering a window shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._claims(event) and self._on_cursor_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._key_cursor is not None:
            self._hide_preview()
            self.blit_moving()
        super().focusOutEvent(event)
        self.update()  # take the focus frame away

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.update()  # show the focus frame

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._relayout_if_pending()  # before the pending draw that painting runs (FigureCanvasQTAgg.paintEvent)
        super().paintEvent(event)
        if self.hasFocus():
            # the keyboard is here (Enter shows the launch cursor): a frame in the theme's highlight colour says so
            painter = QtGui.QPainter(self)
            pen = QtGui.QPen(self.palette().color(QtGui.QPalette.ColorRole.Highlight), FOCUS_FRAME)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
            painter.end()

    def _on_cursor_key(self, event) -> bool:
        key, mods = event.key(), event.modifiers()
        Mod = QtCore.Qt.KeyboardModifier
        step = (CURSOR_BIG_STEP if mods & Mod.ShiftModifier else CURSOR_STEP) * (self._state.view.xmax - self._state.view.xmin)
        if key in _ENTER_KEYS:
            if self._key_cursor is None:
                self.show_key_cursor()
            else:
                self.launch_from_keys()
            return True
        if key == _Key.Key_Escape:
            self._hide_preview()
            self.blit_moving()
            return True
        x, y = self._key_cursor
        vx, vy = self._key_velocity
        if key in _MOVE_KEYS and not mods & Mod.ControlModifier:
            dx, dy = _MOVE_KEYS[key]
            self._key_cursor = (x + dx * step, y + dy * step)
        else:
            dx, dy = _MOVE_KEYS.get(key) or _VELOCITY_KEYS[key]
            self._key_velocity = (vx + dx * step * VELOCITY_PER_UNIT, vy + dy * step * VELOCITY_PER_UNIT)
        self._show_key_preview()
        return True

    def show_key_cursor(self, point: tuple[float, float] | None = None) -> None:
        """Show the launch cursor at point (by default where it was last, else up and left of the dipole)."""
        view = self._state.view
        if point is None:
            point = self._key_last
        if point is None or not (view.xmin <= point[0] <= view.xmax and view.ymin <= point[1] <= view.ymax):
            point = (view.xmin + 0.25 * (view.xmax - view.xmin), view.ymin + 0.75 * (view.ymax - view.ymin))
        if self._drag_start is not None:
            self._hide_preview()
        self._key_cursor = (float(point[0]), float(point[1]))
        self._show_key_preview()

    def _show_key_preview(self) -> None:
        (x, y), (vx, vy) = self._key_cursor, self._key_velocity
        self._crosshair.set_data([x], [y])
        self._crosshair.set_visible(True)
        self._update_preview((x + vx / VELOCITY_PER_UNIT, y + vy / VELOCITY_PER_UNIT), start=(x, y))
        self.blit_moving()
        self._summary_soon()

    def launch_from_keys(self) -> None:
        """Launch from the keyboard's cursor with its velocity (as a drag from the cursor to the arrow's tip)."""
        if self._key_cursor is None:
            return
        (x, y), (vx, vy) = self._key_cursor, self._key_velocity
        self._hide_preview()
        self.blit_moving()
        self._launch((x, y), (x + vx / VELOCITY_PER_UNIT, y + vy / VELOCITY_PER_UNIT))

    def redraw(self, keep_backgrounds: bool = False) -> None:
        """Ask for a full draw on the next turn of the event loop (the background changed).

        The backgrounds saved for other signs of k are forgotten unless only k changed (keep_backgrounds).
        """
        if not keep_backgrounds:
            self._backgrounds.clear()
        self._stale = True
        if not self._drawing:  # (during draw(), before it draws: a resize drew the plot twice)
            self.draw_idle()

    def _figure_key(self) -> tuple:
        """What a saved background depends on besides the field: the figure's size, the axes' place and limits, the options."""
        return (tuple(self.figure.bbox.bounds), tuple(self.ax.get_position().bounds), tuple(self.ax.get_xlim()),
                tuple(self.ax.get_ylim()), self._state.display, self._state.theme)

    def _on_draw(self, event) -> None:
        if event.canvas is not self:
            # savefig (the toolbar's Save) draws through a PDF, SVG or Agg canvas: put the moving artists in the file
            for artist in self.moving_artists:
                if artist.get_visible():
                    artist.draw(event.renderer)
            return
        self._stale = False
        self._background = self.copy_from_bbox(self.figure.bbox)
        if not self._state.display.exact_overlay:  # (the overlay is drawn from the trajectories, which change with k)
            key = self.layers.drawn_field_key
            self._backgrounds.pop(key, None)
            self._backgrounds[key] = (self._figure_key(), self._background)
            while len(self._backgrounds) > BACKGROUNDS_KEPT:
                self._backgrounds.pop(next(iter(self._backgrounds)))
        self._draw_moving()

    def _draw_moving(self) -> None:
        for artist in self.moving_artists:
            if artist.get_visible():
                self.ax.draw_artist(artist)

    @pace.urgent()
    def blit_moving(self) -> None:
        """Redraw only the moving artists over the saved background."""
        self._blit_pending = False
        if self._background is None or self._stale:
            self.draw_idle()
            return
        self.restore_region(self._background)
        self._draw_moving()
        # paths are clipped to the axes, so only that box is copied; the launch preview's text may reach
        # beyond it, so while it shows (and once after, to wipe it) the whole figure is
        wide = self._drag_start is not None or self._key_cursor is not None or self._wipe_preview
        self._wipe_preview = False
        self.blit(self.figure.bbox if wide else self.ax.bbox)
        self.frames_blitted += 1

    @pace.urgent()
    def _on_field_changed(self, *_) -> None:
        if self.layers.update_field():
            # k changed sign: if this picture was drawn since the last change other than k's, its background is saved
            saved = self._backgrounds.get(self.layers.drawn_field_key)
            if saved is None or self._stale or saved[0] != self._figure_key() or self._state.display.exact_overlay:
                self.redraw(keep_backgrounds=True)
                return
            self._background = saved[1]
        # the field picture is the same as the saved background's (PlotLayers.field_key): the new k text and the
        # recomputed paths are blitted on it when trajectories_changed follows
        self._blit_soon()

    def _blit_soon(self) -> None:
        """Blit on the next turn of the event loop unless something blits before (trajectories_changed usually does)."""
        if not self._blit_pending:
            self._blit_pending = True
            self._blit_timer.start()

    def _flush_blit(self) -> None:
        if self._blit_pending:
            self.blit_moving()

    @pace.urgent()
    def _on_field_traced(self) -> None:
        self.layers.update_field(force=True)  # the lines just traced are in the cache now
        self.redraw(keep_backgrounds=True)

    @pace.urgent()
    def _on_potential_changed(self, _potential) -> None:
        self.layers.update_field()
        self.layers.update_trajectories()
        self.redraw()

    @pace.urgent()
    def _on_display_changed(self, _options) -> None:
        self.layers.update_field()
        self.layers.update_trajectories()
        self.relayout()
        self.redraw()

    @pace.urgent()
    def _on_view_changed(self, _box) -> None:
        self.relayout()  # fits the new view to the axes and draws the field for it (fit_view)
        self.toolbar.update()  # the new view becomes "home"
        self.redraw()

    @pace.urgent()
    def _on_theme_changed(self, _name) -> None:
        self.layers.apply_theme()
        self.layers.update_field()
        self.layers.update_trajectories()
        self._style_preview()
        self._layout_engine.invalidate()  # the tick labels' sizes changed with the theme
        self.relayout_soon()  # once the window has followed the theme (its fonts and docks resize the plot)
        self.redraw()

    @pace.urgent()
    def _on_paths_changed(self) -> None:
        self.layers.update_trajectories()
        opt = self._state.display
        # the exact overlay is drawn in the background from the trajectories; the start's field line only
        # changes with the selected particle's start (update_field says whether it did)
        field = opt.start_field_line and self.layers.update_field()
        if opt.exact_overlay or field:
            self.redraw()
        else:
            self.blit_moving()

    def _on_selection_changed(self, _pid) -> None:
        if self._state.display.start_field_line and self.layers.update_field():
            self.layers.set_time(self._state.time)
            self.redraw()
        else:
            self.layers.set_time(self._state.time)
            self.blit_moving()

    @pace.urgent()
    def _on_clock_changed(self, t: float) -> None:
        self.layers.set_time(t)
        self.blit_moving()

    def _on_limits_changed(self, _ax) -> None:
        self._view_timer.start()

    def _push_view(self) -> None:
        try:
            box = self.layers.view_from_axes()
        except ValueError:
            return
        if _same_box(box, self._shown.view):
            return  # the limits are the shown view (widened to the axes): the user did not pan or zoom
        self._state.set_view(box)


def _same_box(a: ViewBox, b: ViewBox) -> bool:
    scale = max(a.xmax - a.xmin, a.ymax - a.ymin)
    return max(abs(a.xmin - b.xmin), abs(a.xmax - b.xmax), abs(a.ymin - b.ymin), abs(a.ymax - b.ymax)) <= 1e-9 * scale
