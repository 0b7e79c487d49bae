"""Exports written headless and read back: PNG, SVG, PDF, GIF, MP4 and data; cancelled exports leave nothing."""

import json
import math
import re
import xml.etree.ElementTree as ET

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from app.export import _gif_durations, export_animation, export_data, export_figure, render_figure
from app.state import SimulationState
from app.themes import get_theme
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

FAST = IntegrationSettings(t_max=4.0, samples=61)
SIGNALS = (
    "k_changed", "particles_changed", "trajectories_changed", "selection_changed", "display_changed",
    "clock_changed", "view_changed", "theme_changed", "settings_changed", "history_changed",
)


@pytest.fixture(scope="module")
def state():
    s = SimulationState(k=1.0, settings=FAST)
    s.add_launches([LaunchState(1.0, math.pi / 2, 0.0, 0.0), LaunchState(1.0, 0.0, 0.0, 1.5)], ["swing", "escape"])
    s.set_time(s.duration)
    return s


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def distinct_colors(img: Image.Image) -> int:
    return len(np.unique(np.asarray(img.convert("RGB")).reshape(-1, 3), axis=0))


def test_png_size_pixels_and_metadata(state, tmp_path):
    path = tmp_path / "fig.png"
    export_figure(state, path, size=(320, 200), caption=True)
    with Image.open(path) as img:
        assert img.size == (320, 200)
        assert distinct_colors(img) > 20  # not blank: field lines, paths, text
        assert "k = 1" in img.text["Description"] and "swing" in img.text["Description"]
    assert listing(tmp_path) == ["fig.png"]


def test_png_dpi_sets_the_resolution_not_the_size(state, tmp_path):
    path = tmp_path / "fig.png"
    export_figure(state, path, size=(300, 180), dpi=200)
    with Image.open(path) as img:
        assert img.size == (300, 180)
        assert round(img.info["dpi"][0]) == 200


def test_svg_parses_and_has_the_description(state, tmp_path):
    path = tmp_path / "fig.svg"
    export_figure(state, path, size=(320, 200), caption=True)
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    descriptions = [e.text for e in root.iter("{http://purl.org/dc/elements/1.1/}description")]
    assert descriptions and "r\u2080 = 1" in descriptions[0]
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) > 20


def test_pdf_has_a_page(state, tmp_path):
    path = tmp_path / "fig.pdf"
    export_figure(state, path, size=(320, 200))
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1
    assert b"/Subject" in data and b"/Title" in data


def test_export_does_not_change_the_state(state, tmp_path):
    log = []
    for name in SIGNALS:
        getattr(state, name).connect(lambda *a, name=name: log.append(name))
    before = (state.theme, state.time, state.k, state.particles, state.selected)
    export_figure(state, tmp_path / "a.png", size=(160, 100), theme="presentation", time=0.5)
    export_animation(state, tmp_path / "a.gif", fps=2, duration=1, size=(160, 100), theme="print")
    assert log == [] and (state.theme, state.time, state.k, state.particles, state.selected) == before


def test_presentation_theme_has_larger_fonts_and_lines(state):
    figs = {name: render_figure(state, (400, 250), theme=name) for name in ("default", "presentation")}
    d, p = figs["default"][1], figs["presentation"][1]
    assert p.ax.xaxis.label.get_fontsize() > d.ax.xaxis.label.get_fontsize()
    assert p.ax.get_xticklabels()[0].get_fontsize() > d.ax.get_xticklabels()[0].get_fontsize()
    assert p.clock_text.get_fontsize() > d.clock_text.get_fontsize()
    assert p.trails.get_linewidth()[0] > d.trails.get_linewidth()[0]
    field = {n: [c for c in f[1].ax.collections if c.get_label() == "field lines"][0] for n, f in figs.items()}
    assert field["presentation"].get_linewidth()[0] > field["default"].get_linewidth()[0]
    assert get_theme("presentation").font_size > get_theme("default").font_size


def test_theme_override_recolours_palette_particles(state):
    fig, layers, _ = render_figure(state, (200, 120), theme="print")
    colors = {tuple(np.round(c, 3)) for c in layers.trails.get_colors()}
    palette = {tuple(np.round(Image.new("RGB", (1, 1), c).getpixel((0, 0)), 0) / 255) for c in get_theme("print").particle_colors}
    assert colors and all(c[:3] in {tuple(np.round(p, 3)) for p in palette} for c in colors)


def test_gif_frame_count_and_size(state, tmp_path):
    path = tmp_path / "anim.gif"
    calls = []
    assert export_animation(state, path, fps=5, duration=1.2, size=(160, 100), progress=lambda i, n: calls.append((i, n)))
    assert calls == [(i, 6) for i in range(1, 7)]
    with Image.open(path) as img:
        assert img.n_frames == 6 and img.size == (160, 100)
        assert "k = 1" in img.info["comment"].decode("utf-8")
        img.seek(5)
        assert distinct_colors(img) > 10
    assert listing(tmp_path) == ["anim.gif"]


def test_gif_durations_keep_time():
    d = _gif_durations(30, 30)
    assert all(x % 10 == 0 for x in d) and sum(d) == 1000


def test_mp4_frame_count_and_even_size(state, tmp_path):
    path = tmp_path / "anim.mp4"
    assert export_animation(state, path, fps=10, duration=0.5, size=(161, 101))
    frames, secs = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == 5 and secs == pytest.approx(0.5, abs=0.11)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    assert meta["size"] == (160, 100) and meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    frame = np.frombuffer(next(reader), dtype=np.uint8)
    reader.close()
    assert frame.size == 160 * 100 * 3 and frame.std() > 5
    assert listing(tmp_path) == ["anim.mp4"]


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_cancelled_export_leaves_no_file(state, tmp_path, suffix):
    path = tmp_path / f"anim{suffix}"
    seen = []

    def progress(i, n):
        seen.append(i)
        return i < 3

    assert export_animation(state, path, fps=10, duration=1, size=(96, 64), progress=progress) is False
    assert seen == [1, 2, 3]
    assert listing(tmp_path) == []


def test_cancel_keeps_an_older_file(state, tmp_path):
    path = tmp_path / "anim.gif"
    path.write_bytes(b"old")
    assert export_animation(state, path, fps=10, duration=1, size=(96, 64), progress=lambda i, n: False) is False
    assert path.read_bytes() == b"old" and listing(tmp_path) == ["anim.gif"]


def test_failed_export_leaves_no_file(state, tmp_path):
    def boom(i, n):
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export_animation(state, tmp_path / "a.mp4", fps=5, duration=1, size=(96, 64), progress=boom)
    assert listing(tmp_path) == []


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda s, d: export_figure(s, d / "a.jpg"), "must end in"),
        (lambda s, d: export_figure(s, d / "a.png", size=(8, 8)), "size"),
        (lambda s, d: export_figure(s, d / "a.png", dpi=0), "dpi"),
        (lambda s, d: export_figure(s, d / "a.png", theme="neon"), "theme"),
        (lambda s, d: export_animation(s, d / "a.avi"), "must end in"),
        (lambda s, d: export_animation(s, d / "a.mp4", fps=0), "frame rate"),
        (lambda s, d: export_animation(s, d / "a.gif", fps=60), "GIF"),
        (lambda s, d: export_animation(s, d / "a.mp4", duration=-1), "duration"),
        (lambda s, d: export_animation(s, d / "a.gif", size=(4000, 4000)), "memory"),
    ],
)
def test_bad_arguments_raise_value_error_and_write_nothing(state, tmp_path, call, words):
    with pytest.raises(ValueError, match=words):
        call(state, tmp_path)
    assert listing(tmp_path) == []


def test_export_data_all_formats(state, tmp_path):
    export_data(state, tmp_path / "d.csv")
    lines = (tmp_path / "d.csv").read_text().splitlines()
    assert lines[0].startswith("particle,t,x,y")
    n = sum(len(state.trajectory(p.id).t) for p in state.particles)
    assert len(lines) == n + 1 and {ln.split(",")[0] for ln in lines[1:]} == {"1", "2"}  # the numbers the window shows
    export_data(state, tmp_path / "d.json")
    assert len(json.loads((tmp_path / "d.json").read_text())["particles"]) == 2
    export_data(state, tmp_path / "d.npz")
    with np.load(tmp_path / "d.npz") as z:
        assert len(z["t"]) == n and set(z["particle"]) == {1, 2}
    with pytest.raises(ValueError):
        export_data(state, tmp_path / "d.xlsx")


def test_empty_state_exports(tmp_path):
    s = SimulationState(k=0.0, settings=FAST)
    export_figure(s, tmp_path / "e.png", size=(480, 300), caption=True)
    assert export_animation(s, tmp_path / "e.gif", fps=2, duration=1, size=(320, 200))
    with Image.open(tmp_path / "e.gif") as img:
        assert img.n_frames >= 1


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg", ".csv", ".json", ".npz"])
def test_a_cancelled_figure_or_data_export_writes_nothing_and_keeps_an_older_file(state, tmp_path, suffix):
    """The window makes figures and data on a worker; Cancel is heard between the steps: asked before drawing,
    after drawing (before the file is touched) and every few thousand rows of a table."""
    from app.export import ExportCancelled

    path = tmp_path / f"out{suffix}"
    write = export_data if suffix in (".csv", ".json", ".npz") else export_figure
    checks = 1 if suffix in (".json", ".npz") else 2  # a table this short: at its first row and before writing
    for answers_before_cancel in range(checks):
        def cancelled(asked=[], after=answers_before_cancel):  # noqa: B006 - one list for this export's questions
            asked.append(1)
            return len(asked) > after

        with pytest.raises(ExportCancelled):
            write(state, path, cancelled=cancelled)
        assert listing(tmp_path) == []
    write(state, path, cancelled=lambda: False)
    older = path.read_bytes()
    with pytest.raises(ExportCancelled):
        write(state, path, cancelled=lambda: True)
    assert path.read_bytes() == older and listing(tmp_path) == [path.name]


def test_a_csv_export_hears_cancel_while_it_makes_the_table(tmp_path):
    """A long table asks every CHECK_ROWS rows, not only at the end."""
    from app.export import ExportCancelled
    from app.files.data import CHECK_ROWS

    s = SimulationState(k=1.0, settings=IntegrationSettings(t_max=4.0, samples=1001))
    s.add_launches([LaunchState(1.0 + 0.1 * i, 1.0, 0.0, 0.5) for i in range(8)])
    asked = []
    with pytest.raises(ExportCancelled):
        export_data(s, tmp_path / "big.csv", cancelled=lambda: asked.append(1) or len(asked) > 2)
    assert len(asked) == 3 and 2 * CHECK_ROWS < 8 * 1001 and listing(tmp_path) == []
