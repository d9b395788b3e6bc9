"""The scanner behind ``Gazetteer.find``: phrase tables and the rules that read a title,
a country and a name off a normalized text.

``Lexicon.scan(norm)`` returns ``RawMention`` values with offsets into the normalized
text; ``leaders.Gazetteer`` maps them back to the original and resolves who is meant.
Only the first word of a phrase may carry a proclitic (و ف ب ل ك and "لل" for ل+ال).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from timeline.extract.normalize import normalize

if TYPE_CHECKING:
    from timeline.extract.leaders import Country, Leader

_WORD = re.compile(r"[^\W_]+")
_GAP = re.compile(r"[ \t]+|-")  # a line break or punctuation ends a phrase
_CLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_GENITIVE_PREFIXES = ("دولة", "جمهورية", "مملكة", "سلطنة", "إمارة", "ولاية")
# "رئيسة مجلس وزراء الجمهورية الإيطالية": the state, then its adjective.
_STATE_NOUNS = ("الجمهورية", "المملكة", "الدولة", "السلطنة", "الإمارة")
# What a state calls itself between its noun and its demonym.
_REGIME_ADJECTIVES = frozenset(
    normalize(w)
    for w in (
        "الإسلامية", "العربية", "الشعبية", "الديمقراطية", "الاتحادية", "الفيدرالية",
        "الاشتراكية", "الدستورية", "المتحدة",
    )
)  # fmt: skip
# Imperfect verbs start with ي; these names do too, so they may open a candidate's name.
_YA_NAMES = frozenset(
    normalize(n) for n in ("يوسف", "يحيى", "ياسر", "يعقوب", "يائير", "ياسين", "يوري", "يونس")
)


def phrase_tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(normalize(text)))


def _spellings(phrase: str) -> set[str]:
    """عبد الله / عبدالله and أبو الغيط / أبوالغيط are written both ways."""
    norm = " ".join(phrase_tokens(phrase))
    out = {norm}
    for head in ("عبد", "ابو"):
        out |= {s.replace(f"{head} ال", f"{head}ال") for s in list(out)}
        out |= {re.sub(rf"\b{head}ال", f"{head} ال", s) for s in list(out)}
    return out


class _Tokens:
    """Words of a normalized text with their offsets; ``joined[k]`` says whether word k
    follows word k-1 across nothing but spaces or a hyphen (so a phrase may span them)."""

    def __init__(self, norm: str) -> None:
        found = list(_WORD.finditer(norm))
        self.words = [m.group() for m in found]
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self.joined = [False] + [
            bool(_GAP.fullmatch(norm, self.ends[k - 1], self.starts[k]))
            for k in range(1, len(found))
        ]
        self._forms: dict[int, list[tuple[str, int]]] = {}

    def __len__(self) -> int:
        return len(self.words)

    def forms(self, i: int) -> list[tuple[str, int]]:
        """Word ``i`` with each possible proclitic removed (``clitic_forms``), once."""
        if i not in self._forms:
            self._forms[i] = clitic_forms(self.words[i])
        return self._forms[i]


def clitic_forms(word: str) -> list[tuple[str, int]]:
    """A normalized word with each possible proclitic removed, as (form, characters cut)."""
    forms = [(word, 0)]
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            forms.append((word[len(clitic) :], len(clitic)))
    for conj in ("", "و", "ف"):  # ل + ال is written لل: keep the whole word
        if word.startswith(conj + "لل") and len(word) > len(conj) + 3:
            forms.append(("ال" + word[len(conj) + 2 :], 0))
    return forms


class _Table:
    """Phrases (tuples of normalized words) to values, matched longest first."""

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], object] = {}
        self.lengths: dict[str, list[int]] = {}

    def add(self, phrase: str, value: object, merge: bool = False) -> None:
        for spelling in _spellings(phrase):
            key = tuple(spelling.split())
            if not key:
                continue
            if merge and key in self.phrases:
                old = self.phrases[key]
                value_out = old + tuple(v for v in value if v not in old)
            else:
                value_out = value
            self.phrases[key] = value_out
            lengths = self.lengths.setdefault(key[0], [])
            if len(key) not in lengths:
                lengths.append(len(key))
                lengths.sort(reverse=True)

    def match(self, toks: _Tokens, i: int, clitic: bool = False) -> tuple | None:
        """(value, index after the phrase, characters of proclitic) or None."""
        size = len(toks.words)  # not len(toks): this runs for most words of every text
        if i >= size:
            return None
        best = None
        for form, cut in toks.forms(i) if clitic else [(toks.words[i], 0)]:
            for n in self.lengths.get(form, ()):
                if best and n <= best[1] - i:
                    break
                end = i + n
                if end > size or not all(toks.joined[k] for k in range(i + 1, end)):
                    continue
                key = (form, *toks.words[i + 1 : end])
                if key in self.phrases:
                    best = (self.phrases[key], end, cut)
                    break
        return best


@dataclass(frozen=True)
class RawMention:
    kind: str
    start: int
    end: int
    title_start: int
    name_start: int
    leaders: tuple[Leader, ...] = ()
    country: str | None = None
    office: str | None = None
    title_end: int = -1  # for a candidate: where its title (and country) ends


@dataclass(frozen=True)
class _Title:
    kind: str  # head | official
    office: str | None
    country: str | None = None
    restrict: tuple[str, ...] = ()
    construct: bool = False  # "رئيس" + genitive: without a country it heads something else


def _table(items: Iterable[tuple[str, object]], merge: bool = False) -> _Table:
    table = _Table()
    for phrase, value in items:
        table.add(phrase, value, merge)
    return table


class Lexicon:
    """Every phrase table the scanner uses, built once per gazetteer."""

    def __init__(self, leaders: Iterable[Leader], countries: Iterable[Country], data: dict):
        leaders, countries = list(leaders), list(countries)
        blockers = [(p, ()) for p in data["not_leaders"]]
        named = [(a, (ldr,)) for ldr in leaders for a in (ldr.name_ar, *ldr.aliases_ar) if a]
        titled = [(a, (ldr,)) for ldr in leaders for a in ldr.titled_aliases_ar]
        self.names = _table(blockers + named, merge=True)
        self.titled = _table(blockers + named + titled, merge=True)
        titles = [(p, _Title("official", None)) for p in data["officials"]]
        for phrase, spec in data["heads"].items():
            office, country, restrict = [*spec, None, None][:3]
            construct = not phrase_tokens(phrase)[-1].startswith("ال")
            titles.append(
                (phrase, _Title("head", office, country, tuple(restrict or ()), construct))
            )
        self.titles = _table(titles)
        self.honorifics = _table((p, True) for p in data["honorifics"])
        self.weak = _table((p, True) for p in data["weak_honorifics"])
        self.counterparts = _table((p, True) for p in data["counterparts"])
        self.duals = _table((p, o) for p, o in data["duals"].items())
        self.former = _table((p, True) for p in data["former"])
        self.qualifiers = _table((p, True) for p in data["qualifiers"])
        self.demonyms = _table((d, c.code) for c in countries for d in c.demonyms_ar)
        self.places = _table((n, c.code) for c in countries for n in (c.name_ar, *c.names_ar) if n)
        self.genitive = _table((p, True) for p in _GENITIVE_PREFIXES)
        self.states = _table((p, True) for p in _STATE_NOUNS)
        self.stop = {normalize(w) for w in data["name_stop"]}
        tables = (self.titled, self.titles, self.honorifics, self.counterparts, self.duals)
        firsts = {w for t in tables for w in t.lengths}
        # Every first word with every proclitic, so that most words cost one set lookup.
        self.starters = firsts | {c + w for w in firsts for c in _CLITICS}
        self.starters |= {c + "لل" + w[2:] for w in firsts if w.startswith("ال") for c in "وف"}
        self.starters |= {"ل" + w[1:] for w in firsts if w.startswith("ال")}

    # -- scanning

    def scan(self, norm: str) -> list[RawMention]:
        toks = _Tokens(norm)
        out: list[RawMention] = []
        i, size, words, starters = 0, len(toks.words), toks.words, self.starters
        while i < size:
            if words[i] not in starters:
                i += 1
                continue
            found = self._at(toks, i)
            if found is None:
                i += 1
                continue
            mentions, nxt = found
            out.extend(mentions)
            i = max(nxt, i + 1)
        return out

    def _at(self, toks: _Tokens, i: int) -> tuple[list[RawMention], int] | None:
        dual = self.duals.match(toks, i, clitic=True)
        if dual:
            found = self._dual(toks, i, dual)
            if found:
                return found
        title = self.titles.match(toks, i, clitic=True)
        if title:
            return self._title(toks, i, title)
        counterpart = self.counterparts.match(toks, i, clitic=True)
        if counterpart:
            return self._counterpart(toks, i, counterpart)
        honorific = self.honorifics.match(toks, i, clitic=True)
        if honorific:
            k = self._skip(toks, honorific[1], self.honorifics)
            # "اللواء عباس" is not Mahmoud Abbas: plain courtesy titles license full names only
            weak = all(self.weak.match(toks, m) for m in range(i + 1, k)) and self._weak(toks, i)
            names = self.names if weak else self.titled
            name = names.match(toks, k) if k < len(toks) and toks.joined[k] else None
            if name and name[0]:
                return [self._raw(toks, "name", i, honorific[2], k, name)], name[1]
        name = self.names.match(toks, i, clitic=True)
        if name:
            if not name[0]:  # a blocked non-leader name ("إيفانكا ترامب")
                return [], name[1]
            return [self._raw(toks, "name", i, name[2], i, name, cut_name=True)], name[1]
        return None

    def _raw(
        self,
        toks: _Tokens,
        kind: str,
        i: int,
        cut: int,
        k: int,
        name: tuple | None,
        *,
        country: str | None = None,
        office: str | None = None,
        cut_name: bool = False,
    ) -> RawMention:
        """Mention from word ``i`` (less ``cut`` proclitic letters) to the end of ``name``
        (which starts at word ``k``), or to word ``k`` when there is no name."""
        start = toks.starts[i] + cut
        end = toks.ends[name[1] - 1] if name else toks.ends[k - 1]
        name_start = start if cut_name else (toks.starts[k] if k < len(toks) else end)
        leaders = name[0] if name else ()
        if country and leaders:
            leaders = tuple(ldr for ldr in leaders if _belongs(ldr, country)) or leaders
        return RawMention(kind, start, end, start, name_start, leaders, country, office)

    def _skip(self, toks: _Tokens, k: int, table: _Table) -> int:
        """Index after any run of ``table`` phrases starting at ``k``."""
        while (found := table.match(toks, k)) and toks.joined[k]:
            k = found[1]
        return k

    def _place(self, toks: _Tokens, k: int) -> tuple[str, int] | None:
        """A country after a title: a demonym or a genitive name ("أمير دولة قطر")."""
        if k >= len(toks) or not toks.joined[k]:
            return None
        found = self.demonyms.match(toks, k) or self._demonym_after_adjectives(toks, k)
        if found:
            return found[0], found[1]
        prefix = self.genitive.match(toks, k)
        j = prefix[1] if prefix else k
        found = self.places.match(toks, j) or (prefix and self.places.match(toks, k))
        if found:
            return found[0], found[1]
        state = self.states.match(toks, k)
        if state:
            found = self._demonym_after_adjectives(toks, state[1], required=False)
        return (found[0], found[1]) if found else None

    def _demonym_after_adjectives(
        self, toks: _Tokens, k: int, required: bool = True
    ) -> tuple | None:
        """The demonym after what a state calls itself: "(رئيس الجمهورية) الإسلامية
        الموريتانية", "(الجمهورية) العربية السورية"; ``required``: at least one such word."""
        j = k
        while j < len(toks) and toks.joined[j] and toks.words[j] in _REGIME_ADJECTIVES:
            j += 1
        if (required and j == k) or j >= len(toks) or not toks.joined[j]:
            return None
        return self.demonyms.match(toks, j)

    def _qualify(self, toks: _Tokens, k: int, former: bool) -> tuple[int, bool]:
        """Skip "السابق", "المنتخب"... noting whether the person no longer holds office."""
        while k < len(toks) and toks.joined[k]:
            if found := self.former.match(toks, k):
                k, former = found[1], True
            elif found := self.qualifiers.match(toks, k):
                k = found[1]
            else:
                break
        return k, former

    def _weak(self, toks: _Tokens, i: int) -> bool:
        found = self.weak.match(toks, i, clitic=True)
        return bool(found) and not self.titles.match(toks, i, clitic=True)

    def _name_after(
        self, toks: _Tokens, k: int, country: str | None = None
    ) -> tuple[int, tuple | None]:
        """Honorifics then a leader's name; with a country, only a leader of it
        ("رئيس الوزراء التركي بن علي" is Yildirim, not Tunisia's Ben Ali)."""
        k = self._skip(toks, k, self.honorifics)
        if k >= len(toks) or not toks.joined[k]:
            return k, None
        name = self.titled.match(toks, k)
        if name and name[0] and country:
            fitting = tuple(ldr for ldr in name[0] if _belongs(ldr, country))
            name = (fitting, *name[1:]) if fitting else None
        return k, name

    def _title(self, toks: _Tokens, i: int, match: tuple) -> tuple[list[RawMention], int]:
        spec, j, cut = match
        if spec.kind == "official":
            return self._official(toks, i, cut, j)
        k, former = self._qualify(toks, j, False)
        country = spec.country
        if country is None and (place := self._place(toks, k)):
            country, k = place
        k, former = self._qualify(toks, k, former)
        k, name = self._name_after(toks, k, country)
        if name and not name[0]:
            return [], name[1]
        if spec.restrict and country not in spec.restrict:
            if name and any(t.office == spec.office for ldr in name[0] for t in ldr.terms):
                return [self._raw(toks, "name", i, cut, k, name, office=spec.office)], name[1]
            if name and country is None and self.honorifics.match(toks, i, clitic=True):
                # Egypt's judges are "المستشار": "المستشار عدلي منصور" is the interim
                # president named by his honorific, not an adviser.
                return [self._raw(toks, "name", i, cut, k, name)], name[1]
            return self._official(toks, i, cut, j)
        if name:
            raw = self._raw(toks, "name", i, cut, k, name, country=country, office=spec.office)
            return [raw], name[1]
        if country is None and (chained := self._chained(toks, k, spec.office)):
            end, name = chained
            return [self._raw(toks, "name", i, cut, k, name, office=spec.office)], end
        if country is None:
            if spec.construct:  # "رئيس الموساد", "أمير منطقة الرياض": not a country's leader
                return self._official(toks, i, cut, j, office=spec.office)
            return [], j
        if former:
            return self._official(toks, i, cut, k, country=country)
        return self._nameless(toks, i, cut, k, "title", country, spec.office)

    def _chained(self, toks: _Tokens, k: int, office: str | None) -> tuple[int, tuple] | None:
        """A second, non-leader title between a leader's title and the name ("رئيس مجلس السيادة
        القائد العام للقوات المسلحة الفريق أول ركن عبد الفتاح البرهان"): the name after it is the
        leader's when they held the first title's office, so the whole chain names them."""
        if office is None or k >= len(toks) or not toks.joined[k]:
            return None
        title = self.titles.match(toks, k)
        if not title or title[0].kind != "official":
            return None
        end, name = self._tail(toks, title[1])
        held = tuple(ldr for ldr in (name[0] if name else ()) if _held(ldr, office))
        return (end, (held, *name[1:])) if held else None

    def _nameless(
        self, toks: _Tokens, i: int, cut: int, k: int, kind: str, country: str, office: str | None
    ) -> tuple[list[RawMention], int]:
        """A title or counterpart with a country: a candidate if an unknown name follows."""
        end = self._candidate_end(toks, k)
        if end and kind == "counterpart":  # "نظيره السعودي عادل الجبير" may be a minister
            return [self._raw(toks, kind, i, cut, k, ((), end), country=country)], end
        if end:
            raw = self._raw(toks, "candidate", i, cut, k, ((), end), country=country, office=office)
            return [replace(raw, title_end=toks.ends[k - 1])], end
        return [self._raw(toks, kind, i, cut, k, None, country=country, office=office)], k

    def _counterpart(self, toks: _Tokens, i: int, match: tuple) -> tuple[list[RawMention], int]:
        _, j, cut = match
        place = self._place(toks, j)
        if place is None:
            k, name = self._name_after(toks, j)
            if name and name[0]:
                return [self._raw(toks, "name", i, cut, k, name)], name[1]
            return [], j
        country, k = place
        k, _ = self._qualify(toks, k, False)
        k, name = self._name_after(toks, k, country)
        if name and name[0]:
            return [self._raw(toks, "name", i, cut, k, name, country=country)], name[1]
        return self._nameless(toks, i, cut, k, "counterpart", country, None)

    def _dual(self, toks: _Tokens, i: int, match: tuple) -> tuple[list[RawMention], int] | None:
        """ "الرئيسين الروسي والفرنسي", "الرئيسان الأميركي دونالد ترامب والروسي فلاديمير بوتين"."""
        office, j, cut = match
        place = self._place(toks, j)
        if place is None:
            return None
        nameless = "counterpart" if self.counterparts.match(toks, i, clitic=True) else "title"
        country, k = place
        k, name = self._name_after(toks, k, country)
        first = self._raw(
            toks, "name" if name else nameless, i, cut, k, name, country=country, office=office
        )
        k = name[1] if name else k
        second = self.demonyms.match(toks, k, clitic=True) if k < len(toks) else None
        if not (second and toks.joined[k] and toks.words[k].startswith("و") and second[2]):
            return [first], k
        country2, k2, cut2 = second
        k2, name2 = self._name_after(toks, k2, country2)
        other = self._raw(
            toks, "name" if name2 else nameless, k, cut2, k2, name2, country=country2, office=office
        )
        other = replace(other, title_start=first.start)
        return [first, other], name2[1] if name2 else k2

    def _starts_mention(self, toks: _Tokens, k: int) -> bool:
        return bool(
            self.titles.match(toks, k, clitic=True)
            or self.counterparts.match(toks, k, clitic=True)
            or self.duals.match(toks, k, clitic=True)
        )

    def _tail(self, toks: _Tokens, j: int, limit: int = 7) -> tuple[int, tuple | None]:
        """End of what follows a non-leader title: portfolio, country and the person's
        name ("وزير الخارجية الروسي سيرغي لافروف"), stopping at function words,
        punctuation and the next title; with the table name found there, if any."""
        k = j
        while k < len(toks) and k - j < limit and toks.joined[k]:
            word = toks.words[k]
            if word in self.stop or word.isdigit():
                break
            head = self.titles.match(toks, k)
            if head and (k == j or toks.words[k - 1] == "باسم"):
                k = head[1]  # "نائب الرئيس", "المتحدث باسم الرئيس": still the official
                continue
            named = self._name_after(toks, k)[1]
            if named:  # the official's own name ends the phrase, however long the title
                return named[1], named if named[0] else None
            if self._starts_mention(toks, k):
                break
            if word.startswith("و") and word not in _WAW_NAMES:
                break
            k += 1
        return k, None

    def _official(
        self,
        toks: _Tokens,
        i: int,
        cut: int,
        j: int,
        country: str | None = None,
        office: str | None = None,
    ) -> tuple[list[RawMention], int]:
        """A non-leader title and the person after it. ``leaders`` is kept when the person
        is in the table (a crown prince named by his ministerial title). With ``office``,
        a leader who held that office makes it a name ("رئيس حكومة تصريف الأعمال سعد
        الحريري" is the caretaker prime minister)."""
        end, name = self._tail(toks, j)
        raw = self._raw(toks, "official", i, cut, end, None, country=country)
        if name is None:
            return [raw], end
        held = tuple(ldr for ldr in name[0] if any(t.office == office for t in ldr.terms))
        if office and held:
            return [replace(raw, kind="name", leaders=held, office=office, country=None)], end
        return [replace(raw, leaders=name[0])], end

    def _candidate_end(self, toks: _Tokens, k: int) -> int | None:
        """End of a plausible personal name of two or three words starting at ``k``."""
        end = k
        while end < len(toks) and end - k < 3 and toks.joined[end]:
            word = toks.words[end]
            if word in self.stop or not word.isalpha() or len(word) < 2:
                break
            if word.startswith(("وال", "بال", "فال", "كال", "لل")):
                break
            if self._starts_mention(toks, end) or self._place(toks, end):
                break
            if self.former.match(toks, end) or self.qualifiers.match(toks, end):
                break
            if end == k and (word.startswith("ال") or word.startswith("و")):
                return None
            if end == k and word.startswith("ي") and word not in _YA_NAMES:
                return None  # an imperfect verb: "الرئيس الفرنسي يشيد"
            end += 1
        return end if end - k >= 2 else None


_WAW_NAMES = frozenset(
    normalize(n) for n in ("وليد", "وائل", "وليام", "ويليام", "وديع", "ولد", "وحيد", "وانغ", "وونغ")
)


def _belongs(leader: Leader, country: str) -> bool:
    return leader.country == country or any(t.country == country for t in leader.terms)


def _held(leader: Leader, office: str) -> bool:
    return any(t.office == office for t in leader.terms)
