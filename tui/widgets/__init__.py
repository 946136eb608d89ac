"""Widgets of the main screen."""

from tui.widgets.cursor_list import CursorList
from tui.widgets.headlines import HeadlineList
from tui.widgets.loadbar import LoadBar
from tui.widgets.querybar import QueryBar
from tui.widgets.reader import ReaderPane
from tui.widgets.sidebar import EntitySidebar, FacetList
from tui.widgets.statusline import StatusLine

__all__ = [
    "CursorList",
    "EntitySidebar",
    "FacetList",
    "HeadlineList",
    "LoadBar",
    "QueryBar",
    "ReaderPane",
    "StatusLine",
]
