"""The Django side of the generator: reference rows from the database, real table names, and
a fresh benchmark database filled from a seed."""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from timeline import tallies
from timeline.bench.synthetic import Reference, generate, synthetic_reference, write


def reference_from_db() -> Reference:
    """Confirmed leaders and all topics, ordered by id so that a seed means the same data."""
    from timeline.models import Leader, Topic

    leaders = list(
        Leader.objects.filter(is_candidate=False)
        .order_by("id")
        .values_list("id", "slug", "country_id", "name_ar")
    )
    topics = list(Topic.objects.order_by("id").values_list("id", "slug", "name_ar"))
    return Reference(leaders=leaders, topics=topics)


def ensure_reference() -> Reference:
    """The loaded reference tables, or (without leaders.json) a few dozen synthetic leaders."""
    from timeline.models import Country, Leader, Topic
    from timeline.reference import load_reference

    with contextlib.suppress(FileNotFoundError):  # leaders.json not written yet
        load_reference()
    if Leader.objects.exists() and Topic.objects.exists():
        return reference_from_db()
    stand_in = synthetic_reference()
    codes = {c for _, _, c, _ in stand_in.leaders}
    Country.objects.bulk_create(
        [Country(code=c, name_en=c, name_ar=c) for c in sorted(codes)], ignore_conflicts=True
    )
    Leader.objects.bulk_create(
        [
            Leader(id=i, slug=s, country_id=c, name_ar=n, name_en=s)
            for i, s, c, n in stand_in.leaders
        ]
    )
    Topic.objects.bulk_create(
        [Topic(id=i, slug=s, name_ar=n, name_en=s) for i, s, n in stand_in.topics]
    )
    return reference_from_db()


def table_names() -> dict[str, str]:
    from timeline.models import Article, Contact, Participation, Report

    return {
        "article": Article._meta.db_table,
        "contact": Contact._meta.db_table,
        "participation": Participation._meta.db_table,
        "contact_topics": Contact.topics.through._meta.db_table,
        "report": Report._meta.db_table,
    }


def synthesize(*, contacts: int, seed: int) -> dict[str, int]:
    """Migrate the configured SQLite database, load the reference tables and add ``contacts``
    synthetic contacts. Refuses a database that already holds contacts."""
    from timeline.models import Contact

    if connection.vendor != "sqlite":
        raise ValueError("the generator writes SQLite files only (set DATABASE_URL=sqlite:///...)")
    call_command("migrate", verbosity=0)
    if Contact.objects.exists():
        raise ValueError("this database already holds contacts: point DATABASE_URL at a new file")
    reference = ensure_reference()
    path = Path(connection.settings_dict["NAME"])
    # The rows go in without the tally triggers, then one recount (tallies.suspended).
    with tallies.suspended():
        connection.close()
        counts = write(path, generate(reference, contacts=contacts, seed=seed), table_names())
    return counts
