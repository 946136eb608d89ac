"""``python -m tui``: the newsdesk command line."""

import sys

from tui.cli import main

sys.exit(main())
