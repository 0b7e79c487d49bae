"""`pip install .` ships what the app needs: pyproject.toml against the source tree, without network.

setuptools' own build_py (what a wheel is made of) runs in-process into a temporary folder; every module of
app/, physics/ and ui/ and every file they read at run time must be in it, and nothing else at the top
level. The dependencies must be requirements.txt's, bound for bound.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "physics", "ui")
# source files that are not read at run time, so need not ship: Qt Linguist sources (compiled to .qm)
NOT_RUNTIME = ()  # the .ts files too: ui/language.py reads the catalogue from them at run time


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements() -> list[str]:
    out = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            out.append(line)
    return out


def _normal(requirement: str) -> tuple[str, str]:
    name, bounds = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), bounds.replace(" ", "")


def _source_files() -> list[Path]:
    """Every file of the three packages, as a path relative to ROOT (no caches)."""
    out = []
    for package in PACKAGES:
        for dirpath, dirnames, filenames in os.walk(ROOT / package):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            out += [Path(dirpath, f).relative_to(ROOT) for f in filenames if not f.endswith((".pyc", ".pyo"))]
    return out


def test_dependencies_are_the_requirements_files():
    project = _pyproject()["project"]
    assert sorted(map(_normal, project["dependencies"])) == sorted(map(_normal, _requirements()))
    pin = dict(map(_normal, project["dependencies"]))["pyside6-essentials"]
    assert "<6.12" in pin  # 6.12.0 aborts the interpreter on Python 3.11 (tests/ui/test_pyside_refcount.py)
    assert "6.12.0 on Python 3.11" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # and says why


def test_entry_point_is_main_py():
    scripts = _pyproject()["project"]["scripts"]
    assert scripts == {"dipole-lab": "main:entry_point"}
    import main

    assert callable(main.entry_point)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """What build_py puts in a wheel, in a temporary folder."""
    import setuptools  # requirements-dev.txt installs it
    from setuptools.config.pyprojecttoml import apply_configuration

    out = tmp_path_factory.mktemp("wheel")
    old = os.getcwd()
    os.chdir(ROOT)  # setuptools reads the configuration relative to the project's folder
    try:
        dist = setuptools.Distribution()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # older setuptools call [tool.setuptools] "beta"
            apply_configuration(dist, "pyproject.toml")
        dist.script_name = "setup.py"
        command = dist.get_command_obj("build_py")
        command.build_lib = str(out)
        command.compile = False
        command.ensure_finalized()
        command.run()
    finally:
        os.chdir(old)
    return out


def test_the_wheel_holds_every_module_and_data_file(built):
    shipped = {p.relative_to(built) for p in built.rglob("*") if p.is_file()}
    expected = {p for p in _source_files() if not p.name.endswith(NOT_RUNTIME)} | {Path("main.py")}
    assert sorted(map(str, expected - shipped)) == []  # e.g. a folder without __init__.py, a new kind of data file
    assert {p.parts[0] for p in shipped} == {*PACKAGES, "main.py"}  # nothing else lands in site-packages
    for needed in ("ui/desktop/dipole-lab.svg", "ui/desktop/dipole-lab.desktop", "ui/desktop/hicolor/16x16/apps/dipole-lab.png"):
        assert Path(needed) in shipped


def test_the_built_copy_runs_from_another_folder(built, tmp_path):
    """The copy build_py made (not the checkout) answers --help and a subcommand from an unrelated folder."""
    env = {**os.environ, "PYTHONPATH": str(built)}
    code = "import sys, main; sys.argv[0] = 'dipole-lab'; sys.exit(main.entry_point())"
    run = subprocess.run([sys.executable, "-c", code, "equations", "--format", "sympy"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("r_ddot = ")
    usage = subprocess.run([sys.executable, "-c", code, "--help"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert usage.stdout.startswith("usage: dipole-lab "), usage.stdout[:80]  # the name the user typed, not main.py
    where = subprocess.run([sys.executable, "-c", "import app, physics, ui, main; print(app.__file__, physics.__file__, ui.__file__, main.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert all(Path(f).is_relative_to(built) for f in where.stdout.split()), where.stdout
