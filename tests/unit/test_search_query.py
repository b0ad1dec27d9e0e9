"""Whatever a user types after /search, the FTS5 query built from it is valid syntax."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from services.search import SearchError, parse_query
from storage.sqlite.search import fts_query

# Characters FTS5 treats specially, mixed into arbitrary text.
FTS_SYNTAX = st.sampled_from(['"', "*", "-", "+", "^", ":", "(", ")", "{", "}", "NEAR", "AND",
                              "OR", "NOT", "text:", " ", "'", ","])  # fmt: skip
QUERY_TEXT = st.lists(st.one_of(FTS_SYNTAX, st.text(max_size=8)), max_size=12).map("".join)


def _fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('Peskov warned that a strike would destabilize')")
    return conn


CONN = _fts()


@given(QUERY_TEXT)
def test_any_input_gives_valid_fts5_or_a_polite_error(text: str) -> None:
    try:
        query = parse_query(text)
    except SearchError:
        return  # a malformed since: date, explained to the user
    match = fts_query(query.terms)
    if match is not None:
        CONN.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()


def test_quoted_words_still_match_stemmed() -> None:
    match = fts_query(parse_query("STRIKES destabilizing").terms)
    assert CONN.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone() == (1,)
    prefix = fts_query(parse_query("pesk*").terms)
    assert CONN.execute("SELECT count(*) FROM t WHERE t MATCH ?", (prefix,)).fetchone() == (1,)
