"""Queries the pages need, as QuerySet methods so that views stay short."""

from __future__ import annotations

import datetime as dt

from django.db import models


class ContactQuerySet(models.QuerySet):
    def public(self) -> ContactQuerySet:
        """What readers see: not rejected, not merged away into another contact."""
        return self.exclude(review_status="rejected").filter(merged_into__isnull=True)

    def between(self, start: dt.date | None, end: dt.date | None) -> ContactQuerySet:
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def involving(self, leader) -> ContactQuerySet:
        return self.filter(participations__leader=leader)

    def with_related(self) -> ContactQuerySet:
        """Everything a list row shows, in a fixed number of queries."""
        return self.select_related("initiator").prefetch_related(
            "participations__leader", "participations__country", "topics", "reports__article"
        )
