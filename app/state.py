"""The user's session: k, the launches and their trajectories, display options, view and clock.

Qt-free: widgets observe it through `Signal`s and change it only through its methods, so the
command line, the exports and the tests drive exactly the same model as the window.

Signals (past tense):
    k_changed(k)                 particles_changed()          trajectories_changed()
    selection_changed(id|None)   display_changed(options)     clock_changed(t)
    view_changed(box)            theme_changed(name)          settings_changed(settings)
    history_changed()            potential_changed(potential) computing_changed(bool)
    compute_failed(message)

Where the paths are computed: here, at once (the command line, the exports, the tests), or, once the
window sets `background`, on another thread: a change (k, the settings, the potential, undo, a new set of
launches) then takes effect at once, the previous paths stay until the new ones arrive, and a newer
change makes an older result that is still on its way out of date (it is dropped). Launches added
ADD_IN_BACKGROUND or more at once (a fan, the test-charge map) are computed there too: they show at once,
their paths follow; one or a few (a drag, a key) are integrated at once, as they take a few milliseconds,
unless the compiled kernel is not loaded yet for the potential (the first seconds, a typed potential being
compiled): the engines in Python take a tenth of a second or more a launch, so those go to `background` too.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field, replace

import numpy as np

from app.signals import Signal
from app.themes import THEME_NAMES, get_theme, theme_colour
from physics.field import ViewBox
from physics.integration.contract import IntegrationSettings, Trajectory, r0_problem
from physics.launch import LaunchState

K_LIMIT = 1e6
KEEP = object()  # replace_all(potential=KEEP): the current potential stays
LABEL_LIMIT = 200  # as app/files/session.py's MAX_LABEL: every label the state holds can be saved and opened again
TRAILS = ("full", "fade", "none")
ADD_IN_BACKGROUND = 8  # launches added at once from this many on (a fan, the test-charge map) are integrated by `background`


@dataclass(frozen=True)
class Particle:
    """One launched charge: its initial conditions and how it is shown."""

    id: int
    launch: LaunchState
    color: str
    visible: bool = True
    label: str = ""


@dataclass(frozen=True)
class DisplayOptions:
    """Which layers the plot shows and how many lines they have."""

    field_lines: bool = True
    equipotentials: bool = True
    colormap: bool = False
    dipole_glyph: bool = True
    n_field_lines: int = 8
    n_equipotentials: int = 8
    trail: str = "full"
    trail_length: float = 2.0  # in units of t, for the fading tail
    exact_overlay: bool = False
    start_field_line: bool = False  # the field line through the selected particle's start
    path_numbers: bool = False  # each path's particle number (#1, #2, ...) beside its end
    field_arrows: bool = False  # a grid of field-vector arrows (app/field_arrows.py)
    arrows_direction_only: bool = False  # the arrows all of one length: only E's direction
    probes: tuple = ()  # ((x, y), ...) where the probes of V and E stand (app/probes.py)
    field_line_spacing: str = "flux"  # the point dipole's lines: "flux" (density ∝ |E|·|y|) or "strength" (∝ |E|), physics.field

    def __post_init__(self):
        from app.probes import check_probes

        check_probes(self.probes)
        for name in ("field_lines", "equipotentials", "colormap", "dipole_glyph", "exact_overlay", "start_field_line",
                     "path_numbers", "field_arrows", "arrows_direction_only"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false, got {getattr(self, name)!r}")
        for name in ("n_field_lines", "n_equipotentials"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 60:
                raise ValueError(f"{name} must be a whole number from 0 to 60, got {value!r}")
        if self.trail not in TRAILS:
            raise ValueError(f"trail must be one of {', '.join(TRAILS)}, got {self.trail!r}")
        from physics.field import SPACINGS

        if self.field_line_spacing not in SPACINGS:
            raise ValueError(f"field_line_spacing must be one of {', '.join(SPACINGS)}, got {self.field_line_spacing!r}")
        tl = self.trail_length
        if not isinstance(tl, (int, float)) or isinstance(tl, bool) or not math.isfinite(tl) or not 0 < tl <= 1e6:
            raise ValueError(f"trail_length must be a positive number, got {tl!r}")


@dataclass(frozen=True)
class Snapshot:
    """What undo and redo restore: k, the launches and the potential."""

    k: float
    particles: tuple[Particle, ...]
    next_id: int
    prepared: object = None  # app.potentials.PreparedPotential; None is the point dipole
    # the 3-D view's launches (space_setup), for the steps that replaced them (File ▸ Open, Edit ▸ Paste setup);
    # KEEP for every other step, whose undo leaves the 3-D launches made since as they are
    space: object = KEEP


@dataclass
class _History:
    undo: list[Snapshot] = field(default_factory=list)
    redo: list[Snapshot] = field(default_factory=list)
    last_kind: str = ""
    limit: int = 200


class SimulationState:
    """The session model. Change it only through its methods; listen to its signals."""

    def __init__(self, k: float = 1.0, settings: IntegrationSettings | None = None):
        self.k_changed = Signal()
        self.particles_changed = Signal()
        self.trajectories_changed = Signal()
        self.selection_changed = Signal()
        self.display_changed = Signal()
        self.clock_changed = Signal()
        self.view_changed = Signal()
        self.theme_changed = Signal()
        self.settings_changed = Signal()
        self.history_changed = Signal()
        self.potential_changed = Signal()  # (Potential): U, T or their parameters changed; trajectories follow
        self.computing_changed = Signal()  # (bool): paths are being computed in the background, or no longer
        self.compute_failed = Signal()  # (message): the paths of a change could not be computed (one line)
        self._k = _check_k(k)
        self._settings = settings or IntegrationSettings(t_max=20.0, samples=1001)
        self._particles: tuple[Particle, ...] = ()
        self._trajectories: dict[int, Trajectory] = {}
        self._selected: int | None = None
        self._display = DisplayOptions()
        self._view = ViewBox(-3.0, 3.0, -2.0, 2.0)
        self._theme = "default"
        self._time = 0.0
        self._next_id = 1
        self._history = _History()
        self._prepared = None  # app.potentials.PreparedPotential; None is the point dipole
        # seconds that all the runs of one change may take together (None: each run has physics.integration.contract.MAX_SECONDS);
        # the window sets it, as it computes on the thread that has to answer the user
        self.compute_seconds: float | None = None
        # background(job, deliver, fail): run job() on another thread, then call deliver(result) or fail(message)
        # on this one (possibly before returning); None computes the paths here, at once
        self.background = None
        # whether the paths may compile the fast engine's kernel when it is not loaded (10-20 s on a fresh install);
        # the window says no (ui/compute.py): its paths take the numpy engine until the warm-up has loaded the kernel
        self.compiles_kernel = True
        self._generation = 0  # counts the computations asked for; a result of an older one is out of date
        self._computing = False
        self._on_cancel = None  # what cancel_compute() does besides dropping the computation (undo the change)
        # the challenge level being played (app.challenge.levels Run, set by ui/challenge.py): exports draw its zones
        self.challenge_run = None
        # the 3-D view's launches (app.space.scene.SpaceSetup) that a session saves; the 3-D view sets it, and so
        # does replace_all(space=...) for File ▸ Open and Edit ▸ Paste setup (undone with them)
        self.space_setup = None

    def frozen(self) -> SimulationState:
        """A copy that later changes of this state do not touch, to read on another thread (an export in a worker).

        Cheap: particles, trajectories, settings and options are immutable values, so only the table of
        trajectories is copied. For reading only: it shares the signals and the history with this state.
        """
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy._trajectories = dict(self._trajectories)
        copy.background = None
        return copy

    @property
    def k(self) -> float:
        return self._k

    @property
    def settings(self) -> IntegrationSettings:
        return self._settings

    @property
    def particles(self) -> tuple[Particle, ...]:
        return self._particles

    @property
    def trajectories(self) -> dict[int, Trajectory]:
        return dict(self._trajectories)

    def particle(self, pid: int) -> Particle | None:
        return next((p for p in self._particles if p.id == pid), None)

    def trajectory(self, pid: int) -> Trajectory | None:
        return self._trajectories.get(pid)

    @property
    def selected(self) -> int | None:
        return self._selected

    @property
    def display(self) -> DisplayOptions:
        return self._display

    @property
    def view(self) -> ViewBox:
        return self._view

    @property
    def theme(self) -> str:
        return self._theme

    @property
    def computing(self) -> bool:
        """True while the paths of the last change are computed in the background (the previous ones are shown)."""
        return self._computing

    @property
    def time(self) -> float:
        return self._time

    @property
    def duration(self) -> float:
        """The clock's end: the latest stop time of any visible particle (t_max if there is none)."""
        ends = [self._trajectories[p.id].t_end for p in self._particles if p.visible and p.id in self._trajectories]
        return max(ends) if ends else self._settings.t_max

    def fate(self, launch: LaunchState):
        """The exact prediction for a launch at the current k (point dipole)."""
        from physics.exact import classify
        from physics.integration.scipy_engine import invariants

        if not self.is_point_dipole:
            return self._no_prediction(launch)
        E, C = invariants(launch, self._k)
        return classify(launch, E, C, self._k)

    def check_launch(self, launch: LaunchState) -> None:
        """Raise ValueError naming the problem if a launch cannot be integrated with the current settings."""
        s = self._settings
        if problem := r0_problem(launch.r0, s.r_min, s.r_max):
            raise ValueError(f"the launch point cannot be integrated: {problem}")
        speed2 = launch.vr0**2 + (launch.r0 * launch.omega0) ** 2
        if speed2 > 1e12:
            raise ValueError("the launch speed is too large (at most 1e6)")

    def set_k(self, k: float, coalesce: bool = True) -> None:
        """Change k; every launch is recomputed from its own initial conditions."""
        k = _check_k(k)
        if k == self._k:
            return
        self._remember("k" if coalesce else "k!")
        self._k = k
        self.k_changed.emit(k)
        self._recompute(on_cancel=self.undo)

    def add_launch(self, launch: LaunchState, label: str = "", color: str | None = None) -> int:
        """Add one charge; returns its id. Raises ValueError if it cannot be integrated."""
        return self.add_launches([launch], [label], color=color)[0]

    def add_launches(self, launches: list[LaunchState], labels: list[str] | None = None, color: str | None = None) -> list[int]:
        """Add several charges at once (integrated together by the batch engine, by `background` from
        ADD_IN_BACKGROUND of them on: their paths follow); returns their ids."""
        launches = list(launches)
        if not launches:
            return []
        for launch in launches:
            self.check_launch(launch)
        labels = [_clean_label(label) for label in (labels or [""] * len(launches))]
        if color is not None:
            _check_color(color)
        self._remember("add")
        palette = get_theme(self._theme).particle_colors
        new = []
        for launch, label in zip(launches, labels):
            pid = self._next_id
            self._next_id += 1
            c = color or palette[(pid - 1) % len(palette)]
            new.append(Particle(pid, launch, c, True, label))
        self._particles = self._particles + tuple(new)
        # a fan, the test-charge map, or any launch while only the engines in Python can run it: off the GUI thread
        if self.background is not None and (len(new) >= ADD_IN_BACKGROUND or not self._runs_compiled()):
            if self._computing:
                self._recompute(on_cancel=self.undo)  # a computation is under way: every path again, these included
            else:
                self._compute_added(new)  # only theirs: the other paths stay
        else:
            self._compute(new)
        self._clamp_clock()
        self.particles_changed.emit()
        self.trajectories_changed.emit()
        self.select(new[-1].id)
        return [p.id for p in new]

    def remove(self, pid: int) -> None:
        if self.particle(pid) is None:
            return
        self._remember("remove")
        self._particles = tuple(p for p in self._particles if p.id != pid)
        self._trajectories.pop(pid, None)
        if self._selected == pid:
            self._selected = self._particles[-1].id if self._particles else None
            self.selection_changed.emit(self._selected)
        self._clamp_clock()
        self.particles_changed.emit()
        self.trajectories_changed.emit()

    def clear(self) -> None:
        if not self._particles:
            return
        self._remember("clear")
        self._particles = ()
        self._trajectories = {}
        self._selected = None
        self._time = 0.0
        self.selection_changed.emit(None)
        self.particles_changed.emit()
        self.trajectories_changed.emit()
        self.clock_changed.emit(self._time)

    def set_visible(self, pid: int, visible: bool) -> None:
        p = self.particle(pid)
        if p is None or p.visible == bool(visible):
            return
        self._replace_particle(replace(p, visible=bool(visible)))
        self._clamp_clock()

    def set_color(self, pid: int, color: str) -> None:
        _check_color(color)
        p = self.particle(pid)
        if p is None or p.color == color:
            return
        self._replace_particle(replace(p, color=str(color)))

    def select(self, pid: int | None) -> None:
        if pid is not None and self.particle(pid) is None:
            pid = None
        if pid == self._selected:
            return
        self._selected = pid
        self.selection_changed.emit(pid)

    def _replace_particle(self, new: Particle) -> None:
        self._particles = tuple(new if p.id == new.id else p for p in self._particles)
        self.particles_changed.emit()

    def set_display(self, **changes) -> None:
        new = replace(self._display, **changes)
        if new == self._display:
            return
        self._display = new
        self.display_changed.emit(new)

    def set_view(self, box: ViewBox) -> None:
        if not isinstance(box, ViewBox):
            raise ValueError("the view must be a ViewBox")
        if box == self._view:
            return
        self._view = box
        self.view_changed.emit(box)

    def set_theme(self, name: str) -> None:
        if name not in THEME_NAMES:
            raise ValueError(f"unknown theme {name!r}: use one of {', '.join(THEME_NAMES)}")
        if name == self._theme:
            return
        self._theme = name
        # palette colours follow the theme (yellow is unreadable on white, wine on black); picked colours stay
        # (one signal: the views that show particle colours listen to theme_changed too)
        self._particles = tuple(replace(p, color=theme_colour(p.id, p.color, name)) for p in self._particles)
        self.theme_changed.emit(name)

    def set_settings(self, settings: IntegrationSettings) -> None:
        if settings == self._settings:
            return
        for p in self._particles:
            if problem := r0_problem(p.launch.r0, settings.r_min, settings.r_max):
                raise ValueError(f"particle {p.id} in the new settings: {problem}")
        old, self._settings = self._settings, settings
        self.settings_changed.emit(settings)
        self._recompute(on_cancel=lambda: self.set_settings(old))

    def set_time(self, t: float) -> None:
        t = float(t)
        if not math.isfinite(t):
            raise ValueError(f"the time must be a finite number, got {t!r}")
        t = min(max(t, 0.0), self.duration)
        if t == self._time:
            return
        self._time = t
        self.clock_changed.emit(t)

    def advance(self, dt: float) -> bool:
        """Move the clock on by dt; returns False once it has reached the end."""
        end = self.duration
        self.set_time(min(self._time + dt, end))
        return self._time < end

    def restart(self) -> None:
        self.set_time(0.0)

    def _snapshot(self, space: bool = False) -> Snapshot:
        return Snapshot(self._k, self._particles, self._next_id, self._prepared, self.space_setup if space else KEEP)

    def _remember(self, kind: str, space: bool = False) -> None:
        h = self._history
        if kind in ("k", "params") and h.last_kind == kind and h.undo:
            return  # one undo step for a whole slider drag
        h.undo.append(self._snapshot(space))
        del h.undo[: -h.limit]
        h.redo.clear()
        h.last_kind = kind
        self.history_changed.emit()

    def end_gesture(self) -> None:
        """Close the current coalesced k change, so the next one is its own undo step."""
        self._history.last_kind = ""

    @property
    def can_undo(self) -> bool:
        return bool(self._history.undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._history.redo)

    def undo(self) -> bool:
        h = self._history
        if not h.undo:
            return False
        snap = h.undo.pop()
        h.redo.append(self._snapshot(space=snap.space is not KEEP))
        self._restore(snap, on_cancel=self.redo)
        return True

    def redo(self) -> bool:
        h = self._history
        if not h.redo:
            return False
        snap = h.redo.pop()
        h.undo.append(self._snapshot(space=snap.space is not KEEP))
        self._restore(snap, on_cancel=self.undo)
        return True

    def _restore(self, snap: Snapshot, on_cancel=None) -> None:
        self._history.last_kind = ""
        k_changed = snap.k != self._k
        potential_changed = snap.prepared is not self._prepared
        self._k = snap.k
        self._prepared = snap.prepared
        self._particles = snap.particles
        if snap.space is not KEEP:
            self.space_setup = snap.space  # the 3-D view follows on particles_changed
        self._next_id = max(self._next_id, snap.next_id)
        if self._selected is not None and self.particle(self._selected) is None:
            self._selected = self._particles[-1].id if self._particles else None
            self.selection_changed.emit(self._selected)
        if k_changed:
            self.k_changed.emit(self._k)
        self.particles_changed.emit()
        self._recompute(on_cancel=on_cancel)
        if potential_changed:
            self.potential_changed.emit(self.potential)
        self.history_changed.emit()

    def replace_all(
        self,
        k: float,
        launches: list[tuple[LaunchState, str, bool]],
        display: DisplayOptions | None = None,
        view: ViewBox | None = None,
        theme: str | None = None,
        settings: IntegrationSettings | None = None,
        record: bool = True,
        potential=KEEP,
        space=KEEP,
    ) -> None:
        """Replace k and every launch (and optionally the rest) in one undoable step.

        `potential` is a prepared potential (app.potentials.prepare_potential) or None for the point dipole;
        by default the current one stays. The launches are integrated once, with the new potential. `space`
        replaces the 3-D view's launches (space_setup) in the same step, so that undo brings the old ones back.
        """
        k = _check_k(k)
        settings = settings or self._settings
        for launch, _, _ in launches:
            if problem := r0_problem(launch.r0, settings.r_min, settings.r_max):
                raise ValueError(f"a launch: {problem}")
        if record:
            self._remember("replace", space=space is not KEEP)
        if space is not KEEP:
            self.space_setup = space  # the 3-D view follows on particles_changed
        palette = get_theme(theme or self._theme).particle_colors
        particles = []
        for i, (launch, label, visible) in enumerate(launches):
            pid = self._next_id + i
            particles.append(Particle(pid, launch, palette[(pid - 1) % len(palette)], bool(visible), _clean_label(label)))
        self._next_id += len(launches)
        self._particles = tuple(particles)
        self._trajectories = {}
        old_k = self._k
        self._k = k
        if settings != self._settings:
            self._settings = settings
            self.settings_changed.emit(settings)
        if display is not None:
            self.set_display(**display.__dict__)
        if view is not None:
            self.set_view(view)
        if theme is not None:
            self.set_theme(theme)
        if old_k != k:
            self.k_changed.emit(k)
        self._time = 0.0
        self._selected = particles[-1].id if particles else None
        self.selection_changed.emit(self._selected)
        self.particles_changed.emit()
        potential_changed = potential is not KEEP and potential is not self._prepared
        if potential_changed:
            self._prepared = potential
        self._recompute(on_cancel=self.undo if record else None)
        if potential_changed:
            self.potential_changed.emit(self.potential)
        self.clock_changed.emit(0.0)

    def _compute(self, particles: list[Particle]) -> None:
        if particles:
            results = self._batch_job([p.launch for p in particles])()
            for p, tr in zip(particles, results):
                self._trajectories[p.id] = tr

    def _compute_added(self, new: list[Particle]) -> None:
        """The paths of launches just added, from `background`: the other paths stay as they are. Cancel undoes the
        adding; a change meanwhile (k, undo, ...) computes every path again, these included, and drops this result."""
        generation = self._generation
        self._on_cancel = self.undo
        self._set_computing(True)
        self.background(self._batch_job([p.launch for p in new]),
                        lambda results: self._arrived(generation, new, results),  # the others keep theirs there
                        lambda message: self._added_failed(generation, message))

    def _added_failed(self, generation: int, message: str) -> None:
        if self._delivered(generation):
            self.compute_failed.emit(f"cannot integrate the launches: {message}")  # the other paths stay

    def _batch_job(self, launches: list[LaunchState], prepared=None):
        """A function that integrates these launches with the current k, settings and potential (or `prepared`):
        everything it needs is taken now, so it can run later, on another thread."""
        k, settings, model_args, seconds = self._k, self._settings, self._model_args(prepared), self.compute_seconds
        compile_kernel = self.compiles_kernel

        def job():
            from physics.integration.batch import simulate_batch
            from physics.integration.contract import seconds_limit

            if not launches:
                return []
            with seconds_limit(seconds) if seconds is not None else contextlib.nullcontext():
                return simulate_batch(launches, k, settings, **model_args, compile_kernel=compile_kernel)

        return job

    def _recompute(self, on_cancel=None, undo_on_failure: bool = False) -> None:
        """Every path again, after a change of k, settings, potential or launches (see the module's docstring).

        `on_cancel` undoes the change if the user stops waiting for it (cancel_compute); `undo_on_failure`
        undoes it if its paths cannot be computed (a potential the launches cannot be integrated with).
        """
        self._generation += 1  # whatever is still on its way is out of date
        particles = list(self._particles)
        if self.background is None or not particles:
            self._on_cancel = None
            self._set_computing(False)
            self._trajectories = {}
            self._compute(particles)
            self._swap_trajectories(self._trajectories)
            return
        generation = self._generation
        self._on_cancel = on_cancel
        self._set_computing(True)
        self.background(self._batch_job([p.launch for p in particles]),
                        lambda results: self._arrived(generation, particles, results),
                        lambda message: self._not_computed(generation, message, undo_on_failure))

    def _delivered(self, generation: int) -> bool:
        """A computation's result or failure has come: False if it is out of date (to be dropped), else it ends the wait."""
        if generation != self._generation:
            return False
        self._on_cancel = None
        self._set_computing(False)
        return True

    def _arrived(self, generation: int, particles: list[Particle], results) -> None:
        """The paths of `particles` (every one, or those just added); the other particles keep theirs."""
        if not self._delivered(generation):
            return
        asked = {p.id: (p.launch, tr) for p, tr in zip(particles, results)}
        fresh = {}
        for p in self._particles:
            if p.id in asked:
                if p.launch == asked[p.id][0]:
                    fresh[p.id] = asked[p.id][1]
            elif p.id in self._trajectories:  # launched while this ran: computed then, with the k of now
                fresh[p.id] = self._trajectories[p.id]
        self._swap_trajectories(fresh)

    def _not_computed(self, generation: int, message: str, undo: bool) -> None:
        if not self._delivered(generation):
            return
        self.compute_failed.emit(f"cannot integrate the launches: {message}")
        if undo and self._history.undo:
            self.undo()
        else:
            self._swap_trajectories({})

    def cancel_compute(self) -> None:
        """Stop waiting for the paths of the last change: that change is undone where it can be (the paths of
        before are still shown), else the paths go; a result still on its way is dropped."""
        if not self._computing:
            return
        self._generation += 1
        on_cancel, self._on_cancel = self._on_cancel, None
        self._set_computing(False)
        if on_cancel is not None:
            on_cancel()
        else:
            self._swap_trajectories({})

    def _set_computing(self, computing: bool) -> None:
        if computing != self._computing:
            self._computing = computing
            self.computing_changed.emit(computing)

    def _clamp_clock(self) -> None:
        """Keep the clock inside the run: adding, removing or hiding a particle can move the run's end before it."""
        if self._time > self.duration:
            self._time = self.duration
            self.clock_changed.emit(self._time)

    @property
    def potential(self):
        """The current app.potentials.Potential (texts of U and T and the parameter values besides k)."""
        from app.potentials import Potential

        return self._prepared.potential if self._prepared is not None else Potential()

    @property
    def prepared_potential(self):
        """The current app.potentials.PreparedPotential (equations, compiled model, findings)."""
        from app.potentials import prepare_potential

        if self._prepared is None:
            self._prepared = prepare_potential()
        return self._prepared

    @property
    def prepared_if_ready(self):
        """The current PreparedPotential if one is at hand; None for the point dipole not prepared yet (then
        prepared_potential derives it: half a second of sympy the first time, for a worker thread to do)."""
        return self._prepared

    @property
    def model(self):
        """The LambdifiedModel every launch is integrated with."""
        from physics.derivation import dipole_model

        return self._prepared.model if self._prepared is not None else dipole_model()

    @property
    def equations(self):
        return self.model.equations

    @property
    def is_point_dipole(self) -> bool:
        """True when the exact solution (fate, exact overlay, regime map, pendulum) applies."""
        return self._prepared is None or self._prepared.is_point_dipole

    @property
    def potential_params(self) -> dict[str, float]:
        """Every parameter value of the model, k included."""
        return {"k": self._k, **self.potential.param_dict}

    def set_potential(self, U: str | None = None, T: str | None = None, params: dict | None = None, name: str = "custom",
                      timeout: float = 10.0) -> None:
        """Parse, derive and switch to a typed potential; ValueError (one line) leaves everything as it was."""
        from app.potentials import prepare_potential

        self.apply_potential(prepare_potential(U, T, params, name=name, timeout=timeout))

    def set_potential_preset(self, name: str, **values) -> None:
        """Switch to one of app.potentials.PRESETS, with its default parameters unless given."""
        from app.potentials import prepare_preset

        self.apply_potential(prepare_preset(name, **values))

    def apply_potential(self, prepared) -> None:
        """Switch to an already prepared potential (see app.potentials.prepare_potential): recompute every launch."""
        if prepared.potential == self.potential and prepared.model is self.model:
            return
        if self.background is not None:
            self._switch_potential("potential", prepared)
            return
        trajectories = self._integrate_all(prepared)
        self._remember("potential")
        self._prepared = prepared
        self._swap_trajectories(trajectories)
        self.potential_changed.emit(self.potential)

    def set_potential_params(self, **values) -> None:
        """Change parameter values (d, q, E0, ...) of the current potential without deriving again."""
        from dataclasses import replace as _replace

        from app.potentials import check_params

        values = check_params(values)
        unknown = [n for n in values if n not in self.model.param_names]
        if unknown:
            raise ValueError(f"the potential has no parameter {unknown[0]!r}")
        old = self.potential.param_dict
        if all(old.get(n) == v for n, v in values.items()):
            return
        prepared = self.prepared_potential
        new = _replace(prepared, potential=_replace(prepared.potential, params=tuple(sorted({**old, **values}.items()))))
        if self.background is not None:
            self._switch_potential("params", new)
            return
        trajectories = self._integrate_all(new)
        self._remember("params")
        self._prepared = new
        self._swap_trajectories(trajectories)
        self.potential_changed.emit(self.potential)

    def _switch_potential(self, kind: str, prepared) -> None:
        """The potential changes at once; its paths follow from the background (the change is undone if they cannot be computed)."""
        self._remember(kind)
        self._prepared = prepared
        self.potential_changed.emit(self.potential)
        self._recompute(on_cancel=self.undo, undo_on_failure=True)

    def _runs_compiled(self) -> bool:
        """True if the compiled kernel integrates the current potential now: a few launches take milliseconds."""
        from physics.integration.batch import runs_compiled

        return runs_compiled(self._settings, self._model_args().get("model"))

    def _model_args(self, prepared=None) -> dict:
        prepared = prepared or self._prepared
        if prepared is None or prepared.is_point_dipole:
            return {}
        return {"model": prepared.model, "params": prepared.potential.param_dict}

    def _integrate_all(self, prepared) -> dict:
        """Every launch with another potential, into a new dict (the state is not touched if it fails)."""
        try:
            results = self._batch_job([p.launch for p in self._particles], prepared)()
        except (ValueError, ArithmeticError, TypeError) as exc:
            raise ValueError(f"cannot integrate the launches with this potential: {exc}") from None
        return {p.id: tr for p, tr in zip(self._particles, results)}

    def _swap_trajectories(self, trajectories: dict) -> None:
        self._trajectories = trajectories
        self._clamp_clock()
        self.trajectories_changed.emit()

    def _no_prediction(self, launch: LaunchState):
        """A Fate-like answer for potentials other than the point dipole, where no exact prediction exists."""
        from physics.integration.scipy_engine import invariants
        from physics.regime import NoPrediction

        E, C = invariants(launch, self._k, self.model, self.potential.param_dict)
        return NoPrediction("unknown", E, C, None, None, "unknown")

    def index_at(self, pid: int, t: float | None = None) -> int:
        """Index of the last sample of particle pid at or before time t (the clock by default)."""
        tr = self._trajectories[pid]
        t = self._time if t is None else t
        if tr.t_end <= 0:
            return 0
        n = len(tr.t)
        i = int(math.floor(min(t, tr.t_end) / tr.t_end * (n - 1) + 1e-9))
        return min(max(i, 0), n - 1)

    def readout(self, pid: int | None = None) -> dict | None:
        """t, r, θ, speed, E and C of a particle at the clock, with their drift from the start and its fate."""
        pid = self._selected if pid is None else pid
        if pid is None or pid not in self._trajectories:
            return None
        tr = self._trajectories[pid]
        i = self.index_at(pid)
        stopped = self._time >= tr.t_end
        return {
            "id": pid,
            "t": float(tr.t[i]),
            "r": float(tr.r[i]),
            "theta": float(tr.theta[i]),
            "speed": float(np.hypot(tr.vx[i], tr.vy[i])),
            "energy": float(tr.energy[i]),
            "C": float(tr.C[i]),
            "energy_drift": float(tr.energy[i] - tr.energy[0]),
            "C_drift": float(tr.C[i] - tr.C[0]),
            "stop_reason": tr.stop_reason,
            "stopped": stopped,
            "t_end": tr.t_end,
            "fate": self.fate(tr.launch).describe(),
        }


def _clean_label(label) -> str:
    """A label a session file can hold: control characters (a pasted tab or line break) become spaces, at most LABEL_LIMIT long."""
    text = "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in str(label))
    return text[:LABEL_LIMIT]


def _check_color(color) -> None:
    from matplotlib.colors import is_color_like

    if not isinstance(color, str) or len(color) > 40 or not is_color_like(color):
        raise ValueError(f"not a colour: {str(color)[:40]!r} (use e.g. '#0072B2')")


def _check_k(k) -> float:
    try:
        k = float(k)
    except (TypeError, ValueError):
        raise ValueError(f"k must be a number, got {k!r}") from None
    if not math.isfinite(k):
        raise ValueError(f"k must be a finite number, got {k!r}")
    if abs(k) > K_LIMIT:
        raise ValueError(f"k must be between -{K_LIMIT:g} and {K_LIMIT:g}, got {k!r}")
    return k
