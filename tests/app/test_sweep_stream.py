"""`python main.py sweep` writes chunk by chunk: the same file as from simulate_batch's Trajectories, a
progress line only for long sweeps, and no file at all when a chunk fails."""

from __future__ import annotations

import functools
import io
import json
import math
import os

import numpy as np
import pytest

from app.cli import main
from app.cli.progress import SweepProgress
from physics.files import TEMP_PREFIX
from physics.integration import batch
from physics.integration.contract import COLUMNS, IntegrationSettings
from physics.launch import LaunchState

# near C = 0 heading in: their ends come from the r² law at r_min = 1e-5 (fall.py)
ROWS = [(1.0, 0.0, -0.3, math.sqrt(2.0)), (1.0, 0.0, -0.3, math.sqrt(2.0) * (1 - 1e-7))] + [
    (0.6 + 0.1 * i, 0.5 * i, (-0.4, 0.1, 1.5)[i % 3], (0.05, 0.6, -0.9)[i % 3]) for i in range(12)]


def test_the_file_holds_simulate_batch_numbers_whatever_the_chunks(tmp_path, monkeypatch, capsys):
    launches = tmp_path / "polar.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in ROWS))
    settings = IntegrationSettings(t_max=8.0, samples=21, r_min=1e-5, r_max=5.0)
    trajectories = batch.simulate_batch([LaunchState(*row) for row in ROWS], 1.0, settings)
    reasons = [tr.stop_reason for tr in trajectories]
    assert {"r_min", "r_max", "t_max"} <= set(reasons)
    for per_chunk in (1, 4, 100):
        monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", per_chunk * settings.samples)
        out = tmp_path / f"chunks{per_chunk}.npz"
        argv = ["sweep", "--k", "1", "--launches", str(launches), "--t-max", "8", "--samples", "21", "--r-min", "1e-5",
                "--r-max", "5", "--out", str(out)]
        assert main(argv) == 0
        data = np.load(out)
        assert data.files == [*COLUMNS, "stop_reason", "t_end", "k", "summary"]
        for name in COLUMNS:
            np.testing.assert_array_equal(data[name], np.array([getattr(tr, name) for tr in trajectories]), err_msg=name)
        expected_reasons = np.array(reasons, dtype=str)
        assert data["stop_reason"].dtype == expected_reasons.dtype
        np.testing.assert_array_equal(data["stop_reason"], expected_reasons)
        np.testing.assert_array_equal(data["t_end"], [tr.t_end for tr in trajectories])
        summary = json.loads(str(data["summary"]))
        assert summary["stop_reasons"] == {reason: reasons.count(reason) for reason in ("t_max", "r_min", "r_max", "failed")}
        assert list(summary) == ["launches", "samples", "k", "stop_reasons", "engine", "out"]
    assert capsys.readouterr().err == ""  # a quick sweep says nothing on stderr


def test_a_long_sweep_fills_the_same_few_arrays_again(tmp_path, monkeypatch):
    """Fresh memory costs the system a zeroed page each (on this machine more than the launches themselves):
    write_sweep hands each chunk's arrays back once written, and the next chunks are computed into them."""
    launches = tmp_path / "polar.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in ROWS * 3))
    monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", 2 * 11)  # 21 chunks of 2 launches
    made = []
    taken = []
    real_take = batch.ChunkArrays.take

    def take(self, shape):
        array = real_take(self, shape)
        taken.append(shape)
        if not any(array is seen for seen in made):  # the arrays are kept here, so no id is used twice
            made.append(array)
        return array

    monkeypatch.setattr(batch.ChunkArrays, "take", take)
    out = tmp_path / "long.npz"
    assert main(["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(out)]) == 0
    assert len(taken) == 21  # every chunk asks the pool
    # how many are alive at once depends on whether the writer or the engine is ahead (one, when the writer keeps up)
    assert 1 <= len(made) <= batch.ChunkArrays.KEEP
    reference = batch.simulate_batch([LaunchState(*row) for row in ROWS * 3], 1.0, IntegrationSettings(samples=11))
    np.testing.assert_array_equal(np.load(out)["x"], np.array([tr.x for tr in reference]))


def test_a_failure_after_the_first_chunk_leaves_no_file(tmp_path, monkeypatch, capsys):
    launches = tmp_path / "polar.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in ROWS))
    real = batch.sweep

    def failing(*args, **kwargs):
        chunks = real(*args, **kwargs)
        yield next(chunks)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch, "sweep", failing)
    monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", 3 * 11)
    out = tmp_path / "full.npz"
    code = main(["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "cannot write: No space left on device" in err and err.count("\n") == 1
    assert not out.exists()
    assert not [name for name in os.listdir(tmp_path) if name.startswith(TEMP_PREFIX)]


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_quick_sweep_says_nothing():
    clock, stream = Clock(), Terminal()
    progress = SweepProgress(1000, stream=stream, clock=clock)
    for done in (250, 500, 1000):
        clock.now += 0.5
        progress(done)
    progress.finish()
    assert stream.getvalue() == ""


def test_on_a_terminal_one_line_is_rewritten_at_most_four_times_a_second():
    clock, stream = Clock(), Terminal()
    progress = SweepProgress(1_000_000, stream=stream, clock=clock)
    clock.now += 3.0
    progress(100_000)
    clock.now += 0.1
    progress(150_000)  # too soon after the last: not shown
    clock.now += 0.2
    progress(200_000)
    clock.now += 0.01
    progress(1_000_000)  # the end is always shown
    progress.finish()
    text = stream.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "sweep: 100,000 of 1,000,000 launches (10%), 3 s" in text
    assert "150,000" not in text and "1,000,000 of 1,000,000 launches (100%)" in text


def test_in_a_log_a_plain_line_every_ten_percent():
    clock, stream = Clock(), io.StringIO()
    progress = SweepProgress(1000, stream=stream, clock=clock)
    for done in range(10, 1001, 10):
        clock.now += 0.125
        progress(done)
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert lines[0] == "sweep: 160 of 1,000 launches (16%), 2 s"  # the first after the quiet two seconds
    assert [line.split("(")[1].split("%")[0] for line in lines] == ["16"] + [str(p) for p in range(20, 101, 10)]


@pytest.mark.parametrize("stream", [io.StringIO(), Terminal()], ids=["log", "terminal"])
def test_the_command_shows_progress_for_a_long_sweep(tmp_path, monkeypatch, capsys, stream):
    """A clock that jumps 10 s a reading: the line shows without a sweep that long."""
    import app.cli.progress as progress_module

    ticks = iter(range(0, 10_000, 10))
    monkeypatch.setattr(progress_module, "SweepProgress",
                        functools.partial(SweepProgress, stream=stream, clock=lambda: float(next(ticks))))
    monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", 4 * 11)
    launches = tmp_path / "polar.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in ROWS[2:]))
    assert main(["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(tmp_path / "o.npz")]) == 0
    text = stream.getvalue()
    assert "sweep: 4 of 12 launches (33%), 10 s" in text and "sweep: 12 of 12 launches (100%), 30 s" in text
    assert text.endswith("\n") and ("\r" in text) == stream.isatty()
    assert capsys.readouterr().err == ""


EDGE_ROWS = [
    ("0.05", "0", "0", "0"), ("0.0500000001", "0", "0", "0"), ("100", "0", "0", "0"), ("99.99", "0", "0", "0"),
    ("1", "1e6", "0", "0"), ("1", "1000000.0001", "0", "0"), ("1", "0", "-1e6", "0"), ("1", "0", "-1e6 ", "0"),
    ("2", "0", "0", "5e5"), ("2", "0", "0", "5.0001e5"), (" 1.5", " -0.25 ", "0.1", "0.2"), ("1", "nan", "0", "0"),
    ("1", "0", "inf", "0"), ("1", "0", "0", "-inf"), ("1", "0x1p0", "0", "0"), ("1", "", "0", "0"), ("1e308", "0", "0", "0"),
    ("1", "1_0", "0", "0"), ("-1", "0", "0", "0"), ("1", "0", "1e308", "1e308"),
]


@pytest.mark.parametrize("header", [("r0", "theta0", "vr0", "omega0"), ("x0", "y0", "vx0", "vy0")])
def test_the_quick_reading_of_a_row_takes_what_launch_state_takes(tmp_path, header):
    """Each row alone: read_launches takes it with LaunchState's values exactly when LaunchState and the r range do."""
    from app.cli.errors import CliError
    from app.cli.sweep import read_launches
    from physics.integration.contract import r0_problem

    for i, row in enumerate(EDGE_ROWS):
        path = tmp_path / f"edge{i}.csv"
        path.write_text(",".join(header) + "\n" + ",".join(row) + "\n")
        try:
            values = [float(v) for v in row]
            assert all(map(math.isfinite, values))
            launch = LaunchState(*values) if header[0] == "r0" else LaunchState.from_cartesian(*values)
            expected = CliError if r0_problem(launch.r0, 0.05, 100.0) else None
        except (ValueError, AssertionError):
            expected = CliError
        if expected is CliError:
            with pytest.raises(CliError, match=r"row 1 \(line 2\)"):
                read_launches(str(path), 0.05, 100.0)
        else:
            assert list(read_launches(str(path), 0.05, 100.0)) == [launch], row


def test_computed_ahead_keeps_order_raises_in_the_caller_and_stops_when_left():
    import threading

    from app.files.sweep_file import computed_ahead

    assert list(computed_ahead(iter(range(7)))) == list(range(7))

    def failing():
        yield 1
        raise MemoryError("no room")

    got = []
    with pytest.raises(MemoryError, match="no room"):
        for item in computed_ahead(failing()):
            got.append(item)
    assert got == [1]

    made = []

    def endless():
        for i in range(10**9):
            made.append(i)
            yield i

    ahead = computed_ahead(endless())
    assert next(ahead) == 0
    ahead.close()  # the caller stops (an error, Ctrl-C): the thread stops too, a few items on at most
    assert len(made) <= 4
    assert not [t for t in threading.enumerate() if t.name == "sweep-ahead"]


def test_a_sweep_holds_a_few_chunks_not_the_whole_result(tmp_path, monkeypatch, capsys):
    """Memory traced while the command runs (numpy's arrays included) stays well under the file it writes."""
    import tracemalloc

    n, samples = 3000, 41
    rows = [(0.7 + 0.5 * (i % 7) / 7, 0.01 * i, 0.3 * math.sin(i), 0.4 * math.cos(0.3 * i)) for i in range(n)]
    launches = tmp_path / "many.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in rows))
    monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", 100 * samples)  # 30 chunks of 100 launches
    out = tmp_path / "many.npz"
    main(["sweep", "--k", "1", "--launches", str(launches), "--t-max", "2", "--samples", str(samples), "--out", str(out)])  # warm
    tracemalloc.start()
    try:
        assert main(["sweep", "--k", "1", "--launches", str(launches), "--t-max", "2", "--samples", str(samples), "--out", str(out)]) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = out.stat().st_size
    assert size > 11 * n * samples * 8
    assert peak < 0.3 * size, (peak, size)  # the columns held whole even once would be ≥ 1 × the file


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
def test_sigterm_during_a_sweep_stops_its_thread_removes_the_temporary_and_exits_143(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    launches = tmp_path / "many.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(f"{1 + (i % 97) / 100!r},{i / 1000!r},0.1,0.7\n" for i in range(30_000)))
    folder = tmp_path / "out"
    folder.mkdir()
    proc = subprocess.Popen([sys.executable, "main.py", "sweep", "--k", "1", "--launches", str(launches), "--t-max", "200",
                             "--samples", "3", "--out", str(folder / "many.npz")],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        # the sweep is writing: its temporary holds the NPZ's first headers (SIGTERM between mkstemp and atomic_path's
        # try would leave the file: a window of a few microseconds that polling for the name alone can hit)
        while not any(p.name.startswith(TEMP_PREFIX) and p.stat().st_size > 0 for p in folder.iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1] == "main.py sweep: terminated"
    assert "Traceback" not in err
    assert not list(folder.iterdir())


def test_a_csv_sweep_has_a_row_per_sample_with_the_npz_numbers(tmp_path, monkeypatch, capsys):
    launches = tmp_path / "polar.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in ROWS[2:]))
    monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", 5 * 11)  # three chunks: the header once
    base = ["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--t-max", "6"]
    assert main([*base, "--out", str(tmp_path / "s.npz")]) == 0
    assert main([*base, "--out", str(tmp_path / "s.csv"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    text = (tmp_path / "s.csv").read_text()
    assert text.splitlines()[0] == "launch," + ",".join(COLUMNS) and text.count("launch") == 1
    table = np.loadtxt(tmp_path / "s.csv", delimiter=",", skiprows=1)
    data = np.load(tmp_path / "s.npz")
    assert table.shape == (12 * 11, 12)
    np.testing.assert_array_equal(table[:, 0], np.repeat(np.arange(1, 13), 11))
    for column, name in enumerate(COLUMNS, start=1):
        np.testing.assert_array_equal(table[:, column], data[name].reshape(-1), err_msg=name)  # %.17g reads back exactly
    assert summary["stop_reasons"] == json.loads(str(data["summary"]))["stop_reasons"]


def test_a_write_that_fails_stops_the_engine_thread_at_once(tmp_path, monkeypatch, capsys):
    import threading

    from app.files import npz_stream

    launches = tmp_path / "polar.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in ROWS))
    real = npz_stream.NpzStreamWriter.write_rows

    def full_disk(self, name, first, block):
        if first > 0:
            raise OSError(28, "No space left on device")
        real(self, name, first, block)

    monkeypatch.setattr(npz_stream.NpzStreamWriter, "write_rows", full_disk)
    monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", 2 * 11)
    out = tmp_path / "full.npz"
    assert main(["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(out)]) == 2
    assert "cannot write: No space left on device" in capsys.readouterr().err
    assert not [t for t in threading.enumerate() if t.name == "sweep-ahead"]
    assert not out.exists() and not [name for name in os.listdir(tmp_path) if name.startswith(TEMP_PREFIX)]


@pytest.mark.skipif(not hasattr(os, "POSIX_FADV_DONTNEED"), reason="posix_fadvise is Linux's (and BSD's)")
def test_each_chunk_is_sent_to_the_disk_without_waiting_for_it(tmp_path, monkeypatch):
    """fdatasync after each chunk waited for the disk and left the next chunk new pages to fill: 90 µs of system time a
    launch, as much as the launches. posix_fadvise starts the writeback and lets the pages go; atomic_path's fsync at
    the end still waits for the whole file. Where it is refused (or missing) each chunk is synced as before."""
    launches = tmp_path / "polar.csv"
    launches.write_text("r0,theta0,vr0,omega0\n" + "".join(",".join(repr(v) for v in row) + "\n" for row in ROWS))
    monkeypatch.setattr(batch, "SWEEP_CHUNK_VALUES", 4 * 11)  # 4 chunks
    calls = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, advice: calls.append(("advise", advice)), raising=False)
    monkeypatch.setattr(os, "fdatasync", lambda fd: calls.append(("sync",)), raising=False)
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(("fsync",)), real_fsync(fd))[1])
    argv = ["sweep", "--k", "1", "--launches", str(launches), "--samples", "11", "--out", str(tmp_path / "a.npz")]
    assert main(argv) == 0
    assert calls == [("advise", os.POSIX_FADV_DONTNEED)] * 4 + [("fsync",)]  # the whole file, once, at the end

    def refused(fd, offset, length, advice):
        raise OSError(22, "Invalid argument")

    calls.clear()
    monkeypatch.setattr(os, "posix_fadvise", refused)
    assert main([*argv[:-1], str(tmp_path / "b.npz")]) == 0
    assert calls == [("sync",)] * 4 + [("fsync",)]
    assert np.array_equal(np.load(tmp_path / "a.npz")["x"], np.load(tmp_path / "b.npz")["x"])
