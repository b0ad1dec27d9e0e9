"""A followed speaker's change of line: one alert per chat, follower or subscriber or both."""

from __future__ import annotations

from services.article_alerts import plan_position_change_alerts
from storage import NewArticle, NewSpeaker, NewStatement
from storage.alert_models import AlertRecipient, ArticleAlertContext


def test_a_change_of_line_reaches_followers_and_subscribers_once_each() -> None:
    speaker = NewSpeaker("Dmitry Peskov", "dmitry peskov", None, "person", {}, ("dmitry peskov",))
    statement = NewStatement(
        speaker=speaker,
        speaker_text="Peskov",
        kind="direct",
        text="We now support the talks",
        span=(0, 10),
        cue="said",
        score=0.9,
        topics=("iran",),
        line_changes={"iran.nuclear_deal": ("against", "for")},
    )
    article = NewArticle("a" * 64, "t", "g", "TASS", None, None, 1, "2026-01-01T00:00:00+00:00")
    context = ArticleAlertContext(
        article_id=7,
        sender_chat_id=1,
        story_id=7,
        statement_topics={10: ("iran",)},
        recipients=[
            AlertRecipient(2, ("iran",), None, speakers=(5,)),  # both: still one
            AlertRecipient(3, (), None, speakers=(5,)),  # follows only
            AlertRecipient(4, ("iran",), None),  # subscribes only
            AlertRecipient(6, (), None, speakers=(9,)),  # follows somebody else
        ],
        speakers={10: "Dmitry Peskov"},
        speaker_ids={10: 5},
    )
    alerts = plan_position_change_alerts(context, article, [statement], [10])
    assert [a.chat_id for a in alerts] == [2, 3, 4]
    assert {a.kind for a in alerts} == {"position_change"}
    assert alerts[1].payload["speaker"] == "Dmitry Peskov"
