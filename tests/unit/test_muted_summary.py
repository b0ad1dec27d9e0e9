"""The summary a mute's end brings: one short message, whatever the backlog."""

from __future__ import annotations

from extraction import Resources
from handlers.format_alerts import render_alert
from services.alert_content import ArticleAlert, PositionChangeAlert, SummaryAlert
from storage.models import StatementRow
from tests.telegram_html import html_problems


def statement(i: int, score: float, topic: str) -> StatementRow:
    return StatementRow(
        id=i,
        article_id=i,
        speaker=f"Speaker {i}",
        speaker_role=None,
        kind="direct",
        text=f"statement number {i} on {topic}",
        cue="said",
        score=score,
        created_at="2026-01-01T00:00:00+00:00",
        source="Reuters",
        source_url=None,
        topics=(topic,),
    )


def article(i: int, topic: str, score: float, total: int = 3) -> ArticleAlert:
    rows = tuple(statement(i * 10 + k, score - k / 100, topic) for k in range(total))
    return ArticleAlert(f"gist {i}", "Reuters", None, (topic,), rows, total)


def test_a_long_mute_is_summarised_in_one_short_message(resources: Resources) -> None:
    topics = {t.slug: t for t in resources.topics}
    items = [article(i, "iran" if i % 3 else "cuba", 0.5 + i / 100) for i in range(1, 41)]
    followed = ArticleAlert(
        "gist 99", "TASS", None, (), (statement(990, 0.1, "usa"),), 1, followed=("Anna Berg",)
    )
    change = PositionChangeAlert("Dmitry Peskov", "iran", "iran.nuclear_deal", "against", "for")
    summary = SummaryAlert((*items, followed, change), reason="muted")
    text = render_alert(summary, topics)
    lines = text.split("\n")
    assert lines[0] == "🔕 <b>While alerts were muted</b> — 42 alerts"
    assert lines[1] == "🇮🇷 Iran: 28 · 🇨🇺 Cuba: 13 · <b>Anna Berg</b>: 1"
    bullets = [line for line in lines if line.startswith("• ")]
    assert len(bullets) == 5
    assert "statement number 400 on iran" in bullets[0]  # the best alert's lead first
    assert "<i>…and 116 more statements</i>" in lines
    assert any("changed line on" in line and "Peskov" in line for line in lines)
    assert len(text) < 2000 and not html_problems(text)


def test_quiet_hours_keep_their_own_summary(resources: Resources) -> None:
    topics = {t.slug: t for t in resources.topics}
    text = render_alert(SummaryAlert((article(1, "iran", 0.9), article(2, "cuba", 0.8))), topics)
    assert text.startswith("🌙 <b>While you were in quiet hours</b> — 2 alerts")
