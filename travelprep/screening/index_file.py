"""An `IndexedList` on disk: one versioned file of plain arrays that every process maps.

Layout: MAGIC, the header's length (8 bytes, little-endian), the header as JSON, then each
array's raw bytes at a 64-byte-aligned offset. The header names the format, what the index
was built from (`expect`: the list, its version, the normalizer), the list's shared texts,
and each array's dtype, shape, offset and CRC-32. Reading checks all of it, so a truncated,
corrupted, foreign or outdated file is refused (`IndexFileError`) rather than half-used.
Arrays are read-only views of one shared memory map: workers mapping the same file share
its pages. No pickle: only numeric dtypes are accepted.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import tempfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from travelprep.screening.indexed_list import IndexedList

MAGIC = b"TPSCRIDX"
FORMAT = 1  # bump when the arrays or their meaning change: older files are then rebuilt
ALIGN = 64
_DTYPES = frozenset({"<i4", "<i8", "<u8", "<f4", "|u1"})
_LENGTH = struct.Struct("<Q")
_MAX_HEADER = 1 << 24


class IndexFileError(Exception):
    """An index file that cannot be used, and why."""


def save_index(path: Path, indexed: IndexedList, expect: Mapping[str, Any]) -> None:
    """Write `indexed` to `path` atomically (a temporary file renamed into place)."""
    described, offset = [], 0
    for name, array in indexed.arrays.items():
        array = np.ascontiguousarray(array)
        dtype = array.dtype.newbyteorder("<") if array.dtype.byteorder == "=" else array.dtype
        described.append(
            {"name": name, "dtype": dtype.str, "shape": list(array.shape), "nbytes": array.nbytes}
        )
    header = {"format": FORMAT, "expect": dict(expect), "strings": list(indexed.strings), "arrays": described}
    # Offsets depend on the header's length, which depends on the offsets' digits: fix
    # the offsets with room to spare, then pad the header to its reserved size.
    reserved = _aligned(len(json.dumps(header).encode()) + 64 * len(described) + 256)
    offset = reserved
    for item, array in zip(described, indexed.arrays.values(), strict=True):
        item["offset"] = offset
        item["crc32"] = zlib.crc32(np.ascontiguousarray(array).data)
        offset = _aligned(offset + item["nbytes"])
    encoded = json.dumps(header).encode()
    head = MAGIC + _LENGTH.pack(len(encoded)) + encoded
    if len(head) > reserved:
        raise IndexFileError(f"{path}: the header outgrew its room")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-index-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(head.ljust(reserved, b"\0"))
            for item, array in zip(described, indexed.arrays.values(), strict=True):
                handle.seek(item["offset"])
                handle.write(np.ascontiguousarray(array).data)
            handle.truncate(described[-1]["offset"] + described[-1]["nbytes"] if described else reserved)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_index(path: Path, expect: Mapping[str, Any]) -> IndexedList:
    """Map `path` and check it was built as `expect` says; IndexFileError if not usable."""
    try:
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as error:  # missing, unreadable, or empty (cannot be mapped)
        raise IndexFileError(f"{path}: cannot be read ({error})") from None
    header = _header(path, mapped)
    if header.get("format") != FORMAT:
        raise IndexFileError(f"{path}: format {header.get('format')!r}, this version reads {FORMAT}")
    if header.get("expect") != dict(expect):
        raise IndexFileError(f"{path}: built from {header.get('expect')!r}, not from {dict(expect)!r}")
    arrays = _arrays(path, mapped, header.get("arrays"))
    strings = header.get("strings")
    if not isinstance(strings, list) or not all(isinstance(s, str) for s in strings):
        raise IndexFileError(f"{path}: the header's shared texts are malformed")
    try:
        return IndexedList(arrays, strings)
    except KeyError as error:
        raise IndexFileError(f"{path}: the array {error} is missing") from None


def _header(path: Path, mapped: mmap.mmap) -> dict[str, Any]:
    start = len(MAGIC) + _LENGTH.size
    if len(mapped) < start or mapped[: len(MAGIC)] != MAGIC:
        raise IndexFileError(f"{path}: not a TravelPrep screening index (truncated or foreign)")
    (length,) = _LENGTH.unpack(mapped[len(MAGIC) : start])
    if length > min(_MAX_HEADER, len(mapped) - start):
        raise IndexFileError(f"{path}: the header is truncated")
    try:
        header = json.loads(mapped[start : start + length])
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexFileError(f"{path}: the header is corrupt ({error})") from None
    if not isinstance(header, dict):
        raise IndexFileError(f"{path}: the header is corrupt")
    return header


def _arrays(path: Path, mapped: mmap.mmap, described: Any) -> dict[str, np.ndarray]:
    if not isinstance(described, list):
        raise IndexFileError(f"{path}: the header lists no arrays")
    view = memoryview(mapped)
    arrays = {}
    for item in described:
        try:
            name, dtype, shape = str(item["name"]), item["dtype"], tuple(int(n) for n in item["shape"])
            offset, nbytes, crc = int(item["offset"]), int(item["nbytes"]), int(item["crc32"])
        except (KeyError, TypeError, ValueError):
            raise IndexFileError(f"{path}: an array's description is malformed") from None
        if dtype not in _DTYPES:
            raise IndexFileError(f"{path}: array {name!r} has the refused dtype {dtype!r}")
        count = int(np.prod(shape)) if shape else 1
        if min(count, offset) < 0 or count * np.dtype(dtype).itemsize != nbytes or offset % ALIGN:
            raise IndexFileError(f"{path}: array {name!r} is described inconsistently")
        if offset + nbytes > len(mapped):
            raise IndexFileError(f"{path}: truncated in array {name!r}")
        if zlib.crc32(view[offset : offset + nbytes]) != crc:
            raise IndexFileError(f"{path}: array {name!r} is corrupt (checksum differs)")
        if count == 0:  # nothing to map (and mapping at the very end of the file is refused)
            array = np.empty(shape, dtype=dtype)
        else:
            array = np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)
        array.flags.writeable = False
        arrays[name] = array
    return arrays


def _aligned(offset: int) -> int:
    return -(-offset // ALIGN) * ALIGN


def expectation(source: str, list_version: str, normalizer: int) -> dict[str, Any]:
    """What an index built from one stored list version must say it was built from."""
    return {"source": source, "list_version": list_version, "normalizer": normalizer}


__all__: Sequence[str] = ("IndexFileError", "expectation", "load_index", "save_index")
