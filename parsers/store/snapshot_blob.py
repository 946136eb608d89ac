"""The snapshot blob: a whole set of files' headline columns in a few big buffers."""

from __future__ import annotations

import marshal
from typing import Any

import numpy as np

from parsers.corpus.columns import CodedStrings, PackedStrings
from parsers.corpus.rows import SnapshotColumns

_ARRAYS = ("retrieved", "when", "ent_len", "ent_idx", "ent_mc", "keys")
#: Arrays a snapshot may lack (one saved before they existed is still read).
_OPTIONAL = ("story",)
#: Columns with few distinct values, stored as (values, codes).
_CODED = ("sources", "dates", "kickers")
#: Columns of distinct strings, stored as one UTF-8 buffer plus offsets.
_PACKED = ("ids", "titles")
#: Version of the snapshot blob's layout (an older blob is rebuilt, not read).
SNAPSHOT_FORMAT = 2


def _small_dtype(a: np.ndarray) -> str:
    if a.dtype.kind == "f":
        return "<f8"
    hi = int(a.max()) if a.size else 0
    lo = int(a.min()) if a.size else 0
    if lo >= 0 and hi < 2**16:
        return "<u2"
    if lo >= -(2**31) and hi < 2**31:
        return "<i4"
    return "<i8"


def pack_columns(cols: SnapshotColumns) -> bytes:
    """Snapshot blob: marshal of a few big buffers, uncompressed (read speed first).

    Nothing in it is one object per row: arrays are raw bytes, ids and titles one
    UTF-8 buffer plus offsets each, low-cardinality strings (values, codes).
    """
    out: dict[str, Any] = {"format": SNAPSHOT_FORMAT}
    v: Any
    for k, v in cols.items():
        if k in _ARRAYS or k in _OPTIONAL:
            a = np.asarray(v)
            if k == "ent_mc":
                a = np.minimum(a, 2**16 - 1)
            dt = _small_dtype(a)
            out[k] = (dt, a.astype(dt).tobytes())
        elif k in _CODED:
            coded = v if isinstance(v, CodedStrings) else CodedStrings.encode(v)
            dt = _small_dtype(coded.codes)
            out[k] = (coded.values, dt, coded.codes.astype(dt).tobytes())
        elif k in _PACKED:
            buf, off = (v if isinstance(v, PackedStrings) else PackedStrings.pack(v)).buffers
            dt = _small_dtype(off)
            out[k] = (buf, dt, off.astype(dt).tobytes())
        else:
            out[k] = v
    return marshal.dumps(out)


def unpack_columns(blob: bytes) -> SnapshotColumns:
    d = marshal.loads(blob)
    if d.get("format") != SNAPSHOT_FORMAT:
        raise ValueError("snapshot layout from another version")
    for k in (*_ARRAYS, *(o for o in _OPTIONAL if o in d)):
        dt, raw = d[k]
        d[k] = np.frombuffer(raw, dtype=dt)
    for k in _CODED:
        values, dt, raw = d[k]
        d[k] = CodedStrings(values, np.frombuffer(raw, dtype=dt).astype(np.intp))
    for k in _PACKED:
        buf, dt, raw = d[k]
        d[k] = PackedStrings(buf, np.frombuffer(raw, dtype=dt).astype(np.int64))
    out: SnapshotColumns = d
    return out
