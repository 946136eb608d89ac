"""What a cached row is valid for: the parser fingerprint, file content hashes and the
identity of a set of files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from parsers.store.schema import SCHEMA_VERSION
from parsers.when import zone_name

_PARSERS = Path(__file__).resolve().parent.parent
#: What decides the records and entities a file turns into (an allow-list: a file moved out
#: of these, or a new module elsewhere, never silently changes what invalidates the cache).
#: Paths relative to ``parsers/``; a folder stands for every file below it.
FINGERPRINTED = (
    "model.py",
    "files.py",
    "sanitize.py",
    "store/codec.py",
    "dump",
    "entities",
    "formats",
    "when.py",
)


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_FINGERPRINT: str | None = None


def fingerprinted_files() -> list[Path]:
    """The source and data files whose bytes make up the parser fingerprint."""
    out: list[Path] = []
    for name in FINGERPRINTED:
        p = _PARSERS / name
        cands = sorted(p.rglob("*")) if p.is_dir() else [p]
        out += [
            c
            for c in cands
            if c.is_file() and "__pycache__" not in c.parts and c.suffix not in (".pyc", ".pyo")
        ]
    return out


def parser_fingerprint() -> str:
    """Hash of the parsing code and data under ``parsers/`` (not the index side)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.blake2b(digest_size=12)
        h.update(f"schema{SCHEMA_VERSION}".encode())
        h.update(f"zone{zone_name()}".encode())  # head rows hold the reader's days
        for p in fingerprinted_files():
            h.update(p.relative_to(_PARSERS).as_posix().encode())
            h.update(p.read_bytes())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def fileset_key(entries: Iterable[tuple[str, str]]) -> str:
    """Identity of an ordered set of ``(path, content hash)``: what resolution saw."""
    h = hashlib.blake2b(digest_size=12)
    for path, digest in entries:
        h.update(f"{path}\x1f{digest}\x1e".encode())
    return h.hexdigest()
