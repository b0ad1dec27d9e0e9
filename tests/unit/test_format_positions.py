"""How sides read on a phone: /TOPIC's target lines, /who's lines, change alerts."""

from __future__ import annotations

from extraction import Resources
from extraction.model import Position
from handlers.format import key_passage, statement_row_line
from handlers.format_alerts import render_alert
from handlers.format_positions import side_segment, speaker_side_lines, target_line
from services.alert_content import PositionChangeAlert, SummaryAlert
from services.topics import SideOnRecord, SpeakerSides, TargetOnRecord
from storage.models import PositionChange, SpeakerOnTarget, StatementPosition, StatementRow
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
    assert "“Germany now backs the strikes on Iran”" in alone


def test_a_change_of_line_on_a_noun_phrase_shows_the_reporters_words(
    resources: Resources,
) -> None:
    topics = {t.slug: t for t in resources.topics}
    payload = {
        "speaker": "Anna Berg",
        "target": "iran.military_action",
        "previous": "for",
        "current": "against",
        "statement": "the strikes on Iran & Iraq",
        "display": "condemned the strikes on Iran & Iraq",
    }
    alone = render_alert(PositionChangeAlert.from_payload(payload, ("iran",)), topics)
    assert "\ncondemned the strikes on Iran &amp; Iraq\n" in alone, alone
    assert "“" not in alone and html_problems(alone) == []


def first_topic_page(
    topic: tuple[str, str, str],
    targets: tuple[TargetOnRecord, ...],
    speaker: str,
    text: str,
    first_id: int,
    source: str,
    total: int,
    pages: int,
) -> tuple[str, str]:
    """Page 1 of /TOPIC, as HTML and as the text a user reads, for `targets` and two long
    statements by `speaker` (ids `first_id` and the next), each on the first target."""
    from extraction import Topic
    from handlers.format import html_to_plain
    from handlers.format_positions import render_topic_view
    from services.topics import TopicView
    from storage.models import StatementPosition, StatementRow

    slug, name, emoji = topic
    rows = tuple(
        StatementRow(
            id=first_id + n,
            article_id=1,
            speaker=speaker,
            speaker_role=None,
            kind="indirect",
            text=text,
            cue="said",
            score=0.5,
            created_at="2026-01-24T10:00:00+00:00",
            source=source,
            source_url=None,
            positions=(StatementPosition(f"{slug}.t0", "against", 0.9, ""),),
        )
        for n in range(2)
    )
    labels = {t.slug: t.label for t in targets}
    view = TopicView(
        Topic(slug, name, emoji, (slug,)), total, targets, rows, 0, pages, labels=labels
    )
    [page] = render_topic_view(view)
    return page, html_to_plain(page)


def test_a_crowded_first_page_of_a_topic_still_fits_one_phone_screen() -> None:
    """Three long names on each side of three targets and a speaker named with their whole
    title: names go into "+N more", then targets, until the page is one screen."""
    from handlers.format_digest import screen_lines

    names = (("Kristof Szalay-Bobrovniczky", 3), ("Jean-Noel Barrot", 2), ("Gideon Saar", 1))
    targets = tuple(
        TargetOnRecord(
            f"ukraine.t{n}",
            f"a long target label number {n} on Ukraine",
            (SideOnRecord("against", names, 4, 10 + n), SideOnRecord("for", names, 2, 20 + n)),
        )
        for n in range(3)
    )
    page, plain = first_topic_page(
        ("ukraine", "Ukraine", "🇺🇦"),
        targets,
        "Rustem Umerov, secretary of Ukraine's National Security and Defence Council",
        "the talks had been difficult but constructive, and more talks would follow " * 3,
        100,
        "A very long outlet name indeed",
        total=100,
        pages=34,
    )
    assert screen_lines(page) <= 15 and len(plain) <= 700, plain
    assert plain.startswith("🇺🇦 Ukraine — 100 statements on record")
    assert "/show_100" in plain and "/show_101" in plain  # both statements kept
    assert "🎯" in plain and "more targets with sides on record" in plain


def test_the_latest_statements_give_way_before_who_stands_where() -> None:
    """Three targets with one name a side and two long statements: every target stays, and a
    statement not written out is still one tap away."""
    from handlers.format_digest import screen_lines

    targets = tuple(
        TargetOnRecord(
            f"iran.t{n}",
            f"target {n} on Iran",
            (SideOnRecord("against", (("Liu Chen", 1),), 0, 10 + n),),
        )
        for n in range(3)
    )
    page, plain = first_topic_page(
        ("iran", "Iran", "🇮🇷"),
        targets,
        "Michael Hargrove",
        "Washington was ready to resume indirect talks with Tehran without delay " * 4,
        200,
        "TASS",
        total=17,
        pages=6,
    )
    assert screen_lines(page) <= 15 and len(plain) <= 700, plain
    assert all(f"Target {n} on Iran" in plain for n in range(3)), plain
    assert "more targets with sides on record" not in plain
    assert "/show_200" in plain and "/show_201" in plain


ANSWER = (
    "Good afternoon. The Secretary spoke this morning with partners in the region. "
    "The pressure on the Maduro regime will continue until Venezuelans can choose."
)


def test_a_long_answer_is_shown_from_the_sentence_that_carries_its_side() -> None:
    side = Position("venezuela.maduro_government", "against", 0.96, "pressure")
    assert key_passage(ANSWER, (side,)) == (
        "…The pressure on the Maduro regime will continue until Venezuelans can choose."
    )


def test_an_answer_without_a_side_or_with_it_up_front_is_shown_whole() -> None:
    assert key_passage(ANSWER, ()) == ANSWER
    early = Position("venezuela.maduro_government", "against", 0.96, "Good afternoon")
    assert key_passage(ANSWER, (early,)) == ANSWER


def test_every_screen_of_a_stored_statement_shows_where_it_takes_sides() -> None:
    """/TOPIC's latest statements and alerts read the record's rows: the same passage."""
    side = StatementPosition("venezuela.maduro_government", "against", 0.96, "pressure")
    row = StatementRow(7, 1, "Tammy Bruce", None, "direct", ANSWER, ":", 0.8, "2026-02-11",
                       None, None, positions=(side,))  # fmt: skip
    line = statement_row_line(row, {"venezuela.maduro_government": "Maduro's government"})
    assert "“…The pressure on the Maduro regime" in line
    assert "Good afternoon" not in line
