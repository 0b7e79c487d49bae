"""Hypothesis drives SimulationState with random launches, deletions, k changes, undo, redo, saves, loads and potentials.

After every step the model must be finite and consistent (every particle has its trajectory, ids are
unique, the selection is a particle or None, the clock is inside the run); undo followed by redo
returns to the same setup; a saved session loads back as the same session.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.files.session import SessionError, load_session, save_session, session_to_dict
from app.state import SimulationState
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

POTENTIAL_PRESETS = ("point-dipole", "point-charge", "dipole-charge")
FAST = IntegrationSettings(t_max=6.0, samples=101)
finite = st.floats(allow_nan=False, allow_infinity=False)
hostile_numbers = st.sampled_from([math.nan, math.inf, -math.inf, 1e7, -1e300, 1e308])


@pytest.fixture(autouse=True)
def numpy_engine(monkeypatch):
    """The batch engine's numpy path: no numba compile for each new potential (as in test_potentials.py)."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")


def setup_key(state: SimulationState) -> tuple:
    """What undo and redo restore: k, the launches (with their ids, labels, colours and visibility) and the potential."""
    return state.k, state.particles, state.potential


def comparable(state: SimulationState) -> dict:
    doc = session_to_dict(state)
    doc.pop("time", None)  # the clock is clamped to the run's end, which depends on the potential
    return doc


class StateMachine(RuleBasedStateMachine):
    files = Bundle("files")

    @initialize()
    def start(self):
        self.state = SimulationState(settings=FAST)
        self.folder = Path(tempfile.mkdtemp(prefix="dipole-state-machine-"))
        self.saves = 0

    @rule(r0=st.floats(0.02, 8.0), theta0=st.floats(-7.0, 7.0), vr0=st.floats(-3.0, 3.0), omega0=st.floats(-3.0, 3.0),
          label=st.one_of(st.text(max_size=8), st.text(min_size=190, max_size=260)))
    def launch(self, r0, theta0, vr0, omega0, label):
        before = setup_key(self.state)
        launch = LaunchState(r0, theta0, vr0, omega0)
        try:
            pid = self.state.add_launch(launch, label)
        except ValueError:
            assert setup_key(self.state) == before, "a refused launch changed the setup"
            return
        assert self.state.particle(pid).launch == launch
        assert self.state.selected == pid
        assert len(self.state.particle(pid).label) <= 200 and all(ord(c) >= 32 for c in self.state.particle(pid).label)

    @rule(n=st.integers(1, 4), seed=st.integers(0, 2**16))
    def launch_several(self, n, seed):
        rng = np.random.default_rng(seed)
        launches = [LaunchState(float(rng.uniform(0.5, 2.5)), float(rng.uniform(-3, 3)), float(rng.uniform(-1, 1)),
                                float(rng.uniform(-1, 1))) for _ in range(n)]
        ids = self.state.add_launches(launches)
        assert len(set(ids)) == n

    @rule(data=st.data())
    def delete(self, data):
        ids = [p.id for p in self.state.particles]
        pid = data.draw(st.sampled_from(ids) if ids else st.integers(-5, 5), label="id")
        self.state.remove(pid)
        assert self.state.particle(pid) is None

    @rule(data=st.data(), visible=st.booleans())
    def set_visible(self, data, visible):
        ids = [p.id for p in self.state.particles]
        pid = data.draw(st.sampled_from(ids) if ids else st.integers(-5, 5), label="id")
        self.state.set_visible(pid, visible)
        assert self.state.particle(pid) is None or self.state.particle(pid).visible == visible

    @rule()
    def clear(self):
        self.state.clear()
        assert self.state.particles == ()

    @rule(k=st.one_of(st.floats(-1e6, 1e6), hostile_numbers), coalesce=st.booleans())
    def change_k(self, k, coalesce):
        before = setup_key(self.state)
        try:
            self.state.set_k(k, coalesce=coalesce)
        except ValueError:
            assert not (math.isfinite(k) and abs(k) <= 1e6)
            assert setup_key(self.state) == before
            return
        assert self.state.k == k

    @rule()
    def end_gesture(self):
        self.state.end_gesture()

    @rule(t=st.one_of(finite, hostile_numbers))
    def set_time(self, t):
        try:
            self.state.set_time(t)
        except ValueError:
            assert not math.isfinite(t)

    @rule(name=st.sampled_from(["field_lines", "equipotentials", "colormap", "exact_overlay", "n_field_lines", "trail", "trail_length"]),
          value=st.one_of(st.booleans(), st.integers(-5, 80), st.sampled_from(["full", "fade", "none", "bogus"]), finite))
    def set_display(self, name, value):
        before = self.state.display
        try:
            self.state.set_display(**{name: value})
        except (ValueError, TypeError):
            assert self.state.display == before
            return
        assert getattr(self.state.display, name) == value

    @rule(data=st.data(), color=st.one_of(st.sampled_from(["#0072B2", "red", "C3", "0.5", "(1, 0, 0)"]), st.text(max_size=12)))
    def set_color(self, data, color):
        ids = [p.id for p in self.state.particles]
        if not ids:
            return
        pid = data.draw(st.sampled_from(ids), label="id")
        try:
            self.state.set_color(pid, color)
        except ValueError:
            return
        assert self.state.particle(pid).color == color

    @rule(name=st.sampled_from(POTENTIAL_PRESETS))
    def set_potential(self, name):
        self.state.set_potential_preset(name)
        assert self.state.potential.name == name
        assert self.state.is_point_dipole == (name == "point-dipole")

    @rule()
    def undo(self):
        self.state.undo()

    @rule()
    def redo(self):
        self.state.redo()

    @precondition(lambda self: self.state.can_undo)
    @rule()
    def undo_then_redo_is_identity(self):
        self._there_and_back(self.state.undo, self.state.redo)

    @precondition(lambda self: self.state.can_redo)
    @rule()
    def redo_then_undo_is_identity(self):
        self._there_and_back(self.state.redo, self.state.undo)

    def _there_and_back(self, step, back):
        before = setup_key(self.state)
        assert step() and back()
        assert setup_key(self.state) == before

    @rule(target=files)
    def save(self):
        self.saves += 1
        path = self.folder / f"session-{self.saves}.json"
        save_session(path, self.state)
        again = SimulationState(settings=FAST)
        load_session(path, again)  # the potential comes from the file too
        assert comparable(again) == comparable(self.state), "save → load is not the identity"
        return (path, comparable(self.state))

    @rule(saved=files)
    def load(self, saved):
        path, doc = saved
        load_session(path, self.state)
        assert comparable(self.state) == doc
        # loading is one undoable step
        assert self.state.can_undo

    @rule(saved=files, cut=st.integers(0, 2000))
    def load_truncated(self, saved, cut):
        path, _ = saved
        data = path.read_bytes()
        if cut >= len(data):
            return
        broken = self.folder / "broken.json"
        broken.write_bytes(data[:cut])
        before = comparable(self.state)
        with pytest.raises(SessionError):
            load_session(broken, self.state)
        assert comparable(self.state) == before, "a refused file changed the session"

    @invariant()
    def consistent_and_finite(self):
        s = self.state
        ids = [p.id for p in s.particles]
        assert len(ids) == len(set(ids)), f"duplicate ids {ids}"
        assert set(s.trajectories) == set(ids), "every particle has exactly one trajectory"
        assert s.selected is None or s.selected in ids
        assert math.isfinite(s.k) and abs(s.k) <= 1e6
        assert 0.0 <= s.time <= s.duration
        for pid, tr in s.trajectories.items():
            assert tr.launch == s.particle(pid).launch
            assert tr.k == s.k
            assert len(tr.t) == s.settings.samples
            for column in (tr.t, tr.x, tr.y, tr.r):
                assert np.all(np.isfinite(column)), f"particle {pid}: non-finite samples ({tr.stop_reason}: {tr.message})"
            assert tr.stop_reason in ("t_max", "r_min", "r_max", "failed")
        if s.selected is not None:
            assert s.readout() is not None

    def teardown(self):
        for path in self.folder.glob("*"):
            path.unlink()
        self.folder.rmdir()


StateMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=30, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestStateMachine = StateMachine.TestCase
