"""A Line-API list with one cursor row: the base of the headline and facet lists.

Only the visible rows are rendered (``render_line``), each from an index into
whatever sequence the subclass holds, and rendered rows are kept in an
:class:`~textual.cache.LRUCache` of :class:`~textual.strip.Strip` keyed by
``(row key, highlighted, width)``. Nothing here scales with the number of rows
except ``virtual_size``, which is one integer.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class CursorList(ScrollView, can_focus=True):
    """A virtual list: subclasses say how many rows there are and render one row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    DEFAULT_CSS = """
    CursorList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"cursor-list--cursor", "cursor-list--cursor-blurred"}

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the highlighted row."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._strips: LRUCache[tuple[Hashable, bool, int], Strip] = LRUCache(1024)
        self._base_style: Style | None = None

    # -- what subclasses provide -------------------------------------------------

    @property
    def row_count(self) -> int:
        """Number of rows."""
        raise NotImplementedError

    def row_key(self, index: int) -> Hashable:
        """Cache key of the row at ``index`` (must change when its rendering does)."""
        return index

    def render_row(self, index: int, width: int, highlighted: bool) -> Strip:
        """Render one row, exactly ``width`` cells wide."""
        raise NotImplementedError

    def on_cursor_moved(self, index: int) -> None:
        """Called when the cursor lands on a new row (post a message here)."""

    def on_row_selected(self, index: int) -> None:
        """Called on enter or a double click."""

    # -- rendering ---------------------------------------------------------------

    @property
    def base_style(self) -> Style:
        """The widget's own rich style, for the rows (worked out once, not per row:
        ``rich_style`` walks every ancestor). Forgotten whenever the rendered rows
        are, i.e. on a style update, focus and blur."""
        style = self._base_style
        if style is None:
            style = self._base_style = self.rich_style
        return style

    def cursor_style_class(self) -> str:
        """Component class of the cursor row, dimmer when the list is not focused."""
        return "cursor-list--cursor" if self.has_focus else "cursor-list--cursor-blurred"

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= self.row_count or width <= 0:
            return Strip.blank(width, self.base_style)
        highlighted = index == self.cursor
        key = (self.row_key(index), highlighted, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self.render_row(index, width, highlighted)
            if highlighted:
                cursor = self.get_component_rich_style(self.cursor_style_class())
                strip = Strip(Segment.apply_style(strip, post_style=cursor), strip.cell_length)
            self._strips[key] = strip
        return strip

    def clear_cache(self) -> None:
        """Forget every rendered row, and repaint."""
        self._forget_rendering()
        self.refresh()

    def _forget_rendering(self) -> None:
        self._strips.clear()
        self._base_style = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_rendering()

    def _set_virtual_height(self) -> None:
        """Resize the virtual canvas without a screen layout (only the scrollbar changes).

        Setting ``virtual_size`` normally asks for a layout of the whole screen, a full
        frame for what is only a new row count; ``_scroll_update`` does the part that
        matters here (scrollbar size, scroll clamping) and only a change of scrollbar
        visibility still lays out.
        """
        size = Size(self.scrollable_content_region.width, self.row_count)
        if size == self.virtual_size:
            return
        if not self.is_mounted or not self.container_size:
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)

    def rows_changed(self, cursor: int | None = None) -> None:
        """The rows were replaced: resize, clamp or move the cursor, repaint."""
        self._strips.clear()
        self._set_virtual_height()
        target = self.cursor if cursor is None else cursor
        target = max(0, min(target, self.row_count - 1))
        if target != self.cursor:
            self.cursor = target
        else:
            self.on_cursor_moved(target)
        self.scroll_to_cursor(center=cursor is not None)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        self.scroll_to_cursor()

    def _on_hide(self, event: events.Hide) -> None:
        """Keep focus through a passing layout that briefly drops the list from the map.

        At startup Textual can lay the screen out once with the containers still unsized,
        which "hides" every child and blurs the focused one before the next pass shows
        them again. While the list is still displayed, skip the base handler's blur.
        """
        displayed = all(node.display for node in self.ancestors_with_self if node.is_attached)
        if displayed and self.has_focus:
            event.prevent_default()

    def on_focus(self) -> None:
        self._forget_rendering()
        self.refresh()

    def on_blur(self) -> None:
        self._forget_rendering()
        self.refresh()

    # -- the cursor --------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, self.row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_cursor()
        self.on_cursor_moved(new)

    def scroll_to_cursor(self, center: bool = False) -> None:
        """Scroll just enough to show the cursor row."""
        if self.row_count:
            self.scroll_to_region(
                Region(0, self.cursor, 1, 1), animate=False, center=center, immediate=True
            )

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_count - 1

    def action_page_down(self) -> None:
        self.cursor += self.page_height

    def action_page_up(self) -> None:
        self.cursor -= self.page_height

    def action_select(self) -> None:
        if self.row_count:
            self.on_row_selected(self.cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < self.row_count:
            self.cursor = index
            if event.chain >= 2 or self.select_on_click:
                self.on_row_selected(index)

    select_on_click: bool = False
    """Whether a single click selects (not just highlights) a row."""
