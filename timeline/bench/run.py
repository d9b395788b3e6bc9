"""``manage.py bench``: one run over every measurement, each in a child process pointed at
the database it measures (DATABASE_URL), then Datasette on the same files.

The synthetic databases live in /tmp/bench-<size>.sqlite3 and are reused while their seed
matches (a sidecar .json records it): generating a million contacts takes minutes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from timeline.bench.datasette import measure_datasette
from timeline.bench.measure import corpus_paths, machine
from timeline.bench.synthetic import parse_size

# Twenty requests per page at every size, so that a p95 is the 19th slowest of 20 and not, as
# with 7, the slowest one. Datasette's queries take seconds at 1M: fewer of those.
PAGE_REPS = 20
DATASETTE_REPS = {10_000: 20, 100_000: 10, 1_000_000: 7}
# Ingest runs per number of jobs, each into a fresh database: the median one is reported.
INGEST_ROUNDS = 5
Log = Callable[[str], None]


def database_path(label: str) -> Path:
    return Path(tempfile.gettempdir()) / f"bench-{label}.sqlite3"


def child(kind: str, database: Path | None, *args: str, log: Log) -> dict:
    """Run ``manage.py bench --child kind`` against ``database``; its last stdout line is JSON."""
    env = dict(os.environ)
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    command = [sys.executable, "manage.py", "bench", "--child", kind, *args]
    done = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        log(f"  {kind} failed: {tail}")
        return {"error": tail}
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(label: str, seed: int, *, regenerate: bool, log: Log) -> tuple[Path, dict]:
    """The synthetic database for ``label`` with ``seed``, generated when missing or stale."""
    path = database_path(label)
    sidecar = path.with_suffix(".json")
    meta = json.loads(sidecar.read_text()) if sidecar.exists() else {}
    if path.exists() and meta.get("seed") == seed and not regenerate:
        log(f"{label}: reusing {path} (migrating it to the current schema)")
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{path}")
        command = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
        subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
        return path, meta
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), sidecar):
        stale.unlink(missing_ok=True)
    log(f"{label}: generating {path} (seed {seed})")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{path}")
    command = [sys.executable, "manage.py", "synth", "--contacts", label, "--seed", str(seed)]
    done = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    meta = {"seed": seed, "synth": done.stdout.strip(), "bytes": path.stat().st_size}
    sidecar.write_text(json.dumps(meta))
    log(f"  {meta['synth']}")
    return path, meta


def measure_size(label: str, *, seed: int, reps: int | None, regenerate: bool, log: Log) -> dict:
    path, meta = prepare(label, seed, regenerate=regenerate, log=log)
    page_reps = reps or PAGE_REPS
    log(f"{label}: pages ({page_reps} repetitions)")
    pages = child("pages", path, "--reps", str(page_reps), log=log)
    log(f"{label}: full CSV export")
    export = child("export", path, log=log)
    result = {"label": label, "data": meta, "reps": page_reps, **pages, "export": export}
    if "filters" in pages:
        log(f"{label}: datasette")
        datasette_reps = reps or DATASETTE_REPS.get(parse_size(label), 10)
        result["datasette"] = measure_datasette(path, pages["filters"], datasette_reps) | {
            "reps": datasette_reps
        }
    return result


def measure_pipeline(log: Log) -> dict:
    """Extraction on one core, then ingest with one and two jobs into fresh databases."""
    base = Path(settings.BASE_DIR)
    paths = [str(p) for p in corpus_paths(base)]
    log(f"extraction over {', '.join(paths)}")
    result = {"paths": paths, "extract": child("extract", None, *paths, log=log), "ingest": []}
    for jobs in (1, 2):
        runs = []
        for round_ in range(1, INGEST_ROUNDS + 1):
            with tempfile.TemporaryDirectory() as tmp:
                log(f"ingest --jobs {jobs}, run {round_} of {INGEST_ROUNDS}")
                database = Path(tmp) / "ingest.sqlite3"
                runs.append(child("ingest", database, "--jobs", str(jobs), *paths, log=log))
        result["ingest"].append(_median_run(runs))
    return result


def _median_run(runs: list[dict]) -> dict:
    """The run with the median rate, with every run's rate beside it: one run of a small
    corpus lasts under a second, and its rate moves by a tenth from run to run."""
    done = sorted((r for r in runs if "error" not in r), key=lambda r: r["per_second"])
    if not done:
        return runs[0]
    rates = [r["per_second_per_core"] for r in runs if "error" not in r]
    return done[len(done) // 2] | {"runs_per_core": rates}


def run(
    sizes: list[str],
    *,
    seed: int,
    reps: int | None,
    pipeline: bool,
    regenerate: bool,
    log: Log,
) -> dict:
    results = {"machine": machine(), "seed": seed, "sizes": []}
    if pipeline:
        results["pipeline"] = measure_pipeline(log)
    for label in sizes:
        results["sizes"].append(
            measure_size(label, seed=seed, reps=reps, regenerate=regenerate, log=log)
        )
    return results
