"""``python -m tui``: the newsdesk command line."""

import sys

from tui.cli import main

if __name__ == "__main__":  # guarded: the loader's spawned parse workers re-import __main__
    sys.exit(main())
