"""Golden articles: every hand-checked statement found, with its speaker, mention and kind.

Each `NAME.txt` has a `NAME.expected.json` reviewed by a person: `statements` must come
out exactly (in article order, text compared after removing quote marks, edge
punctuation and extra whitespace); `tolerated` lists debatable statements (a headline's
own attribution, a verb of doing that PolNeAR would also annotate) that may or may not
appear.  Each statement is checked on speaker, mention, kind and text, and on the
speaker's `role` and `speaker_kind` too where the file lists them in `fields`, and
whether it goes on record (`said`: false for a refusal to speak or a headline's report
of events, found as the corpus annotates them but left off the record).  Scores,
topics and positions are not checked here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from extraction import Extractor

GOLDEN_DIR = Path(__file__).resolve().parent
ARTICLES = sorted(p.stem for p in GOLDEN_DIR.glob("*.txt"))
_QUOTES = re.compile(r"``|''|[\"“”«»„]")
FIELDS = ("speaker", "mention", "kind", "text")


def normalise(text: str) -> str:
    return " ".join(_QUOTES.sub("", text).split()).strip(" ,.;:!?")


def observed(
    extractor: Extractor, text: str, fields: tuple[str, ...] = FIELDS
) -> list[dict[str, Any]]:
    out = []
    for s in extractor.analyze(text).statements:
        mention = text[s.speaker_span[0] : s.speaker_span[1]] if s.speaker_span else None
        row = {
            "speaker": s.speaker,
            "mention": mention,
            "kind": s.kind,
            "text": normalise(s.text),
            "role": s.speaker_role,
            "speaker_kind": s.speaker_kind,
            "said": s.said,
        }
        out.append({k: row[k] for k in fields})
    return out


@pytest.mark.parametrize("name", ARTICLES)
def test_golden_article(extractor: Extractor, name: str) -> None:
    text = (GOLDEN_DIR / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((GOLDEN_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))
    tolerated = expected.get("tolerated", [])
    fields = (*FIELDS, *expected.get("fields", []))
    got = [s for s in observed(extractor, text, fields) if s not in tolerated]
    assert got == expected["statements"]


def test_seed_article_is_all_peskov(extractor: Extractor, seed_text: str) -> None:
    statements = extractor.analyze(seed_text).statements
    assert len(statements) == 19
    assert {s.speaker for s in statements} == {"Dmitry Peskov"}
    assert {s.speaker_role for s in statements} == {"Kremlin spokesman"}
