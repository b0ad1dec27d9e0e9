"""The nearest thing a user meant: commands, topics, time zones."""

from __future__ import annotations

from extraction import Resources
from services.commands import BUILT_IN
from services.suggest import (
    mistyped_trailing_topic,
    nearest_command,
    nearest_timezone,
    nearest_topic,
    trailing_topic,
)

NAMES = [c.name for c in BUILT_IN]


def test_a_mistyped_topic_command_suggests_the_topic(resources: Resources) -> None:
    assert nearest_command("irn", NAMES, resources.topics) == "iran"
    assert nearest_command("/ukrain", NAMES, resources.topics) == "ukraine"


def test_a_mistyped_built_in_command_suggests_it(resources: Resources) -> None:
    assert nearest_command("subscibe", NAMES, resources.topics) == "subscribe"
    assert nearest_command("hlp", NAMES, resources.topics) == "help"


def test_nothing_close_suggests_nothing(resources: Resources) -> None:
    assert nearest_command("foo", NAMES, resources.topics) is None
    assert nearest_topic("zzzz", resources.topics) is None


def test_a_topic_by_its_name_or_a_near_spelling(resources: Resources) -> None:
    assert nearest_topic("irn", resources.topics) == "iran"
    assert nearest_topic("Venezuela", resources.topics) == "venezuela"
    assert nearest_topic("#venezuella", resources.topics) == "venezuela"


def test_a_city_names_its_time_zone() -> None:
    assert nearest_timezone("Berlin") == "Europe/Berlin"
    assert nearest_timezone("new york") == "America/New_York"
    assert nearest_timezone("Berln") == "Europe/Berlin"
    assert nearest_timezone("Atlantis Prime") is None


def test_a_last_word_naming_a_topic_is_taken_off(resources: Resources) -> None:
    assert trailing_topic("Peskov iran", resources.topics) == ("Peskov", "iran")
    assert trailing_topic("Dmitry Peskov /Iran", resources.topics) == ("Dmitry Peskov", "iran")
    assert trailing_topic("Iran", resources.topics) == ("Iran", None)
    assert trailing_topic("Dmitry Peskov", resources.topics) == ("Dmitry Peskov", None)


def test_a_last_word_nearly_naming_a_topic_is_offered_as_that_topic(resources: Resources) -> None:
    assert mistyped_trailing_topic("Peskov irn", resources.topics) == ("Peskov", "iran")
    assert mistyped_trailing_topic("Peskov Araghchi ukrain", resources.topics) == (
        "Peskov Araghchi",
        "ukraine",
    )
    assert mistyped_trailing_topic("Peskov iran", resources.topics) is None  # a topic already
    assert mistyped_trailing_topic("irn", resources.topics) is None  # a lone word: a name
    assert mistyped_trailing_topic("Dmitry Peskov", resources.topics) is None
    assert mistyped_trailing_topic("Abbas Araghchi", resources.topics) is None
