"""Candidate speed-ups for the pages, timed against what the pages do now on the same data.

Proposals that have landed (filter choices from index probes, exports from plain rows) were
removed from here: the pages now run that code, and ``bench`` measures it directly.

Each proposal pairs the current code path ("now") with a drop-in alternative ("proposed")
that returns the same rows, so that the gain in BENCHMARKS.md is measured, not guessed.
The pages' modules own the change; this module only proves it (``bench --child proposals``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Substr

from timeline.bench.measure import quantiles, quiet_settings, timed

Case = tuple[Callable[[], object], Callable[[], object]]


# --- List: count and first page -----------------------------------------------------------


def list_now(values: dict) -> Callable[[], object]:
    from django.http import QueryDict

    from timeline.filters import ContactFilter
    from timeline.models import Contact

    query = QueryDict(f"country={values['country']}&topic={values['topic']}")

    def run() -> object:
        qs = ContactFilter(query, queryset=Contact.objects.public()).qs
        return qs.count(), [c.pk for c in qs.with_rows()[:50]]

    return run


def list_proposed(values: dict) -> Callable[[], object]:
    """Many-valued filters as EXISTS subqueries: no join fan-out, so no DISTINCT, and the
    count is a plain COUNT(*) over contacts."""
    from timeline.models import Contact, Participation

    through = Contact.topics.through

    def run() -> object:
        qs = Contact.objects.public().filter(
            Exists(Participation.objects.filter(contact=OuterRef("pk"), country=values["country"])),
            Exists(through.objects.filter(contact=OuterRef("pk"), topic__slug=values["topic"])),
        )
        return qs.count(), [c.pk for c in qs.with_rows()[:50]]

    return run


# --- Timeline at scale: monthly counts ------------------------------------------------------


def monthly_now() -> list[dict]:
    from timeline.models import Contact

    return Contact.objects.public().monthly_rows()


def monthly_proposed(top: int = 30) -> list[dict]:
    """Months as ``substr(date, 1, 7)`` (SQL) instead of TruncMonth (a Python function SQLite
    calls per row), rows limited to the ``top`` busiest leaders: the payload stays bounded
    (top x months x media points) however many contacts there are."""
    from timeline.models import Contact, Participation

    public = Contact.objects.public().values("id")
    base = Participation.objects.filter(contact__in=public, contact__date__isnull=False)
    leaders = list(
        base.values("leader_id").annotate(n=Count("id")).order_by("-n")[:top].values("leader_id")
    )
    return list(
        base.filter(leader_id__in=[r["leader_id"] for r in leaders])
        .annotate(month=Substr("contact__date", 1, 7))
        .values("leader__slug", "leader__name_ar", "leader__name_en", "month", "contact__medium")
        .annotate(n=Count("id"))
        .order_by("month")
    )


def _month_url(row: dict) -> str:
    """What the timeline view links each monthly point to (timeline.views._timeline)."""
    from timeline.charts import list_link

    return list_link("/contacts/", {}, leader=row["leader__slug"], start=str(row["month"]))


def figure_now() -> int:
    """Monthly rows -> figure -> JSON, as the timeline page builds it now; returns bytes."""
    from timeline.charts import monthly_timeline_figure

    figure = monthly_timeline_figure(monthly_now(), lang="ar", month_url=_month_url)
    return len(json.dumps(figure, cls=DjangoJSONEncoder, ensure_ascii=False).encode())


def figure_proposed(top: int = 30) -> int:
    """The same figure from the bounded rows of ``monthly_proposed``."""
    from timeline.charts import monthly_timeline_figure

    rows = [
        r | {"month": dt.date(int(r["month"][:4]), int(r["month"][5:7]), 1)}
        for r in monthly_proposed(top)
    ]
    figure = monthly_timeline_figure(rows, lang="ar", month_url=_month_url)
    return len(json.dumps(figure, cls=DjangoJSONEncoder, ensure_ascii=False).encode())


# --- Heatmap: country x topic ---------------------------------------------------------------


def facet_now() -> object:
    from timeline.models import Contact

    qs = Contact.objects.public()
    return qs.country_topic_counts(), qs.country_totals()


def facet_proposed() -> object:
    """Joins from the contact side with the public() conditions applied in place (no IN
    subquery, no LEFT JOIN), and names looked up afterwards from the small tables."""
    from timeline.models import Contact, Participation

    through = Contact.topics.through
    public = {"contact__merged_into__isnull": True}
    cells = list(
        through.objects.filter(**public)
        .exclude(contact__review_status="rejected")
        .values("contact__participations__country_id", "topic_id")
        .annotate(n=Count("contact_id", distinct=True))
        .order_by()
    )
    totals = list(
        Participation.objects.filter(**public)
        .exclude(contact__review_status="rejected")
        .values("country_id")
        .annotate(n=Count("contact_id", distinct=True))
        .order_by()
    )
    return cells, totals


def _comparable(answer: object) -> object:
    """Answers reduced to what both versions must agree on (bounded or renamed rows differ
    by design and compare as None)."""
    if isinstance(answer, str | tuple) and not _is_rows(answer):
        return answer
    if isinstance(answer, list) and answer and isinstance(answer[0], list):
        return [[getattr(x, "pk", x) for x in part] for part in answer]
    return None


def _size(answer: object) -> int | None:
    if isinstance(answer, int):
        return answer
    if isinstance(answer, list):
        return len(answer)
    if isinstance(answer, tuple) and isinstance(answer[0], list):
        return len(answer[0])
    return None


def _same(before: object, after: object) -> bool | None:
    return None if before is None or after is None else before == after


def _is_rows(answer: object) -> bool:
    return isinstance(answer, tuple) and any(
        isinstance(part, list) and part and isinstance(part[0], dict) for part in answer
    )


# --- Pre-aggregated rollups (heatmap and timeline at 1M) -----------------------------------

ROLLUP_PUBLIC = "c.review_status <> 'rejected' AND c.merged_into_id IS NULL AND c.date IS NOT NULL"
ROLLUPS = {
    "build rollup month x medium x country x topic": f"""
        CREATE TEMP TABLE r_ct AS SELECT substr(c.date, 1, 7) AS month, c.medium, p.country_id,
          ct.topic_id, count(DISTINCT c.id) AS n
        FROM timeline_contact c JOIN timeline_participation p ON p.contact_id = c.id
        JOIN timeline_contact_topics ct ON ct.contact_id = c.id WHERE {ROLLUP_PUBLIC}
        GROUP BY 1, 2, 3, 4""",
    "build rollup month x medium x leader": f"""
        CREATE TEMP TABLE r_l AS SELECT substr(c.date, 1, 7) AS month, c.medium, p.leader_id,
          count(*) AS n
        FROM timeline_contact c JOIN timeline_participation p ON p.contact_id = c.id
        WHERE {ROLLUP_PUBLIC} GROUP BY 1, 2, 3""",
    "heatmap from rollup, all dates": "SELECT country_id, topic_id, sum(n) FROM r_ct GROUP BY 1, 2",
    "heatmap from rollup, one year": """SELECT country_id, topic_id, sum(n) FROM r_ct
        WHERE month BETWEEN :start AND :end GROUP BY 1, 2""",
    "timeline months from rollup, top 30 leaders": """SELECT leader_id, month, medium, n
        FROM r_l WHERE leader_id IN (
          SELECT leader_id FROM r_l GROUP BY 1 ORDER BY sum(n) DESC LIMIT 30)""",
}


def measure_rollups(values: dict, reps: int = 3) -> dict:
    """Additive rollups built once (temporary tables), then the queries the heatmap and the
    monthly timeline would run on them instead of on the contacts."""
    params = {"start": values["start"][:7], "end": values["end"][:7]}
    out = {}
    with connection.cursor() as cursor:
        for name, sql in ROLLUPS.items():
            runs = 1 if sql.lstrip().startswith("CREATE") else reps

            def run(sql: str = sql) -> None:
                cursor.execute(sql, params if ":" in sql else ())
                cursor.fetchall()

            samples = [timed(run)[0] for _ in range(runs)]
            out[name] = quantiles(samples)
        cursor.execute("SELECT (SELECT count(*) FROM r_ct), (SELECT count(*) FROM r_l)")
        cells, leaders = cursor.fetchone()
        out["rollup rows"] = {"country x topic": cells, "leader": leaders}
        cursor.execute("DROP TABLE r_ct")
        cursor.execute("DROP TABLE r_l")
    return out


# --- Running them ---------------------------------------------------------------------------


def cases(values: dict) -> dict[str, Case]:
    return {
        "list count + page, country + topic": (list_now(values), list_proposed(values)),
        "timeline monthly rows": (monthly_now, monthly_proposed),
        "timeline monthly figure as JSON (bytes)": (figure_now, figure_proposed),
        "heatmap cells + totals": (facet_now, facet_proposed),
    }


def measure_proposals(values: dict, reps: int) -> dict:
    quiet_settings()
    out = {}
    for name, (now, proposed) in cases(values).items():
        before, after = now(), proposed()  # warm, and the answers compared
        out[name] = {
            "now": quantiles([timed(now)[0] for _ in range(reps)]),
            "proposed": quantiles([timed(proposed)[0] for _ in range(reps)]),
            "same_answer": _same(_comparable(before), _comparable(after)),
            "rows": [_size(before), _size(after)],
        }
    return out
