from pathlib import Path

from django.core.management.base import BaseCommand

from timeline.backup import backup_database


class Command(BaseCommand):
    help = (
        "Copy the database to one file while the site runs (SQLite online backup, pg_dump on "
        "PostgreSQL). Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination: Path, **options) -> None:
        method = backup_database(destination)
        self.stdout.write(f"backed up to {destination} ({method})")
