"""QueryHistory: repeats move to the end, the oldest go past LIMIT, a broken
file is an empty history (and is replaced on the next save)."""

from __future__ import annotations

from pathlib import Path

from parsers.query_history import LIMIT, QueryHistory


def test_repeats_limit_and_reload(tmp_path: Path) -> None:
    path = tmp_path / "h" / "history.json"
    h = QueryHistory(path)
    for q in ("a", "b", " a ", ""):
        h.add(q)
    assert h.entries == ["b", "a"]
    for i in range(LIMIT + 5):
        h.add(f"q{i}")
    assert len(h.entries) == LIMIT and h.entries[-1] == f"q{LIMIT + 4}"
    assert QueryHistory(path).entries == h.entries


def test_a_broken_file_is_an_empty_history(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text("{not json", encoding="utf-8")
    h = QueryHistory(path)
    assert h.entries == []
    h.add("wheat OR maize")
    assert QueryHistory(path).entries == ["wheat OR maize"]
