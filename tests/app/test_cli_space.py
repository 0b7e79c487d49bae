"""The command line of the charge in space: simulate --z0 --vz0, sweep with z0/vz0 columns, plot/animate --view 3d;
and without them every output exactly as before."""

import json

import numpy as np
import pytest

import app.cli as cli
from physics.space.launch import SpaceLaunch
from physics.space.motion import classify_space

SPACE = ["--k", "1", "--x0", "1", "--y0", "0.5", "--z0", "0.3", "--vx0", "0", "--vy0", "0.4", "--vz0", "0.5"]
PLANAR = ["--k", "-1.5", "--x0", "1.2", "--y0", "0.5", "--vx0", "0", "--vy0", "0.8"]


def run(args, capsys):
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_in_space_csv_header_and_json_summary(tmp_path, capsys):
    out = tmp_path / "s.csv"
    code, stdout, _ = run(["simulate", *SPACE, "--samples", "101", "--out", str(out), "--json"], capsys)
    assert code == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "t,x,y,z,vx,vy,vz,r,vr,energy,C,L_axis"
    table = np.loadtxt(out, delimiter=",", skiprows=1)
    assert table.shape == (101, 12)
    info = json.loads(stdout)
    assert list(info)[:7] == ["stop_reason", "t_end", "energy", "C", "L_axis", "predicted_fate", "samples"]
    assert info["L_axis"] == pytest.approx(0.5 * 0.5 - 0.3 * 0.4)
    launch = SpaceLaunch(1, 0.5, 0.3, 0, 0.4, 0.5)
    fate = classify_space(launch, 1.0)
    assert info["predicted_fate"]["kind"] == fate.kind == "falls" and info["stop_reason"] == "r_min"
    np.testing.assert_allclose(table[0, 1:7], [1, 0.5, 0.3, 0, 0.4, 0.5], atol=1e-15)
    np.testing.assert_allclose(table[:, 11], info["L_axis"], atol=1e-9)


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_simulate_in_space_json_and_npz_hold_the_columns(tmp_path, capsys, suffix):
    out = tmp_path / f"s{suffix}"
    assert run(["simulate", *SPACE, "--samples", "21", "--out", str(out)], capsys)[0] == 0
    data = json.loads(out.read_text()) if suffix == ".json" else np.load(out)
    for name in ("t", "x", "y", "z", "vx", "vy", "vz", "r", "vr", "energy", "C", "L_axis"):
        assert len(data[name]) == 21
    summary = data["summary"] if suffix == ".json" else json.loads(str(data["summary"]))
    assert "L_axis" in summary


def test_simulate_in_space_refuses_a_polar_launch(tmp_path, capsys):
    code, _, err = run(["simulate", "--k", "1", "--r0", "1", "--theta0", "0", "--vr0", "0", "--omega0", "1", "--z0", "0.2",
                        "--out", str(tmp_path / "x.csv")], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--r0" in err
    assert not (tmp_path / "x.csv").exists()


def _without_space(monkeypatch, args, capsys):
    monkeypatch.setattr(cli, "extend_with_space", lambda sub: None)
    result = run(args, capsys)
    monkeypatch.undo()
    return result


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_without_the_flags_of_space_simulate_writes_the_same_bytes(tmp_path, capsys, monkeypatch, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    plain = _without_space(monkeypatch, ["simulate", *PLANAR, "--samples", "51", "--out", str(a), "--json"], capsys)
    extended = run(["simulate", *PLANAR, "--samples", "51", "--out", str(b), "--json"], capsys)
    assert a.read_bytes() == b.read_bytes()
    assert plain[0] == extended[0] == 0 and plain[1] == extended[1].replace(str(b), str(a))


def test_without_the_flags_of_space_plot_and_sweep_write_the_same(tmp_path, capsys, monkeypatch):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    _without_space(monkeypatch, ["plot", "--preset", "fan", "--size", "320x200", "--out", str(a)], capsys)
    run(["plot", "--preset", "fan", "--size", "320x200", "--out", str(b)], capsys)
    assert a.read_bytes() == b.read_bytes()
    launches = tmp_path / "l.csv"
    launches.write_text("x0,y0,vx0,vy0\n1,0.5,0,0.4\n-1,0.2,0.1,0.3\n")
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    _without_space(monkeypatch, ["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(a)], capsys)
    run(["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(b)], capsys)
    left, right = np.load(a), np.load(b)
    assert sorted(left.files) == sorted(right.files) and "z" not in right.files
    for name in left.files:
        if name != "summary":
            assert np.array_equal(left[name], right[name])


def test_sweep_with_z_columns(tmp_path, capsys):
    launches = tmp_path / "l.csv"
    launches.write_text("x0,y0,z0,vx0,vy0,vz0\n1,0.5,0.3,0,0.4,0.5\n-1,0.2,0,0.1,0.3,0.2\n")
    out = tmp_path / "s.npz"
    code, stdout, _ = run(["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(out), "--json"], capsys)
    assert code == 0
    data = np.load(out)
    assert data["z"].shape == (2, 11) and data["L_axis"].shape == (2, 11)
    assert list(data["stop_reason"]) == ["r_min", "t_max"]
    assert json.loads(stdout)["launches"] == 2
    launches.write_text("x0,y0,z0,vx0,vy0,vz0\n1,0.5,0.3,0,0.4,0.5\n0,0,0,1,1,1\n")
    code, _, err = run(["sweep", "--k", "1", "--launches", str(launches), "--out", str(tmp_path / "bad.npz")], capsys)
    assert code == 2 and "row 2" in err and not (tmp_path / "bad.npz").exists()


def test_plot_and_animate_in_3d(tmp_path, capsys):
    png = tmp_path / "v.png"
    code, stdout, _ = run(["plot", "--view", "3d", "--elev", "40", "--azim", "10", "--preset", "space-winds-in", "--size", "320x240",
                           "--out", str(png)], capsys)
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG" and "elevation 40" in stdout
    gif = tmp_path / "v.gif"
    code, _, _ = run(["animate", "--view", "3d", "--k", "1", *SPACE[2:], "--t-max", "2", "--fps", "4", "--duration", "1",
                      "--size", "160x120", "--out", str(gif)], capsys)
    assert code == 0
    from PIL import Image

    assert Image.open(gif).n_frames == 4


def test_the_flags_of_the_3d_view_need_it(tmp_path, capsys):
    code, _, err = run(["plot", "--preset", "fan", "--azim", "30", "--out", str(tmp_path / "x.png")], capsys)
    assert code == 2 and "--azim needs --view 3d" in err
