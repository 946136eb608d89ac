"""The entity sidebar: facet counts of the current result, by kind, with a find box.

A section may carry notes (``Section.notes``: key -> one line, e.g. a failing
feed's error), each drawn on its own row under its entry.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input

from tui.present.sidebar import TOP, Section, SidebarView
from tui.widgets.cursor_list import CursorList

__all__ = ["EntitySidebar", "FacetList"]


@dataclass(frozen=True)
class Row:
    """What sits at one row of the facet list."""

    kind: str
    type: str  # "header" | "entity" | "note" | "more" | "empty" | "blank"
    key: str = ""
    count: int = 0


class FacetList(CursorList):
    """Sections of entities with counts; a Line-API list, so any section may be huge."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Include", show=False),
        Binding("x", "exclude", "Exclude", show=False),
        Binding("o", "toggle_or", "AND/OR", show=False),
        Binding("right,l", "expand(True)", "More", show=False),
        Binding("left,h", "expand(False)", "Fewer", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "facets--header",
        "facets--mode",
        "facets--name",
        "facets--count",
        "facets--include",
        "facets--exclude",
        "facets--more",
        "facets--iso",
        "facets--note",
    }

    DEFAULT_CSS = """
    FacetList > .facets--note { color: $text-error; text-style: italic; }
    """

    select_on_click = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view = SidebarView()
        self.expanded: set[str] = set()
        """Kinds whose section the user unfolded (kept across results)."""
        self._open: dict[str, bool] = {}
        self._starts: list[int] = []
        self._total = 0
        self._generation = 0
        self._noted: dict[str, list[Row]] = {}

    @property
    def row_count(self) -> int:
        return self._total

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.view.sections

    def show(self, view: SidebarView) -> None:
        """Replace the content, keeping the cursor on the same entity if possible."""
        old = self.row_at(self.cursor) if self._total else None
        self.view = view
        self._open = {s.kind: view.expand_all or s.kind in self.expanded for s in view.sections}
        self._reindex()
        self.rows_changed(cursor=self._find(old) if old else None)

    def is_open(self, section: Section) -> bool:
        """Whether ``section`` lists all its entries (else its top :data:`TOP`)."""
        return self._open.get(section.kind, False)

    def shown(self, section: Section) -> int:
        """How many of its entries ``section`` lists."""
        return len(section.entries) if self.is_open(section) else min(TOP, len(section.entries))

    def _entry_rows(self, section: Section) -> list[Row] | None:
        """The entry rows of a section with notes (an entry, then its note), else None."""
        if not section.notes:
            return None
        rows = self._noted.get(section.kind)
        if rows is None:
            rows = []
            for key, count in section.entries[: self.shown(section)]:
                rows.append(Row(section.kind, "entity", key, count))
                if section.notes.get(key):
                    rows.append(Row(section.kind, "note", key, count))
            self._noted[section.kind] = rows
        return rows

    def _height(self, section: Section) -> int:
        """Rows: header, entries shown (and their notes), the more/fewer row, a blank."""
        noted = self._entry_rows(section)
        shown = self.shown(section) if noted is None else len(noted)
        return 1 + max(1, shown) + (1 if section.has_toggle else 0) + 1

    def _reindex(self) -> None:
        self._starts = []
        self._noted = {}
        total = 0
        for section in self.sections:
            self._starts.append(total)
            total += self._height(section)
        self._total = total
        self._generation += 1

    def _find(self, old: Row) -> int | None:
        for index in range(self._total):
            row = self.row_at(index)
            if row.kind == old.kind and row.type == old.type and row.key == old.key:
                return index
        return None

    def row_at(self, index: int) -> Row:
        """The row at list position ``index``."""
        s = bisect_right(self._starts, index) - 1
        section = self.sections[s]
        offset = index - self._starts[s]
        if offset == 0:
            return Row(section.kind, "header")
        offset -= 1
        noted = self._entry_rows(section)
        shown = self.shown(section) if noted is None else len(noted)
        if offset < shown:
            if noted is not None:
                return noted[offset]
            key, count = section.entries[offset]
            return Row(section.kind, "entity", key, count)
        if not section.entries and offset == 0:
            return Row(section.kind, "empty")
        offset -= max(1, shown)
        if section.has_toggle and offset == 0:
            return Row(section.kind, "more")
        return Row(section.kind, "blank")

    def section_of(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def row_key(self, index: int) -> Hashable:
        row = self.row_at(index)
        return (self._generation, row)

    def render_row(self, index: int, width: int, highlighted: bool) -> Strip:
        row = self.row_at(index)
        style = self.get_component_rich_style
        base = self.base_style
        section = self.section_of(row.kind)
        assert section is not None
        segments: list[Segment]
        if row.type == "header":
            mode = "OR" if section.or_mode else "AND"
            title = f"{section.title.upper()} "
            segments = [
                Segment(title, style("facets--header")),
                Segment(f"{len(section.entries):,} ", style("facets--count")),
            ]
            if section.has_mode:
                segments.append(Segment(f"[{mode}]", style("facets--mode")))
        elif row.type == "entity":
            negate = self.view.active.get(row.key)
            mark, mark_style = ("  ", style("facets--name"))
            if negate is False:
                mark, mark_style = ("+ ", style("facets--include"))
            elif negate is True:
                mark, mark_style = ("− ", style("facets--exclude"))
            count = f" {row.count:,}"
            name = self.view.name_of(row.key)
            room = width - 2 - cell_len(count)
            if cell_len(name) > room:
                name = name[: max(0, room - 1)] + "…"
            pad = " " * max(0, room - cell_len(name))
            segments = [
                Segment(mark, mark_style),
                Segment(name, mark_style if negate is not None else style("facets--name")),
                Segment(pad),
                Segment(count, style("facets--count")),
            ]
        elif row.type == "note":
            note = "    ⚠ " + section.notes.get(row.key, "")
            if cell_len(note) > width:
                note = note[: max(0, width - 1)] + "…"
            segments = [Segment(note, style("facets--note"))]
        elif row.type == "more":
            hidden = len(section.entries) - TOP
            text = "  ▴ fewer" if self.is_open(section) else f"  … {hidden:,} more"
            segments = [Segment(text, style("facets--more"))]
        elif row.type == "empty":
            segments = [Segment(f"  ({section.empty_text})", style("facets--more"))]
        else:
            segments = []
        return Strip(segments).apply_style(base).adjust_cell_length(width, base)

    def on_focus(self) -> None:
        """Coming in (tab, ``f`` then esc) on a section header: step onto its first
        entity, so the first enter includes an entity rather than flipping AND/OR."""
        super().on_focus()
        if self._total and self.row_at(self.cursor).type == "header":
            below = self.cursor + 1
            if below < self._total and self.row_at(below).type == "entity":
                self.cursor = below

    def on_row_selected(self, index: int) -> None:
        self._activate(index, negate=False)

    def action_exclude(self) -> None:
        if self._total:
            self._activate(self.cursor, negate=True)

    def _activate(self, index: int, negate: bool) -> None:
        row = self.row_at(index)
        if row.type in ("entity", "note"):
            self.post_message(EntitySidebar.Toggle(row.kind, row.key, negate))
        elif row.type == "more":
            self.action_expand(None)
        elif row.type == "header" and not negate:
            self.action_toggle_or()

    def action_toggle_or(self) -> None:
        if self._total:
            section = self.section_of(self.row_at(self.cursor).kind)
            if section is not None and section.has_mode:
                self.post_message(EntitySidebar.ToggleOr(section.kind))

    def action_expand(self, expand: bool | None) -> None:
        """Show all of the current section (True), its top only (False), or flip."""
        if not self._total:
            return
        row = self.row_at(self.cursor)
        section = self.section_of(row.kind)
        if section is None or not section.has_toggle:
            return
        new = (not self.is_open(section)) if expand is None else expand
        if new == self.is_open(section):
            return
        self._open[section.kind] = new
        if new:
            self.expanded.add(section.kind)
        else:
            self.expanded.discard(section.kind)
        self._reindex()
        more = self._find(Row(row.kind, "more"))
        target = self.cursor if row.type == "entity" and row in self._visible(section) else more
        self.rows_changed(cursor=target)

    def _visible(self, section: Section) -> list[Row]:
        shown = section.entries[: self.shown(section)]
        return [Row(section.kind, "entity", k, c) for k, c in shown]

    def move_to_first_entity(self) -> bool:
        """The best-ranked listed entity (see ``preferred``), else the first one;
        False if no entity is listed."""
        for key in self.view.preferred:
            if self.move_to_key(key):
                return True
        for index in range(self._total):
            if self.row_at(index).type == "entity":
                self.cursor = index
                return True
        return False

    def move_to_key(self, key: str) -> bool:
        for index in range(self._total):
            row = self.row_at(index)
            if row.type == "entity" and row.key == key:
                self.cursor = index
                return True
        return False


class EntitySidebar(Vertical):
    """Find box over a :class:`FacetList`."""

    @dataclass
    class Toggle(Message):
        """Toggle ``key`` as an include (or, with ``negate``, an exclude) filter."""

        kind: str
        key: str
        negate: bool = False

    @dataclass
    class ToggleOr(Message):
        """Switch a section between AND and OR."""

        kind: str

    @dataclass
    class Narrow(Message):
        """The find box changed: the screen re-supplies sections narrowed to ``text``."""

        text: str

    def compose(self) -> ComposeResult:
        yield Input(placeholder="find entity…", id="entity-find", compact=True)
        yield FacetList(id="facets")

    @property
    def facets(self) -> FacetList:
        return self.query_one(FacetList)

    def clear_find(self) -> None:
        """Empty the find box without announcing it (the screen already knows)."""
        find = self.query_one("#entity-find", Input)
        with find.prevent(Input.Changed):
            find.value = ""

    @property
    def find_text(self) -> str:
        return self.query_one("#entity-find", Input).value.strip()

    @on(Input.Changed, "#entity-find")
    def _narrow(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Narrow(event.value.strip()))

    @on(Input.Submitted, "#entity-find")
    def _jump(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.facets.move_to_first_entity():
            # nothing found: stay in the box (a second enter on the list would land on
            # a section header and flip its AND/OR without a word)
            self.app.bell()
            self.notify(f"No entity matches “{self.find_text}”", timeout=2, markup=False)
            return
        self.facets.focus()

    def on_key(self, event: events.Key) -> None:
        find = self.query_one("#entity-find", Input)
        if find.has_focus and event.key == "down":
            event.stop()
            event.prevent_default()
            self.facets.focus()
            self.facets.move_to_first_entity()
        elif find.has_focus and event.key == "escape":
            event.stop()
            event.prevent_default()
            find.value = ""
            self.facets.focus()
