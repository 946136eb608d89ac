"""What stands in for an empty headline list: why it is empty, and the way out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text

from parsers.corpus.query import FilterState, Term
from tui.present.status import term_label

__all__ = ["empty_message", "unresolved_warning"]


def empty_message(
    state: FilterState,
    *,
    articles: int,
    loading: bool = False,
    load_errors: Sequence[str] = (),
    unresolved: Sequence[Term] = (),
    count_without: Callable[[Term], int] = lambda term: 0,
    name_of: Callable[[str, str], str] = lambda kind, value: value,
) -> Text:
    """Why nothing is listed among ``articles`` under ``state``, and how to get out.

    ``count_without(term)``: how many articles match once ``term`` is dropped;
    ``unresolved``: terms that name nothing in the corpus.
    """
    text = Text()
    if loading and not articles:
        text.append("Loading articles…", style="bold")
        return text
    if not articles:
        text.append("No articles loaded.\n", style="bold")
        if load_errors:
            text.append(f"{len(load_errors)} file(s) could not be read:\n")
            for line in load_errors[:5]:
                text.append(f"  {line}\n", style="dim")
        else:
            text.append("The input had no articles newsdesk could recognise.\n")
        text.append("Quit with q and pass dump files or directories: newsdesk PATH...")
        return text
    text.append("No articles match all of these filters:\n", style="bold")
    for term in state.terms:
        label = term_label(term, name_of)
        without = count_without(term)
        sign = "exclude" if term.negate else "include"
        text.append(f"  {sign} {label}", style="bold")
        text.append(f"  — without it: {without:,} article{'s' if without != 1 else ''}\n")
    if unresolved:
        names = ", ".join(t.to_query() for t in unresolved)
        text.append(f"Nothing in the corpus is called {names}.\n")
    text.append("Press ")
    text.append("c", style="bold reverse")
    text.append(" to clear all filters or ")
    text.append("u", style="bold reverse")
    text.append(" to undo the last change.")
    return text


def unresolved_warning(unresolved: Sequence[Term], warned: Sequence[Term] = ()) -> str:
    """``No entity matches person:Nobody`` for the terms not already ``warned`` of
    ("" when there are none)."""
    fresh = [t for t in unresolved if t not in warned]
    if not fresh:
        return ""
    return "No entity matches " + ", ".join(t.to_query() for t in fresh)
