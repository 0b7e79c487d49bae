"""A setup as text (Edit ▸ Copy setup / Paste setup): it round-trips, a bad text gets one line, undo restores what was there."""

import base64
import json
import zlib

import pytest

from app.files.session import SessionError, apply_session, session_from_bytes, session_to_dict
from app.files.share import PREFIX, looks_like_setup, setup_from_text, setup_to_text
from app.presets import load_preset
from app.state import SimulationState
from physics.field import ViewBox
from physics.integration.contract import IntegrationSettings
from physics.launch import LaunchState

FAST = IntegrationSettings(t_max=4.0, samples=61)


def make_state() -> SimulationState:
    s = SimulationState(k=1.0, settings=FAST)
    load_preset(s, "fan")
    s.add_launch(LaunchState(1.7, -2.5, 0.1, -0.3), "third: ünïcode ✓")
    s.set_k(-0.75, coalesce=False)
    s.set_color(s.particles[0].id, "tab:purple")
    s.set_visible(s.particles[1].id, False)
    s.set_display(colormap=True, trail="fade", trail_length=1.25, n_field_lines=5)
    s.set_view(ViewBox(-4.0, 3.5, -2.25, 2.75))
    s.set_theme("presentation")
    s.set_time(1.5)
    return s


def pack(doc_or_bytes) -> str:
    data = doc_or_bytes if isinstance(doc_or_bytes, bytes) else json.dumps(doc_or_bytes).encode()
    return PREFIX + base64.urlsafe_b64encode(zlib.compress(data)).decode().rstrip("=")


def test_a_setup_round_trips_as_one_compact_line():
    state = make_state()
    text = setup_to_text(state)
    assert text.startswith(PREFIX) and "\n" not in text and text.isascii()
    assert len(text) < len(json.dumps(session_to_dict(state), separators=(",", ":"))) / 2  # compact: the fan's 13 launches
    other = SimulationState(settings=FAST)
    apply_session(other, setup_from_text(text))
    assert session_to_dict(other) == session_to_dict(state)


def test_what_a_chat_program_does_to_the_text_is_undone():
    state = make_state()
    text = setup_to_text(state)
    mangled = '“ ' + "\n".join(text[i : i + 60] for i in range(0, len(text), 60)) + " ”\n"
    assert looks_like_setup(mangled)
    assert setup_from_text(mangled) == setup_from_text(text)


def test_a_session_file_pasted_whole_is_read_too():
    state = make_state()
    text = json.dumps(session_to_dict(state), indent=2)
    assert looks_like_setup(text)
    assert setup_from_text(text) == setup_from_text(setup_to_text(state))


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "is empty"),
        ("   \n", "is empty"),
        ("hello there", "is not a Dipole Lab setup"),
        ("dipole-lab-setup:7:abc", "version '7'"),
        (PREFIX + "eJz!!!", "is damaged"),
        (PREFIX + "bm90IHpsaWI", "is damaged or cut short"),  # base64 of 'not zlib'
        (PREFIX + base64.urlsafe_b64encode(zlib.compress(b'{"format": "dipole-lab-session"}')[:-6]).decode(), "cut short"),
        (pack(b'{"format": "dipole-lab-session", "version": 1, "k": 1, "launches": [{"r0": -1}]'), "ends too early"),
        (pack({"format": "dipole-lab-session", "version": 1, "k": 1e300, "launches": []}), "k"),
        (pack(b"\xff\xfe"), "is not UTF-8"),
    ],
)
def test_a_bad_text_gets_one_line_naming_the_problem(text, words):
    with pytest.raises(SessionError) as info:
        setup_from_text(text)
    message = str(info.value)
    assert message.startswith("pasted setup: ") and words in message
    assert "\n" not in message and len(message) < 200


def test_the_checks_are_the_session_files():
    """A pasted setup is refused exactly as the same document in a file would be (session_from_bytes)."""
    for doc in (
        {"format": "dipole-lab-session", "version": 1, "k": 1.0, "launches": [{"r0": 0.0, "theta0": 0, "vr0": 0, "omega0": 0}]},
        {"format": "dipole-lab-session", "version": 99, "k": 1.0, "launches": []},
        {"format": "dipole-lab-session", "version": 1, "k": 1.0, "launches": [], "extra": 1},
        {"format": "dipole-lab-session", "version": 2, "k": 1.0, "launches": [], "potential": {"name": "x", "U": "__import__('os')"}},
    ):
        data = json.dumps(doc).encode()
        with pytest.raises(SessionError) as from_file:
            session_from_bytes(data, "pasted setup")
        with pytest.raises(SessionError) as from_text:
            setup_from_text(pack(data))
        assert str(from_text.value) == str(from_file.value)


def test_a_bomb_is_refused_before_it_unpacks():
    text = pack(b" " * (64 * 1024 * 1024))
    assert len(text) < 100_000
    with pytest.raises(SessionError, match="more than a session file can be"):
        setup_from_text(text)


def test_undo_restores_what_was_there():
    state = SimulationState(settings=FAST)
    load_preset(state, "capture-escape")
    before = session_to_dict(state)
    apply_session(state, setup_from_text(setup_to_text(make_state())))
    assert state.k == -0.75 and len(state.particles) == 13
    assert state.undo()
    after = session_to_dict(state)
    assert after["k"] == before["k"] and after["launches"] == before["launches"]
