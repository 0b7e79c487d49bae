"""A seeded monkey drives the real MainWindow with random input; any uncaught exception or Qt critical message fails.

Events: clicks, press-drag-release on every matplotlib canvas, slider drags, keys (every QAction's
shortcut, found at run time, and random ones), wheel, menu actions, text typed and pasted into every
line edit, spin box and text box (hostile strings and maths), window resizes, and closing the window
(a new one is started, as after a restart). Modal dialogs never block: QDialog.exec fuzzes the dialog
for a few events and then accepts or cancels it; the static QMessageBox, QFileDialog, QInputDialog and
QColorDialog functions answer at random, with files in tmp_path. Each frame sends a few dozen events
to one region after another (the central plot, each dock, menus and shortcuts, open dialogs), then
lets Qt process them.

Default run: 3 seeds × DIPOLE_FUZZ_SECONDS (3 s; CI also runs 6 seeds × 45 s, see .ci/run). Other runs:

    DIPOLE_FUZZ_SEED=7 DIPOLE_FUZZ_SECONDS=300 python -m pytest -n 0 tests/ui/test_fuzz.py -s   # long run, reports RSS
    DIPOLE_FUZZ_SEED=7 DIPOLE_FUZZ_EVENTS=1500 python -m pytest -n 0 tests/ui/test_fuzz.py -s   # replay a failure

A failure names the seed, the event index and the last events; DIPOLE_FUZZ_EVENTS replays the same
sequence up to there (the events are the same; timers may fire at other moments). DIPOLE_FUZZ_PLANT=1
plants an error in a handler, to see the monkey find it; test_the_monkey_finds_a_planted_error does that.

A watchdog (LoopWatchdog) times every turn of the event loop: the time the GUI thread goes from one
delivered event to the next without going idle. The report gives the longest gap and the 99th
percentile, exports included (they run on workers), and the gaps over 250 ms twice: all of them, and those outside
export dialogs and a new window's start after a restart (`loop_gaps_over_250ms_outside`: issue 12's goal is none of
those on a quiet machine). A hang is judged by the GUI thread's own CPU time or by a stall of the event loop in
which that thread waits, never by wall time alone, so a busy machine does not fail the run; a hang that
never ends is caught by a watchdog thread, which prints every thread's stack and ends the process.
DIPOLE_FUZZ_PROFILE=1 samples the GUI thread's stack every few milliseconds and reports, for each turn over
250 ms, where its samples were (`loop_gap_profiles` in the printed stats): the way to find what to move off it.
The sampler sees nothing while the GUI thread holds the GIL in C (drawing, text layout); for those,
DIPOLE_FUZZ_CPROFILE_AT=N runs cProfile on the GUI thread from event N to the end (give DIPOLE_FUZZ_EVENTS a few
events more) and prints where the time went; DIPOLE_FUZZ_PROFILE=cprofile runs it through every turn and keeps the
functions of each slow one (Python runs about half as fast meanwhile: for finding causes, not for counting). The
printed stats also count the garbage collector's full collections (gc_full_collections, gc_full_longest_ms).
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import json
import math
import os
import random
import sys
import threading
import time
import traceback
from array import array
from collections import deque
from pathlib import Path

import pytest
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from app.state import SimulationState
from ui.collector import settle as settle_memory
from ui.main_window import MainWindow, app_settings
from ui.qt_guard import guarded
from ui.workers import share_gil_finely, wait_for_all

Qt = QtCore.Qt
DEFAULT_SEEDS = (1, 2, 3)
DEFAULT_SECONDS = 3.0
STACK_DUMP_SECONDS = 8.0  # a frame or an event this slow has its stacks printed, to see where it hangs
RSS_SAMPLE_SECONDS = 15.0
MAX_EVENT_CPU_SECONDS = 30.0  # GUI-thread CPU time of one event (a whole export with its progress dialog included)
HANG_CPU_SECONDS = 10.0  # GUI-thread CPU time in one turn of the event loop: busy without ever turning is a hang
HANG_STALL_SECONDS = 90.0  # a turn this long in which the GUI thread mostly waited (deadlock, unbounded wait) is a hang
STALL_CPU_SHARE = 0.25  # "mostly waited": below this share of the wall time on the GUI thread's CPU clock
# one monkey event that has not returned after STUCK_SECONDS, the GUI thread busy less than this share of it (timers
# such as the player's keep a nested loop at about a quarter of a core): stuck in a loop nobody ends
STUCK_CPU_SHARE = 0.6
STUCK_SECONDS = 120.0  # one monkey event this long while the GUI thread mostly waited: stuck in a loop nobody ends
POPUP_MS = 150  # a popup menu Qt opens by itself (QMenu::exec in C++: a toolbar's » button) is closed after this
GAP_GOAL_SECONDS = 0.25  # issue 12: no gap over this on a quiet machine (measured, not enforced)

HOSTILE = [
    "__import__('os').system('touch /tmp/dipole-pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "r.__class__.__init__.__globals__",
    "(lambda: 1)()",
    "eval('1+1')",
    "exec('x=1')",
    "getattr(r, '__class__')",
    "sympify('r')",
    "'a'*10",
    "f'{r}'",
    "\u202ek*cos(theta)/r^2\u202c",
    "r\u200b+1",
    "\x00\x01\x7f",
    "😀 + r",
    "Ω/r",
    "1e400",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "9" * 400,
    "(" * 120 + "r" + ")" * 120,
    "r**r**r**r**r",
    "10**10**10",
    "factorial(10000)",
    "sin(sin(3+exp(exp(exp(3)))))*r",
    "",
    "   ",
    "\t",
    "−1",
    "1,5",
    "1.5.5",
    "0x10",
    "1_000",
    "1e-320",
    "%s%n%x",
    "'; DROP TABLE sessions; --",
    "../../etc/passwd",
    "NUL",
    "r" * 1200,
    "\n\n",
    "k/r\n-k/r",
]
MATHS = [
    "-k*cos(theta)/r^2",
    "-k/r",
    "-k*cos(theta)/r**2 - q/r",
    "-k*(3*cos(theta)**2 - 1)/(2*r**3)",
    "k*sin(theta)/r^2",
    "-k*x/r^3",
    "x^2 + y^2",
    "exp(-r)",
    "sqrt(r)",
    "log(r)",
    "1/(r - 1)",
    "-k*cos(theta)/r^2 - E0*r*cos(theta)",
    "(r_dot^2 + r^2*theta_dot^2)/2",
    "r_dot^2",
    "0",
    "k",
    "abs(r - 1)",
    "tanh(r)*k",
    "-k*cos(theta)/r^2 + d",
]
NUMBERS = ["0", "1", "-1", "0.5", "2.5", "-3", "1e-12", "1e12", "3.14159", "-0", "1e6", "-1e6", "1000001", "0.05", "100", "1e-300", "42"]
KEYS = [
    Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
    Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Right,
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_F1, Qt.Key.Key_F2, Qt.Key.Key_F5,
    Qt.Key.Key_F11, Qt.Key.Key_A, Qt.Key.Key_C, Qt.Key.Key_K, Qt.Key.Key_L, Qt.Key.Key_P, Qt.Key.Key_R, Qt.Key.Key_S,
    Qt.Key.Key_Z, Qt.Key.Key_0, Qt.Key.Key_1, Qt.Key.Key_9, Qt.Key.Key_Minus, Qt.Key.Key_Plus, Qt.Key.Key_Period,
    Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight, Qt.Key.Key_Slash, Qt.Key.Key_Question,
]
MODIFIERS = [
    Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
]
BUTTONS = [Qt.MouseButton.LeftButton] * 6 + [Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton]
FILE_SUFFIXES = [".json", ".json", ".json", ".csv", ".npz", ".png", ".svg", ".pdf", ".gif", ".txt", ""]
MESSAGE_BUTTONS = [
    QtWidgets.QMessageBox.StandardButton.Ok, QtWidgets.QMessageBox.StandardButton.Cancel,
    QtWidgets.QMessageBox.StandardButton.Yes, QtWidgets.QMessageBox.StandardButton.No,
    QtWidgets.QMessageBox.StandardButton.Save, QtWidgets.QMessageBox.StandardButton.Discard,
    QtWidgets.QMessageBox.StandardButton.Open, QtWidgets.QMessageBox.StandardButton.Close,
    QtWidgets.QMessageBox.StandardButton.Abort, QtWidgets.QMessageBox.StandardButton.Retry,
    QtWidgets.QMessageBox.StandardButton.Ignore,
]


def _env_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    return int(text) if text else default


def _env_float(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    return float(text) if text else default


def _seeds() -> tuple[int, ...]:
    text = os.environ.get("DIPOLE_FUZZ_SEED", "").strip()
    return tuple(int(s) for s in text.replace(",", " ").split()) if text else DEFAULT_SEEDS


def rss_kib() -> int:
    """Resident memory of this process in KiB (0 where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class FuzzFailure(AssertionError):
    pass


def hang_verdict(wall: float, cpu: float) -> str:
    """Why a turn of the event loop that took `wall` seconds, `cpu` of them on the GUI thread's CPU, is a hang ("" if not).

    CPU time does not grow when other processes load the machine; a GUI thread that waits (a lock, a
    process) uses none, so a long wait is judged by the stall itself, and only when the thread mostly waited.
    """
    if cpu > HANG_CPU_SECONDS:
        return f"the GUI thread computed for {cpu:.1f} s of CPU time without returning to the event loop ({wall:.1f} s wall)"
    if wall > HANG_STALL_SECONDS and cpu < STALL_CPU_SHARE * wall:
        return f"the event loop stood still for {wall:.1f} s while the GUI thread waited ({cpu:.1f} s of CPU time)"
    return ""


def _thread_cpu_clock(ident: int):
    """A function giving the CPU time of the thread `ident` (None where the platform has no per-thread clock)."""
    try:
        clock = time.pthread_getcpuclockid(ident)
        time.clock_gettime(clock)
    except (AttributeError, OSError):
        return None
    return lambda: time.clock_gettime(clock)


class LoopWatchdog(QtCore.QObject):
    """Times each turn of the GUI thread's event loop: from one delivered event (or waking up) to the next
    event or to going idle (exports too: they run on workers, so their turns count like any other); `paused`
    leaves out the monkey's own waits. `describe()` names what the monkey did last, for the longest gap. With `watch`, a thread
    ends the process on a hang that never returns."""

    def __init__(self, describe=lambda: "", watch: bool = True, apart=lambda: ""):
        super().__init__()
        # DIPOLE_FUZZ_PROFILE=cprofile: cProfile runs through each turn, and a slow one keeps the functions it spent its
        # time in, C calls included (which the sampler cannot see). Python runs about half as fast meanwhile, so more
        # turns are slow than without it: for finding what a slow turn does, not for counting them. (Set first: the
        # event filter below may be called before this returns.)
        self._cprofile = None
        if os.environ.get("DIPOLE_FUZZ_PROFILE") == "cprofile":
            import cProfile

            self._cprofile = cProfile.Profile()
        # the garbage collector's full collections stop every thread (it holds the GIL): their number and longest
        self.full_collections: list[float] = []
        self._collecting: float | None = None
        self.describe = describe
        # what sets a turn apart from the goal of issue 12 ("no gap over 250 ms outside modal export dialogs"): "export"
        # while an export's progress dialog is up, "start-up" while a new window starts (after a restart); "" otherwise
        self.apart = apart
        self.gaps = array("d")  # seconds, one per turn
        self.over_goal_outside = 0  # turns over GAP_GOAL_SECONDS that nothing sets apart
        self.longest_outside = (0.0, 0.0, "")
        self.longest = (0.0, 0.0, "")  # (wall, cpu, after what)
        self.slow: list[tuple[float, float, str]] = []  # the turns over GAP_GOAL_SECONDS, as longest
        self.hangs: list[str] = []
        self.paused = 0
        self.event_began: tuple[float, float] | None = None  # (wall, GUI-thread cpu) when the monkey's current event began
        self._began: tuple[float, float] | None = None  # (wall, GUI-thread cpu) when the current turn began
        self._apart_at_start = ""
        app = QtWidgets.QApplication.instance()
        app.installEventFilter(self)
        dispatcher = QtCore.QAbstractEventDispatcher.instance()
        dispatcher.aboutToBlock.connect(self._on_idle)
        dispatcher.awake.connect(self._on_awake)
        self._disconnect = lambda: (app.removeEventFilter(self), dispatcher.aboutToBlock.disconnect(self._on_idle),
                                    dispatcher.awake.disconnect(self._on_awake))
        self._gui_ident = threading.get_ident()
        self._gui_cpu = _thread_cpu_clock(self._gui_ident)
        self._stop = threading.Event()
        self._thread = None
        if watch and self._gui_cpu is not None:
            self._thread = threading.Thread(target=self._watch, name="fuzz-hang-watch", daemon=True)
            self._thread.start()
        # DIPOLE_FUZZ_PROFILE=1: a thread samples the GUI thread's stack every few ms, and each slow turn keeps
        # where its samples were (the innermost frame of our own code, and the innermost of all)
        self._samples: deque = deque(maxlen=4000)
        self._samples_lock = threading.Lock()
        self.profiles: list[tuple[float, str, list[tuple[str, int]]]] = []
        if os.environ.get("DIPOLE_FUZZ_PROFILE") == "1":
            threading.Thread(target=self._sample, name="fuzz-sampler", daemon=True).start()
        gc.callbacks.append(self._on_gc)

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        self._turn(time.perf_counter(), time.thread_time())
        return False

    def _on_awake(self) -> None:
        self._turn(time.perf_counter(), time.thread_time())

    def _on_idle(self) -> None:
        self._close(time.perf_counter(), time.thread_time())
        self._began = None

    def _turn(self, wall: float, cpu: float) -> None:
        self._close(wall, cpu)
        self._began = (wall, cpu)
        self._apart_at_start = self.apart()
        if self._cprofile is not None and not self.paused:
            self._cprofile.enable()

    def _close(self, wall: float, cpu: float) -> None:
        if self._cprofile is not None:
            self._cprofile.disable()
        if self._began is None or self.paused:
            return
        gap, used = wall - self._began[0], cpu - self._began[1]
        self.gaps.append(gap)
        if gap > self.longest[0]:
            self.longest = (gap, used, self.describe())
        if gap > GAP_GOAL_SECONDS:
            apart = self._apart_at_start or self.apart()
            self.slow.append((gap, used, self.describe() + (f" [{apart}]" if apart else "")))
            if not apart:
                self.over_goal_outside += 1
                if gap > self.longest_outside[0]:
                    self.longest_outside = (gap, used, self.describe())
            if self._samples:
                self._keep_profile(gap, wall - gap)
            if self._cprofile is not None:
                self._keep_cprofile(gap)
        if self._cprofile is not None:
            self._cprofile.clear()
        verdict = hang_verdict(gap, used)
        if verdict:
            self.hangs.append(f"{verdict}, after {self.describe()}")

    def _sample(self) -> None:
        root = str(Path(__file__).resolve().parents[2])
        while not self._stop.wait(0.004):
            if self._began is None or self.paused:
                continue
            frames = sys._current_frames()  # noqa: SLF001 - a sampling profiler's way
            names = {t.ident: t.name for t in threading.enumerate()}

            def walk(frame):
                stack = []
                while frame is not None and len(stack) < 60:
                    code = frame.f_code
                    stack.append((code.co_filename, frame.f_lineno, code.co_name))
                    frame = frame.f_back
                return stack

            def where(f):
                return f"{Path(f[0]).name}:{f[2]}:{f[1]}" if f else "?"

            def ours(stack):
                return next((f for f in stack if f[0].startswith(root) and "/tests/" not in f[0]), None)

            stack = walk(frames.pop(self._gui_ident, None))
            # the other threads meanwhile (the GUI thread waits for the GIL while they run Python): the worker, and
            # the innermost frame of our own code in it
            others = tuple(f"{names.get(ident, '?')}@{where(ours(walk(frame)))}" for ident, frame in frames.items()
                           if names.get(ident) not in ("fuzz-sampler", "fuzz-hang-watch"))
            with self._samples_lock:
                self._samples.append((time.perf_counter(), where(ours(stack)), where(stack[0] if stack else None), others))

    def _keep_profile(self, gap: float, began: float) -> None:
        from collections import Counter

        ours, inner, others = Counter(), Counter(), Counter()
        with self._samples_lock:  # the sampler appends meanwhile: a deque changed while read raises
            samples = list(self._samples)
        for at, mine, deepest, elsewhere in samples:
            if at >= began:
                ours[mine] += 1
                inner[deepest] += 1
                others.update(elsewhere)
        self.profiles.append((gap, self.describe(), ours.most_common(6) + [("| innermost:", 0)] + inner.most_common(4)
                              + [("| other threads:", 0)] + others.most_common(4)))

    def _keep_cprofile(self, gap: float) -> None:
        import pstats

        stats = pstats.Stats(self._cprofile).stats  # {(file, line, name): (calls, _, own, cumulative, callers)}
        rows = sorted(((cumulative, own, calls, f"{Path(file).name}:{name}:{line}") for (file, line, name), (calls, _, own, cumulative, _)
                       in stats.items() if "test_fuzz" not in file and "qt_guard" not in file), reverse=True)
        top = [f"{where} {cumulative * 1e3:.0f}/{own * 1e3:.0f} ms x{calls}" for cumulative, own, calls, where in rows[:22]]
        self.profiles.append((gap, self.describe(), top))

    def pause(self):
        """Leave out what happens meanwhile (the monkey's own waits for worker threads)."""
        watchdog = self

        class _Paused:
            def __enter__(self):
                watchdog.paused += 1

            def __exit__(self, *exc):
                watchdog.paused -= 1
                watchdog._began = None  # the next turn starts afresh

        return _Paused()

    def _watch(self) -> None:
        """A hang that never ends never comes back to be judged: judge the current turn from this thread."""
        while not self._stop.wait(1.0):
            if self.paused:
                continue
            began = self._began
            verdict = hang_verdict(time.perf_counter() - began[0], self._gui_cpu() - began[1]) if began is not None else ""
            # a nested event loop that nothing ends is idle between its timers (no turn under way): judged by the event
            event = self.event_began
            if not verdict and event is not None:
                wall, cpu = time.perf_counter() - event[0], self._gui_cpu() - event[1]
                if wall > STUCK_SECONDS and cpu < STUCK_CPU_SHARE * wall:
                    verdict = f"one event has waited {wall:.0f} s in a nested event loop that nothing ends (a popup or dialog)"
            if verdict and ((began is not None and began is self._began) or event is not None):
                text = f"\nGUI monkey: HANG: {verdict}, after {self.describe()}; the stacks:\n"
                sys.stderr.write(text)
                faulthandler.dump_traceback(all_threads=True)
                sys.stderr.flush()
                # pytest captures stderr (CI runs without -s) and the process ends here, taking the capture with it:
                # the verdict and the stacks go beside the report too, which .ci/run prints
                report = os.environ.get("DIPOLE_FUZZ_REPORT", "").strip()
                if report:
                    with open(report + ".hang.txt", "a", encoding="utf-8") as out:
                        out.write(text)
                        out.flush()
                        faulthandler.dump_traceback(file=out, all_threads=True)
                os._exit(70)

    def _on_gc(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._collecting = time.perf_counter()
        elif self._collecting is not None:
            self.full_collections.append(time.perf_counter() - self._collecting)
            self._collecting = None

    def stop(self) -> None:
        self._stop.set()
        self._disconnect()
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def stats(self) -> dict:
        import numpy as np

        gaps = np.frombuffer(self.gaps, dtype=float) if len(self.gaps) else np.zeros(1)
        return {
            "loop_turns": len(self.gaps),
            "loop_gap_max_ms": round(self.longest[0] * 1000, 1),
            "loop_gap_p99_ms": round(float(np.percentile(gaps, 99)) * 1000, 2),
            "loop_gaps_over_250ms": int((gaps > GAP_GOAL_SECONDS).sum()),
            # the goal: none outside modal export dialogs (and, here, a new window's start after a restart)
            "loop_gaps_over_250ms_outside": self.over_goal_outside,
            "loop_gap_longest_outside": f"{self.longest_outside[0]:.3f} s ({self.longest_outside[1]:.3f} s CPU) after {self.longest_outside[2]}",
            "loop_gap_longest": f"{self.longest[0]:.3f} s ({self.longest[1]:.3f} s CPU) after {self.longest[2]}",
            "gc_full_collections": len(self.full_collections),
            "gc_full_longest_ms": round(max(self.full_collections, default=0.0) * 1000, 1),
            "gc_full_total_s": round(sum(self.full_collections), 2),
            "loop_gaps_slowest": [f"{wall:.2f} s ({cpu:.2f} s CPU) after {what}" for wall, cpu, what in sorted(self.slow, reverse=True)[:8]],
            **({"loop_gap_profiles": [f"{gap:.2f} s after {what}: {where}" for gap, what, where in sorted(self.profiles, reverse=True)[:12]]}
               if self.profiles else {}),
        }


class Monkey:
    """Random input for the window's widgets, dialogs and actions, with a record of everything that went wrong."""

    def __init__(self, rng: random.Random, qtbot, files: Path, make_window, seed: int):
        self.rng = rng
        self.qtbot = qtbot
        self.files = files
        self.make_window = make_window
        self.seed = seed
        self.window = make_window()
        self.index = 0
        self.errors: list[str] = []
        self.qt_warnings: dict[str, int] = {}
        self.recent: list[str] = []
        self.counts: dict[str, int] = {}
        self.slowest = (0.0, "")
        self.slowest_frame = (0.0, "")
        self.time_by_kind: dict[str, tuple[int, float]] = {}
        self.frame_seconds = 0.0
        self.rss_curve: list[tuple[int, int]] = []  # (events so far, MiB)
        self.restarts = 0
        self.starting = False  # a new window is starting (restart, crash): LoopWatchdog.apart
        self.dialog_depth = 0
        self.watchdog: LoopWatchdog | None = None
        log = os.environ.get("DIPOLE_FUZZ_LOG", "").strip()
        self.log = open(log, "a", encoding="utf-8") if log else None  # noqa: SIM115 - open for the whole run

    def record_exception(self, exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        self.errors.append(f"uncaught {exc_type.__name__}: {exc}\n{text}")

    def record_qt_message(self, mode, _context, message: str) -> None:
        if mode in (QtCore.QtMsgType.QtCriticalMsg, QtCore.QtMsgType.QtFatalMsg):
            self.errors.append(f"Qt {mode.name}: {message}")
            # a fatal message aborts the process when this returns: say why first
            sys.stderr.write(f"Qt {mode.name} at seed {self.seed}, event {self.index}: {message}\n")
        elif "propagateSizeHints" not in message:
            key = message.splitlines()[0][:100] if message else ""
            self.qt_warnings[key] = self.qt_warnings.get(key, 0) + 1

    def record_callback_exception(self, exc: BaseException) -> None:
        # matplotlib's canvas callbacks print exceptions and carry on while a GUI runs: count them as failures
        self.errors.append(f"exception in a matplotlib callback: {exc!r}\n{''.join(traceback.format_exception(exc))}")

    def check(self) -> None:
        if self.watchdog is not None and self.watchdog.hangs:
            self.errors.extend(self.watchdog.hangs)
            self.watchdog.hangs.clear()
        if self.errors:
            trail = "\n  ".join(self.recent[-25:])
            raise FuzzFailure(
                f"seed {self.seed}, event {self.index}: {self.errors[0]}\n"
                f"replay: DIPOLE_FUZZ_SEED={self.seed} DIPOLE_FUZZ_EVENTS={self.index + 1} python -m pytest -n 0 tests/ui/test_fuzz.py -s\n"
                f"last events:\n  {trail}"
            )

    def note(self, region: str, what: str) -> None:
        self.index += 1
        self.counts[region] = self.counts.get(region, 0) + 1
        self.recent.append(f"#{self.index} [{region}] {what}")
        del self.recent[:-60]
        if self.log is not None:
            # written before the event is sent, so an abort inside Qt still leaves the event that caused it
            self.log.write(f"{time.monotonic():.3f} {self.recent[-1]}\n")
            self.log.flush()

    def run(self, seconds: float, max_events: int | None = None) -> dict:
        app = QtWidgets.QApplication.instance()
        start = time.monotonic()
        rss_start = rss_kib()
        none_refs = sys.getrefcount(None)  # PySide6 6.12.0 lost one per QTest event (see test_pyside_refcount.py)
        self.watchdog = LoopWatchdog(lambda: self.recent[-1] if self.recent else "the start", apart=self.apart)
        popups = QtCore.QTimer(interval=POPUP_MS)
        popups.timeout.connect(self.close_popup)
        popups.start()
        try:
            self._run(app, start, seconds, max_events)
        finally:
            popups.stop()
            self.watchdog.stop()
        return {
            "seed": self.seed,
            "events": self.index,
            "frames": self.frames,
            "seconds": round(time.monotonic() - start, 1),
            **self.watchdog.stats(),
            "restarts": self.restarts,
            "slowest_event": f"{self.slowest[0]:.2f} s ({self.slowest[1]})",
            "slowest_frame": f"{self.slowest_frame[0]:.2f} s (after {self.slowest_frame[1]})",
            "rss_start_mib": round(rss_start / 1024, 1),
            "rss_end_mib": round(rss_kib() / 1024, 1),
            "rss_curve": self.rss_curve,
            "none_refcount_change": sys.getrefcount(None) - none_refs,
            "regions": dict(sorted(self.counts.items())),
            "qt_warnings": sum(self.qt_warnings.values()),
            "seconds_processing_frames": round(self.frame_seconds, 1),
            "seconds_by_kind": {kind: f"{total:.1f} s / {count}" for kind, (count, total)
                                in sorted(self.time_by_kind.items(), key=lambda item: -item[1][1])[:60]},
        }

    def _run(self, app, start: float, seconds: float, max_events: int | None) -> None:
        self.frames = 0
        next_sample = start + RSS_SAMPLE_SECONDS
        while True:
            if (max_events is not None and self.index >= max_events) or time.monotonic() - start > seconds:
                break
            self.hook_matplotlib()
            for _ in range(self.rng.randint(20, 60)):
                self.one_event()
                if max_events is not None and self.index >= max_events:
                    break
                if not self.window.isVisible():
                    # closed (Quit, a close): nobody acts on a closed window, whose state computes on the GUI thread
                    # once the window has let go of it (the actions after a close made turns of 0.3-3 s of CPU)
                    break
            began, began_cpu = time.monotonic(), time.thread_time()
            # if a frame hangs, the stacks of every thread go to stderr while it still hangs
            faulthandler.dump_traceback_later(STACK_DUMP_SECONDS, exit=False)
            app.processEvents()
            if self.rng.random() < 0.15:
                # let timers fire (the player, the k gatherer, the view sync) in a real event loop, which goes
                # idle between them as it does for a user (QTest.qWait would sleep instead)
                loop = QtCore.QEventLoop()
                QtCore.QTimer.singleShot(self.rng.randint(1, 40), loop.quit)
                loop.exec()
            faulthandler.cancel_dump_traceback_later()
            spent, cpu = time.monotonic() - began, time.thread_time() - began_cpu
            self.frame_seconds += spent
            if spent > self.slowest_frame[0]:
                self.slowest_frame = (spent, self.recent[-1] if self.recent else "")
            if cpu > MAX_EVENT_CPU_SECONDS:
                self.errors.append(f"processing one frame's events took {cpu:.1f} s of CPU time, after {self.recent[-1] if self.recent else ''}")
            self.frames += 1
            if time.monotonic() >= next_sample:
                self.rss_curve.append((self.index, round(rss_kib() / 1024)))
                next_sample += RSS_SAMPLE_SECONDS
            self.check()
            if not self.window.isVisible():
                self.restart()

    def close_popup(self) -> None:
        """Close a popup menu that Qt's own C++ opened with QMenu::exec (the patched QMenu.exec never sees those):
        its nested event loop would wait for a click for ever."""
        # every open menu, not only the active popup: a combo box's list open on top of a toolbar's » menu (the list
        # does not block, and the monkey goes on with it open) hid the menu from activePopupWidget, and CI's monkey
        # waited in the menu's loop until `timeout` ended it
        menus = [w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, QtWidgets.QMenu) and w.isVisible()]
        popup = QtWidgets.QApplication.activePopupWidget()
        if menus and popup is not None and not isinstance(popup, QtWidgets.QMenu):
            popup.close()  # what lies on top of the menu first
        for menu in menus:
            self.note("popup", f"close {type(menu).__name__} {_label(menu.parentWidget()) if menu.parentWidget() else ''!r}")
            menu.close()

    def apart(self) -> str:
        """What sets the current turn apart from the goal of issue 12 (LoopWatchdog.apart)."""
        from ui.exports import ExportActions

        return "export" if ExportActions.running else "start-up" if self.starting else ""

    def restart(self) -> None:
        """The window was closed (Quit): stop it cleanly and start a new one, as the user would."""
        self.starting = True  # until the monkey's next event: the new window's build and first paints
        old = self.window
        finish_window(old, self.watchdog)
        self.window = self.make_window()
        self.restarts += 1

    def crash(self) -> None:
        """As after a crash: the autosave stays (no clean exit) and the settings file is garbled; then a new start."""
        self.starting = True
        old = self.window
        recovery = getattr(old, "recovery", None)
        if recovery is not None:
            recovery.save_now()
            recovery.autosaver.finish = lambda: None  # a crash never gets to remove it
            if recovery.autosaver.path.exists():  # as if left by a process that is gone
                recovery.autosaver.path.rename(recovery.autosaver.path.with_name("autosave-999999999.json"))
        wait_for_workers(old, self.watchdog)
        space = getattr(old, "space_window", None)
        if space is not None and shiboken6.isValid(space):
            space.close()  # a crash ends the process, and its 3-D view with it
        old.disconnect_state()
        old.hide()
        old.deleteLater()
        QtWidgets.QApplication.processEvents()
        path = Path(app_settings().fileName())
        garbage = self.rng.choice([b"[window]\ngeometry=hello\nstate=42\n[files]\nrecent=@Invalid()\n", bytes(range(256)) * 4,
                                   b"[window]\nstate=@Variant(\\0\\0\\0\\x7f\\0\\0)\n", b""])
        path.write_bytes(garbage)
        app_settings().sync()
        self.window = self.make_window()
        self.restarts += 1

    def one_event(self) -> None:
        at = _env_int("DIPOLE_FUZZ_CPROFILE_AT", -1)
        if 0 <= at <= self.index and getattr(self, "cprofile", None) is None:  # from event `at` on, on the GUI thread
            import cProfile

            self.cprofile = cProfile.Profile()
            self.cprofile.enable()
        self.starting = False
        regions = self.regions()
        name, target = self.rng.choice(regions)
        first = self.index
        began, began_cpu = time.monotonic(), time.thread_time()
        faulthandler.dump_traceback_later(STACK_DUMP_SECONDS, exit=False)
        if self.watchdog is not None:
            self.watchdog.event_began = (time.perf_counter(), time.thread_time())
        try:
            if name == "actions":
                self.trigger_action()
            elif name == "shortcuts":
                self.press_shortcut()
            elif name == "keyboard":
                self.press_key(QtWidgets.QApplication.focusWidget() or self.window, name)
            elif name == "window":
                self.window_event()
            else:
                self.widget_event(name, target)
        except FuzzFailure:
            raise
        except Exception:
            # an exception raised by an event handler comes back out of the QTest call
            self.record_exception(*sys.exc_info())
        finally:
            faulthandler.cancel_dump_traceback_later()
            if self.watchdog is not None:
                self.watchdog.event_began = None
        spent, cpu = time.monotonic() - began, time.thread_time() - began_cpu
        if self.index > first:
            # where the time goes, by the kind of the event (its first words, without the numbers)
            kind = " ".join(self.recent[first - self.index].split()[1:4]) if self.index - first <= len(self.recent) else name
            count, total = self.time_by_kind.get(kind, (0, 0.0))
            self.time_by_kind[kind] = (count + 1, total + spent)
        if spent > self.slowest[0]:
            self.slowest = (spent, self.recent[-1] if self.recent else name)
        if cpu > MAX_EVENT_CPU_SECONDS:
            self.errors.append(f"one event took {cpu:.1f} s of CPU time ({spent:.1f} s wall): {self.recent[-1] if self.recent else name}")
        self.check()

    def regions(self) -> list[tuple[str, QtWidgets.QWidget | None]]:
        """The parts of the user interface that each get their share of events."""
        w = self.window
        out = [("actions", None), ("shortcuts", None), ("keyboard", None), ("window", None)]
        if w.centralWidget() is not None:
            out.append(("central", w.centralWidget()))
        for dock in w.findChildren(QtWidgets.QDockWidget):
            if dock.isVisible():
                out.append((dock.objectName() or dock.windowTitle(), dock))
        for top in QtWidgets.QApplication.topLevelWidgets():
            if top is not w and top.isVisible() and not isinstance(top, (QtWidgets.QMenu, QtWidgets.QDockWidget)) and top.isWindow():
                out.append((f"top:{type(top).__name__}", top))
        return out

    def actions(self) -> list[QtGui.QAction]:
        found = self.window.findChildren(QtGui.QAction)
        return [a for a in found if a.isEnabled() and not a.isSeparator() and a.menu() is None]

    def trigger_action(self) -> None:
        actions = self.actions()
        action = self.rng.choice(actions)
        if action.menuRole() == QtGui.QAction.MenuRole.QuitRole and self.rng.random() < 0.8:
            action = self.rng.choice(actions)  # a restart costs a second: keep them to a few per run
        self.note("actions", f"trigger {action.text()!r}")
        action.trigger()

    def press_shortcut(self) -> None:
        with_keys = [(a, s) for a in self.window.findChildren(QtGui.QAction) for s in a.shortcuts() if not s.isEmpty()]
        action, sequence = self.rng.choice(with_keys)
        if action.menuRole() == QtGui.QAction.MenuRole.QuitRole and self.rng.random() < 0.8:
            action, sequence = self.rng.choice(with_keys)
        combo = sequence[0]
        target = QtWidgets.QApplication.focusWidget() or self.window
        if not target.isVisible():
            target = self.window
        self.note("shortcuts", f"{sequence.toString()} ({action.text()!r}) to {type(target).__name__}")
        QTest.keyClick(target, combo.key(), combo.keyboardModifiers())

    def press_key(self, target: QtWidgets.QWidget, region: str) -> None:
        key, mods = self.rng.choice(KEYS), self.rng.choice(MODIFIERS)
        self.note(region, f"key {QtGui.QKeySequence(key | mods).toString()!r} to {type(target).__name__}")
        QTest.keyClick(target, key, mods)

    def window_event(self) -> None:
        w = self.window
        roll = self.rng.random()
        if roll < 0.25:
            size = (self.rng.randint(300, 1400), self.rng.randint(200, 900))
            self.note("window", f"resize {size}")
            w.resize(*size)
        elif roll < 0.27:
            self.note("window", "close")
            w.close()
        elif roll < 0.28:
            self.note("window", "crash: settings garbled, autosave left behind, start again")
            self.crash()
        elif roll < 0.8:
            widget = self.pick(w, QtWidgets.QWidget)
            if widget is not None:
                self.wheel(widget, "window")
        else:
            widget = self.pick(w, QtWidgets.QWidget)
            if widget is not None:
                self.note("window", f"focus {type(widget).__name__}")
                widget.setFocus(Qt.FocusReason.TabFocusReason)

    def pick(self, root: QtWidgets.QWidget, cls) -> QtWidgets.QWidget | None:
        widgets = [x for x in root.findChildren(cls) if x.isVisible() and x.isEnabled() and x.width() > 0 and x.height() > 0]
        return self.rng.choice(widgets) if widgets else None

    def widget_event(self, region: str, root: QtWidgets.QWidget) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        kinds = [
            (QtWidgets.QAbstractButton, self.click),
            (QtWidgets.QAbstractSlider, self.slide),
            (QtWidgets.QLineEdit, self.type_text),
            (QtWidgets.QAbstractSpinBox, self.type_text),
            (QtWidgets.QTextEdit, self.type_text),
            (QtWidgets.QPlainTextEdit, self.type_text),
            (QtWidgets.QComboBox, self.combo),
            (QtWidgets.QAbstractItemView, self.item_view),
            (QtWidgets.QTabBar, self.click),
            (FigureCanvasQTAgg, self.canvas_gesture),
            (QtWidgets.QWidget, self.click),
        ]
        for _ in range(4):
            cls, handler = self.rng.choice(kinds)
            widget = self.pick(root, cls)
            if widget is None and isinstance(root, cls) and root.isVisible():
                widget = root
            if widget is not None:
                handler(widget, region)
                return
        self.press_key(root, region)

    def point_in(self, widget: QtWidgets.QWidget) -> QtCore.QPoint:
        return QtCore.QPoint(self.rng.randrange(max(widget.width(), 1)), self.rng.randrange(max(widget.height(), 1)))

    def click(self, widget: QtWidgets.QWidget, region: str) -> None:
        button = self.rng.choice(BUTTONS)
        if isinstance(widget, QtWidgets.QAbstractButton) and self.rng.random() < 0.7:
            pos = widget.rect().center()
        else:
            pos = self.point_in(widget)
        double = self.rng.random() < 0.08
        self.note(region, f"{'double-' if double else ''}click {button.name} on {type(widget).__name__} {_label(widget)!r} at {pos.toTuple()}")
        if double:
            QTest.mouseDClick(widget, button, Qt.KeyboardModifier.NoModifier, pos)
        else:
            QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def drag(self, widget: QtWidgets.QWidget, region: str, steps: int, release: bool = True) -> None:
        start, end = self.point_in(widget), self.point_in(widget)
        self.note(region, f"press {type(widget).__name__} {_label(widget)!r} at {start.toTuple()}")
        QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, steps + 1):
            f = i / steps
            p = QtCore.QPoint(round(start.x() + f * (end.x() - start.x())), round(start.y() + f * (end.y() - start.y())))
            self.note(region, f"move to {p.toTuple()}")
            _send_mouse(widget, QtCore.QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
        if release:
            self.note(region, f"release at {end.toTuple()}")
            QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)

    def slide(self, slider: QtWidgets.QAbstractSlider, region: str) -> None:
        roll = self.rng.random()
        if roll < 0.5:
            self.drag(slider, region, self.rng.randint(1, 6))
        elif roll < 0.8:
            slider.setFocus()
            self.note(region, f"keys on {type(slider).__name__} {_label(slider)!r}")
            for _ in range(self.rng.randint(1, 5)):
                QTest.keyClick(slider, self.rng.choice([Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                                                        Qt.Key.Key_Home, Qt.Key.Key_End]))
        else:
            self.wheel(slider, region)

    def wheel(self, widget: QtWidgets.QWidget, region: str) -> None:
        pos = QtCore.QPointF(self.point_in(widget))
        delta = self.rng.choice([120, -120, 240, -480, 15, -15])
        mods = self.rng.choice([Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier])
        self.note(region, f"wheel {delta} on {type(widget).__name__} {_label(widget)!r}")
        event = QtGui.QWheelEvent(pos, QtCore.QPointF(widget.mapToGlobal(pos)), QtCore.QPoint(0, 0), QtCore.QPoint(0, delta),
                                  Qt.MouseButton.NoButton, mods, Qt.ScrollPhase.NoScrollPhase, False)
        QtWidgets.QApplication.sendEvent(widget, event)

    def some_text(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return self.rng.choice(HOSTILE)
        if roll < 0.65:
            return self.rng.choice(MATHS)
        if roll < 0.9:
            return self.rng.choice(NUMBERS)
        return f"{self.rng.uniform(-10, 10):.{self.rng.randint(0, 12)}g}"

    def type_text(self, widget: QtWidgets.QWidget, region: str) -> None:
        target = widget.lineEdit() if isinstance(widget, QtWidgets.QAbstractSpinBox) else widget
        if target is None:
            return
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        text = self.some_text()
        roll = self.rng.random()
        if roll < 0.3:
            self.note(region, f"select all and delete in {type(widget).__name__} {_label(widget)!r}")
            QTest.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(target, Qt.Key.Key_Delete)
        if roll < 0.6 and len(text) <= 60 and all(32 <= ord(c) < 127 for c in text):  # QTest types ASCII only
            self.note(region, f"type {text[:60]!r} into {type(widget).__name__} {_label(widget)!r}")
            QTest.keyClicks(target, text)
        else:
            QtWidgets.QApplication.clipboard().setText(text)
            self.note(region, f"paste {text[:60]!r} ({len(text)} chars) into {type(widget).__name__} {_label(widget)!r}")
            QTest.keySequence(target, QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Paste))
        if self.rng.random() < 0.5:
            key = self.rng.choice([Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Escape, Qt.Key.Key_Up, Qt.Key.Key_Down])
            self.note(region, f"key {QtGui.QKeySequence(key).toString()!r} in {type(widget).__name__}")
            QTest.keyClick(target, key)

    def combo(self, box: QtWidgets.QComboBox, region: str) -> None:
        if self.rng.random() < 0.3:
            self.click(box, region)
            if self.rng.random() < 0.7:
                self.note(region, "key Escape (close the popup)")
                QTest.keyClick(box.view() if box.view().isVisible() else box, Qt.Key.Key_Escape)
            return
        box.setFocus()
        key = self.rng.choice([Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageDown])
        self.note(region, f"key {QtGui.QKeySequence(key).toString()!r} on QComboBox {_label(box)!r}")
        QTest.keyClick(box, key)

    def item_view(self, view: QtWidgets.QAbstractItemView, region: str) -> None:
        model = view.model()
        rows = model.rowCount() if model is not None else 0
        viewport = view.viewport()
        if rows and self.rng.random() < 0.7:
            index = model.index(self.rng.randrange(rows), 0)
            rect = view.visualRect(index)
            if rect.isValid() and not rect.isEmpty():
                # the left edge is where a check box sits
                x = rect.left() + (self.rng.randint(2, 14) if self.rng.random() < 0.4 else self.rng.randrange(max(rect.width(), 1)))
                pos = QtCore.QPoint(min(x, viewport.width() - 1), rect.center().y())
                self.note(region, f"click row {index.row()} of {type(view).__name__} at {pos.toTuple()}")
                QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
                return
        view.setFocus()
        self.press_key(view, region)

    def canvas_gesture(self, canvas: QtWidgets.QWidget, region: str) -> None:
        roll = self.rng.random()
        if roll < 0.55:
            self.drag(canvas, region, self.rng.randint(1, 8), release=self.rng.random() < 0.9)
            if self.rng.random() < 0.1:
                self.note(region, "key Escape during the drag")
                QTest.keyClick(canvas, Qt.Key.Key_Escape)
        elif roll < 0.75:
            self.click(canvas, region)
        elif roll < 0.9:
            self.wheel(canvas, region)
        else:
            canvas.setFocus()
            self.press_key(canvas, region)

    def hook_matplotlib(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        for canvas in QtWidgets.QApplication.instance().allWidgets():
            if isinstance(canvas, FigureCanvasQTAgg):
                registries = [canvas.figure._canvas_callbacks, *(ax.callbacks for ax in canvas.figure.axes)]
                for registry in registries:
                    registry.exception_handler = self.record_callback_exception

    def fuzz_dialog(self, dialog: QtWidgets.QDialog) -> int:
        """What the patched QDialog.exec does: a few events inside the dialog, then accept or cancel it."""
        region = f"dialog:{type(dialog).__name__}"
        self.note(region, f"opened {dialog.windowTitle()!r}")
        if self.dialog_depth > 1:
            dialog.reject()
            return dialog.result()
        self.dialog_depth += 1
        try:
            dialog.show()
            for _ in range(self.rng.randint(0, 8)):
                self.widget_event(region, dialog)
                if not dialog.isVisible():
                    return dialog.result()
            if isinstance(dialog, QtWidgets.QMessageBox) and dialog.buttons():
                button = self.rng.choice(dialog.buttons())
                self.note(region, f"answer {button.text()!r}")
                button.click()
            elif self.rng.random() < 0.6:
                self.note(region, "accept")
                dialog.accept()
            if dialog.isVisible():
                self.note(region, "cancel")
                dialog.reject()
            return dialog.result()
        finally:
            self.dialog_depth -= 1
            dialog.hide()

    def file_name(self, existing: bool) -> str:
        """A path a file dialog might return: cancelled, a file made by the run or the corpus, or a new name."""
        roll = self.rng.random()
        if roll < 0.2:
            return ""
        files = sorted(p for p in self.files.rglob("*") if p.is_file())
        if (existing or roll < 0.4) and files:
            return str(self.rng.choice(files))
        if roll < 0.45:
            return str(self.files / "no-such-folder" / "x.json")
        if roll < 0.5:
            return str(self.files)
        name = self.rng.choice(["session", "out", "ünïcødé ☃", "a b", "x" * 100, ".hidden", "con"])
        return str(self.files / "out" / (name + self.rng.choice(FILE_SUFFIXES)))


def _label(widget: QtWidgets.QWidget) -> str:
    for getter in ("text", "accessibleName", "objectName", "toolTip"):
        value = getattr(widget, getter, None)
        if callable(value):
            try:
                text = value()
            except TypeError:
                continue
            if isinstance(text, str) and text:
                return text[:30]
    return ""


def _send_mouse(widget, kind, pos: QtCore.QPoint, button, buttons) -> None:
    local = QtCore.QPointF(pos)
    event = QtGui.QMouseEvent(kind, local, QtCore.QPointF(widget.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(widget, event)


def wait_for_workers(window: QtWidgets.QMainWindow, watchdog: LoopWatchdog | None = None) -> None:
    """Wait for the window's worker threads (the monkey's own wait: left out of the event-loop gaps)."""
    with watchdog.pause() if watchdog is not None else contextlib.nullcontext():
        for thread in window.findChildren(QtCore.QThread):
            thread.wait(60000)
        wait_for_all(60000)


def finish_window(window: QtWidgets.QMainWindow, watchdog: LoopWatchdog | None = None) -> None:
    """Let background work end, then close and delete a window (no thread may outlive its QThread object)."""
    wait_for_workers(window, watchdog)
    window.confirm_close = False  # no "Save changes?" may keep it open (a real, modal one once the patches are gone)
    if window.isVisible():
        window.close()
    QtWidgets.QApplication.processEvents()
    # the close itself can start one (an edit under way takes effect as the window closes: a potential's parameter
    # typed but not entered derives it again); at the end of the run the process would then end with its thread
    # running, and Qt aborts it for that ("QThread: Destroyed while thread is still running", CI at fbf9a71)
    wait_for_workers(window, watchdog)
    window.deleteLater()
    QtWidgets.QApplication.processEvents()


def make_corpus(folder: Path) -> None:
    """Files for the file dialogs to return: a good session, broken ones, and things that are not sessions."""
    from app.files.session import save_session

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "out").mkdir(exist_ok=True)
    state = SimulationState()
    from app.presets import load_preset

    load_preset(state, "fan")
    save_session(folder / "good.json", state)
    text = (folder / "good.json").read_text()
    (folder / "truncated.json").write_text(text[: len(text) // 2])
    (folder / "empty.json").write_text("")
    (folder / "future.json").write_text(text.replace('"version": 1', '"version": 99'))
    (folder / "nan.json").write_text(text.replace('"k": 1.0', '"k": NaN'))
    (folder / "binary.json").write_bytes(bytes(range(256)) * 4)
    (folder / "deep.json").write_text("[" * 100000 + "]" * 100000)
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    state.set_potential_preset("dipole-charge", q=-0.4)  # a session with its own potential (version 2)
    save_session(folder / "potential.json", state)
    text = (folder / "potential.json").read_text()
    (folder / "hostile-potential.json").write_text(text.replace('"U": "', '"U": "__import__(\'os\').system(\'touch pwned\') + ', 1))


@pytest.fixture
def patched_dialogs(monkeypatch):
    """Nothing blocks: dialogs are fuzzed and answered by the current monkey (set in holder[0])."""
    holder: list[Monkey | None] = [None]
    Box, File, Input = QtWidgets.QMessageBox, QtWidgets.QFileDialog, QtWidgets.QInputDialog

    def rng():
        return holder[0].rng if holder[0] is not None else random.Random(0)

    def fake_exec(dialog, *args, **kwargs):
        if holder[0] is None:
            dialog.reject()
            return dialog.result()
        return holder[0].fuzz_dialog(dialog)

    def answer(*args, **kwargs):
        buttons = kwargs.get("buttons", args[3] if len(args) > 3 else None)
        choices = [b for b in MESSAGE_BUTTONS if buttons is not None and (buttons & b) == b] or MESSAGE_BUTTONS[:4]
        choice = rng().choice(choices)
        if holder[0] is not None:
            holder[0].note("message-box", f"{args[1] if len(args) > 1 else ''!r}: {choice.name}")
        return choice

    def file_name(existing: bool):
        def fake(*args, **kwargs):
            path = holder[0].file_name(existing) if holder[0] is not None else ""
            if holder[0] is not None:
                holder[0].note("file-dialog", f"returns {path!r}")
            return path, (kwargs.get("filter") or (args[3] if len(args) > 3 else ""))

        return fake

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(Box, name, staticmethod(answer))
    monkeypatch.setattr(Box, "about", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(Box, "aboutQt", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QtWidgets.QDialog, "exec", fake_exec)
    monkeypatch.setattr(QtWidgets.QMenu, "exec", lambda *a, **k: None)

    def was_canceled(progress):
        # the user presses Cancel somewhere in a long export (after 12 frames at the latest: short
        # exports still finish, and a frame of a big GIF can take half a second)
        calls = progress.property("fuzz_calls") or 0
        progress.setProperty("fuzz_calls", calls + 1)
        return calls > 12 or rng().random() < 0.05

    monkeypatch.setattr(QtWidgets.QProgressDialog, "wasCanceled", was_canceled)
    monkeypatch.setattr(File, "getOpenFileName", staticmethod(file_name(True)))
    monkeypatch.setattr(File, "getSaveFileName", staticmethod(file_name(False)))
    monkeypatch.setattr(File, "getOpenFileNames", staticmethod(lambda *a, **k: ([file_name(True)()[0]], "")))
    monkeypatch.setattr(File, "getExistingDirectory", staticmethod(lambda *a, **k: rng().choice(["", str(holder[0].files if holder[0] else "")])))
    monkeypatch.setattr(Input, "getText", staticmethod(lambda *a, **k: (holder[0].some_text() if holder[0] else "", rng().random() < 0.7)))
    monkeypatch.setattr(Input, "getMultiLineText", staticmethod(lambda *a, **k: (holder[0].some_text() if holder[0] else "", rng().random() < 0.7)))
    monkeypatch.setattr(Input, "getDouble", staticmethod(lambda *a, **k: (rng().uniform(-1e3, 1e3), rng().random() < 0.7)))
    monkeypatch.setattr(Input, "getInt", staticmethod(lambda *a, **k: (rng().randint(-1000, 1000), rng().random() < 0.7)))

    def get_item(*args, **kwargs):
        items = kwargs.get("items", args[3] if len(args) > 3 else [])
        return (rng().choice(items) if items else ""), rng().random() < 0.7

    monkeypatch.setattr(Input, "getItem", staticmethod(get_item))
    monkeypatch.setattr(QtWidgets.QColorDialog, "getColor",
                        staticmethod(lambda *a, **k: QtGui.QColor(rng().choice(["#ff0000", "#00ff00", "not a colour", "#123"]))))
    return holder


def run_monkey(qtbot, monkeypatch, tmp_path, holder, seed: int, seconds: float, max_events: int | None = None) -> dict:
    """Build the window as the app does (panels included), fuzz it, and fail on the first problem."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", os.environ.get("DIPOLE_FUZZ_NO_NUMBA", "1"))  # no compile stalls for new potentials
    monkeypatch.setenv("DIPOLE_LAB_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    files = tmp_path / "files"
    make_corpus(files)
    app = QtWidgets.QApplication.instance()
    app.setQuitOnLastWindowClosed(False)
    app_settings().clear()
    if os.environ.get("DIPOLE_FUZZ_PLANT") == "1":
        plant_error(monkeypatch)
    monkey_box: list[Monkey] = []

    def make_window() -> MainWindow:
        """What run() does: check the settings, build the window, show it, offer recovery and start autosaving."""
        from ui.language import TRANSLATORS, resolve, saved_choice
        from ui.recovery import check_settings, offer_recovery

        state = SimulationState()
        settings = app_settings()
        # the language and its fonts before any figure, as run() does: a figure's texts keep the fonts they were made
        # with (without this, View > Language drew the older figures' Chinese in empty boxes, which users never see)
        TRANSLATORS.choice = saved_choice(settings)
        TRANSLATORS.install(resolve(TRANSLATORS.choice))
        share_gil_finely()
        notice = check_settings(settings)
        window = MainWindow(state, settings=settings)
        _install_missing_panels(window, state)
        window.resize(1000, 700)  # drawing costs grow with the pixels: a laptop-sized window keeps the events coming
        window.show()
        window.recovery = offer_recovery(window, state, notice, interval_s=0.5, debounce_ms=200)
        # a new process would settle its memory at its first quiet moment (ui/collector.py); the monkey is never quiet,
        # so its new window settles now, with the start (the old window's garbage goes too)
        settle_memory()
        return window

    old_hook = sys.excepthook
    old_handler = None

    def excepthook(*exc_info):
        if monkey_box:
            monkey_box[0].record_exception(*exc_info)

    sys.excepthook = excepthook
    try:
        rng = random.Random(seed)
        holder[0] = None
        monkey = Monkey(rng, qtbot, files, make_window, seed)
        monkey_box.append(monkey)
        holder[0] = monkey
        old_handler = QtCore.qInstallMessageHandler(monkey.record_qt_message)
        try:
            stats = monkey.run(seconds, max_events)
            if getattr(monkey, "cprofile", None) is not None:
                import pstats

                monkey.cprofile.disable()
                stats["cprofile"] = pstats.Stats(monkey.cprofile)
        finally:
            holder[0] = None
            QtCore.qInstallMessageHandler(old_handler)
            finish_window(monkey.window)
        monkey.check()
        assert not (tmp_path / "pwned").exists(), "an expression from a session file was run"
        return stats
    finally:
        sys.excepthook = old_hook
        app.setQuitOnLastWindowClosed(True)
        gc.unfreeze()  # (what the new windows' settles set aside: the rest of the process collects as before)


def _install_missing_panels(window: QtWidgets.QMainWindow, state) -> None:
    """The docked panels of ui/panels/__init__.py, unless the window already made them itself (it does since the side area)."""
    from ui.panels.potential import PotentialPanel

    if not window.findChildren(PotentialPanel):
        from ui.panels import install_panels

        install_panels(window, state)


def plant_error(monkeypatch) -> None:
    """A bug for the monkey to find: the k controls raise once k < −2 (reached by the slider, the spin box, Flip sign, keys...)."""
    from ui.controls import DipoleControls

    original = DipoleControls._on_k_changed

    def planted(self, k):
        if k < -2:
            raise RuntimeError(f"planted error: k = {k}")
        original(self, k)

    monkeypatch.setattr(DipoleControls, "_on_k_changed", planted)


@pytest.mark.parametrize("seed", _seeds())
def test_monkey_finds_no_exception(qtbot, monkeypatch, tmp_path, patched_dialogs, seed):
    import ui.compute

    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", ui.compute.WINDOW_WAIT_SECONDS)  # the paths come as in the window
    seconds = _env_float("DIPOLE_FUZZ_SECONDS", DEFAULT_SECONDS)
    events = os.environ.get("DIPOLE_FUZZ_EVENTS", "").strip()
    if events:
        seconds = math.inf  # a replay runs to its event, however long that takes
    stats = run_monkey(qtbot, monkeypatch, tmp_path, patched_dialogs, seed, seconds, int(events) if events else None)
    print(f"\nfuzz {stats}")
    if stats.get("cprofile") is not None:
        stats["cprofile"].sort_stats("cumulative").print_stats(40)
    report = os.environ.get("DIPOLE_FUZZ_REPORT", "").strip()
    if report:  # one JSON line per seed, for .ci/run's summary
        with open(report, "a", encoding="utf-8") as out:
            keys = ("seed", "events", "seconds", "restarts", "rss_start_mib", "rss_end_mib", "loop_turns", "loop_gap_max_ms",
                    "loop_gap_p99_ms", "loop_gaps_over_250ms", "loop_gaps_over_250ms_outside", "loop_gap_longest",
                    "loop_gap_longest_outside")
            out.write(json.dumps({key: stats[key] for key in keys}) + "\n")
    assert stats["events"] > 0


def test_the_monkey_finds_a_planted_error(qtbot, monkeypatch, tmp_path, patched_dialogs):
    monkeypatch.setenv("DIPOLE_FUZZ_PLANT", "1")
    with pytest.raises(FuzzFailure) as failure:
        # bounded by events, not by the clock: a busy machine gets through fewer in a minute (found near event 350-600)
        run_monkey(qtbot, monkeypatch, tmp_path, patched_dialogs, seed=11, seconds=180.0, max_events=3000)
    text = str(failure.value)
    assert "planted error" in text and "seed 11, event " in text
    found_at = int(text.split("event ", 1)[1].split(":", 1)[0])
    print(f"\nplanted error found at event {found_at}")
    assert found_at < 3000



def test_the_watchdog_sets_apart_the_turns_of_an_export_or_a_start_up_and_counts_the_rest(qtbot):
    """Issue 12's goal is no gap over 250 ms outside modal export dialogs: the report counts both, and names why a
    slow turn was set apart."""
    apart = [""]
    watchdog = LoopWatchdog(lambda: "the sleeping timer", watch=False, apart=lambda: apart[0])
    try:
        for why in ("export", "", "start-up"):
            apart[0] = why
            QtCore.QTimer.singleShot(0, lambda: time.sleep(0.3))
            qtbot.wait(200)
        apart[0] = ""
        qtbot.wait(50)
        stats = watchdog.stats()
        assert stats["loop_gaps_over_250ms"] == 3 and stats["loop_gaps_over_250ms_outside"] == 1
        assert stats["loop_gap_longest_outside"].endswith("after the sleeping timer")
        assert sum("[export]" in s for s in stats["loop_gaps_slowest"]) == 1
        assert sum("[start-up]" in s for s in stats["loop_gaps_slowest"]) == 1
    finally:
        watchdog.stop()


def test_a_hang_is_judged_by_cpu_time_or_a_stall_never_by_wall_time_alone():
    assert hang_verdict(wall=60.0, cpu=8.0) == ""  # a busy machine: slow, but only 8 s of the GUI thread's own work
    assert hang_verdict(wall=2.0, cpu=0.1) == ""
    assert "computed for 11.0 s" in hang_verdict(wall=12.0, cpu=11.0)  # busy without returning to the loop
    assert "computed" in hang_verdict(wall=300.0, cpu=60.0)
    assert "stood still for 100.0 s" in hang_verdict(wall=100.0, cpu=1.0)  # waited (a lock, a process) for ever
    assert hang_verdict(wall=HANG_STALL_SECONDS - 1, cpu=0.0) == ""


def test_the_watchdog_times_a_blocked_turn_of_the_event_loop_and_not_an_idle_one(qtbot):
    watchdog = LoopWatchdog(lambda: "the sleeping timer")
    try:
        QtCore.QTimer.singleShot(0, lambda: time.sleep(0.3))  # the GUI thread blocked, waiting, for 0.3 s
        qtbot.wait(100)
        gap, cpu, after = watchdog.longest
        assert gap >= 0.3 and cpu < 0.25 and after == "the sleeping timer"
        qtbot.wait(1000)  # idle: nothing to do is no gap
        assert watchdog.longest[0] < 0.9 and not watchdog.hangs
        stats = watchdog.stats()
        assert stats["loop_gap_max_ms"] >= 300 and stats["loop_gaps_over_250ms"] == 1 and stats["loop_turns"] > 2
    finally:
        watchdog.stop()


def test_the_watchdog_calls_a_busy_turn_a_hang_and_a_waiting_one_not(qtbot, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "HANG_CPU_SECONDS", 0.1)  # a scaled-down hang: 0.1 s of the GUI thread's CPU

    def busy():
        end = time.thread_time() + 0.3
        while time.thread_time() < end:
            pass

    watchdog = LoopWatchdog(lambda: "the planted loop", watch=False)  # judged when the turn ends, not killed meanwhile
    try:
        QtCore.QTimer.singleShot(0, lambda: time.sleep(0.3))  # as slow in wall time as a busy machine makes it: no hang
        qtbot.wait(50)
        assert watchdog.hangs == []
        QtCore.QTimer.singleShot(0, busy)
        qtbot.wait(50)
        assert len(watchdog.hangs) == 1 and "computed for 0.3 s of CPU time" in watchdog.hangs[0]
        assert watchdog.hangs[0].endswith("after the planted loop")
    finally:
        watchdog.stop()


HUNG = """
import sys, time
sys.path[:0] = [{root!r}, {here!r}]
from PySide6 import QtCore, QtWidgets
import test_fuzz
test_fuzz.HANG_CPU_SECONDS = 0.5
app = QtWidgets.QApplication([])
watchdog = test_fuzz.LoopWatchdog(lambda: "the endless loop")
def endless():
    while True:
        pass
QtCore.QTimer.singleShot(0, endless)
QtCore.QTimer.singleShot(60000, app.quit)
app.exec()
"""


def _hung_process(template: str, report: Path | None = None):
    """Run a script (HUNG, STUCK) in a process of its own, as the monkey's watchdog would end it; its result."""
    import subprocess

    here = Path(__file__).resolve().parent
    script = template.format(root=str(here.parents[1]), here=str(here))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DIPOLE_FUZZ_REPORT", None)
    if report is not None:
        env["DIPOLE_FUZZ_REPORT"] = str(report)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)


def test_a_hang_that_never_returns_ends_the_run_with_the_stacks(tmp_path):
    """And beside CI's report too: CI's pytest captures stderr, and the process ended with the capture unread (a
    monkey process ended with exit 70 and no word of what hung)."""
    report = tmp_path / "fuzz.jsonl"
    proc = _hung_process(HUNG, report)
    assert proc.returncode == 70, proc.stderr[-2000:]
    assert "GUI monkey: HANG: the GUI thread computed for" in proc.stderr and "after the endless loop" in proc.stderr
    assert "in endless" in proc.stderr  # the stack shows where it hangs
    kept = Path(str(report) + ".hang.txt").read_text(encoding="utf-8")
    assert "GUI monkey: HANG: the GUI thread computed for" in kept and "in endless" in kept


STUCK = """
import sys, time
sys.path[:0] = [{root!r}, {here!r}]
from PySide6 import QtCore, QtWidgets
import test_fuzz
test_fuzz.STUCK_SECONDS = 2.0
app = QtWidgets.QApplication([])
watchdog = test_fuzz.LoopWatchdog(lambda: "the menu nobody closes")
ticks = QtCore.QTimer(interval=16)  # the player's animation: the nested loop turns 60 times a second, busy a little
ticks.timeout.connect(lambda: sum(range(20000)))
ticks.start()
def event():
    watchdog.event_began = (time.perf_counter(), time.thread_time())
    QtCore.QEventLoop().exec()  # a loop that nothing ends, as QMenu::exec's with the menu out of reach
QtCore.QTimer.singleShot(0, event)
QtCore.QTimer.singleShot(60000, app.quit)
app.exec()
"""


def test_an_event_stuck_in_a_nested_loop_ends_the_run_with_the_stacks():
    """CI's monkey waited in a menu's loop until `timeout` ended it, with no stacks: the loop's timers kept the GUI
    thread at a quarter of a core (above the stall rule's share), and between them no turn was under way to judge."""
    proc = _hung_process(STUCK)
    assert proc.returncode == 70, proc.stderr[-2000:]
    assert "nested event loop that nothing ends" in proc.stderr and "after the menu nobody closes" in proc.stderr


def test_a_menu_qt_opens_by_itself_is_closed_so_the_monkey_goes_on(qtbot, monkeypatch, tmp_path, patched_dialogs):
    """The matplotlib toolbar's » button opens its menu with QMenu::exec in C++; it waited for a click for ever."""
    bar = QtWidgets.QToolBar()
    qtbot.addWidget(bar)
    for name in ("Pan", "Zoom", "Subplots", "Customize", "Save"):
        bar.addAction(name)
    bar.resize(30, 30)  # too narrow: the actions go behind the extension button
    bar.show()
    qtbot.waitExposed(bar)
    button = bar.findChild(QtWidgets.QToolButton, "qt_toolbar_ext_button")
    assert button is not None and button.isVisible()
    monkey = Monkey(random.Random(0), qtbot, tmp_path, lambda: bar, seed=0)
    popups = QtCore.QTimer(interval=POPUP_MS)
    popups.timeout.connect(monkey.close_popup)
    popups.start()
    try:
        # without the monkey's timer nothing would close it: the test does, after 5 s, and fails below
        QtCore.QTimer.singleShot(5000, lambda: QtWidgets.QApplication.activePopupWidget() and QtWidgets.QApplication.activePopupWidget().close())
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # returns only once the menu is closed
    finally:
        popups.stop()
    assert any("[popup] close QMenu" in event for event in monkey.recent), monkey.recent


def test_every_open_menu_is_closed_even_under_another_popup(qtbot, tmp_path, patched_dialogs):
    """CI's monkey once waited in a menu's loop until `timeout` ended the run: the menu was not the active popup.
    close_popup closes every open menu, and whatever popup lies on top of one."""
    holder = QtWidgets.QWidget()
    qtbot.addWidget(holder)
    combo = QtWidgets.QComboBox(holder)
    combo.addItems(["a", "b", "c"])
    holder.show()
    qtbot.waitExposed(holder)
    menu = QtWidgets.QMenu(holder)
    menu.addAction("one")
    menu.popup(holder.mapToGlobal(QtCore.QPoint(5, 5)))
    combo.showPopup()  # a combo box's list, opened over the menu
    qtbot.waitUntil(lambda: menu.isVisible())
    monkey = Monkey(random.Random(0), qtbot, tmp_path, lambda: holder, seed=0)
    monkey.close_popup()
    assert not menu.isVisible()
    assert any("[popup] close QMenu" in event for event in monkey.recent), monkey.recent
