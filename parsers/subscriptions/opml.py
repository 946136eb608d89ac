"""OPML in and out: folders and ``category`` attributes become tags, and back.

Import reads any outline tree (Feedly/Inoreader/newsboat/NetNewsWire shapes): an
outline with an ``xmlUrl`` is a feed, every enclosing outline without one is a
folder whose title becomes a tag, and OPML 2.0 ``category="/a/b,c"`` adds the
tags ``a``, ``b`` and ``c``. Export writes OPML 2.0: each feed inside a folder
named after its first tag, with all its tags in ``category`` — so importing an
export gives back the same feeds, names and tags. A subscription fetching full
texts carries ``fullText="true"`` (an attribute of our own; OPML allows them and
other readers ignore it), so that round-trips too.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import urlsplit

from parsers.subscriptions.library import Subscription

__all__ = ["OpmlError", "OpmlFeed", "read_opml", "write_opml"]


class OpmlError(Exception):
    """The file is not OPML (or not well-formed XML)."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    name: str
    tags: tuple[str, ...]
    full_text: bool = False


_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def _text(s: str | None) -> str:
    return _SPACE.sub(" ", _XML_BAD.sub(" ", s or "")).strip()


def _attr(el: ET.Element, name: str) -> str:
    """An attribute by name, case-insensitively (``xmlUrl``, ``xmlurl``, ``XMLURL``)."""
    for key, value in el.attrib.items():
        if key.lower() == name.lower():
            return _text(value)
    return ""


def _categories(value: str) -> list[str]:
    return [part.strip() for cat in value.split(",") for part in cat.split("/") if part.strip()]


def _merge(*groups: Iterable[str]) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for group in groups:
        for tag in group:
            out.setdefault(tag.casefold(), tag)
    return tuple(out.values())


def read_opml(data: bytes) -> list[OpmlFeed]:
    """The http(s) feeds of an OPML document, in document order, each URL once."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from exc
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML: the document element is <{root.tag}>")
    body = next((c for c in root if c.tag.lower() == "body"), None)
    if body is None:
        raise OpmlError("not OPML: no <body>")
    feeds: dict[str, OpmlFeed] = {}

    def walk(el: ET.Element, folders: tuple[str, ...]) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag.lower() != "outline":
                continue
            label = _attr(child, "text") or _attr(child, "title")
            url = _attr(child, "xmlUrl")
            cats = _categories(_attr(child, "category"))
            if url and urlsplit(url).scheme in ("http", "https"):
                tags = _merge(folders, cats)
                full = _attr(child, "fullText").lower() == "true"
                if url in feeds:  # listed in several folders: one feed, every folder a tag
                    first = feeds[url]
                    feeds[url] = OpmlFeed(
                        url, first.name, _merge(first.tags, tags), first.full_text or full
                    )
                else:
                    feeds[url] = OpmlFeed(url, label, tags, full)
            elif not url:
                walk(child, folders + tuple(_merge([label] if label else [], cats)))

    walk(body, ())
    return list(feeds.values())


def write_opml(subs: Iterable[Subscription], title: str = "newsdesk subscriptions") -> str:
    """OPML 2.0 of ``subs``: folders by first tag, every tag in ``category``."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = formatdate(time.time(), usegmt=True)
    ET.SubElement(head, "docs").text = "https://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for sub in subs:
        tags = [_text(t).replace(",", " ").replace("/", " ") for t in sub.tags]
        tags = [t for t in tags if t]
        parent = body
        if tags:
            if tags[0] not in folders:
                folders[tags[0]] = ET.SubElement(body, "outline", text=tags[0], title=tags[0])
            parent = folders[tags[0]]
        name = _text(sub.display_name)
        attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": _text(sub.url)}
        if sub.site_url:
            attrs["htmlUrl"] = _text(sub.site_url)
        if tags:
            attrs["category"] = ",".join(tags)
        if sub.full_text:
            attrs["fullText"] = "true"
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
