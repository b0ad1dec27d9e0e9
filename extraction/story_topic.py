"""The topic a whole story is about reaches every statement in it.

A wire story on Iran's nuclear talks reports, between the statements that name Iran, the
ones that continue them in their own words: "the session had lasted just under five hours",
"a vote is expected on Friday", "if we have to act again, we will act again". The labelling
guide (docs/positions.md §1.3) files them under Iran — they continue a passage about it —
and a reader of /iran expects them there; the topic rules, reading each statement's words,
leave them out, and the learned second look (`topic_model.py`) adds a topic only when one
statement's words make it sure. So when the rules filed at least `FILED_SHARE` of a story's
statements under one country or organisation, the rest join it (docs/topics.md, "The
story's topic"). Themes (energy, sanctions) are subjects a statement must speak of itself,
and a topic whose mentions count only in company (/usa) is too often a name in passing to
be a story's frame; neither spreads.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

# The least share of a story's statements the rules must file under a topic for it to be
# the story's; chosen on every labelled split (docs/topics.md): 0.6 files a few more
# statements rightly and a few more wrongly, 0.5 costs precision everywhere.
FILED_SHARE = 0.7


def story_topic(
    shares: Mapping[str, float], excluded: Collection[str], share: float = FILED_SHARE
) -> str | None:
    """The topic the rules filed at least `share` of the statements under (`shares`, from
    `topic_model.story_shares`: the most filed, the first named on a tie), unless it is one
    of `excluded`; None when there is none."""
    if not shares:
        return None
    slug = max(shares, key=shares.__getitem__)
    if slug in excluded or shares[slug] < share:
        return None
    return slug


def with_story_topic(topics: Sequence[tuple[str, ...]], story: str | None) -> list[tuple[str, ...]]:
    """Each statement's topics with the story's added last where it is missing."""
    if story is None:
        return list(topics)
    return [own if story in own else (*own, story) for own in topics]
