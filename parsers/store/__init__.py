"""The rebuildable on-disk cache (SQLite) and the row codecs it stores records with."""
