"""Autosave and recovery, corrupt settings, stray temporaries, and a hostile --session, around the real window."""

from __future__ import annotations

import argparse
import errno
import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from app.files import TEMP_PREFIX
from app.files.autosave import Autosaver, autosave_path, data_dir, leftovers
from app.files.session import read_session, save_session, session_to_dict
from app.presets import load_preset
from app.state import SimulationState
from physics.launch import LaunchState
from ui.main_window import MainWindow, app_settings
from ui.recovery import check_settings, offer_recovery
from ui.startup import run

ROOT = Path(__file__).resolve().parents[2]
Yes, No = QtWidgets.QMessageBox.StandardButton.Yes, QtWidgets.QMessageBox.StandardButton.No


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("DIPOLE_LAB_DATA", str(folder))
    app_settings().clear()
    yield folder
    app_settings().clear()


@pytest.fixture
def answers(monkeypatch):
    """Questions asked by the window (QMessageBox.question) get the answers queued here; each is recorded."""
    queue: list = []
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return queue.pop(0) if queue else No

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", staticmethod(question))
    return queue, asked


@pytest.fixture
def window(qtbot):
    state = SimulationState()
    w = MainWindow(state, settings=app_settings())
    qtbot.addWidget(w)
    w.show()
    yield w
    w.disconnect_state()


@functools.cache
def dead_pid() -> int:
    """The id of a process that has ended (its autosave is a crashed run's)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(proc.stdout)


CRASHER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from app.files.autosave import Autosaver
from app.presets import load_preset
from app.state import SimulationState
state = SimulationState()
load_preset(state, "fan")
state.set_k(2.5)
Autosaver(state).save_now()
state.set_k(3.0)  # never autosaved: lost with the crash
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_autosave_follows_changes_and_a_clean_exit_removes_it(qtbot, window, answers):
    recovery = offer_recovery(window, window.state, interval_s=60, debounce_ms=20)
    path = recovery.autosaver.path
    assert path.parent == data_dir() and path.name == f"autosave-{os.getpid()}.json"
    window.state.add_launch(LaunchState(1.5, 1.0, 0.0, 0.3), "mine")
    qtbot.waitUntil(path.exists, timeout=3000)
    assert session_to_dict(SimulationState()) != json.loads(path.read_text())
    assert read_session(path).launches[0].label == "mine"
    window.state.set_k(2.0)
    qtbot.waitUntil(lambda: read_session(path).k == 2.0, timeout=3000)
    writes = recovery.autosaver.writes
    window.state.set_time(0.5)  # the clock is not a change worth writing
    qtbot.wait(60)
    assert recovery.autosaver.writes == writes
    QtWidgets.QApplication.instance().aboutToQuit.emit()
    assert not path.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")
def test_after_a_crash_the_next_start_offers_the_autosave(qtbot, window, answers, data_folder):
    env = dict(os.environ, DIPOLE_LAB_DATA=str(data_folder))
    proc = subprocess.run([sys.executable, "-c", CRASHER.format(root=str(ROOT))], env=env)
    assert proc.returncode == -signal.SIGKILL
    (left,) = leftovers()
    assert left.session.k == 2.5
    queue, asked = answers
    queue.append(Yes)
    recovery = offer_recovery(window, window.state)
    assert len(asked) == 1 and "did not close normally" in asked[0] and "k = 2.5" in asked[0]
    assert window.state.k == 2.5 and len(window.state.particles) == len(left.session.launches)
    assert recovery.restored == str(left.path)
    assert not left.path.exists() and leftovers() == []
    assert recovery.autosaver.path.exists()  # this run's own autosave holds it now
    assert "Restored the session" in window.statusBar().currentMessage()
    recovery.finish()


def test_declining_discards_the_autosave_and_keeps_the_new_session(qtbot, window, answers):
    state = SimulationState()
    load_preset(state, "fan")
    path = autosave_path(pid=dead_pid())
    save_session(path, state)
    before = session_to_dict(window.state)
    answers[0].append(No)
    recovery = offer_recovery(window, window.state)
    assert session_to_dict(window.state) == before
    assert not path.exists()
    assert "discarded" in window.statusBar().currentMessage()
    recovery.finish()


def leave_autosave_with_potential(U: str = "-k/r", k: float = -0.7) -> Path:
    """A crashed run's autosave whose session has a typed potential (version 2)."""
    state = SimulationState(k=k)
    state.add_launch(LaunchState(1.5, 0.4, 0.0, 0.3), "one")
    doc = session_to_dict(state)
    doc.update(version=2, potential={"name": "custom", "U": U, "T": None, "params": {}})
    path = autosave_path(pid=dead_pid())
    path.write_text(json.dumps(doc))
    return path


# issue 12: "Restore unsaved work? Yes" held the window for 37 s: it derives in a worker now
def test_restoring_an_autosave_with_a_potential_derives_off_the_gui_thread(qtbot, window, answers, gated_derivation):
    path = leave_autosave_with_potential()
    before = session_to_dict(window.state)
    answers[0].append(Yes)
    recovery = offer_recovery(window, window.state)
    qtbot.waitUntil(lambda: bool(gated_derivation.on_gui_thread), timeout=5000)
    assert gated_derivation.on_gui_thread == [False]
    busy = window.findChild(QtWidgets.QWidget, "busy_indicator")
    assert busy.isVisible() and "autosaved" in busy.label.text()
    qtbot.wait(50)  # the window goes on meanwhile, and nothing has changed yet
    assert session_to_dict(window.state) == before and recovery.restored is None
    assert path.exists()  # kept until restored: a crash now would still find it
    with qtbot.waitSignal(recovery.restore_finished, timeout=60000) as finished:
        gated_derivation.set()
    assert finished.args == [True]
    assert window.state.k == -0.7 and window.state.potential.U_text == "-k/r" and len(window.state.particles) == 1
    assert recovery.restored == str(path) and not path.exists() and not busy.isVisible()
    assert "Restored the session" in window.statusBar().currentMessage()
    recovery.finish()


def test_cancelling_a_restore_keeps_the_new_session(qtbot, window, answers, gated_derivation):
    path = leave_autosave_with_potential()
    before = session_to_dict(window.state)
    answers[0].append(Yes)
    recovery = offer_recovery(window, window.state)
    busy = window.findChild(QtWidgets.QWidget, "busy_indicator")
    with qtbot.waitSignal(recovery.restore_finished, timeout=5000) as finished:
        qtbot.mouseClick(busy.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    assert finished.args == [False] and "cancelled" in window.statusBar().currentMessage()
    gated_derivation.set()
    from ui.workers import wait_for_all

    assert wait_for_all(30000)
    qtbot.wait(20)
    assert session_to_dict(window.state) == before and recovery.restored is None and not path.exists()
    recovery.finish()


def test_an_unreadable_autosave_is_removed_with_a_notice(qtbot, window, answers):
    path = autosave_path(pid=dead_pid())
    path.write_text('{"format": "dipole-lab-session", "version": 1, "k": ')
    offer_recovery(window, window.state).finish()
    assert answers[1] == []  # nothing to ask
    assert not path.exists()
    assert "could not be read" in window.statusBar().currentMessage()


def test_the_autosave_of_a_running_window_is_not_offered(qtbot, window, answers):
    save_session(autosave_path(), window.state)  # this very process: running, so not a crash
    assert leftovers() == []
    offer_recovery(window, window.state).finish()
    assert answers[1] == []


def test_autosave_never_writes_the_users_own_file(tmp_path):
    state = SimulationState()
    user_file = tmp_path / "lesson.json"
    save_session(user_file, state)
    state.set_k(4.0)
    saver = Autosaver(state, path=user_file, protected=lambda: str(user_file))
    assert not saver.save_now()
    assert "own file" in saver.last_error
    assert read_session(user_file).k == 1.0


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.ENOSPC, "No space left on device")])
def test_a_failing_autosave_is_reported_once_and_the_old_one_kept(qtbot, window, answers, monkeypatch, error):
    recovery = offer_recovery(window, window.state, interval_s=60, debounce_ms=10)
    window.state.set_k(2.0)
    assert recovery.save_now()
    old = recovery.autosaver.path.read_bytes()
    window.state.set_k(3.0)

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, "replace", refuse)
    notices = []
    recovery.notice.connect(notices.append)
    assert not recovery.save_now()
    assert not recovery.save_now()
    assert len(notices) == 1 and error.strerror in notices[0] and notices[0].startswith("Autosave failed: ")
    assert "Autosave failed" in window.statusBar().currentMessage()
    monkeypatch.undo()
    assert recovery.autosaver.path.read_bytes() == old
    assert not list(recovery.autosaver.path.parent.glob(TEMP_PREFIX + "*"))
    assert recovery.save_now()
    recovery.finish()


def test_stray_temporaries_are_cleaned_at_start(qtbot, window, answers, tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    app_settings().setValue("files/directory", str(sessions))
    old = time.time() - 7200
    strays = [data_dir() / (TEMP_PREFIX + "a.json"), sessions / (TEMP_PREFIX + "b.json")]
    for stray in strays:
        stray.write_text("half a file")
        os.utime(stray, (old, old))
    fresh = sessions / (TEMP_PREFIX + "being-written.json")  # another window may be saving right now
    fresh.write_text("x")
    keep = sessions / "lesson.json"
    keep.write_text("{}")
    w = MainWindow(SimulationState(), settings=app_settings())
    qtbot.addWidget(w)
    offer_recovery(w, w.state).finish()
    assert not any(stray.exists() for stray in strays)
    assert fresh.exists() and keep.exists()
    w.disconnect_state()


@pytest.mark.parametrize(
    "contents",
    [
        b"[window]\ngeometry=hello\nstate=42\n[files]\nrecent=1, 2\ndirectory=@Invalid()\n",
        b"[window]\ngeometry=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x18zzz)\nstate=@Rect(1 2 3)\n",
        bytes(range(256)) * 8,
        b"[window]\ngeometry=@ByteArray(garbage)\nstate=@ByteArray(\\xff\\xfe)\n",
    ],
    ids=["wrong-types", "unknown-variants", "binary", "garbage-bytes"],
)
def test_corrupt_settings_fall_back_to_defaults_with_a_notice(qtbot, answers, contents):
    settings = app_settings()
    path = Path(settings.fileName())
    del settings
    path.write_bytes(contents)
    settings = app_settings()
    notice = check_settings(settings)
    w = MainWindow(SimulationState(), settings=settings)  # raised TypeError before check_settings existed
    qtbot.addWidget(w)
    w.show()
    offer_recovery(w, w.state, notice).finish()
    if notice:
        assert "settings" in w.statusBar().currentMessage()
    assert check_settings(app_settings()) == ""  # fixed for the next start
    w.close()


def test_run_refuses_a_hostile_session_with_one_line(tmp_path, capsys):
    good = tmp_path / "good.json"
    state = SimulationState()
    load_preset(state, "fan")
    save_session(good, state)
    text = good.read_text()
    hostile = {
        "truncated": text[: len(text) // 3],
        "nan": text.replace('"k": 1.0', '"k": NaN'),
        "future": text.replace('"version": 1', '"version": 7'),
        "deep": "[" * 50000 + "]" * 50000,
        "binary": "\x00\x01\x02",
    }
    for name, content in hostile.items():
        path = tmp_path / f"{name}.json"
        path.write_text(content)
        status = run(argparse.Namespace(screenshot=str(tmp_path / "shot.png"), preset=None, session=str(path)))
        err = capsys.readouterr().err.strip()
        assert status == 2, name
        assert err.count("\n") == 0 and err.startswith("main.py: error: --session: ") and str(path) in err, err
    assert run(argparse.Namespace(screenshot=str(tmp_path / "shot.png"), preset=None, session=str(good))) == 0


def test_the_real_command_refuses_a_truncated_session(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('{"format": "dipole-lab-session", "version": 1, "k": 1.0, "launches": [{"r0": 1.5, "the')
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--session", str(path), "--screenshot", str(tmp_path / "s.png")],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "ends too early (truncated?)" in proc.stderr and "cut.json" in proc.stderr
    assert not (tmp_path / "s.png").exists()


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"), OSError(errno.ENOSPC, "No space left on device")])
def test_saving_from_the_window_onto_a_refusing_disk_shows_why_and_keeps_the_old_file(qtbot, window, monkeypatch, tmp_path, error):
    shown = []
    # the error box may be the static critical() or an instance's exec(): record either, block on neither
    monkeypatch.setattr(QtWidgets.QMessageBox, "critical", staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    target = tmp_path / "lesson.json"
    assert window.files.save_to(str(target))
    old = target.read_bytes()
    window.state.set_k(2.0)

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, "replace", refuse)
    assert not window.files.save_to(str(target))
    assert len(shown) == 1 and str(target) in shown[0] and error.strerror in shown[0] and "\n" not in shown[0]
    assert target.read_bytes() == old
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))
    QtCore.QCoreApplication.processEvents()
    assert window.isWindowModified()  # still unsaved


def test_an_emptied_recent_list_is_not_reported_as_corrupt(qtbot):
    settings = app_settings()
    settings.setValue("files/recent", [])
    settings.setValue("window/geometry", QtCore.QByteArray(b"\x01\x02"))
    settings.sync()
    assert check_settings(app_settings()) == ""
