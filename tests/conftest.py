"""Shared fixtures: the real spaCy model and extractor, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import spacy
from hypothesis import settings as hypothesis_settings
from spacy.language import Language

from bot.config import DEFAULT_MODEL
from extraction import Extractor, Resources
from services.resources import load_resources

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "seeds" / "kremlin-peskov-briefing.txt"

# Property tests: no deadline (spaCy's first calls are slow); CI replays the same examples.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, max_examples=60)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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
def every_side(nlp: Language, resources: Resources) -> Extractor:
    """Rules and model, every (statement, target) pair scored kept however doubtful."""
    return Extractor(nlp, resources, position_threshold=0.0)


@pytest.fixture(scope="session")
def rules_only(nlp: Language, resources: Resources) -> Extractor:
    """The rule layer alone, every reading kept: what the parse says, before the model."""
    extractor = Extractor(nlp, resources, position_threshold=0.0)
    extractor.positions.model = None
    return extractor


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")
