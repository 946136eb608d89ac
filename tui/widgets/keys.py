"""Keys typed faster than the focus moves.

Textual hands each key to the widget focused when the key *arrives*, and runs the
bindings once the key has bubbled up to the app. After a key that moves the focus to
a text box (``/`` to the query bar, ``f`` to the find box), the keys sent in the same
burst (a paste, a fast typist, tmux ``send-keys``) are already on their way up from
the old widget, and would be lost: the box never sees them, and the app skips
bindings for printable keys while a text box has the focus.
:func:`forward_stray_key` hands such a key to that box, in order.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input

__all__ = ["forward_stray_key"]


def forward_stray_key(app: App[Any], event: events.Key) -> bool:
    """Give ``event`` to the focused text box if it is a printable key that reached
    the app from elsewhere (a text box stops the printable keys it handles itself)."""
    focused = app.focused
    if not isinstance(focused, Input) or not event.is_printable:
        return False
    event.stop()
    event.prevent_default()
    focused.post_message(events.Key(event.key, event.character))
    return True
