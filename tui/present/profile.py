"""What the profile screen shows: facts about an entity and its "Appears with" rows.

Pure: :func:`profile_view` turns an
:class:`~parsers.corpus.profile.EntityProfile` into text and rows; names from
the data stay data (``Text`` objects, never markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from parsers.corpus.profile import Associate, EntityProfile
from parsers.model import KIND
from tui.present.names import display_name

__all__ = ["AssocRow", "ProfileView", "profile_view"]


@dataclass(frozen=True, slots=True)
class AssocRow:
    """One row of "Appears with": a kind's header (``key`` empty) or an entity."""

    kind: str
    key: str
    prompt: Text


@dataclass(frozen=True, slots=True)
class ProfileView:
    """Title, fact lines and "Appears with" rows of one profile."""

    key: str
    kind: str
    title: str
    facts: Text
    rows: tuple[AssocRow, ...]
    articles_title: str


def _day(d: datetime | None) -> str:
    return d.date().isoformat() if d is not None else "—"


def _facts(p: EntityProfile) -> Text:
    spec = KIND.get(p.kind)
    t = Text(no_wrap=False)
    t.append(spec.label if spec else p.kind, style="bold")
    if p.iso2:
        t.append(f" · {'ISO' if p.kind == 'country' else 'country'} {p.iso2}")
    t.append(f" · {p.article_count:,} articles · {p.mention_count:,} mentions")
    if p.filtered is not None:
        t.append(f" · {p.filtered:,} in the current filter", style="bold")
    t.append(f"\nfirst {_day(p.first)} · last {_day(p.last)}")
    if p.aliases:
        t.append("\nalso: ", style="dim")
        shown = list(p.aliases[:8])
        t.append(", ".join(shown))
        if len(p.aliases) > len(shown):
            t.append(f" (+{len(p.aliases) - len(shown)})", style="dim")
    return t


def _row(a: Associate) -> AssocRow:
    prompt = Text(no_wrap=True, overflow="ellipsis")
    prompt.append(f"{a.count:>5} ", style="bold")
    prompt.append(f"×{a.lift:>5.1f} ", style="dim")
    prompt.append(display_name(a.kind, a.name, a.iso2))
    prompt.append(f"  of {a.total:,}", style="dim")
    return AssocRow(a.kind, a.key, prompt)


def _header(kind: str, label: str) -> AssocRow:
    return AssocRow(kind, "", Text(label, style="bold"))


def profile_view(p: EntityProfile) -> ProfileView:
    """The view of profile ``p`` (country: its places first, then the rest by kind)."""
    rows: list[AssocRow] = []
    name = display_name(p.kind, p.name, p.iso2)
    if p.places:
        rows.append(_header("place", f"Places in {p.name}"))
        rows.extend(_row(a) for a in p.places)
    for kind, found in p.associates.items():
        if not found or (kind == "place" and p.places):
            continue
        spec = KIND.get(kind)
        heading = spec.heading if spec else kind
        if kind == "person" and p.kind == "country":
            heading = f"People most associated with {p.name}"
        rows.append(_header(kind, heading))
        rows.extend(_row(a) for a in found)
    return ProfileView(
        key=p.key,
        kind=p.kind,
        title=name,
        facts=_facts(p),
        rows=tuple(rows),
        articles_title=f"Articles ({p.article_count:,}, newest first)",
    )
