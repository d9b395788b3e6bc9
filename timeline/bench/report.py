"""Benchmark results -> the generated part of BENCHMARKS.md (between two markers, so that
hand-written sections and other engineers' sections of the file stay as they are)."""

from __future__ import annotations

from pathlib import Path

START = "<!-- bench:start: written by `manage.py bench`, edit outside these markers -->"
END = "<!-- bench:end -->"
TARGETS = {"timeline": 300, "heatmap": 300, "list": 100, "contact page": 50}
EXPORT_SECONDS, EXPORT_MB = 60, 200
# Datasette case -> our page (and our ORM-only query) answering the same question.
OURS = {
    "list": ("list", None),
    "list, country + topic": ("list, country + topic", "list query, country + topic"),
    "list, country + topic, page 20": ("list, country + topic, page 20", None),
    "heatmap": ("heatmap", "facet query"),
    "heatmap, year": ("heatmap, year", None),
    "heatmap, country": ("heatmap, country", None),
    "heatmap, country + topic": ("heatmap, country + topic", None),
}


def target_for(name: str) -> int | None:
    for prefix, ms in TARGETS.items():
        if name.startswith(prefix):
            return ms
    return None


def verdict(value: float, limit: float) -> str:
    return "met" if value < limit else "**not met**"


def render(results: dict) -> str:
    m = results["machine"]
    lines = [
        START,
        "## Benchmarks: latest run",
        "",
        f"Command: `{m['argv'].replace('manage.py', 'python manage.py', 1)}` (seed "
        f"{results['seed']}). Date: {m['date']}.  ",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"SQLite {m['sqlite']}, Django {m['django']}; load average at start {m['load']} "
        "(the machine is shared: CPU-time columns show the cost without the neighbours).",
        "",
    ]
    if "pipeline" in results:
        lines += render_pipeline(results["pipeline"])
    for size in results["sizes"]:
        lines += render_size(size)
    return "\n".join([*lines, END, ""])


def render_pipeline(pipeline: dict) -> list[str]:
    ex = pipeline["extract"]
    lines = [
        "### Extraction and ingest",
        "",
        f"Over {', '.join(Path(p).name for p in pipeline['paths'])}.",
        "",
        "| step | articles | seconds | articles/s | per core | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    if "error" not in ex:
        lines.append(
            f"| extraction, 1 core | {ex['articles']} | {ex['seconds']} | {ex['per_second']} | "
            f"{ex['per_second']} | ≥ 200/s: {verdict(-ex['per_second'], -200)} |"
        )
    for ing in pipeline["ingest"]:
        if "error" in ing:
            lines.append(f"| ingest | failed: {ing['error']} | | | | |")
            continue
        runs = ing.get("runs_per_core", [])
        spread = f" (runs: {', '.join(str(r) for r in runs)})" if len(runs) > 1 else ""
        if "startup_seconds" in ing:
            spread += (
                f"; {ing['with_startup_per_core']} counting the extractor's start-up "
                f"({ing['startup_seconds']} s)"
            )
        lines.append(
            f"| ingest --jobs {ing['jobs']} ({ing['summary']}), median run | {ing['articles']} | "
            f"{ing['seconds']} | {ing['per_second']} | {ing['per_second_per_core']}{spread} | "
            f"≥ 100/s/core: {verdict(-ing['per_second_per_core'], -100)} |"
        )
    return [*lines, ""]


def render_size(size: dict) -> list[str]:
    lines = [f"### {size['label']} contacts", "", f"Data: {size['data'].get('synth', '')}; "
             f"file {size['data'].get('bytes', 0) / 1e6:.0f} MB. {size['reps']} warm repetitions "
             "per page (test Client, in-process server time).", ""]  # fmt: skip
    if "error" in size:
        return [*lines, f"Pages failed: {size['error']}", ""]
    lines += [
        "| page | p50 ms | p95 ms | CPU p50 ms | SQL queries | bytes | target (p95, at 1M) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in size["pages"].items():
        limit = target_for(name)
        goal = f"< {limit} ms: {verdict(r['p95'], limit)}" if limit else ""
        lines.append(
            f"| {name} | {r['p50']} | {r['p95']} | {r['cpu_p50']} | {r.get('queries', '')} | "
            f"{r.get('bytes', '')} | {goal} |"
        )
    lines.append(f"\nServer process peak RSS: {size.get('peak_rss_mb')} MB.\n")
    lines += render_export(size["export"])
    if "datasette" in size:
        lines += render_datasette(size["pages"], size["datasette"])
    return lines


def render_export(ex: dict) -> list[str]:
    if "error" in ex:
        return [f"Full CSV export failed: {ex['error']}", ""]
    return [
        f"Full CSV export (`{ex['url']}`): {ex['lines']} lines, {ex['mb']} MB in {ex['seconds']} s "
        f"({verdict(ex['seconds'], EXPORT_SECONDS)} < {EXPORT_SECONDS} s); peak RSS "
        f"{ex['peak_rss_mb']} MB, {ex['baseline_rss_mb']} MB before the export "
        f"({verdict(ex['peak_rss_mb'], EXPORT_MB)} < {EXPORT_MB} MB).",
        "",
    ]


def render_datasette(pages: dict, ds: dict) -> list[str]:
    lines = [
        f"Datasette {ds['version']} on the same file (JSON API with SQL, loopback, keep-alive; "
        "its CPU column is the server process's CPU time; "
        f"{ds.get('reps', 'the same')} repetitions). Ratio = ours / theirs, target ≤ 1.0.",
        "",
        "| question | ours p50 ms | Datasette p50 ms | ratio | ours CPU | their CPU | CPU ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case, theirs in ds["queries"].items():
        page, query = OURS[case]
        for label, ours in ((f"{case} (page)", pages.get(page)), (f"{case} (query only)",
                            pages.get(query) if query else None)):  # fmt: skip
            if ours is None:
                continue
            ratio = ours["p50"] / theirs["p50"] if theirs["p50"] else float("inf")
            cpu_ratio = ours["cpu_p50"] / theirs["cpu_p50"] if theirs["cpu_p50"] else float("inf")
            lines.append(
                f"| {label} | {ours['p50']} | {theirs['p50']} | {ratio:.2f} | {ours['cpu_p50']} | "
                f"{theirs['cpu_p50']} | {cpu_ratio:.2f} |"
            )
    return [*lines, ""]


def update(path: Path, section: str) -> None:
    """Replace the generated section of ``path`` (create the file, or append, if needed)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + section + "\n" + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def summary(results: dict) -> str:
    out = []
    for size in results["sizes"]:
        for name, r in size.get("pages", {}).items():
            out.append(f"{size['label']:>5} {name:<36} p50 {r['p50']:>8} ms  p95 {r['p95']:>8} ms")
    return "\n".join(out)
