"""Stories in the app: the grouped headline list, "Also covered by" and ``story:``.

``S`` collapses each story of the result to its first row (in the list's order) with a
"+N" badge (N: the story's other articles in the result); the reader lists the open
article's other coverage ("Also covered by", each line opens that article; ``a`` opens
the next one); ``A`` filters the list to the open article's story (``story:ID``).
The stories themselves come from the corpus (``parsers.stories``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from rich.style import Style
from rich.text import Text

from parsers.corpus.columns import RowList
from parsers.corpus.query import Term
from parsers.sanitize import visible

if TYPE_CHECKING:
    from collections.abc import Sequence

    from parsers.corpus.index import Corpus
    from tui.screens.main import MainScreen

__all__ = ["StoryActions", "StoryView", "also_covered", "collapse"]

#: How many other articles "Also covered by" lists (the rest are counted).
ALSO_LIMIT = 8
#: Rows not yet placed in stories that the UI places itself (more: the loader does).
PENDING_LIMIT = 5000


def collapse(rows: Sequence[int], labels: np.ndarray) -> tuple[RowList, dict[int, int]]:
    """``rows`` with each story kept at its first row only, and per kept row how many
    other rows of its story were folded into it (only rows that folded some)."""
    array = rows.array if isinstance(rows, RowList) else np.asarray(list(rows), np.int64)
    if not len(array):
        return RowList(array), {}
    story = labels[array]
    _, first, counts = np.unique(story, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    kept = array[first[order]]
    more = counts[order] - 1
    badges = {int(r): int(m) for r, m in zip(kept[more > 0], more[more > 0], strict=True)}
    return RowList(kept), badges


def also_covered(corpus: Corpus, row: int, limit: int = ALSO_LIMIT) -> Text:
    """The "Also covered by" lines for ``row`` (empty when its story has no other
    article); each line opens its article when clicked."""
    if corpus.stories_pending() > PENDING_LIMIT:
        return Text()  # placed by the loader after a big load, not here on the UI
    others = [r for r in corpus.story_rows(row) if r != row]
    if not others:
        return Text()
    out = Text()
    out.append(f"Also covered by ({len(others)})\n", style="bold")
    for r in others[:limit]:
        h = corpus.headline(r)
        link = Style.from_meta({"@click": f"screen.open_story_row({r})"})
        out.append("  • ", style=link)
        out.append(visible(h.source), style=Style(bold=True) + link)
        out.append(f" · {visible(h.date_text)} · ", style=Style(dim=True) + link)
        out.append(visible(h.title), style=link)
        out.append("\n")
    if len(others) > limit:
        out.append(f"  … and {len(others) - limit} more (A lists the story)\n", style="dim")
    out.append(f"story:{corpus.story_id(row)}", style="dim")
    return out


class StoryView:
    """Whether the headline list is grouped, and what the grouped list shows."""

    def __init__(self) -> None:
        self.grouped = False

    def rows(self, corpus: Corpus, rows: Sequence[int]) -> tuple[Sequence[int], dict[int, int]]:
        """The rows the list shows and their "+N" badges."""
        if not self.grouped or not len(rows) or corpus.stories_pending() > PENDING_LIMIT:
            return rows, {}
        return collapse(rows, corpus.story_labels())


class StoryActions:
    """The main screen's story keys (in its ``BINDINGS``)."""

    stories: StoryView

    def action_toggle_stories(self) -> None:
        screen: MainScreen = self  # type: ignore[assignment]
        self.stories.grouped = not self.stories.grouped
        screen.refresh_result()
        if self.stories.grouped and not screen.headlines.badges:
            screen.notify("No story here has more than one article", timeout=3, markup=False)

    def _open_row(self) -> int | None:
        screen: MainScreen = self  # type: ignore[assignment]
        row = screen.reader.row
        return row if row is not None else screen.headlines.current_row

    def action_open_story_row(self, row: int) -> None:
        """Open corpus ``row`` (a line of "Also covered by"), in the list if it is there."""
        screen: MainScreen = self  # type: ignore[assignment]
        if not 0 <= row < len(screen.corpus):
            return
        screen.headlines.move_to_row(row)
        screen.reading.open(row, focus_reader=False)

    def action_next_in_story(self) -> None:
        """Open the next article of the open article's story (wrapping round)."""
        screen: MainScreen = self  # type: ignore[assignment]
        row = self._open_row()
        if row is None:
            return
        members = screen.corpus.story_rows(row)
        if len(members) < 2:
            screen.notify("No other coverage of this story", timeout=2, markup=False)
            return
        self.action_open_story_row(members[(members.index(row) + 1) % len(members)])

    def action_story_filter(self) -> None:
        """Filter the list to the open article's story (``story:ID``)."""
        screen: MainScreen = self  # type: ignore[assignment]
        row = self._open_row()
        if row is None:
            return
        term = Term("story", screen.corpus.story_id(row))
        screen.set_state(screen.state.with_term(term))

    def show_also(self, row: int | None) -> None:
        """Put ``row``'s "Also covered by" under the article in the reader."""
        screen: MainScreen = self  # type: ignore[assignment]
        text = also_covered(screen.corpus, row) if row is not None else Text()
        screen.reader.show_also(text)
