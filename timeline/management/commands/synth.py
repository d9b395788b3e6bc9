import time

from django.core.management.base import BaseCommand, CommandError

from timeline.bench.database import synthesize
from timeline.bench.synthetic import parse_size


class Command(BaseCommand):
    help = (
        "Fill a NEW SQLite database (DATABASE_URL=sqlite:////tmp/bench-1m.sqlite3) with "
        "synthetic contacts shaped like real news, reproducible from --seed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--contacts", type=parse_size, default="10k", help="10k, 100k, 1m...")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, contacts: int, seed: int, **options) -> None:
        started = time.perf_counter()
        try:
            counts = synthesize(contacts=contacts, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(f"created {summary} in {seconds:.1f} s")
