"""Ingest a batch of files: read, extract (optionally in several processes), save one by one.

Extraction is pure Python and runs in worker processes; database writes stay in this process.
Each article is all or nothing (a savepoint of its own), committed with the articles around it
(``COMMIT_EVERY``), so a crash or a bad file never leaves half an article behind.
Every file that cannot be read, extracted or saved costs one error line naming it and the
reason; the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction

from timeline.extract.readers import ReadError, read_paths
from timeline.extract.types import Document, ExtractedContact
from timeline.ingest import IngestCache, ingest_document

# Document -> its contacts. Must be picklable (a module-level function or a partial of one)
# when jobs > 1.
Extractor = Callable[[Document], list[ExtractedContact]]
Outcome = list[ExtractedContact] | str


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"skipped {self.skipped}, failed {self.failed}"
        )


def default_extractor() -> Extractor:
    """The real extractor, with the gazetteer and lexicon as staff edited them in the database."""
    # Imported here so that this module (and its tests with a stand-in extractor) loads
    # without the reference tables and camel-tools.
    from timeline.extract.contacts import extract_document
    from timeline.reference import gazetteer_from_db, lexicon_from_db

    return functools.partial(
        extract_document, gazetteer=gazetteer_from_db(), lexicon=lexicon_from_db()
    )


def one_line(exc: BaseException) -> str:
    """``exc`` as a single line, whatever its message holds."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_worker_state: dict[str, Extractor] = {}

# Articles committed together. Each one still goes in whole or not at all (a savepoint of
# its own, rolled back alone when it fails); a commit per article cost a fifth of the
# writer's time (BENCHMARKS.md, "Ingest speed", third round). The write lock is held while
# the group is extracted and written (about 0.1 s; other writers queue, readers do not); an
# interrupted batch loses at most that group, which ingesting again puts back.
COMMIT_EVERY = 16

# Documents per task handed to a worker. With jobs > 1 the main process (the one writer) is the
# bottleneck, and each task costs it pipe round trips and switches to the pool's threads (about
# 0.3 ms, a tenth of what an article costs it): four documents share them. Eight spared less
# and kept the writer waiting longer for the first results.
CHUNK = 4


def _init_worker(extractor: Extractor) -> None:
    _worker_state["extract"] = extractor


def _extract(document: Document) -> Outcome:
    try:
        return list(_worker_state["extract"](document))
    except Exception as exc:  # one article's failure must not stop the batch
        return f"extraction failed ({one_line(exc)})"


def _extract_all(documents: list[Document]) -> list[Outcome]:
    return [_extract(document) for document in documents]


def extracted(
    items: Iterable[Document | ReadError], *, jobs: int, extractor: Extractor
) -> Iterator[tuple[Document | ReadError, Outcome]]:
    """Pair each item with its contacts or an error message, in input order.

    With ``jobs`` > 1 extraction runs in worker processes, ``CHUNK`` documents per task and a
    bounded number of documents ahead: a corpus of any size streams through without being held
    in memory. A worker that dies breaks the pool: every document not extracted yet fails.
    """
    if jobs <= 1:
        _init_worker(extractor)
        for item in items:
            yield item, item.reason if isinstance(item, ReadError) else _extract(item)
        return
    window = jobs * 8 // CHUNK  # tasks ahead
    pending: deque[tuple[list[Document | ReadError], Future]] = deque()
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(extractor,)) as pool:
        for chunk in _chunks(items, CHUNK):
            pending.append((chunk, _submit(pool, chunk)))
            if len(pending) >= window:
                yield from _outcomes(*pending.popleft())
        while pending:
            yield from _outcomes(*pending.popleft())


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are needed."""
    rest = iter(items)
    return iter(lambda: list(itertools.islice(rest, size)), [])


def _submit(pool: ProcessPoolExecutor, chunk: list[Document | ReadError]) -> Future:
    documents = [item for item in chunk if not isinstance(item, ReadError)]
    try:
        return pool.submit(_extract_all, documents)
    except BrokenProcessPool as exc:  # a worker died before these documents went in
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def _outcomes(
    chunk: list[Document | ReadError], future: Future
) -> Iterator[tuple[Document | ReadError, Outcome]]:
    try:
        outcomes = iter(future.result())
    except Exception as exc:  # a worker died (killed, out of memory): these documents failed
        outcomes = itertools.repeat(f"extraction failed ({one_line(exc)})")
    for item in chunk:
        yield item, item.reason if isinstance(item, ReadError) else next(outcomes)


def ingest_paths(
    paths: Iterable[Path],
    *,
    published: dt.date | None = None,
    jobs: int = 1,
    reextract: bool = False,
    extractor: Extractor | None = None,
    on_item: Callable[[str], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> BatchResult:
    """Read, extract and store every article under ``paths``; never stops on one bad file."""
    result = BatchResult()
    extractor = extractor or default_extractor()
    items = extracted(read_paths(paths, published=published), jobs=jobs, extractor=extractor)
    cache = IngestCache()
    # Each group opens with the first article not written yet and takes up to
    # COMMIT_EVERY - 1 more from the same stream: a transaction opens only with one to write.
    for first in items:
        group = itertools.chain([first], itertools.islice(items, COMMIT_EVERY - 1))
        _write_group(group, result, cache, reextract=reextract, on_item=on_item, on_error=on_error)
    return result


def _write_group(
    group: Iterable[tuple[Document | ReadError, Outcome]],
    result: BatchResult,
    cache: IngestCache,
    *,
    reextract: bool,
    on_item: Callable[[str], None] | None,
    on_error: Callable[[str], None] | None,
) -> None:
    """Store the articles of ``group`` in one transaction; count them once it commits.

    ``group`` is read as the articles are written: with ``jobs`` > 1, pulling each one is
    what hands the workers their next documents, so they extract while this writes."""
    saved: list[tuple[str, str]] = []  # (name, status), stored when the group commits
    try:
        with transaction.atomic():
            for item, outcome in group:
                name = str(item.path) if isinstance(item, ReadError) else item.source_name
                if isinstance(outcome, str):
                    _fail(result, f"{name}: {outcome}", on_error)
                else:
                    try:
                        stored = ingest_document(
                            document=item, contacts=outcome, reextract=reextract, cache=cache
                        )
                    except Exception as exc:  # its savepoint rolled back: nothing half-saved
                        _fail(result, f"{name}: could not be saved ({one_line(exc)})", on_error)
                    else:
                        saved.append((name, stored.status))
                if on_item:
                    on_item(name)
            if transaction.get_rollback():  # a rollback that failed: the group is undone
                raise DatabaseError("the transaction was rolled back")
    except Exception as exc:  # the group's commit failed: none of its articles is stored
        for name, _status in saved:
            _fail(result, f"{name}: could not be saved ({one_line(exc)})", on_error)
        return
    for _name, status in saved:
        setattr(result, status, getattr(result, status) + 1)


def _fail(result: BatchResult, message: str, on_error: Callable[[str], None] | None) -> None:
    message = " ".join(message.splitlines())  # one line per failure, whatever the reason says
    result.failed += 1
    result.errors.append(message)
    if on_error:
        on_error(message)
