"""Datasette serving the same SQLite file, asked the same questions through its JSON API.

Its times are wall times seen by a client on 127.0.0.1 (keep-alive connection), so they
include HTTP and JSON encoding; ours are in-process server times. Both are warm.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from timeline.bench.measure import Sample, quantiles

PUBLIC = "c.review_status != 'rejected' AND c.merged_into_id IS NULL"
COUNTRY = (
    " AND EXISTS (SELECT 1 FROM timeline_participation p WHERE p.contact_id = c.id"
    " AND p.country_id = :country)"
)
COUNTRY_TOPIC = COUNTRY + (
    " AND EXISTS (SELECT 1 FROM timeline_contact_topics ct WHERE ct.contact_id = c.id"
    " AND ct.topic_id = :topic_id)"
)
PAGE = """
SELECT c.id, c.date, c.date_precision, c.medium, c.initiator_id, c.confidence, c.review_status,
  (SELECT group_concat(l.name_ar || ' (' || p.country_id || ')', '; ')
     FROM timeline_participation p JOIN timeline_leader l ON l.id = p.leader_id
    WHERE p.contact_id = c.id) AS participants,
  (SELECT group_concat(t.slug, '; ') FROM timeline_contact_topics ct
     JOIN timeline_topic t ON t.id = ct.topic_id WHERE ct.contact_id = c.id) AS topics,
  (SELECT group_concat(DISTINCT a.outlet) FROM timeline_report r
     JOIN timeline_article a ON a.id = r.article_id WHERE r.contact_id = c.id) AS outlets
FROM timeline_contact c WHERE {where} ORDER BY c.date DESC, c.id DESC LIMIT 50 OFFSET {offset}
"""
COUNT = "SELECT count(*) FROM timeline_contact c WHERE {where}"
FACET = """
SELECT p.country_id, ct.topic_id, count(DISTINCT c.id) AS n
FROM timeline_contact c
JOIN timeline_participation p ON p.contact_id = c.id
JOIN timeline_contact_topics ct ON ct.contact_id = c.id
WHERE {where} GROUP BY p.country_id, ct.topic_id
"""


def queries(values: dict) -> dict[str, list[tuple[str, dict]]]:
    """Each case is the requests Datasette needs to answer what one of our pages shows."""
    filtered = PUBLIC + COUNTRY_TOPIC
    params = {"country": values["country"], "topic_id": values["topic_id"]}
    year = PUBLIC + " AND c.date BETWEEN :start AND :end"
    return {
        "list": [(COUNT.format(where=PUBLIC), {}), (PAGE.format(where=PUBLIC, offset=0), {})],
        "list, country + topic": [
            (COUNT.format(where=filtered), params),
            (PAGE.format(where=filtered, offset=0), params),
        ],
        "list, country + topic, page 20": [
            (COUNT.format(where=filtered), params),
            (PAGE.format(where=filtered, offset=950), params),
        ],
        "heatmap": [(FACET.format(where=PUBLIC), {})],
        "heatmap, year": [
            (FACET.format(where=year), {"start": values["start"], "end": values["end"]})
        ],
        "heatmap, country": [
            (FACET.format(where=PUBLIC + COUNTRY), {"country": values["country"]})
        ],
        "heatmap, country + topic": [(FACET.format(where=filtered), params)],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Datasette:
    """``datasette serve`` on loopback as a subprocess, for the life of a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.conn: http.client.HTTPConnection | None = None

    def __enter__(self) -> Datasette:
        command = [
            str(Path(sys.executable).with_name("datasette")), "serve", str(self.path),
            "--host", "127.0.0.1", "--port", str(self.port),
            "--setting", "sql_time_limit_ms", "600000",
            "--setting", "max_returned_rows", "100000",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                self.get("/-/versions.json")
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("datasette did not start")

    def __exit__(self, *exc) -> None:
        if self.conn:
            self.conn.close()
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)

    def get(self, path: str) -> dict:
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"datasette answered {response.status}: {body[:300]!r}")
        return json.loads(body)

    def version(self) -> str:
        return self.get("/-/versions.json")["datasette"]["version"]

    def cpu_seconds(self) -> float:
        """CPU time the server process (all its threads) has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def ask(self, sql: str, params: dict) -> tuple[Sample, int]:
        """(time, rows) for one SQL query through the JSON API; ``.cpu`` is the server's."""
        query = urlencode({"sql": " ".join(sql.split()), **params, "_shape": "array"})
        started, cpu = time.perf_counter(), self.cpu_seconds()
        rows = self.get(f"/{self.path.stem}.json?{query}")
        wall = time.perf_counter() - started
        return Sample.of(wall, self.cpu_seconds() - cpu), len(rows)

    def measure(self, requests: list[tuple[str, dict]], reps: int) -> dict:
        """Warm once, then ``reps`` times the sum of the requests' times."""
        rows = [self.ask(sql, params)[1] for sql, params in requests]
        samples = []
        for _ in range(reps):
            times = [self.ask(sql, params)[0] for sql, params in requests]
            samples.append(Sample.of(sum(times), sum(t.cpu for t in times)))
        return {"requests": len(requests), "rows": rows} | quantiles(samples)


def measure_datasette(path: Path, values: dict, reps: int) -> dict:
    with Datasette(path) as server:
        results = {name: server.measure(reqs, reps) for name, reqs in queries(values).items()}
        return {"version": server.version(), "queries": results}
