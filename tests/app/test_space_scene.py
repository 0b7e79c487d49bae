"""The 3-D view's model, its presets, its session entry (version 4) and its exports."""

import json
from dataclasses import replace

import numpy as np
import pytest

from app.files.session import SessionError, read_session, save_session, session_to_dict
from app.space.export import export_space_animation, export_space_data, export_space_figure
from app.space.scene import PRESET_NAMES, SpaceScene, SpaceSetup, preset_setup
from app.state import SimulationState
from physics.launch import LaunchState
from physics.space.launch import SpaceLaunch
from physics.space.motion import classify_space


def small(name: str) -> SpaceSetup:
    setup = preset_setup(name)
    return replace(setup, settings=replace(setup.settings, samples=151))


@pytest.fixture(scope="module")
def scenes():
    out = {}
    for name in PRESET_NAMES:
        scene = SpaceScene(preset_setup(name))  # the presets' own sampling: fewer samples miss the turns near a fall
        scene.compute()
        out[name] = scene
    return out


def test_presets_do_what_their_names_say(scenes):
    winds = scenes["space-winds-in"].trajectories[0]
    turns = lambda tr: abs(np.unwrap(np.arctan2(tr.z, tr.y))[-1] - np.arctan2(tr.z[0], tr.y[0])) / (2 * np.pi)  # noqa: E731
    assert winds.stop_reason == "r_min" and turns(winds) > 2
    escapes = scenes["space-escapes"].trajectories[0]
    assert classify_space(escapes.launch, 1.0).kind == "escapes" and turns(escapes) > 2
    planar, broken = scenes["space-plane-breaks"].trajectories
    assert np.abs(planar.z).max() <= 1e-12 < 0.3 < np.abs(broken.z).max()  # v_z = 0.03 lifts it 0.4 out of the plane


def test_one_emit_per_change_and_none_for_the_same_k():
    scene = SpaceScene(small("space-winds-in"))
    heard = []
    scene.k_changed.connect(heard.append)
    scene.set_k(1.0)
    assert heard == []
    scene.set_k(-1.0)
    assert heard == [-1.0] and scene.trajectories == ()
    work, generation = scene.job()
    scene.add_launch(SpaceLaunch(0, 1, 0, 0, 0, 0.1))
    assert not scene.set_trajectories(work(), generation)  # a late result of an older job is dropped
    with pytest.raises(ValueError):
        scene.add_launch(SpaceLaunch(0.01, 0, 0, 0, 0, 0))  # inside r_min


def test_sessions_keep_the_3d_launches_and_planar_files_stay_as_they_were(tmp_path):
    state = SimulationState(k=1.0)
    state.add_launch(LaunchState(1.0, 1.5, 0.0, 0.0))
    planar = session_to_dict(state)
    assert planar["version"] in (1, 2, 3) and "space" not in planar
    state.space_setup = small("space-plane-breaks")
    path = tmp_path / "s.json"
    save_session(path, state)
    doc = json.loads(path.read_text())
    assert doc["version"] == 4 and len(doc["space"]["launches"]) == 2
    session = read_session(path)
    assert session.space.launches == state.space_setup.launches and session.space.settings.samples == 151
    doc["space"]["launches"][0]["z0"] = "high"
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionError, match="space"):
        read_session(path)
    doc["space"]["launches"][0]["z0"] = 0.0
    doc["version"] = 3
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionError, match="version 4"):
        read_session(path)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_figure_from_a_chosen_angle(tmp_path, scenes, suffix):
    path = tmp_path / f"v{suffix}"
    export_space_figure(scenes["space-winds-in"], path, size=(320, 240), elev=50, azim=30)
    assert path.stat().st_size > 1000
    if suffix == ".png":
        other = tmp_path / "other.png"
        export_space_figure(scenes["space-winds-in"], other, size=(320, 240), elev=10, azim=-100)
        assert other.read_bytes() != path.read_bytes()


def test_animation_turns_the_camera(tmp_path, scenes):
    from PIL import Image

    path = tmp_path / "v.gif"
    assert export_space_animation(scenes["space-escapes"], path, fps=4, duration=1, size=(160, 120))
    with Image.open(path) as gif:
        assert gif.n_frames == 4
    stopped = tmp_path / "stopped.gif"
    assert not export_space_animation(scenes["space-escapes"], stopped, fps=4, duration=1, size=(160, 120),
                                      progress=lambda i, n: i < 2)
    assert not stopped.exists()


def test_data_has_z_columns(tmp_path, scenes):
    path = tmp_path / "d.csv"
    export_space_data(scenes["space-plane-breaks"], path)
    header = path.read_text().splitlines()[0]
    assert header == "particle,t,x,y,z,vx,vy,vz,r,vr,energy,C,L_axis"
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    samples = preset_setup("space-plane-breaks").settings.samples
    assert table.shape == (2 * samples, 13) and set(table[:, 0]) == {1.0, 2.0}


def test_new_paths_and_k_on_the_same_axes_draw_what_a_new_figure_draws(scenes):
    """The 3-D window keeps its Axes and field when the launches or k change (SpaceLayers.set_trajectories, set_k):
    the picture must be the one a new figure of the same scene gives."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.figures.space import draw_space

    def picture(draw):
        fig = Figure(figsize=(4, 3), dpi=80)
        canvas = FigureCanvasAgg(fig)
        draw(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    first, second = scenes["space-winds-in"], scenes["space-escapes"]
    k = -abs(second.k) - 0.5  # another sign: the equipotentials and the glyph change

    def reused(fig):
        layers = draw_space(fig, first.k, first.trajectories, time=first.duration * 0.5)
        axes = layers.ax
        layers.set_k(k)
        layers.set_trajectories(second.trajectories)
        layers.set_time(second.duration * 0.5)
        assert fig.axes == [axes]

    fresh = picture(lambda fig: draw_space(fig, k, second.trajectories, time=second.duration * 0.5))
    again = picture(reused)
    assert np.array_equal(again, fresh)


def test_add_launches_adds_what_fits_in_one_change_and_says_why_not_the_rest():
    from app.space.scene import MAX_LAUNCHES, SpaceScene, preset_setup
    from physics.space.launch import SpaceLaunch

    scene = SpaceScene(preset_setup("space-escapes"))
    before = len(scene.launches)
    changes = []
    scene.launches_changed.connect(lambda: changes.append(1))
    inside = [SpaceLaunch(1.0 + 0.01 * i, 0.5, 0.0, 0.0, 0.4, 0.1) for i in range(MAX_LAUNCHES)]
    added, reasons = scene.add_launches([SpaceLaunch(1e-6, 0.0, 0.0, 0.0, 0.1, 0.0), *inside])
    assert added == MAX_LAUNCHES - before and len(scene.launches) == MAX_LAUNCHES and changes == [1]
    assert len(reasons) == 2 and "r_min" in reasons[0] and f"at most {MAX_LAUNCHES}" in reasons[1]
    assert scene.add_launches(inside[:3]) == (0, [f"at most {MAX_LAUNCHES} launches in the 3-D view"]) and changes == [1]
