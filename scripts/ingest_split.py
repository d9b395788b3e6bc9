"""Where ingest's time goes: reading, extraction and the writer, measured apart.

Into a fresh SQLite database in a temporary folder (migrated, reference data loaded), the
corpus is read, every article extracted, and only then written the way ``manage.py ingest``
writes it (``batch.COMMIT_EVERY`` articles a transaction, a savepoint each). Prints the
seconds and CPU seconds of each step, the time the writer spent in SQL (tally triggers
included) and the number of statements and commits. Run it several times: the machine is
shared and wall times move with it.

    .venv/bin/python scripts/ingest_split.py [FOLDER ...]   # default: ../shared/corpus
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/split.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from timeline import batch  # noqa: E402
from timeline.bench.measure import corpus_paths, quiet_settings  # noqa: E402
from timeline.extract.readers import read_paths  # noqa: E402
from timeline.ingest import IngestCache  # noqa: E402
from timeline.reference import load_reference  # noqa: E402


def timed(step):
    wall, cpu = time.perf_counter(), time.process_time()
    value = step()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or corpus_paths(ROOT)
    quiet_settings()
    call_command("migrate", verbosity=0)
    load_reference()
    extractor = batch.default_extractor()
    items, *read = timed(lambda: list(read_paths(paths)))
    pairs, *extract = timed(lambda: list(batch.extracted(items, jobs=1, extractor=extractor)))
    sql = {"seconds": 0.0, "statements": 0}

    def count(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql["seconds"] += time.perf_counter() - started
            sql["statements"] += 1

    result, cache = batch.BatchResult(), IngestCache()

    def write() -> None:
        for start in range(0, len(pairs), batch.COMMIT_EVERY):
            group = pairs[start : start + batch.COMMIT_EVERY]
            batch._write_group(group, result, cache, reextract=False, on_item=None, on_error=None)

    with connection.execute_wrapper(count):
        _, *writer = timed(write)
    groups = -(-len(pairs) // batch.COMMIT_EVERY)
    print(f"{len(items)} articles: {result.summary()}")
    for name, (wall, cpu) in (("read", read), ("extract", extract), ("writer", writer)):
        print(f"{name:8} {wall:6.3f} s  cpu {cpu:6.3f} s  {1000 * wall / len(items):5.2f} ms each")
    statements = sql["statements"]
    print(f"writer's SQL {sql['seconds']:.3f} s in {statements} statements, {groups} commits")


if __name__ == "__main__":
    main()
