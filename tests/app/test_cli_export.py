"""The `plot` and `animate` command-line contract: what they write, their progress line, and refusal of bad input."""

import io
import math
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from app.cli import main
from app.cli.plot import ProgressLine
from app.export import export_figure
from app.files.session import save_session
from app.presets import load_preset
from app.state import SimulationState
from physics.integration.contract import IntegrationSettings

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--t-max", "4", "--samples", "61"]
SWING = ["--k", "1", "--launch", f"1,{math.pi / 2},0,0"]


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_plot_png_from_a_preset(tmp_path, capsys):
    out = tmp_path / "semi.png"
    code, stdout, err = run(["plot", "--preset", "semicircle", *FAST, "--size", "320x200", "--out", out], capsys)
    assert code == 0 and err == ""
    assert stdout.startswith(f"wrote {out} (320x200 px")
    with Image.open(out) as img:
        assert img.size == (320, 200)
        assert len(np.unique(np.asarray(img.convert("RGB")).reshape(-1, 3), axis=0)) > 20
    assert listing(tmp_path) == ["semi.png"]


def test_plot_launches_caption_and_metadata(tmp_path, capsys):
    out = tmp_path / "two.png"
    args = ["plot", *SWING, "--launch", "1.5,0,0,0.8", "--r0", "2", "--theta0", "1", "--vr0", "0", "--omega0", "0.2",
            *FAST, "--caption", "--theme", "presentation", "--size", "480x300", "--dpi", "80", "--out", out]
    code, _, _ = run(args, capsys)
    assert code == 0
    with Image.open(out) as img:
        text = img.text["Description"]
        assert round(img.info["dpi"][0]) == 80
    assert "k = 1" in text and text.count(". r\u2080 =") == 3 and "1. r\u2080 = 2," in text


@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_plot_vector_formats(tmp_path, capsys, suffix):
    out = tmp_path / f"fig{suffix}"
    code, _, _ = run(["plot", *SWING, *FAST, "--time", "1", "--view=-2,2,-1.5,1.5", "--out", out], capsys)
    assert code == 0
    head = out.read_bytes()[:200]
    assert head.startswith(b"%PDF") if suffix == ".pdf" else b"<svg" in out.read_bytes()[:2000]


def test_plot_session_reproduces_the_window_picture(tmp_path, capsys):
    state = SimulationState(settings=IntegrationSettings(t_max=4.0, samples=61))
    load_preset(state, "capture-escape")
    state.set_theme("print")
    state.set_time(2.0)
    save_session(tmp_path / "lesson.json", state)
    export_figure(state, tmp_path / "direct.png", size=(320, 200))
    code, stdout, _ = run(["plot", "--session", tmp_path / "lesson.json", "--size", "320x200", "--out", tmp_path / "cli.png"], capsys)
    assert code == 0 and "t = 2" in stdout
    a, b = (np.asarray(Image.open(tmp_path / n).convert("RGB")) for n in ("direct.png", "cli.png"))
    assert np.array_equal(a, b)


def test_animate_gif_with_progress_lines(tmp_path, capsys):
    out = tmp_path / "a.gif"
    code, stdout, err = run(["animate", *SWING, *FAST, "--fps", "5", "--duration", "1", "--size", "160x100", "--out", out], capsys)
    assert code == 0
    with Image.open(out) as img:
        assert img.n_frames == 5 and img.size == (160, 100)
    assert "frame 5/5 (100%)" in err and "\r" not in err  # plain lines when stderr is not a terminal
    assert stdout.startswith(f"wrote {out} (5 frames at 5 fps")


def test_animate_mp4(tmp_path, capsys):
    out = tmp_path / "a.mp4"
    code, _, _ = run(["animate", "--preset", "radial-fall", *FAST, "--fps", "8", "--duration", "1", "--size", "160x100", "--out", out], capsys)
    assert code == 0
    assert imageio_ffmpeg.count_frames_and_secs(str(out))[0] == 8
    assert listing(tmp_path) == ["a.mp4"]


def test_progress_line_on_a_terminal_rewrites_one_line():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    line = ProgressLine(stream, "writing a.mp4")
    for i in range(1, 4):
        assert line(i, 3) is True
    line.finish()
    assert stream.getvalue() == "\rwriting a.mp4: frame 1/3 (33%)\rwriting a.mp4: frame 2/3 (66%)\rwriting a.mp4: frame 3/3 (100%)\n"


BAD = [
    (["plot"], "--out"),
    (["plot", "--out", "{d}/a.png"], "say what to draw"),
    (["plot", "--preset", "nope", "--out", "{d}/a.png"], "unknown preset"),
    (["plot", "--preset", "fan", "--session", "{d}/s.json", "--out", "{d}/a.png"], "--session and --preset"),
    (["plot", "--preset", "fan", "--out", "{d}/a.jpg"], "must end in"),
    (["plot", "--preset", "fan", "--out", "{d}/missing/a.png"], "does not exist"),
    (["plot", "--preset", "fan", "--size", "10x10", "--out", "{d}/a.png"], "--size"),
    (["plot", "--preset", "fan", "--size", "wide", "--out", "{d}/a.png"], "--size"),
    (["plot", "--preset", "fan", "--dpi", "0", "--out", "{d}/a.png"], "--dpi"),
    (["plot", "--preset", "fan", "--theme", "neon", "--out", "{d}/a.png"], "--theme"),
    (["plot", "--preset", "fan", "--time", "-1", "--out", "{d}/a.png"], "--time"),
    (["plot", "--preset", "fan", "--view=1,0,0,1", "--out", "{d}/a.png"], "--view"),
    (["plot", "--preset", "fan", "--r-min", "5", "--out", "{d}/a.png"], "outside"),
    (["plot", "--k", "nan", "--out", "{d}/a.png"], "--k"),
    (["plot", "--k", "1e9", "--out", "{d}/a.png"], "--k"),
    (["plot", "--k", "1", "--launch", "1,2,3", "--out", "{d}/a.png"], "--launch"),
    (["plot", "--k", "1", "--launch", "0.01,0,0,0", "--out", "{d}/a.png"], "--launch"),
    (["plot", "--k", "1", "--launch", "1,0,0,x", "--out", "{d}/a.png"], "--launch"),
    (["plot", "--k", "1", "--r0", "1", "--out", "{d}/a.png"], "--theta0"),
    (["plot", "--session", "{d}/nope.json", "--out", "{d}/a.png"], "cannot read"),
    (["plot", "--session", "{d}/bad.json", "--out", "{d}/a.png"], "launches[0].r0"),
    (["animate", "--preset", "fan", "--out", "{d}/a.avi"], "must end in"),
    (["animate", "--preset", "fan", "--fps", "0", "--out", "{d}/a.mp4"], "--fps"),
    (["animate", "--preset", "fan", "--fps", "60", "--out", "{d}/a.gif"], "--fps"),
    (["animate", "--preset", "fan", "--duration", "0", "--out", "{d}/a.mp4"], "--duration"),
    (["animate", "--preset", "fan", "--size", "4000x4000", "--out", "{d}/a.gif"], "memory"),
]


@pytest.mark.parametrize("argv, words", BAD, ids=[" ".join(a[1:3]) + f" [{w}]" for a, w in BAD])
def test_bad_input_one_line_exit_2_no_file(tmp_path, capsys, argv, words):
    (tmp_path / "s.json").write_text("{}")
    (tmp_path / "bad.json").write_text(
        '{"format": "dipole-lab-session", "version": 1, "k": 1, "launches": [{"r0": "one", "theta0": 0, "vr0": 0, "omega0": 0}]}'
    )
    before = listing(tmp_path)
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main([a.format(d=tmp_path) for a in argv]))
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert err.count("\n") == 1 and words in err and "Traceback" not in err, err
    assert listing(tmp_path) == before


def test_main_py_plot_end_to_end_without_qt(tmp_path):
    out = tmp_path / "fan.png"
    code = (
        "import sys; from app.cli import main; "
        f"rc = main(['plot', '--preset', 'fan', '--t-max', '4', '--samples', '61', '--size', '320x200', '--out', {str(out)!r}]); "
        "assert 'PySide6' not in sys.modules; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.exists() and result.stdout.startswith("wrote")


def test_numbers_flag_turns_on_path_numbers():
    from app.cli import build_parser
    from app.cli.plot import session_from_args

    args = build_parser().parse_args(["plot", "--preset", "fan", "--numbers", "--out", "x.png"])
    assert session_from_args(args).display.path_numbers
    args = build_parser().parse_args(["plot", "--preset", "fan", "--out", "x.png"])
    assert not session_from_args(args).display.path_numbers


def test_a_pdf_is_reported_by_its_page_size_not_in_pixels(tmp_path, capsys):
    import re

    out = tmp_path / "sheet.pdf"
    assert main(["plot", "--preset", "fan", "--size", "800x500", "--dpi", "100", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "px" not in said and "8 x 5 in" in said
    box = re.search(rb"/MediaBox \[ *([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", out.read_bytes())
    assert (float(box.group(3)) / 72, float(box.group(4)) / 72) == (8.0, 5.0)  # the page really is 8 x 5 inches


def test_plot_level_draws_a_challenge_level_as_a_worksheet_and_refuses_a_bad_one(tmp_path, capsys):
    """--level N draws the built-in level N (its k and view, start zone, targets, forbidden zones); --level FILE a
    teacher's level file; an unknown number or a bad file is one line and exit 2, and no file."""
    from app.challenge.drawing import FORBIDDEN, TARGET
    from app.challenge.levels import builtin_levels

    level = builtin_levels()[1]
    out = tmp_path / "level2.svg"
    code, printed, err = run(["plot", "--level", "2", "--size", "400x250", "--out", out], capsys)
    assert code == 0 and err == "" and printed.startswith("wrote")
    svg = out.read_text(encoding="utf-8")
    assert TARGET in svg and FORBIDDEN in svg and f"k = {level.initial_k:g}" in svg.replace("&#x2009;", "")
    plain = tmp_path / "plain.svg"
    assert run(["plot", "--k", str(level.initial_k), "--size", "400x250", "--out", plain], capsys)[0] == 0
    assert TARGET not in plain.read_text(encoding="utf-8")
    for bad, said in (("9", "the built-in levels are 1 to"), (str(tmp_path / "none.json"), "cannot read it")):
        code, _, err = run(["plot", "--level", bad, "--out", tmp_path / "bad.png"], capsys)
        assert code == 2 and said in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "bad.png").exists()
