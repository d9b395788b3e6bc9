"""Fixtures shared across the test suite."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from types import SimpleNamespace

import pytest

from tests import factories
from timeline.models import Contact

PAIRS = [
    ("emmanuel-macron", "vladimir-putin"),
    ("recep-tayyip-erdogan", "vladimir-putin"),
    ("abdel-fattah-el-sisi", "emmanuel-macron"),
    ("joe-biden", "salman-bin-abdulaziz"),
]


@pytest.fixture
def make_contacts(db) -> Callable[[int], list[Contact]]:
    """Builds ``n`` varied contacts: rotating pairs, media, topics and months."""

    def make(n: int) -> list[Contact]:
        media = itertools.cycle(["phone", "meeting", "video", "message"])
        topics = itertools.cycle([("libya",), ("syria", "covid-19"), (), ("economy-trade",)])
        return [
            factories.contact(
                *PAIRS[i % len(PAIRS)],
                date=dt.date(2019, 1, 1) + dt.timedelta(days=17 * i),
                medium=next(media),
                topics=next(topics),
                initiator=factories.LEADERS[PAIRS[i % len(PAIRS)][0]][2],
            )
            for i in range(n)
        ]

    return make


@pytest.fixture
def sample(db) -> SimpleNamespace:
    """A small, named world: two Macron–Putin calls, an Erdogan–Putin meeting, a rejected
    contact and one merged into another."""
    text = "قال الكرملين إن الرئيس فلاديمير بوتين أجرى اتصالا هاتفيا مع إيمانويل ماكرون بشأن ليبيا."
    start = text.index("اتصالا هاتفيا")
    source = factories.article(text, title="بوتين وماكرون", outlet="Kremlin News")
    call = factories.contact(
        "emmanuel-macron",
        "vladimir-putin",
        date=dt.date(2020, 3, 5),
        initiator="RU",
        topics=("libya",),
        source=source,
        evidence=[
            {
                "field": "medium",
                "start": start,
                "end": start + len("اتصالا هاتفيا"),
                "text": "اتصالا هاتفيا",
            }
        ],
    )
    later = factories.contact(
        "emmanuel-macron", "vladimir-putin", date=dt.date(2020, 6, 1), topics=("covid-19",)
    )
    meeting = factories.contact(
        "recep-tayyip-erdogan",
        "vladimir-putin",
        date=dt.date(2019, 9, 16),
        medium="meeting",
        topics=("syria",),
        review_status=Contact.Review.VERIFIED,
    )
    rejected = factories.contact(
        "joe-biden", "salman-bin-abdulaziz", review_status=Contact.Review.REJECTED
    )
    merged = factories.contact("emmanuel-macron", "vladimir-putin", date=dt.date(2020, 3, 5))
    merged.merged_into = call
    merged.save()
    return SimpleNamespace(
        call=call, later=later, meeting=meeting, rejected=rejected, merged=merged
    )
