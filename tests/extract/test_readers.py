"""Readers: every supported format and encoding, and every way a file can be unreadable."""

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from timeline.extract.readers import (
    MAX_BYTES,
    ReadError,
    iter_sources,
    parse_time,
    read_file,
    read_paths,
)
from timeline.extract.types import Document

SAMPLES = Path(__file__).parent / "samples"
ARTICLE = "الرئيس يتلقى اتصالا من نظيره\n\nتلقى الرئيس اليوم اتصالا هاتفيا من نظيره.\n"


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_it_reads_plain_text_whole_with_its_title(tmp_path):
    (doc,) = read_file(write(tmp_path / "a.txt", ARTICLE))
    assert doc.text == ARTICLE
    assert doc.title == "الرئيس يتلقى اتصالا من نظيره"
    assert doc.source_name == "a.txt"
    assert doc.published is None


def test_it_takes_no_title_when_the_first_line_runs_into_the_body(tmp_path):
    (doc,) = read_file(write(tmp_path / "a.txt", "سطر أول\nسطر ثان\n\nسطر ثالث"))
    assert doc.title == ""


def test_it_reads_utf8_with_bom(tmp_path):
    (doc,) = read_file(write(tmp_path / "a.txt", b"\xef\xbb\xbf" + ARTICLE.encode()))
    assert doc.text == ARTICLE


def test_it_reads_windows_1256(tmp_path):
    (doc,) = read_file(write(tmp_path / "a.txt", ARTICLE.encode("cp1256")))
    assert doc.text == ARTICLE


def test_it_keeps_utf8_with_a_damaged_byte_as_utf8(tmp_path):
    body = ARTICLE * 20
    data = body.encode() + b"\xff"
    (doc,) = read_file(write(tmp_path / "a.txt", data))
    assert doc.text.startswith(body)


def test_it_reads_utf16_with_bom(tmp_path):
    (doc,) = read_file(write(tmp_path / "a.txt", ARTICLE.encode("utf-16")))
    assert doc.text == ARTICLE


def test_it_rejects_a_legacy_encoding_that_is_not_arabic(tmp_path):
    cyrillic = "Президент провёл телефонный разговор с коллегой. " * 5
    with pytest.raises(ReadError, match="unknown text encoding"):
        read_file(write(tmp_path / "a.txt", cyrillic.encode("cp1251")))


def test_it_rejects_binary_file(tmp_path):
    with pytest.raises(ReadError, match="binary file"):
        read_file(write(tmp_path / "a.txt", bytes(range(256)) * 4))


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_it_rejects_empty_file(tmp_path, content):
    with pytest.raises(ReadError, match="empty file"):
        read_file(write(tmp_path / "a.txt", content))


def test_it_rejects_text_with_no_arabic(tmp_path):
    with pytest.raises(ReadError, match="no Arabic text"):
        read_file(write(tmp_path / "a.txt", "The president called his counterpart."))


def test_it_rejects_a_huge_file_before_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    subprocess.run(["truncate", "-s", "25M", str(path)], check=True)
    with pytest.raises(ReadError) as err:
        read_file(path)
    assert err.value.reason == "file too large (25.0 MB, limit 20 MB)"
    assert MAX_BYTES == 20 * 1024 * 1024


def test_it_rejects_unknown_extension(tmp_path):
    with pytest.raises(ReadError) as err:
        read_file(write(tmp_path / "a.pdf", ARTICLE))
    assert str(err.value) == f"{tmp_path / 'a.pdf'}: unsupported file type .pdf"


def test_it_reports_a_missing_file(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_file(tmp_path / "absent.txt")


def test_it_reports_a_directory_given_as_a_file(tmp_path):
    with pytest.raises(ReadError, match="is a directory"):
        read_file(tmp_path)


def test_read_error_is_one_line_with_path_and_reason():
    err = ReadError(Path("x/a.txt"), "empty file")
    assert (str(err), err.path, err.reason) == (
        "x/a.txt: empty file",
        Path("x/a.txt"),
        "empty file",
    )


def test_it_reads_a_trec_record_with_its_metadata():
    (doc,) = read_file(SAMPLES / "trec_record.txt")
    assert doc.title == "الرئيسان يبحثان هاتفيا الأوضاع الإقليمية"
    assert doc.text.startswith(doc.title + "\n\nبحث الرئيسان في اتصال هاتفي مساء الإثنين")
    assert "& التعاون" in doc.text and "< 3" in doc.text  # not well-formed XML, still read
    assert "ABSTRACT" not in doc.text and doc.text.count("بحث الرئيسان") == 1
    # 01:15 at +04:00 is still the 11th in UTC: the local date is the one written
    assert doc.published == dt.date(2019, 3, 12)
    assert doc.url.startswith("https://example.org/") and doc.outlet == "example"


def test_it_reads_a_trec_record_with_an_xml_extension(tmp_path):
    record = (SAMPLES / "trec_record.txt").read_text(encoding="utf-8")
    (doc,) = read_file(write(tmp_path / "r.xml", record))
    assert doc.source_name == "r.xml" and doc.published == dt.date(2019, 3, 12)


def test_it_reports_a_truncated_trec_record(tmp_path):
    record = (SAMPLES / "trec_record.txt").read_text(encoding="utf-8")
    path = write(tmp_path / "r.txt", record[: record.index("</TEXT>") - 10])
    with pytest.raises(ReadError, match="truncated XML"):
        read_file(path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Fri, 18 May 2018 23:56:22 -0500", dt.date(2018, 5, 18)),
        ("Sat, 30 Jun 2018 13:04:10 GMT", dt.date(2018, 6, 30)),
        ("2017-01-22T16:26:00+01:00", dt.date(2017, 1, 22)),
        ("07/06/2017", dt.date(2017, 6, 7)),
        ("not a date", None),
    ],
)
def test_it_parses_publication_times_as_written(value, expected):
    assert parse_time(value) == expected


def test_it_reads_json_lines_and_keeps_good_records_around_a_bad_one(tmp_path):
    lines = [
        json.dumps(
            {
                "title": "عنوان",
                "text": "نص الخبر",
                "published": "2020-03-26",
                "url": "https://example.org/1",
                "outlet": "مثال",
            },
            ensure_ascii=False,
        ),
        "{not json",
        "",
        json.dumps({"text": "خبر بلا عنوان", "published": "2020-03-27T22:10:00+03:00"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines))
    first, error, second = read_paths([path])
    assert first == Document(
        text="عنوان\n\nنص الخبر",
        title="عنوان",
        published=dt.date(2020, 3, 26),
        url="https://example.org/1",
        outlet="مثال",
        source_name="batch.jsonl#1",
    )
    assert isinstance(error, ReadError) and error.reason.startswith("line 2: invalid JSON")
    assert second.text == "خبر بلا عنوان" and second.source_name == "batch.jsonl#4"
    assert second.published == dt.date(2020, 3, 27)
    with pytest.raises(ReadError, match="line 2"):
        read_file(path)


def test_it_reports_a_json_line_with_a_bad_date(tmp_path):
    path = write(tmp_path / "b.jsonl", json.dumps({"text": "نص", "published": "أمس"}))
    (error,) = read_paths([path])
    assert isinstance(error, ReadError) and "bad published date" in error.reason


def test_it_reads_html_main_text_title_date_and_site_name():
    (doc,) = read_file(SAMPLES / "article.html")
    assert doc.title == "الرئيس يستقبل نظيره في العاصمة"
    assert doc.text.startswith(doc.title) and doc.text.count(doc.title) == 1
    assert "استقبل رئيس الجمهورية اليوم الأربعاء" in doc.text
    assert "رياضة" not in doc.text and "جميع الحقوق" not in doc.text
    assert doc.published == dt.date(2021, 5, 12)
    assert doc.outlet == "جريدة المثال"


def test_it_expands_folders_with_their_manifest(tmp_path):
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a.txt", ARTICLE)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.txt", ARTICLE)
    write(tmp_path / ".hidden.txt", ARTICLE)
    write(tmp_path / "README.md", "# notes")
    write(
        tmp_path / "manifest.csv",
        "file,published,url,outlet,note\na.txt,2020-03-26,https://x.org/a,مثال,extra\n"
        "sub/c.txt,2019-01-02,,,\n",
    )
    sources = list(iter_sources([tmp_path]))
    assert [p.relative_to(tmp_path).as_posix() for p, _ in sources] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
    ]
    assert sources[0][1] == {"published": "2020-03-26", "url": "https://x.org/a", "outlet": "مثال"}
    assert sources[1][1] == {}
    assert sources[2][1]["published"] == "2019-01-02"


def test_it_applies_the_manifest_of_a_single_file(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "manifest.csv", "file,published\na.txt,2020-03-26\n")
    (doc,) = read_paths([tmp_path / "a.txt"])
    assert doc.published == dt.date(2020, 3, 26)


def test_manifest_date_wins_over_the_file_and_published_wins_over_both(tmp_path):
    record = (SAMPLES / "trec_record.txt").read_text(encoding="utf-8")
    write(tmp_path / "r.txt", record)
    write(tmp_path / "manifest.csv", "file,published,url,outlet\nr.txt,2019-03-11,,mine\n")
    (doc,) = read_paths([tmp_path])
    assert (doc.published, doc.outlet) == (dt.date(2019, 3, 11), "mine")
    assert doc.url.startswith("https://example.org/")  # blank in the manifest: the file's
    (doc,) = read_paths([tmp_path], published=dt.date(2019, 1, 1))
    assert doc.published == dt.date(2019, 1, 1)


def test_a_batch_goes_on_past_bad_files_in_order(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", b"")
    write(tmp_path / "c.pdf", b"%PDF-1.4")
    write(tmp_path / "d.txt", ARTICLE)
    results = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Document", "ReadError", "ReadError", "Document", "ReadError"]
    assert results[-1].reason == "no such file"


def test_a_bad_manifest_date_is_reported_for_its_file(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "manifest.csv", "file,published\na.txt,26/03/2020\n")
    (error,) = read_paths([tmp_path])
    assert isinstance(error, ReadError) and "manifest" in error.reason
