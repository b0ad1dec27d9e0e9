"""Parts of a split paste joined as the sender wrote them (storage/jobs.py)."""

from __future__ import annotations

from storage.jobs import join_parts


def test_a_sentence_cut_at_the_split_is_joined_with_a_space() -> None:
    assert join_parts(["Guterres urged Israel to allow", "aid into Gaza."]) == (
        "Guterres urged Israel to allow aid into Gaza."
    )


def test_parts_that_end_a_sentence_keep_their_line_break() -> None:
    assert join_parts(["He left.", "She stayed."]) == "He left.\nShe stayed."
    assert join_parts(['"We will stay,"', "she said."]) == '"We will stay,"\nshe said.'
    assert join_parts(["only one"]) == "only one"
