"""The export's columns on each engine: a noun-phrase statement goes out with the words
screens show for it (`display`, right after `text`), every other statement with it empty
in CSV and null in JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from extraction import Speaker
from services.export import EXPORT_FIELDS, write_csv, write_json
from services.speakers import new_speaker
from storage import NewArticle, NewStatement
from storage.models import StatementPosition
from storage.ports import Store

ARTICLE = NewArticle(
    sha256="harbour-fees",
    text='Lena Holm condemned the harbour fees & tolls. "Ports stay open," she said.',
    gist="Lena Holm condemned the harbour fees",
    source="Test Wire",
    source_url=None,
    sender_id=1,
    chat_id=1,
    received_at="2026-11-24T10:00:00+00:00",
)


def holm(text: str, display: str | None, sides: dict[str, str]) -> NewStatement:
    return NewStatement(
        speaker=new_speaker(Speaker("Lena Holm")),
        speaker_text="Lena Holm",
        kind="indirect" if display else "direct",
        text=text,
        span=(0, len(text)),
        cue="condemned" if display else "said",
        score=0.5,
        topics=("iran",),
        positions=tuple(StatementPosition(t, side, 0.9, "condemned") for t, side in sides.items()),
        display=display,
    )


async def _stored(store: Store) -> None:
    await store.articles.store_article(
        ARTICLE,
        [
            holm(
                "the harbour fees & tolls",
                "condemned the harbour fees & tolls",
                {"iran.military_action": "against", "iran.nuclear_deal": "for"},
            ),
            holm("Ports stay open", None, {}),
        ],
    )


def test_display_is_the_column_right_after_text_as_the_docs_list_them() -> None:
    assert EXPORT_FIELDS[EXPORT_FIELDS.index("text") + 1] == "display"
    docs = (Path(__file__).parents[2] / "docs" / "sources-and-search.md").read_text("utf-8")
    listed = docs.split("The columns, in order:", 1)[1].split(". ", 1)[0]
    assert re.findall(r"`(\w+)`", listed) == list(EXPORT_FIELDS)


async def test_csv_export_carries_the_reporters_words_on_every_row_of_the_statement(
    store: Store,
) -> None:
    await _stored(store)
    out = io.StringIO()
    assert await write_csv(store, out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0].split(",")[5:8] == ["text", "display", "cue"]
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["text"], r["display"], r["cue"], r["target"]) for r in rows] == [
        (
            "the harbour fees & tolls",
            "condemned the harbour fees & tolls",
            "condemned",
            "iran.military_action",
        ),
        (
            "the harbour fees & tolls",
            "condemned the harbour fees & tolls",
            "condemned",
            "iran.nuclear_deal",
        ),
        ("Ports stay open", "", "said", ""),
    ]


async def test_json_export_has_display_after_text_and_null_without_it(store: Store) -> None:
    await _stored(store)
    out = io.StringIO()
    assert await write_json(store, out) == 2
    records = json.loads(out.getvalue())
    assert [list(r)[5:8] for r in records] == [["text", "display", "cue"]] * 3
    assert [(r["text"], r["display"]) for r in records] == [
        ("the harbour fees & tolls", "condemned the harbour fees & tolls"),
        ("the harbour fees & tolls", "condemned the harbour fees & tolls"),
        ("Ports stay open", None),
    ]
    assert "display" in records[2] and records[2]["target"] is None
