"""An NPZ file written a block of rows at a time, for results too large to hold twice.

An NPZ is a zip archive of .npy members (numpy's own format: a header, then the raw array). When each large
array's shape and dtype are known in advance, every member's place in the file is known too, so blocks of
rows can go straight to their places as they are computed, in any order of members, while each member's
CRC-32 is carried along (the rows of one member must come in order). `close` then writes the local headers
with their CRCs, the small members given whole, and the zip's central directory (zip64, so members and files
beyond 4 GB are fine). The file is stored uncompressed, as np.savez writes it, and np.load reads it.
"""

from __future__ import annotations

import io
import struct
import time
import zlib

import numpy as np

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile's structCentralDir
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR64 = struct.Struct("<4sLQL")
_END = struct.Struct("<4s4H2LH")
_ZIP64_VERSION = 45
_FULL = 0xFFFFFFFF


class _Member:
    def __init__(self, name: str, offset: int, header: bytes, size: int, row_bytes: int = 0, rows: int = 0):
        self.name = name.encode("utf-8")
        self.offset = offset  # of the local header
        self.size = size  # of the member: the .npy header and the data
        self.data_at = offset + _LOCAL.size + len(self.name) + 20 + len(header)
        self.row_bytes = row_bytes
        self.rows = rows
        self.next_row = 0
        self.crc = zlib.crc32(header)

    def local_header(self, when) -> bytes:
        extra = struct.pack("<HHQQ", 1, 16, self.size, self.size)
        return _LOCAL.pack(b"PK\x03\x04", _ZIP64_VERSION, 0, 0, 0, *when, self.crc, _FULL, _FULL, len(self.name), len(extra)) + self.name + extra


class NpzStreamWriter:
    """Write `arrays` (name → (shape, dtype)) into the binary file `handle` (opened for writing), rows first.

        writer = NpzStreamWriter(handle, {"x": ((n, m), float)})
        writer.write_rows("x", 0, block)            # rows 0 .. len(block) − 1, then the next ones, ...
        writer.close(extra={"summary": "..."})      # small arrays, stored whole after the large ones

    Member names are the array names plus ".npy", as np.savez writes them.
    """

    def __init__(self, handle, arrays: dict):
        self._handle = handle
        self._members: dict[str, _Member] = {}
        self._order: list[_Member] = []
        self._when = _dos_time(time.time())
        offset = handle.tell()
        for name, (shape, dtype) in arrays.items():
            dtype = np.dtype(dtype)
            shape = tuple(int(n) for n in shape)
            buffer = io.BytesIO()
            np.lib.format.write_array_header_1_0(
                buffer, {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape})
            header = buffer.getvalue()
            row_bytes = dtype.itemsize * int(np.prod(shape[1:], dtype=np.int64))
            member = _Member(f"{name}.npy", offset, header, len(header) + row_bytes * shape[0], row_bytes, shape[0])
            self._members[name] = member
            self._order.append(member)
            self._write_at(header, member.data_at - len(header))
            offset = member.offset + _LOCAL.size + len(member.name) + 20 + member.size
        self._end = offset

    def write_rows(self, name: str, first: int, block: np.ndarray) -> None:
        """Rows first .. first + len(block) − 1 of array `name`; each array's rows must come in order."""
        member = self._members[name]
        block = np.ascontiguousarray(block)
        if first != member.next_row:
            raise ValueError(f"{name}: rows must come in order: expected row {member.next_row}, got {first}")
        if block.nbytes != len(block) * member.row_bytes or first + len(block) > member.rows:
            raise ValueError(f"{name}: a block of shape {block.shape} does not fit rows {first} on")
        data = memoryview(block).cast("B")
        self._write_at(data, member.data_at + first * member.row_bytes)
        member.crc = zlib.crc32(data, member.crc)
        member.next_row += len(block)

    def _write_at(self, data, offset: int) -> None:
        self._handle.seek(offset)
        self._handle.write(data)  # a large block goes to the file without a copy into the buffer

    def close(self, extra: dict | None = None) -> None:
        """Store the arrays of `extra` whole (as np.savez would), then the headers and the zip's directory."""
        for member in self._order:
            if member.next_row != member.rows:
                raise ValueError(f"{member.name.decode()}: {member.next_row} rows of {member.rows} were written")
        handle = self._handle
        for member in self._order:
            self._write_at(member.local_header(self._when), member.offset)
        handle.seek(self._end)
        for name, value in (extra or {}).items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(value), allow_pickle=False)
            data = buffer.getvalue()
            member = _Member(f"{name}.npy", handle.tell(), b"", len(data))
            member.crc = zlib.crc32(data)
            handle.write(member.local_header(self._when))
            handle.write(data)
            self._order.append(member)
        directory = handle.tell()
        for member in self._order:
            extra_field = struct.pack("<HHQQQ", 1, 24, member.size, member.size, member.offset)
            handle.write(_CENTRAL.pack(b"PK\x01\x02", _ZIP64_VERSION, 3, _ZIP64_VERSION, 0, 0, 0, *self._when, member.crc,
                                       _FULL, _FULL, len(member.name), len(extra_field), 0, 0, 0, 0o644 << 16, _FULL))
            handle.write(member.name + extra_field)
        end64 = handle.tell()
        count = len(self._order)
        size = end64 - directory
        handle.write(_END64.pack(b"PK\x06\x06", 44, _ZIP64_VERSION, _ZIP64_VERSION, 0, 0, count, count, size, directory))
        handle.write(_LOCATOR64.pack(b"PK\x06\x07", 0, end64, 1))
        handle.write(_END.pack(b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF), min(size, _FULL), min(directory, _FULL), 0))
        handle.flush()


def _dos_time(seconds: float) -> tuple[int, int]:
    """(time, date) of a zip header, as zipfile stores time.localtime."""
    t = time.localtime(seconds)
    year = max(t.tm_year, 1980)
    return (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2), ((year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday
