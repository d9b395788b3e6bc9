"""Files on disk -> ``Document`` values.

Formats: plain text (SaudiNewsNet style: title, blank line, body), ANT TREC-style records
(``<DOC>…</DOC>``, often with a .txt extension), JSON Lines and HTML pages (trafilatura,
offline). Encodings: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1256.

A batch never stops on one bad file: ``read_paths`` yields ``ReadError`` values in line with
the documents, one per unreadable file or JSON Lines record.

>>> str(ReadError(Path("a.pdf"), "unsupported file type .pdf"))
'a.pdf: unsupported file type .pdf'
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

from timeline.extract.types import Document

MAX_BYTES = 20 * 1024 * 1024
MANIFEST = "manifest.csv"
SUPPORTED = (".txt", ".xml", ".jsonl", ".html", ".htm")
# Documentation and metadata that sit beside articles in a folder are not articles.
_COMPANIONS = (".md", ".csv", ".tsv", ".json", ".yml", ".yaml", ".rst")
_TITLE_MAX = 250
_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_DOC = re.compile(r"<DOC>(.*?)(?:</DOC>|(?=<DOC>)|\Z)", re.S)
_FIELD = re.compile(r"<(DOCNO|URL|SRC|CAT|TITLE|TIME|AUTHOR|ABSTRACT|TEXT)>(.*?)</\1>", re.S)
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class ReadError(Exception):
    """A file (or one record of it) that could not be read; ``str()`` is one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def read_file(
    path: Path, *, published: dt.date | None = None, url: str = "", outlet: str = ""
) -> list[Document]:
    """The documents of one file; raises ``ReadError`` when the file, or any record of
    it, cannot be read (use ``read_paths`` to keep the good records of a bad file).

    ``published``, ``url`` and ``outlet`` override what the file says about itself.
    """
    results = read_records(path, published=published, url=url, outlet=outlet)
    for result in results:
        if isinstance(result, ReadError):
            raise result
    return results  # type: ignore[return-value]


def read_records(
    path: Path, *, published: dt.date | None = None, url: str = "", outlet: str = ""
) -> list[Document | ReadError]:
    """Like ``read_file`` but one bad record of a multi-record file is returned as a
    ``ReadError`` in its place instead of failing the whole file."""
    path = Path(path)
    try:
        text = _load_text(path)
        if path.suffix.lower() == ".jsonl":
            records = _read_jsonl(path, text)
        elif path.suffix.lower() in (".html", ".htm"):
            records = [_read_html(path, text)]
        elif text.lstrip().startswith("<DOC>"):
            records = _read_trec(path, text)
        elif path.suffix.lower() == ".xml":
            raise ReadError(path, "unsupported XML (expected <DOC> records)")
        else:
            records = [_read_plain(path, text)]
    except ReadError as err:
        return [err]
    except (OSError, ValueError) as err:
        return [ReadError(path, f"cannot read ({err.__class__.__name__}: {err})")]
    return _override(records, published=published, url=url, outlet=outlet)


def _override(
    records: list[Document | ReadError], *, published: dt.date | None, url: str, outlet: str
) -> list[Document | ReadError]:
    # A manifest row describes one article: for a file of many records, its url and
    # outlet only fill in what a record leaves blank.
    single = len(records) == 1
    out: list[Document | ReadError] = []
    for doc in records:
        if isinstance(doc, Document):
            doc = Document(
                text=doc.text,
                title=doc.title,
                published=published or doc.published,
                url=(url or doc.url) if single else (doc.url or url),
                outlet=(outlet or doc.outlet) if single else (doc.outlet or outlet),
                source_name=doc.source_name,
            )
        out.append(doc)
    return out


def _load_text(path: Path) -> str:
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory, expected a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(path, f"unsupported file type {suffix or '(no extension)'}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        mb = 1024 * 1024
        raise ReadError(path, f"file too large ({size / mb:.1f} MB, limit {MAX_BYTES // mb} MB)")
    text = decode(path.read_bytes(), path)
    if not text.strip():
        raise ReadError(path, "empty file")
    return text


def decode(data: bytes, path: Path | str = "<bytes>") -> str:
    """Text of ``data``: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1256.

    >>> decode("سلام".encode("cp1256"))
    'سلام'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise ReadError(path, "unknown text encoding") from err
    if not data.strip():
        raise ReadError(path, "empty file")
    if _looks_binary(data):
        raise ReadError(path, "binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few damaged bytes (a truncated download, a bad copy) is still
    # UTF-8: read as Windows-1256 it would become plausible-looking Arabic mojibake.
    text = data.decode("utf-8-sig", errors="replace")
    if text.count("\ufffd") <= len(text) * 0.005:
        return text
    text = data.decode("cp1256", errors="replace")
    if not _mostly_arabic_or_ascii(text):
        raise ReadError(path, "unknown text encoding")
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def _mostly_arabic_or_ascii(text: str) -> bool:
    # Windows-1256 maps almost every byte to something, so a wrong guess is only visible
    # in what comes out: Latin-1 or Cyrillic text becomes accented letters and symbols.
    sample = text[:20000]
    good = sum(1 for ch in sample if ch < "\x80" or "\u0600" <= ch <= "\u06ff")
    return good >= len(sample) * 0.9


def _require_arabic(path: Path | str, text: str) -> None:
    if not _ARABIC.search(text):
        raise ReadError(path, "no Arabic text")


def _read_plain(path: Path, text: str) -> Document:
    _require_arabic(path, text)
    return Document(text=text, title=plain_title(text), source_name=path.name)


def plain_title(text: str) -> str:
    """The first line when it stands apart as a headline: short and followed by a blank line.

    >>> plain_title("عنوان الخبر\\n\\nنص الخبر")
    'عنوان الخبر'
    >>> plain_title("سطر أول\\nسطر ثان")
    ''
    """
    lines = text.lstrip("\ufeff\r\n\t ").splitlines()
    if len(lines) < 3 or lines[1].strip():
        return ""
    first = lines[0].strip()
    return first if 0 < len(first) <= _TITLE_MAX else ""


def _read_trec(path: Path, text: str) -> list[Document]:
    blocks = [m.group(0) for m in _DOC.finditer(text)]
    docs = []
    for n, block in enumerate(blocks, start=1):
        name = path.name if len(blocks) == 1 else f"{path.name}#{n}"
        docs.append(_trec_record(path, name, block))
    return docs


def _trec_record(path: Path, name: str, block: str) -> Document:
    for closing in ("</TEXT>", "</DOC>"):
        if closing not in block:
            raise ReadError(path, f"truncated XML: no {closing} in {name}")
    fields = {tag: html.unescape(value.strip()) for tag, value in _FIELD.findall(block)}
    body = fields.get("TEXT", "")
    title = fields.get("TITLE", "")
    _require_arabic(path, title + body)
    return Document(
        text=f"{title}\n\n{body}" if title else body,
        title=title,
        published=parse_time(fields.get("TIME", "")),
        url=fields.get("URL", ""),
        outlet=fields.get("SRC", ""),
        source_name=name,
    )


def parse_time(value: str) -> dt.date | None:
    """The local date of a publication time as the outlet wrote it (no UTC conversion).

    >>> parse_time("Fri, 18 May 2018 01:56:22 +0400")
    datetime.date(2018, 5, 18)
    >>> parse_time("2017-06-06T23:07:00-05:00")
    datetime.date(2017, 6, 6)
    >>> parse_time("07/06/2017")  # day first, as Arabic outlets write it
    datetime.date(2017, 6, 7)
    """
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    match = _DMY.fullmatch(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def _read_jsonl(path: Path, text: str) -> list[Document | ReadError]:
    records: list[Document | ReadError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(_jsonl_record(path, number, line))
        except ReadError as err:
            records.append(err)
    if not records:
        raise ReadError(path, "empty file")
    return records


def _jsonl_record(path: Path, number: int, line: str) -> Document:
    where = f"{path.name}#{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ReadError(path, f"line {number}: invalid JSON ({err.msg})") from err
    if not isinstance(record, dict):
        raise ReadError(path, f"line {number}: expected a JSON object")
    title = _string(record.get("title")).strip()
    body = _string(record.get("text"))
    if not body.strip():
        raise ReadError(path, f"line {number}: no text")
    if not _ARABIC.search(title + body):
        raise ReadError(path, f"line {number}: no Arabic text")
    raw_date = _string(record.get("published")).strip()
    published = parse_time(raw_date)
    if raw_date and published is None:
        raise ReadError(path, f"line {number}: bad published date {raw_date!r}")
    return Document(
        text=f"{title}\n\n{body}" if title else body,
        title=title,
        published=published,
        url=_string(record.get("url")).strip(),
        outlet=_string(record.get("outlet")).strip(),
        source_name=where,
    )


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _read_html(path: Path, text: str) -> Document:
    # Imported here: trafilatura (and lxml) take a noticeable time to import and only
    # HTML input needs them.
    from trafilatura import bare_extraction

    result = bare_extraction(text, with_metadata=True, include_comments=False, fast=True)
    if result is None:
        raise ReadError(path, "no article text found in HTML")
    data = result if isinstance(result, dict) else result.as_dict()
    body = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip()
    if not body:
        raise ReadError(path, "no article text found in HTML")
    _require_arabic(path, title + body)
    # trafilatura often keeps the page's <h1> as the first line of the text.
    headed = not title or body.startswith(title)
    return Document(
        text=body if headed else f"{title}\n\n{body}",
        title=title,
        published=parse_time(data.get("date") or ""),
        url=(data.get("url") or "").strip(),
        outlet=(data.get("sitename") or "").strip(),
        source_name=path.name,
    )


def iter_sources(paths: Iterable[Path]) -> Iterator[tuple[Path, dict]]:
    """Each file to read with its manifest row (``{}`` when there is none).

    Folders are walked recursively in sorted order, skipping hidden files, manifests and
    documentation beside the articles. A path that does not exist is yielded as is so
    that reading it reports the problem.
    """
    manifests: dict[Path, dict[str, dict]] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _is_article_candidate(child, path):
                    yield child, _manifest_row(child, path, manifests)
        else:
            yield path, _manifest_row(path, path.parent, manifests)


def _is_article_candidate(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).parts
    if any(part.startswith(".") for part in relative):
        return False
    if path.name == MANIFEST or path.suffix.lower() in _COMPANIONS:
        return False
    return not path.name.upper().startswith(("README", "LICENSE", "LICENCE"))


def _manifest_row(path: Path, root: Path, cache: dict[Path, dict[str, dict]]) -> dict:
    # The nearest manifest wins; a manifest higher up may name the file by relative path.
    folder = path.parent
    while True:
        rows = cache.get(folder)
        if rows is None:
            rows = cache[folder] = load_manifest(folder / MANIFEST)
        key = path.relative_to(folder).as_posix()
        if key in rows:
            return rows[key]
        if folder == root or folder == folder.parent or root not in folder.parents:
            return {}
        folder = folder.parent


def load_manifest(path: Path) -> dict[str, dict]:
    """Rows of a ``manifest.csv`` keyed by file (columns file, published, url, outlet;
    others ignored). A missing manifest is an empty one."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = {}
        for row in csv.DictReader(handle):
            name = (row.get("file") or "").strip()
            if name:
                rows[name] = {
                    key: (row.get(key) or "").strip() for key in ("published", "url", "outlet")
                }
        return rows


def read_paths(
    paths: Iterable[Path], *, published: dt.date | None = None
) -> Iterator[Document | ReadError]:
    """Documents and errors of a whole batch, in order; never raises for one bad file.

    ``published`` (the command line's ``--published``) wins over a manifest's date, which
    wins over the date the file gives itself.
    """
    for path, row in iter_sources(paths):
        day = published
        if day is None and row.get("published"):
            try:
                day = dt.date.fromisoformat(row["published"])
            except ValueError:
                yield ReadError(path, f"manifest: bad published date {row['published']!r}")
                continue
        try:
            yield from read_records(
                path, published=day, url=row.get("url", ""), outlet=row.get("outlet", "")
            )
        except Exception as err:  # one broken file must not end the batch
            yield ReadError(path, f"cannot read ({err.__class__.__name__}: {err})")
