"""Presenters: pure functions from a query result or an article to what a pane shows.

Each returns a small frozen view (or Rich text) that a widget renders; none of them
imports Textual, so they are tested without an app.
"""

from tui.present.article import ReaderView, reader_view, render_article
from tui.present.empty import empty_message
from tui.present.entities import EntityRow, entity_rows
from tui.present.names import EntityNames, display_name
from tui.present.sidebar import Section, SidebarView, sidebar_view
from tui.present.status import Chip, StatusView, status_view, term_label

__all__ = [
    "Chip",
    "EntityNames",
    "EntityRow",
    "ReaderView",
    "Section",
    "SidebarView",
    "StatusView",
    "display_name",
    "empty_message",
    "entity_rows",
    "reader_view",
    "render_article",
    "sidebar_view",
    "status_view",
    "term_label",
]
