"""The synthetic data generator behind ``manage.py bench``: reproducible, shaped like news;
and how its results are told."""

from collections import Counter

import pytest

from timeline.bench.report import render_pipeline
from timeline.bench.run import _median_run
from timeline.bench.synthetic import generate, parse_size, synthetic_reference

CONTACTS = 1000


def rows(seed: int = 7) -> dict[str, list[tuple]]:
    tables: dict[str, list[tuple]] = {}
    for batch in generate(synthetic_reference(), contacts=CONTACTS, seed=seed):
        for name, values in vars(batch).items():
            tables.setdefault(name, []).extend(values)
    return tables


@pytest.fixture(scope="module")
def data() -> dict[str, list[tuple]]:
    return rows()


def test_it_reads_sizes_with_suffixes() -> None:
    assert [parse_size(s) for s in ("10k", "100K", "1m", "2500")] == [
        10_000,
        100_000,
        1_000_000,
        2500,
    ]


def test_the_same_seed_gives_the_same_rows(data) -> None:
    assert rows(seed=7) == data


def test_another_seed_gives_other_rows(data) -> None:
    assert rows(seed=8)["contact"] != data["contact"]


def test_every_contact_has_two_or_more_participants_and_a_report(data) -> None:
    people = Counter(row[0] for row in data["participation"])
    told = Counter(row[1] for row in data["report"])
    assert len(data["contact"]) == CONTACTS
    assert min(people.values()) >= 2
    assert set(told) == {row[0] for row in data["contact"]}


def test_few_leaders_take_most_contacts(data) -> None:
    by_leader = Counter(row[1] for row in data["participation"]).most_common()
    top_tenth = sum(n for _, n in by_leader[: len(by_leader) // 10])
    assert top_tenth / len(data["participation"]) > 0.3


def test_few_outlets_publish_most_articles(data) -> None:
    by_outlet = Counter(row[4] for row in data["article"]).most_common()
    assert sum(n for _, n in by_outlet[:5]) / len(data["article"]) > 0.4


def test_contacts_have_several_reports_on_average_with_a_long_tail(data) -> None:
    per_contact = Counter(row[1] for row in data["report"])
    mean = sum(per_contact.values()) / CONTACTS
    assert 1.8 < mean < 3.5
    assert max(per_contact.values()) >= 6


def test_phone_calls_and_meetings_dominate(data) -> None:
    media = Counter(row[2] for row in data["contact"])
    assert media["phone"] + media["meeting"] > 0.7 * CONTACTS
    assert media["video"] and media["message"]


def test_article_texts_are_short_arabic_with_unique_hashes(data) -> None:
    texts = [row[1] for row in data["article"]]
    assert all(100 < len(t) < 1500 for t in texts)
    assert all("\u0600" <= t[0] <= "\u06ff" for t in texts)
    assert len({row[7] for row in data["article"]}) == len(texts)


def test_one_article_never_reports_the_same_signature_twice(data) -> None:
    keys = [(row[0], row[2]) for row in data["report"]]
    assert len(keys) == len(set(keys))


def _ingest_run(per_second: float) -> dict:
    return {
        "jobs": 2,
        "articles": 140,
        "summary": "created 136, updated 0, skipped 3, failed 1",
        "seconds": round(140 / per_second, 2),
        "per_second": per_second,
        "per_second_per_core": per_second / 2,
    }


def test_the_median_ingest_run_is_told_with_every_runs_rate() -> None:
    runs = [_ingest_run(240.0), _ingest_run(180.0), {"error": "killed"}, _ingest_run(220.0)]
    median = _median_run(runs)
    assert median["per_second"] == 220.0
    assert median["runs_per_core"] == [120.0, 90.0, 110.0]
    pipeline = {"paths": ["corpus/ant"], "extract": {"error": "skipped"}, "ingest": [median]}
    row = next(line for line in render_pipeline(pipeline) if line.startswith("| ingest"))
    assert "| 110.0 (runs: 120.0, 90.0, 110.0) |" in row
    assert "median run" in row


def test_the_extractors_start_up_is_told_beside_the_ingest_rate() -> None:
    run = _ingest_run(220.0) | {"startup_seconds": 0.07, "with_startup_per_core": 99.7}
    pipeline = {"paths": ["corpus/ant"], "extract": {"error": "skipped"}, "ingest": [run]}
    row = next(line for line in render_pipeline(pipeline) if line.startswith("| ingest"))
    assert "| 110.0; 99.7 counting the extractor's start-up (0.07 s) |" in row
