"""The window integrates off the GUI thread (ui/compute.py): a change answers at once, the newest change wins,
Cancel undoes it, a failure is reported and undone, and a charge launched meanwhile keeps its path.

Each test holds the integration at a gate it opens itself, so nothing here depends on how fast the machine is.
"""

import threading

import pytest

import ui.compute
from physics.integration import batch
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

pytestmark = pytest.mark.usefixtures("fresh_settings")

FAST = IntegrationSettings(t_max=4.0, samples=81)
SWING = LaunchState(1.0, 1.2, 0.0, 0.1)


@pytest.fixture
def gate(monkeypatch):
    """Every batch integration on a worker thread waits for `gate.set()`; `gate.calls` lists the k of each."""
    real = batch.simulate_batch
    event = threading.Event()
    event.calls = []

    def held(launches, k, settings, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            event.calls.append(k)
            assert event.wait(10), "the test never opened the gate"
        return real(launches, k, settings, **kwargs)

    monkeypatch.setattr(batch, "simulate_batch", held)
    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", 0.0)
    return event


@pytest.fixture
def launched(window):
    st = window.state
    st.set_settings(FAST)
    st.add_launch(SWING)
    st.add_launch(LaunchState(1.5, 0.3, 0.2, 0.0))
    return window


def _wait_computed(qtbot, state):
    qtbot.waitUntil(lambda: not state.computing, timeout=10000)


def test_a_k_change_answers_at_once_and_its_paths_follow(qtbot, launched, gate):
    st = launched.state
    before = st.trajectories
    st.set_k(2.5)
    assert st.k == 2.5 and st.computing  # the change took effect; its paths are on their way
    assert st.trajectories == before  # the plot keeps the previous paths meanwhile
    qtbot.wait(50)  # the event loop turns: nothing waits for the integration
    assert st.computing
    gate.set()
    _wait_computed(qtbot, st)
    assert {tr.k for tr in st.trajectories.values()} == {2.5}
    assert launched.compute.finished >= 1


def test_the_newest_change_wins_and_requests_do_not_pile_up(qtbot, launched, gate):
    st = launched.state
    for k in (1.5, 2.0, 2.5, 3.0, -1.0):
        st.set_k(k)
    gate.set()
    _wait_computed(qtbot, st)
    assert {tr.k for tr in st.trajectories.values()} == {-1.0}
    assert gate.calls == [1.5, -1.0]  # the running one, then only the newest of those that waited


def test_a_slow_change_shows_cancel_which_undoes_it(qtbot, launched, gate, monkeypatch):
    monkeypatch.setattr(ui.compute, "BUSY_AFTER_MS", 0)
    launched.compute._busy_timer.setInterval(0)
    st = launched.state
    st.end_gesture()
    st.set_k(4.0)
    qtbot.waitUntil(lambda: launched.findChild(ui.compute.QtCore.QObject, "compute_indicator") is not None
                    and launched.findChild(ui.compute.QtCore.QObject, "compute_indicator").isVisible(), timeout=5000)
    busy = launched.findChild(ui.compute.QtCore.QObject, "compute_indicator")
    assert busy.cancel_button.isVisible()
    busy.cancel_button.click()
    assert st.k == 1.0  # the change is undone
    assert not busy.isVisible()
    gate.set()
    _wait_computed(qtbot, st)
    assert {tr.k for tr in st.trajectories.values()} == {1.0}
    assert st.can_redo


def test_a_failure_is_reported_in_one_line_and_a_potential_change_is_undone(qtbot, launched, monkeypatch):
    from app.potentials import prepare_preset

    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", 0.0)
    st = launched.state
    prepared = prepare_preset("finite-dipole")

    real = batch.simulate_batch

    def broken(launches, k, settings, **kwargs):
        if kwargs.get("model") is not None:  # the new potential's runs fail, the point dipole's do not
            raise ValueError("the right-hand side is not finite")
        return real(launches, k, settings, **kwargs)

    monkeypatch.setattr(batch, "simulate_batch", broken)
    messages = []
    st.compute_failed.connect(messages.append)
    st.apply_potential(prepared)
    _wait_computed(qtbot, st)
    assert messages == ["cannot integrate the launches: the right-hand side is not finite"]
    assert st.is_point_dipole  # undone, and the paths of before are computed again
    assert {tr.k for tr in st.trajectories.values()} == {1.0} and len(st.trajectories) == 2
    qtbot.waitUntil(lambda: "cannot integrate" in launched.statusBar().currentMessage(), timeout=5000)


def test_a_charge_launched_while_paths_are_computed_keeps_its_own(qtbot, launched, gate):
    batch.preload()  # as the window's warm-up has done by then: one launch is integrated in place with the kernel
    st = launched.state
    st.set_k(2.0)
    pid = st.add_launch(LaunchState(2.0, 0.5, 0.0, 0.2))
    assert st.trajectory(pid).k == 2.0
    gate.set()
    _wait_computed(qtbot, st)
    assert set(st.trajectories) == {p.id for p in st.particles}
    assert {tr.k for tr in st.trajectories.values()} == {2.0}


def test_closing_the_window_while_paths_are_computed_is_safe(qtbot, launched, gate):
    st = launched.state
    assert not st.compiles_kernel  # the window's paths never wait for a first compile of the fast engine
    st.set_k(3.0)
    launched.disconnect_state()
    launched.close()
    assert st.background is None and st.compiles_kernel  # on its own again, the state may compile as a script's does
    gate.set()
    qtbot.wait(100)  # the thread's result finds nobody waiting for it
    st.set_k(1.0)  # the state computes on its own thread again
    assert {tr.k for tr in st.trajectories.values()} == {1.0}


def test_field_lines_of_another_potential_are_traced_off_the_gui_thread(qtbot, monkeypatch):
    """Tracing took up to 1.5 s on the GUI thread at every change of a typed potential's k or view."""
    from app import custom_plotting
    from app.state import SimulationState
    from ui.canvas import PlotCanvas

    real = custom_plotting.trace_field_lines
    event = threading.Event()
    threads = []

    def held(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        assert event.wait(10), "the test never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(custom_plotting, "trace_field_lines", held)
    monkeypatch.setattr(custom_plotting, "_CACHE", type(custom_plotting._CACHE)())
    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", 0.0)
    state = SimulationState()
    state.set_potential_preset("finite-dipole")
    canvas = PlotCanvas(state)
    qtbot.addWidget(canvas)
    canvas.resize(640, 480)
    canvas.show()

    def field_lines():
        return [a for a in canvas.layers._background if getattr(a, "get_label", lambda: "")() == "field lines"]

    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert threads == [False] and not field_lines()  # drawn without them meanwhile; the window answers
    qtbot.wait(50)
    event.set()
    qtbot.waitUntil(lambda: bool(field_lines()), timeout=10000)
    assert len(field_lines()[0].get_segments()) > 4
    canvas.disconnect_state()


FAN = [LaunchState(1.5, 0.4 * i, 0.0, 0.3) for i in range(12)]


def test_a_fan_shows_at_once_and_its_paths_follow_while_the_others_stay(qtbot, launched, gate):
    """Adding ADD_IN_BACKGROUND or more launches at once (a fan, the test-charge map) integrated them on the GUI
    thread: about a second with the numpy engine, before the fast engine is ready or for a typed potential."""
    from app.state import ADD_IN_BACKGROUND

    assert len(FAN) >= ADD_IN_BACKGROUND
    st = launched.state
    before = dict(st.trajectories)
    ids = st.add_launches(FAN)
    assert [p.id for p in st.particles][-len(FAN):] == ids and st.computing  # shown at once, paths on their way
    assert st.trajectories == before  # the others keep theirs meanwhile
    qtbot.wait(50)
    gate.set()
    _wait_computed(qtbot, st)
    assert set(st.trajectories) == set(before) | set(ids)
    assert all(st.trajectory(pid).r[0] == pytest.approx(1.5) for pid in ids)
    assert all(st.trajectories[pid] is tr for pid, tr in before.items())


def test_cancelling_a_fan_takes_it_away_and_a_k_change_meanwhile_computes_it_too(qtbot, launched, gate):
    st = launched.state
    count = len(st.particles)
    st.add_launches(FAN)
    st.cancel_compute()  # the status bar's Cancel: the adding is undone (undo computes the paths again)
    assert len(st.particles) == count
    ids = st.add_launches(FAN)
    st.set_k(2.0)  # a newer change: every path again, the fan's included, with the new k
    gate.set()
    _wait_computed(qtbot, st)
    assert set(ids) <= set(st.trajectories) and {tr.k for tr in st.trajectories.values()} == {2.0}


def test_a_few_launches_are_still_integrated_at_once(launched, gate):
    batch.preload()  # the compiled kernel, loaded
    st = launched.state
    ids = st.add_launches(FAN[:3])  # a drag or a key: a few milliseconds, no frame without its path
    assert not st.computing and all(st.trajectory(pid) is not None for pid in ids)


def test_one_launch_goes_off_the_gui_thread_while_only_the_engines_in_python_can_run_it(qtbot, launched, gate, monkeypatch):
    """Before the compiled kernel is loaded (the first seconds; a typed potential being compiled) the numpy engine
    integrates: the monkey saw one launch hold the window 1.3 s after a restart."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    st = launched.state
    (pid,) = st.add_launches([SWING])
    assert st.computing and st.trajectory(pid) is None  # shown at once, its path on its way
    gate.set()
    _wait_computed(qtbot, st)
    assert st.trajectory(pid).r[0] == pytest.approx(SWING.r0)


def test_a_fan_added_while_paths_are_computed_is_computed_with_them_off_the_gui_thread(qtbot, launched, gate):
    st = launched.state
    st.set_k(2.0)  # held at the gate
    ids = st.add_launches(FAN)
    assert st.computing and all(st.trajectory(pid) is None for pid in ids)  # not integrated on this thread
    gate.set()
    _wait_computed(qtbot, st)
    assert set(ids) <= set(st.trajectories) and {tr.k for tr in st.trajectories.values()} == {2.0}
