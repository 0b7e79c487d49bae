"""NpzStreamWriter: an NPZ written a block of rows at a time is what np.savez writes, and np.load reads it."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from app.files.npz_stream import NpzStreamWriter


def arrays():
    rng = np.random.default_rng(3)
    return rng.normal(size=(10, 7)), rng.integers(0, 9, size=(10, 2, 3)).astype(np.int64)


def stream(path, a, b, block=4, extra=None):
    with open(path, "wb") as handle:
        writer = NpzStreamWriter(handle, {"a": (a.shape, a.dtype), "b": (b.shape, b.dtype)})
        for first in range(0, len(a), block):
            writer.write_rows("b", first, b[first:first + block])  # members in any order, rows in order
            writer.write_rows("a", first, a[first:first + block])
        writer.close(extra=extra)


def test_members_are_byte_for_byte_what_np_savez_writes(tmp_path):
    a, b = arrays()
    extra = {"reason": np.array(["t_max", "r_min"]), "k": np.float64(-2.5), "summary": json.dumps({"launches": 10})}
    stream(tmp_path / "s.npz", a, b, extra=extra)
    np.savez(tmp_path / "r.npz", a=a, b=b, **extra)
    with zipfile.ZipFile(tmp_path / "s.npz") as ours, zipfile.ZipFile(tmp_path / "r.npz") as theirs:
        assert ours.testzip() is None  # every CRC checks
        assert ours.namelist() == theirs.namelist()
        for name in theirs.namelist():
            assert ours.read(name) == theirs.read(name), name
    data = np.load(tmp_path / "s.npz")
    np.testing.assert_array_equal(data["a"], a)
    np.testing.assert_array_equal(data["b"], b)
    assert float(data["k"]) == -2.5 and json.loads(str(data["summary"])) == {"launches": 10}


def test_rows_out_of_order_or_missing_are_refused(tmp_path):
    a, b = arrays()
    with open(tmp_path / "x.npz", "wb") as handle:
        writer = NpzStreamWriter(handle, {"a": (a.shape, a.dtype)})
        with pytest.raises(ValueError, match="rows must come in order: expected row 0, got 4"):
            writer.write_rows("a", 4, a[4:])
        with pytest.raises(ValueError, match="does not fit"):
            writer.write_rows("a", 0, b)
        writer.write_rows("a", 0, a[:4])
        with pytest.raises(ValueError, match="4 rows of 10 were written"):
            writer.close()


def test_offsets_beyond_4_gb_take_the_zip64_records(tmp_path):
    """A member that starts past 4 GB (a sparse hole here, costing no disk) is found by its 64-bit offset."""
    a, b = arrays()
    path = tmp_path / "far.zip"
    with open(path, "wb") as handle:
        handle.seek(5 << 30)
        writer = NpzStreamWriter(handle, {"a": (a.shape, a.dtype)})
        writer.write_rows("a", 0, a)
        writer.close(extra={"b": b})
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("a.npy")
        assert info.header_offset == 5 << 30
        with archive.open("a.npy") as member:
            np.testing.assert_array_equal(np.lib.format.read_array(member), a)
        with archive.open("b.npy") as member:
            np.testing.assert_array_equal(np.lib.format.read_array(member), b)
