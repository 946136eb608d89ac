"""Subscriptions: follow feeds by URL, refresh them politely, keep what they gave.

``library`` stores subscriptions and fetched articles (SQLite, user data dir),
``fetch`` does the HTTP, ``feeds`` turns feed bytes into records, ``refresh``
ties them together, ``opml`` reads and writes subscription lists.
"""

from parsers.subscriptions.feeds import FeedError, ParsedFeed, parse_feed
from parsers.subscriptions.fetch import USER_AGENT, Fetcher, FetchOptions, FetchResult
from parsers.subscriptions.library import FeedItem, Library, LibraryError, Subscription
from parsers.subscriptions.opml import OpmlError, OpmlFeed, read_opml, write_opml
from parsers.subscriptions.paths import data_dir, library_path
from parsers.subscriptions.refresher import FeedReport, refresh, refresh_async

__all__ = [
    "USER_AGENT",
    "FeedError",
    "FeedItem",
    "FeedReport",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "Library",
    "LibraryError",
    "OpmlError",
    "OpmlFeed",
    "ParsedFeed",
    "Subscription",
    "data_dir",
    "library_path",
    "parse_feed",
    "read_opml",
    "refresh",
    "refresh_async",
    "write_opml",
]
