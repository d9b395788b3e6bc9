"""Files -> documents -> contacts, for a whole batch.

One gazetteer and one lexicon serve the whole batch: building them is the slow part,
extracting one article is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from timeline.extract.contacts import extract_document, with_defaults
from timeline.extract.readers import ReadError, read_paths
from timeline.extract.types import Document, ExtractedContact


def extract_paths(
    paths: Iterable[Path | str],
    *,
    published: dt.date | None = None,
    gazetteer: Any | None = None,
    lexicon: Any | None = None,
) -> Iterator[tuple[Document | ReadError, list[ExtractedContact]]]:
    """Each document (or read error) of ``paths`` with the contacts it reports."""
    gazetteer, lexicon = with_defaults(gazetteer, lexicon)
    for item in read_paths([Path(p) for p in paths], published=published):
        if isinstance(item, ReadError):
            yield item, []
            continue
        yield item, extract_document(item, gazetteer=gazetteer, lexicon=lexicon)


def article_name(doc: Document) -> str:
    """The name a document is known by in gold files and JSON output."""
    return doc.source_name or Path(doc.url).name or "<unnamed>"
