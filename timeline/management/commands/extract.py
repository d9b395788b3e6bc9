import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from timeline.extract.pipeline import article_name, extract_paths
from timeline.extract.readers import ReadError


class Command(BaseCommand):
    help = (
        "Read articles (files, or folders with manifest.csv) and print the contacts found as "
        "JSON Lines, one object per contact; nothing is stored. Read errors go to stderr."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--published", type=dt.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args, paths: list[Path], published: dt.date | None, **options) -> None:
        for item, contacts in extract_paths(paths, published=published):
            if isinstance(item, ReadError):
                self.stderr.write(str(item))
                continue
            name = article_name(item)
            for contact in contacts:
                self.stdout.write(json.dumps(contact.to_json(article=name), ensure_ascii=False))
