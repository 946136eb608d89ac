"""The user's reading state (read marks, stars, saved views), kept across sessions."""

from parsers.state.store import (
    FLAGS,
    SORTS,
    Change,
    Flag,
    SavedView,
    StateStore,
    clean_view_name,
    data_dir,
    state_path,
)

__all__ = [
    "FLAGS",
    "SORTS",
    "Change",
    "Flag",
    "SavedView",
    "StateStore",
    "clean_view_name",
    "data_dir",
    "state_path",
]
