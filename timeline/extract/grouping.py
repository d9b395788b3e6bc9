"""Merge the reports of one contact: an article tells one call in many sentences.

Reports join a group when they name the same participants (the same countries, and the
same leader for each: a guest's meetings with a president and with a prime minister of one
country are two contacts) and agree on the medium and date: a weak cue (المحادثات، الاتصال)
joins whatever contact of the same pair exists; a date that is only the publication-date
fallback agrees with any date.
Two explicit different dates, or a call and a meeting, are two contacts. Reports with no
participants of their own join the contact reported just before them in the text (or
nothing, when that was a rejected report such as a minister's call).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from timeline.extract.types import FALLBACK_RULES

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_FOLLOW_REACH = 3  # sentences
_ABSOLUTE = ("explicit", "numeric", "hijri", "day_month")


@dataclass
class Group:
    countries: frozenset[str]
    reports: list[Any] = field(default_factory=list)  # contacts.Report
    followers: list[Any] = field(default_factory=list)  # anaphoric reports

    @property
    def strong(self) -> list[Any]:
        """Reports that name the medium outright."""
        return [r for r in self.reports if r.trigger.strength == "strong"]

    @property
    def substantial(self) -> bool:
        """Enough to report a contact: a medium named, or talks said to be held."""
        return any(r.trigger.strength in ("strong", "held") for r in self.reports)

    @property
    def medium(self) -> str:
        for report in self.strong or self.reports:
            return report.trigger.medium
        return "meeting"

    @property
    def date(self) -> Any:
        """The most precise date its reports give; a calendar date ("يوم 20 مارس") wins
        over a relative one ("الاثنين"), which may be the day the news was told."""
        dated = [r.date for r in self.reports + self.followers if _explicit(r.date)]
        if dated:
            return min(
                dated,
                key=lambda d: (_PRECISION_RANK.get(d.precision, 3), d.rule not in _ABSOLUTE),
            )
        return next((r.date for r in self.reports if r.date), None)

    @property
    def historical(self) -> bool:
        dated = [r for r in self.reports if _explicit(r.date)]
        return all(r.historical for r in dated or self.reports)

    def accepts(self, report: Any) -> bool:
        if frozenset(p.country for p in report.participants) != self.countries:
            return False
        if not self._same_leaders(report):
            return False
        strong = report.trigger.strength == "strong" and self.strong
        if strong and report.trigger.medium != self.medium and not self._names_summit(report):
            return False
        if report.inherited and report.extra.get("definite") and not report.historical:
            return True  # "وجاء الاتصال الهاتفي بين الرئيسين ...": the call already told
        if not _same_time(self.date, report.date):
            return False
        return not (_explicit(report.date) and report.historical != self.historical)

    def _names_summit(self, report: Any) -> bool:
        """ "في بداية القمة" after "عقدا قمة افتراضية": a video summit is still "the summit",
        and the definite noun names the one already told."""
        return (
            self.medium == "video"
            and report.trigger.cue == "meet"
            and bool(report.extra.get("definite"))
        )

    def _same_leaders(self, report: Any) -> bool:
        """Two leaders of one country are two contacts: the guest's meeting with the
        president is not the one with the prime minister, however close in the text."""
        mine = {code: slug for r in self.reports for code, slug in _named(r).items()}
        return all(mine.get(code, slug) == slug for code, slug in _named(report).items())


def _named(report: Any) -> dict[str, str]:
    """Country -> leader of a report's participants named or titled; "نظيره" takes its office
    from the other side, a guess that must not split a contact."""
    sides = report.sides or (None,) * len(report.participants)
    return {
        p.country: p.slug
        for p, side in zip(report.participants, sides, strict=False)
        if side is None or side.best.kind != "counterpart"
    }


def _same_time(mine: Any, theirs: Any) -> bool:
    """Two dates that may be one contact's: equal, or one only a month or year that
    contains the other, or either only a fallback."""
    if not (_explicit(mine) and _explicit(theirs)) or mine.value == theirs.value:
        return True
    a, b = mine.value, theirs.value
    coarse = {mine.precision, theirs.precision}
    if "year" in coarse:
        return a.year == b.year
    if "month" in coarse:
        return (a.year, a.month) == (b.year, b.month)
    return False


def _explicit(date: Any) -> bool:
    return date is not None and date.value is not None and date.rule not in FALLBACK_RULES


def group_reports(reports: list[Any]) -> list[Group]:
    """Groups in order of first report; anaphoric reports follow the previous owner."""
    groups: list[Group] = []
    owner: Group | None = None
    for report in reports:
        if report.rejected:
            if report.rejected in ("official", "unresolved"):
                owner = None
            continue
        if not report.participants:
            if owner is not None and _follows(owner, report):
                owner.followers.append(report)
            continue
        target = next((g for g in groups if g.accepts(report)), None)
        if target is None:
            target = Group(frozenset(p.country for p in report.participants))
            groups.append(target)
        target.reports.append(report)
        owner = target
    return groups


def _follows(owner: Group, report: Any) -> bool:
    """An anaphoric cue follows the contact told just before it, not one told paragraphs
    ago, nor an earlier one ("لقاء سابق"), nor one of another medium ("the meeting"
    after a call)."""
    last = max(r.sentence for r in owner.reports + owner.followers)
    if report.sentence - last > _FOLLOW_REACH or report.historical:
        return False
    if not _same_time(owner.date, report.date):
        return False
    if report.trigger.strength != "strong":
        return True
    return report.trigger.medium == owner.medium
