"""The NPZ of `python main.py sweep`, written chunk by chunk as the batch engine integrates.

Members, in this order: the COLUMNS t, x, y, vx, vy, r, theta, vr, omega, energy, C of shape (launches,
samples), then stop_reason (launches strings), t_end (launches), k and summary (a JSON text). Each chunk's
rows go from the engine's own arrays to their places in the file (npz_stream.py), so a sweep holds one
chunk of samples at a time however many launches it has, and the file is whole or absent (atomic_path).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

import numpy as np

from app.files import atomic_path
from app.files.npz_stream import NpzStreamWriter
from physics.integration.contract import CODE_REASONS, COLUMNS, OUT_ROWS, STOP_REASONS


def write_sweep(path, chunks: Iterable, launches: int, samples: int, k: float, info: dict,
                on_chunk: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write the chunks (physics.integration.batch.SweepChunk, in order) of a sweep to `path`.

    `info` is stored as the summary, its "stop_reasons" filled in with the count of each stop reason,
    which is also returned; `on_chunk(done)` hears the number of launches written after each chunk.
    """
    rows = [OUT_ROWS.index(name) for name in COLUMNS]
    codes = np.empty(launches, dtype=np.int64)
    t_end = np.empty(launches)
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        writer = NpzStreamWriter(handle, {name: ((launches, samples), float) for name in COLUMNS})
        done = 0
        for chunk in chunks:
            n = len(chunk.codes)
            for name, row in zip(COLUMNS, rows):
                writer.write_rows(name, chunk.first, chunk.out[row])
            codes[chunk.first:chunk.first + n] = chunk.codes
            t_end[chunk.first:chunk.first + n] = chunk.t_end
            done += n
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
        writer.close(extra={
            "stop_reason": reasons.astype(f"<U{width}"),
            "t_end": t_end,
            "k": np.float64(k),
            "summary": json.dumps(info, allow_nan=False),
        })
    return counts
