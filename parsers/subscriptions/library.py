"""The library: subscriptions and the articles fetched from them, in SQLite.

User data, kept apart from the rebuildable cache: WAL, ``synchronous=NORMAL``,
an ``application_id`` so a foreign file is never written to, and a
``user_version`` schema with forward-only migrations (never drop-and-rebuild).
Articles are stored per subscription under a dedup key (the entry's GUID, else
its link, else its id), so a refresh adds only what is new and an article that
leaves the feed stays. An entry keeps the article id it was first stored under,
so an edited entry (same GUID, new title or body) replaces its article in place
and its read mark and star stay. Full texts fetched for summary-only feeds are
kept beside the feed's own record (``fulltext``), so a refresh never loses them.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from parsers.model import Article, Block
from parsers.sanitize import visible
from parsers.store.codec import article_from_dict, article_to_dict

if TYPE_CHECKING:
    from parsers.corpus.feeds import FeedMap

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "Entry",
    "FeedItem",
    "Library",
    "LibraryError",
    "StoreOutcome",
    "Subscription",
    "read_feed_map",
]

#: ``PRAGMA application_id``: "NDLB" (newsdesk library).
APPLICATION_ID = 0x4E444C42
SCHEMA_VERSION = 2

Status = Literal["new", "ok", "not-modified", "error"]


class LibraryError(Exception):
    """The library database cannot be used (foreign, newer, corrupt or unwritable)."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One followed feed and what the last fetch left behind."""

    id: int
    url: str
    name: str  # given by the user ("" when none)
    title: str  # the feed's own title, from the last successful fetch
    tags: tuple[str, ...]
    etag: str
    last_modified: str
    body_hash: str
    site_url: str
    added: float
    last_fetched: float | None
    last_success: float | None
    status: Status
    error: str
    retry_at: float | None
    article_count: int
    #: Fetch each new article's page for its full text (``subscribe --full-text``).
    full_text: bool = False

    @property
    def display_name(self) -> str:
        """The user's name, else the feed's title, else the URL."""
        return self.name or self.title or self.url


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One parsed feed entry: its dedup key and the article record."""

    key: str
    article: Article


@dataclass(frozen=True, slots=True)
class StoreOutcome:
    """What storing one fetch's items changed (``added``: the new articles,
    ``changed``: the edited ones, under the ids they had)."""

    new: int
    updated: int
    added: tuple[Article, ...] = ()
    changed: tuple[Article, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored article: its subscription, its dedup key and the record (full text
    merged in, when one was fetched)."""

    sub_id: int
    key: str
    article: Article
    has_full_text: bool = False


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run ``;``-separated DDL inside the current transaction (executescript would commit)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE subscription (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            etag TEXT NOT NULL DEFAULT '',
            last_modified TEXT NOT NULL DEFAULT '',
            body_hash TEXT NOT NULL DEFAULT '',
            site_url TEXT NOT NULL DEFAULT '',
            added REAL NOT NULL,
            last_fetched REAL,
            last_success REAL,
            status TEXT NOT NULL DEFAULT 'new',
            error TEXT NOT NULL DEFAULT '',
            retry_at REAL
        );
        CREATE TABLE subscription_tag (
            sub_id INTEGER NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            tag TEXT NOT NULL,
            PRIMARY KEY (sub_id, tag)
        );
        CREATE TABLE article (
            id INTEGER PRIMARY KEY,
            sub_id INTEGER NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            article_id TEXT NOT NULL,
            published REAL,
            first_seen REAL NOT NULL,
            changed REAL NOT NULL,
            data TEXT NOT NULL,
            UNIQUE (sub_id, key)
        );
        CREATE INDEX article_published ON article (published);
        """,
    )


def _v2(db: sqlite3.Connection) -> None:
    """Full text: a per-subscription flag, and the texts fetched (user data)."""
    _script(
        db,
        """
        ALTER TABLE subscription ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE fulltext (
            sub_id INTEGER NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            url TEXT NOT NULL,
            fetched REAL NOT NULL,
            blocks TEXT NOT NULL,
            error TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (sub_id, key)
        );
        CREATE INDEX article_article_id ON article (article_id);
        """,
    )


#: ``MIGRATIONS[n]`` takes the schema from version n to n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
assert len(MIGRATIONS) == SCHEMA_VERSION

_SUB_FIELDS = (
    "id", "url", "name", "title", "etag", "last_modified", "body_hash", "site_url", "added",
    "last_fetched", "last_success", "status", "error", "retry_at", "full_text",
)  # fmt: skip
_SUB_COLUMNS = ", ".join(_SUB_FIELDS)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA foreign_keys = ON")
    return db


class Library:
    """The subscriptions library at ``path`` (created on first use)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _connect(self.path)
            self._open()
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{self.path}: cannot open the library: {exc}") from exc
        except OSError as exc:
            raise LibraryError(f"{self.path}: cannot create the library: {exc}") from exc

    # -- schema ---------------------------------------------------------------

    def _open(self) -> None:
        db = self._db
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            raise LibraryError(f"{self.path}: not a newsdesk library (left untouched)")
        if app_id == 0 and version == 0:
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise LibraryError(f"{self.path}: not a newsdesk library (left untouched)")
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.path}: made by a newer newsdesk (schema {version}, "
                f"this one reads up to {SCHEMA_VERSION}); left untouched"
            )
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION:
            with self._write():
                # Re-read inside the write lock: another process may have migrated.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                for step in MIGRATIONS[version:]:
                    step(db)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One atomic write transaction (BEGIN IMMEDIATE: writers queue, never clash)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- subscriptions --------------------------------------------------------

    def _subscription(self, row: Sequence[Any]) -> Subscription:
        sub_id = row[0]
        tags = tuple(
            t
            for (t,) in self._db.execute(
                "SELECT tag FROM subscription_tag WHERE sub_id = ? ORDER BY pos", (sub_id,)
            )
        )
        count = self._db.execute(
            "SELECT count(*) FROM article WHERE sub_id = ?", (sub_id,)
        ).fetchone()[0]
        fields = dict(zip(_SUB_FIELDS, row, strict=True))
        fields["full_text"] = bool(fields["full_text"])
        return Subscription(**fields, tags=tags, article_count=count)

    def subscriptions(self) -> list[Subscription]:
        """Every subscription, in the order they were added."""
        rows = self._db.execute(f"SELECT {_SUB_COLUMNS} FROM subscription ORDER BY id").fetchall()
        return [self._subscription(r) for r in rows]

    def get(self, sub_id: int) -> Subscription | None:
        row = self._db.execute(
            f"SELECT {_SUB_COLUMNS} FROM subscription WHERE id = ?", (sub_id,)
        ).fetchone()
        return self._subscription(row) if row else None

    def by_url(self, url: str) -> Subscription | None:
        row = self._db.execute(
            f"SELECT {_SUB_COLUMNS} FROM subscription WHERE url = ?", (url,)
        ).fetchone()
        return self._subscription(row) if row else None

    def find(self, ref: str) -> list[Subscription]:
        """Subscriptions that ``ref`` names: its URL, else its name, else its feed title.

        Names and titles match case-insensitively; more than one match is returned
        as is, for the caller to call ambiguous.
        """
        by_url = self.by_url(ref)
        if by_url:
            return [by_url]
        subs = self.subscriptions()
        folded = ref.casefold()
        named = [s for s in subs if s.name and s.name.casefold() == folded]
        if named:
            return named
        return [s for s in subs if not s.name and s.title.casefold() == folded]

    def add(self, url: str, name: str = "", tags: Iterable[str] = ()) -> tuple[Subscription, bool]:
        """Subscribe to ``url``; returns the subscription and whether it is new.

        An existing subscription keeps its data: a given name replaces its name,
        and the tags are merged into its own.
        """
        with self._write() as db:
            row = db.execute("SELECT id FROM subscription WHERE url = ?", (url,)).fetchone()
            created = row is None
            if created:
                cur = db.execute(
                    "INSERT INTO subscription (url, name, added) VALUES (?, ?, ?)",
                    (url, name, time.time()),
                )
                sub_id = int(cur.lastrowid or 0)
            else:
                sub_id = row[0]
                if name:
                    db.execute("UPDATE subscription SET name = ? WHERE id = ?", (name, sub_id))
            self._add_tags(db, sub_id, tags)
        sub = self.get(sub_id)
        assert sub is not None
        return sub, created

    @staticmethod
    def _add_tags(db: sqlite3.Connection, sub_id: int, tags: Iterable[str]) -> None:
        have = {
            t.casefold(): t
            for (t,) in db.execute("SELECT tag FROM subscription_tag WHERE sub_id = ?", (sub_id,))
        }
        pos = len(have)
        for tag in tags:
            tag = tag.strip()
            if tag and tag.casefold() not in have:
                db.execute(
                    "INSERT INTO subscription_tag (sub_id, pos, tag) VALUES (?, ?, ?)",
                    (sub_id, pos, tag),
                )
                have[tag.casefold()] = tag
                pos += 1

    def remove(self, sub_id: int) -> int:
        """Unsubscribe; returns how many of its articles went with it."""
        with self._write() as db:
            n = db.execute("SELECT count(*) FROM article WHERE sub_id = ?", (sub_id,)).fetchone()
            db.execute("DELETE FROM subscription WHERE id = ?", (sub_id,))
        return int(n[0])

    # -- fetch results --------------------------------------------------------

    def record_error(self, sub_id: int, error: str, retry_at: float | None = None) -> None:
        """A failed fetch: the articles stay, the error is shown until the next success."""
        with self._write() as db:
            db.execute(
                "UPDATE subscription SET status = 'error', error = ?, last_fetched = ?, "
                "retry_at = ? WHERE id = ?",
                (error, time.time(), retry_at, sub_id),
            )

    def record_not_modified(
        self, sub_id: int, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """A 304 (or an unchanged body): only the fetch time and validators move."""
        now = time.time()
        with self._write() as db:
            db.execute(
                "UPDATE subscription SET status = 'not-modified', error = '', last_fetched = ?, "
                "last_success = ?, retry_at = NULL, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified) WHERE id = ?",
                (now, now, etag, last_modified, sub_id),
            )

    def move(self, sub_id: int, new_url: str) -> bool:
        """A permanent redirect: the subscription follows to ``new_url``.

        Returns False (and keeps the old URL) when another subscription has it already.
        """
        with self._write() as db:
            taken = db.execute("SELECT 1 FROM subscription WHERE url = ?", (new_url,)).fetchone()
            if taken:
                return False
            db.execute("UPDATE subscription SET url = ? WHERE id = ?", (new_url, sub_id))
        return True

    def store(
        self,
        sub_id: int,
        items: Sequence[FeedItem],
        *,
        title: str = "",
        site_url: str = "",
        etag: str = "",
        last_modified: str = "",
        body_hash: str = "",
    ) -> StoreOutcome:
        """Merge one successful fetch: new keys are inserted, changed ones updated
        (under the article id they were first stored with)."""
        now = time.time()
        new = updated = 0
        added: list[Article] = []
        changed: list[Article] = []
        with self._write() as db:
            for item in items:
                a = item.article
                row = db.execute(
                    "SELECT id, data, article_id FROM article WHERE sub_id = ? AND key = ?",
                    (sub_id, item.key),
                ).fetchone()
                if row is not None and a.id != row[2]:
                    a = replace(a, id=row[2])  # an edited entry keeps its id (and its marks)
                data = _encode(a)
                published = a.when if a.published else None
                if row is None:
                    db.execute(
                        "INSERT INTO article (sub_id, key, article_id, published, first_seen, "
                        "changed, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (sub_id, item.key, a.id, published, now, now, data),
                    )
                    new += 1
                    added.append(a)
                elif row[1] != data:
                    db.execute(
                        "UPDATE article SET published = ?, changed = ?, data = ? WHERE id = ?",
                        (published, now, data, row[0]),
                    )
                    updated += 1
                    changed.append(self._with_full_text(db, sub_id, item.key, a))
            db.execute(
                "UPDATE subscription SET status = 'ok', error = '', last_fetched = ?, "
                "last_success = ?, retry_at = NULL, title = coalesce(nullif(?, ''), title), "
                "site_url = coalesce(nullif(?, ''), site_url), etag = ?, last_modified = ?, "
                "body_hash = ? WHERE id = ?",
                (now, now, title, site_url, etag, last_modified, body_hash, sub_id),
            )
        return StoreOutcome(new, updated, tuple(added), tuple(changed))

    # -- articles -------------------------------------------------------------

    def articles(self, sub_ids: Iterable[int] | None = None) -> list[Article]:
        """Stored articles (of ``sub_ids``, or all), oldest first; a fetched full text
        stands in for the feed's summary."""
        sql = (
            "SELECT a.data, f.blocks FROM article a LEFT JOIN fulltext f "
            "ON f.sub_id = a.sub_id AND f.key = a.key"
        )
        params: tuple[int, ...] = ()
        if sub_ids is not None:
            params = tuple(sub_ids)
            sql += f" WHERE a.sub_id IN ({','.join('?' * len(params))})"
        sql += " ORDER BY a.published IS NULL, a.published, a.id"
        return [_decode(d, blocks) for d, blocks in self._db.execute(sql, params)]

    def change_stamp(self, sub_id: int) -> tuple[int, float]:
        """(article count, last change time) of a subscription's articles, full texts
        included: equal stamps, equal articles."""
        row = self._db.execute(
            "SELECT count(*), coalesce(max(changed), 0) FROM article WHERE sub_id = ?", (sub_id,)
        ).fetchone()
        texts = self._db.execute(
            "SELECT count(*), coalesce(max(fetched), 0) FROM fulltext WHERE sub_id = ?", (sub_id,)
        ).fetchone()
        return int(row[0]) + int(texts[0]), max(float(row[1]), float(texts[1]))

    def entry(self, article_id: str) -> Entry | None:
        """The stored article with id ``article_id`` (its first, if two feeds carry it)."""
        row = self._db.execute(
            "SELECT a.sub_id, a.key, a.data, f.blocks FROM article a LEFT JOIN fulltext f "
            "ON f.sub_id = a.sub_id AND f.key = a.key WHERE a.article_id = ? "
            "ORDER BY a.id LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return Entry(row[0], row[1], _decode(row[2], row[3]), bool(row[3] and row[3] != "[]"))

    def feed_pairs(self) -> list[tuple[int, str]]:
        """``(subscription id, article id)`` of every stored article."""
        return [(int(s), a) for s, a in self._db.execute("SELECT sub_id, article_id FROM article")]

    def feed_map(self) -> FeedMap:
        """The subscriptions (names, tags, errors) and which articles each stored: what
        a corpus needs for ``feed:``/``tag:`` terms (``Corpus.set_feeds``)."""
        from parsers.corpus.feeds import FeedInfo, FeedMap  # (numpy: not for every command)

        feeds = tuple(
            FeedInfo(
                s.id,
                visible(s.display_name),
                visible(s.url),
                tuple(visible(t) for t in s.tags),
                visible(s.error) if s.status == "error" else "",
                visible(s.title),
            )
            for s in self.subscriptions()
        )
        return FeedMap.build(feeds, self.feed_pairs())

    # -- full text ------------------------------------------------------------

    def set_full_text(self, sub_id: int, on: bool) -> None:
        """Whether refreshing ``sub_id`` fetches each new article's page for its full text."""
        with self._write() as db:
            db.execute("UPDATE subscription SET full_text = ? WHERE id = ?", (int(on), sub_id))

    def save_full_text(
        self, sub_id: int, key: str, url: str, blocks: Sequence[Block], error: str = ""
    ) -> Article | None:
        """Keep the full text of an entry (or, with ``error`` and no blocks, that its page
        failed: a refresh does not try it again; ``F`` does). Returns the article with
        the text in (as it was, after a failure), or None when the entry is gone."""
        encoded = json.dumps([[b.kind, b.text] for b in blocks], ensure_ascii=False)
        with self._write() as db:
            row = db.execute(
                "SELECT data, (SELECT blocks FROM fulltext f WHERE f.sub_id = a.sub_id "
                "AND f.key = a.key) FROM article a WHERE sub_id = ? AND key = ?",
                (sub_id, key),
            ).fetchone()
            if row is None:
                return None
            if blocks or row[1] is None:  # a failure never replaces a text fetched before
                db.execute(
                    "INSERT OR REPLACE INTO fulltext (sub_id, key, url, fetched, blocks, error) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (sub_id, key, url, time.time(), encoded, error),
                )
        return _decode(row[0], encoded if blocks else row[1])

    def without_full_text(self, sub_id: int) -> list[Entry]:
        """The entries of ``sub_id`` with a link and no full text yet, newest first."""
        rows = self._db.execute(
            "SELECT a.key, a.data FROM article a WHERE a.sub_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM fulltext f WHERE f.sub_id = a.sub_id AND f.key = a.key) "
            "ORDER BY a.published IS NULL, a.published DESC, a.id DESC",
            (sub_id,),
        ).fetchall()
        entries = [Entry(sub_id, key, _decode(data, None)) for key, data in rows]
        return [e for e in entries if e.article.url]

    @staticmethod
    def _with_full_text(db: sqlite3.Connection, sub_id: int, key: str, a: Article) -> Article:
        row = db.execute(
            "SELECT blocks FROM fulltext WHERE sub_id = ? AND key = ?", (sub_id, key)
        ).fetchone()
        return _merge_full_text(a, row[0]) if row else a

    def article_keys(self, sub_id: int) -> set[str]:
        rows = self._db.execute("SELECT key FROM article WHERE sub_id = ?", (sub_id,))
        return {k for (k,) in rows}

    def article_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM article").fetchone()[0])


def _encode(a: Article) -> str:
    return json.dumps(article_to_dict(a), ensure_ascii=False, separators=(",", ":"))


def _merge_full_text(a: Article, blocks: str) -> Article:
    """``a`` with the fetched full text as its body (the feed's summary set aside)."""
    parsed = tuple(
        Block(kind, text, i) for i, (kind, text) in enumerate(json.loads(blocks), start=1)
    )
    return replace(a, blocks=parsed, truncated=False, entities=None) if parsed else a


def _decode(data: str, blocks: str | None) -> Article:
    a = article_from_dict(json.loads(data))
    return _merge_full_text(a, blocks) if blocks else a


def read_feed_map() -> FeedMap | None:
    """The feed map of the user's library; None when there is no library (or it cannot
    be read, or it follows no feed)."""
    from parsers.subscriptions.paths import library_path

    path = library_path()
    if not path.exists():
        return None
    try:
        with Library(path) as library:
            fm = library.feed_map()
    except (LibraryError, OSError):
        return None
    return fm if fm.feeds else None
