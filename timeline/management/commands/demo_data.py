"""Random but reproducible contacts for looking at the pages with many points.

    python manage.py demo_data --contacts 2000 --seed 7

Demo articles have a content hash starting with ``demo-``; ``--clear`` removes them and their
contacts before adding new ones. Real ingested data is never touched.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from timeline.models import Article, Contact, Country, Leader, Participation, Report, Topic

DEMO_LEADERS = [
    ("emmanuel-macron", "Emmanuel Macron", "إيمانويل ماكرون", "FR", "France", "فرنسا"),
    ("vladimir-putin", "Vladimir Putin", "فلاديمير بوتين", "RU", "Russia", "روسيا"),
    ("recep-tayyip-erdogan", "Recep Tayyip Erdogan", "رجب طيب أردوغان", "TR", "Turkey", "تركيا"),
    ("abdel-fattah-el-sisi", "Abdel Fattah el-Sisi", "عبد الفتاح السيسي", "EG", "Egypt", "مصر"),
    ("salman-bin-abdulaziz", "Salman bin Abdulaziz", "سلمان بن عبدالعزيز", "SA", "Saudi Arabia",
     "السعودية"),
    ("angela-merkel", "Angela Merkel", "أنجيلا ميركل", "DE", "Germany", "ألمانيا"),
    ("hassan-rouhani", "Hassan Rouhani", "حسن روحاني", "IR", "Iran", "إيران"),
    ("abdullah-ii", "Abdullah II", "عبدالله الثاني", "JO", "Jordan", "الأردن"),
]  # fmt: skip
TEMPLATE = "{lead} أجرى {who} {medium} مع {other}، وبحث الجانبان {topic}. وقال البيان إن {date}."
MEDIUM_AR = {
    "phone": "اتصالا هاتفيا",
    "video": "اتصالا مرئيا",
    "meeting": "لقاء",
    "message": "رسالة",
}


class Command(BaseCommand):
    help = "Add random, reproducible demo contacts (for looking at the pages)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contacts", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--clear", action="store_true", help="remove earlier demo data first")

    @transaction.atomic
    def handle(self, *args, contacts: int, seed: int, clear: bool, **options) -> None:
        if clear:
            demo = Article.objects.filter(content_hash__startswith="demo-")
            Contact.objects.filter(reports__article__in=demo).delete()
            demo.delete()
        rng = random.Random(seed)
        leaders = _leaders()
        topics = list(Topic.objects.all()) or [_topic()]
        start = Article.objects.filter(content_hash__startswith="demo-").count()
        for n in range(start, start + contacts):
            _make_contact(rng, n, leaders, topics)
        self.stdout.write(f"created {contacts} demo contacts")


def _leaders() -> list[Leader]:
    found = list(Leader.objects.filter(is_candidate=False).select_related("country")[:40])
    if len(found) >= 6:
        return found
    for slug, name_en, name_ar, code, country_en, country_ar in DEMO_LEADERS:
        country, _ = Country.objects.get_or_create(
            code=code, defaults={"name_en": country_en, "name_ar": country_ar}
        )
        Leader.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_ar": name_ar, "country": country}
        )
    return list(Leader.objects.filter(is_candidate=False).select_related("country")[:40])


def _topic() -> Topic:
    return Topic.objects.get_or_create(
        slug="libya", defaults={"name_en": "Libya", "name_ar": "ليبيا"}
    )[0]


def _make_contact(rng: random.Random, n: int, leaders: list[Leader], topics: list[Topic]) -> None:
    # A few leaders talk far more than others, as in real news.
    weights = [1 / (i + 1) for i in range(len(leaders))]
    first = rng.choices(leaders, weights)[0]
    second = rng.choice([leader for leader in leaders if leader.pk != first.pk])
    medium = rng.choices(list(MEDIUM_AR), [6, 1, 3, 1])[0]
    date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
    chosen = rng.sample(topics, k=min(len(topics), rng.choice([1, 1, 2, 3])))
    text = TEMPLATE.format(
        lead="أعلنت الرئاسة أن الرئيس",
        who=first.name_ar,
        medium=MEDIUM_AR[medium],
        other=second.name_ar,
        topic=" و".join(t.name_ar or t.name_en for t in chosen),
        date=f"الاتصال جرى يوم {date.isoformat()}",
    )
    article = Article.objects.create(
        text=text,
        title=f"{first.name_ar} و{second.name_ar}",
        outlet=rng.choice(["وكالة الأنباء", "صحيفة اليوم", "الشبكة الإخبارية"]),
        url=f"https://demo.example/{n}",
        published=date + dt.timedelta(days=rng.choice([0, 0, 1])),
        content_hash=f"demo-{n}",
    )
    initiator = rng.choice([first.country_id, second.country_id, None])
    contact = Contact.objects.create(
        pair_key="|".join(sorted([first.slug, second.slug])),
        medium=medium,
        initiator_id=initiator,
        date=date,
        date_precision=rng.choices(["day", "month", "year"], [8, 1, 1])[0],
        confidence=round(rng.uniform(0.4, 0.99), 2),
        review_status=rng.choices(["unreviewed", "verified", "rejected"], [6, 3, 1])[0],
    )
    Participation.objects.bulk_create(
        Participation(contact=contact, leader=p, country=p.country) for p in (first, second)
    )
    contact.topics.set(chosen)
    _report(article, contact, first, second, chosen, text)


def _report(article, contact, first, second, topics, text: str) -> None:
    evidence = []
    for field, needle in (
        ("participants", first.name_ar),
        ("participants", second.name_ar),
        ("medium", MEDIUM_AR[contact.medium]),
        ("date", "يوم"),
    ):
        start = text.find(needle)
        if start >= 0:
            evidence.append(
                {"field": field, "start": start, "end": start + len(needle), "text": needle}
            )
    Report.objects.create(
        article=article,
        contact=contact,
        signature=f"demo-{contact.pk}",
        participants=[{"leader": p.slug, "country": p.country_id} for p in (first, second)],
        medium=contact.medium,
        initiator=contact.initiator_id,
        date=contact.date,
        date_precision=contact.date_precision,
        topics=[t.slug for t in topics],
        confidence=contact.confidence,
        evidence=evidence,
    )
