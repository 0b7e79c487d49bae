"""Faults on the command line end in one line and exit 2 (or 143 for SIGTERM), never a traceback or a broken file.

A full disk is simulated portably: a stand-in ffmpeg that fails as the real one does on a full disk, or a
write that raises ENOSPC.
"""

import errno
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import engine, main
from app.export import export_animation, export_figure
from app.files import TEMP_PREFIX
from app.state import SimulationState
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--t-max", "4", "--samples", "61"]


@pytest.fixture(scope="module")
def state():
    s = SimulationState(k=1.0, settings=IntegrationSettings(t_max=4.0, samples=61))
    s.add_launches([LaunchState(1.0, math.pi / 2, 0.0, 0.0), LaunchState(1.0, 0.0, 0.0, 1.5)])
    return s


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(("flag", "value"), [("--rtol", "3.14"), ("--rtol", "1e-20"), ("--atol", "5"), ("--atol", "0")])
def test_tolerances_that_cannot_give_a_result_are_refused(tmp_path, capsys, flag, value):
    # --rtol 3.14 was accepted, then printed six RuntimeWarnings and a JSON error
    argv = ["simulate", "--k", "1", "--r0", "1", "--theta0", "1", "--vr0", "0", "--omega0", "0", flag, value,
            "--out", str(tmp_path / "a.csv")]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = one_line_error(capsys)
    assert f"argument {flag}: must be from" in err and value in err
    assert not list(tmp_path.iterdir())


def test_a_huge_derivation_timeout_is_refused_by_name(capsys):
    # it said "the numbers are too large to integrate"
    with pytest.raises(SystemExit) as info:
        main(["equations", "--U", "-k/r", "--timeout", "1e308"])
    assert info.value.code == 2
    assert "argument --timeout: must be from 0.01 to 3600" in one_line_error(capsys)


def test_an_output_name_over_255_bytes_is_refused_in_one_line(tmp_path, capsys):
    # ENAMETOOLONG came out of check_output_path as a traceback
    name = "é" * 200 + ".png"  # 404 bytes in UTF-8
    code = main(["plot", "--preset", "fan", *FAST, "--out", str(tmp_path / name)])
    assert code == 2
    err = one_line_error(capsys)
    assert "the file name is 404 bytes long, at most 255 are allowed" in err
    assert len(err) < 300
    assert not list(tmp_path.iterdir())


def test_a_path_too_long_for_the_system_is_one_line(tmp_path, capsys):
    deep = str(tmp_path) + ("/" + "d" * 250) * 20 + "/x.png"  # 5,000 bytes: longer than PATH_MAX
    code = main(["plot", "--preset", "fan", *FAST, "--out", deep])
    assert code == 2
    one_line_error(capsys)


FAKE_FFMPEG = r"""#!{python}
import os, sys, time
# stands in for ffmpeg on a full disk: {when}
out = sys.argv[-1]
if "-i" in sys.argv and sys.argv[sys.argv.index("-i") + 1] != "-":  # imageio_ffmpeg.count_frames_and_secs
    os.execv({real!r}, [{real!r}] + sys.argv[1:])
if {at_once}:
    sys.stdin.buffer.read(1000)
    open(out, "wb").write(b"\0" * 100)
    sys.stderr.write("[out#0/mp4 @ 0x55] Error writing header: No space left on device\n")
    sys.exit(1)
sys.stdin.buffer.read()
open(out, "wb").write(b"\0" * 65536)
sys.stderr.write("[out#0/mp4 @ 0x55] Error writing trailer: No space left on device\n")
sys.stderr.write("[out#0/mp4 @ 0x55] Error closing file: No space left on device\n")
sys.exit({status})
"""


def fake_ffmpeg(tmp_path, monkeypatch, at_once: bool, status: int = 1) -> None:
    import imageio_ffmpeg

    real = imageio_ffmpeg.get_ffmpeg_exe()
    script = tmp_path / "bin" / "ffmpeg"
    script.parent.mkdir()
    script.write_text(FAKE_FFMPEG.format(python=sys.executable, real=real, at_once=at_once, status=status,
                                         when="at once" if at_once else "at the trailer"))
    script.chmod(0o755)
    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: str(script))


@pytest.mark.skipif(os.name != "posix", reason="the stand-in ffmpeg is a script with a #! line")
@pytest.mark.parametrize("at_once", [False, True], ids=["at the trailer", "at once (broken pipe)"])
def test_an_mp4_the_encoder_failed_to_finish_is_an_error_and_leaves_no_file(state, tmp_path, monkeypatch, capsys, at_once):
    # it was reported as "wrote …" with exit 0, and did not play
    fake_ffmpeg(tmp_path, monkeypatch, at_once)
    out = tmp_path / "out" / "a.mp4"
    out.parent.mkdir()
    with pytest.raises(OSError, match="No space left on device") as info:
        export_animation(state, out, fps=10, duration=1, size=(320, 200))
    assert "\n" not in str(info.value) and "FFMPEG COMMAND" not in str(info.value)
    assert "[out#0" not in str(info.value)
    assert not list(out.parent.iterdir())
    assert capsys.readouterr().err == ""  # ffmpeg's own lines are not passed through


@pytest.mark.skipif(os.name != "posix", reason="the stand-in ffmpeg is a script with a #! line")
def test_an_mp4_the_encoder_calls_a_success_is_read_back(state, tmp_path, monkeypatch):
    # an encoder that exits 0 but leaves a broken file: the frame count read back catches it
    fake_ffmpeg(tmp_path, monkeypatch, at_once=False, status=0)
    out = tmp_path / "out" / "a.mp4"
    out.parent.mkdir()
    with pytest.raises(OSError, match="cannot be read back|holds"):
        export_animation(state, out, fps=10, duration=1, size=(320, 200))
    assert not list(out.parent.iterdir())


@pytest.mark.skipif(os.name != "posix", reason="the stand-in ffmpeg is a script with a #! line")
def test_animate_onto_a_full_disk_exits_2_in_one_line(tmp_path, monkeypatch, capsys):
    fake_ffmpeg(tmp_path, monkeypatch, at_once=False)
    out = tmp_path / "a.mp4"
    code = main(["animate", "--preset", "fan", *FAST, "--fps", "5", "--duration", "1", "--size", "320x200", "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[-1].startswith("main.py animate: error:") and err[-1].endswith("No space left on device")
    assert not any("Traceback" in line or "[out#0" in line for line in err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


@pytest.mark.parametrize("suffix", [".pdf", ".png", ".svg"])
def test_a_figure_onto_a_full_disk_is_an_oserror_and_leaves_no_file(state, tmp_path, monkeypatch, suffix):
    # a PDF gave AttributeError: 'Stream' object has no attribute 'pos' from matplotlib's clean-up
    def full(self, data):
        with open(self, "wb") as handle:
            handle.write(bytes(data)[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError) as info:
        export_figure(state, tmp_path / f"fig{suffix}", size=(200, 120))
    assert info.value.errno == errno.ENOSPC
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
def test_sigterm_during_animate_cleans_up_and_exits_143(tmp_path):
    out = tmp_path / "long.mp4"
    proc = subprocess.Popen(
        [sys.executable, "main.py", "animate", "--preset", "fan", *FAST, "--fps", "20", "--duration", "60",
         "--size", "320x200", "--out", str(out)],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        for line in proc.stderr:  # wait until frames are being written
            if "frame" in line:
                break
        assert any(p.name.startswith(TEMP_PREFIX) for p in tmp_path.iterdir())
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143
    assert rest.strip().splitlines()[-1] == "main.py animate: terminated"
    assert "Traceback" not in rest
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(os.name != "posix", reason="process ids are checked on POSIX only")
def test_a_command_removes_what_a_killed_run_left_in_its_folder(tmp_path, capsys):
    from physics import files  # the atomic writing app.files uses

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    stale = tmp_path / f"{TEMP_PREFIX}{files._HOST}-{ended.pid}-x1y2z3.mp4"
    stale.write_bytes(b"\0" * 1000)
    assert main(["plot", "--preset", "fan", *FAST, "--size", "320x200", "--out", str(tmp_path / "a.png")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]


def test_a_view_far_from_the_dipole_for_its_width_is_refused_when_reading(tmp_path, capsys):
    # x from 1e6 − 2e−9 to 1e6 passed the session checker and crashed `plot` in FreeType (raster overflow)
    session = tmp_path / "far.json"
    session.write_text(json.dumps({"format": "dipole-lab-session", "version": 1, "k": 1.0, "launches": [],
                                   "view": {"xmin": 1e6 - 2e-9, "xmax": 1e6, "ymin": -2, "ymax": 2}}))
    code = main(["plot", "--session", str(session), "--out", str(tmp_path / "a.png")])
    assert code == 2
    err = one_line_error(capsys)
    assert "view.xmin" in err and "from the dipole" in err
    with pytest.raises(SystemExit):
        main(["plot", "--k", "1", "--view=-1,1,50000,50002", "--out", str(tmp_path / "b.png")])
    err = one_line_error(capsys)
    assert "argument --view: the y side" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["far.json"]


def test_views_within_reach_of_the_dipole_still_draw(tmp_path):
    for view in ("--view=-1e6,1e6,-1e-3,1e-3", "--view=0,1e-9,0,1e-9", "--view=1000,1002,-1,1"):
        assert main(["plot", "--k", "1", "--launch", "1,1,0,0", *FAST, view, "--size", "320x200",
                     "--out", str(tmp_path / "a.png")]) == 0


class _Generated:
    def __init__(self, path):
        self.path = path


def test_the_first_use_of_the_fast_engine_says_so_once(tmp_path, monkeypatch, capsys):
    from physics.integration import batch, generated

    module = tmp_path / "dipole_lab_model_abc.py"
    calls = []
    monkeypatch.setattr(batch, "choose_engine", lambda settings=None: "numba")
    monkeypatch.setattr(generated, "model_for", lambda model=None: _Generated(module))
    monkeypatch.setattr(batch, "preload", lambda model=None: calls.append(model) or "numba")
    assert engine.prepare_fast_engine() == "numba"
    assert capsys.readouterr().err == f"preparing the fast engine, once per install, about {engine.FAST_ENGINE_SECONDS} s\n"
    # numba's cache now holds the kernel: nothing more is said
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "dipole_lab_model_abc.integrate_range-12.py311.nbi").write_bytes(b"")
    assert engine.prepare_fast_engine() == "numba"
    assert capsys.readouterr().err == ""
    # and nothing either when numba is not used
    monkeypatch.setattr(batch, "choose_engine", lambda settings=None: "numpy")
    (tmp_path / "__pycache__" / "dipole_lab_model_abc.integrate_range-12.py311.nbi").unlink()
    assert engine.prepare_fast_engine() == "numpy"
    assert capsys.readouterr().err == "" and len(calls) == 2  # and nothing was loaded


def test_plot_with_a_typed_potential_says_when_its_kernel_is_prepared(tmp_path, monkeypatch, capsys):
    """A typed potential has a kernel of its own: `plot --U` compiled it in silence (issue 12); it says so once."""
    from physics.integration import batch, generated

    monkeypatch.setattr(batch, "choose_engine", lambda settings=None: "numba")
    monkeypatch.setattr(generated, "model_for", lambda model=None: _Generated(tmp_path / "m.py"))
    monkeypatch.setattr(batch, "preload", lambda model=None: "numba")
    assert engine.prepare_fast_engine(model=object()) == "numba"
    assert capsys.readouterr().err == f"preparing the fast engine, once for this potential, about {engine.FAST_ENGINE_SECONDS} s\n"
    monkeypatch.undo()
    asked = []
    monkeypatch.setattr(engine, "prepare_fast_engine", lambda model=None, stream=None, settings=None: asked.append(model) or "numpy")
    out = tmp_path / "typed.png"
    assert main(["plot", "--k", "1", "--U", "-k/r", "--launch", "1.2,0.3,0,0.5", *FAST, "--size", "320x200", "--out", str(out)]) == 0
    assert len(asked) == 1 and asked[0] is not None  # the typed potential's model, not the point dipole's


def test_sweep_prepares_the_fast_engine_inside_its_reported_time(tmp_path, monkeypatch, capsys):
    waits = []

    def slow_prepare(model=None, stream=None, settings=None):
        print("preparing the fast engine, once per install, about 10 s", file=sys.stderr)
        time.sleep(0.3)
        waits.append(0.3)
        return "numpy"

    monkeypatch.setattr(engine, "prepare_fast_engine", slow_prepare)
    launches = tmp_path / "fan.csv"
    launches.write_text("x0,y0,vx0,vy0\n1.2,0.6,0.2,0\n")
    code = main(["sweep", "--k", "1", "--launches", str(launches), *FAST, "--out", str(tmp_path / "a.npz"), "--json"])
    captured = capsys.readouterr()
    assert code == 0 and waits
    assert json.loads(captured.out)["wall_time_s"] >= 0.3
    assert captured.err.count("preparing the fast engine") == 1
