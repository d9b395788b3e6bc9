from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline.backup import restore_database


class Command(BaseCommand):
    help = "Replace the database's content with a file written by `manage.py backup`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path)

    def handle(self, *args, source: Path, **options) -> None:
        try:
            method = restore_database(source)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored from {source} ({method})")
