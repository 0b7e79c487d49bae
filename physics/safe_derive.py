"""Derivation of the equations of motion for a user's T and U, in a worker process that can be stopped.

sympy cannot be interrupted inside one process, and some inputs make it run for hours (its numeric
evaluation of sin(sin(3 + exp(exp(exp(3))))) needs π to hundreds of millions of digits). So
`derive_with_timeout` sends T and U, pickled, to a worker process, waits at most `timeout` seconds for
the pickled `Equations`, and kills the worker if it is late. `same_expressions` asks the same worker
whether expressions simplify to one another, under the same kind of limit.

The worker is never a multiprocessing "spawn" child on POSIX: spawn re-runs the caller's main script in
the child, so a plain script or a notebook without an `if __name__ == "__main__":` guard could not start
it. On Linux, a process with a single thread that has imported sympy (the command line, a plain script)
forks its worker: the copy needs no second sympy import. Any other process (a Qt window, a notebook
kernel: they have threads) starts a fresh interpreter (`python -P -c ...`, given one end of a socket
pair), which is safe from any thread. One worker is kept between calls, because starting a fresh one
means importing sympy again (about half a second); `start_worker` starts it early, and after a kill a
new one is started at once, in the background. The worker's start-up does not count towards the
timeout. This module imports sympy only when it derives. On Linux the worker may grow by at most
MEMORY_HEADROOM, so a derivation that blows up in memory fails cleanly.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import multiprocessing
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from physics.messages import one_line

START_TIMEOUT = 60.0  # seconds for a new worker to import sympy, not counted in a derivation's timeout
MAX_TIMEOUT = 86_400.0  # a day: longer limits are refused (the operating system's wait overflows near 1e9 s)
MEMORY_HEADROOM = 2 * 1024**3  # bytes of address space the worker may add (Linux), far above a normal derivation
ROOT = Path(__file__).resolve().parents[1]  # the folder holding the physics package, for the worker's sys.path
_WORKER_CODE = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from physics.safe_derive import _serve_fd; _serve_fd(int(sys.argv[2]), int(sys.argv[3]))"
)


class DerivationError(ValueError):
    """The derivation of a user's T and U failed; the message is one line."""


class DerivationTimeout(DerivationError):
    """The derivation took longer than its time limit and its worker process was stopped."""


def derive_with_timeout(T_expr=None, U_expr=None, timeout: float = 5.0, params=None):
    """physics.derivation.derive_equations(T_expr, U_expr) in a worker process, stopped after `timeout` seconds.

    T_expr and U_expr default to the point dipole's. Raises DerivationTimeout when the time is up, and
    DerivationError when sympy fails, the worker runs out of memory or dies. Safe to call from several
    threads: the calls take turns.
    """
    from physics.derivation import DEFAULT_T, DEFAULT_U

    T_expr = DEFAULT_T if T_expr is None else T_expr
    U_expr = DEFAULT_U if U_expr is None else U_expr
    return _call("derive", (T_expr, U_expr, params), timeout)


def call_with_timeout(module: str, function: str, args: tuple = (), timeout: float = 120.0):
    """module.function(*args) in the worker process (a function of this package's own, by its module's name: the 3-D
    view's derivation), its result pickled back. A window has sympy work done there rather than on a thread of its own:
    a second of sympy on a thread held the GIL from the window's drawing (physics/pace.py cannot pause sympy), and the
    worker runs on another core. Raises as derive_with_timeout."""
    if not module.startswith("physics."):
        raise ValueError(f"call_with_timeout runs this package's functions only, not {module}")
    return _call("call", (module, function, tuple(args)), timeout)


def same_expressions(pairs, timeout: float = 2.0) -> bool:
    """Whether sympy.simplify(a - b) == 0 for every (a, b) in pairs, worked out in the worker within `timeout` s.

    Raises DerivationTimeout (a ValueError) when simplify takes longer: the caller decides what an
    unknown answer means.
    """
    return bool(_call("same", tuple(pairs), timeout))


def _check_timeout(timeout) -> float:
    timeout = float(timeout)
    if not (math.isfinite(timeout) and timeout > 0):
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if timeout > MAX_TIMEOUT:
        raise ValueError(f"timeout must be at most {MAX_TIMEOUT:g} seconds (a day), got {timeout:g}")
    return timeout


def _call(task: str, payload, timeout: float):
    """Send one task to the worker and wait at most `timeout` seconds for its answer."""
    timeout = _check_timeout(timeout)
    request = pickle.dumps((task, payload), protocol=pickle.HIGHEST_PROTOCOL)
    with _lock:
        worker = _ready_worker()
        try:
            worker.connection.send_bytes(request)
            finished = worker.connection.poll(timeout)
        except (OSError, EOFError):
            _stop_worker()
            raise DerivationError("the derivation process stopped unexpectedly") from None
        if not finished:
            _stop_worker()
            _start_worker()  # warm up the next one while the user reads the message
            raise DerivationTimeout(f"the derivation took longer than {timeout:g} s and was stopped")
        try:
            reply = worker.connection.recv_bytes()
        except (OSError, EOFError):
            _stop_worker()
            raise DerivationError(
                "the derivation process stopped unexpectedly (it may have run out of memory)"
            ) from None
    # Rebuild without sympy's automatic evaluation: the worker's expressions are already canonical, and
    # re-evaluating them here could take as long as the derivation this module exists to contain.
    import sympy as sp

    with sp.evaluate(False):
        status, *payload = pickle.loads(reply)
    if status == "ok":
        return payload[0]
    raise DerivationError(payload[0])


def start_worker() -> None:
    """Start the worker now (optional), so that the first derivation does not wait for sympy to import."""
    with _lock:
        _start_worker()


def shutdown_worker() -> None:
    """Stop the worker process, if any; the next derivation starts a new one."""
    with _lock:
        _stop_worker()


def abandon() -> None:
    """Kill the worker now, from any thread, without waiting for the derivation it runs: that derivation ends at
    once with DerivationError (for quitting while one runs; the next derivation starts a new worker)."""
    worker = _worker
    if worker is not None:
        worker.kill()


def worker_pid() -> int | None:
    """The worker's process id, or None when there is no worker."""
    worker = _worker
    return None if worker is None else worker.pid


class _Worker:
    """A worker process and the parent's end of its connection."""

    def __init__(self):
        self.ready = False
        method = _start_method()
        if method == "fork":
            # a copy of this process, sympy already imported: no second import on the way to the first answer
            context = multiprocessing.get_context("fork")
            self.connection, child_end = context.Pipe(duplex=True)
            self._process = context.Process(target=_serve_forked, args=(child_end, self.connection, MEMORY_HEADROOM),
                                            name="dipole-lab-derivation", daemon=True)
            self._process.start()
            child_end.close()
            self._popen = None
            self.pid = self._process.pid
        elif method == "fresh":
            # a fresh interpreter given one end of a socket pair: nothing of the caller's main script runs in it
            self.connection, child_end = multiprocessing.Pipe(duplex=True)
            try:
                fd = child_end.fileno()
                self._popen = subprocess.Popen(
                    [sys.executable, "-P", "-c", _WORKER_CODE, str(ROOT), str(fd), str(MEMORY_HEADROOM)],
                    pass_fds=(fd,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, close_fds=True,
                )
            finally:
                child_end.close()
            self._process = None
            self.pid = self._popen.pid
        else:  # Windows has no pass_fds: multiprocessing's spawn (which needs the __main__ guard there)
            context = multiprocessing.get_context("spawn")
            self.connection, child_end = context.Pipe(duplex=True)
            self._process = context.Process(
                target=_serve, args=(child_end, MEMORY_HEADROOM), name="dipole-lab-derivation", daemon=True
            )
            self._process.start()
            child_end.close()
            self._popen = None
            self.pid = self._process.pid

    def is_alive(self) -> bool:
        return self._popen.poll() is None if self._popen is not None else self._process.is_alive()

    def kill(self) -> None:
        if self.is_alive():
            (self._popen or self._process).kill()
        if self._popen is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._popen.wait(timeout=5)
        else:
            self._process.join(timeout=5)


START_METHOD: str | None = None  # "fork", "fresh" or "spawn" to choose; None: _start_method decides


def _start_method() -> str:
    """How to start a worker: "fork" on Linux in a process with one thread that has imported sympy (a copy
    costs nothing and re-runs nothing), else "fresh" (a new interpreter, any POSIX), else "spawn" (Windows).

    A process with other threads is never forked: a thread may hold a lock at the moment of the fork, and
    the copy would wait for it forever. The threads counted are the operating system's (/proc/self/task),
    so Qt's, a notebook kernel's and OpenBLAS's (numpy starts them on import) all count.
    """
    if START_METHOD is not None:
        return START_METHOD
    if os.name != "posix":
        return "spawn"
    if sys.platform.startswith("linux") and "sympy" in sys.modules and threading.active_count() == 1:
        try:
            if len(os.listdir("/proc/self/task")) == 1:
                return "fork"
        except OSError:
            pass
    return "fresh"


_lock = threading.Lock()
_worker: _Worker | None = None


def _start_worker() -> _Worker:
    global _worker
    if _worker is None or not _worker.is_alive():
        _stop_worker()
        _worker = _Worker()
    return _worker


def _ready_worker() -> _Worker:
    worker = _start_worker()
    if not worker.ready:
        try:
            if not worker.connection.poll(START_TIMEOUT):
                raise OSError("no answer")
            worker.connection.recv_bytes()
        except (OSError, EOFError):
            _stop_worker()
            raise DerivationError("the derivation process could not be started") from None
        worker.ready = True
    return worker


def _stop_worker() -> None:
    global _worker
    worker, _worker = _worker, None
    if worker is None:
        return
    worker.connection.close()  # a worker waiting for a request sees the end of the pipe and exits
    worker.kill()


atexit.register(shutdown_worker)


def _serve_forked(connection, parent_end, memory_headroom: int) -> None:
    """The forked worker's entry: close its copy of the parent's end, so that the parent's exit ends the loop."""
    parent_end.close()
    _serve(connection, memory_headroom)


def _serve_fd(fd: int, memory_headroom: int) -> None:
    """The worker interpreter's entry: serve on the inherited end of the socket pair."""
    from multiprocessing.connection import Connection

    _serve(Connection(fd), memory_headroom)


def _serve(connection, memory_headroom: int) -> None:
    """The worker's loop: answer each pickled (task, payload) until the pipe closes."""
    import signal

    import sympy as sp

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is for the parent
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the command line's handler
    _cap_memory(memory_headroom)
    from physics.derivation import derive_equations

    connection.send_bytes(pickle.dumps(("ready", os.getpid())))
    while True:
        try:
            request = connection.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            with sp.evaluate(False):  # the very expressions the caller built, evaluated or not
                task, payload = pickle.loads(request)
            if task == "derive":
                reply = ("ok", derive_equations(*payload))
            elif task == "call":
                import importlib

                module, function, args = payload
                reply = ("ok", getattr(importlib.import_module(module), function)(*args))
            else:
                reply = ("ok", all(sp.simplify(a - b) == 0 for a, b in payload))
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("error", "the derivation ran out of memory and was stopped"))
        except Exception as error:  # report sympy's failure to the caller, who shows it as one line
            message = one_line(error, 300)
            if not isinstance(error, ValueError):
                message = f"{type(error).__name__}: {message}"
            data = pickle.dumps(("error", f"the derivation failed: {message[:300]}"))
        try:
            connection.send_bytes(data)
        except (OSError, EOFError):
            return


def _cap_memory(headroom: int) -> None:
    """Let the worker's address space grow by at most `headroom` bytes (Linux; elsewhere nothing happens)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = in_use + headroom if hard == resource.RLIM_INFINITY else min(in_use + headroom, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass
