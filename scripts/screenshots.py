"""Regenerate ``screenshots/*.svg`` from the real app on the bundled sample.

Run: ``python scripts/screenshots.py [OUTDIR]``. Headless (``App.run_test``) at 120x36:
the main screen, the list filtered by the most mentioned person, and by the most
mentioned country with an exclude, that country's profile, the reading state; then
an article open at 80x24 and at 200x60. Uses no cache, so it never touches the user's.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from textual.pilot import Pilot

from parsers.state import StateStore
from tui.app import NewsApp, make_app

SIZE = (120, 36)
ROOT = Path(__file__).resolve().parent.parent


async def _loaded(app: NewsApp, pilot: Pilot[int]) -> None:
    """Until the load has settled (every file in, index prepared): no timing guesses."""
    await app.main_screen.loader.settled.wait()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _toggle(app: NewsApp, pilot: Pilot[int], key: str, negate: bool = False) -> None:
    screen = app.main_screen
    screen.facets.focus()
    if not screen.facets.move_to_key(key):
        raise SystemExit(f"screenshots: {key} is not in the sidebar")
    await pilot.press("x" if negate else "enter")
    await pilot.pause()


async def shoot(outdir: Path) -> list[Path]:
    """Drive the app to each state and save an SVG; returns the files written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(app: NewsApp, name: str) -> None:
        app.save_screenshot(filename=f"{name}.svg", path=str(outdir))
        written.append(outdir / f"{name}.svg")

    # the bundled sample, with reading state of its own (never the user's)
    app = make_app(use_cache=False, steady=True, state_store=StateStore(memory=True))
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(app, pilot)
        screen = app.main_screen
        assert screen.result is not None
        screen.headlines.focus()
        await pilot.press("enter")
        screen.headlines.focus()
        await pilot.pause()
        save(app, "main")

        person = screen.result.facets["person"][0][0]
        await _toggle(app, pilot, person)
        screen.headlines.focus()
        await pilot.press("enter")
        screen.headlines.focus()
        await pilot.pause()
        save(app, "person_filter")

        await pilot.press("c")
        country = screen.result.facets["country"][0][0]
        await _toggle(app, pilot, country)
        other = next((k for k, _ in screen.result.facets["country"] if k != country), None)
        if other is not None:
            await _toggle(app, pilot, other, negate=True)
        await pilot.pause()
        save(app, "country_filter")

        # the most mentioned country's profile, with that filter's share shown
        screen.facets.focus()
        screen.facets.move_to_key(country)
        await pilot.press("i")
        await pilot.pause()
        save(app, "profile")
        await pilot.press("escape")
        await pilot.pause()

        # the reading state: two read, two starred, a saved view, the Library in sight
        await pilot.press("c")
        app.state_store.set_flag("read", [], True)
        screen.headlines.focus()
        await pilot.pause()
        await pilot.press("g", "r", "j", "j", "r", "asterisk", "j", "j", "asterisk")
        app.state_store.save_view("Grain talks", "grain -opinion", "newest")
        app.state_store.save_view("Starred", "is:starred", "oldest")
        screen.library.changed()
        await pilot.press("L")
        await pilot.pause()
        save(app, "reading_state")

        # the same story across sources: the list grouped (+N badges), "Also covered by"
        await pilot.press("escape", "c")
        screen.headlines.focus()
        await pilot.press("S")
        await pilot.pause()
        rows = screen.headlines.rows
        grouped = next((i for i, r in enumerate(rows) if len(screen.corpus.story_rows(r)) > 1), 0)
        screen.headlines.cursor = grouped
        await pilot.press("enter")
        screen.headlines.focus()
        await pilot.pause()
        save(app, "stories")

    # the reading layout at both ends: 80x24 (compact header, the list down to a few
    # rows while reading) and 200x60 (list and reader side by side)
    for name, size in (("reading_80x24", (80, 24)), ("wide_200x60", (200, 60))):
        app = make_app(use_cache=False, steady=True, state_store=StateStore(memory=True))
        async with app.run_test(size=size) as pilot:
            await _loaded(app, pilot)
            app.main_screen.headlines.focus()
            await pilot.press("j", "enter")
            await pilot.pause()
            save(app, name)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else ROOT / "screenshots"
    for path in asyncio.run(shoot(outdir)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
