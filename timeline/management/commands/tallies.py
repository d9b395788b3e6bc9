import time

from django.core.management.base import BaseCommand, CommandError

from timeline import tallies


class Command(BaseCommand):
    help = (
        "Check the tallies the charts read against a recount of the contacts (--check), or "
        "recount them (--rebuild). The database's triggers keep them exact on every write; "
        "this is the proof, and the repair if someone wrote with the triggers off."
    )

    def add_arguments(self, parser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true", help="exit 1 if any count differs")
        action.add_argument("--rebuild", action="store_true", help="recount everything")

    def handle(self, *args, check: bool, rebuild: bool, **options) -> None:
        started = time.perf_counter()
        if rebuild:
            tallies.install()
            tallies.rebuild()
            self.stdout.write(f"recounted in {time.perf_counter() - started:.1f} s")
            return
        missing = tallies.trigger_names() - tallies.installed()
        differences = tallies.verify()
        for line in differences[:20]:
            self.stderr.write(line)
        if missing:
            self.stderr.write(f"triggers missing: {', '.join(sorted(missing))}")
        if differences or missing:
            raise CommandError(
                f"{len(differences)} counts differ from a recount; "
                "`manage.py tallies --rebuild` recounts them"
            )
        self.stdout.write(f"tallies exact ({time.perf_counter() - started:.1f} s)")
