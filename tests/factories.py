"""Small builders for test data through the ORM: each call makes what a test needs and
nothing more, with sensible defaults a test overrides by keyword."""

from __future__ import annotations

import datetime as dt
import itertools

from timeline.models import Article, Contact, Country, Leader, Participation, Report, Topic

_serial = itertools.count(1)

COUNTRIES = {
    "FR": ("France", "فرنسا"),
    "RU": ("Russia", "روسيا"),
    "TR": ("Turkey", "تركيا"),
    "EG": ("Egypt", "مصر"),
    "SA": ("Saudi Arabia", "السعودية"),
    "US": ("United States", "الولايات المتحدة"),
}
LEADERS = {
    "emmanuel-macron": ("Emmanuel Macron", "إيمانويل ماكرون", "FR"),
    "vladimir-putin": ("Vladimir Putin", "فلاديمير بوتين", "RU"),
    "recep-tayyip-erdogan": ("Recep Tayyip Erdogan", "رجب طيب أردوغان", "TR"),
    "abdel-fattah-el-sisi": ("Abdel Fattah el-Sisi", "عبد الفتاح السيسي", "EG"),
    "salman-bin-abdulaziz": ("Salman bin Abdulaziz", "سلمان بن عبدالعزيز", "SA"),
    "joe-biden": ("Joe Biden", "جو بايدن", "US"),
}
TOPICS = {
    "libya": ("Libya", "ليبيا"),
    "syria": ("Syria", "سوريا"),
    "covid-19": ("COVID-19", "كوفيد-19"),
    "economy-trade": ("Economy and trade", "الاقتصاد والتجارة"),
}


def country(code: str = "FR") -> Country:
    name_en, name_ar = COUNTRIES.get(code, (code, code))
    return Country.objects.get_or_create(
        code=code, defaults={"name_en": name_en, "name_ar": name_ar}
    )[0]


def leader(slug: str = "emmanuel-macron") -> Leader:
    name_en, name_ar, code = LEADERS[slug]
    return Leader.objects.get_or_create(
        slug=slug, defaults={"name_en": name_en, "name_ar": name_ar, "country": country(code)}
    )[0]


def topic(slug: str = "libya") -> Topic:
    name_en, name_ar = TOPICS.get(slug, (slug, slug))
    return Topic.objects.get_or_create(
        slug=slug, defaults={"name_en": name_en, "name_ar": name_ar}
    )[0]


def article(
    text: str = "أجرى الرئيس اتصالا هاتفيا بنظيره.",
    *,
    title: str = "",
    outlet: str = "Test News",
    url: str = "",
    published: dt.date | None = dt.date(2020, 5, 1),
) -> Article:
    n = next(_serial)
    return Article.objects.create(
        text=text,
        title=title or f"Article {n}",
        outlet=outlet,
        url=url or f"https://news.example/{n}",
        published=published,
        content_hash=f"hash-{n}",
    )


def contact(
    *leaders: str,
    date: dt.date | None = dt.date(2020, 5, 1),
    precision: str = "day",
    medium: str = "phone",
    initiator: str | None = None,
    topics: tuple[str, ...] = (),
    review_status: str = Contact.Review.UNREVIEWED,
    confidence: float = 0.8,
    source: Article | None = None,
    evidence: list[dict] | None = None,
) -> Contact:
    """A contact between ``leaders`` (slugs), told by one report of ``source``."""
    people = [leader(slug) for slug in (leaders or ("emmanuel-macron", "vladimir-putin"))]
    made = Contact.objects.create(
        pair_key="|".join(sorted(p.slug for p in people)),
        medium=medium,
        initiator=country(initiator) if initiator else None,
        date=date,
        date_precision=precision if date else "",
        confidence=confidence,
        review_status=review_status,
    )
    for person in people:
        Participation.objects.create(contact=made, leader=person, country=person.country)
    made.topics.set([topic(slug) for slug in topics])
    source = source or article()
    Report.objects.create(
        article=source,
        contact=made,
        signature=f"sig-{next(_serial)}",
        participants=[{"leader": p.slug, "country": p.country_id} for p in people],
        medium=medium,
        initiator=initiator,
        date=date,
        date_precision=precision if date else "",
        topics=list(topics),
        confidence=confidence,
        evidence=evidence or [],
    )
    return made
