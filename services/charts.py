"""/chart: statements per day stacked by side (for, no side, against), and who (or what)
dominates, as one PNG. A statement counts once, under its surest side (on the topic's
targets for a topic's chart).

matplotlib is used through its object API (`Figure` + the Agg canvas), never `pyplot`: no
GUI backend, no global figure registry, so a render in a worker thread touches no shared
state beyond the font cache — and a lock keeps renders one at a time anyway. Rendering takes
a few hundred milliseconds, so it runs off the event loop (`asyncio.to_thread`).
"""

from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from services.context import Services
from services.positions import find_speaker, targets_of
from storage.models import NO_SIDE, SideCount

WINDOW_DAYS = 60
# Fewer days than this are drawn as bars of one slot's width, centred, not stretched wide.
MIN_SLOTS = 7
MAX_TICKS = 8
TOP_BARS = 8
SIDES = ("for", NO_SIDE, "against")
SIDE_NAMES = {"for": "for", NO_SIDE: "no side", "against": "against"}
COLOURS = {"for": "#2e7d32", NO_SIDE: "#9e9e9e", "against": "#c62828"}
SIZE_INCHES = (10.0, 7.5)
DPI = 100  # so the PNG is 1000 × 750 pixels
_render_lock = threading.Lock()


@dataclass(frozen=True)
class ChartData:
    title: str
    days: tuple[str, ...]  # consecutive YYYY-MM-DD, oldest first
    per_day: dict[str, tuple[int, ...]]  # side → one count per day
    bars_title: str
    bars: tuple[tuple[str, dict[str, int]], ...]  # label → side → count, biggest first
    total: int  # statements in the window
    earlier: int = 0  # statements on record before it


def window(rows: list[SideCount], days: int) -> tuple[str, ...]:
    """The days from the first on record to the latest (an old archive still gets a chart),
    within the last `days` of them, starting at the first of those with statements: one
    day's statements are a one-day chart, and a story months older than the rest does not
    stretch the axis over empty weeks (the caption counts it as earlier)."""
    valid = []
    for row in rows:
        try:
            valid.append(date.fromisoformat(row.key))
        except ValueError:
            continue
    if not valid:
        return ()
    last = max(valid)
    first = min(d for d in valid if d > last - timedelta(days=days))
    span = (last - first).days + 1
    return tuple((last - timedelta(days=n)).isoformat() for n in range(span - 1, -1, -1))


def _earlier(rows: list[SideCount], days: tuple[str, ...]) -> int:
    """Statements dated before the window (ISO days compare as strings)."""
    return sum(r.count for r in rows if days and r.key[:1].isdigit() and r.key < days[0])


def _series(rows: list[SideCount], days: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    index = {day: i for i, day in enumerate(days)}
    series = {side: [0] * len(days) for side in SIDES}
    for row in rows:
        if row.key in index:
            side = row.side if row.side in series else NO_SIDE
            series[side][index[row.key]] += row.count
    return {side: tuple(counts) for side, counts in series.items()}


def _bars(rows: list[SideCount], names: dict[str, str] | None = None):
    bars: dict[str, dict[str, int]] = {}
    for row in rows:
        label = (names or {}).get(row.key, row.key)
        counts = bars.setdefault(label, dict.fromkeys(SIDES, 0))
        counts[row.side if row.side in counts else NO_SIDE] += row.count
    ordered = sorted(bars.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return tuple(ordered[:TOP_BARS])


async def topic_chart_data(
    services: Services, slug: str, days: int = WINDOW_DAYS
) -> ChartData | None:
    """None when the topic is unknown; a chart with total 0 when nothing is on record."""
    topic = services.resources.topic(slug)
    if topic is None:
        return None
    targets = [t.slug for t in targets_of(services.resources, slug)]
    rows = await services.db.positions.daily_sides(topic=slug, targets=targets)
    span = window(rows, days)
    per_day = _series(rows, span)
    speakers = (
        await services.db.positions.speaker_sides_on_topic(slug, targets, span[0], TOP_BARS)
        if span
        else []
    )
    return ChartData(
        title=f"{topic.name}: statements per day by side",
        days=span,
        per_day=per_day,
        bars_title=f"Who speaks on {topic.name} in this period",
        bars=_bars(speakers),
        total=sum(sum(c) for c in per_day.values()),
        earlier=_earlier(rows, span),
    )


async def speaker_chart_data(
    services: Services, speaker_id: int, name: str, days: int = WINDOW_DAYS
) -> ChartData:
    rows = await services.db.positions.daily_sides(speaker_id=speaker_id)
    span = window(rows, days)
    per_day = _series(rows, span)
    topics = await services.db.positions.topic_sides_of_speaker(speaker_id, span[0]) if span else []
    names = {t.slug: t.name for t in services.resources.topics}
    return ChartData(
        title=f"{name}: statements per day by side",
        days=span,
        per_day=per_day,
        bars_title=f"What {name} speaks about in this period",
        bars=_bars(topics, names),
        total=sum(sum(c) for c in per_day.values()),
        earlier=_earlier(rows, span),
    )


async def named_speaker_chart_data(
    services: Services, name: str, days: int = WINDOW_DAYS
) -> ChartData | None:
    """/chart who NAME: the chart of the speaker the name finds first; None if nobody."""
    ids = await find_speaker(services.db, name)
    speakers = await services.db.speakers.speakers_by_id(ids[:1]) if ids else []
    if not speakers:
        return None
    return await speaker_chart_data(services, speakers[0].id, speakers[0].name, days)


def _label(text: str, limit: int = 28) -> str:
    """Plain-font label: characters outside the BMP (emoji) have no glyph in DejaVu Sans."""
    text = "".join(c for c in text if ord(c) < 0x10000)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_chart_png(data: ChartData) -> bytes:
    """The chart as PNG bytes, SIZE_INCHES × DPI pixels. CPU-bound: call via `chart_png`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with _render_lock:
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        top, bottom = figure.subplots(2, 1, height_ratios=(3, 2))
        positions = list(range(len(data.days)))
        base = [0] * len(data.days)
        for side in SIDES:
            counts = data.per_day.get(side, (0,) * len(data.days))
            top.bar(
                positions,
                counts,
                bottom=base,
                color=COLOURS[side],
                label=SIDE_NAMES[side],
                width=0.85,
            )
            base = [b + c for b, c in zip(base, counts, strict=True)]
        top.set_title(_label(data.title, 90), loc="left", fontsize=13, fontweight="bold")
        top.set_ylabel("statements")
        top.yaxis.set_major_locator(MaxNLocator(integer=True))
        ticks = day_ticks(len(data.days))
        top.set_xticks(ticks, [_day_label(data.days[i]) for i in ticks], fontsize=8)
        pad = max(0.0, (MIN_SLOTS - len(data.days)) / 2)
        top.set_xlim(-0.5 - pad, len(data.days) - 0.5 + pad)
        top.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False, ncols=3)
        top.spines[["top", "right"]].set_visible(False)
        if not data.total:
            top.text(
                0.5,
                0.5,
                "nothing on record yet",
                transform=top.transAxes,
                ha="center",
                va="center",
                color="#757575",
            )
        labels = [_label(label) for label, _ in data.bars][::-1]
        left = [0] * len(labels)
        for side in SIDES:
            widths = [by_side[side] for _, by_side in data.bars][::-1]
            bottom.barh(labels, widths, left=left, color=COLOURS[side], height=0.6)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        bottom.set_title(_label(data.bars_title, 90), loc="left", fontsize=11)
        bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
        bottom.spines[["top", "right"]].set_visible(False)
        bottom.set_xlabel(f"statements · {data.total} in the period · OnRecord", color="#616161")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()


def day_ticks(days: int) -> list[int]:
    """The positions of the labelled days: every day up to MAX_TICKS of them, else evenly
    spaced ones, the latest always among them."""
    step = -(-days // MAX_TICKS)  # ceiling
    return sorted(range(days - 1, -1, -step)) if days else []


def _day_label(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b}"


async def chart_png(data: ChartData) -> bytes:
    return await asyncio.to_thread(render_chart_png, data)
