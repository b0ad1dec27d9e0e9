"""The lease heartbeat shared by parse jobs and alert claims: it renews while the work runs,
stops at the first renewal that answers False (the claim is no longer this claimant's),
keeps trying after a renewal that failed, and ends with the work."""

from __future__ import annotations

import asyncio
import logging

import pytest

from services.leases import while_renewed


async def test_renews_while_the_work_runs_and_stops_with_it() -> None:
    renewals = 0

    async def renew() -> bool:
        nonlocal renewals
        renewals += 1
        return True

    async def work() -> str:
        await asyncio.sleep(0.25)
        return "done"

    assert await while_renewed(work(), renew, 0.05, "test lease") == "done"
    after_work = renewals
    assert 2 <= after_work <= 5  # a beat every 0.05 s of 0.25 s (fewer on a busy machine)
    await asyncio.sleep(0.15)
    assert renewals == after_work  # nothing renews once the work is over


async def test_stops_renewing_once_the_claim_is_not_its_own() -> None:
    answers = [True, False, True, True]
    asked = 0

    async def renew() -> bool:
        nonlocal asked
        asked += 1
        return answers.pop(0)

    await while_renewed(asyncio.sleep(0.3), renew, 0.04, "test lease")
    assert asked == 2


async def test_a_failed_renewal_is_logged_and_tried_again(caplog: pytest.LogCaptureFixture) -> None:
    asked = 0

    async def renew() -> bool:
        nonlocal asked
        asked += 1
        if asked == 1:
            raise ConnectionError("server closed the connection")
        return True

    with caplog.at_level(logging.WARNING, logger="services.leases"):
        await while_renewed(asyncio.sleep(0.2), renew, 0.04, "claim of alert 7")
    assert asked >= 2  # tried again after the failure
    failed = [r for r in caplog.records if "renewal failed" in r.getMessage()]
    assert len(failed) == 1 and failed[0].getMessage().startswith("claim of alert 7")


async def test_the_works_exception_comes_through() -> None:
    async def renew() -> bool:
        return True

    async def work() -> None:
        await asyncio.sleep(0.05)
        raise ValueError("parse failed")

    with pytest.raises(ValueError, match="parse failed"):
        await while_renewed(work(), renew, 0.01, "test lease")
