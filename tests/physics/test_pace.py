"""Pause points (physics/pace.py): a worker waits while another thread is in an urgent section, never for long,
never while that thread waits for it, and its time limits leave the pause out."""

from __future__ import annotations

import threading
import time

import numpy as np

from physics import pace
from physics.field import ViewBox, trace_field_lines
from physics.integration.numpy_engine import integrate_numpy


def _paused_in(thread) -> bool:
    """Whether `thread` is waiting in pace.pause() now (its innermost frame)."""
    import sys

    frame = sys._current_frames().get(thread.ident)  # noqa: SLF001 - a look at another thread, for a test
    while frame is not None:
        if frame.f_code is pace.pause.__code__:
            return True
        frame = frame.f_back
    return False


def _in_thread(function):
    """function() in a worker thread; returns the thread and a list that receives (result, paused seconds)."""
    out = []

    def run():
        out.append((function(), pace.paused_seconds()))

    thread = threading.Thread(target=run, daemon=True)
    return thread, out


def test_without_an_urgent_section_a_pause_point_returns_at_once():
    assert not pace.is_urgent()
    thread, out = _in_thread(lambda: [pace.pause() for _ in range(10_000)])
    thread.start()
    thread.join(10)
    assert out and out[0][1] == 0.0


def test_a_worker_waits_at_its_pause_point_until_the_urgent_section_ends(monkeypatch):
    monkeypatch.setattr(pace, "PAUSE_MAX_SECONDS", 60.0)  # so only the end of the section can end the pause
    reached, went_on = threading.Event(), threading.Event()

    def work():
        reached.set()
        pace.pause()
        went_on.set()

    with pace.urgent():
        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        assert reached.wait(10)
        assert not went_on.wait(0.1)  # still urgent: the worker waits
    assert went_on.wait(10)  # the section is over: it goes on (not after 60 s)
    thread.join(10)


def test_one_pause_is_bounded_so_a_worker_is_never_stopped_for_good():
    def work():
        for _ in range(3):
            pace.pause()
        return True

    thread, out = _in_thread(work)
    with pace.urgent():
        thread.start()
        thread.join(10)  # the urgent section outlasts the worker: each pause ends after PAUSE_MAX_SECONDS
        assert not thread.is_alive()
    assert out[0][0] is True
    assert out[0][1] >= 2.5 * pace.PAUSE_MAX_SECONDS  # it did wait, three times


def test_nothing_pauses_while_the_urgent_thread_waits_for_a_worker():
    thread, out = _in_thread(lambda: [pace.pause() for _ in range(1000)])
    with pace.urgent(), pace.waiting():
        thread.start()
        thread.join(10)
    assert out and out[0][1] == 0.0


def test_the_urgent_thread_itself_never_pauses():
    began = time.monotonic()
    with pace.urgent():
        for _ in range(100):
            pace.pause()  # (the window computes on its own thread after it has closed)
        assert pace.is_urgent()
    assert pace.paused_seconds() == 0.0
    assert time.monotonic() - began < 100 * pace.PAUSE_MAX_SECONDS


def test_waiting_on_a_thread_in_no_urgent_section_lets_nothing_go_on():
    """A worker waiting for another (the lambdify helper's join, on a panel's worker) must not open the gate while
    the window draws: only the urgent thread's own waits do."""
    done = threading.Event()

    def other_worker():
        with pace.waiting():
            done.wait(10)

    waiter = threading.Thread(target=other_worker, daemon=True)
    with pace.urgent():
        waiter.start()
        time.sleep(0.01)
        assert pace.is_urgent()
        thread, out = _in_thread(lambda: pace.pause())
        thread.start()
        thread.join(10)
        done.set()
    waiter.join(10)
    assert out and out[0][1] > 0.0


def test_a_worker_in_an_urgent_section_leaves_the_others_as_they_were():
    entered, leave = threading.Event(), threading.Event()

    def urgent_worker():
        with pace.urgent():
            pace.pause()  # its own section: no pause
            entered.set()
            leave.wait(10)

    worker = threading.Thread(target=urgent_worker, daemon=True)
    with pace.urgent():
        worker.start()
        assert entered.wait(10)
        leave.set()
        worker.join(10)
        assert pace.is_urgent()  # the window's section goes on
    assert not pace.is_urgent()
    began = time.monotonic()
    for _ in range(5):
        pace.pause()  # nobody is urgent: at once (it took 0.25 s when the worker's section had left itself the owner)
    assert pace.paused_seconds() == 0.0 and time.monotonic() - began < 5 * pace.PAUSE_MAX_SECONDS


def test_urgent_sections_nest():
    with pace.urgent():
        with pace.urgent():
            assert pace.is_urgent()
        assert pace.is_urgent()
    assert not pace.is_urgent()


def test_the_clock_of_time_limits_leaves_out_the_pauses():
    def work():
        start, wall = pace.clock(), time.monotonic()
        pace.pause()
        return pace.clock() - start, time.monotonic() - wall

    thread, out = _in_thread(work)
    with pace.urgent():
        thread.start()
        thread.join(10)
    (ran, wall), paused = out[0]
    assert paused >= 0.9 * pace.PAUSE_MAX_SECONDS  # it waited
    assert abs(ran - (wall - paused)) < 1e-3  # and its clock left that out


def test_the_engines_and_the_field_tracer_pause_for_an_urgent_section():
    """The loops that run long on the window's workers have pause points: the numpy engine's steps, scipy's
    right-hand side (simulate) and the field tracer's evaluations."""
    from physics.derivation import dipole_model
    from physics.integration.batch import _config, _initial_states
    from physics.integration.contract import IntegrationSettings
    from physics.integration.generated import model_for
    from physics.integration.scipy_engine import simulate
    from physics.launch import LaunchState

    launch = LaunchState(1.0, 0.3, 0.0, 0.5)
    settings = IntegrationSettings(t_max=5.0)
    box = ViewBox(-2.0, 2.0, -2.0, 2.0)
    works = {
        "numpy engine": lambda: integrate_numpy(model_for(None), _initial_states([launch]), np.array([1.0]), _config(settings),
                                                settings.samples),
        "scipy": lambda: simulate(launch, 1.0, settings),
        "field lines": lambda: trace_field_lines(dipole_model().field, [(0.5, 0.1)], box, (1.0,)),
    }
    for name, work in works.items():
        work()  # (imports, caches: the run below is the loop itself)
        thread, out = _in_thread(work)
        with pace.urgent():
            thread.start()
            while thread.is_alive() and not _paused_in(thread):  # until it has paused (or ended without: fails below)
                time.sleep(0.005)
        thread.join(60)
        assert out and out[0][1] > 0.0, name


def _pure_python():
    total = 0
    for _ in range(200):
        total += sum(abs(i) for i in range(500))  # a call each time (abs in a generator: Python frames)
    return total


def test_work_without_pause_points_pauses_at_its_calls_when_run_paced():
    """sympy has no loop of ours to put a pause point in: run_paced pauses at its Python calls instead."""
    thread, out = _in_thread(lambda: pace.run_paced(_pure_python))
    with pace.urgent():
        thread.start()
        while thread.is_alive() and not _paused_in(thread):
            time.sleep(0.005)
    thread.join(60)
    assert out and out[0][0] == _pure_python() and out[0][1] > 0.0
    thread, out = _in_thread(_pure_python)  # a plain call: no pause
    with pace.urgent():
        thread.start()
        time.sleep(pace.PAUSE_MAX_SECONDS)
    thread.join(60)
    assert out and out[0][1] == 0.0


def test_run_paced_on_the_main_thread_or_under_another_tracer_is_a_plain_call():
    import sys

    assert pace.run_paced(_pure_python) == _pure_python() and sys.gettrace() is None
    seen = []

    def other(frame, event, arg):
        seen.append(event)

    def in_thread():
        sys.settrace(other)
        try:
            pace.run_paced(len, ())
            return sys.gettrace() is other
        finally:
            sys.settrace(None)

    thread, out = _in_thread(in_thread)
    thread.start()
    thread.join(10)
    assert out[0][0] is True
