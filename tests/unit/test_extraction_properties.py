"""Whatever the text, statements point into it: spans inside, text made of the spans."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import Extractor

PIECES = [
    "Peskov said",
    "he added",
    "“",
    "”",
    '"',
    "''",
    "``",
    "«",
    "»",
    ":",
    ",",
    ".",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "that",
    "the minister",
    "according to",
    "sources",
    "We will win",
    "― Bob Smith",
    "PENCE:",
    "🔥",
    "#Iran",
    "Subscribe @channel",
    "who said",
    "Zelenskyy",
]

articles = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=articles)
def test_statements_always_point_into_the_text(extractor: Extractor, text: str) -> None:
    for s in extractor.analyze(text).statements:
        assert 0 <= s.span[0] < s.span[1] <= len(text)
        spans = s.spans or (s.span,)
        assert all(s.span[0] <= a < b <= s.span[1] for a, b in spans)
        assert s.text == " ".join(text[a:b] for a, b in spans)
        if s.speaker_span is not None:
            a, b = s.speaker_span
            assert 0 <= a < b <= len(text)
            assert s.speaker is not None
        assert s.kind in ("direct", "indirect", "mixed")
