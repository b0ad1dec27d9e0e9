"""How sides read on a phone: /TOPIC's target lines, /who's lines, change alerts."""

from __future__ import annotations

from extraction import Resources
from handlers.format_alerts import render_alert
from handlers.format_positions import side_segment, speaker_side_lines, target_line
from services.alert_content import PositionChangeAlert, SummaryAlert
from services.topics import SideOnRecord, SpeakerSides, TargetOnRecord
from storage.models import PositionChange, SpeakerOnTarget
from tests.telegram_html import html_problems


def test_a_side_lists_a_few_names_most_statements_first_then_how_many_more() -> None:
    side = SideOnRecord("against", (("Abbas Araghchi", 3), ("Dmitry <b>Peskov</b>", 2)), 4, 18)
    assert side_segment(side) == (
        "against: Abbas Araghchi (3), Dmitry &lt;b&gt;Peskov&lt;/b&gt; (2) +4 more /show_18"
    )


def test_a_target_line_names_the_target_then_each_side() -> None:
    line = target_line(
        TargetOnRecord(
            "iran.military_action",
            "military strikes on Iran",
            (
                SideOnRecord("against", (("Dmitry Peskov", 2),), 0, 18),
                SideOnRecord("for", (("Benjamin Netanyahu", 1),), 0, None),
            ),
        )
    )
    assert line == (
        "🎯 <b>Military strikes on Iran</b> — against: Dmitry Peskov (2) /show_18"
        " · for: Benjamin Netanyahu (1)"
    )
    assert html_problems(line) == []


def test_who_gives_the_latest_side_then_the_other_and_the_change() -> None:
    record = SpeakerOnTarget(
        "ukraine.military_aid",
        for_statements=2,
        against_statements=1,
        for_first="2026-02-01T00:00:00+00:00",
        for_latest="2026-02-20T00:00:00+00:00",
        against_first="2026-03-03T00:00:00+00:00",
        against_latest="2026-03-03T00:00:00+00:00",
        last_side="against",
    )
    change = PositionChange(
        "X", "ukraine.military_aid", "for", "against", "2026-03-03T00:00:00+00:00", 9
    )
    sides = SpeakerSides("ukraine.military_aid", "military aid to Ukraine", record, 9, (change,))
    assert speaker_side_lines(sides) == [
        "• against military aid to Ukraine — 1 statement, latest 3 Mar 2026 /show_9",
        "    earlier for: 2 statements, latest 20 Feb 2026",
        "    🔄 changed line 3 Mar 2026: for → <b>against</b>",
    ]


def test_a_change_of_line_alert_reads_the_same_alone_and_in_the_quiet_hours_summary(
    resources: Resources,
) -> None:
    topics = {t.slug: t for t in resources.topics}
    change = PositionChangeAlert.from_payload(
        {
            "speaker": "Anna Berg",
            "target": "iran.military_action",
            "previous": "against",
            "current": "for",
            "statement": "Germany now backs the strikes on Iran",
        },
        ("iran",),
    )
    wording = "🔄 <b>Anna Berg</b> changed line on military strikes on Iran: against → <b>for</b>"
    alone = render_alert(change, topics)
    assert alone.startswith(wording) and "/iran" in alone
    assert wording in render_alert(SummaryAlert((change,)), topics)
    assert html_problems(alone) == []
