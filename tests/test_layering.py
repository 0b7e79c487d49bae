"""The layers: physics/ imports neither Qt nor matplotlib, app/ no Qt, neither of them ui/, and no module imports itself in a loop.

Every module of physics/ and app/ is found by walking the folders, so a new one is checked without
being listed here. Import statements are read with ast, the ones inside functions too: a deferred
import still ties two modules together.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("physics", "app", "ui")
QT = ("PySide6", "shiboken6")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(*packages: str) -> dict[str, Path]:
    """Every module below the given top-level folders, by dotted name."""
    found = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules that `name` imports anywhere in its text (at the top, in functions, under TYPE_CHECKING)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from a import b` imports the module a.b when there is one, else a name of a
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {target for target in targets if target in known and target != name}


def import_graph() -> dict[str, set[str]]:
    modules = modules_of(*PACKAGES)
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def _import_all(packages) -> str:
    return "".join(f"import {name}\n" for name in modules_of(*packages))


def _loaded(mods: set[str], tops) -> list[str]:
    return sorted(m for m in mods if m.split(".")[0] in tops)


def test_discovery_finds_the_modules_of_each_layer():
    physics = modules_of("physics")
    assert {"physics.derivation", "physics.integration.contract", "physics.integration.batch"} <= set(physics)
    assert {"app.state", "app.cli", "app.cli.flags", "app.cli.plot"} <= set(modules_of("app"))


def test_physics_imports_neither_qt_nor_matplotlib():
    mods = _modules_after(_import_all(["physics"]) + "physics.derivation.dipole_model()")
    assert not _loaded(mods, QT + ("matplotlib",))


def test_app_does_not_import_qt():
    mods = _modules_after(
        _import_all(["physics", "app"])
        + "from app.state import SimulationState\nfrom app.presets import load_preset\n"
        "s = SimulationState(); load_preset(s, 'fan')"
    )
    assert not _loaded(mods, QT)


def test_physics_and_app_never_import_ui():
    graph = import_graph()
    offenders = sorted(f"{name} -> {target}" for name, targets in graph.items() if name.split(".")[0] in ("physics", "app")
                       for target in targets if target.split(".")[0] == "ui")
    assert not offenders, "\n".join(offenders)


def test_physics_imports_no_app():
    graph = import_graph()
    offenders = sorted(f"{name} -> {target}" for name, targets in graph.items() if name.split(".")[0] == "physics"
                       for target in targets if target.split(".")[0] != "physics")
    assert not offenders, "\n".join(offenders)


def test_no_import_cycle():
    found = [sorted(cycle) for cycle in cycles(import_graph())]
    assert not found, found


def test_the_cycle_finder_finds_a_cycle_through_a_deferred_import(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    source = tmp_path / "mod.py"
    source.write_text("def later():\n    from pkg import other\n    import pkg.third as t\n")
    assert imports_of("pkg.mod", source, {"pkg.mod", "pkg.other", "pkg.third"}) == {"pkg.other", "pkg.third"}


def test_no_unguarded_eval_of_user_text():
    """Typed maths goes through physics.expressions only: no eval/exec/sympify/parse_expr in our code."""
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
