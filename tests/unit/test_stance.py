"""Stance: lexicon cues, negation, reversers, concessions and per-topic scope."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import Resources
from extraction.model import Stance
from extraction.stance import StanceAssessor, StanceLexicon
from extraction.topics import TopicTagger


@pytest.fixture(scope="module")
def assessor(resources: Resources) -> StanceAssessor:
    return StanceAssessor(resources.lexicons["stance"])


@pytest.fixture(scope="module")
def tagger(nlp: Language, resources: Resources) -> TopicTagger:
    return TopicTagger(nlp, resources.topics)


def assess(
    nlp: Language,
    tagger: TopicTagger,
    assessor: StanceAssessor,
    text: str,
    content: str,
    cue: str | None = None,
) -> tuple[Stance | None, dict[str, Stance]]:
    """Assess `content` (a substring of `text`) reported by `cue` (the first occurrence)."""
    doc = nlp(text)
    start = text.index(content)
    spans = ((start, start + len(content)),)
    anchors = tagger.anchors(doc, spans)
    cue_char = text.index(cue) if cue else None
    return assessor.assess(doc, spans, cue, tuple(anchors), anchors=anchors, cue_char=cue_char)


@pytest.mark.parametrize(
    ("text", "content", "cue", "expected"),
    [
        # the cue's own stance
        ("Macron condemned the attack.", "the attack", "condemned", "negative"),
        ("Macron welcomed the agreement.", "the agreement", "welcomed", "positive"),
        ("Macron praised the decision.", "the decision", "praised", "positive"),
        ("Peskov warned that talks could fail.", "talks could fail", "warned", "negative"),
        ("She called for an immediate ceasefire.", "an immediate ceasefire", "called", "positive"),
        # the clause's words
        ("He said the plan would destabilize the region.",
         "the plan would destabilize the region", "said", "negative"),
        ("He said cooperation remains a priority.", "cooperation remains a priority", "said",
         "positive"),
        ("He said it would be a mistake to expect much.", "it would be a mistake to expect much",
         "said", "negative"),
        ("He said they expressed concern over the blockade.",
         "they expressed concern over the blockade", "said", "negative"),
        ("He said the talks were constructive.", "the talks were constructive", "said",
         "positive"),
        # the asking carries the stance, not the state asked for
        ("She called for restraint.", "restraint", "called", "positive"),
        ("He said Russia continues efforts to de-escalate tensions.",
         "Russia continues efforts to de-escalate tensions", "said", "neutral"),
        # neutral: reporting facts
        ("He said the meeting would take place on Friday.",
         "the meeting would take place on Friday", "said", "neutral"),
        ("He said the delegation arrived in Geneva.", "the delegation arrived in Geneva", "said",
         "neutral"),
    ],
)  # fmt: skip
def test_lexicon_cues_and_clause_words(
    nlp: Language,
    tagger: TopicTagger,
    assessor: StanceAssessor,
    text: str,
    content: str,
    cue: str,
    expected: Stance,
) -> None:
    stance, _ = assess(nlp, tagger, assessor, text, content, cue)
    assert stance == expected


@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        ("He said Berlin does not support the plan.", "Berlin does not support the plan",
         "negative"),
        ("He said Berlin doesn't support the plan.", "Berlin doesn't support the plan",
         "negative"),
        ("He said it would not be a mistake to extend the mandate.",
         "it would not be a mistake to extend the mandate", "positive"),
        ("He said Slovakia does not oppose the accession.",
         "Slovakia does not oppose the accession", "positive"),
        ("He said they would never accept the proposal.",
         "they would never accept the proposal", "negative"),
        ("He said he would not say that there was friendliness.",
         "he would not say that there was friendliness", "negative"),
        ("He said Washington does not support further escalation.",
         "Washington does not support further escalation", "negative"),
        ("He said there is no alternative to diplomacy.", "there is no alternative to diplomacy",
         "positive"),
        ("He said there had been no progress.", "there had been no progress", "negative"),
        ("He said supporting Kyiv is not charity but an investment.",
         "supporting Kyiv is not charity but an investment", "positive"),
    ],
)  # fmt: skip
def test_negation(
    nlp: Language,
    tagger: TopicTagger,
    assessor: StanceAssessor,
    text: str,
    content: str,
    expected: Stance,
) -> None:
    stance, _ = assess(nlp, tagger, assessor, text, content, "said")
    assert stance == expected


def test_negated_cue_flips(nlp: Language, tagger: TopicTagger, assessor: StanceAssessor) -> None:
    text = "Orban did not condemn the attack."
    stance, _ = assess(nlp, tagger, assessor, text, "the attack", "condemn")
    assert stance == "positive"


def test_calling_for_an_ending_opposes_the_thing_ended(
    nlp: Language, tagger: TopicTagger, assessor: StanceAssessor
) -> None:
    text = "Orban called for lifting the sanctions on Russian energy."
    content = "lifting the sanctions on Russian energy"
    stance, stances = assess(nlp, tagger, assessor, text, content, "called")
    assert stance == "negative"
    assert stances["sanctions"] == "negative"


def test_a_concession_weighs_less_than_the_main_clause(
    nlp: Language, tagger: TopicTagger, assessor: StanceAssessor
) -> None:
    text = (
        "Peskov said that while friendliness is unlikely, there must be an effort"
        " to achieve results."
    )
    content = "while friendliness is unlikely, there must be an effort to achieve results"
    stance, _ = assess(nlp, tagger, assessor, text, content, "said")
    assert stance == "positive"


# -- per topic ------------------------------------------------------------------------------


def test_each_topic_gets_the_stance_of_its_own_clause(
    nlp: Language, tagger: TopicTagger, assessor: StanceAssessor
) -> None:
    text = (
        "She said the EU welcomed the new trade agreement with China but condemned"
        " Iran's supply of drones."
    )
    content = (
        "the EU welcomed the new trade agreement with China but condemned Iran's supply of drones"
    )
    _, stances = assess(nlp, tagger, assessor, text, content, "said")
    assert stances["china"] == "positive"
    assert stances["iran"] == "negative"


def test_values_one_country_and_is_concerned_about_another(
    nlp: Language, tagger: TopicTagger, assessor: StanceAssessor
) -> None:
    text = (
        "He said Moscow values its relations with Cuba and expressed concern over"
        " U.S. naval blockades."
    )
    content = (
        "Moscow values its relations with Cuba and expressed concern over U.S. naval blockades"
    )
    _, stances = assess(nlp, tagger, assessor, text, content, "said")
    assert stances["cuba"] == "positive"
    assert stances["usa"] == "negative"


def test_topic_in_a_neutral_clause_takes_the_enclosing_judgement(
    nlp: Language, tagger: TopicTagger, assessor: StanceAssessor
) -> None:
    text = "He said it would be a mistake to count on quick results from the talks on Ukraine."
    content = "it would be a mistake to count on quick results from the talks on Ukraine"
    _, stances = assess(nlp, tagger, assessor, text, content, "said")
    assert stances == {"ukraine": "negative"}


def test_topics_from_context_take_the_overall_stance(
    nlp: Language, assessor: StanceAssessor
) -> None:
    doc = nlp("He warned that this would destabilize the region.")
    start = doc.text.index("this")
    spans = ((start, len(doc.text) - 1),)
    stance, stances = assessor.assess(doc, spans, "warned", ("iran",), cue_char=3)
    assert stance == "negative"
    assert stances == {"iran": "negative"}


def test_no_content_means_no_stance(nlp: Language, assessor: StanceAssessor) -> None:
    assert assessor.assess(nlp("Nothing."), (), None, ()) == (None, {})


def test_empty_lexicon_is_neutral(nlp: Language) -> None:
    bare = StanceAssessor({})
    doc = nlp("He said the plan would destabilize the region.")
    stance, _ = bare.assess(doc, ((8, len(doc.text) - 1),), "said", ())
    assert stance == "neutral"


def test_hyphenated_entries_match_as_tokenized(nlp: Language) -> None:
    custom = StanceAssessor({"positive": {"words": ["de-escalate"]}})
    doc = nlp("He said Moscow wants to de-escalate.")
    stance, _ = custom.assess(doc, ((8, len(doc.text) - 1),), "said", ())
    assert stance == "positive"


def test_lexicon_table_reads_weights_and_phrases(resources: Resources) -> None:
    lexicon = StanceLexicon.from_table(resources.lexicons["stance"])
    assert lexicon.words["condemn"] == -2.0
    assert lexicon.words["value"] == 1.0
    assert lexicon.phrases[("call", "for")] > 0
    assert lexicon.cues[("warn",)] < 0
    assert "not" in lexicon.negators
    assert "lift" in lexicon.reversers
