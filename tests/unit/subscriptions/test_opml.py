"""OPML import of a real-world-shaped export, and export -> import round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.subscriptions import Library, OpmlError, library_path, read_opml, write_opml

DATA = Path(__file__).parent / "data"


def test_nested_folders_become_tags() -> None:
    feeds = {f.url: f for f in read_opml((DATA / "feedly_nested.opml").read_bytes())}
    assert list(feeds) == [
        "https://www.harborgazette.example/rss/top.xml",
        "https://wire.example/world.atom",
        "https://qa.example/feed",
        "https://kernel.example/notes.rss",
        "http://blog.example/index.xml",
    ]  # the link outline and the gopher feed are not feeds newsdesk can follow
    assert feeds["https://www.harborgazette.example/rss/top.xml"].tags == ("News",)
    assert feeds["https://www.harborgazette.example/rss/top.xml"].name == "Harbor Gazette"
    # two folders deep, an OPML 2.0 category, and listed again under another folder
    assert feeds["https://wire.example/world.atom"].tags == (
        "News",
        "World",
        "Wires",
        "Global",
        "Tech",
    )
    assert feeds["https://qa.example/feed"].name == "Q&A Weekly"  # lower-case xmlurl still read
    assert feeds["https://kernel.example/notes.rss"].tags == ("Tech",)
    assert feeds["http://blog.example/index.xml"].tags == ()


@pytest.mark.parametrize(
    "data",
    [b"", b"<html><body/></html>", b"<opml version='2.0'><head/></opml>", b"<opml><body>"],
)
def test_not_opml_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(OpmlError):
        read_opml(data)


def test_entity_expansion_bomb_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
    for i in range(1, 10):
        bomb += f'<!ENTITY a{i} "{("&a" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
    bomb += b']><opml><body><outline text="&a9;" xmlUrl="http://x.example/"/></body></opml>'
    with pytest.raises(OpmlError):
        read_opml(bomb)


def test_export_import_round_trip(library: Library) -> None:
    for feed in read_opml((DATA / "feedly_nested.opml").read_bytes()):
        library.add(feed.url, feed.name, feed.tags)
    odd, _ = library.add("https://odd.example/feed", 'Quotes "and" <angles> & amps', ["a,b", "c/d"])
    library.set_full_text(odd.id, True)
    text = write_opml(library.subscriptions())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    back = {f.url: f for f in read_opml(text.encode())}
    for sub in library.subscriptions():
        assert back[sub.url].name == sub.display_name
        assert back[sub.url].full_text == (sub.url == "https://odd.example/feed")
        if sub.url == "https://odd.example/feed":
            assert back[sub.url].tags == ("a b", "c d")  # commas and slashes are OPML syntax
        else:
            assert back[sub.url].tags == sub.tags
    assert len(back) == len(library.subscriptions())


def test_import_opml_keeps_the_full_text_flag(tmp_path: Path) -> None:
    from tui.cli import main

    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss" '
        'fullText="true"/><outline text="B" xmlUrl="https://b.example/rss"/></body></opml>',
        encoding="utf-8",
    )
    assert main(["import-opml", str(opml)]) == 0
    with Library(library_path()) as lib:
        assert {s.url: s.full_text for s in lib.subscriptions()} == {
            "https://a.example/rss": True,
            "https://b.example/rss": False,
        }
