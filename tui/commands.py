"""Command palette providers: filter by any entity (or open its profile), found by fuzzy
name; saved views and the reading state; the main screen's actions and the themes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from parsers.config import DEFAULT, SORTS
from parsers.model import ENTITY_KINDS, KINDS
from tui.present.names import display_name

if TYPE_CHECKING:
    from parsers.corpus.index import EntityInfo
    from tui.screens.main import MainScreen

__all__ = ["ActionCommands", "EntityCommands", "LibraryCommands"]

#: The word for each kind in a palette entry (``organisation``).
KIND_WORDS = {k.kind: k.noun for k in KINDS}


def highlight(matcher: Matcher, label: str) -> Content:
    """``label`` with the letters the query matched styled, as plain text: unlike
    ``Matcher.highlight``, which reads its candidate as markup."""
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class EntityCommands(Provider):
    """``Filter: Vladimir V. Putin (person, 12 articles)`` for every entity."""

    def _main(self) -> MainScreen | None:
        from tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _label(self, info: EntityInfo, negate: bool = False) -> str:
        name = display_name(info.kind, info.name, info.iso2)
        verb = "Exclude" if negate else "Filter"
        main = self._main()
        active = dict(main.result.active) if main is not None and main.result else {}
        if active.get(info.key) is negate:
            verb = "Remove filter"  # picking it again toggles it off: say so
        count = info.article_count
        articles = f"{count:,} article{'s' if count != 1 else ''}"
        return f"{verb}: {name} — {KIND_WORDS.get(info.kind, info.kind)}, {articles}"

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for kind in ENTITY_KINDS:
            for info in main.corpus.entities(kind)[:3]:
                label = self._label(info)
                yield DiscoveryHit(
                    Content(label),  # entity names are data, never markup
                    partial(main.toggle_entity, info.kind, info.key),
                    text=label,
                    help="Toggle this entity as a filter",
                )

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        negate = query.startswith("-")
        text = query.lstrip("-").strip()
        profile_only = text.casefold().startswith("profile ")
        if profile_only:
            text = text[len("profile ") :].strip()
        for info in main.corpus.find_entities(text, limit=30):
            label = self._label(info, negate)
            score = matcher.match(label)
            if not profile_only:
                yield Hit(
                    max(score, 0.01),
                    highlight(matcher, label),
                    partial(main.toggle_entity, info.kind, info.key, negate),
                    text=label,
                    help="Toggle as an exclude filter" if negate else "Toggle as a filter",
                )
            if not negate:
                plabel = "Profile: " + label.split(": ", 1)[1]
                pscore = matcher.match(plabel) if profile_only else score * 0.9
                yield Hit(
                    max(pscore, 0.005),
                    highlight(matcher, plabel),
                    partial(main.insight.open, info.key),
                    text=plabel,
                    help="Mentions over time, who appears with it, its articles",
                )


class LibraryCommands(Provider):
    """Saved views (open, rename, delete), save the current view, mark all read, export."""

    def _main(self) -> MainScreen | None:
        from tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _commands(self, main: MainScreen) -> list[tuple[str, Callable[[], object], str]]:
        lib = main.library
        out: list[tuple[str, Callable[[], object], str]] = []
        # a hit's help is read as markup: a view's query is data, so it is escaped
        for view in lib.store.views():
            name = view.name
            out.append((f"Open view: {name}", partial(lib.open_view, name), escape(view.query)))
        out.append(("Save view…", lib.save_view, "the current filter and sort, under a name"))
        for view in lib.store.views():
            name = view.name
            out.append((f"Rename view: {name}", partial(lib.rename_view, name), escape(view.query)))
            out.append((f"Delete view: {name}", partial(lib.delete_view, name), escape(view.query)))
        out.append(("Mark all read", lib.mark_all_read, "every article of this result (U undoes)"))
        out.append(("Export…", lib.export, "this result as JSON Lines, CSV or Markdown"))
        return out

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for label, action, help_text in self._commands(main):
            if label.startswith(("Rename", "Delete")):
                continue
            yield DiscoveryHit(Content(label), action, text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for label, action, help_text in self._commands(main):
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), action, text=label, help=help_text)


#: How each sort order reads in the palette.
SORT_WORDS = {"newest": "newest first", "oldest": "oldest first", "source": "by source"}


class ActionCommands(Provider):
    """The main screen's actions by name, each with its key: sort, clear, undo, the
    sidebar, help, find, the timeline, refresh; and every theme (``Theme: nord``)."""

    def _main(self) -> MainScreen | None:
        from tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _key(self, ident: str) -> str:
        from tui.keymap import key_of

        return key_of(getattr(self.app, "config", DEFAULT).keys, ident)

    def _commands(
        self, main: MainScreen, themes: bool
    ) -> list[tuple[str, Callable[[], object], str]]:
        key = self._key
        out: list[tuple[str, Callable[[], object], str]] = []
        for sort in SORTS:
            word = SORT_WORDS.get(sort, sort)
            now = " (now)" if main.sort == sort else ""
            out.append(
                (
                    f"Sort: {word}{now}",
                    partial(setattr, main, "sort", sort),
                    f"{key('main.sort')} cycles the orders",
                )
            )
        out.append(
            ("Clear all filters", main.action_clear, f"{key('main.clear')} · the whole list again")
        )
        out.append(
            (
                "Undo the last filter change",
                main.action_undo,
                f"{key('main.undo')} · step back through filter changes",
            )
        )
        sidebar = "Hide the sidebar" if main.panes.sidebar_visible else "Show the sidebar"
        out.append(
            (
                sidebar,
                main.action_toggle_sidebar,
                f"{key('main.toggle_sidebar')} · the entity sidebar",
            )
        )
        out.append(
            (
                "Find an entity in the sidebar",
                main.action_find,
                f"{key('main.find')} · type to narrow",
            )
        )
        out.append(
            (
                "Timeline: filter to a span of days",
                main.action_timeline,
                f"{key('main.timeline')} · space marks, enter filters",
            )
        )
        out.append(("Help: every key", main.action_help, f"{key('main.help')}"))
        out.append(
            (
                "Refresh feeds",
                main.action_refresh_feeds,
                f"{key('main.refresh_feeds')} · fetch the subscriptions",
            )
        )
        if themes:
            current = self.app.theme
            for name in sorted(self.app.available_themes):
                if name == "textual-ansi":
                    continue
                now = " (now)" if name == current else ""
                out.append(
                    (
                        f"Theme: {name}{now}",
                        partial(setattr, self.app, "theme", name),
                        "kept for the next start",
                    )
                )
        return [(label, action, escape(help_text)) for label, action, help_text in out]

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for label, action, help_text in self._commands(main, themes=False):
            yield DiscoveryHit(Content(label), action, text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for label, action, help_text in self._commands(main, themes=True):
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlight(matcher, label), action, text=label, help=help_text)
