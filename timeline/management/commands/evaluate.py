import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand

from timeline.extract.evaluate import evaluate, load_gold
from timeline.extract.pipeline import article_name, extract_paths
from timeline.extract.readers import ReadError
from timeline.extract.topics import read_topics_csv


class Command(BaseCommand):
    help = (
        "Extract contacts from PATH... and score them against GOLD.jsonl: contact precision, "
        "recall and F1, field accuracies, topic precision and recall, then one line per miss, "
        "false contact and wrong field."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("gold", type=Path)
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--published", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--quiet", action="store_true", help="figures only")

    def handle(self, *args, gold: Path, paths: list[Path], **options) -> None:
        predictions: dict[str, list[dict]] = {}
        for item, contacts in extract_paths(paths, published=options["published"]):
            if isinstance(item, ReadError):
                self.stderr.write(str(item))
                continue
            name = article_name(item)
            predictions.setdefault(name, []).extend(c.to_json(article=name) for c in contacts)
        taxonomy = [row["slug"] for row in read_topics_csv()]
        report = evaluate(load_gold(gold), predictions, taxonomy=taxonomy)
        self.stdout.write(report.summary())
        if not options["quiet"]:
            for line in report.lines:
                self.stdout.write(line)
