"""The newsdesk terminal app (Textual). ``tui.app`` has ``NewsApp``, ``make_app`` and ``run_app``.

Kept import-free on purpose: ``newsdesk parse`` goes through ``tui.cli`` and must not
pay for importing Textual.
"""

import os

# newsdesk never multiplies matrices, but numpy's OpenBLAS starts a thread pool when
# numpy is imported: 60-90 ms of a warm open on a 2-core machine. Set before numpy's
# first import (the parse workers inherit it); an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
