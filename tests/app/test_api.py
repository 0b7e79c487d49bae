"""app.api, the Python surface for notebooks and scripts: its docstring examples, docs/api.md's examples and the
worked example run; importing it imports no Qt; a plain script with a typed potential needs no __main__ guard."""

from __future__ import annotations

import doctest
import math
import os
import re
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import app.api as dl

ROOT = Path(__file__).resolve().parents[2]


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE)


def test_the_docstring_examples_run():
    result = doctest.testmod(dl, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 12 and result.failed == 0


def test_the_api_page_runs_as_one_session(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    namespace: dict = {"__name__": "api_page"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/api.md block {i + 1}", "exec"), namespace)
    out = capsys.readouterr().out
    assert "not allowed" in out or "unknown" in out or "refused" in out or "cannot" in out  # the refused text says why
    for name in ("lesson.png", "pendulum.png", "uniform-field.png"):
        assert (tmp_path / name).stat().st_size > 10_000
    # what the page shows agrees with the physics
    assert float(np.max(np.abs(namespace["swing"].r - 1.0))) < 1e-8  # at rest on the equator: r stays 1 (PHYSICS.md)
    assert namespace["fate"].fall_time == pytest.approx(1 / math.sqrt(1 - 1.3**2 + 1), rel=1e-12)  # r² = 1 + 2E t², E = 1.3²/2 − 1
    field_path = namespace["path"]
    assert float(np.ptp(field_path.energy)) < 1e-7 * float(np.max(np.abs(field_path.energy)) + 1)


def test_the_worked_example_runs_and_agrees_with_the_exact_scattering(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    result = runpy.run_path(str(ROOT / "examples" / "scattering_cross_section.py"), run_name="notebook")
    assert result["captured_as_predicted"]
    assert result["worst"] < 1e-8  # each charge starts on its exact incoming orbit: Θ is the exact one (physics.scattering)
    assert (tmp_path / "scattering-cross-section.png").stat().st_size > 10_000


def test_importing_and_using_it_imports_no_qt():
    code = textwrap.dedent("""
        import sys
        import app.api as dl
        assert "matplotlib" not in sys.modules, "matplotlib on import"
        dl.classify(dl.polar(1.0, 0.0, omega0=1.3))
        s = dl.setup(preset="fan", samples=101)
        from matplotlib.figure import Figure
        fig = Figure()
        dl.draw(fig.add_subplot(), s)
        dl.draw_panel(Figure(), s, "regime")
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui")))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MPLBACKEND", None)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_a_plain_script_with_a_typed_potential_needs_no_main_guard(tmp_path):
    """Top-level code, no `if __name__ == "__main__":`: the derivation's worker process must not run it again."""
    script = tmp_path / "kepler.py"
    script.write_text(textwrap.dedent("""
        import app.api as dl
        print("top level ran")
        eq = dl.derive(U="-k/r")
        print("r_ddot =", eq.r_ddot)
        kepler = dl.potential("-k/r")
        orbit = dl.simulate(dl.polar(1.0, 0.0, omega0=1.0), k=1.0, potential=kepler, t_max=7.0)
        print("circle", float(abs(orbit.r - 1.0).max()))
        many = dl.simulate_many([dl.polar(1.0, a, omega0=1.0) for a in (0.0, 1.0, 2.0)], k=1.0, potential="-k/r", t_max=7.0)
        print("many", max(float(abs(p.r - 1.0).max()) for p in many))
    """), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines.count("top level ran") == 1
    assert "r_ddot = -k/r**2 + r*theta_dot**2" in lines
    # the circular Kepler orbit of speed √(k/r): r stays 1 (an exact solution of the derived equations)
    assert float(lines[2].split()[1]) < 1e-7 and float(lines[3].split()[1]) < 1e-7


def test_bad_input_is_one_line():
    with pytest.raises(ValueError) as info:
        dl.derive(U="__import__('os')")
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError, match="unknown panel"):
        dl.draw_panel(None, dl.setup(), "nonesuch")
