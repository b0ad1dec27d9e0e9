"""Categorise extraction errors against PolNeAR gold, for the error analysis in docs/extraction.md.

Categories per gold attribution: ok, wrong-speaker (content matched, speaker not),
pronoun (wrong speaker where the gold source is a pronoun), boundary (best prediction
overlaps with Dice < 0.5), missed-cue (no prediction overlaps); per prediction:
false-positive (overlaps no gold content).  Then the predictions by `speaker_kind`
(person, organization, government, …, and the sources with no speaker: document,
writer, private), each with how many matched a gold content.

Usage: .venv/bin/python bench/extraction_errors.py GOLD.jsonl PRED.jsonl [--show CATEGORY] [--n N]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import random
from pathlib import Path
from typing import Any

PRONOUNS = {"he", "she", "they", "i", "we", "it", "you"}


def load_scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score_attributions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--show", default="")
    ap.add_argument("--n", type=int, default=15)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    sc = load_scorer(Path(args.gold).parent / "score_attributions.py")
    preds = {}
    pred_lines = Path(args.pred).read_text(encoding="utf-8").splitlines()
    for line in pred_lines:
        d = json.loads(line)
        preds[d["id"]] = d["statements"]
    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    kinds_matched: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for line in Path(args.gold).read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        text, toks = g["text"], sc.tokenize(g["text"])
        sts = preds.get(g["id"], [])
        psets = [sc.token_ids(toks, [st["span"]]) for st in sts]
        used = set()
        for a in g["attributions"]:
            gs = sc.token_ids(toks, a["content"])
            scored = sorted(((sc.dice(gs, ps), i) for i, ps in enumerate(psets)), reverse=True)
            best, bi = scored[0] if scored else (0.0, -1)
            src = a.get("source_text", "")
            if best >= 0.5:
                used.add(bi)
                st = sts[bi]
                ss = st.get("speaker_span")
                ok = (
                    not a["source"]
                    or (ss and sc.spans_overlap(ss, a["source"]))
                    or bool(sc.name_tokens(st.get("speaker")) & sc.name_tokens(src))
                )
                if ok:
                    cat = "ok"
                else:
                    cat = "pronoun" if src.lower() in PRONOUNS else "wrong-speaker"
                    pred_src = text[ss[0] : ss[1]] if ss else None
                    examples[cat].append(
                        f"gold src={src!r} cue={a['cue_text']!r} | pred src={pred_src!r} "
                        f"speaker={st.get('speaker')!r} | {a['content_text'][:90]!r}"
                    )
            elif best > 0:
                cat = "boundary"
                used.add(bi)
                examples[cat].append(
                    f"dice={best:.2f} cue={a['cue_text']!r}\n   gold={a['content_text'][:200]!r}"
                    f"\n   pred={sts[bi]['text'][:200]!r}"
                )
            else:
                cat = "missed-cue"
                examples[cat].append(
                    f"src={src!r} cue={a['cue_text']!r} content={a['content_text'][:120]!r}"
                )
            counts[cat] += 1
        for i, st in enumerate(sts):
            kind = str(st.get("speaker_kind") or ("none" if st.get("speaker") is None else "?"))
            kinds[kind] += 1
            kinds_matched[kind] += i in used
            if i not in used and not any(
                sc.dice(sc.token_ids(toks, a["content"]), psets[i]) > 0 for a in g["attributions"]
            ):
                counts["false-positive"] += 1
                examples["false-positive"].append(
                    f"cue={st.get('cue')!r} kind={st['kind']} | {st['text'][:150]!r}"
                )
    for cat, n in counts.most_common():
        print(f"{cat:<16}{n:>6}")
    print("\npredictions by speaker kind (matched a gold content / all)")
    for kind, n in kinds.most_common():
        print(f"{kind:<16}{kinds_matched[kind]:>6} / {n}")
    if args.show:
        rnd = random.Random(args.seed)
        ex = examples[args.show]
        for e in rnd.sample(ex, min(args.n, len(ex))):
            print("-", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
