"""Article texts for the benchmarks: the real evaluation set when present, else synthetic.

The real texts (`polnear-dev.jsonl`, field "text", in EVAL_DIR, default `../shared/eval`
relative to the repository root) are not part of the repository, so a fresh clone falls back
to generated news articles: templated paragraphs with reporting verbs, direct and indirect
quotes, names with roles and datelines — enough to give the parser and the attribution
rules the same kind of work. Every report says which corpus it used.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EVAL_FILE = "polnear-dev.jsonl"

PEOPLE = (
    ("Dmitry Peskov", "Kremlin spokesman"),
    ("Antony Blinken", "U.S. Secretary of State"),
    ("Abbas Araghchi", "Iran's foreign minister"),
    ("Volodymyr Zelensky", "Ukraine's president"),
    ("Ursula von der Leyen", "the European Commission president"),
    ("Benjamin Netanyahu", "Israel's prime minister"),
    ("Olaf Scholz", "the German chancellor"),
    ("Wang Yi", "China's foreign minister"),
    ("Rafael Grossi", "the head of the UN nuclear watchdog"),
    ("Kaja Kallas", "the EU's foreign policy chief"),
)
CITIES = ("MOSCOW", "WASHINGTON", "TEHRAN", "KYIV", "BRUSSELS", "BEIJING", "VIENNA")
SUBJECTS = (
    "the sanctions on Iran's oil exports",
    "the nuclear talks in Vienna",
    "the ceasefire in Ukraine",
    "the grain corridor in the Black Sea",
    "the new tariffs on Chinese steel",
    "the aid package for Kyiv",
    "the enrichment of uranium at Fordow",
    "the elections in the European Parliament",
)
CLAIMS = (
    "will not accept any deal that ignores {s}",
    "is ready to discuss {s} without preconditions",
    "has warned that {s} could collapse within weeks",
    "believes {s} is a mistake that will cost lives",
    "welcomes the progress made on {s}",
    "rejects the accusations about {s} as baseless",
)
VERBS = ("said", "told reporters", "stressed", "warned", "added", "noted", "insisted")
FILLER = (
    "Officials from both sides met for several hours on Tuesday, according to diplomats "
    "familiar with the talks.",
    "The meeting came after weeks of rising tension and a series of strikes near the border.",
    "Markets reacted calmly, with oil prices little changed in early trading.",
    "Analysts say the next round of negotiations is unlikely before the end of the month.",
)


@dataclass(frozen=True)
class Corpus:
    name: str  # what the report prints: which texts were used
    texts: tuple[str, ...]


def _paragraph(rng: random.Random) -> str:
    name, role = rng.choice(PEOPLE)
    subject = rng.choice(SUBJECTS)
    claim = rng.choice(CLAIMS).format(s=subject)
    verb = rng.choice(VERBS)
    surname = name.split()[-1]
    shape = rng.randrange(4)
    if shape == 0:
        return f'"Our country {claim}," {name}, {role}, {verb} on Monday.'
    if shape == 1:
        return f"{role[0].upper()}{role[1:]} {name} {verb} that his government {claim}."
    if shape == 2:
        return (
            f'{surname} {verb} that Moscow and Washington "must talk". "We {claim.split(" ", 1)[1]}'
            f'," {surname} {verb}. {rng.choice(FILLER)}'
        )
    return f"According to {name}, the alliance {claim}. {rng.choice(FILLER)}"


def synthetic_article(rng: random.Random, paragraphs: int = 12) -> str:
    subject = rng.choice(SUBJECTS)
    headline = f"Leaders clash over {subject}"
    body = [f"{rng.choice(CITIES)} — {_paragraph(rng)}"]
    body += [_paragraph(rng) for _ in range(paragraphs - 1)]
    return "\n\n".join([headline, *body])


def synthetic_articles(count: int, seed: int = 8) -> tuple[str, ...]:
    """`count` distinct articles (each one is stored, none is a duplicate of another)."""
    rng = random.Random(seed)
    return tuple(f"{synthetic_article(rng)}\n\n(Report {n}.)" for n in range(count))


def eval_dir() -> Path:
    return Path(os.environ.get("EVAL_DIR") or REPO_ROOT.parent / "shared" / "eval")


def load_corpus(count: int, source: str = "auto") -> Corpus:
    """`count` texts: the real eval articles (cycled if fewer) unless absent or `synthetic`."""
    path = eval_dir() / EVAL_FILE
    if source != "synthetic" and path.is_file():
        texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
        if texts:
            chosen = [texts[i % len(texts)] for i in range(count)]
            # Repeats (count > the file) get a suffix: a duplicate text would skip the store.
            chosen = [t if i < len(texts) else f"{t}\n\n(Copy {i}.)" for i, t in enumerate(chosen)]
            return Corpus(f"{EVAL_FILE} ({len(texts)} real news articles)", tuple(chosen))
    if source == "real":
        raise FileNotFoundError(f"{EVAL_FILE} not found in EVAL_DIR")
    return Corpus(
        "synthetic (bench/corpus.py, templated news paragraphs)", synthetic_articles(count)
    )
