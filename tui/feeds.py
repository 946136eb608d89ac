"""Refreshing subscriptions from the running app (``ctrl+r``).

The main screen owns one :class:`FeedRefresher`. Its thread worker refreshes
the library (:func:`parsers.subscriptions.refresh`), posting a
:class:`FeedsProgress` per feed, extracts the entities of the new and the
edited articles and posts one :class:`FeedsRefreshed`; the screen then adds the
new ones to the corpus it shows and replaces the edited ones in their rows (an
edited entry keeps its article id), so the filter, the cursor and the open
article stay where they were. The next start of ``newsdesk`` reads them
through the library snapshot and the cache as usual.

The refresher also keeps the app's :class:`~parsers.corpus.feeds.FeedMap` (which
subscription stored which article: the ``feed:``/``tag:`` terms) and presents
the sidebar's Feeds and Tags sections: unread counts, a failing feed's error
under its name, enter to filter by a feed or a tag.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from parsers.corpus.feeds import FeedMap, fold
from parsers.corpus.index import Corpus
from parsers.corpus.query import FilterState, Term
from parsers.model import Article
from parsers.sanitize import visible
from tui.present.sidebar import ExtraSections, Section

if TYPE_CHECKING:
    from parsers.subscriptions import Library
    from tui.screens.main import MainScreen

__all__ = [
    "FEED_SECTIONS",
    "FeedRefresher",
    "FeedsProgress",
    "FeedsRefreshed",
    "feed_map_of",
    "feed_sections",
    "read_feed_map",
    "refresh_feeds",
    "summary_line",
]

#: The sidebar sections this module owns (their ``Section.kind``).
FEED_SECTIONS = ("feeds", "tags")
_FEED = "feed:"
_TAG = "tag:"
UNREAD = FilterState((Term("is", "unread"),))


def feed_map_of(library: Library) -> FeedMap:
    """The library's subscriptions and which articles each one stored."""
    return library.feed_map()


def read_feed_map() -> FeedMap | None:
    """The feed map of the user's library (None: no library, or no feed)."""
    from parsers.subscriptions.library import read_feed_map as read

    return read()


def feed_sections(corpus: Corpus, state: FilterState, fm: FeedMap | None) -> ExtraSections:
    """The Feeds and Tags sections: unread articles per feed and tag, errors as notes,
    the filter's ``feed:``/``tag:`` terms marked."""
    if fm is None or not fm.feeds:
        return ExtraSections()
    counts = corpus.feed_counts(UNREAD)
    feeds = sorted(fm.feeds, key=lambda f: (f.name.casefold(), f.id))
    names = {f"{_FEED}{f.id}": f.name for f in feeds}
    names.update({f"{_TAG}{t}": t for t in fm.tags.values()})
    feed_entries = [(f"{_FEED}{f.id}", counts.feeds.get(f.id, 0)) for f in feeds]
    notes = {f"{_FEED}{f.id}": f.error for f in feeds if f.error}
    tag_entries = sorted(
        ((f"{_TAG}{t}", n) for t, n in counts.tags.items()), key=lambda e: e[0].casefold()
    )
    active: dict[str, bool] = {}
    for t in state.terms:
        if t.field == "feed":
            active.update({f"{_FEED}{i}": t.negate for i in fm.resolve("feed", t.value)})
        elif t.field == "tag" and fold(t.value) in fm.tags:
            active[f"{_TAG}{fm.tags[fold(t.value)]}"] = t.negate
    sections = [
        Section("feeds", "Feeds", feed_entries, has_mode=False, notes=notes,
                empty_text="no subscriptions"),
    ]  # fmt: skip
    if tag_entries:
        sections.append(Section("tags", "Tags", tag_entries, has_mode=False))
    return ExtraSections(tuple(sections), active, names.get)


@dataclass
class FeedsProgress(Message):
    """One more feed done."""

    done: int
    total: int
    new: int
    errors: int


@dataclass
class FeedsRefreshed(Message):
    """The refresh ended: the new articles and the edited ones (entities extracted),
    and what went wrong."""

    articles: list[Article]
    feeds: int
    errors: list[str] = field(default_factory=list)
    problem: str = ""  # the library could not be used at all
    changed: list[Article] = field(default_factory=list)
    feed_map: FeedMap | None = None  # the library's membership after the refresh

    @property
    def updated(self) -> int:
        return len(self.changed)


def summary_line(feeds: int, new: int, errors: int, updated: int = 0) -> str:
    """``12 feeds refreshed · 5 new articles · 2 updated · 1 error``."""
    line = f"{feeds} feed{'s' if feeds != 1 else ''} refreshed · {new} new article"
    line += "s" if new != 1 else ""
    if updated:
        line += f" · {updated} updated"
    if errors:
        line += f" · {errors} error{'s' if errors != 1 else ''}"
    return line


def refresh_feeds(post: Callable[[Message], object]) -> None:
    """The worker's body: refresh every subscription, reporting with ``post``."""
    from parsers.pipeline import extract_entities
    from parsers.subscriptions import Library, LibraryError, library_path, refresh

    try:
        with Library(library_path()) as library:
            subs = library.subscriptions()
            if not subs:
                post(FeedsRefreshed([], 0, problem="no subscriptions: newsdesk subscribe URL"))
                return
            counts = {"done": 0, "new": 0, "errors": 0}
            errors: list[str] = []
            added: list[Article] = []
            changed: list[Article] = []

            def on_report(report: object) -> None:
                from parsers.subscriptions import FeedReport

                assert isinstance(report, FeedReport)
                counts["done"] += 1
                counts["new"] += report.new
                added.extend(report.added)
                changed.extend(report.changed)
                if report.outcome == "error":
                    counts["errors"] += 1
                    errors.append(visible(report.summary()))
                post(FeedsProgress(counts["done"], len(subs), counts["new"], counts["errors"]))

            refresh(library, subs, on_report=on_report)
            fm = feed_map_of(library)
    except (LibraryError, OSError) as exc:
        post(FeedsRefreshed([], 0, problem=visible(str(exc))))
        return
    post(
        FeedsRefreshed(
            [extract_entities(a) for a in added],
            len(subs),
            errors,
            changed=[extract_entities(a) for a in changed],
            feed_map=fm,
        )
    )


class FeedRefresher:
    """Runs ``ctrl+r`` for the main screen; ``running`` while a refresh is on."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.running = False

    # -- the feed map and the sidebar's sections ------------------------------------

    def attach(self, fm: FeedMap | None = None, *, load: bool = True) -> None:
        """Give the app (and so every corpus it shows) the library's feed map."""
        if fm is None and load:
            fm = read_feed_map()
        app = self.screen.news_app
        app.feed_map = fm
        app.corpus.set_feeds(fm)

    def _relevant(self) -> bool:
        """Whether the sections belong on screen: the app shows the library (or the
        sample standing in for it), or some article shown came from a feed."""
        app = self.screen.news_app
        paths = app.paths
        if not paths:
            return True
        from parsers.sample import sample_paths
        from parsers.subscriptions.snapshot import snapshot_dir

        if str(snapshot_dir()) in paths or list(paths) == list(sample_paths()):
            return True
        return any(app.corpus.feed_counts(FilterState()).feeds.values())

    def sections(self) -> ExtraSections | None:
        """The Feeds and Tags sections for the sidebar (None when there are none)."""
        fm = self.screen.news_app.feed_map
        if fm is None or not fm.feeds or not self._relevant():
            return None
        return feed_sections(self.screen.corpus, self.screen.state, fm)

    def pick(self, key: str, negate: bool) -> None:
        """Enter (or ``x``) on a feed or a tag: add its ``feed:``/``tag:`` term, or take
        away the terms that already name it (however they were typed)."""
        screen = self.screen
        fm = screen.news_app.feed_map
        if fm is None:
            return
        if key.startswith(_FEED):
            feed = fm.feed(int(key[len(_FEED) :]))
            if feed is None:
                return
            # its name, unless that names other feeds too: then its URL
            term = Term(
                "feed", feed.name if fm.resolve("feed", feed.name) == [feed.id] else feed.url
            )

            def names_it(t: Term) -> bool:
                return t.field == "feed" and feed.id in fm.resolve("feed", t.value)
        else:
            term = Term("tag", key[len(_TAG) :])

            def names_it(t: Term) -> bool:
                return t.field == "tag" and fold(t.value) == fold(term.value)

        state = screen.state
        mine = [t for t in state.terms if names_it(t)]
        kept = FilterState(tuple(t for t in state.terms if t not in mine), state.or_kinds)
        if not any(t.negate == negate for t in mine):
            kept = kept.with_term(Term(term.field, term.value, negate))
        screen.set_state(kept)
        screen.facets.move_to_key(key)

    def start(self) -> None:
        if self.running:
            self.screen.notify("already refreshing", timeout=3, markup=False)
            return
        self.running = True
        screen = self.screen
        screen.load_bar.show(0, 1, Text("refreshing feeds…"))
        screen.load_bar.display = True
        screen.run_worker(
            lambda: refresh_feeds(screen.post_message),
            name="refresh_feeds",
            group="feeds",
            exclusive=True,
            exit_on_error=False,
            thread=True,
        )

    def progress(self, message: FeedsProgress) -> None:
        line = f"refreshing {message.done}/{message.total} feeds · {message.new} new"
        if message.errors:
            line += f" · {message.errors} failed"
        self.screen.load_bar.show(message.done, message.total, Text(line))

    def finished(self, message: FeedsRefreshed) -> None:
        screen = self.screen
        self.running = False
        screen.load_bar.display = False
        if message.problem:
            screen.notify(message.problem, severity="warning", timeout=6, markup=False)
            return
        self.attach(message.feed_map, load=False)
        if message.articles or message.changed:
            corpus = screen.corpus
            corpus.add([*message.articles, *message.changed])
            screen.headlines.clear_cache()  # an edited title repaints in its row
            screen.refresh_result()
            open_row = screen.reader.row
            edited = {a.id for a in message.changed}
            if open_row is not None and corpus.ids_of((open_row,))[0] in edited:
                screen.reading.show(open_row, keep_scroll=True)
        else:
            screen.update_sidebar()  # feeds' errors and counts
        line = summary_line(
            message.feeds, len(message.articles), len(message.errors), message.updated
        )
        screen.notify(line, severity="error" if message.errors else "information", markup=False)
        for error in message.errors[:3]:
            screen.notify(error, severity="error", timeout=8, markup=False)
