"""Command palette provider: filter by any entity (or open its profile), found by fuzzy name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from parsers.model import ENTITY_KINDS, KINDS
from tui.present.names import display_name

if TYPE_CHECKING:
    from parsers.corpus.index import EntityInfo
    from tui.screens.main import MainScreen

__all__ = ["EntityCommands", "LibraryCommands"]

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
