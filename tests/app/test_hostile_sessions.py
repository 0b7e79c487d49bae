"""A corpus of corrupt and hostile session files: each is refused with one line naming the file, the field and the reason.

Every truncation of a real session, seeded byte flips, wrong types in every field, NaN and huge numbers,
future versions, unknown keys, deep nesting and oversized files end in SessionError (or, for a flip that
happens to leave a valid file, in a checked Session), never in another exception; the state is left as
it was. Saving into a folder that refuses the file, or onto a full disk, reports it and keeps the old file.
"""

from __future__ import annotations

import copy
import errno
import json
import math
import os
import random
import time
from pathlib import Path

import pytest

from app.files import TEMP_PREFIX
from app.files.session import (
    MAX_SESSION_BYTES,
    SESSION_VERSION,
    Session,
    SessionError,
    load_session,
    read_session,
    save_session,
    session_from_bytes,
    session_to_dict,
)
from app.presets import load_preset
from app.state import SimulationState

WRONG_VALUES = [None, True, False, "text", "", [], [1, 2], {}, {"a": 1}, -1, 0, 1.5, 1e308, -1e308, 10**30, "NaN", "1"]
BAD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1" + "0" * 400, "1e-400", "1e308"]
refusal_times: list[float] = []


@pytest.fixture(scope="module")
def real_session(tmp_path_factory) -> tuple[Path, bytes, dict]:
    """A session saved from a real state: a preset's launches, labels, a colour, display options and settings."""
    state = SimulationState()
    load_preset(state, "fan")
    state.add_launch(state.particles[0].launch, "a label with ünïcødé")
    state.set_display(colormap=True, trail="fade", n_field_lines=12)
    path = tmp_path_factory.mktemp("real") / "lesson.json"
    save_session(path, state)
    data = path.read_bytes()
    return path, data, json.loads(data)


def refuse(data: bytes, name: str = "hostile.json") -> str:
    """The SessionError message for data (which must be refused), checked to be one line naming the file."""
    began = time.process_time()  # CPU time: a busy machine must not fail this
    with pytest.raises(SessionError) as refused:
        session_from_bytes(data, name)
    refusal_times.append(time.process_time() - began)
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"{name}: "), message
    assert len(message) < 400, message
    return message


def outcome(data: bytes, name: str = "hostile.json") -> str | Session:
    """A checked Session or the one-line refusal: nothing else may come out."""
    began = time.process_time()  # CPU time: a busy machine must not fail this
    try:
        session = session_from_bytes(data, name)
    except SessionError as exc:
        refusal_times.append(time.process_time() - began)
        message = str(exc)
        assert "\n" not in message and message.startswith(f"{name}: "), message
        return message
    return session


def encode(doc) -> bytes:
    return json.dumps(doc, allow_nan=True).encode()


def leaf_paths(doc, prefix: str = ""):
    """(path as the messages write it, container, key) for every value in the document."""
    items = doc.items() if isinstance(doc, dict) else enumerate(doc)
    for key, value in items:
        path = f"{prefix}[{key}]" if isinstance(doc, list) else (f"{prefix}.{key}" if prefix else key)
        yield path, doc, key
        if isinstance(value, (dict, list)):
            yield from leaf_paths(value, path)


def test_every_truncation_is_refused(real_session):
    path, data, _ = real_session
    whole = data.rstrip()
    for cut in range(len(whole)):
        message = refuse(data[:cut], path.name)
        if cut == 0:
            assert "empty" in message
    assert isinstance(session_from_bytes(whole, path.name), Session)


def test_truncated_files_on_disk_are_refused_and_change_nothing(real_session, tmp_path):
    _, data, _ = real_session
    state = SimulationState()
    load_preset(state, "semicircle")
    before = session_to_dict(state)
    for cut in range(0, len(data) - 2, 97):
        path = tmp_path / f"cut-{cut}.json"
        path.write_bytes(data[:cut])
        with pytest.raises(SessionError, match=f"^{path}: "):
            load_session(path, state)
        assert session_to_dict(state) == before


def test_random_byte_flips_give_a_session_or_one_line(real_session):
    _, data, _ = real_session
    rng = random.Random(2024)
    outcomes = {"refused": 0, "still valid": 0}
    for _ in range(3000):
        corrupt = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(corrupt))
            corrupt[i] = rng.choice([rng.randrange(256), corrupt[i] ^ (1 << rng.randrange(8)), ord("{"), ord('"'), 0])
        result = outcome(bytes(corrupt))
        outcomes["refused" if isinstance(result, str) else "still valid"] += 1
    assert outcomes["refused"] > 2000, outcomes


def test_valid_flips_apply_to_a_state(real_session):
    """A flip that leaves a valid file (in a label, a digit) loads: the checks before applying are complete."""
    _, data, _ = real_session
    rng = random.Random(7)
    applied = 0
    for _ in range(400):
        corrupt = bytearray(data)
        i = rng.randrange(len(corrupt))
        corrupt[i] = corrupt[i] ^ (1 << rng.randrange(8))
        result = outcome(bytes(corrupt))
        if isinstance(result, Session):
            from app.files.session import apply_session

            apply_session(SimulationState(), result)
            applied += 1
    assert applied > 0


def test_wrong_types_in_every_field_name_the_field(real_session):
    _, _, doc = real_session
    checked = 0
    for path, _, _ in list(leaf_paths(doc)):
        for value in WRONG_VALUES:
            bad = copy.deepcopy(doc)
            for where, container, key in leaf_paths(bad):
                if where == path:
                    container[key] = value
                    break
            result = outcome(encode(bad))
            if isinstance(result, str):
                field = path.split("[", 1)[0] if path.startswith("launches") and value in ([], {}) else path
                assert field.split(".")[0] in result, (path, value, result)
                checked += 1
    assert checked > 300


@pytest.mark.parametrize("number", BAD_NUMBERS)
@pytest.mark.parametrize("field", ['"k": 1.0', '"r0": ', '"t_max": ', '"xmin": ', '"trail_length": ', '"time": '])
def test_nan_infinite_and_huge_numbers_are_refused(real_session, field, number):
    _, data, _ = real_session
    text = data.decode()
    start = text.index(field) + len(field.split(":")[0]) + 1
    end = min(i for i in (text.find(",", start), text.find("\n", start), text.find("}", start)) if i > 0)
    hostile = (text[:start] + " " + number + text[end:]).encode()
    result = outcome(hostile)
    if number in ("1e-400",):
        return  # reads as 0.0: refused where 0 is out of range, accepted where it is not
    if number == "1e308" and field.startswith('"xmin"'):
        assert isinstance(result, str)
        return
    assert isinstance(result, str), (field, number)
    name = field.split(":")[0].strip('"')
    assert name in result, result


@pytest.mark.parametrize("version", [str(SESSION_VERSION + 1), "99", str(2**70), "-1", "0", "1.5", '"1"', "true", "null", "1e400", "NaN"])
def test_future_and_bad_versions(real_session, version):
    _, data, _ = real_session
    text = data.decode().replace('"version": 1', f'"version": {version}', 1)
    message = refuse(text.encode())
    assert "version" in message
    if version in (str(SESSION_VERSION + 1), "99"):
        assert "newer" in message


@pytest.mark.parametrize("where", ["", "launches[0]", "view", "display", "settings"])
@pytest.mark.parametrize("key", ["colour", "__proto__", "constructor", "eval", "x" * 300])
def test_unknown_keys_are_named(real_session, where, key):
    _, _, doc = real_session
    bad = copy.deepcopy(doc)
    target = bad if not where else (bad["launches"][0] if where.startswith("launches") else bad[where])
    target[key] = 1
    message = refuse(encode(bad))
    assert "is not a session field" in message
    assert (f"{where}." if where else "") + key[:20] in message


@pytest.mark.parametrize("opener, closer", [("[", "]"), ('{"a":', "}"), ('{"format": "dipole-lab-session", "version": 1, "k": ', "}")])
def test_deep_nesting_is_refused(opener, closer):
    for depth in (1000, 100_000):
        message = refuse((opener * depth + "1" + closer * depth).encode())
        assert "nested too deeply" in message or "must be" in message or "does not hold a session" in message


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\xff\xfe{\x00}\x00", "UTF-8"),
        (b"\x00" * 100, "not valid JSON"),
        (b"[]", "does not hold a session"),
        (b'"session"', "does not hold a session"),
        (b"null", "does not hold a session"),
        (b"{}", "format"),
        (b'{"format": "something-else", "version": 1}', "not a Dipole Lab session"),
        (b'{"format": "dipole-lab-session", "version": 1, "k": 1, "k": 2, "launches": []}', "appears twice"),
        (b'{"format": "dipole-lab-session", "version": 1, "launches": []}', "k: is missing"),
        (b'{"format": "dipole-lab-session", "version": 1, "k": 1, "launches": {}}', "launches"),
        (b'{"format": "dipole-lab-session", "version": 1, "k": 1, "launches": [[]]}', "launches[0]"),
        (b'{"format": "dipole-lab-session", "version": 1, "k": 1e7, "launches": []}', "k: must be at most"),
    ],
)
def test_malformed_documents(data, reason):
    assert reason in refuse(data)


def test_oversized_files_and_too_many_launches_are_refused(real_session, tmp_path):
    _, _, doc = real_session
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.write(b" " * (MAX_SESSION_BYTES + 10))
    with pytest.raises(SessionError, match="larger than a session file can be"):
        read_session(big)
    many = copy.deepcopy(doc)
    many["launches"] = [doc["launches"][0]] * 1001
    assert "at most 1000" in refuse(encode(many))
    samples = copy.deepcopy(doc)
    samples["settings"]["samples"] = 1_000_000
    samples["launches"] = [doc["launches"][0]] * 10
    assert "settings.samples" in refuse(encode(samples))
    long_label = copy.deepcopy(doc)
    long_label["launches"][0]["label"] = "x" * 10_000
    assert "launches[0].label" in refuse(encode(long_label))
    control = copy.deepcopy(doc)
    control["launches"][0]["label"] = "line\nbreak\u0000"
    assert "control characters" in refuse(encode(control))


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    with pytest.raises(SessionError, match="cannot read"):
        read_session(tmp_path)
    with pytest.raises(SessionError, match="cannot read"):
        read_session(tmp_path / "missing.json")


def test_refusals_are_quick():
    """Every refusal above took well under a second (the deep nesting ones are the slowest)."""
    assert refusal_times, "run with the rest of the module"
    worst = max(refusal_times)
    print(f"\n{len(refusal_times)} hostile session inputs refused; worst {worst * 1000:.1f} ms")
    assert worst < 0.5


@pytest.mark.parametrize(
    "where, error",
    [
        ("replace", PermissionError(errno.EACCES, "Permission denied")),
        ("replace", OSError(errno.ENOSPC, "No space left on device")),
        ("fsync", OSError(errno.ENOSPC, "No space left on device")),
        ("fsync", OSError(errno.EROFS, "Read-only file system")),
    ],
)
def test_saving_onto_a_refusing_disk_reports_it_and_keeps_the_old_file(tmp_path, monkeypatch, where, error):
    state = SimulationState()
    load_preset(state, "fan")
    target = tmp_path / "lesson.json"
    save_session(target, state)
    old = target.read_bytes()
    state.set_k(2.5)

    def refuse_call(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, where, refuse_call)
    with pytest.raises(SessionError) as refused:
        save_session(target, state)
    monkeypatch.undo()
    message = str(refused.value)
    assert message.startswith(f"{target}: cannot save: ") and "\n" not in message
    assert error.strerror in message
    assert target.read_bytes() == old
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))
    assert math.isclose(read_session(target).k, 1.0)


@pytest.mark.parametrize("key", ["a\nb", "x" * 100_000, "\u202eevil", "tab\there"])
def test_odd_keys_and_file_names_keep_the_message_on_one_short_line(real_session, tmp_path, key):
    _, data, doc = real_session
    bad = copy.deepcopy(doc)
    bad["launches"][0][key] = 1
    message = refuse(encode(bad))
    assert len(message) < 300
    odd = tmp_path / "line\nbreak.json"
    odd.write_bytes(data[:50])
    with pytest.raises(SessionError) as refused:
        read_session(odd)
    assert "\n" not in str(refused.value)
