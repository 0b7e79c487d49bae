"""Atomic writes: killed at random moments during a save, the target is always the whole old or whole new file."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.files import TEMP_PREFIX, atomic_path, clean_stray_temporaries, write_text_atomic

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys, itertools
sys.path.insert(0, {root!r})
from app.files import write_text_atomic
target = sys.argv[1]
print("ready", flush=True)
for n in itertools.count(1):
    # each version is large enough that writing it takes a while, and is recognisable as a whole
    write_text_atomic(target, (f"version {{n}}\\n" * 20000) + "end\\n")
"""


def _is_whole(text: str) -> bool:
    lines = text.split("\n")
    if len(lines) != 20002 or lines[-2] != "end" or lines[-1] != "":
        return False
    return len(set(lines[:-2])) == 1 and lines[0].startswith("version ")


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")
def test_kill_during_save_leaves_old_or_new_file(tmp_path):
    target = tmp_path / "session.json"
    target.write_text("version 0\n" * 20000 + "end\n")
    rng = random.Random(1234)
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)))
    kills = 0
    # one long-lived writer per batch of kills keeps this quick: each kill interrupts a save somewhere
    for _ in range(100):
        proc = subprocess.Popen([sys.executable, str(script), str(target)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        kills += 1
        assert _is_whole(target.read_text()), f"torn file after kill {kills}"
    assert kills == 100
    # the killed writers leave temporaries behind; start-up cleaning removes them
    clean_stray_temporaries(tmp_path, older_than=0)
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_error_while_writing_keeps_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(OSError, match="does not exist"):
        write_text_atomic(tmp_path / "nope" / "a.txt", "x")


def test_read_only_folder_is_reported_and_old_file_kept(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "a.txt").write_text("old")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(OSError):
            write_text_atomic(folder / "a.txt", "new")
        assert (folder / "a.txt").read_text() == "old"
    finally:
        folder.chmod(0o700)


def test_new_file_gets_normal_permissions(tmp_path):
    write_text_atomic(tmp_path / "b.txt", "x")
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o644


def test_stray_temporaries_are_cleaned_only_when_old(tmp_path):
    fresh = tmp_path / (TEMP_PREFIX + "fresh.json")
    stale = tmp_path / (TEMP_PREFIX + "stale.json")
    mine = tmp_path / "keep.json"
    for p in (fresh, stale, mine):
        p.write_text("x")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    assert clean_stray_temporaries(tmp_path) == 1
    assert fresh.exists() and mine.exists() and not stale.exists()


@pytest.mark.skipif(os.name != "posix", reason="process ids are checked on POSIX only")
def test_temporaries_of_dead_processes_go_when_the_folder_is_next_written(tmp_path):
    from physics import files  # the atomic writing app.files uses

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    dead = tmp_path / f"{TEMP_PREFIX}{files._HOST}-{ended.pid}-abcd1234.mp4"  # what SIGKILL during `animate` leaves
    alive = tmp_path / f"{TEMP_PREFIX}{files._HOST}-{os.getpid()}-abcd1234.png"  # another export, still running
    elsewhere = tmp_path / f"{TEMP_PREFIX}0badc0de-{ended.pid}-abcd1234.pdf"  # another machine's, on a shared folder
    for p in (dead, alive, elsewhere):
        p.write_text("x")
    write_text_atomic(tmp_path / "lesson.json", "{}")
    assert not dead.exists()
    assert alive.exists() and elsewhere.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, elsewhere.name, "lesson.json"])


def test_a_temporary_names_its_machine_and_process(tmp_path):
    from physics import files  # the atomic writing app.files uses

    with atomic_path(tmp_path / "a.txt") as tmp:
        assert tmp.name.startswith(f"{TEMP_PREFIX}{files._HOST}-{os.getpid()}-")
        assert not files._owner_gone(tmp.name)
        tmp.write_text("x")
