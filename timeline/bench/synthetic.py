"""Synthetic contacts shaped like real news, reproducible from a seed, written fast.

The shapes follow what the development corpus shows: a few leaders and outlets account for
most contacts and reports (Zipf weights), most contacts have two participants, phone calls
and meetings dominate, each contact is told by one to a dozen articles, and an article may
tell of more than one contact. Texts are short Arabic articles assembled from news phrasing.

``generate`` is pure (no Django): it takes the reference rows and yields batches of plain
tuples in table-column order; ``write`` inserts them with ``executemany`` in one transaction.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

STAMP = "2026-01-01 00:00:00"
MEDIA = (("phone", 0.45), ("meeting", 0.33), ("video", 0.12), ("message", 0.10))
PRECISIONS = (("day", 0.86), ("month", 0.11), ("year", 0.03))
REVIEWS = (("unreviewed", 0.88), ("verified", 0.10), ("rejected", 0.02))
TOPIC_COUNTS = ((0, 0.15), (1, 0.50), (2, 0.25), (3, 0.10))
FIRST_YEAR, LAST_YEAR = 2012, 2025
OUTLETS = 80  # a national press plus wires and regional channels

VERBS = {
    "phone": "أجرى {a} اتصالا هاتفيا مع {b}",
    "video": "عقد {a} اتصالا مرئيا عبر تقنية الاتصال المرئي مع {b}",
    "meeting": "استقبل {a} في قصره {b}",
    "message": "بعث {a} رسالة خطية إلى {b}",
}
TOPIC_PHRASE = "وبحث الجانبان {t}"
FILLER = (
    "وجرى خلال الاتصال استعراض العلاقات الثنائية بين البلدين الشقيقين وسبل تعزيزها.",
    "كما تم تبادل وجهات النظر حول آخر المستجدات الإقليمية والدولية.",
    "وأكد الجانبان حرصهما على مواصلة التنسيق والتشاور إزاء القضايا ذات الاهتمام المشترك.",
    "ونقل الرئيس تحيات شعبه وتمنياته للشعب الصديق بمزيد من التقدم والازدهار.",
    "وأعرب عن تقديره للمواقف الداعمة التي تتخذها بلاده في المحافل الدولية.",
    "وحضر اللقاء عدد من الوزراء وكبار المسؤولين في البلدين.",
    "ووجه الدعوة لنظيره لزيارة البلاد في أقرب وقت ممكن، وقد رحب بالدعوة.",
    "وشدد على أهمية تكثيف الجهود المشتركة لتحقيق الأمن والاستقرار في المنطقة.",
    "وتناول الاتصال فرص الاستثمار وتوسيع التبادل التجاري بين البلدين.",
    "وأشاد بالتطور الذي تشهده العلاقات في مختلف المجالات.",
)
SIZES = {"k": 1_000, "m": 1_000_000}


def parse_size(text: str) -> int:
    """``"10k"`` -> 10000, ``"1m"`` -> 1000000, ``"2500"`` -> 2500."""
    text = text.strip().lower()
    if text and text[-1] in SIZES:
        return int(float(text[:-1]) * SIZES[text[-1]])
    return int(text)


@dataclass(frozen=True)
class Reference:
    """The reference rows the generator draws from: (id, slug, country, name_ar) per leader,
    (id, slug, name_ar) per topic."""

    leaders: Sequence[tuple[int, str, str, str]]
    topics: Sequence[tuple[int, str, str]]


def synthetic_reference(leaders: int = 40, topics: int = 20) -> Reference:
    """A stand-in for the reference tables (tests, or a database without leaders.json)."""
    return Reference(
        leaders=[
            (i, f"leader-{i}", f"C{i % 30:02d}", f"القائد {i}") for i in range(1, leaders + 1)
        ],
        topics=[(i, f"topic-{i}", f"الموضوع {i}") for i in range(1, topics + 1)],
    )


class Weighted:
    """Draws from ``items`` with fixed weights in O(log n), sharing one seeded ``Random``."""

    def __init__(self, items: Sequence, weights: Sequence[float], rng: random.Random) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.rng = rng

    @classmethod
    def of(cls, pairs: Sequence[tuple], rng: random.Random) -> Weighted:
        return cls([p[0] for p in pairs], [p[1] for p in pairs], rng)

    @classmethod
    def zipf(cls, items: Sequence, rng: random.Random, s: float = 1.1) -> Weighted:
        """Heavy-tailed: the k-th item (in a seeded shuffled order) weighs 1/k**s."""
        order = list(items)
        rng.shuffle(order)
        return cls(order, [1 / (k**s) for k in range(1, len(order) + 1)], rng)

    def __call__(self):
        return self.items[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]


@dataclass
class Batch:
    """Rows for each table, as tuples in the column order of ``COLUMNS``."""

    article: list[tuple] = field(default_factory=list)
    contact: list[tuple] = field(default_factory=list)
    participation: list[tuple] = field(default_factory=list)
    contact_topics: list[tuple] = field(default_factory=list)
    report: list[tuple] = field(default_factory=list)


COLUMNS = {
    "article": "id text title url outlet published source_name content_hash ingested_at updated_at",
    "contact": "id pair_key medium initiator_id date date_precision historical confidence "
    "review_status human_fields merged_into_id created_at updated_at",
    "participation": "contact_id leader_id country_id",
    "contact_topics": "contact_id topic_id",
    "report": "article_id contact_id signature participants medium initiator date "
    "date_precision date_rule date_raw topics historical confidence evidence "
    "placed_by_person created_at",
}


class Generator:
    """Generates contacts one by one; ``batches`` groups them for writing."""

    def __init__(self, reference: Reference, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        self.seed = seed
        self.leader = Weighted.zipf(reference.leaders, rng, s=1.05)
        self.topic = Weighted.zipf(reference.topics, rng, s=0.9)
        self.outlet = Weighted.zipf([f"outlet-{i:02d}" for i in range(1, OUTLETS + 1)], rng, 1.2)
        self.medium = Weighted.of(MEDIA, rng)
        self.precision = Weighted.of(PRECISIONS, rng)
        self.review = Weighted.of(REVIEWS, rng)
        self.topic_count = Weighted.of(TOPIC_COUNTS, rng)
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        # News volume grows over the years covered.
        self.year = Weighted(list(years), [1 + (y - FIRST_YEAR) * 0.25 for y in years], rng)
        self.article_id = 0
        self.open_articles: list[tuple[int, str, set[str]]] = []
        self.last_date: dt.date | None = None

    def participants(self) -> list[tuple[int, str, str, str]]:
        size = 2 if self.rng.random() < 0.95 else self.rng.choice((3, 3, 4))
        chosen: dict[int, tuple] = {}
        while len(chosen) < size:
            leader = self.leader()
            chosen.setdefault(leader[0], leader)
        return list(chosen.values())

    def date(self) -> tuple[dt.date | None, str]:
        if self.rng.random() < 0.005:
            return None, ""
        year = self.year()
        day = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        precision = self.precision()
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        return day, precision

    def contact(self, contact_id: int, batch: Batch) -> None:
        rng = self.rng
        people = self.participants()
        medium = self.medium()
        date, precision = self.date()
        self.last_date = date
        initiator = rng.choice(people)[2] if rng.random() < 0.55 else None
        topics = {self.topic() for _ in range(self.topic_count())}
        review = self.review()
        merged = rng.randrange(1, contact_id) if contact_id > 1 and rng.random() < 0.005 else None
        historical = rng.random() < 0.03
        confidence = round(rng.uniform(0.5, 0.99), 3)
        slugs = sorted(p[1] for p in people)
        batch.contact.append(
            (contact_id, "|".join(slugs), medium, initiator, _iso(date), precision, historical,
             confidence, review, "[]", merged, STAMP, STAMP)
        )  # fmt: skip
        batch.participation.extend((contact_id, p[0], p[2]) for p in people)
        batch.contact_topics.extend((contact_id, t[0]) for t in topics)
        self.reports(contact_id, people, medium, date, precision, initiator, topics, batch)

    def report_count(self) -> int:
        """1 + a geometric tail: most contacts have one to three reports, a few a dozen."""
        n = 1
        while n < 12 and self.rng.random() < 0.55:
            n += 1
        return n

    def reports(self, contact_id, people, medium, date, precision, initiator, topics, batch):
        rng = self.rng
        topic_slugs = sorted(t[1] for t in topics)
        participants = json.dumps(
            [{"leader": p[1], "name_ar": p[3], "country": p[2]} for p in people],
            ensure_ascii=False,
        )
        used: set[int] = set()
        for _ in range(self.report_count()):
            said = medium if rng.random() < 0.9 else self.medium()
            signature = f"{'|'.join(sorted(p[1] for p in people))}|{said}|{_iso(date) or '-'}|c"
            article_id, text = self.article_for(people, medium, topics, signature, batch)
            if article_id in used:
                continue
            used.add(article_id)
            evidence = json.dumps(
                [{"field": "trigger", "start": 0, "end": 40, "text": text[:40]}], ensure_ascii=False
            )
            batch.report.append(
                    (article_id, contact_id, signature,
                 participants, said, initiator, _iso(date), precision, "explicit", "",
                 json.dumps(topic_slugs), False, round(rng.uniform(0.5, 0.99), 3), evidence,
                 False, STAMP)
            )  # fmt: skip

    def article_for(self, people, medium, topics, signature: str, batch: Batch):
        """A new article, or (a third of the time) one already telling of another contact."""
        if self.open_articles and self.rng.random() < 0.33:
            article_id, text, signatures = self.rng.choice(self.open_articles)
            if signature not in signatures:
                signatures.add(signature)
                return article_id, text
        self.article_id += 1
        article_id = self.article_id
        text = self.text(people, medium, topics)
        outlet = self.outlet()
        published = (self.last_date or dt.date(LAST_YEAR, 6, 1)) + dt.timedelta(
            days=self.rng.randrange(3)
        )
        digest = hashlib.sha256(f"{self.seed}:{article_id}".encode()).hexdigest()
        batch.article.append(
            (article_id, text, text.split("،")[0][:200], f"https://{outlet}.example/n/{article_id}",
             outlet, published.isoformat(), "", digest, STAMP, STAMP)
        )  # fmt: skip
        self.open_articles = [*self.open_articles[-19:], (article_id, text, {signature})]
        return article_id, text

    def text(self, people, medium, topics) -> str:
        a, b = people[0][3], "، ".join(p[3] for p in people[1:])
        parts = [VERBS[medium].format(a=a, b=b) + "،"]
        if topics:
            parts.append(TOPIC_PHRASE.format(t=" و".join(t[2] for t in topics)) + ".")
        parts.extend(self.rng.sample(FILLER, self.rng.randint(2, 5)))
        return " ".join(parts)

    def batches(self, contacts: int, size: int = 20_000) -> Iterator[Batch]:
        for start in range(1, contacts + 1, size):
            batch = Batch()
            for contact_id in range(start, min(start + size, contacts + 1)):
                self.contact(contact_id, batch)
            yield batch


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def generate(reference: Reference, *, contacts: int, seed: int = 7) -> Iterator[Batch]:
    """Batches of rows for ``contacts`` contacts; the same seed gives the same rows."""
    return Generator(reference, seed).batches(contacts)


def write(path: Path, batches: Iterator[Batch], tables: dict[str, str]) -> dict[str, int]:
    """Insert every batch into the SQLite file at ``path`` in one transaction.

    ``tables`` maps the names in ``COLUMNS`` to real table names. Raw ``executemany`` on one
    connection, with synchronous writes off for the load: a million contacts in minutes.
    """
    counts = dict.fromkeys(COLUMNS, 0)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-400000")
        db.execute("BEGIN")
        for batch in batches:
            for name, columns in COLUMNS.items():
                rows = getattr(batch, name)
                cols = columns.split()
                sql = (
                    f"INSERT INTO {tables[name]} ({', '.join(cols)}) "
                    f"VALUES ({', '.join('?' * len(cols))})"
                )
                db.executemany(sql, rows)
                counts[name] += len(rows)
        db.execute("COMMIT")
    finally:
        db.close()
    return counts
