import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from timeline.batch import ingest_paths


class Command(BaseCommand):
    help = (
        "Read articles (files, or folders with manifest.csv), extract contacts and store them. "
        "Each file that fails gets one line on stderr; the exit status is 1 when any failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--published", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--jobs", type=int, default=1, help="extraction processes")
        parser.add_argument(
            "--reextract", action="store_true", help="re-run extraction on known articles"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, paths: list[Path], **options) -> None:
        # The bar goes to the terminal only: scripts and logs get the summary and error lines.
        bar = tqdm(
            desc="ingest",
            unit=" articles",
            disable=options["quiet"] or not sys.stderr.isatty(),
            file=sys.stderr,
        )

        def report_error(message: str) -> None:
            bar.clear()
            self.stderr.write(message)
            bar.refresh()

        try:
            result = ingest_paths(
                paths,
                published=options["published"],
                jobs=max(1, options["jobs"]),
                reextract=options["reextract"],
                on_item=lambda _name: bar.update(),
                on_error=report_error,
            )
        finally:
            bar.close()
        self.stdout.write(result.summary())
        if result.failed:
            raise CommandError(f"{result.failed} file(s) failed", returncode=1)
