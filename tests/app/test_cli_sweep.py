"""`python main.py sweep`: the NPZ contract, the JSON summary, and bad launch files refused with their row."""

import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from app.cli import main
from physics.integration.contract import COLUMNS, STOP_REASONS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# a fan from (1.2, 0.6): slow ones fall in, fast ones leave r_max = 6, the rest run to t_max = 5
FAN = [(1.2, 0.6, speed * math.cos(angle), speed * math.sin(angle)) for speed in (0.2, 1.0, 3.0) for angle in (0.0, 2.0, 4.0)]


def write_csv(path, header, rows):
    path.write_text(",".join(header) + "\n" + "".join(",".join(str(v) for v in row) + "\n" for row in rows))
    return path


def run(tmp_path, *extra, launches=None):
    launches = launches or write_csv(tmp_path / "fan.csv", ("x0", "y0", "vx0", "vy0"), FAN)
    out = tmp_path / "out.npz"
    argv = ["sweep", "--k", "1", "--launches", str(launches), "--t-max", "5", "--r-max", "6", "--out", str(out), *extra]
    return main(argv), out


def test_npz_contract(tmp_path, capsys):
    code, out = run(tmp_path, "--samples", "41")
    assert code == 0
    assert "wrote" in capsys.readouterr().out
    data = np.load(out)
    n = len(FAN)
    for name in COLUMNS:
        assert data[name].shape == (n, 41) and data[name].dtype == float, name
    reasons = [str(s) for s in data["stop_reason"]]
    assert data["stop_reason"].shape == (n,) and set(reasons) <= set(STOP_REASONS)
    assert {"r_min", "r_max", "t_max"} <= set(reasons)
    t, t_end = data["t"], data["t_end"]
    assert t_end.shape == (n,)
    np.testing.assert_array_equal(t[:, 0], 0.0)
    np.testing.assert_array_equal(t[:, -1], t_end)
    np.testing.assert_allclose(np.diff(t, axis=1), np.repeat(t_end[:, None] / 40, 40, axis=1), rtol=1e-9)
    for i, reason in enumerate(reasons):
        if reason == "t_max":
            assert t_end[i] == 5.0
        elif reason == "r_min":
            assert data["r"][i, -1] == 0.05 and t_end[i] < 5.0
        elif reason == "r_max":
            assert data["r"][i, -1] == 6.0 and t_end[i] < 5.0
    np.testing.assert_allclose(data["x"][:, 0], [row[0] for row in FAN], rtol=1e-14)
    np.testing.assert_allclose(data["vy"][:, 0], [row[3] for row in FAN], atol=1e-14)
    assert float(data["k"]) == 1.0
    assert json.loads(str(data["summary"]))["launches"] == n


def test_json_summary(tmp_path, capsys):
    code, out = run(tmp_path, "--json")
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    assert info["launches"] == len(FAN) and info["samples"] == 201 and info["k"] == 1.0
    assert set(info["stop_reasons"]) == set(STOP_REASONS)
    assert sum(info["stop_reasons"].values()) == len(FAN)
    reasons = [str(s) for s in np.load(out)["stop_reason"]]
    assert info["stop_reasons"] == {reason: reasons.count(reason) for reason in STOP_REASONS}
    assert info["wall_time_s"] > 0
    assert info["engine"] in ("numba", "numpy")


def test_polar_columns_give_the_same_sweep(tmp_path):
    from physics.launch import LaunchState

    polar = []
    for row in FAN:
        launch = LaunchState.from_cartesian(*row)
        polar.append((repr(launch.r0), repr(launch.theta0), repr(launch.vr0), repr(launch.omega0)))
    csv = write_csv(tmp_path / "polar.csv", ("omega0", "r0", "theta0", "vr0", "note"), [(w, r, th, vr, "x") for r, th, vr, w in polar])
    code, out = run(tmp_path, launches=csv)
    assert code == 0
    polar_x = np.load(out)["x"]
    code, out = run(tmp_path)
    np.testing.assert_allclose(polar_x, np.load(out)["x"], rtol=1e-9, atol=1e-12)


BAD_FILES = {
    "not a number": ("x0,y0,vx0,vy0\n1,1,0,0\n1,1,0,0\n1,abc,0,0\n", "row 3"),
    "empty value": ("x0,y0,vx0,vy0\n1,1,0,0\n1,1,,0\n", "row 2"),
    "not finite": ("r0,theta0,vr0,omega0\n1,0,0,nan\n", "row 1"),
    "inside r_min": ("r0,theta0,vr0,omega0\n1,0,0,0\n2,0,0,0\n0.05,1,0,0\n", "row 3"),
    "at the dipole": ("x0,y0,vx0,vy0\n1,1,0,0\n0,0,1,0\n", "row 2"),
    "beyond r_max": ("x0,y0,vx0,vy0\n7,0,0,0\n", "row 1"),
    "missing column in a row": ("r0,theta0,vr0,omega0\n1,0,0,0\n1,0,0\n", "row 2"),
    "extra value in a row": ("r0,theta0,vr0,omega0\n1,0,0,0,9\n", "row 1"),
    "missing column in the header": ("x0,y0,vx0\n1,1,0\n", "vy0"),
    "both kinds of columns": ("x0,y0,vx0,vy0,r0,theta0,vr0,omega0\n1,1,0,0,1,0,0,0\n", "both"),
    "no launches": ("x0,y0,vx0,vy0\n", "no launches"),
    "empty file": ("", "empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_launch_files_are_refused_with_the_row(tmp_path, capsys, case):
    text, expected = BAD_FILES[case]
    launches = tmp_path / "bad.csv"
    launches.write_text(text)
    code, out = run(tmp_path, launches=launches)
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]  # no output, no temporary file


def test_bad_flags_are_refused(tmp_path, capsys):
    code, _ = run(tmp_path, launches=tmp_path / "missing.csv")
    assert code == 2 and "cannot read" in capsys.readouterr().err
    write_csv(tmp_path / "fan.csv", ("x0", "y0", "vx0", "vy0"), FAN)
    code = main(["sweep", "--k", "1", "--launches", str(tmp_path / "fan.csv"), "--out", str(tmp_path / "out.json")])
    assert code == 2 and "must end in .npz, .csv" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["sweep", "--k", "nan", "--launches", str(tmp_path / "fan.csv"), "--out", str(tmp_path / "out.npz")])
    assert exit_info.value.code == 2
    assert not (tmp_path / "out.npz").exists()


def test_exit_status_and_stderr_of_the_real_command(tmp_path):
    launches = tmp_path / "bad.csv"
    launches.write_text("x0,y0,vx0,vy0\n1,1,0,0\n1,1,0,oops\n")
    out = tmp_path / "out.npz"
    done = subprocess.run(
        [sys.executable, "main.py", "sweep", "--k", "1", "--launches", str(launches), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("main.py sweep: error:") and "row 2" in done.stderr and "vy0" in done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert not out.exists()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_file_is_refused_at_its_first_line(tmp_path, capsys):
    # the whole file used to be read first: `--launches /dev/zero` grew past 5 GB
    code, out = run(tmp_path, launches="/dev/zero")
    err = capsys.readouterr().err
    assert code == 2 and "line 1 is longer than 10000 characters" in err and err.count("\n") == 1
    assert not out.exists()


def test_a_long_line_is_refused_with_its_number(tmp_path, capsys):
    launches = tmp_path / "long.csv"
    launches.write_text("x0,y0,vx0,vy0\n1,1,0,0\n" + "1" * 50_000 + ",1,0,0\n")
    code, _ = run(tmp_path, launches=launches)
    assert code == 2 and "line 3 is longer than 10000 characters" in capsys.readouterr().err


def test_too_many_launches_are_refused_at_the_first_row_too_many(tmp_path, capsys):
    # at 1,000,000 samples, 20 launches fill the 20,000,000 values a column may hold
    launches = write_csv(tmp_path / "many.csv", ("x0", "y0", "vx0", "vy0"), [(1.2, 0.6, 0.1, 0.0)] * 25)
    code, out = run(tmp_path, "--samples", "1000000", launches=launches)
    err = capsys.readouterr().err
    assert code == 2 and "row 21 (line 22): more than 20 launches" in err and err.count("\n") == 1
    assert not out.exists()
