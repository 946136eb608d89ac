"""One giant paragraph against the same bytes as ordinary paragraphs (issue 9, item 18).

    python bench/big_paragraph_bench.py [MB]          (default: 50)

Builds two dumps from the body paragraphs of ``bench/gen_corpus.py``'s articles (made
once under ``$NEWSDESK_BENCH_DIR``): ``one``, a single article whose body is a single
paragraph of ``MB`` megabytes, and ``many``, the same paragraphs separated by blank lines
(the parser makes ordinary articles of them). Each is loaded by
``parsers.pipeline.parse_file`` as a cold load's worker does (read, parse, entities,
serialise for the cache) and the CPU seconds of each stage are printed, with the ratio
one/many (target: at most 2) and the load average (the machine is shared).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.tui_bench import corpus_dir  # noqa: E402

HEADER = "Atlas Daily 2021-01-11 14:14:13\n\n\nA Giant Article\n\n"


def paragraphs(limit: int) -> list[str]:
    """Body paragraphs of the generated corpus, about ``limit`` characters of them."""
    out: list[str] = []
    n = 0
    for path in sorted((corpus_dir(10_000) / "dumps").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            if len(para) > 150 and "\n" not in para:
                out.append(para)
                n += len(para) + 1
                if n >= limit:
                    return out
    return out


def measure(path: str) -> tuple[float, tuple[float, ...], int]:
    from parsers.pipeline import parse_file

    started = time.process_time()
    res = parse_file(path, for_cache=True)
    if res.error is not None:
        raise SystemExit(str(res.error))
    assert res.prepared is not None
    return time.process_time() - started, res.cpu, len(res.prepared.heads[1])


def main(argv: list[str]) -> None:
    mb = float(argv[0]) if argv else 50.0
    paras = paragraphs(int(mb * 1_000_000))
    load = os.getloadavg()[0]
    print(f"{mb:g} MB of text, {len(paras):,} paragraphs; load average {load:.1f}")
    print(
        f"{'':>5} {'articles':>8} {'CPU s':>7} {'read':>6} {'parse':>6} {'entities':>8} {'ser.':>6}"
    )
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="newsdesk-big-") as tmp:
        for name, sep in (("many", "\n\n"), ("one", " ")):
            path = Path(tmp) / f"{name}.txt"
            path.write_text(HEADER + sep.join(paras) + "\n", encoding="utf-8")
            total, stages, articles = measure(str(path))
            cpu[name] = total
            print(
                f"{name:>5} {articles:>8,} {total:>7.2f} "
                + " ".join(f"{s:>{w}.2f}" for s, w in zip(stages, (6, 6, 8, 6), strict=True)),
                flush=True,
            )
    print(f"one/many CPU: {cpu['one'] / cpu['many']:.2f} (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main(sys.argv[1:])
