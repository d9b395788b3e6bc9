"""Measurements behind ``manage.py bench``. Each runs inside a child process whose
DATABASE_URL points at the database it measures, and returns plain data (JSON-able).

Server time is the time Django's test ``Client`` takes to answer in-process (middleware,
views, queries, templates; streamed bodies consumed), warm, over ``reps`` repetitions.
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client


def quantiles(samples: list[float]) -> dict:
    """p50 and p95 in milliseconds (nearest rank: with few samples p95 is the slowest)."""
    ordered = sorted(samples)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]

    cpu = sorted(getattr(s, "cpu", s) for s in samples)
    return {
        "p50": round(rank(0.5) * 1000, 1),
        "p95": round(rank(0.95) * 1000, 1),
        "mean": round(statistics.fmean(ordered) * 1000, 1),
        "cpu_p50": round(cpu[len(cpu) // 2] * 1000, 1),
        "n": len(ordered),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def quiet_settings() -> None:
    """Measure as in production: no SQL query log, no template debug information."""
    settings.DEBUG = False


class Sample(float):
    """Wall seconds, carrying the process CPU seconds of the same stretch: on a machine
    shared with other work, CPU time shows what the wall time would be without them."""

    cpu: float

    @classmethod
    def of(cls, wall: float, cpu: float) -> Sample:
        sample = cls(wall)
        sample.cpu = cpu
        return sample


def timed(fn: Callable[[], object]) -> tuple[Sample, object]:
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return Sample.of(time.perf_counter() - started, time.process_time() - cpu), result


def timed_get(client: Client, url: str) -> tuple[Sample, int, int]:
    """(time, status, body bytes) for one request, streamed bodies read to the end."""

    def get() -> tuple[int, int]:
        response = client.get(url)
        if response.streaming:
            return response.status_code, sum(len(c) for c in response.streaming_content)
        return response.status_code, len(response.content)

    sample, (status, size) = timed(get)
    return sample, status, size


def counted_get(client: Client, url: str) -> tuple[int, int, int]:
    """(status, body bytes, SQL queries run) for one request."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        _, status, size = timed_get(client, url)
    return status, size, count


def measure_url(client: Client, url: str, reps: int) -> dict:
    timed_get(client, url)  # warm: imports, template loading, SQLite page cache
    status, size, queries = counted_get(client, url)
    samples = [timed_get(client, url)[0] for _ in range(reps)]
    return {"url": url, "status": status, "bytes": size, "queries": queries} | quantiles(samples)


def filter_values() -> dict:
    """The busiest country, topic and leader: the filters that select the most contacts."""
    from django.db.models import Count

    from timeline.models import Contact, Participation

    through = Contact.topics.through
    country = (
        Participation.objects.values("country_id").annotate(n=Count("id")).order_by("-n")[0]
    )["country_id"]
    topic = (
        through.objects.values("topic__slug", "topic_id").annotate(n=Count("id")).order_by("-n")[0]
    )
    leader = (
        Participation.objects.values("leader__slug").annotate(n=Count("id")).order_by("-n")[0]
    )["leader__slug"]
    dates = Contact.objects.exclude(date=None).order_by("-date").values_list("date", flat=True)
    last = dates[0]
    return {
        "country": country,
        "topic": topic["topic__slug"],
        "topic_id": topic["topic_id"],
        "leader": leader,
        "start": dt.date(last.year - 1, 1, 1).isoformat(),
        "end": dt.date(last.year - 1, 12, 31).isoformat(),
    }


def page_cases(values: dict) -> list[tuple[str, str]]:
    country_topic = f"country={values['country']}&topic={values['topic']}"
    year = f"start={values['start']}&end={values['end']}"
    return [
        ("dashboard", "/"),
        ("dashboard, country", f"/?country={values['country']}"),
        ("dashboard, topic", f"/?topic={values['topic']}"),
        ("dashboard, country + topic", f"/?{country_topic}"),
        ("timeline", "/timeline/"),
        ("timeline, leader + year", f"/timeline/?leader={values['leader']}&{year}"),
        ("timeline, topic", f"/timeline/?topic={values['topic']}"),
        ("timeline, country + topic", f"/timeline/?{country_topic}"),
        ("heatmap", "/heatmap/"),
        ("heatmap, year", f"/heatmap/?{year}"),
        ("heatmap, leader", f"/heatmap/?leader={values['leader']}"),
        ("heatmap, country", f"/heatmap/?country={values['country']}"),
        ("heatmap, topic", f"/heatmap/?topic={values['topic']}"),
        ("heatmap, country + topic", f"/heatmap/?{country_topic}"),
        ("heatmap, leader x leader", "/heatmap/?view=leaders"),
        (
            "heatmap, leader x leader, one leader",
            f"/heatmap/?view=leaders&leader={values['leader']}",
        ),
        ("leader page", f"/leaders/{values['leader']}/"),
        ("list", "/contacts/"),
        ("list, country + topic", f"/contacts/?{country_topic}"),
        ("list, country + topic, page 20", f"/contacts/?{country_topic}&page=20"),
        ("export CSV, leader + year", f"/export.csv?leader={values['leader']}&{year}"),
    ]


def contact_ids(count: int, seed: int = 1) -> list[int]:
    """Public contacts spread over the table, the same ones for the same data."""
    from timeline.models import Contact

    total = Contact.objects.order_by("-id").values_list("id", flat=True).first() or 0
    step = max(1, total // (count + 1))
    ids = list(range(seed, total + 1, step))[:count]
    public = set(Contact.objects.public().filter(id__in=ids).values_list("id", flat=True))
    return [i for i in ids if i in public]


def measure_contact_pages(client: Client, reps: int) -> dict:
    ids = contact_ids(max(reps, 5))
    for pk in ids[:2]:
        timed_get(client, f"/contacts/{pk}/")
    status, size, queries = counted_get(client, f"/contacts/{ids[0]}/")
    samples = [timed_get(client, f"/contacts/{pk}/")[0] for pk in ids[:reps]]
    url = f"/contacts/<{len(samples)} ids>/"
    return {"url": url, "status": status, "bytes": size, "queries": queries} | quantiles(samples)


def measure_queries(values: dict, reps: int) -> dict:
    """The facet and list queries alone (no template), as the pages run them, for the
    Datasette ratio; and the facet counted from the contacts, as a filtered heatmap does."""
    from django.http import QueryDict

    from timeline.filters import ContactFilter
    from timeline.models import Contact
    from timeline.paging import list_page
    from timeline.querysets import TalliedContacts, TallyScope

    def facet() -> None:
        counts = TalliedContacts(TallyScope())
        counts.country_topic_counts()
        counts.country_totals()

    def facet_live() -> None:
        contacts = Contact.objects.public()
        contacts.country_topic_counts()
        contacts.country_totals()

    def page() -> None:
        query = QueryDict(f"country={values['country']}&topic={values['topic']}")
        filterset = ContactFilter(query, queryset=Contact.objects.public())
        page = list_page(filterset, filterset.qs, query)
        list(page.object_list)

    return {
        "facet query": _timed(facet, reps),
        "facet query, from the contacts": _timed(facet_live, reps),
        "list query, country + topic": _timed(page, reps),
    }


def _timed(fn: Callable[[], None], reps: int) -> dict:
    fn()
    return quantiles([timed(fn)[0] for _ in range(reps)])


def measure_pages(reps: int) -> dict:
    quiet_settings()
    # Set up as gunicorn loads the site (config/wsgi.py), garbage collector settings included.
    import config.wsgi  # noqa: F401

    client = Client()
    values = filter_values()
    results = {name: measure_url(client, url, reps) for name, url in page_cases(values)}
    results["contact page"] = measure_contact_pages(client, reps)
    results |= measure_queries(values, reps)
    return {"filters": values, "pages": results, "peak_rss_mb": peak_rss_mb()}


def measure_export(url: str = "/export.csv") -> dict:
    """One full export streamed through the test client: time, lines, peak memory."""
    quiet_settings()
    client = Client()
    timed_get(client, "/export.csv?start=2100-01-01")  # imports and first queries
    baseline = peak_rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    return {
        "url": url,
        "seconds": round(seconds, 2),
        "lines": lines,
        "mb": round(size / 1e6, 1),
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
    }


def corpus_paths(base: Path) -> list[Path]:
    """The development corpus when it is there, else the seeds."""
    corpus = base.parent / "shared" / "corpus"
    if corpus.is_dir() and any(corpus.iterdir()):
        return sorted(p for p in corpus.iterdir() if p.is_dir())
    return [base / "seeds"]


def measure_extraction(paths: list[Path], rounds: int = 3) -> dict:
    """Articles per second of ``extract_document`` on one core, documents already read."""
    from timeline.extract.contacts import extract_document
    from timeline.extract.readers import read_paths
    from timeline.extract.types import Document

    documents = [d for d in read_paths(paths) if isinstance(d, Document)]
    for document in documents:  # warm: lexicons, gazetteer, camel-tools tables
        extract_document(document)
    started = time.perf_counter()
    contacts = 0
    for _ in range(rounds):
        for document in documents:
            contacts += len(extract_document(document))
    seconds = time.perf_counter() - started
    articles = len(documents) * rounds
    return {
        "articles": articles,
        "contacts": contacts // rounds,
        "seconds": round(seconds, 2),
        "per_second": round(articles / seconds, 1),
    }


def measure_ingest(paths: list[Path], jobs: int) -> dict:
    """Articles per second of ``ingest_paths`` into this (fresh) database."""
    from django.core.management import call_command

    from timeline.batch import default_extractor, ingest_paths
    from timeline.reference import load_reference

    quiet_settings()
    call_command("migrate", verbosity=0)
    load_reference()
    # Imported before the clock starts, as a server or a long ingest has them: camel-tools
    # builds its character tables on import (0.12 s, a fifth of this corpus's ingest).
    import timeline.extract.contacts  # noqa: F401

    # Building the extractor (the gazetteer and lexicons from the database) is a fixed cost
    # per batch, ~0.06-0.09 s at 732 leaders: timed apart, so that the rate is the rate per
    # article at any batch size, and reported beside it.
    started = time.perf_counter()
    extractor = default_extractor()
    startup = time.perf_counter() - started
    started = time.perf_counter()
    result = ingest_paths(paths, jobs=jobs, extractor=extractor)
    seconds = time.perf_counter() - started
    articles = result.created + result.updated + result.skipped + result.failed
    return {
        "jobs": jobs,
        "articles": articles,
        "summary": result.summary(),
        "seconds": round(seconds, 2),
        "startup_seconds": round(startup, 3),
        "per_second": round(articles / seconds, 1),
        "per_second_per_core": round(articles / seconds / jobs, 1),
        "with_startup_per_core": round(articles / (seconds + startup) / jobs, 1),
    }


def machine() -> dict:
    import os
    import platform
    import sqlite3

    with open("/proc/meminfo") as handle:
        kib = int(handle.readline().split()[1])
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(kib / 1024 / 1024, 1),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": __import__("django").get_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "argv": " ".join(sys.argv),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"
