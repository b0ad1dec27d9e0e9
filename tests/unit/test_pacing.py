"""The sender's pace where turns are shared: a turn the process woke too late for is given
up for the next one (a late send would land beside the other senders' next turns), but
never more than RETAKES times in a row; a lone sender (SQLite) keeps every turn it takes."""

from __future__ import annotations

from datetime import timedelta

from services.pacing import RETAKES, Pacer


class Turns:
    """A PaceStore whose turns are already `late` seconds past when they are handed out."""

    def __init__(self, shared: bool, late: list[float]) -> None:
        self.shared = shared
        self._late = late
        self.taken: list[str] = []

    async def next_turn(self, key: str, interval: timedelta) -> float:
        self.taken.append(key)
        return -self._late.pop(0) if self._late else 0.0


async def test_a_shared_turn_woken_late_for_is_given_up_for_the_next() -> None:
    turns = Turns(shared=True, late=[0.2])
    await Pacer(turns, lambda: 28).wait_turn(4242)
    assert turns.taken == ["bot", "bot"]


async def test_a_host_always_late_still_sends_after_a_few_turns() -> None:
    turns = Turns(shared=True, late=[0.2] * 10)
    await Pacer(turns, lambda: 28).wait_turn(4242)
    assert turns.taken == ["bot"] * (RETAKES + 1)


async def test_a_lone_sender_keeps_its_turn_and_groups_are_left_to_its_rate_limiter() -> None:
    turns = Turns(shared=False, late=[0.2])
    await Pacer(turns, lambda: 28).wait_turn(-1002003)
    assert turns.taken == ["bot"]


async def test_a_group_takes_its_own_turn_where_turns_are_shared() -> None:
    turns = Turns(shared=True, late=[])
    await Pacer(turns, lambda: 28).wait_turn(-1002003)
    assert turns.taken == ["chat:-1002003", "bot"]
