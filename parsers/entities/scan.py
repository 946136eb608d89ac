"""Scanning one text: find its chunks with the chunk regex, replay the chunk memo where it
has the chunk, else segment and classify the chunk and remember the result.

A chunk's raws are remembered relative to the chunk, keyed by the chunk text and its
sentence position; when the rules read the words before or after the chunk
(``ctx.lit_used`` / ``ctx.fol_used``) the entry is keyed by those cues too, and when they
read further (``ctx.dep``) nothing is remembered.
"""

from __future__ import annotations

from parsers.entities.classify import classify
from parsers.entities.cues import lit_class
from parsers.entities.gazetteer import fold
from parsers.entities.lexicon import ORG_HEADS
from parsers.entities.memo import MEMO_MAX, DepEntry, MemoEntry
from parsers.entities.patterns import CHUNK_RE, ORG_LIST_TAIL_RE, WORD_RE, follow_class
from parsers.entities.records import Ctx, Raw, Span, order_base
from parsers.entities.segment import segments

#: A chunk holding a token longer than this is not a name (the longest real ones,
#: German compounds included, are about 40 characters).
LONGEST_TOKEN = 60


def scan_text(ctx: Ctx, text: str, fld: str, idx: int) -> None:
    """Find and classify the chunks of one text, replaying memoised chunks."""
    memos = ctx.memos
    if memos.gaz is not ctx.gaz or len(memos.mid) + len(memos.init) > MEMO_MAX:
        memos.check(ctx.gaz)
    memo_mid, memo_init = memos.mid, memos.init
    skip_until = -1
    raws = ctx.raws
    append = raws.append
    base = order_base(fld, idx)
    initial_chars = _INITIAL_CHARS
    raw = Raw
    for m in CHUNK_RE.finditer(text):
        cs, ce = m.span()
        if cs < skip_until:
            continue
        # sentence-initial: only spaces between the chunk and a sentence opener (or none)
        if cs:
            j = cs - 1
            c = text[j]
            while c == " " and j:
                j -= 1
                c = text[j]
            initial = (
                c == " " or c in initial_chars or (c in "”’'" and j > 0 and text[j - 1] in ".!?,")
            )
        else:
            initial = True
        chunk = m.group()
        entry = (memo_init if initial else memo_mid).get(chunk)
        if isinstance(entry, tuple):  # the common case: raws that need no cue, replayed
            if entry:
                counter = ctx.counter
                for kind, rs, rend, surface, words, info, extra, ea in entry:
                    counter += 1
                    s = cs + rs
                    append(
                        raw(
                            kind,
                            fld,
                            idx,
                            s,
                            cs + rend,
                            surface,
                            words,
                            info,
                            extra,
                            ea,
                            counter,
                            base + s,
                        )
                    )
                ctx.counter = counter
            continue
        # (never memoised: a chunk is too long for a name or it is not)
        if ce - cs > LONGEST_TOKEN and any(len(t) > LONGEST_TOKEN for t in chunk.split()):
            continue  # a base64 blob or a run of garbage is no name
        memo = memo_init if initial else memo_mid
        lit = fol = None
        if entry is not None:  # raws that depend on the words before or after the chunk
            if entry.lit:  # lit_class, its cheap test inlined
                lit = lit_class(ctx, text, cs) if cs and text[cs - 1] in " \u00a0" else 0
            if entry.fol:
                fol = follow_class(text, ce)
            hit = entry.by_cue.get((lit, fol))
            if hit is not None:
                if hit:
                    counter = ctx.counter
                    for kind, rs, rend, surface, words, info, extra, ea in hit:
                        counter += 1
                        s = cs + rs
                        append(
                            raw(
                                kind,
                                fld,
                                idx,
                                s,
                                cs + rend,
                                surface,
                                words,
                                info,
                                extra,
                                ea,
                                counter,
                                base + s,
                            )
                        )
                    ctx.counter = counter
                continue
        n0 = len(raws)
        ctx.chunk_start = cs
        ctx.dep = ctx.lit_used = ctx.fol_used = False
        ce = _classify_chunk(ctx, text, cs, ce, fld, idx, initial)
        if ce != m.end():
            skip_until = ce
        if ctx.dep:
            continue
        _remember(ctx, memo, chunk, entry, text, cs, raws[n0:], lit, fol)


def _classify_chunk(
    ctx: Ctx, text: str, cs: int, ce: int, fld: str, idx: int, initial: bool
) -> int:
    """Segment and classify one chunk (memo miss); return its end (a list tail may extend it)."""
    segs = segments(text, cs, ce, ctx.gaz)
    if not segs:
        return ce
    # "Research Institute for Democracy, Society and Emerging Technology"
    last = segs[-1]
    if (
        text.startswith(",", ce)
        and len(last) >= 3
        and any(
            fold(last[k][0]) in ORG_HEADS and last[k + 1][0] in ("for", "of", "on")
            for k in range(len(last) - 1)
        )
    ):
        t = ORG_LIST_TAIL_RE.match(text, ce)
        if t:
            last.extend(
                (mm.group(), mm.start(), mm.end()) for mm in WORD_RE.finditer(text, ce, t.end())
            )
            ce = t.end()
            ctx.dep = True
    for k, seg in enumerate(segs):
        seg_end = ce if k == len(segs) - 1 else seg[-1][2]
        classify_segment(ctx, text, seg, fld, idx, seg_end, initial and k == 0)
    return ce


def _remember(
    ctx: Ctx,
    memo: dict[str, MemoEntry],
    chunk: str,
    entry: MemoEntry | None,
    text: str,
    cs: int,
    new: list[Raw],
    lit: int | None,
    fol: int | None,
) -> None:
    """Store the raws of a freshly classified chunk, keyed by the cues it used."""
    templates = tuple(
        [(r.kind, r.start - cs, r.end - cs, r.text, r.words, r.info, r.extra, r.ea) for r in new]
    )
    lit_used, fol_used = ctx.lit_used, ctx.fol_used
    if entry is None:
        if not lit_used and not fol_used:
            memo[chunk] = templates
            return
        entry = memo[chunk] = DepEntry(False, False, {})
    assert isinstance(entry, DepEntry)
    if (lit_used and not entry.lit) or (fol_used and not entry.fol):
        entry.lit = entry.lit or lit_used
        entry.fol = entry.fol or fol_used
        entry.by_cue.clear()
    if entry.lit and lit is None:
        lit = lit_class(ctx, text, cs)
    if entry.fol and fol is None:
        fol = follow_class(text, cs + len(chunk))
    entry.by_cue[(lit if entry.lit else None, fol if entry.fol else None)] = templates


_INITIAL_CHARS = frozenset('.!?:;“"(—–[•‘\n\t')


def classify_segment(
    ctx: Ctx, text: str, seg: list[Span], fld: str, idx: int, seg_end: int, initial: bool
) -> None:
    """Classify a segment, its last token extended to ``seg_end`` (a possessive)."""
    lt, ls, le = seg[-1]
    if seg_end > le:
        seg = [*seg[:-1], (lt, ls, seg_end)]
    classify(ctx, text, seg, fld, idx, seg_end, initial)
