"""Load test: N concurrent clients over the pages and exports while an ingest writes.

Without ``--url`` it sets up everything itself, on loopback only: a fresh SQLite database in
a temporary folder, reference data, collected static files, gunicorn with production settings
on a free port, and (with ``--ingest``) ``manage.py ingest`` running over and over (the first
pass creates the articles, the next ones re-extract them) for as long as the clients run.
It stops by itself after ``--duration`` seconds or ``--max-requests`` requests, then reports
requests, errors, latency percentiles and whether every article the ingest created is there.

    .venv/bin/python scripts/loadtest.py --clients 50 --duration 60 --ingest /work/shared/corpus

Exit status 1 when any request failed or an article is missing.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PATHS = ["/", "/contacts/", "/timeline/", "/heatmap/", "/export.csv", "/export.jsonl"]
SUMMARY = re.compile(r"created (\d+), updated (\d+), skipped (\d+), failed (\d+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(folder: Path) -> dict[str, str]:
    """Production settings on plain HTTP: no TLS on loopback, so no redirect and no HSTS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))}
    env.update(
        ENV_FILE="/dev/null",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder / 'load.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode not in (0, 1):
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def article_count(env: dict[str, str]) -> int:
    code = "from timeline.models import Article; print(Article.objects.count())"
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def start_server(stack: ExitStack, env: dict[str, str], workers: int) -> str:
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference")
    manage(env, "collectstatic", "--noinput")
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "config.wsgi:application", f"--bind=127.0.0.1:{port}",
         f"--workers={workers}", "--threads=4", "--access-logfile=-", "--log-level=warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    stack.callback(_stop, server)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/contacts/", timeout=2).read()
            return url
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    sys.exit("gunicorn did not answer within 20 s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class Ingester(threading.Thread):
    """Runs ``manage.py ingest`` again and again until told to stop; keeps each summary."""

    def __init__(self, env: dict[str, str], paths: list[str], jobs: int) -> None:
        super().__init__(daemon=True)
        self.env, self.paths, self.jobs = env, paths, jobs
        self.stop = threading.Event()
        self.passes: list[tuple[float, tuple[int, ...]]] = []
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            again = ["--reextract"] if self.passes else []
            started = time.monotonic()
            done = subprocess.run(
                [PYTHON, "manage.py", "ingest", "--quiet", f"--jobs={self.jobs}", *again,
                 *self.paths],
                cwd=ROOT, env=self.env, capture_output=True, text=True,
            )  # fmt: skip
            match = SUMMARY.search(done.stdout)
            if match is None:
                self.errors.append(done.stderr.strip()[-500:])
                return
            self.passes.append((time.monotonic() - started, tuple(map(int, match.groups()))))
            self.errors.extend(line for line in done.stderr.splitlines() if line.strip())


def client(base: str, deadline: float, budget: Counter, lock: threading.Lock, out: list) -> None:
    n = 0
    while time.monotonic() < deadline:
        with lock:
            if budget["left"] <= 0:
                return
            budget["left"] -= 1
        path = PATHS[n % len(PATHS)]
        n += 1
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as err:
            status = err.code
        except (urllib.error.URLError, OSError) as err:
            status = f"{type(err).__name__}"
        out.append((path, status, time.perf_counter() - started))


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100)[int(fraction * 100) - 1] if len(values) > 1 else 0.0


def report(results: list, elapsed: float) -> int:
    latencies = [seconds * 1000 for _, _, seconds in results]
    failed = [(path, status) for path, status, _ in results if status != 200]
    print(f"requests {len(results)} in {elapsed:.1f} s ({len(results) / elapsed:.1f}/s)")
    print(f"errors {len(failed)} {dict(Counter(failed)) if failed else ''}".rstrip())
    print(
        f"latency ms p50 {percentile(latencies, 0.5):.0f}, p95 {percentile(latencies, 0.95):.0f}"
        f", max {max(latencies, default=0):.0f}"
    )
    for path in PATHS:
        mine = [s * 1000 for p, _, s in results if p == path]
        if mine:
            print(f"  {path:14} {len(mine):6} requests, p50 {percentile(mine, 0.5):.0f} ms, "
                  f"p95 {percentile(mine, 0.95):.0f} ms")  # fmt: skip
    return len(failed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start gunicorn on loopback)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--jobs", type=int, default=1, help="extraction processes of the ingest")
    parser.add_argument("--ingest", nargs="*", default=[], help="folders to ingest meanwhile")
    args = parser.parse_args()

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loadtest-")))
        env = server_env(folder)
        base = args.url or start_server(stack, env, args.workers)
        ingester = Ingester(env, args.ingest, args.jobs) if args.ingest and not args.url else None
        if ingester:
            ingester.start()
        results: list = []
        budget, lock = Counter(left=args.max_requests), threading.Lock()
        started = time.monotonic()
        deadline = started + args.duration
        threads = [
            threading.Thread(target=client, args=(base, deadline, budget, lock, results))
            for _ in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        failures = report(results, time.monotonic() - started)
        if ingester:
            failures += check_ingest(ingester, env)
    return 1 if failures else 0


def check_ingest(ingester: Ingester, env: dict[str, str]) -> int:
    ingester.stop.set()
    ingester.join(timeout=600)
    for seconds, (created, updated, skipped, failed) in ingester.passes:
        print(f"ingest pass {seconds:.1f} s: created {created}, updated {updated}, "
              f"skipped {skipped}, failed {failed}")  # fmt: skip
    for line in ingester.errors:
        print(f"ingest error: {line}")
    created = sum(counts[0] for _, counts in ingester.passes)
    stored = article_count(env)
    print(f"articles created {created}, stored {stored}, lost {created - stored}")
    return int(created != stored or not ingester.passes)


if __name__ == "__main__":
    sys.exit(main())
