"""Atomic writing: write to a temporary file beside the target, then os.replace it.

A reader, a crash or a kill at any moment sees either the whole old file or the whole new one.
Temporary files carry a recognisable prefix, this machine's tag and the writing process's id, so that
the ones a killed process left behind are removed the next time the app writes into that folder. It lives
in physics/ because the engines write their generated code with it too (app/files uses it for every file).
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import time
import zlib
from pathlib import Path

TEMP_PREFIX = ".dipolelab-tmp-"
_HOST = f"{zlib.crc32(socket.gethostname().encode('utf-8', 'replace')):08x}"  # a shared folder may hold other machines' files


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, suffix: str | None = None):
    """Yield a temporary path beside `target`; on success it replaces `target`, on error it is removed."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OSError(f"cannot write {target}: folder {directory} does not exist")
    suffix = target.suffix if suffix is None else suffix
    clean_stray_temporaries(directory)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-", suffix=suffix, dir=directory)
    os.close(fd)
    _set_mode(Path(tmp), target)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _set_mode(tmp: Path, target: Path) -> None:
    """mkstemp makes the file private (0600): give it the target's permissions, or the usual 0644 for a new file."""
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: str | os.PathLike, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def clean_stray_temporaries(directory: str | os.PathLike, older_than: float = 3600.0) -> int:
    """Remove this app's temporary files left in `directory` by a killed process; returns how many.

    A temporary written on this machine by a process that no longer runs goes at once; any other one
    (another machine's, or one without an owner in its name) once it is `older_than` seconds old.
    """
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in Path(directory).glob(TEMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                if _owner_gone(entry.name) or now - entry.stat().st_mtime >= older_than:
                    entry.unlink()
                    removed += 1
    return removed


def _owner_gone(name: str) -> bool:
    """Whether the temporary was written on this machine by a process that has ended."""
    host, _, rest = name[len(TEMP_PREFIX) :].partition("-")
    pid, _, _ = rest.partition("-")
    if host != _HOST or not pid.isdigit() or os.name != "posix":  # on Windows, os.kill(pid, 0) would send Ctrl-C
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # alive but not ours (EPERM), or not a process id at all
        return False
    return False
