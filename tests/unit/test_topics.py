"""Topic tagging: token/lemma matching, context fallback, the speaker's own side, the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from extraction import Extractor, Resources
from extraction.model import Speaker
from extraction.targets import TargetMatcher
from extraction.topic_passage import frame
from extraction.topics import TopicTagger

PESKOV = Speaker(name="Dmitry Peskov", role="Kremlin spokesman")


@pytest.fixture(scope="module")
def tagger(nlp: Language, resources: Resources) -> TopicTagger:
    return TopicTagger(nlp, resources.topics)


@pytest.fixture(scope="module")
def targets(nlp: Language, resources: Resources) -> TargetMatcher:
    return TargetMatcher(nlp, resources.topics)


def tag(
    nlp: Language,
    tagger: TopicTagger,
    text: str,
    content: str | None = None,
    speaker: Speaker | None = None,
    targets: TargetMatcher | None = None,
) -> tuple[str, ...]:
    """Tag `content` (a substring of `text`; the whole text by default) as one statement;
    with `targets`, its target words lead to the story's topics as in the pipeline."""
    content = text if content is None else content
    start = text.index(content)
    doc = nlp(text)
    span = doc.char_span(start, start + len(content), alignment_mode="expand")
    signals = []
    if targets is not None and span is not None:
        tokens = range(span.start, span.end)
        signals = targets.signal_topics(doc, tokens, tagger.named_tokens(doc))
    return tagger.tag(doc, ((start, start + len(content)),), speaker=speaker, signals=signals)


# -- matching on tokens and lemmas ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Iranian officials met on Monday.", {"iran"}),
        ("The Ukrainian delegation arrived.", {"ukraine"}),
        ("Officials in Tehran were silent.", {"iran"}),
        ("The Islamic Republic's envoy left.", {"iran"}),
        ("Talks in Kyiv went on.", {"ukraine"}),
        ("Caracas and Havana were not consulted.", {"venezuela", "cuba"}),
        ("Washington and Moscow said nothing.", {"usa", "russia"}),
        ("US and Chinese officials said little.", {"usa", "china"}),
        ("The Kremlin was silent.", {"russia"}),
        ("NATO troops moved east.", {"nato"}),
        ("Beijing announced new export curbs.", {"china", "economy"}),
        ("Oil and gas prices jumped.", {"energy"}),
        ("New tariffs hit the markets.", {"economy"}),
        ("The firms were sanctioned last year.", {"sanctions"}),
        ("The U.S.-brokered ceasefire in Gaza held.", {"usa", "gaza"}),
        ("Pro-Russian groups marched.", {"russia"}),
        ("We will not let the ayatollahs rebuild what we destroyed.", {"iran"}),
    ],
)
def test_signal_words_match_on_tokens_and_lemmas(
    nlp: Language, tagger: TopicTagger, sentence: str, expected: set[str]
) -> None:
    assert set(tag(nlp, tagger, sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Irania is not a country.",  # a prefix of a term is not the term
        "Ukrainia and Iranianism are not words.",
        "They told us nothing.",  # the pronoun is not the US
        "Latin American leaders met.",  # an exclusion phrase
        "Ships crossed the Persian Gulf.",
        "The police used tear gas.",
    ],
)
def test_near_misses_tag_nothing(nlp: Language, tagger: TopicTagger, sentence: str) -> None:
    assert tag(nlp, tagger, sentence) == ()


def test_anchorage_formula_tags_usa_and_ukraine(nlp: Language, tagger: TopicTagger) -> None:
    text = "Peskov said the Anchorage formula was discussed."
    content = "the Anchorage formula was discussed"
    assert set(tag(nlp, tagger, text, content)) == {"usa", "ukraine"}


def test_dateline_is_not_a_topic(nlp: Language, tagger: TopicTagger) -> None:
    text = "MOSCOW — The minister said the weather was fine."
    assert tag(nlp, tagger, text) == ()


def test_the_document_is_matched_once(nlp: Language, tagger: TopicTagger) -> None:
    doc = nlp("Iran and Israel traded strikes. Nobody said anything.")
    assert tagger.index(doc) is tagger.index(doc)


# -- own words first, then context -----------------------------------------------------------

ARTICLE = (
    "Talks on Ukraine resumed in Geneva on Monday.\n"
    "Peskov warned that a strike on Iran would destabilize the region. "
    "He added that this would be a mistake.\n"
    "The spokesman also said the strike was not discussed with anyone."
)


def test_own_words_win_over_the_lead_paragraph(nlp: Language, tagger: TopicTagger) -> None:
    content = "a strike on Iran would destabilize the region"
    assert tag(nlp, tagger, ARTICLE, content, PESKOV) == ("iran",)


def test_statement_naming_nothing_takes_its_paragraph(nlp: Language, tagger: TopicTagger) -> None:
    assert tag(nlp, tagger, ARTICLE, "this would be a mistake", PESKOV) == ("iran",)


def test_the_strike_refers_back_to_the_story(
    nlp: Language, tagger: TopicTagger, targets: TargetMatcher
) -> None:
    """A target's word ("the strike") files the statement under the story it continues."""
    content = "the strike was not discussed with anyone"
    article = ARTICLE.replace("a strike on Iran", "an attack on Iran")
    assert tag(nlp, tagger, article, content, PESKOV, targets) == ("iran",)
    assert tag(nlp, tagger, article, content, PESKOV) == ()  # without it, nothing names Iran
    # where a strike on Iran was named, "the strike" takes it up without the target's word
    assert tag(nlp, tagger, ARTICLE, content, PESKOV) == ("iran",)


def test_a_target_word_joins_the_storys_main_topic_only(
    nlp: Language, tagger: TopicTagger, targets: TargetMatcher
) -> None:
    """ "The embargo", in a story about Cuba in which Venezuela speaks too, is Cuba's: a
    word two story topics could claim goes to the one the story names most."""
    article = (
        "Havana and Caracas rally allies against U.S. embargo on Cuba\n\n"
        "NEW YORK, Nov 1 (Wire) - Cuba won another U.N. vote against the U.S. embargo on "
        "Wednesday, with Venezuela leading the speeches in its support.\n\n"
        "Venezuela's envoy said Caracas stood with Havana. Venezuela itself faces U.S. "
        "sanctions on its oil.\n\n"
        '"The embargo is a relic of the Cold War and it should be lifted," a Mexican diplomat '
        "said after the vote.\n"
    )
    content = "The embargo is a relic of the Cold War and it should be lifted,"
    topics = tag(nlp, tagger, article, content, targets=targets)
    assert "cuba" in topics and "venezuela" not in topics


def test_the_speakers_side_holding_an_attitude_leaves_the_target_word_to_the_story(
    nlp: Language, tagger: TopicTagger, targets: TargetMatcher
) -> None:
    """ "Moscow was deeply concerned by the strike", said by the Kremlin in a story about a
    strike on Iran, is about the strike: Moscow holds the concern."""
    article = (
        "Israel strikes missile plant near Tabriz\n\n"
        "JERUSALEM, Dec 3 - Israel struck a missile plant near the Iranian city of Tabriz "
        "overnight, the first raid on Iran since June.\n\n"
        'Kremlin spokesman Dmitry Peskov said Moscow was "deeply concerned" by the strike.\n'
    )
    content = 'Moscow was "deeply concerned" by the strike'
    assert "iran" in tag(nlp, tagger, article, content, PESKOV, targets)
    # Moscow acting on its own target is still Russia's matter alone
    talks = "Moscow was ready to continue the talks with Washington"
    other = article.replace(content, talks)
    assert tag(nlp, tagger, other, talks, PESKOV, targets) == ("russia", "usa")


def test_reporting_frame_gives_the_topic(nlp: Language, tagger: TopicTagger) -> None:
    text = "On Venezuela, Peskov noted: “Such contacts could be organized quickly.”"
    content = "Such contacts could be organized quickly."
    assert tag(nlp, tagger, text, content, PESKOV) == ("venezuela",)


def test_a_remark_in_a_paragraph_naming_nothing_gets_no_topic(
    nlp: Language, tagger: TopicTagger, targets: TargetMatcher
) -> None:
    text = ARTICLE + "\nAsked about the weather, he said the snow would hold off."
    content = "the snow would hold off"
    assert tag(nlp, tagger, text, content, PESKOV, targets) == ()


def test_context_terms_need_the_topic_named_in_the_article(
    nlp: Language, tagger: TopicTagger
) -> None:
    alone = "He said the alliance would respond."
    assert tag(nlp, tagger, alone, "the alliance would respond") == ()
    named = "NATO ministers met in Brussels.\nHe said the alliance would respond."
    assert "nato" in tag(nlp, tagger, named, "the alliance would respond")
    commission = "He said the Commission remained open to talks."
    assert tag(nlp, tagger, commission, "the Commission remained open to talks") == ()
    eu = "The European Union kept its duties.\nHe said the Commission remained open to talks."
    assert "eu" in tag(nlp, tagger, eu, "the Commission remained open to talks")


# -- who speaks never decides; what is said does ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Russia values its bilateral relations with Cuba", {"russia", "cuba"}),
        ("cooperation with Russia remains a priority for Venezuela", {"russia", "venezuela"}),
        ("new sanctions against Russia would fail", {"russia", "sanctions"}),
    ],
)
def test_the_speakers_own_country_is_a_topic_like_any_other(
    nlp: Language, tagger: TopicTagger, content: str, expected: set[str]
) -> None:
    rubio = Speaker(name="Marco Rubio", role="U.S. Secretary of State")
    for speaker in (PESKOV, rubio):
        assert set(tag(nlp, tagger, f"He said {content}.", content, speaker)) == expected


def test_an_iranian_minister_on_enrichment_is_iran(
    nlp: Language, tagger: TopicTagger, targets: TargetMatcher
) -> None:
    text = (
        "Iran rejects U.S. terms in nuclear talks\n\n"
        "Iranian Foreign Minister Abbas Araghchi said Tehran would not accept any deal that "
        "required it to halt uranium enrichment."
    )
    content = "Tehran would not accept any deal that required it to halt uranium enrichment"
    araghchi = Speaker(name="Abbas Araghchi", role="Iranian Foreign Minister")
    assert tag(nlp, tagger, text, content, araghchi, targets) == ("iran",)


def test_a_name_in_passing_is_not_a_topic_but_a_leader_acting_is(
    nlp: Language, tagger: TopicTagger
) -> None:
    passing = "Clinton said Trump's tax plan would hurt families."
    assert tag(nlp, tagger, passing, "Trump's tax plan would hurt families") == ()
    acting = "She said Trump still wants a deal with Iran."
    assert set(tag(nlp, tagger, acting, "Trump still wants a deal with Iran")) == {"usa", "iran"}


def test_an_agencys_name_is_not_its_subject(nlp: Language, tagger: TopicTagger) -> None:
    text = "He said the International Atomic Energy Agency had inspectors in Iran."
    assert tag(
        nlp, tagger, text, "the International Atomic Energy Agency had inspectors in Iran"
    ) == ("iran",)


def test_the_place_of_the_event_is_the_topic(nlp: Language, tagger: TopicTagger) -> None:
    text = "Araghchi condemned the Israeli strikes on nuclear facilities in Isfahan."
    content = "the Israeli strikes on nuclear facilities in Isfahan"
    araghchi = Speaker(name="Abbas Araghchi", role="Iranian Foreign Minister")
    assert set(tag(nlp, tagger, text, content, araghchi)) == {"israel", "iran"}


def test_a_headline_is_the_story_not_the_frame(
    nlp: Language, tagger: TopicTagger, targets: TargetMatcher
) -> None:
    text = "Iran vows response after Israeli strikes\n\nThe minister said the talks went well."
    content = "the talks went well"
    minister = Speaker(name="Jean Dupont", role="minister")
    index = tagger.index(nlp(text))
    start = text.index(content)
    # the headline runs into the lead in the parse, but it is not the statement's sentence
    assert not frame(index, start, start + len(content))
    assert tag(nlp, tagger, text, content, minister, targets) == ("iran",)


def test_own_side_counts_when_nothing_else_is_named(nlp: Language, tagger: TopicTagger) -> None:
    text = "Iranian Foreign Minister Abbas Araghchi said Tehran remained committed to diplomacy."
    content = "Tehran remained committed to diplomacy"
    araghchi = Speaker(name="Abbas Araghchi", role=None)
    assert tag(nlp, tagger, text, content, araghchi) == ("iran",)


# -- the seed article, through the whole pipeline -----------------------------------------


def seed_statements(extractor: Extractor, seed_text: str, needle: str) -> list[tuple[str, ...]]:
    found = [s.topics for s in extractor.analyze(seed_text).statements if needle in s.text]
    assert found, f"no statement contains {needle!r}"
    return found


def test_seed_iran_statements_are_about_iran_only(extractor: Extractor, seed_text: str) -> None:
    for needle in ("military strike on Iran", "destabilize the situation in the region"):
        for topics in seed_statements(extractor, seed_text, needle):
            assert "iran" in topics
            assert not {"ukraine", "venezuela", "cuba"} & set(topics)


def test_seed_venezuela_and_cuba_statements(extractor: Extractor, seed_text: str) -> None:
    for needle, slug in (("priority for Venezuela", "venezuela"), ("relations with Cuba", "cuba")):
        for topics in seed_statements(extractor, seed_text, needle):
            assert slug in topics
            assert not {"iran", "ukraine"} & set(topics)


def test_seed_ukraine_talks_statements_are_not_iran(extractor: Extractor, seed_text: str) -> None:
    for needle in (
        "negotiations over Ukraine",
        "contacts on Ukraine",
        "defend these our interests",
        "we need to talk constructively",
    ):
        for topics in seed_statements(extractor, seed_text, needle):
            assert "ukraine" in topics
            assert "iran" not in topics


def test_seed_anchorage_statements_are_usa_and_ukraine(
    extractor: Extractor, seed_text: str
) -> None:
    for topics in seed_statements(extractor, seed_text, "Anchorage"):
        assert {"usa", "ukraine"} <= set(topics)
        assert "iran" not in topics


# -- robustness ------------------------------------------------------------------------------


def test_any_span_of_the_seed_tags_without_error(
    nlp: Language, resources: Resources, seed_text: str
) -> None:
    """Arbitrary (even misaligned or empty) spans never raise, and anchors match topics."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tagger = TopicTagger(nlp, resources.topics)
    doc = nlp(seed_text)
    offsets = st.integers(min_value=0, max_value=len(seed_text))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(offsets, offsets), min_size=1, max_size=3))
    def check(pairs: list[tuple[int, int]]) -> None:
        spans = tuple(sorted((min(a, b), max(a, b)) for a, b in pairs))
        topics = tagger.tag(doc, spans, speaker=PESKOV)
        anchors = tagger.anchors(doc, spans, speaker=PESKOV)
        assert tuple(anchors) == topics

    check()


# -- golden articles, through the whole pipeline --------------------------------------------

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "topics"


def golden_topics(extractor: Extractor, name: str, needle: str) -> set[str]:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    found = [set(s.topics) for s in extractor.analyze(text).statements if needle in s.text]
    assert found, f"no statement contains {needle!r}"
    return set.union(*found)


def test_iranian_minister_on_strikes_in_isfahan(extractor: Extractor) -> None:
    topics = golden_topics(extractor, "iran-israel-strikes.txt", "strikes on nuclear facilities")
    assert topics == {"israel", "iran"}


def test_iranian_minister_on_his_own_country(extractor: Extractor) -> None:
    topics = golden_topics(extractor, "iran-israel-strikes.txt", "remained committed")
    assert topics == {"iran"}


def test_nato_chief_on_the_threat_to_the_alliance(extractor: Extractor) -> None:
    topics = golden_topics(extractor, "nato-ukraine-summit.txt", "most significant threat")
    assert topics == {"russia", "nato"}  # "the alliance", in an article that names NATO


def test_trade_statement_is_economy_and_the_partner(extractor: Extractor) -> None:
    topics = golden_topics(extractor, "eu-china-trade.txt", "Trade between China and Russia")
    assert topics == {"china", "economy", "russia"}  # the speaker's own country counts too


# -- themes in their own sense ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # GDP sizing defence spending is no economy statement; a budget share still is
        ("Poland would spend 4.8% of GDP on defence next year.", set()),
        ("Spending of 2.1 percent of GDP is enough for Spain.", set()),
        ("GDP shrank by 2 percent in the third quarter.", {"economy"}),
        ("Ukraine would spend 30% of its state budget on drones.", {"ukraine", "economy"}),
        # the flow of a commodity belongs to it: oil exports are energy, not the economy
        ("Iranian crude exports had not fallen by a single barrel.", {"iran", "energy"}),
        ("The trade sanctions on Burma will end.", {"sanctions"}),
        ("Exports to China rose by a tenth.", {"china", "economy"}),
        # a longer term of another theme holds the word: export controls are sanctions
        ("Any loosening of export controls on chips is a gift.", {"sanctions"}),
        # energy on its own words: barrels, petrol prices, the grid
        ("Every barrel Russia does not sell is a drone it cannot buy.", {"russia", "energy"}),
        ("The price of regular gasoline rose 9 cents.", {"energy"}),
        ("The national grid had collapsed three times this year.", {"energy"}),
        # a measure of the whole economy sizing something else, in an adjective too
        ("Italy would not spend 5 percent of economic output on defence.", set()),
        # a person described by a trade, an idiom, weapons' fuel, a swap: not the theme
        ("The imprisoned oil tycoon should be released.", set()),
        ("The vote comes after the budget committee meets.", set()),
        # a cap on household energy bills is energy, not a sanction
        ("The energy price cap comes down in January.", {"energy"}),
        ("Sending more weapons was pouring petrol on a fire.", set()),
        ("The plants mixed solid fuel for ballistic missiles.", set()),
        ("Kyiv will not trade its land for promises.", {"ukraine"}),
        ("The swap involved difficult trade-offs.", set()),
        ("Soybean futures were trading near $10 a bushel.", {"economy"}),
        # the singular "job" is a task; jobs are the economy
        ("We should be helping them finish the job.", set()),
        ("The plant closure cost 2,000 jobs.", {"economy"}),
        # a blockade is a sanction (the embargo on Cuba is "the blockade" in Havana)
        ("The blockade is a relic of the Cold War.", {"sanctions"}),
    ],
)
def test_themes_count_only_in_their_own_sense(
    nlp: Language, tagger: TopicTagger, sentence: str, expected: set[str]
) -> None:
    assert set(tag(nlp, tagger, sentence)) == expected


def test_the_united_states_acting_is_usa_on_its_own(nlp: Language, tagger: TopicTagger) -> None:
    acting = "The United States would not tolerate that from any other country."
    assert set(tag(nlp, tagger, acting)) == {"usa"}
    position = "He said Washington's position had not changed."
    assert set(tag(nlp, tagger, position, "Washington's position had not changed")) == {"usa"}
    # named in passing, the United States still needs another country beside it
    passing = "The price of bread had risen across the United States."
    assert tag(nlp, tagger, passing) == ()


def test_a_leaders_name_standing_for_the_government(nlp: Language, tagger: TopicTagger) -> None:
    regime = "Washington would keep up the pressure on the Maduro regime."
    assert "venezuela" in tag(nlp, tagger, regime)
    passing = "Clinton said she had met Maduro once, years ago, at a dinner."
    assert tag(nlp, tagger, passing, "she had met Maduro once, years ago, at a dinner") == ()


def test_a_leader_named_beside_a_country_or_before_the_statement(
    nlp: Language, tagger: TopicTagger
) -> None:
    beside = "Rubio said Havana props up Maduro with spies and soldiers."
    content = "Havana props up Maduro with spies and soldiers"
    assert set(tag(nlp, tagger, beside, content)) == {"cuba", "venezuela"}
    # the sentence before names the leader: the statement continues a passage on Israel
    before = (
        "Netanyahu met the opposition leader on Tuesday. "
        'Lapid said the meeting was "a waste of everybody\'s time."'
    )
    assert tag(nlp, tagger, before, "the meeting was") == ("israel",)


def test_measures_continue_the_theme_their_passage_named(
    nlp: Language, tagger: TopicTagger
) -> None:
    text = (
        "The Treasury extended the sanctions on the refinery for another year.\n\n"
        'A spokesman said existing measures "remain fully in force."'
    )
    assert "sanctions" in tag(nlp, tagger, text, 'existing measures "remain fully in force."')
    # two paragraphs back is another passage
    far = "The Treasury extended the sanctions.\n\nThe talks resumed.\n\n" + text.split("\n\n")[1]
    assert "sanctions" not in tag(nlp, tagger, far, 'existing measures "remain fully in force."')


def test_a_surname_that_is_a_demonym_is_the_person(nlp: Language, tagger: TopicTagger) -> None:
    text = (
        "Mark Cuban, the billionaire owner of the Dallas Mavericks, says he is open to running.\n"
        '"It is too early to tell," Cuban said. "There is so much uncertainty."'
    )
    assert tag(nlp, tagger, text, "There is so much uncertainty.") == ()
    cuban = "The Cuban government said the embargo had failed."
    assert "cuba" in tag(nlp, tagger, cuban)


def test_a_capital_the_parser_takes_for_a_person_is_still_the_country(
    extractor: Extractor,
) -> None:
    """The small model reads a lone "Kyiv" as a person's name now and then; a country or
    capital of the governments table is a place unless the article names someone so."""
    text = (
        "Danish Defence Minister Troels Lund Poulsen said Denmark would send more ammunition "
        "to Kyiv."
    )
    (statement,) = extractor.analyze(text).statements
    assert "ukraine" in statement.topics
