"""The config file in the running app: what the TUI checks, and how it is applied.

``parsers.config`` reads the file; here the values only the TUI can judge (theme
names, the filter's grammar) are checked, each bad one reported at its line and
replaced by its default. Layout values reach ``app.tcss`` as CSS variables
(:func:`css_variables`), so a theme change keeps them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from textual.color import Color

from parsers.config import DEFAULT, Config, ConfigProblem

__all__ = ["DateColumn", "checked", "contrast", "css_variables", "fallback_theme", "focus_colour"]

#: The theme when neither the config nor a remembered pick names a known one.
FALLBACK_THEME = DEFAULT.theme


def checked(config: Config, themes: Collection[str]) -> tuple[Config, list[ConfigProblem]]:
    """``config`` with the values the TUI rejects put back to their defaults."""
    problems: list[ConfigProblem] = []
    if config.theme not in themes:
        known = ", ".join(sorted(themes))
        problems.append(
            config.problem("theme", f"unknown theme {config.theme!r} (themes: {known})")
        )
        config = replace(config, theme=FALLBACK_THEME)
    if config.filter.strip():
        from parsers.corpus.query import QueryError, parse_query

        try:
            parse_query(config.filter)
        except QueryError as exc:
            problems.append(config.problem("filter", f"filter {config.filter!r}: {exc}"))
            config = replace(config, filter="")
    return config, problems


def fallback_theme(name: str, themes: Collection[str]) -> str:
    """``name`` if it is a known theme, else the default one."""
    return name if name in themes else FALLBACK_THEME


#: Theme colours the focused pane's bar may take, best first: the first that stands out
#: from the panes' ``$surface`` by :data:`FOCUS_CONTRAST` is used (a light theme's orange
#: accent barely shows on its light grey; its blue primary does).
FOCUS_CANDIDATES = ("accent", "primary", "secondary", "foreground")
FOCUS_CONTRAST = 3.0


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: Color) -> float:
        def channel(v: int) -> float:
            x = v / 255
            return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def focus_colour(variables: Mapping[str, str]) -> str:
    """The ``$focus-bar`` colour for a theme's CSS ``variables`` (see ``FOCUS_CANDIDATES``)."""
    surface = Color.parse(variables["surface"])
    for name in FOCUS_CANDIDATES:
        value = variables.get(name)
        if value and contrast(Color.parse(value), surface) >= FOCUS_CONTRAST:
            return value
    return variables.get("foreground", "white")


def css_variables(config: Config) -> dict[str, str]:
    """The layout options as ``app.tcss`` variables."""
    return {
        "list-height": f"{config.split}%",
        "sidebar-width": str(config.sidebar_width),
    }


class DateColumn:
    """The headline list's date column in the config's ``date_format``.

    The corpus keeps each article's day as ``YYYY-MM-DD`` text; this formats it
    (once per distinct day) and knows the column's width: the longest the
    format makes over a year's days, plus a space, at most :data:`MAX_DATE_WIDTH`.
    """

    def __init__(self, fmt: str = DEFAULT.date_format) -> None:
        self.fmt = fmt
        self._texts: dict[str, str] = {}
        from datetime import date, timedelta

        start = date(2025, 1, 1)
        longest = max(len((start + timedelta(days=d)).strftime(fmt)) for d in range(0, 372, 3))
        self.width = min(MAX_DATE_WIDTH, longest + 1)

    def text(self, day: str) -> str:
        """``day`` (``YYYY-MM-DD``, or '' for none) in the format."""
        if self.fmt == ISO_DAY or not day:
            return day
        out = self._texts.get(day)
        if out is None:
            from datetime import date

            try:
                out = date.fromisoformat(day).strftime(self.fmt)
            except ValueError:
                out = day
            self._texts[day] = out
        return out


ISO_DAY = "%Y-%m-%d"
MAX_DATE_WIDTH = 24
