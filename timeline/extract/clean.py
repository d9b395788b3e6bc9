"""Blank out page furniture in article text while keeping every offset valid.

``clean(text)`` returns a string of the same length as ``text`` in which boilerplate
(menus, repeated lines, related-story blocks, comment sections, photo credits, tag lists,
mastheads, share prompts) is replaced by spaces, newlines kept (but those inside a
hard-wrapped paragraph, below). Extraction runs on the
cleaned string, and because nothing moves, evidence offsets point into the original.

The rules are about the *shape* of web-page dumps, not about particular sites:

- a line starting with a bullet is a menu or list item, unless it is one of the points of a
  sentence ending with a colon ("أن الاتصال شهد بحث:");
- a line already seen earlier in the page is a repeat (a headline reused as an image
  caption, a menu label repeated under its link);
- a run of three or more very short lines is a menu or a masthead;
- a section header such as "اقرأ أيضا" or "التعليقات" starts a block that runs to the
  end of its list of headlines (comments: to the end of the page);
- comma-separated lists of short items are tag lists; a line that is only a date and a
  time is a page stamp; "المزيد" teasers, share/follow prompts and photo credits go.

Text copied from a PDF or an e-paper is hard-wrapped: its lines end mid-sentence, a name
can start on one line and end on the next. When a page has several lines that read as
wrapped (column-wide, no closing punctuation, text on the next line), the newlines after
them become spaces, so that a sentence is a sentence again; page headers, with their wide
gaps, and indented furniture stay lines of their own.
"""

from __future__ import annotations

import re

from timeline.extract.normalize import normalize, normalize_with_offsets

_BULLETS = "•·●▪■◦►▶»*-–—"
_VERY_SHORT_WORDS = 4
_HEADLINE_WORDS = 18
_LEAD_IN_WORDS = 5  # a line ending with a colon that introduces a list is a sentence
_SENTENCE_END = re.compile(r"[.!؟?:]\s*[\"'»”)]*\s*$")

# Headers of blocks that list other stories: their following headline-like lines go too.
_RELATED_WORDS = (
    r"(?:اقرا ايضا|اقرا كذلك|اقرا المزيد|اخبار ذات صله|مواضيع ذات صله|مقالات ذات صله|"
    r"ذات صله|الاكثر قراءه|الاكثر مشاهده|الاكثر تعليقا|اخترنا لك|المزيد من الاخبار|"
    r"اخر الاخبار|احدث الاخبار|شاهد ايضا|قد يهمك ايضا|قد يعجبك ايضا|تابع ايضا|"
    r"related|read more|most read|see also)"
)
_RELATED = re.compile(r"^" + _RELATED_WORDS + r"\s*[:：]?$")
# "اقرأ أيضا: عنوان خبر آخر" on one line.
_RELATED_INLINE = re.compile(r"^" + _RELATED_WORDS + r"\s*[:：/|-]\s*\S")
# "الوسوم: سوريا، تركيا", "كلمات مفتاحية" and the tag line after them.
_TAGS_HEADER = re.compile(
    r"^(?:الوسوم|وسوم|كلمات مفتاحيه|الكلمات المفتاحيه|الكلمات الدلاليه|tags|keywords)"
    r"\s*[:：]?(?P<rest>.*)$"
)
# Headers after which nothing belongs to the article any more.
_TERMINAL = re.compile(r"^(?:التعليقات|تعليقات|التعليقات \d+|اضف تعليقا|اضف تعليق|comments)\s*:?$")
_SHARE = re.compile(
    r"^(?:شارك|شارك الخبر|شارك المقال|مشاركه|تابعونا|تابعنا|تابعونا على|تابعنا على|"
    r"اين يمكنك متابعتنا|طباعه|ارسل|share|tweet|facebook|twitter|whatsapp|فيسبوك|تويتر|"
    r"واتساب|انستغرام|يوتيوب|تلغرام)\b[\s\w:|/]{0,40}$"
)
_MASTHEAD = re.compile(
    r"^(?:رئيس مجلس الاداره|رئيس التحرير|مدير التحرير|نائب رئيس التحرير|"
    r"المدير العام|رئيس مجلس الاداره والتحرير|المشرف العام)\s*[:：]?\s*(?P<name>.*)$"
)
_MORE_TEASER = re.compile(r"\.{0,3}\s*(?:اقرا |لقراءه )?المزيد\s*$")
_DATE_STAMP = re.compile(r"^[\w\s,،/\-–]{0,40}\d{1,2}:\d{2}(?::\d{2})?\s*(?:[صمAPap][Mm]?)?\s*$")
_TAG_SEPARATORS = re.compile(r"\s*[,،|]\s*")
# Photo credits: "(أ ف ب- أرشيف)", "- صورة أرشيفية / Reuters", "(رويترز)" at line end.
_AGENCY = r"(?:ا ف ب|رويترز|اب|ارشيف|ارشيفيه|getty|afp|reuters|ap|epa|سبوتنيك|الاناضول|واس)"
_CREDIT = re.compile(
    r"(?:\s[-–|/]\s*)?(?:\([^()\n]{0,30}\b" + _AGENCY + r"\b[^()\n]{0,30}\)"
    r"|صوره ارشيفيه[^\n]{0,60}|(?:تصوير|الصوره|مصدر الصوره)\s*[:/][^\n]{0,60})\s*$",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """Same-length copy of ``text`` with boilerplate replaced by spaces.

    >>> page = "• الرئيسية\\n• أخبار\\nبحث الرئيسان العلاقات.\\n"
    >>> cleaned = clean(page)
    >>> len(cleaned) == len(page), cleaned.strip()
    (True, 'بحث الرئيسان العلاقات.')
    """
    lines = _split_lines(text)
    keep = [True] * len(lines)
    # Normalization keeps newlines, so the normalized text splits into the same lines.
    norms = [line.strip().lower() for line in normalize(text).split("\n")]
    _drop_line_kinds(norms, keep)
    _drop_repeats(norms, keep)
    _drop_short_runs(norms, keep)
    _drop_blocks(norms, keep)
    out = list(text)
    for (start, end), kept, norm in zip(lines, keep, norms, strict=True):
        if not kept:
            _blank(out, start, end)
        elif norm and _CREDIT.search(norm):
            _blank_credit(text, out, start, end)
    _unwrap(out, lines)
    return "".join(out)


# A wrapped line: as wide as a column, a few words, no closing punctuation, no wide gap
# (a page header's columns), not indented far (a right-aligned page number or "continued").
_WRAP_WIDTH = (25, 90)
_WRAP_WORDS = 4
_WRAPS_PER_PAGE = 3  # fewer, and an unpunctuated headline or caption is likelier
_GAP = re.compile(r"\S {3,}\S|\t")
_INDENT = 8
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def _unwrap(out: list[str], lines: list[tuple[int, int]]) -> None:
    text = [("".join(out[start:end])) for start, end in lines]
    wraps = [i for i in range(len(lines) - 1) if _wrapped(text[i]) and _continues(text[i + 1])]
    if len(wraps) >= _WRAPS_PER_PAGE:
        for i in wraps:
            out[lines[i][1]] = " "


def _wrapped(line: str) -> bool:
    body = line.strip()
    return (
        _WRAP_WIDTH[0] <= len(body) <= _WRAP_WIDTH[1]
        and len(body.split()) >= _WRAP_WORDS
        and not _SENTENCE_END.search(body)
        and _laid_out_as_text(line)
    )


def _continues(line: str) -> bool:
    body = line.strip()
    return (
        len(_ARABIC_WORD.findall(body)) >= 2 and body[0] not in _BULLETS and _laid_out_as_text(line)
    )


def _laid_out_as_text(line: str) -> bool:
    return not _GAP.search(line.strip()) and len(line) - len(line.lstrip()) < _INDENT


def _split_lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _blank(out: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if out[i] != "\n":
            out[i] = " "


def _words(norm: str) -> int:
    return len(norm.split())


def _is_headline(norm: str) -> bool:
    return 0 < _words(norm) <= _HEADLINE_WORDS and not _SENTENCE_END.search(norm)


def _is_tag_list(norm: str) -> bool:
    items = [i for i in _TAG_SEPARATORS.split(norm) if i]
    return len(items) >= 4 and all(_words(i) <= 4 for i in items) and "." not in norm


def _drop_line_kinds(norms: list[str], keep: list[bool]) -> None:
    listing = False  # in the bullets of a sentence that ends with a colon
    for i, norm in enumerate(norms):
        if not norm:
            continue
        bullet = norm[0] in _BULLETS and _words(norm.lstrip(_BULLETS)) <= _HEADLINE_WORDS
        # "أن الاتصال شهد بحث:" then "- العلاقات الثنائية ...": the article's own list, which
        # a menu (a bare label at most before it) never is.
        listing = (listing and bullet) or (norm.endswith(":") and _words(norm) >= _LEAD_IN_WORDS)
        if listing and bullet:
            continue
        masthead = _MASTHEAD.match(norm)
        if (
            bullet
            or _SHARE.match(norm)
            or _DATE_STAMP.match(norm)
            or _is_tag_list(norm)
            or (_MORE_TEASER.search(norm) and _words(norm) <= 40)
            or (_RELATED_INLINE.match(norm) and _words(norm) <= _HEADLINE_WORDS + 4)
        ):
            keep[i] = False
        elif _TAGS_HEADER.match(norm) and _words(norm) <= _HEADLINE_WORDS:
            keep[i] = False
            rest = _TAGS_HEADER.match(norm).group("rest").strip()
            if not rest and i + 1 < len(norms) and _is_headline(norms[i + 1]):
                keep[i + 1] = False
        elif masthead:
            keep[i] = False
            # The name usually sits on the next line when not after the title.
            if not masthead.group("name") and i + 1 < len(norms) and _words(norms[i + 1]) <= 4:
                keep[i + 1] = False


def _drop_repeats(norms: list[str], keep: list[bool]) -> None:
    seen: set[str] = set()
    for i, norm in enumerate(norms):
        key = " ".join(norm.lstrip(_BULLETS + " ").split())
        if not key:
            continue
        # Only short lines: a caption or a menu label repeats; a body sentence that
        # recurs (two calls told alike: "كما جرى استعراض ...") is still the article.
        if key in seen and _words(key) <= _HEADLINE_WORDS:
            keep[i] = False
        seen.add(key)


def _drop_short_runs(norms: list[str], keep: list[bool]) -> None:
    """Three or more very short lines in a row (blank lines aside) are a menu."""
    run: list[int] = []
    for i, norm in enumerate([*norms, "x " * 50]):
        if not norm:
            continue
        if _words(norm) <= _VERY_SHORT_WORDS and not _SENTENCE_END.search(norm):
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                keep[j] = False
        run = []


def _drop_blocks(norms: list[str], keep: list[bool]) -> None:
    i = 0
    while i < len(norms):
        norm = norms[i]
        if _TERMINAL.match(norm):
            for j in range(i, len(norms)):
                keep[j] = False
            return
        if _RELATED.match(norm):
            keep[i] = False
            j = i + 1
            while j < len(norms) and (not norms[j] or _is_headline(norms[j])):
                keep[j] = False
                j += 1
            i = j
            continue
        i += 1


def _blank_credit(text: str, out: list[str], start: int, end: int) -> None:
    line = normalize_with_offsets(text[start:end])
    match = _CREDIT.search(line.norm)
    if match:
        _blank(out, start + line.span(match.start(), match.end())[0], end)


_ABBREVIATION = re.compile(r"(?:^|\s)(?:د|م|أ|ج|ص|س|ق|ه|هـ|Dr|Mr|Mrs|St)$")
_BREAK = re.compile(r"[.!؟?؛;]+|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: Arabic and Latin final punctuation and newlines.

    A period after a lone letter ("د.") or between digits ("3.5") does not end a
    sentence; a comma never does, since Arabic news strings whole reports on "،".
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BREAK.finditer(text):
        cut = match.start()
        if match.group() == ".":
            before, after = text[max(0, cut - 4) : cut], text[cut + 1 : cut + 2]
            if _ABBREVIATION.search(before) or (before[-1:].isdigit() and after.isdigit()):
                continue
        _add_span(text, start, match.end(), spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
