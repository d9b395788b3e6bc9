"""Measure the topic lexicon against the gold contacts, with a rough stand-in for contacts.py.

For each gold primary row, the sentences of its article that mention either participant's
country or leader, or a contact word, are taken as the contact's spans; the lexicon runs on
them. Prints topic recall over ``topics_required``, precision over predicted slugs that fall in
``topics_required`` or ``topics_allowed``, F1, per-topic errors and (with -v) each miss.

    .venv/bin/python scripts/topic_dev.py [-v] [--whole]

``--whole`` runs the lexicon on the whole article instead (how much span selection matters).
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

from babel import Locale

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timeline.extract.normalize import normalize
from timeline.extract.topics import Lexicon

SHARED = Path("/work/shared")
GOLD = [SHARED / "contract" / "seeds-gold.jsonl", SHARED / "contract" / "corpus-gold.jsonl"]
FOLDERS = [SHARED / "seeds", SHARED / "corpus" / "ant", SHARED / "corpus" / "saudinewsnet"]

# Dev-only stand-in for leaders.py: one distinctive Arabic name word per gold leader.
LEADER_WORDS = {
    "abdel-fattah-el-sisi": "السيسي",
    "abdelaziz-bouteflika": "بوتفليقة",
    "abdullah-ii": "عبدالله|عبد الله",
    "abiy-ahmed": "آبي",
    "angela-merkel": "ميركل",
    "ashraf-ghani": "غني",
    "barack-obama": "أوباما",
    "bashar-al-assad": "الأسد",
    "beji-caid-essebsi": "السبسي",
    "benjamin-netanyahu": "نتنياهو",
    "donald-trump": "ترامب|ترمب",
    "emmanuel-macron": "ماكرون",
    "francois-hollande": "هولاند",
    "giuseppe-conte": "كونتي",
    "haider-al-abadi": "العبادي",
    "hamad-bin-isa-al-khalifa": "حمد",
    "hassan-rouhani": "روحاني",
    "justin-trudeau": "ترودو",
    "kim-jong-un": "كيم",
    "mahmoud-abbas": "عباس",
    "michel-aoun": "عون",
    "mohammed-vi": "محمد السادس",
    "moon-jae-in": "مون",
    "narendra-modi": "مودي",
    "nawaz-sharif": "شريف",
    "recep-tayyip-erdogan": "أردوغان|اردوغان",
    "saad-hariri": "الحريري",
    "sabah-al-ahmad-al-jaber-al-sabah": "صباح",
    "salman-bin-abdulaziz": "سلمان|خادم الحرمين",
    "scott-morrison": "موريسون",
    "shinzo-abe": "آبي",
    "theresa-may": "ماي",
    "tamim-bin-hamad-al-thani": "تميم",
    "vladimir-putin": "بوتين",
    "xi-jinping": "شي",
}
CONTACT_WORDS = (
    "اتصال|اتصالا|هاتفي*|مكالم*|بحث|بحثا|يبحث|تباحث*|ناقش*|استعرض*|تناول*|تطرق*|لقاء|التقى|"
    "استقبل|محادثات|مباحثات|قمة|اجتماع|أكد|أكدا|شدد*"
)


def _word_regex(words: str) -> re.Pattern[str]:
    parts = []
    for word in words.split("|"):
        body = re.escape(normalize(word.rstrip("*")))
        parts.append(body + (r"\w*" if word.endswith("*") else r"(?!\w)"))
    return re.compile(r"(?<!\w)(?:[وفبلك]|ال|وال|بال|لل)?(?:" + "|".join(parts) + ")")


def _country_words(code: str) -> str:
    name = Locale("ar").territories.get(code, "")
    words = [name] if name else []
    if name.startswith("ال"):
        name = name[2:]
    stem = re.sub("[اةه]$", "", name.split()[0]) if name else ""
    if len(stem) >= 3:
        words.append(stem + "ي*")
    return "|".join(w for w in words if w)


def read_article(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if "<DOC>" in raw:
        parts = re.findall(r"<(TITLE|TEXT)>(.*?)</\1>", raw, re.S)
        return "\n".join(body for _, body in parts)
    return raw


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?؟\n]+", text)]


def contact_spans(text: str, row: dict) -> list[tuple[int, int]]:
    words = [CONTACT_WORDS]
    for part in row["participants"]:
        words.append(LEADER_WORDS.get(part["leader"], ""))
        words.append(_country_words(part["country"]))
    pattern = _word_regex("|".join(w for w in words if w))
    return [(s, e) for s, e in sentence_spans(text) if pattern.search(normalize(text[s:e]))]


def find_file(name: str) -> Path:
    for folder in FOLDERS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def main(verbose: bool, whole: bool = False) -> None:
    lexicon = Lexicon.default()
    tp = fn = fp_pred = tp_pred = 0
    misses: collections.Counter[str] = collections.Counter()
    extras: collections.Counter[str] = collections.Counter()
    for gold in GOLD:
        for line in gold.open(encoding="utf-8"):
            row = json.loads(line)
            if row["kind"] != "primary":
                continue
            text = read_article(find_file(row["article"]))
            hits = lexicon.topics(text, None if whole else contact_spans(text, row))
            predicted = {hit.slug for hit in hits}
            required = set(row["topics_required"])
            allowed = required | set(row["topics_allowed"])
            tp += len(required & predicted)
            fn += len(required - predicted)
            tp_pred += len(predicted & allowed)
            fp_pred += len(predicted - allowed)
            misses.update(required - predicted)
            extras.update(predicted - allowed)
            if verbose and (required - predicted or predicted - allowed):
                print(
                    row["article"],
                    "miss",
                    sorted(required - predicted),
                    "extra",
                    [(h.slug, h.text) for h in hits if h.slug not in allowed],
                )
    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp_pred / (tp_pred + fp_pred) if tp_pred + fp_pred else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"recall {recall:.3f}  precision {precision:.3f}  F1 {f1:.3f}")
    print("misses", dict(misses.most_common()))
    print("extras", dict(extras.most_common()))


if __name__ == "__main__":
    main("-v" in sys.argv, "--whole" in sys.argv)
