"""Sessions: save → load gives an equal model; corrupt and hostile files are refused naming the field, changing nothing."""

import json
import math
import random

import numpy as np
import pytest

from app.files.session import (
    MAX_SESSION_BYTES,
    SESSION_FORMAT,
    SESSION_VERSION,
    SessionError,
    load_session,
    read_session,
    save_session,
    session_from_bytes,
    session_to_dict,
)
from app.presets import load_preset
from app.state import SimulationState
from physics.field import ViewBox
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

SIGNALS = (
    "k_changed", "particles_changed", "trajectories_changed", "selection_changed", "display_changed",
    "clock_changed", "view_changed", "theme_changed", "settings_changed", "history_changed",
)
FAST = IntegrationSettings(t_max=4.0, samples=61)


def record(state) -> list:
    """Every emit of every signal, in order (a list used as the slot)."""
    log = []
    for name in SIGNALS:
        getattr(state, name).connect(lambda *args, name=name: log.append((name, args)))
    return log


def make_state() -> SimulationState:
    s = SimulationState(k=1.0, settings=FAST)
    load_preset(s, "capture-escape")
    s.add_launch(LaunchState(1.7, -2.5, 0.1, -0.3), "third: ünïcode ✓")
    s.set_k(-0.75, coalesce=False)
    s.set_color(s.particles[0].id, "tab:purple")
    s.set_visible(s.particles[1].id, False)
    s.set_display(colormap=True, trail="fade", trail_length=1.25, n_field_lines=5)
    s.set_view(ViewBox(-4.0, 3.5, -2.25, 2.75))
    s.set_theme("presentation")
    s.set_time(1.5)
    return s


def model(state) -> dict:
    """Everything a session holds (ids aside), for comparing two states."""
    doc = session_to_dict(state)
    doc.pop("format"), doc.pop("version")
    return doc


@pytest.fixture
def saved(tmp_path):
    state = make_state()
    path = tmp_path / "lesson.json"
    save_session(path, state)
    return state, path


def test_round_trip_gives_an_equal_model(saved):
    state, path = saved
    fresh = SimulationState()
    load_session(path, fresh)
    assert model(fresh) == model(state)
    assert fresh.settings == state.settings and fresh.display == state.display
    assert [p.color for p in fresh.particles] == [p.color for p in state.particles]
    for a, b in zip(fresh.particles, state.particles):
        ta, tb = fresh.trajectory(a.id), state.trajectory(b.id)
        np.testing.assert_allclose(ta.x, tb.x)
        np.testing.assert_allclose(ta.y, tb.y)


def test_saved_file_is_versioned_json(saved):
    _, path = saved
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == SESSION_FORMAT and doc["version"] == 1  # the point dipole: readable by the first version
    assert set(doc["launches"][0]) == {"r0", "theta0", "vr0", "omega0", "label", "visible", "color"}
    assert doc["launches"][2]["label"] == "third: ünïcode ✓"


def test_save_is_atomic_and_leaves_no_temporary(saved, tmp_path):
    state, path = saved
    save_session(path, state)  # over an existing file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.json"]
    with pytest.raises(SessionError, match="cannot save"):
        save_session(tmp_path / "missing" / "x.json", state)


def test_load_is_one_undoable_step(saved):
    _, path = saved
    s = SimulationState(k=2.0, settings=FAST)
    s.add_launch(LaunchState(1.0, 0.5, 0.0, 0.0), "mine")
    before = (s.k, [(p.launch, p.label) for p in s.particles], s.view, s.theme)
    load_session(path, s)
    assert s.k == -0.75
    assert s.undo()
    assert (s.k, [(p.launch, p.label) for p in s.particles]) == before[:2]


def test_hand_written_minimal_file_loads(tmp_path):
    path = tmp_path / "min.json"
    path.write_text('{"format": "dipole-lab-session", "version": 1, "k": 1, "launches": [{"r0": 1, "theta0": 0, "vr0": 0, "omega0": 1.5}]}')
    s = SimulationState(settings=FAST)
    session = load_session(path, s)
    assert session.time is None and s.k == 1.0 and len(s.particles) == 1


class Refusal:
    """Load bytes into a state that already holds a session; check the error and that nothing changed."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.state = make_state()
        self.before = model(self.state)
        self.log = record(self.state)
        self.n = 0

    def __call__(self, data: bytes, field: str | None = None) -> str:
        self.n += 1
        path = self.tmp_path / f"bad{self.n}.json"
        path.write_bytes(data)
        with pytest.raises(SessionError) as info:
            load_session(path, self.state)
        message = str(info.value)
        assert "\n" not in message and message.startswith(str(path) + ": ")
        if field is not None:
            assert message.startswith(f"{path}: {field}: "), message
        assert model(self.state) == self.before and self.log == [] and self.state.can_redo is False
        return message


@pytest.fixture
def refuse(tmp_path):
    return Refusal(tmp_path)


@pytest.fixture
def good_doc():
    return session_to_dict(make_state())


def dumps(doc) -> bytes:
    return json.dumps(doc, allow_nan=True).encode("utf-8")


def edited(doc, where: str, value):
    """A copy of doc with the field at `launches[1].r0`-style path set to value (or deleted for DELETE)."""
    doc = json.loads(json.dumps(doc))
    parts = where.replace("[", ".").replace("]", "").split(".")
    target = doc
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = parts[-1]
    key = int(last) if isinstance(target, list) else last
    if value is DELETE:
        del target[key]
    else:
        target[key] = value
    return doc


DELETE = object()
NAN, INF = float("nan"), float("inf")

HOSTILE = [
    ("k", "1", "k"),
    ("k", True, "k"),
    ("k", None, "k"),
    ("k", NAN, "k"),
    ("k", -INF, "k"),
    ("k", 1e300, "k"),
    ("k", DELETE, "k"),
    ("launches", {}, "launches"),
    ("launches", DELETE, "launches"),
    ("launches[1]", [1, 2, 3, 4], "launches[1]"),
    ("launches[2].r0", "1.0", "launches[2].r0"),
    ("launches[2].r0", -1.0, "launches[2].r0"),
    ("launches[2].r0", 0.001, "launches[2].r0"),
    ("launches[2].r0", 1e200, "launches[2].r0"),
    ("launches[0].theta0", NAN, "launches[0].theta0"),
    ("launches[1].vr0", INF, "launches[1].vr0"),
    ("launches[1].vr0", 1e300, "launches[1].vr0"),
    ("launches[1].omega0", [], "launches[1].omega0"),
    ("launches[2].omega0", 9e5, "launches[2].omega0"),
    ("launches[0].omega0", DELETE, "launches[0].omega0"),
    ("launches[0].label", 5, "launches[0].label"),
    ("launches[0].label", "two\nlines", "launches[0].label"),
    ("launches[0].label", "x" * 5000, "launches[0].label"),
    ("launches[0].visible", "yes", "launches[0].visible"),
    ("launches[0].color", "not-a-colour", "launches[0].color"),
    ("launches[0].color", 255, "launches[0].color"),
    ("launches[0].speed", 1.0, "launches[0].speed"),
    ("view", [0, 1, 0, 1], "view"),
    ("view.xmin", 10.0, "view.xmax"),
    ("view.ymax", "2", "view.ymax"),
    ("view.xmin", DELETE, "view.xmin"),
    ("view.zmin", 0.0, "view.zmin"),
    ("display.trail", "zigzag", "display.trail"),
    ("display.n_field_lines", 61, "display.n_field_lines"),
    ("display.n_field_lines", 2.5, "display.n_field_lines"),
    ("display.colormap", 1, "display.colormap"),
    ("display.trail_length", -1.0, "display.trail_length"),
    ("display.glow", True, "display.glow"),
    ("theme", "neon", "theme"),
    ("theme", None, "theme"),
    ("settings.samples", 10**9, "settings.samples"),
    ("settings.samples", 100.5, "settings.samples"),
    ("settings.method", "Euler", "settings.method"),
    ("settings.r_min", 200.0, "settings.r_min"),
    ("settings.rtol", 0.0, "settings.rtol"),
    ("settings.t_max", NAN, "settings.t_max"),
    ("settings", "fast", "settings"),
    ("time", -1.0, "time"),
    ("time", "now", "time"),
    ("version", 5, "version"),  # 4 is the 3-D view's (issue 18)
    ("version", 99, "version"),
    ("version", "1", "version"),
    ("version", 0, "version"),
    ("version", DELETE, "version"),
    ("format", "something-else", "format"),
    ("format", DELETE, "format"),
    ("extra", 1, "extra"),
]


@pytest.mark.parametrize("where, value, field", HOSTILE, ids=[f"{w}={v!r:.20}" for w, v, _ in HOSTILE])
def test_hostile_values_are_refused_naming_the_field(refuse, good_doc, where, value, field):
    refuse(dumps(edited(good_doc, where, value)), field)


def test_future_version_says_so(refuse, good_doc):
    message = refuse(dumps(edited(good_doc, "version", SESSION_VERSION + 1)), "version")
    assert "newer" in message


def test_too_many_samples_in_all(refuse, good_doc):
    doc = edited(good_doc, "settings.samples", 1_000_000)
    doc["launches"] = doc["launches"] * 6
    refuse(dumps(doc), "settings.samples")


def test_huge_number_literals(refuse, good_doc):
    text = json.dumps(good_doc)
    refuse(text.replace('"k": -0.75', '"k": 1e400').encode(), "k")
    refuse(text.replace('"k": -0.75', '"k": ' + "9" * 5000).encode(), "k")
    refuse(text.replace('"k": -0.75', '"k": -Infinity').encode(), "k")


def test_deep_nesting(refuse, good_doc):
    text = json.dumps(good_doc)
    assert "nested too deeply" in refuse(text.replace('"k": -0.75', '"k": ' + "[" * 100_000 + "]" * 100_000).encode())
    refuse(text.replace('"k": -0.75', '"k": ' + "[" * 50 + "]" * 50).encode(), "k")
    refuse(("[" * 200_000).encode())


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"[]", "does not hold a session"),
        (b"42", "does not hold a session"),
        (b"{not json}", "not valid JSON"),
        (b'{"format": "dipole-lab-session"} trailing', "not valid JSON"),
        (b"\xff\xfe{\x00}", "not UTF-8"),
        (b'{"format": "dipole-lab-session", "version": 1, "k": 1, "k": 2, "launches": []}', "appears twice"),
    ],
)
def test_file_level_problems(refuse, data, words):
    assert words in refuse(data)


def test_non_utf8_inside_a_label(refuse, good_doc):
    data = dumps(edited(good_doc, "launches[0].label", "XX")).replace(b"XX", b"X\xc3\x28")
    assert "not UTF-8" in refuse(data)


def test_oversized_file(refuse, good_doc):
    data = dumps(good_doc)
    data = data[:-1] + b" " * (MAX_SESSION_BYTES + 10 - len(data)) + b"}"
    assert "larger than" in refuse(data)


def test_missing_file_and_folder(tmp_path):
    state = make_state()
    before = model(state)
    for path in (tmp_path / "nope.json", tmp_path):
        with pytest.raises(SessionError, match="cannot read"):
            load_session(path, state)
    assert model(state) == before


def test_every_truncation_is_refused(refuse, saved):
    _, path = saved
    data = path.read_bytes()
    end = len(data.rstrip())
    for i in range(end):
        message = refuse(data[:i])
        assert any(w in message for w in ("ends too early", "empty", "not UTF-8", "not valid JSON")), message


def test_random_byte_flips_never_crash(saved, tmp_path):
    state, path = saved
    data = path.read_bytes()
    rng = random.Random(20240505)
    loaded = refused = 0
    for _ in range(400):
        mutated = bytearray(data)
        for _flip in range(rng.choice((1, 1, 2, 3))):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        try:
            session = session_from_bytes(bytes(mutated), "flip.json")
        except SessionError as exc:
            assert "\n" not in str(exc) and str(exc).startswith("flip.json: ")
            refused += 1
            continue
        loaded += 1
        assert math.isfinite(session.k) and all(math.isfinite(sl.launch.r0) for sl in session.launches)
    assert refused > 300 and loaded + refused == 400


def test_byte_flips_leave_the_state_alone(refuse, saved):
    _, path = saved
    data = path.read_bytes()
    rng = random.Random(7)
    tried = 0
    while tried < 25:
        mutated = bytearray(data)
        mutated[rng.randrange(len(mutated))] = rng.choice(b"{}[]\":,xX\x00\xff")
        try:
            session_from_bytes(bytes(mutated))
        except SessionError:
            refuse(bytes(mutated))
            tried += 1


def test_read_session_does_not_touch_a_state(saved):
    _, path = saved
    session = read_session(path)
    assert session.k == -0.75 and len(session.launches) == 3
    assert session.launches[1].visible is False and session.launches[0].color == "tab:purple"


def test_a_typed_potential_is_saved_and_comes_back(tmp_path, monkeypatch):
    """A physicist's U (and its parameters) is part of the session: save → load in a fresh state gives the same
    potential and the same paths; the file says version 2 (a point-dipole session stays version 1)."""
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")
    state = SimulationState(k=1.0, settings=FAST)
    state.add_launch(LaunchState(1.2, 0.4, 0.1, 0.5))
    path = tmp_path / "dipole.json"
    save_session(path, state)
    assert json.loads(path.read_text())["version"] == 1 and "potential" not in json.loads(path.read_text())
    state.set_potential("-k*cos(theta)/r^2 - q/r", params={"q": 0.25})
    path = tmp_path / "custom.json"
    save_session(path, state)
    doc = json.loads(path.read_text())
    assert doc["version"] == 2  # a potential, no probes
    assert doc["potential"] == {"name": "custom", "U": "-k*cos(theta)/r^2 - q/r", "T": None, "params": {"q": 0.25}}
    again = SimulationState(k=1.0, settings=FAST)
    load_session(path, again)
    assert again.potential == state.potential and not again.is_point_dipole
    (a,), (b,) = state.trajectories.values(), again.trajectories.values()
    np.testing.assert_array_equal(a.x, b.x)
    # a point-dipole session loaded over it brings the point dipole back, in one step
    load_session(tmp_path / "dipole.json", again)
    assert again.is_point_dipole


@pytest.mark.parametrize(
    ("potential", "field", "reason"),
    [
        ({"U": "__import__('os').system('touch SENTINEL')"}, "potential.U", ""),
        ({"U": "r.__class__"}, "potential.U", ""),
        ({"U": "k*" * 200 + "r"}, "potential.U", "characters"),
        ({"U": 3}, "potential.U", "must be text"),
        ({"U": "-k/r", "params": {"k": 2}}, "potential.params.k", "other than k"),
        ({"U": "-k/r", "params": {"q": "big"}}, "potential.params.q", "must be a number"),
        ({"U": "-k/r", "params": {"q": 1e300}}, "potential.params.q", "at most"),
        ({"U": "-k/r", "params": [1]}, "potential.params", "must be an object"),
        ({"U": "-k/r", "colour": "red"}, "potential.colour", "not a session field"),
        ("-k/r", "potential", "must be an object"),
    ],
)
def test_a_bad_potential_in_a_file_is_refused_naming_the_field(tmp_path, potential, field, reason):
    sentinel = tmp_path / "SENTINEL"
    doc = session_to_dict(make_state())
    doc["version"] = 2
    if isinstance(potential, dict) and "U" in potential and isinstance(potential["U"], str):
        potential = {**potential, "U": potential["U"].replace("SENTINEL", str(sentinel))}
    doc["potential"] = potential
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    state = make_state()
    before = model(state)
    with pytest.raises(SessionError) as refused:
        load_session(path, state)
    message = str(refused.value)
    assert message.startswith(f"{path}: {field}: ") and reason in message and "\n" not in message, message
    assert model(state) == before
    assert not sentinel.exists()


def test_a_potential_that_cannot_be_derived_leaves_the_state_as_it_was(tmp_path, monkeypatch):
    import app.potentials

    def refuse(*args, **kwargs):
        raise ValueError("the derivation took longer than 10 s and was stopped")

    monkeypatch.setattr(app.potentials, "prepare_potential", refuse)
    doc = session_to_dict(make_state())
    doc["version"], doc["potential"] = 2, {"name": "custom", "U": "-k*cos(theta)/r^2 + 0.01/r^4", "T": None, "params": {}}
    path = tmp_path / "slow.json"
    path.write_text(json.dumps(doc))
    state = make_state()
    before = model(state)
    with pytest.raises(SessionError, match=r"slow.json: potential: the derivation took longer"):
        load_session(path, state)
    assert model(state) == before


def test_a_potential_in_a_version_1_file_is_refused(tmp_path):
    doc = session_to_dict(make_state())
    doc["version"], doc["potential"] = 1, {"name": "custom", "U": "-k/r", "T": None, "params": {}}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionError, match=r"old.json: potential: is a field of version 2 sessions"):
        read_session(path)


def test_undo_after_opening_a_session_brings_back_the_3d_launches_too(tmp_path):
    """File ▸ Open replaced the 3-D view's launches with the session's, and Edit ▸ Undo brought the plane's back
    but not those: they were lost. They are part of the step now, both ways; other steps leave them alone."""
    from app.space.scene import preset_setup

    fast = IntegrationSettings(t_max=2.0, samples=21)
    mine = preset_setup("space-escapes")
    theirs = preset_setup("space-winds-in")
    other = SimulationState(settings=fast)
    load_preset(other, "fan")
    other.space_setup = theirs
    path = tmp_path / "theirs.json"
    save_session(path, other)

    state = SimulationState(settings=fast)
    load_preset(state, "radial-fall")
    state.space_setup = mine  # launched in the 3-D view (not a step of its own)
    load_session(path, state)
    assert state.space_setup == theirs and len(state.particles) == len(other.particles)
    assert state.undo()
    assert state.space_setup is mine and [p.label for p in state.particles] != [p.label for p in other.particles]
    assert state.redo()
    assert state.space_setup == theirs
    # a step of the plane leaves the 3-D launches made since as they are, when undone
    state.set_k(2.0)
    state.space_setup = mine
    assert state.undo()
    assert state.k != 2.0 and state.space_setup is mine
