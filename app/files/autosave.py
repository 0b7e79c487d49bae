"""Autosave with recovery: the session is written now and then to a file of its own, never to the user's file.

Each running window writes `autosave-<pid>.json` in the user data folder, atomically (app/files/__init__.py),
whenever the session has changed since the last write; the window's timers decide when (ui/recovery.py).
A clean exit removes the file. A file left by a process that is no longer running means that run
crashed or was killed: the next start offers to restore it.

The data folder is $DIPOLE_LAB_DATA if set (tests point it into a temporary folder), else
%APPDATA%\\Dipole Lab on Windows, ~/Library/Application Support/Dipole Lab on macOS, and
$XDG_DATA_HOME/dipole-lab (~/.local/share/dipole-lab) elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from app.files import clean_stray_temporaries
from app.files.session import Session, SessionError, read_session, save_session, session_to_dict

# The signals of SimulationState sent when something a saved session holds changes (the clock excepted).
# The window's unsaved mark (ui/session_files.py) and the autosave (ui/recovery.py) both listen to exactly
# these, so they cannot disagree about what is a change.
SESSION_SIGNALS = ("k_changed", "particles_changed", "display_changed", "view_changed", "theme_changed",
                   "settings_changed", "potential_changed")
ENV_DATA = "DIPOLE_LAB_DATA"
PREFIX = "autosave-"
_NAME = re.compile(r"^autosave-(\d+)\.json$")


def session_signals(state) -> list:
    """The state's signals named in SESSION_SIGNALS."""
    return [getattr(state, name) for name in SESSION_SIGNALS]


def data_dir() -> Path:
    """The folder of the app's own files (autosaves); made if missing."""
    override = os.environ.get(ENV_DATA, "").strip()
    if override:
        folder = Path(override).expanduser()
    elif sys.platform == "win32":
        folder = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "Dipole Lab"
    elif sys.platform == "darwin":
        folder = Path.home() / "Library" / "Application Support" / "Dipole Lab"
    else:
        folder = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "dipole-lab"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def autosave_path(pid: int | None = None, folder: Path | None = None) -> Path:
    return (folder or data_dir()) / f"{PREFIX}{os.getpid() if pid is None else pid}.json"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return False  # os.kill(pid, 0) would end the process there; another window's autosave is rare enough
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


@dataclass(frozen=True)
class Leftover:
    """An autosave left by a run that did not exit cleanly."""

    path: Path
    mtime: float
    session: Session | None  # None when the file cannot be read
    problem: str = ""


def leftovers(folder: Path | None = None) -> list[Leftover]:
    """Autosaves of processes that are no longer running, newest first (unreadable ones included, with the reason)."""
    folder = folder or data_dir()
    found = []
    for path in folder.glob(PREFIX + "*.json"):
        match = _NAME.match(path.name)
        if match is None or _alive(int(match.group(1))):
            continue
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        try:
            found.append(Leftover(path, mtime, read_session(path)))
        except SessionError as exc:
            found.append(Leftover(path, mtime, None, str(exc)))
    return sorted(found, key=lambda leftover: leftover.mtime, reverse=True)


def discard(paths) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            Path(path).unlink()


def clean_start(folders) -> int:
    """Remove stray temporary files (of saves killed half-way) from the given folders; returns how many."""
    removed = 0
    for folder in folders:
        if folder and Path(folder).is_dir():
            removed += clean_stray_temporaries(folder)
    return removed


class Autosaver:
    """Writes a state's session to its autosave file when it has changed since the last write.

    `protected` returns the user's own session file (or None); the autosave never writes there.
    """

    def __init__(self, state, path: Path | None = None, protected=None):
        self._state = state
        self.path = Path(path) if path is not None else autosave_path()
        self._protected = protected or (lambda: None)
        self._written: dict | None = None
        self.writes = 0
        self.last_error = ""

    @property
    def pending(self) -> bool:
        """True when the session differs from what the autosave file holds."""
        return self._comparable() != self._written

    def _comparable(self) -> dict:
        doc = session_to_dict(self._state)
        doc.pop("time", None)  # playing the animation is not a change worth writing
        return doc

    def save_now(self, force: bool = False) -> bool:
        """Write the autosave if anything changed (or if force); False, with last_error set, if it could not be written."""
        doc = self._comparable()
        if doc == self._written and not force:
            return True
        user_file = self._protected()
        if user_file and _same_file(user_file, self.path):
            self.last_error = f"{self.path}: is the session's own file; autosave does not write there"
            return False
        try:
            save_session(self.path, self._state)
        except SessionError as exc:
            self.last_error = str(exc)
            return False
        self._written = doc
        self.writes += 1
        self.last_error = ""
        return True

    def finish(self) -> None:
        """A clean exit: the session was either saved by the user or deliberately not, so the autosave goes."""
        discard([self.path])
        self._written = None


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
