"""physics/ never imports Qt or matplotlib; app/ never imports Qt."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_physics_imports_neither_qt_nor_matplotlib():
    mods = _modules_after(
        "import physics.derivation, physics.integration.scipy_engine, physics.exact, physics.field, physics.launch, physics.integration.batch\n"
        "physics.derivation.dipole_model()"
    )
    assert not any(m.split(".")[0] in ("PySide6", "matplotlib", "shiboken6") for m in mods)


def test_app_does_not_import_qt():
    mods = _modules_after(
        "import app.state, app.plotting, app.presets, app.cli, app.data, app.equations, app.themes\n"
        "from app.state import SimulationState\nfrom app.presets import load_preset\n"
        "s = SimulationState(); load_preset(s, 'fan')"
    )
    assert "PySide6" not in mods
    assert not any(m.startswith("PySide6") for m in mods)


def test_no_unguarded_eval_of_user_text():
    """Typed maths goes through physics.expressions only: no eval/exec/sympify/parse_expr in our code."""
    import re

    # a method call such as QDialog.exec() is not Python's exec
    pattern = re.compile(r"(?<![.\w])(eval|exec|sympify|parse_expr)\s*\(|(?<![.\w])S\(\s*['\"]")
    offenders = []
    for folder in ("physics", "app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if pattern.search(code) and "literal_eval" not in code:
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_window_starts_without_sympy_numba_or_scipy():
    """Start-up (issue 8): nothing the first frame needs derives, compiles or integrates, so none of these is loaded.

    sympy (the equations: the Potential panel typesets them when first shown), numba (loaded in a background
    thread once the window is painted) and scipy (the integrators and elliptic functions, on first use) would
    otherwise more than double the time to the first painted window.
    """
    mods = _modules_after(
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\nos.environ.setdefault('DIPOLE_LAB_TEST', '1')\n"
        "from PySide6 import QtWidgets\n"
        "import ui.main_window\n"
        "from app.state import SimulationState\n"
        "app = QtWidgets.QApplication([])\n"
        "window = ui.main_window.MainWindow(SimulationState())\n"
        "window.show()\n"
        "app.processEvents()\n"
        "window.canvas.draw()\n"
        "window.plots.canvas.draw()\n"
        "app.processEvents()\n"
        "window.disconnect_state()\n"
    )
    assert "ui.main_window" in mods and "PySide6.QtWidgets" in mods
    for heavy in ("sympy", "numba", "scipy"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in mods), f"{heavy} was imported at start-up"
