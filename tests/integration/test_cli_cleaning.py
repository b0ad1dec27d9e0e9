"""`extract` and the record agree on a file with invisible characters in it: the statements are
the ones stored, the record holds the cleaned text, and the JSON's offsets index the file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from services.text_safety import clean_characters, clean_text
from tests.conftest import SEED_ARTICLE
from tests.integration.test_cli import run_cli


def test_extract_finds_what_ingest_stores_with_offsets_into_the_exact_file(
    tmp_path: Path,
) -> None:
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    raw = (
        "\ufeff\n  "  # a byte-order mark and blank space before the headline
        + seed.replace("Peskov", "Pes\u200bkov", 2)
        .replace("Iran", "\u202eIran\u202c", 2)
        .replace("negotiators", "ne\u0301gotiators")  # a decomposed accent: NFC composes it
    )
    file = tmp_path / "dirty.txt"
    file.write_text(raw, encoding="utf-8")
    env = {"DATABASE_PATH": str(tmp_path / "record.sqlite3")}

    extracted = run_cli("extract", str(file), "--json", env=env)
    assert extracted.returncode == 0, extracted.stderr
    statements = json.loads(extracted.stdout)["statements"]
    stored = run_cli("ingest", str(file), env=env)
    assert stored.returncode == 0, stored.stderr

    with sqlite3.connect(tmp_path / "record.sqlite3") as conn:
        [article] = [r[0] for r in conn.execute("SELECT text FROM articles")]
        query = "SELECT text, span_start, span_end FROM statements"
        rows = {text: (start, end) for text, start, end in conn.execute(query)}
    assert article == clean_text(raw)
    assert statements and {s["text"] for s in statements} == set(rows)
    for statement in statements:
        a, b = statement["span"]
        start, end = rows[statement["text"]]
        # the same words: at the file's offsets in the file, at the record's in the record
        assert clean_characters(raw[a:b]) == article[start:end]
        for s, e in statement.get("spans", [statement["span"]]):
            assert clean_characters(raw[s:e]).strip() in statement["text"]
        if statement["speaker_span"]:
            s, e = statement["speaker_span"]
            mention = clean_characters(raw[s:e])
            assert mention and mention == mention.strip()
    assert any("négotiators" in s["text"] for s in statements)
