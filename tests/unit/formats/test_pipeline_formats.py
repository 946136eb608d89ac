"""Every format through the load pipeline and the cache, like the dumps."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from parsers.pipeline import load_paths
from parsers.store.cache import Cache
from tests.unit.formats.scoring import FIXTURES


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "inbox"
    (d / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "feeds" / "atom_xmlbase.xml", d / "wire.atom")
    shutil.copy(FIXTURES / "json" / "newspaper4k_array.json", d / "sub" / "export.json")
    shutil.copy(FIXTURES / "markdown" / "reader_article.md", d / "sub" / "page.md")
    (d / "feed.xml.gz").write_bytes(gzip.compress((FIXTURES / "feeds/rss2_cdata.xml").read_bytes()))
    shutil.copy(FIXTURES / "text" / "bbc_business_001.txt", d / "story.txt")
    return d


def test_a_folder_of_every_format_loads_and_comes_back_from_the_cache(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    cache_dir = tmp_path / "cache"
    cold = load_paths([str(folder)], cache=Cache(cache_dir))
    assert not cold.errors
    titles = {cold.corpus.article(i).title for i in range(len(cold.corpus))}
    assert len(cold.corpus) == 3 + 2 + 1 + 5 + 1
    assert "Ferry fares to rise 12% as port tolls bite" in titles
    assert "Ad sales boost Time Warner profit" in titles
    assert any("cp1252" in w for w in cold.warnings)  # the Latin-1 story, named

    warm = load_paths([str(folder)], cache=Cache(cache_dir))
    arts = [warm.corpus.article(i) for i in range(len(warm.corpus))]
    ferry = next(a for a in arts if a.title.startswith("Ferry fares"))
    assert ferry.source == "Harbor Gazette – Top Stories"
    assert {k.rel for k in ferry.links} == {"link", "enclosure"}
    assert ferry.entities is not None and ferry.paragraphs
    assert any("cp1252" in w for w in warm.warnings)  # warnings kept with the cache entry
