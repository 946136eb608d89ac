"""Which files a walked folder loads: data files, never READMEs, licences or sidecars.

Written before the rule was built (unseen check, session 2026-12-08): a folder of
articles as people keep them, with a README, a LICENSE, expectation sidecars and
a package manifest beside the data. Explicit file arguments always load.
"""

from __future__ import annotations

from pathlib import Path

from parsers.files import iter_input_files
from tests.unit.formats.scoring import FIXTURES

_FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    "<item><title>One</title><link>https://t.example/1</link></item></channel></rss>"
)
_ARTICLE = (
    '{"title": "Ferry fares rise", "text": "Fares rise in April.", "url": "https://x.example/f"}'
)


def _folder(root: Path) -> dict[str, str]:
    files = {
        "README.md": "# My news archive\n\nFeeds I saved.\n",
        "LICENSE": "MIT License\n\nCopyright (c) 2026\n",
        "LICENCE.txt": "Some licence text.\n",
        "CHANGELOG.md": "## 1.0\n- first\n",
        "feed.xml": _FEED,
        "feed.expected.json": '{"format": "rss", "count": 1}',
        "article.json": _ARTICLE,
        "article.expected.json": '{"format": "json", "count": 1}',
        "package.json": '{"name": "archive", "version": "1.0.0"}',
        "notes/readme.txt": "Notes about this folder.\n",
        "notes/story.md": "Title: Night trains\n\nURL Source: https://r.example/n\n\n"
        "Markdown Content:\nSleeper services resume.\n",
        "notes/story.expected.json": '{"format": "markdown"}',
        "text/bbc_001.txt": "Ad sales boost profits\n\nQuarterly profits rose.\n",
    }
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return files


def _walked(root: Path) -> list[str]:
    return [str(Path(p).relative_to(root)) for p in iter_input_files([str(root)])]


def test_walk_loads_data_files_only(tmp_path: Path) -> None:
    _folder(tmp_path)
    assert _walked(tmp_path) == ["article.json", "feed.xml", "notes/story.md", "text/bbc_001.txt"]


def test_explicit_files_always_load(tmp_path: Path) -> None:
    _folder(tmp_path)
    names = ["README.md", "feed.expected.json", "LICENSE", "package.json"]
    paths = [str(tmp_path / n) for n in names]
    assert list(iter_input_files(paths)) == paths


def test_walking_the_fixture_folder_finds_each_fixture_once() -> None:
    walked = sorted(Path(p) for p in iter_input_files([str(FIXTURES)]))
    sidecars = sorted(FIXTURES.rglob("*.expected.json"))
    data = sorted(p.with_name(p.name.removesuffix(".expected.json")) for p in sidecars)
    assert [p.with_suffix("") if p.suffix else p for p in walked] == data
