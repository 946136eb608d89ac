"""The in-memory corpus and how it is queried.

* ``index``: :class:`~parsers.corpus.index.Corpus`, the rows (adding, access, query);
* ``rows``: the shapes rows travel in (``HeadRow``, ``HeadBlock``, ``SnapshotColumns``);
* ``columns``: per-row columns kept packed (a warm open makes no object per row);
* ``entity_table``: entity ids, names and name lookup;
* ``engine``: arrays derived from the rows, and filters evaluated on them;
* ``query``: ``FilterState`` and the query grammar; ``flags``: ``is:`` terms;
* ``fts``: the SQLite FTS5 full-text index.

Never imports ``parsers.store``: the cache depends on the corpus, not the other way
round (``tests/unit/corpus/test_layering.py``).
"""
