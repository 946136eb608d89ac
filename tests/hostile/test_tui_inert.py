"""Items 1-4 in the app: hostile headlines, bodies, sources, entity names, file names and
queries are shown as text; no escape sequence and no markup action reaches the terminal.

The frames checked are what Textual would write to a real terminal: the full screen
update rendered to its terminal byte stream (``render_segments``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.widgets import Input

from tests.hostile.kit import BAD_MARKUP, CLICK, CONTROL, OSC52, TITLE, hostile_dump, write
from tests.support.articles import make_app, wait_loaded, wait_until

#: A file name carrying a title change, a screen wipe, a newline and markup.
EVIL_FILE = "evil\x1b]0;pwned\x07\x1b[2J\n[bold]name[@click=app.quit]x.txt"
MARKUP_TITLE = f"{BAD_MARKUP} {CLICK}"

#: The sequences Textual itself writes (cursor moves, colours, modes).
_OWN_CSI = re.compile(r"\x1b\[[0-9;:?<>=]*[ -/]*[@-~]")


def _dump(tmp_path: Path) -> Path:
    newer = (
        "Evil [b]Source[/b] 2026-01-21 07:30:00\n\n"
        f"{MARKUP_TITLE}\n\n"
        "You have been granted access, use your keyboard to continue reading.\n\n"
        f"{MARKUP_TITLE}\n\n"
        "Marco Rubio said in Kyiv that the [red]talks[/red] would go on.\n"
    )
    return write(tmp_path / "hostile.txt", hostile_dump() + "\n" + newer)


def _terminal(app: Any) -> str:
    """The bytes a terminal would receive for the whole current screen."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def _assert_inert(stream: str) -> None:
    for payload in ("aGFja2Vk", "\x1b]", "\x1bP", "\x9b", "\x1b[2J", "\x07"):
        assert payload not in stream, f"{payload!r} reached the terminal"
    text = _OWN_CSI.sub("", stream)
    assert not CONTROL.search(text.replace("\r", "").replace("\n", "")), "a control character"


async def test_hostile_data_never_reaches_the_terminal(tmp_path: Path) -> None:
    dump = _dump(tmp_path)
    named = tmp_path / EVIL_FILE
    named.write_bytes(b"It\x92s a headline\n\nBody text.\n")  # a cp1252 warning names it
    missing = str(tmp_path / (EVIL_FILE + "-missing"))
    app = make_app(paths=[str(dump), str(named), missing], use_cache=False)
    frames: list[str] = []
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await wait_loaded(pilot)
        await wait_until(pilot, lambda: len(app.screen.query("Toast")) == 3)
        screen = app.main_screen
        # 3: the file names in toasts, and in the lists printed on exit, are escaped
        assert len(app.load_errors) == 1 and app.load_warnings
        for line in (*app.load_errors, *app.load_warnings):
            assert not CONTROL.search(line) and "\n" not in line
        assert "evil\\x1b]0;pwned\\x07" in app.load_errors[0]
        frames.append(_terminal(app))
        # markup in a file name shown as text (in a toast, wrapped)
        assert "[bold]name[@click=app." in frames[-1]
        # 1: the newest article (markup headline, markup source) opened in the reader
        titles = [app.corpus.headline(r).title for r in screen.headlines.rows]
        assert titles[0] == MARKUP_TITLE and "Ukraine Talks Resume in Geneva" in titles
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.reader.row is not None)
        frames.append(_terminal(app))
        # 2, 4: the "in this article" popup puts the headline in its border title
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen is not screen)
        frames.append(_terminal(app))
        assert "[/r/worldnews]" in frames[-1] and "[@click=app.screenshot(" in frames[-1]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        # the other article: escape sequences in headline, dek and body
        screen.headlines.focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: screen.reader.row == screen.headlines.rows[1])
        frames.append(_terminal(app))
        # 4: a query and a sidebar find holding markup
        await pilot.press("slash")
        query = screen.query_one("#query-input", Input)
        query.value = 'person:"y[/b]" [@click=app.quit]'
        await pilot.press("enter")
        await pilot.pause()
        frames.append(_terminal(app))
        find = screen.query_one("#entity-find", Input)
        find.focus()
        find.value = "zz[/i]"
        await pilot.press("enter")
        await pilot.pause()
        frames.append(_terminal(app))
        # the command palette lists entity names
        await pilot.press("escape", "ctrl+p")
        await wait_until(pilot, lambda: app.screen is not screen)
        palette_input = app.screen.query_one(Input)
        palette_input.value = "Rubio"
        await pilot.pause(0.3)  # (the palette searches on a timer of its own)
        frames.append(_terminal(app))
        assert app.is_running  # nothing crashed, nothing quit
    assert len(frames) == 7
    for frame in frames:
        _assert_inert(frame)
    assert not (tmp_path / "x.svg").exists() and not Path("/tmp/x.svg").exists()


def test_hostile_payloads_are_real() -> None:
    """The payloads above would act if they reached a terminal (a guard on the test)."""
    assert OSC52.startswith("\x1b]52;") and TITLE.startswith("\x1b]0;")


async def test_entity_names_in_the_command_palette_are_text() -> None:
    from dataclasses import replace

    from parsers.model import ArticleEntities, Entity, Mention
    from tests.support.articles import build_corpus, day, make_article

    name = f"{BAD_MARKUP} {CLICK}"
    base = make_article("Moderators meet", day(3), ["Moderators of a forum met."])
    org = Entity("org", "org:moderators", name, (), (Mention("title", 0, 0, 10, "Moderators"),))
    article = replace(base, entities=ArticleEntities(organizations=(org,)))
    app = make_app(build_corpus([article]))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")  # discovery hits: actions, views, top entities
        await wait_until(pilot, lambda: app.screen is not app.main_screen)
        await pilot.pause()
        _assert_inert(_terminal(app))
        app.screen.query_one(Input).value = "Moderators"

        def shown() -> bool:  # the palette gathers hits on a timer of its own
            return "[/r/worldnews]" in _terminal(app)

        await wait_until(pilot, shown)
        frames = [_terminal(app)]
        assert app.is_running
    for frame in frames:
        _assert_inert(frame)
        assert "[/r/worldnews]" in frame and "[@click=app.screenshot(" in frame
