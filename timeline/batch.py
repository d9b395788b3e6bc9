"""Ingest a batch of files: read, extract (optionally in several processes), save one by one.

Extraction is pure Python and runs in worker processes; database writes stay in this process,
one transaction per article, so a crash or a bad file never leaves half an article behind.
Every file that cannot be read, extracted or saved costs one error line naming it and the
reason; the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

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


def _init_worker(extractor: Extractor) -> None:
    _worker_state["extract"] = extractor


def _extract(document: Document) -> tuple[Document, Outcome]:
    try:
        contacts = list(_worker_state["extract"](document))
    except Exception as exc:  # one article's failure must not stop the batch
        return document, f"extraction failed ({one_line(exc)})"
    return document, contacts


def extracted(
    items: Iterable[Document | ReadError], *, jobs: int, extractor: Extractor
) -> Iterator[tuple[Document | ReadError, Outcome]]:
    """Pair each item with its contacts or an error message, in input order.

    With ``jobs`` > 1 extraction runs in worker processes, a bounded number of documents
    ahead: a corpus of any size streams through without being held in memory.
    """
    if jobs <= 1:
        _init_worker(extractor)
        for item in items:
            yield (item, item.reason) if isinstance(item, ReadError) else _extract(item)
        return
    window = jobs * 8
    pending: deque[tuple[Document | ReadError, Future | None]] = deque()
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(extractor,)) as pool:
        for item in items:
            future = None if isinstance(item, ReadError) else _submit(pool, item)
            pending.append((item, future))
            if len(pending) >= window:
                yield _outcome(*pending.popleft())
        while pending:
            yield _outcome(*pending.popleft())


def _submit(pool: ProcessPoolExecutor, document: Document) -> Future:
    try:
        return pool.submit(_extract, document)
    except BrokenProcessPool as exc:  # a worker died before this document went in
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def _outcome(
    item: Document | ReadError, future: Future | None
) -> tuple[Document | ReadError, Outcome]:
    if future is None:
        return item, item.reason
    try:
        return future.result()
    except Exception as exc:  # a worker died (killed, out of memory): this document failed
        return item, f"extraction failed ({one_line(exc)})"


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
    items = read_paths(paths, published=published)
    cache = IngestCache()
    for item, outcome in extracted(items, jobs=jobs, extractor=extractor):
        name = str(item.path) if isinstance(item, ReadError) else item.source_name
        if isinstance(outcome, str):
            _fail(result, f"{name}: {outcome}", on_error)
        else:
            try:
                stored = ingest_document(
                    document=item, contacts=outcome, reextract=reextract, cache=cache
                )
            except Exception as exc:  # the transaction rolled back: nothing half-saved
                _fail(result, f"{name}: could not be saved ({one_line(exc)})", on_error)
            else:
                setattr(result, stored.status, getattr(result, stored.status) + 1)
        if on_item:
            on_item(name)
    return result


def _fail(result: BatchResult, message: str, on_error: Callable[[str], None] | None) -> None:
    message = " ".join(message.splitlines())  # one line per failure, whatever the reason says
    result.failed += 1
    result.errors.append(message)
    if on_error:
        on_error(message)
