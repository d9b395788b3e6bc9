"""Score extracted contacts against hand-checked gold rows (issue 3, part 7).

Pure functions: gold rows are dicts read from JSON Lines, predictions are the dicts of
``ExtractedContact.to_json``, grouped by article file name. Matching rules:

- a prediction matches a gold row of the same article with the same *set of participant
  countries*; among several candidates the same date wins first, then the same medium
  (then a primary row over an optional one), one gold row per prediction;
- ``kind: optional`` rows are neither required nor false: a prediction matching one is
  ignored, and so are further predictions of the same country set;
- a second prediction of a primary row already matched is a false (duplicate) contact;
- ``kind: none`` articles have no rows to match, so anything predicted there is false;
- historical predictions follow the same rules: the flag does not change matching. Gold
  lists background mentions as optional rows, so a historical prediction of one costs
  nothing, while one matching no row at all counts as false — a background mention the
  gold does not know of is almost always a misread, and counting it keeps the extractor
  honest about "historical" being a label, not an escape hatch.

Field accuracies are computed over matched primary rows: medium; leader (every gold
participant shares a name word with the predicted participant of the same country);
initiator (where gold has one); date (where ``date_certain`` is not false). Topic recall
is over ``topics_required``; topic precision over predicted taxonomy slugs, counting
those in ``topics_required`` or ``topics_allowed`` as right.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Particles shared by many Arabic names: sharing one of them says nothing.
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "ben", "abu", "abd"})


@dataclass
class Counts:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.ratio:.3f} ({self.right}/{self.total})"


@dataclass
class EvaluationReport:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    medium: Counts = field(default_factory=Counts)
    leader: Counts = field(default_factory=Counts)
    initiator: Counts = field(default_factory=Counts)
    date: Counts = field(default_factory=Counts)
    topic_recall: Counts = field(default_factory=Counts)
    topic_precision: Counts = field(default_factory=Counts)
    articles: int = 0
    initiator_unwarranted: int = 0  # set where gold has none (not in the figures)
    lines: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def topics_f1(self) -> float:
        return _f1(self.topic_precision.ratio, self.topic_recall.ratio)

    def figures(self) -> dict[str, float]:
        return {
            "contacts_precision": self.precision,
            "contacts_recall": self.recall,
            "contacts_f1": self.f1,
            "medium": self.medium.ratio,
            "leader": self.leader.ratio,
            "initiator": self.initiator.ratio,
            "date": self.date.ratio,
            "topics_precision": self.topic_precision.ratio,
            "topics_recall": self.topic_recall.ratio,
            "topics_f1": self.topics_f1,
        }

    def summary(self) -> str:
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        return "\n".join(
            [
                f"articles {self.articles}",
                f"contacts  P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
                f"  (tp {tp}, fp {fp}, fn {fn})",
                f"medium    {self.medium}",
                f"leader    {self.leader}",
                f"initiator {self.initiator}"
                f"  (+{self.initiator_unwarranted} set where gold has none)",
                f"date      {self.date}",
                f"topics    P {self.topic_precision}  R {self.topic_recall}"
                f"  F1 {self.topics_f1:.3f}",
            ]
        )


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(
    gold: Iterable[Mapping],
    predictions: Mapping[str, list[Mapping]],
    *,
    taxonomy: Iterable[str] | None = None,
) -> EvaluationReport:
    """Score ``predictions`` ({article file name: [contact dicts]}) against ``gold``.

    Only articles present in ``predictions`` are scored (an article read but with no
    contact should map to an empty list), so a gold file can cover more than one folder.
    """
    report = EvaluationReport()
    slugs = frozenset(taxonomy) if taxonomy is not None else None
    by_article: dict[str, list[Mapping]] = {}
    for row in gold:
        by_article.setdefault(row["article"], []).append(row)
    for article in sorted(predictions):
        report.articles += 1
        rows = [r for r in by_article.get(article, []) if r.get("kind") != "none"]
        _score_article(article, rows, list(predictions[article]), report, slugs)
    return report


def _countries(contact: Mapping) -> frozenset[str]:
    return frozenset(p["country"] for p in contact.get("participants", []))


def _label(contact: Mapping) -> str:
    names = "+".join(f"{p['country']}:{p.get('leader', '')}" for p in contact["participants"])
    extra = " historical" if contact.get("historical") else ""
    return f"{names} {contact.get('medium')} {contact.get('date')}{extra}"


def _match(rows: list[Mapping], preds: list[Mapping]) -> tuple[dict[int, int], list[int]]:
    """Pair predictions with gold rows; return {pred index: row index} and the indices of
    predictions absorbed by an optional row (or matching nothing, see caller)."""
    pairs = []
    for pi, pred in enumerate(preds):
        for ri, row in enumerate(rows):
            if _countries(pred) == _countries(row):
                key = (
                    pred.get("date") == row.get("date"),
                    pred.get("medium") == row.get("medium"),
                    row.get("kind") == "primary",
                    -ri,
                    -pi,
                )
                pairs.append((key, pi, ri))
    pairs.sort(reverse=True)
    matched: dict[int, int] = {}
    used_rows: set[int] = set()
    for _key, pi, ri in pairs:
        if pi not in matched and ri not in used_rows:
            matched[pi] = ri
            used_rows.add(ri)
    leftovers = [pi for pi in range(len(preds)) if pi not in matched]
    return matched, leftovers


def _score_article(
    article: str,
    rows: list[Mapping],
    preds: list[Mapping],
    report: EvaluationReport,
    slugs: frozenset[str] | None,
) -> None:
    matched, leftovers = _match(rows, preds)
    optional_sets = {_countries(r) for r in rows if r.get("kind") != "primary"}
    for pi in leftovers:
        pred = preds[pi]
        if _countries(pred) in optional_sets:
            continue
        report.false_positives += 1
        report.lines.append(f"FALSE   {article}: {_label(pred)}")
    hit_rows = set(matched.values())
    for ri, row in enumerate(rows):
        if row.get("kind") == "primary" and ri not in hit_rows:
            report.false_negatives += 1
            report.lines.append(f"MISSED  {article}: {_label(row)}")
    for pi, ri in sorted(matched.items()):
        if rows[ri].get("kind") == "primary":
            report.true_positives += 1
            _score_fields(article, rows[ri], preds[pi], report, slugs)


def _score_fields(
    article: str,
    row: Mapping,
    pred: Mapping,
    report: EvaluationReport,
    slugs: frozenset[str] | None,
) -> None:
    where = f"{article}: {_label(row)}"

    def check(name: str, counts: Counts, want: object, got: object) -> None:
        counts.add(want == got)
        if want != got:
            report.lines.append(f"WRONG   {where}: {name} {got!r}, gold {want!r}")

    check("medium", report.medium, row.get("medium"), pred.get("medium"))
    wrong = _wrong_leaders(row, pred)
    report.leader.add(not wrong)
    if wrong:
        report.lines.append(f"WRONG   {where}: leader {', '.join(wrong)}")
    if row.get("initiator"):
        check("initiator", report.initiator, row.get("initiator"), pred.get("initiator"))
    elif pred.get("initiator"):
        # Not scored (gold has no initiator to compare with), but a guess where the text
        # is ambiguous is what the initiator rule forbids: show it.
        report.initiator_unwarranted += 1
        report.lines.append(f"NOTE    {where}: initiator {pred.get('initiator')!r}, gold None")
    if row.get("date_certain", True):
        check("date", report.date, row.get("date"), pred.get("date"))
    _score_topics(where, row, pred, report, slugs)


def _name_words(slug: str) -> set[str]:
    return {w for w in slug.lower().split("-") if w and w not in _NAME_PARTICLES}


def _wrong_leaders(row: Mapping, pred: Mapping) -> list[str]:
    predicted = {p["country"]: p.get("leader", "") for p in pred.get("participants", [])}
    wrong = []
    for person in row.get("participants", []):
        got = predicted.get(person["country"], "")
        if not _name_words(person["leader"]) & _name_words(got):
            wrong.append(f"{got or '-'} for {person['leader']}")
    return wrong


def _score_topics(
    where: str, row: Mapping, pred: Mapping, report: EvaluationReport, slugs: frozenset[str] | None
) -> None:
    required = set(row.get("topics_required", []))
    allowed = required | set(row.get("topics_allowed", []))
    got = [t for t in pred.get("topics", []) if slugs is None or t in slugs]
    for slug in sorted(required):
        report.topic_recall.add(slug in got)
    missing = sorted(required - set(got))
    for slug in got:
        report.topic_precision.add(slug in allowed)
    extra = sorted(set(got) - allowed)
    if missing:
        report.lines.append(f"TOPIC   {where}: missing {', '.join(missing)}")
    if extra:
        report.lines.append(f"TOPIC   {where}: extra {', '.join(extra)}")
