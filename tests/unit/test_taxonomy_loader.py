"""The taxonomy loader: the shipped topics.toml loads, malformed files name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.resources import RESERVED_COMMANDS, SEEDS_DIR, ResourceError, load_topics

GOOD = """\
# comment
[[topic]]
slug = "iran"
name = "Iran"
emoji = "🇮🇷"
terms = ["Iran", "Tehran"]

[[topic]]
slug = "sanctions"
name = "Sanctions"
terms = ["sanctions"]
lemmas = ["sanction"]
context_terms = ["the measures"]
exclude = ["sanctions relief"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ResourceError) as info:
        load_topics(write(tmp_path, text))
    return str(info.value)


def test_shipped_taxonomy_has_the_required_topics() -> None:
    topics = load_topics(SEEDS_DIR / "topics.toml")
    slugs = {t.slug for t in topics}
    required = {
        "iran", "ukraine", "russia", "usa", "venezuela", "cuba", "israel", "gaza", "china",
        "nato", "eu", "syria", "energy", "economy", "sanctions",
    }  # fmt: skip
    assert required <= slugs
    assert not slugs & RESERVED_COMMANDS
    assert all(t.name and t.emoji and t.terms for t in topics)


def test_anchorage_formula_signals_both_usa_and_ukraine() -> None:
    topics = load_topics(SEEDS_DIR / "topics.toml")
    holders = {t.slug for t in topics if "Anchorage formula" in t.terms}
    assert holders == {"usa", "ukraine"}


def test_optional_fields_are_loaded(tmp_path: Path) -> None:
    iran, sanctions = load_topics(write(tmp_path, GOOD))
    assert iran.terms == ("Iran", "Tehran") and iran.lemmas == ()
    assert sanctions.lemmas == ("sanction",)
    assert sanctions.context_terms == ("the measures",)
    assert sanctions.exclude == ("sanctions relief",)
    assert sanctions.emoji == ""


def test_bad_slug_names_the_slug_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('slug = "sanctions"', 'slug = "Sanctions!"'))
    assert message.startswith("topics.toml, line 9:")
    assert "[a-z0-9_]" in message


def test_overlong_slug_is_rejected(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('slug = "iran"', f'slug = "{"a" * 33}"'))
    assert message.startswith("topics.toml, line 3:")


def test_missing_slug_names_the_topic_header(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('slug = "sanctions"\n', ""))
    assert message.startswith("topics.toml, line 8:")


def test_reserved_slug_names_the_line_and_the_command(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('slug = "sanctions"', 'slug = "help"'))
    assert message.startswith("topics.toml, line 9:")
    assert "/help" in message


@pytest.mark.parametrize("command", ["who", "search", "subscribe", "merge"])
def test_every_reserved_command_is_refused(tmp_path: Path, command: str) -> None:
    message = load_error(tmp_path, GOOD.replace('slug = "iran"', f'slug = "{command}"'))
    assert "line 3" in message


def test_duplicate_slug_names_both_lines(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('slug = "sanctions"', 'slug = "iran"'))
    assert message.startswith("topics.toml, line 9:")
    assert "defined twice" in message and "first at line 3" in message


def test_missing_terms_names_the_topic_header(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('terms = ["sanctions"]\n', ""))
    assert message.startswith("topics.toml, line 8:")
    assert "terms" in message


def test_empty_terms_names_the_terms_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('terms = ["Iran", "Tehran"]', "terms = []"))
    assert message.startswith("topics.toml, line 6:")


def test_terms_of_the_wrong_type_name_the_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('lemmas = ["sanction"]', "lemmas = [1, 2]"))
    assert message.startswith("topics.toml, line 12:")
    assert "lemmas" in message


def test_unknown_key_names_its_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('terms = ["sanctions"]', 'term = ["sanctions"]'))
    assert message.startswith("topics.toml, line 11:")
    assert "'term'" in message


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('name = "Sanctions"', "name = Sanctions"))
    assert message.startswith("topics.toml, line 10:")
    assert "syntax" in message


def test_unterminated_array_is_a_syntax_error_with_a_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, GOOD.replace('"Tehran"]', '"Tehran"'))
    assert message.startswith("topics.toml, line ")
    assert "line ?" not in message


def test_theme_flag_must_be_boolean(tmp_path: Path) -> None:
    text = GOOD.replace('name = "Sanctions"', 'name = "Sanctions"\ntheme = "yes"')
    message = load_error(tmp_path, text)
    assert message.startswith("topics.toml, line 11:")
    assert "theme" in message


def test_themes_are_marked_in_the_shipped_taxonomy() -> None:
    themes = {t.slug for t in load_topics(SEEDS_DIR / "topics.toml") if t.theme}
    assert themes == {"energy", "economy", "sanctions"}


TARGET = """\
[[topic]]
slug = "gaza"
name = "Gaza"
terms = ["Gaza"]

[[topic.target]]
slug = "gaza.aid"
label = "aid into Gaza"
for = "letting aid into Gaza"
signals = ["aid", "blockade"]
"""


def test_a_targets_opposites_are_loaded_and_must_be_its_own_signals(tmp_path: Path) -> None:
    [gaza] = load_topics(write(tmp_path, TARGET + 'opposites = ["blockade"]\n'))
    assert gaza.targets[0].opposites == ("blockade",)
    message = load_error(tmp_path, TARGET + 'opposites = ["siege"]\n')
    assert "gaza.aid" in message and "opposites" in message


def test_a_targets_flags_are_loaded_and_must_be_true_or_false(tmp_path: Path) -> None:
    [gaza] = load_topics(write(tmp_path, TARGET + "aimed = true\n"))
    assert gaza.targets[0].aimed and not gaza.targets[0].party
    message = load_error(tmp_path, TARGET + 'aimed = "yes"\n')
    assert "gaza.aid" in message and "aimed must be true or false" in message


def test_measures_aimed_at_a_country_are_marked_in_the_shipped_taxonomy() -> None:
    aimed = {t.slug for topic in load_topics(SEEDS_DIR / "topics.toml") for t in topic.targets
             if t.aimed}  # fmt: skip
    assert aimed == {"iran.sanctions", "russia.sanctions", "china.tariffs"}
