"""Property tests: whatever text arrives, analysis and the digest never break.

The "ci" profile (tests/conftest.py) is derandomized, so every run replays the same
examples; `HYPOTHESIS_PROFILE=dev` explores new ones.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import Analysis, Extractor, Position, Resources, Speaker, Statement
from handlers.format import split_message
from handlers.format_digest import render_digest
from services.ingest import IngestResult, clean_text
from storage import StoredArticle
from tests.telegram_html import html_problems

FRAGMENTS = [
    "Peskov",
    "Dmitry Peskov",
    "the Kremlin spokesman",
    "said",
    "told reporters",
    "warned",
    "according to",
    "“",
    "”",
    '"',
    "«",
    "»",
    "'",
    ",",
    ".",
    "\n",
    "\n\n",
    " — ",
    "he",
    "she",
    "Iran",
    "Ukraine",
    "NATO",
    "<b>",
    "</i>",
    "&amp;",
    "&",
    "<",
    ">",
    "*",
    "_",
    "`",
    "🙂",
    "Москва",
    "\u200b",
    "\t",
    "strike",
    "would destabilize the region",
    "sanctions",
]
textish = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join),
)
fixture_ok = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def _inside(span: tuple[int, int] | list[int] | None, length: int) -> bool:
    return span is None or (0 <= span[0] <= span[1] <= length)


@fixture_ok
@given(text=textish)
def test_analyze_never_fails_and_spans_stay_inside_the_text(
    extractor: Extractor, text: str
) -> None:
    analysis = extractor.analyze(text)
    length = len(analysis.text)
    for statement in analysis.statements:
        assert statement.kind in ("direct", "indirect", "mixed")
        assert _inside(statement.span, length)
        assert _inside(statement.speaker_span, length)
        for span in statement.spans:
            assert _inside(span, length)
        for position in statement.positions:
            assert position.side in ("for", "against") and 0 <= position.confidence <= 1
            assert position.target.split(".", 1)[0] in {t.slug for t in extractor.resources.topics}


@fixture_ok
@given(text=textish)
def test_digest_of_any_analysed_text_is_valid_telegram_html(
    extractor: Extractor, resources: Resources, text: str
) -> None:
    cleaned = clean_text(text)
    analysis = extractor.analyze(cleaned)
    result = IngestResult(analysis, StoredArticle(1, True, "2026-01-01T00:00:00+00:00", None, ()))
    for page in render_digest(result, {t.slug: t for t in resources.topics}):
        assert html_problems(page) == [], page


any_text = st.text(max_size=200)
# Long strings cost little entropy as repetitions; they exercise clipping and splitting.
long_text = st.text(min_size=1, max_size=40).map(lambda t: t * (6000 // len(t) + 1))
statements = st.builds(
    Statement,
    speaker=st.one_of(st.none(), any_text),
    speaker_role=st.one_of(st.none(), any_text),
    speaker_span=st.none(),
    cue=st.one_of(st.none(), any_text),
    kind=st.sampled_from(["direct", "indirect", "mixed"]),
    text=st.one_of(any_text, long_text),
    span=st.just((0, 1)),
    topics=st.lists(st.sampled_from(["iran", "ukraine", "china", "nosuch", "<b>"]), max_size=3).map(
        tuple
    ),
    positions=st.lists(
        st.builds(
            Position,
            target=st.sampled_from(["iran.military_action", "ukraine.peace_talks", "<b>.x"]),
            side=st.sampled_from(["for", "against"]),
            confidence=st.floats(0, 1),
            evidence=any_text,
        ),
        max_size=3,
    ).map(tuple),
    score=st.floats(min_value=-1, max_value=2, allow_nan=False),
)
analyses = st.builds(
    Analysis,
    text=any_text,
    gist=st.one_of(any_text, long_text),
    statements=st.lists(statements, max_size=12).map(tuple),
    speakers=st.lists(
        st.builds(Speaker, name=any_text, role=st.one_of(st.none(), any_text)), max_size=8
    ).map(tuple),
    topics=st.lists(st.sampled_from(["iran", "ukraine", "nosuch"]), max_size=3).map(tuple),
)


@fixture_ok
@given(analysis=analyses, duplicate=st.booleans())
def test_digest_of_any_analysis_fits_telegram(
    resources: Resources, analysis: Analysis, duplicate: bool
) -> None:
    result = IngestResult(
        analysis, StoredArticle(1, not duplicate, "2026-01-01T00:00:00+00:00", None, ())
    )
    pages = render_digest(result, {t.slug: t for t in resources.topics})
    assert pages
    for page in pages:
        assert html_problems(page) == [], page


@given(lines=st.lists(any_text.map(lambda t: t.replace("<", "&lt;").replace("&", "&amp;"))))
def test_split_message_never_exceeds_the_limit(lines: list[str]) -> None:
    for message in split_message(lines):
        assert len(message) <= 4096
