"""The in-memory corpus: packed columns, entity tables, the filter grammar and the query engine.

Never imports ``parsers.store``: the cache depends on the corpus, not the other way round.
"""
