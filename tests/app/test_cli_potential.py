"""--potential, --param, --U and --T for simulate, sweep, plot and animate (issue 15: every potential headless).

References: the point charge against Kepler's closed form, the dipole in a uniform field with k = 0 against
uniform acceleration, the finite dipole with a small d against the point dipole's exact solution; the point
dipole's outputs against those of the commit before these flags.
"""

import json
import math
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest

from app.cli import main, parse_args
from app.potentials import PRESET_NAMES, PRESETS
from physics.exact import exact_trajectory
from physics.launch import LaunchState

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "c1782e89a0afbee2aabc91bbfe0bd4f534ee74c2"  # main just before these flags
COLUMNS = "t,x,y,vx,vy,r,theta,vr,omega,energy,C"
HAS_C = {"point-dipole"}  # the presets whose U is homogeneous of degree -2
LAUNCH = ["--r0", "1.2", "--theta0", "1", "--vr0", "0", "--omega0", "0.6"]
WAIT = ["--timeout", "600"]  # a derivation on a busy two-core machine can take more than the default 10 s


def run(args, capsys):
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's refusals
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def kepler_xy(t, k: float, r0: float, omega0: float):
    """Position at times t of a charge released at (r0, 0) with velocity r0·omega0 along +y in U = −k/r,
    launched at the apocentre (omega0 below the circular speed): Kepler's equation, solved by Newton's method."""
    L = r0 * r0 * omega0
    E = 0.5 * (r0 * omega0) ** 2 - k / r0
    a = -k / (2 * E)
    e = math.sqrt(1 + 2 * E * L * L / (k * k))
    assert abs(a * (1 + e) - r0) < 1e-12  # the launch is the apocentre
    b = a * math.sqrt(1 - e * e)
    mean = math.pi + math.sqrt(k / a**3) * np.asarray(t, dtype=float)
    ecc = mean.copy()
    for _ in range(50):
        ecc -= (ecc - e * np.sin(ecc) - mean) / (1 - e * np.cos(ecc))
    # the perifocal frame turned by π: the apocentre is on +x and the charge goes round anticlockwise
    return -a * (np.cos(ecc) - e), -b * np.sin(ecc), a


def test_simulate_runs_with_every_potential_and_leaves_c_empty_where_there_is_none(tmp_path, capsys):
    for name in PRESET_NAMES:
        out = tmp_path / f"{name}.csv"
        code, stdout, err = run(["simulate", "--k", "1", "--potential", name, *WAIT, *LAUNCH, "--t-max", "2", "--samples", "21",
                                 "--out", str(out)], capsys)
        assert code == 0, err
        lines = out.read_text().splitlines()
        assert lines[0] == COLUMNS and len(lines) == 22
        data = np.genfromtxt(out, delimiter=",", skip_header=1)
        assert data.shape == (21, 11) and np.all(np.isfinite(data[:, :10]))
        if name in HAS_C:
            assert np.all(np.isfinite(data[:, 10])) and "no exact prediction" not in stdout
        else:
            assert all(line.endswith(",") for line in lines[1:])  # C left empty
            assert "C = none" in stdout and "no exact prediction" in stdout
        # the energy of the potential asked for is conserved
        assert np.max(np.abs(data[:, 9] - data[0, 9])) < 1e-6


def test_simulate_json_and_npz_name_the_potential_and_hold_nan_for_c(tmp_path, capsys):
    out = tmp_path / "p.npz"
    code, stdout, err = run(["simulate", "--k", "1", "--potential", "finite-dipole", *WAIT, "--param", "d=0.25", *LAUNCH,
                             "--t-max", "1", "--samples", "11", "--out", str(out), "--json"], capsys)
    assert code == 0, err
    info = json.loads(stdout)
    assert info["potential"] == {"name": "finite-dipole", "U": PRESETS["finite-dipole"].U_text, "params": {"d": 0.25}}
    assert info["C"] is None and info["C_drift"] is None and info["predicted_fate"]["kind"] == "unknown"
    data = np.load(out)
    assert np.all(np.isnan(data["C"])) and json.loads(str(data["summary"]))["potential"]["params"] == {"d": 0.25}
    out = tmp_path / "p.json"
    assert run(["simulate", "--k", "1", "--potential", "quadrupole", *WAIT, *LAUNCH, "--t-max", "1", "--samples", "5",
                "--out", str(out)], capsys)[0] == 0
    doc = json.loads(out.read_text())
    assert doc["C"] == [None] * 5 and doc["summary"]["potential"]["name"] == "quadrupole"


def test_point_charge_follows_keplers_closed_form(tmp_path, capsys):
    out = tmp_path / "kepler.csv"
    code, _, err = run(["simulate", "--k", "1.5", "--potential", "point-charge", *WAIT, "--r0", "1", "--theta0", "0", "--vr0", "0",
                        "--omega0", "0.9", "--t-max", "20", "--samples", "401", "--out", str(out)], capsys)
    assert code == 0, err
    data = np.loadtxt(out, delimiter=",", skiprows=1, usecols=range(10))
    x, y, a = kepler_xy(data[:, 0], 1.5, 1.0, 0.9)
    error = np.max(np.hypot(data[:, 1] - x, data[:, 2] - y)) / a
    assert error < 1e-7  # about 6 orbits; measured 2e-9
    # and the typed potential is the same problem
    typed = tmp_path / "typed.csv"
    assert run(["simulate", "--k", "1.5", "--U", "-k/r", *WAIT, "--r0", "1", "--theta0", "0", "--vr0", "0", "--omega0", "0.9",
                "--t-max", "20", "--samples", "401", "--out", str(typed)], capsys)[0] == 0
    other = np.loadtxt(typed, delimiter=",", skiprows=1, usecols=range(10))
    assert np.max(np.hypot(other[:, 1] - x, other[:, 2] - y)) / a < 1e-7


def test_sweep_of_point_charges_follows_kepler_and_runs_every_potential(tmp_path, capsys):
    omegas = (0.7, 0.8, 0.9, 1.0)
    launches = tmp_path / "l.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(f"1,0,0,{w}\n" for w in omegas))
    out = tmp_path / "kepler.npz"
    code, stdout, err = run(["sweep", "--k", "1.2", "--potential", "point-charge", *WAIT, "--launches", str(launches),
                             "--t-max", "10", "--samples", "101", "--out", str(out), "--json"], capsys)
    assert code == 0, err
    assert json.loads(stdout)["potential"]["name"] == "point-charge"
    data = np.load(out)
    assert np.all(np.isnan(data["C"]))
    for i, w in enumerate(omegas):
        x, y, a = kepler_xy(data["t"][i], 1.2, 1.0, w)
        assert np.max(np.hypot(data["x"][i] - x, data["y"][i] - y)) / a < 1e-7
    for name in PRESET_NAMES:
        out = tmp_path / f"{name}.npz"
        assert run(["sweep", "--k", "1", "--potential", name, *WAIT, "--launches", str(launches), "--t-max", "1",
                    "--samples", "11", "--out", str(out)], capsys)[0] == 0
        data = np.load(out)
        assert data["x"].shape == (4, 11)
        assert np.all(np.isfinite(data["C"])) == (name in HAS_C)


def test_uniform_field_alone_accelerates_uniformly(tmp_path, capsys):
    # k = 0 leaves U = −E0 x: x = x0 + vx0 t + E0 t²/2, y = y0 + vy0 t
    x0, y0, vx0, vy0, E0 = 1.0, 0.5, -0.2, 0.1, 0.3
    out = tmp_path / "field.csv"
    code, _, err = run(["simulate", "--k", "0", "--potential", "dipole-uniform-field", *WAIT, "--param", f"E0={E0}",
                        "--x0", str(x0), "--y0", str(y0), "--vx0", str(vx0), "--vy0", str(vy0),
                        "--t-max", "4", "--samples", "81", "--out", str(out)], capsys)
    assert code == 0, err
    data = np.loadtxt(out, delimiter=",", skiprows=1, usecols=range(10))
    t = data[:, 0]
    assert np.max(np.abs(data[:, 1] - (x0 + vx0 * t + E0 * t * t / 2))) < 1e-8
    assert np.max(np.abs(data[:, 2] - (y0 + vy0 * t))) < 1e-8
    assert np.max(np.abs(data[:, 3] - (vx0 + E0 * t))) < 1e-8


def test_finite_dipole_tends_to_the_point_dipole_as_d_shrinks(tmp_path, capsys):
    launch = LaunchState(1.5, 1.2, 0.1, 0.5)  # C > 0: it escapes, far from both charges
    errors = {}
    for d in (1e-2, 1e-3):
        out = tmp_path / f"d{d}.csv"
        code, _, err = run(["simulate", "--k", "1", "--potential", "finite-dipole", *WAIT, "--param", f"d={d}",
                            "--r0", "1.5", "--theta0", "1.2", "--vr0", "0.1", "--omega0", "0.5",
                            "--t-max", "5", "--samples", "101", "--out", str(out)], capsys)
        assert code == 0, err
        data = np.loadtxt(out, delimiter=",", skiprows=1, usecols=range(10))
        E = 0.5 * (0.1**2 + (1.5 * 0.5) ** 2) - math.cos(1.2) / 1.5**2
        x, y, _, _ = exact_trajectory(data[:, 0], launch, 1.0, E)
        errors[d] = np.max(np.hypot(data[:, 1] - x, data[:, 2] - y))
    assert errors[1e-3] < 1e-5
    # the difference is of order d²: ten times smaller d, a hundred times closer
    assert 30 < errors[1e-2] / errors[1e-3] < 300


def test_a_typed_potential_derives_through_the_whitelist_parser(tmp_path, capsys):
    out = tmp_path / "typed.json"
    # the dipole-charge preset's text, typed (the lru cache and numba's cache hold its model already)
    code, stdout, err = run(["simulate", "--k", "1", "--U", "-k*cos(theta)/r**2 - q/r", *WAIT, "--param", "q=0.3", *LAUNCH,
                             "--t-max", "1", "--samples", "11", "--out", str(out), "--json"], capsys)
    assert code == 0, err
    info = json.loads(stdout)
    assert info["potential"] == {"name": "custom", "U": "-k*cos(theta)/r**2 - q/r", "params": {"q": 0.3}}
    # the point dipole typed out is the point dipole: its exact prediction comes back
    code, stdout, err = run(["simulate", "--k", "1", "--U", "-k*cos(theta)/r^2", *WAIT, *LAUNCH, "--t-max", "1", "--samples", "11",
                             "--out", str(out), "--json"], capsys)
    assert code == 0, err
    assert "potential" not in json.loads(stdout) and json.loads(stdout)["predicted_fate"]["kind"] != "unknown"


@pytest.mark.parametrize("extra, words", [
    (["--potential", "finite-dipole", *WAIT, "--param", "x=1"], "finite-dipole has no parameter 'x'; its parameters are d"),
    (["--potential", "point-charge", *WAIT, "--param", "d=1"], "point-charge has no parameter 'd'; it has no parameter but k"),
    (["--param", "d=1"], "point-dipole has no parameter 'd'"),
    (["--potential", "finite-dipole", *WAIT, "--param", "d=abc"], "d must be a number, got 'abc'"),
    (["--potential", "finite-dipole", *WAIT, "--param", "d=nan"], "d must be a finite number"),
    (["--potential", "finite-dipole", *WAIT, "--param", "d"], "must be NAME=VALUE"),
    (["--potential", "finite-dipole", *WAIT, "--param", "k=2"], "k is set with --k"),
    (["--potential", "finite-dipole", *WAIT, "--param", "d=1", "--param", "d=2"], "--param d is given twice"),
    (["--potential", "finite-dipole", *WAIT, "--param", "d=2e6"], "at most 1e+06"),
    (["--potential", "finite-dipole", *WAIT, "--param", "d=0"], "cannot be evaluated with d = 0"),
    (["--potential", "nosuch"], "invalid choice: 'nosuch'"),
    (["--potential", "quadrupole", *WAIT, "--U", "-k/r"], "not allowed with argument --potential"),
    (["--potential", "quadrupole", *WAIT, "--T", "r_dot^2/2"], "--T goes with --U"),
    (["--U", "__import__('os')"], "--U/--T: U:"),
    (["--U", "-k/r^3 + a*b*cos(theta)/r^2", "--param", "m=2"], "--U has no parameter 'm'; its parameters are a, b"),
    (["--U", "-k/r", "--T", "m*r_dot^2/2 + r^2*theta_dot^2/2", "--param", "q=2"], "--U has no parameter 'q'; its parameters are m"),
    (["--U", "-k/r", *WAIT, "--timeout", "0"], "--timeout"),
])
def test_bad_potential_flags_are_refused_in_one_line(tmp_path, capsys, extra, words):
    for command in (["simulate", "--k", "1", *LAUNCH, "--out", str(tmp_path / "x.csv")],
                    ["plot", "--k", "1", "--launch", "1.2,1,0,0.6", "--out", str(tmp_path / "x.png")]):
        code, _, err = run(command + extra, capsys)
        assert code == 2
        assert len(err.strip().splitlines()) == 1 and words in err, err
    assert not list(tmp_path.iterdir())


def test_a_launch_on_a_charge_is_refused_in_one_line(tmp_path, capsys):
    launches = tmp_path / "l.csv"
    launches.write_text("x0,y0,vx0,vy0\n1,0,0,0.5\n0.05,0,0,0\n")
    code, _, err = run(["sweep", "--k", "1", "--potential", "finite-dipole", *WAIT, "--param", "d=0.1", "--launches", str(launches),
                        "--r-min", "0.01", "--out", str(tmp_path / "x.npz")], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "row 2: the energy is not finite there (finite-dipole with d = 0.1)" in err
    assert not (tmp_path / "x.npz").exists()


def test_plot_draws_the_potential_the_window_would(tmp_path, capsys, monkeypatch):
    from dataclasses import replace

    import app.custom_plotting

    # field lines of a potential other than the point dipole stop at a deadline (so the window never freezes):
    # on a busy machine the two drawings would differ in how far their lines got
    monkeypatch.setattr(app.custom_plotting, "FIELD_LINE_SECONDS", None)

    from app.export import export_figure
    from app.files.session import DEFAULT_SETTINGS
    from app.state import SimulationState

    out = tmp_path / "cli.png"
    args = ["plot", "--k", "0.8", "--potential", "finite-dipole", *WAIT, "--param", "d=0.3", "--launch", "1.2,1,0,0.6",
            "--t-max", "3", "--size", "320x240", "--out", str(out)]
    code, _, err = run(args, capsys)
    assert code == 0, err
    # the window's way: the state switched to the preset, then exported
    state = SimulationState(k=0.8, settings=replace(DEFAULT_SETTINGS, t_max=3.0))
    state.add_launch(LaunchState(1.2, 1.0, 0.0, 0.6))
    state.set_potential_preset("finite-dipole", d=0.3)
    state.set_time(state.duration)
    window = tmp_path / "window.png"
    export_figure(state, window, size=(320, 240))
    assert out.read_bytes() == window.read_bytes()
    # and not the point dipole's picture
    dipole = tmp_path / "dipole.png"
    assert run(["plot", "--k", "0.8", "--launch", "1.2,1,0,0.6", "--t-max", "3", "--size", "320x240", "--out", str(dipole)],
               capsys)[0] == 0
    assert dipole.read_bytes() != out.read_bytes()


def test_plot_and_animate_run_with_every_potential(tmp_path, capsys):
    for name in PRESET_NAMES:
        out = tmp_path / f"{name}.png"
        code, _, err = run(["plot", "--k", "1", "--potential", name, *WAIT, "--launch", "1.2,1,0,0.6", "--t-max", "2",
                            "--size", "200x150", "--out", str(out)], capsys)
        assert code == 0, err
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        gif = tmp_path / f"{name}.gif"
        code, _, err = run(["animate", "--k", "1", "--potential", name, *WAIT, "--launch", "1.2,1,0,0.6", "--t-max", "2",
                            "--fps", "2", "--duration", "1", "--size", "96x64", "--out", str(gif)], capsys)
        assert code == 0, err
        assert gif.read_bytes()[:6] == b"GIF89a"


def test_beside_a_session_the_flags_replace_or_change_its_potential(tmp_path):
    from app.cli.plot import session_from_args
    from app.cli.potential import session_potential
    from app.files.session import session_to_dict

    session = tmp_path / "lesson.json"
    state_args = parse_args(["plot", "--k", "1", "--launch", "1.2,1,0,0.6", "--potential", "dipole-charge", *WAIT, "--param", "q=0.5",
                             "--out", "x.png"])
    with_charge, prepared = session_potential(state_args, session_from_args(state_args))
    session.write_text(json.dumps(session_to_dict(with_charge)))
    # --param alone changes the session's own potential
    args = parse_args(["plot", "--session", str(session), "--param", "q=-1", "--out", "x.png"])
    changed, prepared = session_potential(args, session_from_args(args))
    assert changed.potential.name == "dipole-charge" and changed.potential.param_dict == {"q": -1.0}
    # --potential replaces it, as --k replaces k
    args = parse_args(["plot", "--session", str(session), "--potential", "point-charge", *WAIT, "--out", "x.png"])
    replaced, prepared = session_potential(args, session_from_args(args))
    assert replaced.potential.name == "point-charge" and prepared.potential.U_text == "-k/r"
    args = parse_args(["plot", "--session", str(session), "--potential", "point-dipole", *WAIT, "--out", "x.png"])
    assert session_potential(args, session_from_args(args)) == (replace_potential(session_from_args(args)), None)


def replace_potential(session):
    from dataclasses import replace

    return replace(session, potential=None)


def _old_checkout(tmp_path) -> Path:
    """The tree of the commit before these flags, unpacked from git (skipped where there is no history)."""
    folder = tmp_path / "before"
    folder.mkdir()
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", BEFORE], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("git is not available")
    if archive.returncode != 0:
        pytest.skip(f"commit {BEFORE[:7]} is not in this checkout's history")
    import io

    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def test_point_dipole_outputs_are_byte_for_byte_those_of_before(tmp_path, capsys):
    old = _old_checkout(tmp_path)
    launches = tmp_path / "fan.csv"
    launches.write_text("x0,y0,vx0,vy0\n2,0.5,-0.9,0\n2,0.5,-0.6,0.6\n1,0,0,1.6\n")
    commands = {
        # launches away from the edges (E = 0, C = 0, long falls) that other fixes of issue 15 change on purpose
        "swing.csv": ["simulate", "--k", "1", "--r0", "1", "--theta0", "1.2", "--vr0", "0", "--omega0", "1", "--t-max", "6",
                      "--samples", "201"],
        "escape.json": ["simulate", "--k", "-0.7", "--x0", "1", "--y0", "0.5", "--vx0", "0", "--vy0", "0.9", "--t-max", "5",
                        "--samples", "101", "--json"],
        "fan.npz": ["sweep", "--k", "1", "--launches", str(launches), "--t-max", "4", "--samples", "51"],
    }
    script = ("import sys\nfrom app.cli import main\n"
              + "".join(f"main({[*args, '--out', str(tmp_path / ('old-' + name))]!r})\n" for name, args in commands.items()))
    before = subprocess.run([sys.executable, "-c", script], cwd=old, capture_output=True, text=True, timeout=300)
    assert before.returncode == 0, before.stderr
    variants = ([], ["--potential", "point-dipole"], ["--U", "-k*cos(theta)/r^2"])
    for extra in variants:
        for name, args in commands.items():
            code, stdout, err = run([*args, *extra, "--out", str(tmp_path / name)], capsys)
            assert code == 0, err
            old_file, new_file = tmp_path / ("old-" + name), tmp_path / name
            if name.endswith(".npz"):  # a zip's entries carry the time they were written: compare the arrays
                with np.load(old_file) as a, np.load(new_file) as b:
                    assert sorted(a.files) == sorted(b.files)
                    for key in a.files:
                        if key == "summary":
                            left, right = json.loads(str(a[key])), json.loads(str(b[key]))
                            assert {**left, "out": None} == {**right, "out": None}
                        else:
                            assert np.array_equal(a[key], b[key]) and a[key].tobytes() == b[key].tobytes()
            else:
                assert old_file.read_bytes() == new_file.read_bytes()
    # the JSON summary printed is the old one too
    printed = [json.loads(line) for line in before.stdout.splitlines() if line.startswith("{")]
    assert printed and "potential" not in printed[0]


def test_plot_of_the_point_dipole_is_the_same_with_or_without_the_flag(tmp_path, capsys):
    outs = []
    for extra in ([], ["--potential", "point-dipole"], ["--U", "-k*cos(theta)/r^2"]):
        out = tmp_path / f"p{len(outs)}.png"
        assert run(["plot", "--preset", "capture-escape", "--size", "240x160", *extra, "--out", str(out)], capsys)[0] == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
