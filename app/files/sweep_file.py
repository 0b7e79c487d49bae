"""The NPZ (or CSV) of `python main.py sweep`, written chunk by chunk as the batch engine integrates.

Members, in this order: the COLUMNS t, x, y, vx, vy, r, theta, vr, omega, energy, C of shape (launches,
samples), then stop_reason (launches strings), t_end (launches), k and summary (a JSON text). Each chunk's
rows go from the engine's own arrays to their places in the file (npz_stream.py), so a sweep holds a few
chunks of samples at a time however many launches it has, and the file is whole or absent (atomic_path).
The next chunk is computed while the last is written and sent on to the disk (computed_ahead). A CSV has one
row per sample: `launch` (1 for the first), then the COLUMNS, its chunks of rows appended in turn.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from app.files import atomic_path
from app.files.data import csv_text
from app.files.npz_stream import NpzStreamWriter
from physics.integration.contract import CODE_REASONS, COLUMNS, OUT_ROWS, STOP_REASONS


def write_sweep(path, chunks: Iterable, launches: int, samples: int, k: float, info: dict,
                on_chunk: Callable[[int], None] | None = None, stop: threading.Event | None = None) -> dict[str, int]:
    """Write the chunks (physics.integration.batch.SweepChunk, in order) of a sweep to `path`.

    A path ending .csv gets CSV rows, any other the NPZ. `info` is stored as the NPZ's summary, its
    "stop_reasons" filled in with the count of each stop reason, which is also returned; `on_chunk(done)`
    hears the number of launches written after each chunk. `stop` is set when the writing fails or is
    interrupted: give the same Event to batch.sweep, which then stops at once.
    """
    rows = [OUT_ROWS.index(name) for name in COLUMNS]
    codes = np.empty(launches, dtype=np.int64)
    t_end = np.empty(launches)
    as_csv = str(path).lower().endswith(".csv")
    # closing: a failed write stops the thread at once (a suspended generator would wait for the traceback to go)
    with atomic_path(path) as tmp, open(tmp, "wb") as handle, contextlib.closing(computed_ahead(chunks, stop)) as ahead:
        writer = None if as_csv else NpzStreamWriter(handle, {name: ((launches, samples), float) for name in COLUMNS})
        done = 0
        for chunk in ahead:
            n = len(chunk.codes)
            if as_csv:
                handle.write(_csv_rows(chunk, rows, samples, header=chunk.first == 0).encode("utf-8"))
            else:
                for name, row in zip(COLUMNS, rows):
                    writer.write_rows(name, chunk.first, chunk.out[row])
            codes[chunk.first:chunk.first + n] = chunk.codes
            t_end[chunk.first:chunk.first + n] = chunk.t_end
            chunk.release()  # in the file: its arrays may take a later chunk (batch.sweep's reuse)
            done += n
            # to the disk now, while the next chunk is computed, rather than all at once in atomic_path's fsync
            handle.flush()
            _start_writeback(handle.fileno())
            if on_chunk is not None:
                on_chunk(done)
        if done != launches:
            raise ValueError(f"the sweep gave {done} launches of {launches}")
        reasons = np.asarray(CODE_REASONS)[codes]
        counts = {reason: int(np.count_nonzero(reasons == reason)) for reason in STOP_REASONS}
        # the width of the longest reason present, as np.array(list of reasons, dtype=str) makes it
        width = max((len(reason) for reason, count in counts.items() if count), default=1)
        info = dict(info)
        info["stop_reasons"] = counts  # in its place if info holds the key already
        if as_csv:
            return counts
        writer.close(extra={
            "stop_reason": reasons.astype(f"<U{width}"),
            "t_end": t_end,
            "k": np.float64(k),
            "summary": json.dumps(info, allow_nan=False),
        })
    return counts


def _csv_rows(chunk, rows, samples: int, header: bool) -> str:
    """A chunk's samples as CSV rows `launch` (1 for the first launch), then the COLUMNS, as data.csv_text writes them."""
    n = len(chunk.codes)
    columns = {name: chunk.out[row].reshape(-1) for name, row in zip(COLUMNS, rows)}
    columns["launch"] = np.repeat(np.arange(chunk.first + 1, chunk.first + n + 1, dtype=float), samples)
    text = csv_text(columns, ("launch", *COLUMNS))
    return text if header else text.split("\n", 1)[1]


_END = object()


def computed_ahead(items: Iterable, stop: threading.Event | None = None, stop_wait: float = 5.0) -> Iterator:
    """The items of an iterable, each one made in a thread while the one before is used.

    Here: the batch engine computes the next chunk (its kernel releases the GIL) while this thread writes
    the last one to the file. An exception in the thread is raised here; when the caller stops early (an
    error, Ctrl-C) `stop` is set and the thread ends after the item it is making (sooner if the items see
    `stop` too), waited for at most `stop_wait` seconds.
    """
    ready: queue.Queue = queue.Queue(maxsize=1)
    stop = stop or threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_END, None))
        except BaseException as exc:  # MemoryError, a failed run: raised in the caller's thread
            put((_END, exc))

    worker = threading.Thread(target=make, name="sweep-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item, error = ready.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        worker.join(stop_wait)


def _start_writeback(fd: int) -> None:
    """Have the system start writing what the file holds so far to the disk, and let each page go once written,
    without waiting (atomic_path's fsync at the end waits for the rest).

    It was fdatasync, which waited for each chunk: with the writes to new pages that followed, 90 µs of system time
    a launch (of 201 samples) on this machine, as much as the launches themselves. posix_fadvise's DONTNEED starts
    the writeback and frees the written pages for the next chunks: 15 µs (bench/bench_sweep_cli.py). Where there is
    no posix_fadvise (macOS, Windows), or it is refused, each chunk is synced as before.
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        try:
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            return
        except OSError:
            pass
    getattr(os, "fdatasync", os.fsync)(fd)  # no fdatasync on macOS and Windows
