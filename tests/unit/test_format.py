"""HTML rendering: escaping and splitting within Telegram's limit."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from handlers.format import TELEGRAM_LIMIT, clip, esc, quote, split_message, spoken
from handlers.format_digest import surname


class TagBalance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def balanced(text: str) -> bool:
    parser = TagBalance()
    parser.feed(text)
    return parser.ok and not parser.stack


def test_escape_neutralises_markup() -> None:
    assert esc("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert "<" not in quote("<script>")


def test_clip_cuts_at_a_word_and_marks_it() -> None:
    assert clip("one two three four", 10) == "one two…"
    assert clip("short", 10) == "short"


def test_split_keeps_every_message_under_the_limit_and_balanced() -> None:
    lines = [f"<b>{i}</b> " + esc("x & y " * 60) for i in range(100)]
    messages = split_message(lines)
    assert len(messages) > 1
    assert all(len(m) <= TELEGRAM_LIMIT for m in messages)
    assert all(balanced(m) for m in messages)
    assert sum(m.count("<b>") for m in messages) == 100


def test_a_single_overlong_line_is_clipped_as_text() -> None:
    messages = split_message(["<i>" + "word " * 2000 + "</i>"])
    assert len(messages) == 1 and len(messages[0]) <= TELEGRAM_LIMIT
    assert balanced(messages[0])


def test_digest_spreads_over_the_seed_articles_topics(extractor, seed_text: str) -> None:
    from handlers.format_digest import digest_statements

    shown = digest_statements(extractor.analyze(seed_text), 5)
    topics_covered = {topic for statement in shown for topic in statement.topics}
    assert len(shown) == 5
    assert {"iran", "ukraine"} <= topics_covered
    assert len(topics_covered) >= 4


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Dmitry Peskov", "Peskov"),
        ("Ursula von der Leyen", "von der Leyen"),
        ("Charles de Gaulle", "de Gaulle"),
        ("Peskov", "Peskov"),
        ("Mao Ning", "Mao"),
        ("Xi Jinping", "Xi"),
        ("Kevin Lin Jones", "Jones"),
        ("Jane Ma", "Ma"),
        ("Mohammed bin Abdulrahman Al Thani", "Al Thani"),
        ("Um Khaled Abu Shanab", "Abu Shanab"),
        ("Ben Wallace", "Wallace"),
        ("He Yongqian", "He Yongqian"),  # "He" alone reads as the pronoun
    ],
)
def test_a_digest_names_a_speaker_again_by_the_whole_surname(name: str, short: str) -> None:
    assert surname(name) == short


def test_two_quoted_passages_of_one_statement_stay_two_quotes() -> None:
    text = '"The pace of enrichment is very worrying," "We need access to these sites now."'
    assert quote(text) == (
        "“The pace of enrichment is very worrying” … “We need access to these sites now.”"
    )
    glued = '"Our grain reaches every port on time," "Nobody will <b>stop</b> it."'
    assert quote(glued, 30) == "“Our grain reaches every port…”"
    assert quote(glued) == (
        "“Our grain reaches every port on time” … “Nobody will &lt;b&gt;stop&lt;/b&gt; it.”"
    )
    inner = 'any strike on Iran would "seriously destabilize the region."'
    assert quote(inner) == '“any strike on Iran would "seriously destabilize the region.”'


def test_the_comma_before_he_said_is_not_part_of_the_quote() -> None:
    assert quote('"They want our oil, not our freedom,"') == "“They want our oil, not our freedom”"
    assert quote("“Enough is enough;”") == "“Enough is enough”"
    assert quote('"Is this the end?"') == "“Is this the end?”"


def test_reporters_words_show_unquoted_after_the_name_and_escaped() -> None:
    said = "condemned the <new> harbour fees & tolls"
    assert spoken("<b>Lena Holm</b>", "the <new> harbour fees & tolls", said) == (
        "<b>Lena Holm</b> condemned the &lt;new&gt; harbour fees &amp; tolls"
    )
    sides = "<b>Lena Holm</b> — against harbour fees"
    assert spoken(sides, "the fees", "condemned the fees") == f"{sides}: condemned the fees"
    assert spoken("", "the fees", "condemned the fees") == "condemned the fees"
    assert spoken("<b>Lena Holm</b>", "that the fees would go", None) == (
        "<b>Lena Holm</b>: “the fees would go”"
    )
    assert spoken("<b>Lena Holm</b>", "x", "called the harbour fees a scandal", 20) == (
        "<b>Lena Holm</b> called the harbour…"
    )


def test_a_one_speaker_digest_line_with_sides_puts_a_colon_before_the_reporters_words() -> None:
    """Under "🗣 Name" a line starts with the statement's sides, not a name: the reporter's
    words follow after a colon, as a quote does."""
    from handlers.format_digest import numbered_line

    sides = "against military strikes on Iran &amp; Iraq"
    line = numbered_line(1, "", sides, "the <strikes>", 2, "condemned the <strikes>")
    assert line == f"1. {sides}: condemned the &lt;strikes&gt;"
    assert numbered_line(1, "", sides, "that they would stop", 2) == (
        f"1. {sides}: “they would stop”"
    )
    assert numbered_line(2, "", "", "x", 2, "condemned the strikes") == "2. condemned the strikes"
    assert numbered_line(3, "<b>Lena Holm</b>", "", "x", 2, "condemned the strikes") == (
        "3. <b>Lena Holm</b> condemned the strikes"
    )
    assert numbered_line(3, "<b>Lena Holm</b>", sides, "x", 2, "condemned the strikes") == (
        f"3. <b>Lena Holm</b> — {sides}: condemned the strikes"
    )
