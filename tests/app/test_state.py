"""SimulationState: one emit per real change and none for an unchanged value, undo/redo, add/remove/clear."""

import math

import pytest

from app.signals import Signal
from app.state import DisplayOptions, SimulationState
from physics.field import ViewBox
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

SIGNALS = (
    "k_changed", "particles_changed", "trajectories_changed", "selection_changed", "display_changed",
    "clock_changed", "view_changed", "theme_changed", "settings_changed", "history_changed", "potential_changed",
    "computing_changed", "compute_failed",
)
FAST = IntegrationSettings(t_max=4.0, samples=81)
SWING = LaunchState(1.0, math.pi / 2, 0.0, 0.0)
ESCAPE = LaunchState(1.0, 0.0, 0.0, 1.5)


def record(state):
    """Every emit of every signal, as (name, args), in order: a list used as the slot."""
    log = []
    for name in SIGNALS:
        getattr(state, name).connect(lambda *args, name=name: log.append((name, args)))
    return log


def test_the_recorder_hears_every_signal_of_the_state():
    signals = {name for name, value in vars(SimulationState()).items() if isinstance(value, Signal)}
    assert set(SIGNALS) == signals


def names(log):
    return [name for name, _ in log]


def model(state):
    return (state.k, tuple((p.launch, p.label, p.visible, p.color) for p in state.particles))


@pytest.fixture
def state():
    s = SimulationState(k=1.0, settings=FAST)
    s.add_launch(SWING, "swing")
    return s


def test_set_k_emits_once_and_recomputes(state):
    log = record(state)
    before = state.trajectory(state.particles[0].id)
    state.set_k(2.0)
    assert names(log).count("k_changed") == 1
    assert names(log).count("trajectories_changed") == 1
    assert [a for n, a in log if n == "k_changed"] == [(2.0,)]
    after = state.trajectory(state.particles[0].id)
    assert after.k == 2.0 and before.k == 1.0
    assert not (len(after.x) == len(before.x) and (after.x == before.x).all())


def test_unchanged_values_emit_nothing(state):
    log = record(state)
    state.set_k(1.0)
    state.set_display(**DisplayOptions().__dict__)
    state.set_view(state.view)
    state.set_theme(state.theme)
    state.set_settings(state.settings)
    state.set_time(state.time)
    state.set_visible(state.particles[0].id, True)
    state.set_color(state.particles[0].id, state.particles[0].color)
    state.select(state.selected)
    state.remove(999)
    assert log == []


def test_bad_values_raise_and_emit_nothing(state):
    log = record(state)
    for bad in (float("nan"), float("inf"), "x", 1e9):
        with pytest.raises(ValueError):
            state.set_k(bad)
    with pytest.raises(ValueError):
        state.set_theme("neon")
    with pytest.raises(ValueError):
        state.set_display(trail="zigzag")
    with pytest.raises(ValueError):
        state.add_launch(LaunchState(0.01, 0.0, 0.0, 0.0))
    assert log == [] and state.k == 1.0 and len(state.particles) == 1


@pytest.mark.parametrize(
    "change, signal",
    [
        (lambda s: s.set_display(colormap=True), "display_changed"),
        (lambda s: s.set_view(ViewBox(-4, 4, -3, 3)), "view_changed"),
        (lambda s: s.set_theme("presentation"), "theme_changed"),
        (lambda s: s.set_time(1.5), "clock_changed"),
        (lambda s: s.set_visible(s.particles[0].id, False), "particles_changed"),
        (lambda s: s.set_color(s.particles[0].id, "#123456"), "particles_changed"),
        (lambda s: s.select(None), "selection_changed"),
    ],
)
def test_each_setter_emits_one_signal(state, change, signal):
    log = record(state)
    change(state)
    assert names(log) == [signal]
    change(state)  # the same value again: nothing
    assert names(log) == [signal]


def test_add_remove_clear(state):
    log = record(state)
    pid = state.add_launch(ESCAPE, "escape")
    assert names(log).count("particles_changed") == 1 and names(log).count("trajectories_changed") == 1
    assert state.selected == pid and state.trajectory(pid) is not None
    assert [p.label for p in state.particles] == ["swing", "escape"]
    log.clear()
    state.remove(pid)
    assert names(log).count("particles_changed") == 1 and state.trajectory(pid) is None
    assert state.selected == state.particles[0].id
    log.clear()
    state.clear()
    assert state.particles == () and state.selected is None
    assert names(log).count("particles_changed") == 1
    log.clear()
    state.clear()
    assert log == []


def test_undo_redo_are_inverse():
    s = SimulationState(k=1.0, settings=FAST)
    states = [model(s)]
    s.add_launch(SWING)
    states.append(model(s))
    s.set_k(0.5, coalesce=False)
    states.append(model(s))
    s.add_launches([ESCAPE, LaunchState(1.5, 0.0, 0.0, 0.0)])
    states.append(model(s))
    s.remove(s.particles[0].id)
    states.append(model(s))
    s.clear()
    states.append(model(s))
    for expected in reversed(states[:-1]):
        assert s.undo()
        assert model(s) == expected
    assert not s.undo()
    for expected in states[1:]:
        assert s.redo()
        assert model(s) == expected
    assert not s.redo()
    # the trajectories follow the restored k
    assert s.k == 0.5


def test_undo_restores_trajectories_and_emits_history(state):
    state.set_k(3.0, coalesce=False)
    log = record(state)
    state.undo()
    assert state.k == 1.0 and state.trajectory(state.particles[0].id).k == 1.0
    assert names(log).count("k_changed") == 1 and "history_changed" in names(log)
    assert state.can_redo


def test_a_slider_drag_is_one_undo_step(state):
    for k in (1.1, 1.2, 1.3):
        state.set_k(k)
    state.end_gesture()
    state.set_k(2.0)
    state.undo()
    assert state.k == 1.3
    state.undo()
    assert state.k == 1.0


def test_new_change_clears_redo(state):
    state.set_k(2.0, coalesce=False)
    state.undo()
    assert state.can_redo
    state.add_launch(ESCAPE)
    assert not state.can_redo


def test_replace_all_is_one_undo_step(state):
    before = model(state)
    state.replace_all(2.0, [(ESCAPE, "a", True), (SWING, "b", False)], view=ViewBox(-5, 5, -3, 3), theme="print")
    assert state.k == 2.0 and [p.label for p in state.particles] == ["a", "b"]
    assert state.view == ViewBox(-5, 5, -3, 3) and state.theme == "print"
    state.undo()
    assert model(state) == before


def test_clock_clamps_to_duration(state):
    state.set_time(1e9)
    assert state.time == state.duration
    assert not state.advance(1.0)
    state.restart()
    assert state.time == 0.0
    with pytest.raises(ValueError):
        state.set_time(float("nan"))


def test_a_change_of_potential_is_one_undo_step_and_a_parameter_drag_is_one_too(monkeypatch):
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    state = SimulationState(settings=FAST)
    state.add_launch(LaunchState(1.2, 0.4, 0.1, 0.5))
    dipole_x = state.trajectory(state.particles[0].id).x.copy()
    heard = []
    state.potential_changed.connect(heard.append)
    state.set_potential_preset("dipole-charge", q=0.3)
    for q in (0.4, 0.5, 0.6):  # a slider drag
        state.set_potential_params(q=q)
    assert state.potential.param_dict == {"q": 0.6}
    assert state.undo()  # the whole drag
    assert state.potential.name == "dipole-charge" and state.potential.param_dict == {"q": 0.3}
    assert state.undo()  # the change of potential
    assert state.is_point_dipole and state.potential.name == "point-dipole"
    assert (state.trajectory(state.particles[0].id).x == dipole_x).all()
    assert state.redo() and state.potential.param_dict == {"q": 0.3}
    assert state.redo() and state.potential.param_dict == {"q": 0.6}
    assert [p.param_dict for p in heard] == [{"q": 0.3}, {"q": 0.4}, {"q": 0.5}, {"q": 0.6}, {"q": 0.3}, {}, {"q": 0.3}, {"q": 0.6}]


def test_a_frozen_copy_keeps_what_was_on_show_while_the_state_changes():
    """The window exports from state.frozen() on a worker while the user goes on changing the state."""
    from physics.integration.contract import IntegrationSettings

    state = SimulationState(k=1.0, settings=IntegrationSettings(t_max=2.0, samples=21))
    state.add_launches([LaunchState(1.0, 1.0, 0.0, 0.5)], ["one"])
    frozen = state.frozen()
    before = frozen.trajectory(frozen.particles[0].id)
    state.set_k(-2.0)
    state.add_launches([LaunchState(2.0, 0.5, 0.1, 0.0)], ["two"])
    state.set_theme("print")
    assert frozen.k == 1.0 and [p.label for p in frozen.particles] == ["one"] and frozen.theme == "default"
    assert frozen.trajectory(frozen.particles[0].id) is before and len(frozen.trajectories) == 1
    assert state.k == -2.0 and len(state.particles) == 2 and state.trajectory(state.particles[0].id) is not before


def test_the_paths_never_wait_for_the_fast_engine_to_compile(monkeypatch):
    """On a fresh install the window's first paths waited 12-18 s: their worker reached the compiled kernel before the
    warm-up thread and compiled it itself. The window's paths use the kernel only once it is loaded (the warm-up loads
    it), the numpy engine until then; a script's (app.api.setup) still compile it, and are fast from then on."""
    from physics.integration import generated

    model = generated.default_model()
    monkeypatch.setattr(model, "_kernel", None)  # not loaded yet
    monkeypatch.setattr(model, "_kernel_error", None)  # (and put back as it was, whatever happens here)
    monkeypatch.setattr(generated, "numba_enabled", lambda: True)  # (the tests may run without numba)

    compiles = []

    def compile_kernel(self):
        compiles.append(1)
        raise RuntimeError("the paths compiled the kernel")  # (kernel() turns a failure into "no kernel")

    monkeypatch.setattr(type(model), "_compile", compile_kernel)
    state = SimulationState()
    state.compiles_kernel = False  # as the window sets it (ui/compute.py); a script's state compiles when it needs to
    ids = state.add_launches([LaunchState(1.2, 0.3 + 0.4 * i, 0.0, 0.5) for i in range(5)])
    assert len(ids) == 5 and all(state.trajectory(i) is not None and len(state.trajectory(i).t) > 10 for i in ids)
    assert not any(state.trajectory(i).message for i in ids)
    assert compiles == [] and not model.kernel_loaded
