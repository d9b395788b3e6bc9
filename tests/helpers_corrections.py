"""Reference rows and extraction results written for the correction-workflow tests."""

from __future__ import annotations

import datetime as dt

from timeline.extract.types import DateGuess, Document, Evidence, ExtractedContact, LeaderRef
from timeline.models import Contact, Country, Leader, Topic

LEADERS = {
    "emmanuel-macron": ("Emmanuel Macron", "إيمانويل ماكرون", "FR"),
    "abdel-fattah-el-sisi": ("Abdel Fattah el-Sisi", "عبد الفتاح السيسي", "EG"),
    "joe-biden": ("Joe Biden", "جو بايدن", "US"),
}

TEXT = (
    "أجرى الرئيس عبد الفتاح السيسي اتصالا هاتفيا مع الرئيس الفرنسي إيمانويل ماكرون "
    "يوم الاثنين، وبحث الجانبان تعزيز التعاون الاقتصادي والتبادل التجاري بين البلدين."
)


def make_reference() -> None:
    for code, name in (("FR", "France"), ("EG", "Egypt"), ("US", "United States")):
        Country.objects.create(code=code, name_en=name, name_ar=name)
    for slug, (name_en, name_ar, country) in LEADERS.items():
        Leader.objects.create(slug=slug, name_en=name_en, name_ar=name_ar, country_id=country)
    Topic.objects.create(slug="trade", name_en="Trade", keywords_ar="التبادل التجاري")
    Topic.objects.create(slug="gaza", name_en="Gaza", keywords_ar="غزة")


def ref(slug: str) -> LeaderRef:
    name_en, name_ar, country = LEADERS[slug]
    return LeaderRef(slug=slug, name_ar=name_ar, name_en=name_en, country=country)


def extracted(
    *slugs: str,
    medium: str = "phone",
    day: dt.date | None = dt.date(2024, 3, 4),
    rule: str = "weekday",
    precision: str | None = "day",
    topics: tuple[str, ...] = ("trade",),
    initiator: str | None = "EG",
    confidence: float = 0.9,
) -> ExtractedContact:
    slugs = slugs or ("abdel-fattah-el-sisi", "emmanuel-macron")
    return ExtractedContact(
        participants=tuple(ref(slug) for slug in slugs),
        medium=medium,
        initiator=initiator,
        date=DateGuess(value=day, precision=precision, rule=rule, raw="يوم الاثنين"),
        topics=topics,
        confidence=confidence,
        evidence=(Evidence(field="medium", start=27, end=39, text=TEXT[27:39]),),
    )


def document(text: str = TEXT, *, url: str = "", published: dt.date | None = None) -> Document:
    return Document(
        text=text,
        title="اتصال هاتفي",
        published=published or dt.date(2024, 3, 5),
        url=url,
        outlet="test",
        source_name="test.txt",
    )


def other_text(n: int) -> str:
    """Another article telling of the same call, distinct text each time."""
    return TEXT + f" وأضاف المتحدث في البيان رقم {n} أن الاتصال تناول العلاقات الثنائية."


def only_contact() -> Contact:
    return Contact.objects.get()
