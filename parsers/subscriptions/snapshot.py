"""The library as files the load pipeline already reads: one JSONL file per feed.

``newsdesk`` with no PATH opens the library by loading this folder, so the
cache, entity extraction and the loading worker treat feeds exactly like files
(newsdesk's own JSONL reads back as the same records). Only the files of feeds
whose articles changed are rewritten (a stamp per file: unchanged feeds are not
even read from the library), so the cache re-reads only those. The
folder is derived data: it lives in the cache dir and is rebuilt at will.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from parsers.store.location import cache_dir
from parsers.subscriptions.library import Library

__all__ = ["snapshot_dir", "write_snapshot"]


#: Per file, the (count, last change) of the articles it was written from.
_STAMPS = ".stamps.json"  # a dotfile: the folder walk skips it


def snapshot_dir() -> Path:
    return cache_dir() / "library"


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_snapshot(library: Library, root: Path | None = None) -> Path | None:
    """Write the library's articles under ``root``; returns it, or None when empty.

    Raises OSError when the folder cannot be written.
    """
    root = root or snapshot_dir()
    root.mkdir(parents=True, exist_ok=True)
    stamps_path = root / _STAMPS
    try:
        stamps = json.loads(stamps_path.read_text(encoding="utf-8"))
        if not isinstance(stamps, dict):
            stamps = {}
    except (OSError, ValueError):
        stamps = {}
    wanted: set[str] = set()
    fresh: dict[str, list[float]] = {}
    for sub in library.subscriptions():
        if not sub.article_count:
            continue
        name = f"feed-{sub.id}.jsonl"
        wanted.add(name)
        stamp = list(library.change_stamp(sub.id))
        fresh[name] = stamp
        if stamps.get(name) == stamp and (root / name).is_file():
            continue  # unchanged since it was written: not even read
        lines = (json.dumps(a.to_dict(), separators=(",", ":")) for a in library.articles([sub.id]))
        _write_if_changed(root / name, ("\n".join(lines) + "\n").encode())
    for stale in root.glob("feed-*.jsonl"):
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)
    if fresh != stamps:
        _write_if_changed(stamps_path, json.dumps(fresh).encode())
    return root if wanted else None
