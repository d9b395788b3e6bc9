"""Everything ingest stores, as sorted text: to show that a change to the writer stores the same.

Into a fresh SQLite database in a temporary folder (or ``DATABASE_URL`` when set), the corpus
and the seeds are ingested, then ingested again with ``reextract=True``; after each pass every
``timeline_*`` table is written to OUT, row by row, sorted, without the columns that hold
timestamps. Run it before and after a change and compare the two files (``cmp``).

    .venv/bin/python scripts/ingest_dump.py OUT [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/dump.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from timeline.batch import ingest_paths  # noqa: E402
from timeline.bench.measure import corpus_paths, quiet_settings  # noqa: E402
from timeline.reference import load_reference  # noqa: E402


def dump(tag: str) -> list[str]:
    out = []
    tables = sorted(t for t in connection.introspection.table_names() if t.startswith("timeline_"))
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")
            columns = [c[0] for c in cursor.description]
            stamps = {c for c in columns if c.endswith("_at") or c == "history_date"}
            kept = [n for n, c in enumerate(columns) if c not in stamps]
            rows = sorted(repr(tuple(row[n] for n in kept)) for row in cursor.fetchall())
            out.append(f"{tag} {table} {len(rows)}")
            out.extend(f"{tag} {table} {row}" for row in rows)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    quiet_settings()
    call_command("migrate", verbosity=0)
    load_reference()
    paths = [*corpus_paths(ROOT), ROOT / "seeds"]
    print("first:", ingest_paths(paths, jobs=args.jobs).summary())
    lines = dump("first")
    print("again:", ingest_paths(paths, jobs=args.jobs, reextract=True).summary())
    lines += dump("again")
    args.out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
