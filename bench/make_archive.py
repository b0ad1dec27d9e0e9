"""Generate a large archive through the project's schema: `python -m bench.make_archive OUT`.

The default is 1,000,000 statements by 10,000 speakers on 50 topics in 100,000 articles (ten
statements an article), spread over two years. The schema comes from the bundled migrations,
applied as the runner applies them, so the file opens with `SqliteStore.open` like any other;
the rows are written with plain `sqlite3` in one transaction, which is ~50x faster than going
through the services and is all a query benchmark needs. The FTS index is filled by the
schema's own triggers, and so are the running totals of positions. Statement texts are
templated sentences; one word ("sanctions") is in about 10% of them, so full-text search has
a common term to rank. About a third of the statements on a topic with targets take a side
on one of them, so /TOPIC has crowded sides to rank.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.resources import load_resources
from services.speakers import name_key
from storage.sqlite.migrate import bundled_migrations

FIRST = (  # noqa: SIM905
    "Anna Boris Carla Dmitry Elena Farid Greta Hassan Irina Jonas Karim Lena Marco Nadia "
    "Omar Pavel Qasim Rosa Sergei Tamar Umar Vera Wilhelm Xenia Yusuf Zara Ahmed Bianca "
    "Chen Dario Emma Felix Gita Hugo Ines Jamal Katya Luis Mira Nikos Olga Pedro Rania "
    "Stefan Tomas Ulla Viktor Wanda Yara Zoltan Alina Bruno Celia Daniel Eva Fatima Georg "
    "Helga Ivan Julia Kenji Laila Mateo Nora Oleg Petra Rami Sofia Taras Uma Vasily Wen "
    "Yuri Zeynep Amir Beatriz Cyril Dina Erik Fiona Goran Hana Igor Jana Kiril Lucia Milan "
    "Nina Otto Paula Reza Sara Timur Ursula Vlad Wiktor Yana Zlatan"
).split()
LAST = (  # noqa: SIM905
    "Abbott Baranov Costa Dietrich Esposito Fischer Gallo Horvat Ivanova Jensen Kovacs "
    "Lindqvist Moreau Novak Okafor Petrov Quinn Rossi Schmidt Tanaka Ueda Varga Weber Xu "
    "Yilmaz Zhang Alvarez Berg Castillo Dubois Eriksen Ferrari Garcia Hansen Ibrahim "
    "Jovanovic Kaya Lambert Martin Nielsen Olsen Popescu Ricci Santos Torres Urban Vidal "
    "Wagner Yamamoto Zimmermann Antonov Bianchi Chavez Demir Evans Fontaine Greco Haddad "
    "Ilic Juarez Kowalski Lopez Mendes Nowak Orlov Pereira Romano Silva Thomas Ulrich "
    "Volkov Walsh Young Zielinski Amato Brandt Conti Dahl Engel Falk Gruber Hahn Iqbal Jung "
    "Krause Lund Meyer Nagy Ortiz Park Roth Sauer Tran Uribe Vogel Wolf"
).split()
ROLES = ("foreign minister", "spokesman", "senator", "defence minister", "ambassador", None)
VERBS = ("warned", "said", "insisted", "told reporters", "stressed", "argued", "claimed")
OBJECTS = (
    "the talks",
    "the ceasefire",
    "the agreement",
    "the blockade",
    "the new tariffs",
    "the aid package",
    "the nuclear programme",
    "the election",
    "the border",
    "the summit",
)
CLAIMS = (
    "will fail unless both sides compromise",
    "is the only way forward",
    "must be respected",
    "has been violated again",
    "will be reviewed next month",
    "cannot continue like this",
    "is a dangerous escalation",
    "deserves full support",
    "was agreed in good faith",
)
SANCTIONS = "the sanctions"
SIDES = ("for", "against")
TAKES_A_SIDE = 0.35  # of the statements on a topic with targets


@dataclass(frozen=True)
class ArchiveSize:
    statements: int = 1_000_000
    speakers: int = 10_000
    topics: int = 50
    articles: int = 100_000

    @classmethod
    def scaled(cls, statements: int) -> ArchiveSize:
        """The same shape (10 statements an article, 100 per speaker) at another size."""
        return cls(
            statements=statements,
            speakers=max(10, statements // 100),
            topics=50,
            articles=max(1, statements // 10),
        )


def apply_schema(conn: sqlite3.Connection) -> None:
    for migration in bundled_migrations():
        conn.executescript(
            f"BEGIN;\n{migration.sql}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
        )


def topic_targets() -> dict[str, list[str]]:
    """Each real topic's target slugs."""
    return {t.slug: [g.slug for g in t.targets] for t in load_resources().topics}


def topic_slugs(count: int) -> list[str]:
    """The taxonomy's slugs first (so /iran etc. answer), then made-up ones up to `count`."""
    real = [t.slug for t in load_resources().topics]
    return (real + [f"topic{n:02d}" for n in range(len(real), count)])[:count]


def _speakers(size: ArchiveSize, rng: random.Random) -> list[tuple[int, str, str, str | None]]:
    names = [f"{f} {last}" for last in LAST for f in FIRST]
    rng.shuffle(names)
    out = []
    for n in range(size.speakers):
        base = names[n % len(names)]
        name = base if n < len(names) else f"{base} {n // len(names) + 1}"
        out.append((n + 1, name, name_key(name), rng.choice(ROLES)))
    return out


@dataclass
class ArticleRows:
    """One generated article and the rows that hang off it, in each table's column order."""

    article: tuple[object, ...]
    statements: list[tuple[object, ...]]
    sources: list[tuple[object, ...]]
    topics: list[tuple[object, ...]]
    positions: list[tuple[object, ...]]


def speaker_rows(size: ArchiveSize, seed: int = 8) -> list[tuple[int, str, str, str | None]]:
    return _speakers(size, random.Random(seed))


def archive_rows(size: ArchiveSize, seed: int = 8) -> Iterator[ArticleRows]:
    """The archive's articles with their statements, topics and sides, the same for a seed
    whichever engine they are written to (speakers come from `speaker_rows`)."""
    rng = random.Random(seed)
    speakers = _speakers(size, rng)
    slugs = topic_slugs(size.topics)
    targets = topic_targets()
    # Zipf-like topic popularity: the first topics (iran, ukraine, …) are the busy ones.
    weights = [1 / (rank + 1) for rank in range(len(slugs))]
    start_day = datetime(2025, 1, 1, tzinfo=UTC)
    span_seconds = 2 * 365 * 86400
    per_article = max(1, size.statements // size.articles)
    statement_id = 0
    for article_id in range(1, size.articles + 1):
        when = start_day + timedelta(seconds=span_seconds * article_id // size.articles)
        stamp = when.replace(microsecond=0).isoformat()
        rows, topics, texts, positions = [], [], [], []
        count = per_article if article_id < size.articles else size.statements - statement_id
        for _ in range(count):
            statement_id += 1
            speaker = rng.choice(speakers)
            subject = SANCTIONS if rng.random() < 0.1 else rng.choice(OBJECTS)
            text = f"{subject.capitalize()} {rng.choice(CLAIMS)}, and {rng.choice(OBJECTS)} too"
            chosen = sorted(set(rng.choices(slugs, weights, k=rng.choice((1, 1, 2)))))
            texts.append(f'"{text}," {speaker[1]} {rng.choice(VERBS)}.')
            rows.append(
                (statement_id, article_id, speaker[0], speaker[1], text,
                 round(rng.random(), 3), stamp)
            )  # fmt: skip
            topics += [(statement_id, slug, stamp) for slug in chosen]
            on = [g for slug in chosen for g in targets.get(slug, ())]
            if on and rng.random() < TAKES_A_SIDE:
                positions.append(
                    (statement_id, rng.choice(on), rng.choice(SIDES),
                     round(0.7 + 0.3 * rng.random(), 2), "warned", speaker[0], stamp)
                )  # fmt: skip
        body = " ".join(texts)
        article = (
            article_id, hashlib.sha256(body.encode()).hexdigest(), body,
            texts[0][:200] if texts else "", f"channel{article_id % 200}", stamp, stamp,
        )  # fmt: skip
        sources = [(r[0], article_id, stamp) for r in rows]
        yield ArticleRows(article, rows, sources, topics, positions)


def build_archive(path: Path, size: ArchiveSize, seed: int = 8) -> dict[str, float]:
    """Write the archive to `path` (replacing it); returns counts and seconds taken."""
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    apply_schema(conn)
    speakers = speaker_rows(size, seed)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO speakers (id, name, name_key, role, kind) VALUES (?, ?, ?, ?, 'person')",
        speakers,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO speaker_aliases (alias_key, alias, speaker_id) VALUES (?, ?, ?)",
        [(key, name, sid) for sid, name, key, _ in speakers],
    )
    for rows in archive_rows(size, seed):
        conn.execute(
            "INSERT INTO articles (id, sha256, text, gist, source, received_at, published_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows.article,
        )
        conn.executemany(
            "INSERT INTO statements (id, article_id, speaker_id, speaker_text, kind, text,"
            " span_start, span_end, cue, score, created_at)"
            " VALUES (?, ?, ?, ?, 'direct', ?, 0, 0, 'said', ?, ?)",
            rows.statements,
        )
        conn.executemany(
            "INSERT INTO statement_sources (statement_id, article_id, created_at) VALUES (?, ?, ?)",
            rows.sources,
        )
        conn.executemany(
            "INSERT INTO statement_topics (statement_id, topic, created_at) VALUES (?, ?, ?)",
            rows.topics,
        )
        conn.executemany(
            "INSERT INTO statement_positions (statement_id, target, side, confidence,"
            " evidence, speaker_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows.positions,
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return {
        "statements": size.statements,
        "speakers": size.speakers,
        "topics": size.topics,
        "articles": size.articles,
        "seconds": time.perf_counter() - started,
        "bytes": path.stat().st_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="the SQLite file to write (replaced)")
    parser.add_argument("--statements", type=int, default=1_000_000)
    args = parser.parse_args()
    print(build_archive(args.out, ArchiveSize.scaled(args.statements)))


if __name__ == "__main__":
    main()
