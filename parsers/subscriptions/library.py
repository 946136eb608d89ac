"""The library: subscriptions and the articles fetched from them, in SQLite.

User data, kept apart from the rebuildable cache: WAL, ``synchronous=NORMAL``,
an ``application_id`` so a foreign file is never written to, and a
``user_version`` schema with forward-only migrations (never drop-and-rebuild).
Articles are stored per subscription under a dedup key (the entry's GUID, else
its link, else its id), so a refresh adds only what is new and an article that
leaves the feed stays.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from parsers.model import Article
from parsers.store.codec import article_from_dict, article_to_dict

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "FeedItem",
    "Library",
    "LibraryError",
    "StoreOutcome",
    "Subscription",
]

#: ``PRAGMA application_id``: "NDLB" (newsdesk library).
APPLICATION_ID = 0x4E444C42
SCHEMA_VERSION = 1

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
    """What storing one fetch's items changed (``added``: the new articles)."""

    new: int
    updated: int
    added: tuple[Article, ...] = ()


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


#: ``MIGRATIONS[n]`` takes the schema from version n to n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1,)
assert len(MIGRATIONS) == SCHEMA_VERSION

_SUB_FIELDS = (
    "id", "url", "name", "title", "etag", "last_modified", "body_hash", "site_url", "added",
    "last_fetched", "last_success", "status", "error", "retry_at",
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
        """Merge one successful fetch: new keys are inserted, changed ones updated."""
        now = time.time()
        new = updated = 0
        added: list[Article] = []
        with self._write() as db:
            for item in items:
                a = item.article
                data = json.dumps(article_to_dict(a), ensure_ascii=False, separators=(",", ":"))
                published = a.when if a.published else None
                row = db.execute(
                    "SELECT id, data FROM article WHERE sub_id = ? AND key = ?", (sub_id, item.key)
                ).fetchone()
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
                        "UPDATE article SET article_id = ?, published = ?, changed = ?, data = ? "
                        "WHERE id = ?",
                        (a.id, published, now, data, row[0]),
                    )
                    updated += 1
            db.execute(
                "UPDATE subscription SET status = 'ok', error = '', last_fetched = ?, "
                "last_success = ?, retry_at = NULL, title = coalesce(nullif(?, ''), title), "
                "site_url = coalesce(nullif(?, ''), site_url), etag = ?, last_modified = ?, "
                "body_hash = ? WHERE id = ?",
                (now, now, title, site_url, etag, last_modified, body_hash, sub_id),
            )
        return StoreOutcome(new, updated, tuple(added))

    # -- articles -------------------------------------------------------------

    def articles(self, sub_ids: Iterable[int] | None = None) -> list[Article]:
        """Stored articles (of ``sub_ids``, or all), oldest first."""
        sql = "SELECT data FROM article"
        params: tuple[int, ...] = ()
        if sub_ids is not None:
            params = tuple(sub_ids)
            sql += f" WHERE sub_id IN ({','.join('?' * len(params))})"
        sql += " ORDER BY published IS NULL, published, id"
        return [article_from_dict(json.loads(d)) for (d,) in self._db.execute(sql, params)]

    def change_stamp(self, sub_id: int) -> tuple[int, float]:
        """(article count, last change time) of a subscription's articles: equal stamps,
        equal articles."""
        row = self._db.execute(
            "SELECT count(*), coalesce(max(changed), 0) FROM article WHERE sub_id = ?", (sub_id,)
        ).fetchone()
        return int(row[0]), float(row[1])

    def article_keys(self, sub_id: int) -> set[str]:
        rows = self._db.execute("SELECT key FROM article WHERE sub_id = ?", (sub_id,))
        return {k for (k,) in rows}

    def article_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM article").fetchone()[0])
