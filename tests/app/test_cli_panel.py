"""`python main.py plot --panel NAME`: the analysis figures written headless, with plot's themes, sizes and caption."""

import numpy as np
import pytest
from PIL import Image

from app.cli import main

FAST = ["--t-max", "6", "--samples", "81"]


def run(args, capsys):
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse refuses a bad choice by exiting
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["regime", "pendulum", "invariants", "scattering"])
def test_each_panel_is_written_at_the_size_asked(tmp_path, capsys, name):
    out = tmp_path / f"{name}.png"
    code, stdout, err = run(["plot", "--preset", "fan", *FAST, "--panel", name, "--size", "360x260", "--out", out], capsys)
    assert code == 0 and err == ""
    assert stdout.startswith(f"wrote {out} (360x260 px")
    with Image.open(out) as img:
        assert img.size == (360, 260)
        assert len(np.unique(np.asarray(img.convert("RGB")).reshape(-1, 3), axis=0)) > 20
        assert name.split("s")[0] in img.text["Title"] or "invariants" in img.text["Title"]


def test_theme_caption_and_vector_formats(tmp_path, capsys):
    png = tmp_path / "pendulum.png"
    code, _, _ = run(["plot", "--preset", "capture-escape", *FAST, "--panel", "pendulum", "--particle", "2", "--theme",
                      "presentation", "--caption", "--size", "640x480", "--out", png], capsys)
    assert code == 0
    with Image.open(png) as img:
        rgb = np.asarray(img.convert("RGB"))
        assert np.median(rgb) < 40  # dark background end to end
        assert "hidden pendulum of launch" in img.text["Title"]
    for suffix in (".svg", ".pdf"):
        out = tmp_path / f"regime{suffix}"
        code, _, _ = run(["plot", "--preset", "fan", *FAST, "--panel", "regime", "--theme", "print", "--out", out], capsys)
        assert code == 0 and out.stat().st_size > 2000


@pytest.mark.parametrize("args, message", [
    (["--panel", "nonsense"], "invalid choice"),
    (["--panel", "regime", "--particle", "1"], "--particle N chooses the launch"),
    (["--panel", "pendulum", "--particle", "40"], "there is no launch 40"),
])
def test_bad_panel_flags_are_one_line_and_no_file(tmp_path, capsys, args, message):
    out = tmp_path / "x.png"
    code, _, err = run(["plot", "--preset", "fan", *FAST, *args, "--out", out], capsys)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
