"""Derivations on typed input run in a worker process that is stopped after its time limit."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sympy as sp

from physics import derivation as d
from physics.expressions import ExpressionError, parse_expression
from physics.safe_derive import (
    DerivationError,
    DerivationTimeout,
    derive_with_timeout,
    same_expressions,
    shutdown_worker,
    start_worker,
    worker_pid,
)

ROOT = Path(__file__).resolve().parents[2]
HANG_TEXT = "sin(sin(3+exp(exp(exp(3)))))*r"


@pytest.fixture(scope="module", autouse=True)
def worker():
    start_worker()
    yield
    shutdown_worker()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_default_model_matches_a_derivation_in_process():
    assert derive_with_timeout(d.DEFAULT_T, d.DEFAULT_U) == d.derive_equations(d.DEFAULT_T, d.DEFAULT_U)


def test_typed_input_point_charge():
    eq = derive_with_timeout(parse_expression("(r_dot^2 + r^2*theta_dot^2)/2", kind="T"), parse_expression("-k/r"))
    assert sp.simplify(eq.r_ddot - (d.r * d.theta_dot**2 - d.k / d.r**2)) == 0
    assert sp.simplify(eq.theta_ddot + 2 * d.r_dot * d.theta_dot / d.r) == 0
    assert eq.params == (d.k,)


def test_the_reported_hang_is_refused_by_the_parser():
    with pytest.raises(ExpressionError, match="too large"):
        parse_expression(HANG_TEXT)


def test_a_derivation_that_hangs_is_stopped_and_the_next_one_works():
    derive_with_timeout()  # the worker is ready, so the clock below measures the derivation only
    pid = worker_pid()
    # The same expression as HANG_TEXT, built directly: sympy hangs as soon as it evaluates sin(sin(...)).
    U = sp.sin(sp.sin(3 + sp.exp(sp.exp(sp.exp(3))), evaluate=False), evaluate=False) * d.r
    timeout = 2.0
    start = time.perf_counter()
    try:
        derive_with_timeout(d.DEFAULT_T, U, timeout=timeout)
    except DerivationTimeout as error:
        assert str(error) == "the derivation took longer than 2 s and was stopped"
        assert isinstance(error, ValueError)
        assert not _alive(pid)
    elapsed = time.perf_counter() - start
    assert elapsed < timeout + 2.0
    assert derive_with_timeout(timeout=30).r_ddot == d.derive_equations().r_ddot


def test_sympy_failures_come_back_as_one_line():
    with pytest.raises(DerivationError, match="the derivation failed") as info:
        derive_with_timeout(parse_expression("r", kind="T"), d.DEFAULT_U)
    assert "\n" not in str(info.value) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf")])
def test_the_timeout_must_be_positive(timeout):
    with pytest.raises(ValueError, match="timeout"):
        derive_with_timeout(timeout=timeout)


def test_calls_from_several_threads_take_turns():
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(derive_with_timeout(U_expr=-d.k / d.r))) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 3 and results[0] == results[1] == results[2]


def test_no_qt_and_no_matplotlib():
    code = (
        "import sys, physics.expressions, physics.safe_derive;"
        "bad = [m for m in ('PySide6', 'matplotlib') if m in sys.modules];"
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("method", ["fork", "fresh", None])
def test_a_plain_script_without_a_main_guard_can_derive(tmp_path, method):
    # multiprocessing's spawn re-ran such a script in the worker: "the derivation process could not be started"
    script = tmp_path / "lesson.py"
    script.write_text(
        "import sys, threading\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from physics import safe_derive\n"
        "from physics.expressions import parse_expression\n"
        f"safe_derive.START_METHOD = {method!r}\n"
        "print('top level ran')\n"
        "eq = safe_derive.derive_with_timeout(U_expr=parse_expression('-k/r'), timeout=30)\n"
        "print('r_ddot =', eq.r_ddot)\n"
        "print('started by', safe_derive._start_method())\n"
    )
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("top level ran") == 1  # the worker did not run the script again
    assert "r_ddot = -k/r**2 + r*theta_dot**2" in result.stdout
    if method is None and sys.platform.startswith("linux"):
        assert "started by fork" in result.stdout  # one thread and sympy imported: no second import
    assert result.stderr == ""


def test_a_process_with_threads_never_forks_its_worker():
    # a thread could hold a lock at the moment of the fork, and the copy would wait for it forever
    code = (
        "import sys, physics.safe_derive as s, sympy; assert s._start_method() == 'fork', 'one thread'; "
        "import os, numpy; n = len(os.listdir('/proc/self/task')); "  # OpenBLAS threads, unknown to Python
        "assert s._start_method() == ('fresh' if n > 1 else 'fork'), n"
    )
    if sys.platform.startswith("linux"):
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert __import__("physics.safe_derive", fromlist=["_start_method"])._start_method() in ("fresh", "spawn")
    finally:
        stop.set()
        thread.join()


def test_importing_the_module_does_not_import_sympy():
    # so that a command can start the worker first and import sympy beside it
    code = "import sys, physics.safe_derive; assert 'sympy' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_same_expressions_simplifies_in_the_worker():
    x = d.r * sp.cos(d.theta)
    assert same_expressions([(d.DEFAULT_U, -d.k * x / d.r**3)])
    assert same_expressions([(d.DEFAULT_U + sp.sin(d.theta) ** 2 + sp.cos(d.theta) ** 2, d.DEFAULT_U + 1)])
    assert not same_expressions([(d.DEFAULT_U, -d.k / d.r)])


def test_same_expressions_is_bounded():
    derive_with_timeout()
    big = (sp.sin(d.r) + sp.cos(d.theta) + sp.sin(d.theta) + sp.cos(d.r)) ** 12
    with pytest.raises(DerivationTimeout):
        same_expressions([(big, d.DEFAULT_U)], timeout=0.3)
    assert same_expressions([(d.DEFAULT_U, d.DEFAULT_U)], timeout=30)  # a fresh worker answers


def test_a_timeout_beyond_a_day_is_refused_by_name():
    # 1e308 s overflowed the operating system's wait and was reported as "numbers too large to integrate"
    with pytest.raises(ValueError, match="timeout must be at most"):
        derive_with_timeout(timeout=1e308)


def test_the_worker_runs_this_packages_functions_by_name_and_nothing_else():
    from physics.safe_derive import call_with_timeout

    assert call_with_timeout("physics.messages", "one_line", (ValueError("a\nb"),), timeout=60) == "a b"
    with pytest.raises(ValueError, match="this package's functions only"):
        call_with_timeout("os", "system", ("true",))
