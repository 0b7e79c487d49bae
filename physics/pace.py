"""Pause points: a long computation on a worker thread lets the window's drawing go first.

The window's GUI thread and its workers share one GIL. While the GUI thread draws, a worker that runs Python
(integrating, tracing field lines) takes the GIL from it every switch interval, and each of the hundreds of times
a draw lets go of the GIL in C (FreeType, Qt) it must wait to take it back: the monkey saw draws of 0.1-0.2 s of
CPU take 0.3-0.75 s beside a worker (issue 12). So the window marks what must not wait (`urgent()`: a draw, a
layout), and the loops that can run long call `pause()` between their steps: during an urgent section a worker
waits there until it ends (at most PAUSE_MAX_SECONDS at a time, so a worker is never stopped for good), and leaves
the GIL to the drawing meanwhile.

Work with no loop of its own to put a pause point in (sympy) runs under `run_paced`, which pauses at its calls.

A time limit of a computation is measured with `clock()`, which leaves out the time its thread spent paused: a
run is not cut short because the window was busy. The thread that marks a section urgent never pauses itself (the
window computes on its own thread after it has closed), and while it waits for a worker (`waiting()`) nothing
pauses. Without a window nothing is ever urgent and `pause()` returns at once; it costs a fraction of a
microsecond.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time

PAUSE_MAX_SECONDS = 0.05  # the longest one pause lasts; the next pause point waits again if still urgent

_lock = threading.Lock()
_free = threading.Event()  # set: workers go on; clear: some thread is in an urgent section and not waiting
_free.set()
# per thread: (urgent sections it is in, waits for a worker it is in); a thread in an urgent section never pauses
_threads: dict[int, list[int]] = {}
_local = threading.local()  # paused: the seconds this thread spent in pause()


def pause() -> None:
    """A worker's pause point: during an urgent section of another thread, wait for its end (at most
    PAUSE_MAX_SECONDS); otherwise return at once."""
    if _free.is_set() or threading.get_ident() in _threads:
        return
    began = time.monotonic()
    _free.wait(PAUSE_MAX_SECONDS)
    _local.paused = paused_seconds() + time.monotonic() - began


def run_paced(function, *args):
    """function(*args) with a pause point at each of its Python calls: for work that has none of its own (sympy's
    derivations and lambdify, a second or so each on a worker: no pause point can be put inside them). A trace
    function on this thread checks for an urgent section at every call; Python runs about half as fast meanwhile.
    On the main thread (the window's own), or with another tracer set (a debugger, coverage), a plain call."""
    if threading.current_thread() is threading.main_thread() or sys.gettrace() is not None:
        return function(*args)
    sys.settrace(_trace)
    try:
        return function(*args)
    finally:
        sys.settrace(None)


def _trace(frame, event, arg):
    if not _free.is_set():
        pause()
    return None  # no tracing of the lines inside


def paused_seconds() -> float:
    """The seconds this thread has spent paused in pause()."""
    return getattr(_local, "paused", 0.0)


def clock() -> float:
    """time.monotonic() less the time this thread spent paused: the clock of a computation's time limits."""
    return time.monotonic() - paused_seconds()


def _update() -> None:
    if any(urgent and not waits for urgent, waits in _threads.values()):
        _free.clear()
    else:
        _free.set()


@contextlib.contextmanager
def urgent():
    """Within the block, the other threads wait at their pause points (the window draws, and must not wait for the
    GIL)."""
    me = threading.get_ident()
    with _lock:
        _threads.setdefault(me, [0, 0])[0] += 1
        _update()
    try:
        yield
    finally:
        with _lock:
            _threads[me][0] -= 1
            if _threads[me] == [0, 0]:
                del _threads[me]
            _update()


@contextlib.contextmanager
def waiting():
    """Within the block, this thread's urgent sections let the workers go on: it waits for one of them (or for a
    lock one holds), and a worker paused for it would only keep it waiting. On a thread in no urgent section, it
    changes nothing."""
    me = threading.get_ident()
    with _lock:
        state = _threads.get(me)
        if state is not None:
            state[1] += 1
            _update()
    try:
        yield
    finally:
        if state is not None:
            with _lock:
                state[1] -= 1
                _update()


def is_urgent() -> bool:
    """An urgent section is under way, and not waiting for a worker."""
    return not _free.is_set()
