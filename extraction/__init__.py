"""Pure attribution extraction: text in, who-said-what out.

Nothing in this package does I/O, talks to Telegram or SQLite, or touches the event loop:
the caller loads the spaCy pipeline and the data files and hands them to `Extractor`.
"""

from extraction.extractor import Extractor
from extraction.model import Analysis, Position, Speaker, Statement
from extraction.resources import Actor, Resources, Target, Topic

__all__ = [
    "Actor",
    "Analysis",
    "Extractor",
    "Position",
    "Resources",
    "Speaker",
    "Statement",
    "Target",
    "Topic",
    "reporting_cues",
]


def reporting_cues(resources: Resources) -> tuple[frozenset[str], frozenset[str]]:
    """The hand-curated reporting cues of `lexicons/cues.toml`: the verbs' lemmas ("say",
    "warn", …) and the words that are a cue by themselves ("according")."""
    hand = resources.lexicons.get("cues", {})
    verbs = frozenset(hand.get("relations", {}))
    return verbs, frozenset(hand.get("phrases", {}).get("according", ()))
