"""The newsdesk terminal app (Textual). ``tui.app`` has ``NewsApp``, ``make_app`` and ``run_app``.

Kept import-free on purpose: ``newsdesk parse`` goes through ``tui.cli`` and must not
pay for importing Textual.
"""
