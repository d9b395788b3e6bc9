import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from timeline.bench import measure, report, run


class Command(BaseCommand):
    help = (
        "Benchmark (issue 7): extraction and ingest rates, page server times at each size of "
        "synthetic data, Datasette on the same files; results to BENCHMARKS.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sizes", default="10k", help="comma-separated: 10k,100k,1m")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--reps", type=int, help="repetitions per page (default by size)")
        parser.add_argument("--no-pipeline", action="store_true", help="skip extract/ingest")
        parser.add_argument("--regenerate", action="store_true", help="rebuild the databases")
        parser.add_argument(
            "--output", type=Path, default=Path(settings.BASE_DIR) / "BENCHMARKS.md"
        )
        parser.add_argument("--json", type=Path, help="also write the raw results here")
        # Internal: one measurement in a child process (the parent sets DATABASE_URL).
        parser.add_argument("--child", help="(internal) pages|export|extract|ingest")
        parser.add_argument("--jobs", type=int, default=1, help="(internal, ingest)")
        parser.add_argument("paths", nargs="*", type=Path, help="(internal) corpus folders")

    def handle(self, *args, **options) -> None:
        if options["child"]:
            self.stdout.write(json.dumps(self.child(options), default=str))
            return
        results = run.run(
            [s.strip() for s in options["sizes"].split(",") if s.strip()],
            seed=options["seed"],
            reps=options["reps"],
            pipeline=not options["no_pipeline"],
            regenerate=options["regenerate"],
            log=lambda line: self.stderr.write(line),
        )
        if options["json"]:
            options["json"].write_text(json.dumps(results, indent=1, default=str))
        report.update(options["output"], report.render(results))
        self.stdout.write(report.summary(results))
        self.stdout.write(f"wrote {options['output']}")

    def child(self, options: dict) -> dict:
        kind = options["child"]
        if kind == "pages":
            return measure.measure_pages(options["reps"] or 10)
        if kind == "export":
            return measure.measure_export()
        if kind == "extract":
            return measure.measure_extraction(options["paths"])
        if kind == "ingest":
            return measure.measure_ingest(options["paths"], options["jobs"])
        raise ValueError(f"unknown child {kind}")
