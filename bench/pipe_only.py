"""The denominator of the ingestion ratio: bare `nlp.pipe` over the same texts.

Run as its own process (`python -m bench.pipe_only TEXTS.jsonl --batch-size B`) so that it
is timed exactly like `python -m bot ingest`: from process start, model load included.
"""

from __future__ import annotations

import argparse
import json

import spacy

from bot.config import DEFAULT_MODEL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("texts", help='a JSONL file of {"text": ...} lines')
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    with open(args.texts, encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    nlp = spacy.load(args.model)
    tokens = sum(
        len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process)
    )
    print(json.dumps({"docs": len(texts), "tokens": tokens}))


if __name__ == "__main__":
    main()
