"""Per-row columns of the corpus: packed strings, coded strings, numbers, row lists.

A warm open brings whole columns from the cache's snapshot as a few big buffers;
these types read them in place, so no Python object is made per row until a
row is shown. :class:`Column` puts rows added or replaced later on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any, overload

import numpy as np

__all__ = ["CodedStrings", "Column", "Numbers", "PackedStrings", "RowList"]


class RowList(Sequence[int]):
    """Immutable sequence of row ids backed by a numpy array (ints out)."""

    __slots__ = ("_a", "_pos")

    def __init__(self, array: np.ndarray) -> None:
        array = np.asarray(array, dtype=np.int64)
        array.setflags(write=False)
        self._a = array
        self._pos: dict[int, int] | None = None

    @property
    def array(self) -> np.ndarray:
        return self._a

    def __len__(self) -> int:
        return int(self._a.shape[0])

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return self._a[i].tolist()
        return int(self._a[i])

    def __iter__(self) -> Iterator[int]:
        return iter(self._a.tolist())

    def __contains__(self, row: object) -> bool:
        return self.position(row) is not None  # type: ignore[arg-type]

    def position(self, row: int) -> int | None:
        """Index of ``row`` in this list, or None (O(1) after the first call)."""
        if self._pos is None:
            self._pos = {r: i for i, r in enumerate(self._a.tolist())}
        return self._pos.get(int(row))

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        p = self.position(value)
        if p is None or p < start or (stop is not None and p >= stop):
            raise ValueError(f"{value} is not in list")
        return p

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowList):
            return bool(np.array_equal(self._a, other._a))
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RowList({self._a.tolist()[:20]}{'...' if len(self) > 20 else ''})"


class PackedStrings(Sequence[str]):
    """Strings kept as one UTF-8 buffer plus offsets, decoded one at a time.

    The cache's snapshot holds ids and titles this way: a warm open then makes
    no Python object per row (a headline list only ever decodes what it shows).
    """

    __slots__ = ("_buf", "_off")

    def __init__(self, buf: bytes, offsets: np.ndarray) -> None:
        self._buf = buf
        self._off = offsets

    @classmethod
    def pack(cls, strings: Iterable[str]) -> PackedStrings:
        encoded = [x.encode("utf-8", "surrogatepass") for x in strings]
        off = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, encoded), np.int64, len(encoded)), out=off[1:])
        return cls(b"".join(encoded), off)

    def __len__(self) -> int:
        return int(self._off.shape[0]) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        a, b = self._off[i : i + 2].tolist()
        return self._buf[a:b].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        buf, off = self._buf, self._off.tolist()
        return (buf[a:b].decode("utf-8", "surrogatepass") for a, b in pairwise(off))

    @property
    def buffers(self) -> tuple[bytes, np.ndarray]:
        return self._buf, self._off


class CodedStrings(Sequence[str]):
    """A column of few distinct strings: ``values[codes[i]]`` (sources, dates, kickers)."""

    __slots__ = ("codes", "values")

    def __init__(self, values: Sequence[str], codes: np.ndarray) -> None:
        self.values = list(values)
        self.codes = codes

    @classmethod
    def encode(cls, strings: Iterable[str]) -> CodedStrings:
        values: dict[str, int] = {}
        codes = np.fromiter((values.setdefault(x, len(values)) for x in strings), np.int64)
        return cls(list(values), codes)

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self.values[c] for c in self.codes[i].tolist()]
        return self.values[self.codes[i]]

    def __iter__(self) -> Iterator[str]:
        values = self.values
        return (values[c] for c in self.codes.tolist())


class Numbers(Sequence[Any]):
    """A numpy array seen as a sequence of Python numbers."""

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray) -> None:
        self.array = array

    def __len__(self) -> int:
        return int(self.array.shape[0])

    def __getitem__(self, i: Any) -> Any:
        return self.array[i].tolist()


class Column:
    """One per-row column: a read-only base (decoded per access) plus Python rows.

    The base is what a snapshot brought in (:class:`PackedStrings`,
    :class:`CodedStrings`, :class:`Numbers`); rows appended later go to a
    list, and rows replaced later to ``over``. Only ``len``, ``[i]``, ``[i] = v``,
    ``append``, ``extend`` and :meth:`array` are needed by the corpus.
    """

    __slots__ = ("base", "nbase", "over", "tail")

    def __init__(self, base: Sequence[Any] = ()) -> None:
        self.base = base
        self.nbase = len(base)
        self.tail: list[Any] = []
        self.over: dict[int, Any] = {}

    def __len__(self) -> int:
        return self.nbase + len(self.tail)

    def __getitem__(self, i: int) -> Any:
        if i >= self.nbase:
            return self.tail[i - self.nbase]
        if self.over and i in self.over:
            return self.over[i]
        return self.base[i]

    def __setitem__(self, i: int, value: Any) -> None:
        if i >= self.nbase:
            self.tail[i - self.nbase] = value
        else:
            self.over[i] = value

    def append(self, value: Any) -> None:
        self.tail.append(value)

    def extend(self, values: Iterable[Any]) -> None:
        self.tail.extend(values)

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))

    def array(self, dtype: Any) -> np.ndarray:
        """The whole column as a numpy array (numeric columns)."""
        base = self.base
        if isinstance(base, Numbers):
            head = base.array.astype(dtype, copy=False)
        elif isinstance(base, CodedStrings):  # pragma: no cover - not numeric
            raise TypeError("not a numeric column")
        else:
            head = np.asarray(list(base), dtype=dtype)
        if not self.tail and not self.over:
            return head
        out = np.concatenate((head, np.asarray(self.tail, dtype=dtype)))
        if self.over:
            idx = np.fromiter(self.over, np.int64, len(self.over))
            out[idx] = np.asarray(list(self.over.values()), dtype=dtype)
        return out
