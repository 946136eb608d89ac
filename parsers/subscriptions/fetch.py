"""Polite HTTP for feeds (httpx): conditional GET, caps, deadlines, per-host spacing.

One :class:`Fetcher` serves a whole refresh: a bounded number of fetches run at
once, requests to one origin (scheme, host, port: the unit robots.txt uses)
are spaced by ``host_delay`` seconds, and a 429/503 ``Retry-After`` holds back
the rest of that origin's requests. Every failure becomes a :class:`FetchResult`
with a one-line ``error``; nothing here raises for a bad feed.
"""

from __future__ import annotations

import asyncio
import email.utils
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

__all__ = [
    "USER_AGENT",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "HostGate",
    "parse_retry_after",
]


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("newsdesk")
    except Exception:
        return "0.1.0"


USER_AGENT = f"newsdesk/{_version()} (terminal news reader; feed fetcher)"

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits of one refresh; the defaults suit a daily reader on a normal line."""

    max_concurrency: int = 8
    host_delay: float = 1.0  # seconds between two requests to one origin
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence between two reads
    total_timeout: float = 60.0  # whole request, headers to last byte (slow-loris guard)
    max_bytes: int = 16 * 1024 * 1024  # decoded body; a bigger response is refused
    max_retry_wait: float = 30.0  # longest Retry-After worth waiting for within one refresh
    user_agent: str = USER_AGENT
    verify_tls: bool | ssl.SSLContext = True


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one GET came to: a body, a 304, or an error (a short sentence)."""

    url: str
    final_url: str = ""
    status: int = 0
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    #: The URL a chain of permanent redirects (301/308) led to, if any.
    moved_to: str = ""
    error: str = ""
    #: Epoch seconds before which the server asked not to be asked again.
    retry_at: float | None = None
    #: Not requested at all (its origin asked for a pause); ``error`` says so.
    skipped: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and not self.error


def parse_retry_after(value: str, now: float) -> float | None:
    """``Retry-After`` (seconds or an HTTP date) as an epoch time, or None."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return now + min(int(value), 7 * 86400)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(now, when.timestamp()) if when.tzinfo else None


class HostGate:
    """Spaces requests to one origin by ``delay`` seconds, and honours a hold-off.

    ``clock`` and ``sleep`` are injectable so the spacing is testable without waiting.
    """

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    @staticmethod
    def origin(url: str) -> str:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
        return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"

    async def acquire(self, url: str, max_wait: float = float("inf")) -> float:
        """Wait for ``url``'s turn (the next request to its origin waits ``delay`` more).

        Returns 0, or without waiting the seconds still to go when more than ``max_wait``.
        """
        key = self.origin(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            wait = self._next.get(key, 0.0) - self._clock()
            if wait > max_wait:
                return wait
            if wait > 0:
                await self._sleep(wait)
            self._next[key] = self._clock() + self.delay
        return 0.0

    def hold_off(self, url: str, seconds: float) -> None:
        """The origin asked for a pause (Retry-After): later requests wait that long."""
        key = self.origin(url)
        self._next[key] = max(self._next.get(key, 0.0), self._clock() + seconds)


class _TooBig(Exception):
    pass


@dataclass
class Fetcher:
    """An HTTP client for one refresh; use as ``async with Fetcher(options) as f``."""

    options: FetchOptions = field(default_factory=FetchOptions)
    transport: httpx.AsyncBaseTransport | None = None

    def __post_init__(self) -> None:
        o = self.options
        self.gate = HostGate(o.host_delay)
        self._slots = asyncio.Semaphore(max(1, o.max_concurrency))
        self._client = httpx.AsyncClient(
            follow_redirects=True,
            max_redirects=8,
            timeout=httpx.Timeout(
                connect=o.connect_timeout, read=o.read_timeout, write=o.read_timeout, pool=None
            ),
            limits=httpx.Limits(max_connections=max(1, o.max_concurrency)),
            headers={"User-Agent": o.user_agent, "Accept": _FEED_ACCEPT},
            verify=o.verify_tls,
            transport=self.transport,
            trust_env=False,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def fetch(
        self, url: str, etag: str = "", last_modified: str = "", accept: str = ""
    ) -> FetchResult:
        """GET ``url`` with its validators (``accept``: other than feed types, e.g. for
        an article page); never raises for network or server faults."""
        async with self._slots:
            wait = await self.gate.acquire(url, self.options.max_retry_wait)
            if wait:
                error = f"skipped: the server asked to wait {wait:.0f} s more"
                return FetchResult(url, error=error, skipped=True)
            try:
                async with asyncio.timeout(self.options.total_timeout):
                    return await self._get(url, etag, last_modified, accept)
            except TimeoutError:
                return FetchResult(
                    url,
                    error=f"no complete response within {self.options.total_timeout:g} s "
                    "(server too slow)",
                )
            except _TooBig:
                return FetchResult(url, error=self._too_big())
            except httpx.HTTPError as exc:
                return FetchResult(url, error=_describe(exc, self.options))
            except (OSError, ValueError, UnicodeError) as exc:
                return FetchResult(url, error=f"request failed: {exc}")

    def _too_big(self) -> str:
        mb = self.options.max_bytes / (1024 * 1024)
        return f"response larger than {mb:g} MB: refused"

    async def _get(self, url: str, etag: str, last_modified: str, accept: str) -> FetchResult:
        headers = {"Accept": accept} if accept else {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with self._client.stream("GET", url, headers=headers) as resp:
            moved = _permanent_target(url, resp)
            common = {
                "final_url": str(resp.url),
                "status": resp.status_code,
                "moved_to": moved,
                "etag": resp.headers.get("ETag", ""),
                "last_modified": resp.headers.get("Last-Modified", ""),
                "content_type": resp.headers.get("Content-Type", ""),
            }
            if resp.status_code == 304:
                return FetchResult(url, **common)
            if resp.status_code in (429, 503):
                retry_at = parse_retry_after(resp.headers.get("Retry-After", ""), time.time())
                if retry_at is not None:
                    self.gate.hold_off(url, retry_at - time.time())
                reason = resp.reason_phrase or "error"
                when = (
                    f"; retry after {time.strftime('%H:%M', time.localtime(retry_at))}"
                    if retry_at
                    else ""
                )
                error = f"HTTP {resp.status_code} {reason}{when}"
                return FetchResult(url, **common, error=error, retry_at=retry_at)
            if resp.status_code >= 400:
                reason = resp.reason_phrase or "error"
                return FetchResult(url, **common, error=f"HTTP {resp.status_code} {reason}")
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.options.max_bytes:
                raise _TooBig
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > self.options.max_bytes:
                    raise _TooBig
                chunks.append(chunk)
            return FetchResult(url, **common, body=b"".join(chunks))


def _permanent_target(url: str, resp: httpx.Response) -> str:
    """Where the leading run of permanent redirects (301/308) points, or ''."""
    target = ""
    hops = [*resp.history, resp]
    for i, hop in enumerate(hops[:-1]):
        if hop.status_code not in (301, 308):
            break
        target = str(hops[i + 1].url)
    return target if target and target != url else ""


def _describe(exc: httpx.HTTPError, o: FetchOptions) -> str:
    """A one-line, user-facing account of a transport failure."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect within {o.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"the server stopped answering for {o.read_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, httpx.ConnectError):
        if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
            return f"TLS error: {text}"
        return f"could not connect: {text}"
    if isinstance(exc, httpx.DecodingError):
        return f"the response could not be decoded: {text}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the HTTP protocol: {text}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"unsupported URL: {text}"
    return f"request failed: {text}"
