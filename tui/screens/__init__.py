"""Screens of the app."""

from tui.screens.entity_list import EntityChoice, EntityListScreen, EntityRow
from tui.screens.help import HelpScreen

__all__ = ["EntityChoice", "EntityListScreen", "EntityRow", "HelpScreen"]
