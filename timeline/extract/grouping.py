"""Merge the reports of one contact: an article tells one call in many sentences.

Reports join a group when they name the same participant countries and agree on the
medium and date: a weak cue (المحادثات، الاتصال) joins whatever contact of the same
pair exists; a date that is only the publication-date fallback agrees with any date.
Two explicit different dates, or a call and a meeting, are two contacts. Reports with no
participants of their own join the contact reported just before them in the text (or
nothing, when that was a rejected report such as a minister's call).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_FALLBACK_RULES = ("published", "none", "vague")


@dataclass
class Group:
    countries: frozenset[str]
    reports: list[Any] = field(default_factory=list)  # contacts.Report
    followers: list[Any] = field(default_factory=list)  # anaphoric reports

    @property
    def strong(self) -> list[Any]:
        return [r for r in self.reports if r.trigger.strength == "strong"]

    @property
    def medium(self) -> str:
        for report in self.strong or self.reports:
            return report.trigger.medium
        return "meeting"

    @property
    def date(self) -> Any:
        dated = [r.date for r in self.reports if r.date and r.date.rule not in _FALLBACK_RULES]
        if dated:
            return dated[0]
        return next((r.date for r in self.reports if r.date), None)

    @property
    def historical(self) -> bool:
        dated = [r for r in self.reports if _explicit(r.date)]
        return all(r.historical for r in dated or self.reports)

    def accepts(self, report: Any) -> bool:
        if frozenset(p.country for p in report.participants) != self.countries:
            return False
        if report.trigger.strength == "strong" and self.strong:
            if report.trigger.medium != self.medium:
                return False
        mine, theirs = self.date, report.date
        if _explicit(mine) and _explicit(theirs) and mine.value != theirs.value:
            return False
        if _explicit(theirs) and report.historical != self.historical:
            return False
        return True


def _explicit(date: Any) -> bool:
    return date is not None and date.value is not None and date.rule not in _FALLBACK_RULES


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
    """An anaphoric cue of another medium ("the meeting" after a call) is not this one."""
    if report.trigger.strength == "weak":
        return True
    return report.trigger.medium == owner.medium
