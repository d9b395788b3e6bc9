"""Ingest a batch of files: read, extract (optionally in several processes), save one by one.

Extraction is pure Python and runs in worker processes; database writes stay in this process,
one transaction per article, so a crash or a bad file never leaves half an article behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from timeline.extract.contacts import extract_document
from timeline.extract.leaders import Gazetteer
from timeline.extract.readers import ReadError, read_paths
from timeline.extract.topics import Lexicon
from timeline.extract.types import Document, ExtractedContact
from timeline.ingest import ingest_document
from timeline.reference import gazetteer_from_db, lexicon_from_db


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


_worker_state: dict = {}


def _init_worker(gazetteer: Gazetteer, lexicon: Lexicon) -> None:
    _worker_state["gazetteer"] = gazetteer
    _worker_state["lexicon"] = lexicon


def _extract(document: Document) -> tuple[Document, list[ExtractedContact] | str]:
    try:
        contacts = extract_document(
            document, gazetteer=_worker_state["gazetteer"], lexicon=_worker_state["lexicon"]
        )
    except Exception as exc:  # one article's failure must not stop the batch
        return document, f"extraction failed ({type(exc).__name__}: {exc})"
    return document, contacts


def extracted(
    items: Iterable[Document | ReadError], *, jobs: int, gazetteer: Gazetteer, lexicon: Lexicon
) -> Iterator[tuple[Document | ReadError, list[ExtractedContact] | str]]:
    """Pair each document with its contacts (or an error message), in input order."""
    if jobs <= 1:
        _init_worker(gazetteer, lexicon)
        for item in items:
            yield (item, str(item)) if isinstance(item, ReadError) else _extract(item)
        return
    errors: list[ReadError] = []

    def documents() -> Iterator[Document]:
        for item in items:
            if isinstance(item, ReadError):
                errors.append(item)
            else:
                yield item

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(gazetteer, lexicon)) as pool:
        for result in pool.map(_extract, documents(), chunksize=8):
            while errors:
                error = errors.pop(0)
                yield error, str(error)
            yield result
    for error in errors:
        yield error, str(error)


def ingest_paths(
    paths: Iterable[Path],
    *,
    published: dt.date | None = None,
    jobs: int = 1,
    reextract: bool = False,
    on_item: Callable[[str], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> BatchResult:
    result = BatchResult()
    gazetteer, lexicon = gazetteer_from_db(), lexicon_from_db()
    items = read_paths(paths, published=published)
    for item, outcome in extracted(items, jobs=jobs, gazetteer=gazetteer, lexicon=lexicon):
        name = item.source_name if isinstance(item, Document) else str(getattr(item, "path", ""))
        if isinstance(outcome, str):
            message = outcome if isinstance(item, ReadError) else f"{name}: {outcome}"
            _fail(result, message, on_error)
        else:
            try:
                status = ingest_document(
                    document=item, contacts=outcome, reextract=reextract
                ).status
            except Exception as exc:  # the transaction rolled back: nothing half-saved
                _fail(result, f"{name}: could not be saved ({type(exc).__name__}: {exc})", on_error)
            else:
                setattr(result, status, getattr(result, status) + 1)
        if on_item:
            on_item(name)
    return result


def _fail(result: BatchResult, message: str, on_error: Callable[[str], None] | None) -> None:
    result.failed += 1
    result.errors.append(message)
    if on_error:
        on_error(message)
