"""The pipeline's stages: planning, the scripts' path, and what a script imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from parsers import pipeline
from parsers.model import Article
from tests.support import DUMPS, REPO
from tui.cli import main


def test_plan_files_canonical_dedups_by_real_path(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("x")
    link = tmp_path / "link.txt"
    link.symlink_to(a)
    given = [str(a), str(link), str(a)]
    assert pipeline.plan_files(given) == [os.path.realpath(a)]
    assert pipeline.plan_files(given, canonical=False) == given


def test_scripts_parse_through_the_pipeline_seams(monkeypatch, capsys):
    """``newsdesk parse`` and ``newsdesk entities`` run the pipeline's parse and
    resolve stages (one load path): replacing a seam changes their output."""
    seen: list[str] = []

    def extract(a: Article) -> Article:
        seen.append(a.id)
        return a

    def resolve(arts: list[Article]) -> list[Article]:
        return [a for a in arts if a.id == seen[0]]

    monkeypatch.setattr(pipeline, "extract_entities", extract)
    monkeypatch.setattr(pipeline, "resolve_corpus", resolve)
    assert main(["parse", str(DUMPS / "basic.txt")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(seen) == 2 and [json.loads(x)["id"] for x in out] == seen[:1]
    seen.clear()
    assert main(["entities", "--json", str(DUMPS / "basic.txt")]) == 0
    assert len(seen) == 2 and json.loads(capsys.readouterr().out) == []


def test_iter_parsed_reports_each_file_in_order(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    files = list(
        pipeline.iter_parsed(
            [str(DUMPS / "basic.txt"), str(empty), str(DUMPS / "basic.txt")],
            entities=False,
            keep_documents=True,
        )
    )
    # a file given twice is parsed once (issue 15: as the app counts it)
    assert [f.path for f in files] == [str(DUMPS / "basic.txt"), str(empty)]
    assert files[1].error is not None and not files[1].articles
    assert files[0].document is not None and files[0].document.decoded is not None
    assert all(a.entities is None for a in files[0].articles)
    assert files[0].digest == ""  # hashed only for the cache


@pytest.mark.parametrize("module", ["parsers.pipeline", "tui.cli"])
def test_a_script_imports_neither_the_corpus_nor_the_cache_nor_a_pool(module):
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in ('numpy', 'parsers.corpus.index', 'parsers.store.cache',"
        " 'concurrent.futures.process')"
        " if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"
