"""Shared fixtures: the real spaCy model and extractor, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from bot.config import DEFAULT_MODEL
from bot.resources import load_resources
from extraction import Extractor, Resources

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "seeds" / "kremlin-peskov-briefing.txt"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return spacy.load(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def resources() -> Resources:
    return load_resources()


@pytest.fixture(scope="session")
def extractor(nlp: Language, resources: Resources) -> Extractor:
    return Extractor(nlp, resources)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")
