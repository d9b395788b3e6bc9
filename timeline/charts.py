"""Plotly figure dicts built from plain rows (dicts from the QuerySet methods); no ORM here.

Views hand the figures to templates with ``json_script``; static/timeline/charts.js draws them.
Every label follows the page's language: rows carry ``name_ar`` and ``name_en``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from html import escape
from urllib.parse import quote_plus, urlencode

from django.utils import translation
from django.utils.translation import gettext as _

# Above this many points the timeline draws monthly counts instead of single contacts.
MAX_POINTS = 5000
# Above this many points, WebGL (scattergl) keeps panning smooth; below it SVG draws crisper.
WEBGL_POINTS = 1000
HEATMAP_ROWS = 40
# Without a focal leader, the monthly timeline shows this many of the busiest leaders.
TOP_LEADERS = 30
# The shortest span a timeline's date axis shows (a single contact: a month each side).
MIN_DAYS = 60
PAIR_LEADERS = 25

SYMBOLS = {"phone": "circle", "video": "square", "meeting": "diamond", "message": "triangle-up"}
PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a",
]  # fmt: skip
OTHER = "#b0b6bf"
SEQUENTIAL = [[0, "#e8f0fa"], [1, "#1f4f8f"]]
FONT = "system-ui, 'Noto Sans Arabic', 'DejaVu Sans', Tahoma, sans-serif"


def in_language(build: Callable[..., dict]) -> Callable[..., dict]:
    """Builds the figure with its labels in ``lang``, whatever language the request is in."""

    @functools.wraps(build)
    def wrapper(*args, lang: str, **kwargs) -> dict:
        with translation.override(lang):
            return build(*args, lang=lang, **kwargs)

    return wrapper


def medium_labels() -> dict[str, str]:
    """The media in the active language: translate once per figure, not once per point."""
    return {
        "phone": _("phone call"),
        "video": _("video call"),
        "meeting": _("meeting"),
        "message": _("message"),
    }


def medium_label(medium: str) -> str:
    return medium_labels().get(medium, medium)


def name(row: dict, lang: str, prefix: str = "") -> str:
    """``row[prefix + "name_ar"]`` or the English name, whichever the language wants."""
    ar, en = row.get(prefix + "name_ar") or "", row.get(prefix + "name_en") or ""
    return (ar or en) if lang == "ar" else (en or ar)


def date_text(row: dict) -> str:
    date, precision = row.get("date"), row.get("date_precision")
    if date is None:
        return "?"
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%Y-%m}"
    return date.isoformat()


def _base_layout(lang: str, height: int) -> dict:
    return {
        "height": height,
        "font": {"family": FONT, "size": 13},
        "margin": {"t": 40, "b": 40, "l": 10, "r": 10},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#fff",
        "hoverlabel": {"align": "right" if lang == "ar" else "left"},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    }


# --- Timeline --------------------------------------------------------------------------------


def _points(rows: list[dict], focal: str | None) -> list[tuple[dict, dict]]:
    """(row leader, contact) pairs: every participant's row, or with a focal leader, the
    rows of that leader's counterparts."""
    points = []
    for contact in rows:
        people = contact["participants"]
        if focal:
            others = [p for p in people if p["slug"] != focal]
            people = others or [p for p in people if p["slug"] == focal]
        points.extend((person, contact) for person in people)
    return points


def _colour_key(contact: dict, colour: str, lang: str) -> str:
    if colour == "initiator":
        return name(contact, lang, "initiator__") or _("unknown initiator")
    topics = [t for t in contact["topics"] if t["slug"] != "bilateral-relations"]
    topics = topics or contact["topics"]
    return name(topics[0], lang) if topics else _("no topic")


def _hover_words() -> dict[str, str]:
    """The hover's headings and media in the active language, translated once per figure."""
    words = {w: _(w) for w in ("Date", "Medium", "Initiator", "Topics", "Outlets")}
    return words | medium_labels()


def _hover(contact: dict, lang: str, words: dict[str, str]) -> str:
    people = " – ".join(escape(name(p, lang)) for p in contact["participants"])
    topics = "، ".join(escape(name(t, lang)) for t in contact["topics"]) or "—"
    medium = contact["medium"]
    lines = [
        f"<b>{people}</b>",
        f"{words['Date']}: {date_text(contact)}",
        f"{words['Medium']}: {words.get(medium, medium) if medium in SYMBOLS else medium}",
        f"{words['Initiator']}: {escape(name(contact, lang, 'initiator__')) or '—'}",
        f"{words['Topics']}: {topics}",
        f"{words['Outlets']}: {escape(', '.join(contact['outlets'])) or '—'}",
    ]
    return _lines(lines, lang)


def _lines(lines: list[str], lang: str) -> str:
    """Hover lines; in Arabic each is wrapped in right-to-left marks so that a trailing dash or
    date stays at the end of its line inside Plotly's left-to-right SVG."""
    if lang == "ar":
        lines = [f"\u200f{line}\u200f" for line in lines]
    return "<br>".join(lines)


def _row_order(points: list[tuple[dict, dict]], lang: str) -> list[str]:
    """Row names, most active leader at the top (Plotly lists categories bottom-up)."""
    counts = Counter(name(person, lang) for person, _contact in points)
    ordered = sorted(counts, key=lambda n: (-counts[n], n))
    return list(reversed(ordered))


@in_language
def timeline_figure(
    rows: list[dict],
    *,
    lang: str,
    contact_url: Callable[[int], str],
    colour: str = "topic",
    focal: str | None = None,
) -> dict:
    """One marker per contact on each of its rows; symbol = medium, colour = topic or
    initiator; each marker's customdata is the contact's URL."""
    points = _points(rows, focal)
    kind = "scattergl" if len(points) > WEBGL_POINTS else "scatter"
    traces = [
        _timeline_trace(key, members, colour_of, lang, contact_url) | {"type": kind}
        for key, members, colour_of in _colour_groups(points, colour, lang)
    ]
    traces.extend(_symbol_legend(rows))
    layout = _timeline_layout(_row_order(points, lang), lang, [r["date"] for r in rows])
    layout["meta"]["undated"] = sum(1 for r in rows if r["date"] is None)
    return {"data": traces, "layout": layout}


def _colour_groups(points: list, colour: str, lang: str) -> list[tuple[str, list, str]]:
    """(legend name, points, colour): the biggest groups get a colour each, the rest one grey
    group, so that the legend stays readable."""
    groups: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for person, contact in points:
        groups[_colour_key(contact, colour, lang)].append((person, contact))
    ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))
    named = [
        (key, members, PALETTE[i]) for i, (key, members) in enumerate(ordered[: len(PALETTE) - 1])
    ]
    rest = [point for _key, members in ordered[len(PALETTE) - 1 :] for point in members]
    if rest:
        named.append((_("other"), rest, OTHER))
    return named


def _timeline_trace(
    key: str, members: list, colour: str, lang: str, contact_url: Callable[[int], str]
) -> dict:
    dated = [(p, c) for p, c in members if c["date"] is not None]
    words = _hover_words()
    return {
        "type": "scattergl",
        "mode": "markers",
        "name": key,
        "legendgroup": key,
        "x": [c["date"].isoformat() for _p, c in dated],
        "y": [name(p, lang) for p, _c in dated],
        "customdata": [contact_url(c["id"]) for _p, c in dated],
        "hovertext": [_hover(c, lang, words) for _p, c in dated],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {
            "color": colour,
            "size": 11,
            "opacity": 0.85,
            "line": {"width": 1, "color": "#fff"},
            "symbol": [SYMBOLS.get(c["medium"], "circle") for _p, c in dated],
        },
    }


def _symbol_legend(rows: list[dict]) -> list[dict]:
    """Empty grey traces that explain the marker shapes in the legend."""
    media = sorted({r["medium"] for r in rows}, key=list(SYMBOLS).index)
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "name": medium_label(m),
            "x": [None],
            "y": [None],
            "hoverinfo": "skip",
            "legendgroup": "medium",
            "marker": {"color": "#666", "size": 10, "symbol": SYMBOLS[m]},
        }
        for m in media
        if m in SYMBOLS
    ]


def _timeline_layout(categories: list[str], lang: str, dates: Iterable) -> dict:
    layout = _base_layout(lang, height=max(320, 28 * len(categories) + 200))
    layout["xaxis"] = {
        "type": "date",
        "title": {"text": _("Date")},
        "rangeslider": {"visible": True, "thickness": 0.08},
    }
    shown = _date_range(dates)
    if shown:
        layout["xaxis"]["range"] = layout["xaxis"]["rangeslider"]["range"] = shown
    layout["yaxis"] = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": categories,
        "automargin": True,
        "side": "right" if lang == "ar" else "left",
        "fixedrange": True,
    }
    layout["meta"] = {"kind": "timeline"}
    return layout


def _date_range(dates: Iterable) -> list[str] | None:
    """A range of at least MIN_DAYS around ``dates`` when they span less: Plotly zooms a
    single day to milliseconds. None to let it fit the data."""
    dated = [d for d in dates if d is not None]
    if not dated:
        return None
    first, last = min(dated), max(dated)
    short = MIN_DAYS - (last - first).days
    if short <= 0:
        return None
    pad = dt.timedelta(days=short // 2 + 1)
    return [(first - pad).isoformat(), (last + pad).isoformat()]


@in_language
def monthly_timeline_figure(
    rows: list[dict],
    *,
    lang: str,
    month_url: Callable[[dict], str],
    focal: str | None = None,
    top: int | None = None,
) -> dict:
    """One circle per (leader, month), sized and shaded by how many contacts it holds: what
    the timeline draws when single contacts would be too many to read. ``top``: the rows were
    limited to that many busiest leaders (the layout's meta says so when it bit)."""
    if focal:
        rows = [r for r in rows if r["leader__slug"] != focal] or rows
    cells: dict[tuple[str, object], dict] = {}
    for row in rows:
        key = (row["leader__slug"], row["month"])
        cell = cells.get(key)
        if cell is None:  # plain dicts: a Counter per cell cost more than the rest of the loop
            cell = cells[key] = {**row, "n": 0, "media": {}}
        cell["n"] += row["n"]
        media = cell["media"]
        media[row["contact__medium"]] = media.get(row["contact__medium"], 0) + row["n"]
    members = sorted(cells.values(), key=lambda c: c["month"])
    labels = medium_labels()
    biggest = max((c["n"] for c in members), default=1)
    # Each leader's name (and its escaped form) once, not once per month: thousands of cells
    # at a million contacts.
    names = {c["leader__slug"]: name(c, lang, "leader__") for c in members}
    escaped = {who: escape(who) for who in names.values()}
    rows = [names[c["leader__slug"]] for c in members]
    trace = {
        "type": "scattergl" if len(members) > WEBGL_POINTS else "scatter",
        "mode": "markers",
        "name": _("contacts per month"),
        "x": [c["month"].isoformat() for c in members],
        "y": rows,
        "customdata": [month_url(c) for c in members],
        "hovertext": [
            _month_hover(c, escaped[who], lang, labels)
            for c, who in zip(members, rows, strict=True)
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {
            "size": [5 + 17 * math.sqrt(c["n"] / biggest) for c in members],
            "color": [c["n"] for c in members],
            # Starts darker than the heatmap's scale: a pale circle on white would vanish.
            "colorscale": [[0, "#aac3e6"], [1, "#1f4f8f"]],
            "cmin": 0,
            "line": {"width": 0.5, "color": "#fff"},
        },
    }
    totals = Counter()
    for cell, who in zip(members, rows, strict=True):
        totals[who] += cell["n"]
    rows_top_down = sorted(totals, key=lambda n: (-totals[n], n))
    layout = _timeline_layout(
        list(reversed(rows_top_down)), lang, [cell["month"] for cell in members]
    )
    layout["meta"] = {"kind": "monthly"}
    if top is not None and len(totals) >= top:
        layout["meta"]["top"] = top
    layout["showlegend"] = False
    return {"data": [trace], "layout": layout}


def _month_hover(cell: dict, who_html: str, lang: str, labels: dict[str, str]) -> str:
    ranked = sorted(cell["media"].items(), key=lambda item: -item[1])  # as most_common
    media = [f"{labels.get(m, m)}: {n}" for m, n in ranked]
    month = cell["month"].isoformat()[:7]
    return _lines([f"<b>{who_html}</b>", f"{month}: {cell['n']}", *media], lang)


def list_link(list_url: str, query: dict[str, str | list[str]], **params: str) -> str:
    """A contact-list URL: the current filters with ``params`` replacing theirs."""
    merged = {k: v for k, v in query.items() if k not in params and k != "page"}
    merged.update(params)
    return f"{list_url}?{urlencode(merged, doseq=True)}"


def list_linker(
    list_url: str, query: dict[str, str | list[str]], *names: str
) -> Callable[..., str]:
    """``list_link`` for many points that differ only in ``names``: the shared part of the
    query is encoded once, each call encodes its own values (given in ``names``' order)."""
    shared = urlencode(
        {k: v for k, v in query.items() if k not in names and k != "page"}, doseq=True
    )
    prefix = f"{list_url}?{shared}&" if shared else f"{list_url}?"

    @functools.lru_cache(maxsize=4096)  # the same leaders and months come back many times
    def param(name: str, value: object) -> str:
        return f"{name}={quote_plus(str(value))}"

    def link(*values: object) -> str:
        return prefix + "&".join(param(n, v) for n, v in zip(names, values, strict=True))

    return link


# --- Heatmaps --------------------------------------------------------------------------------


@in_language
def heatmap_figure(
    counts: Iterable[dict],
    totals: dict[str, int],
    *,
    lang: str,
    cell_url: Callable[[str, str], str],
    value: str = "count",
    max_rows: int = HEATMAP_ROWS,
    max_cols: int | None = None,
) -> dict:
    """Countries (rows) x topics (columns). ``value="share"`` divides by the country's total
    number of contacts. Each cell's customdata is the filtered list's URL."""
    cells: dict[tuple[str, str], int] = {}
    countries: dict[str, str] = {}
    topics: dict[str, str] = {}
    for row in counts:
        code, slug = row["contact__participations__country_id"], row["topic__slug"]
        cells[code, slug] = row["n"]
        countries[code] = name(row, lang, "contact__participations__country__")
        topics[slug] = name(row, lang, "topic__")
    codes = sorted(countries, key=lambda c: (-totals.get(c, 0), countries[c]))[:max_rows]
    topic_totals = Counter()
    for (_code, slug), n in cells.items():
        topic_totals[slug] += n
    slugs = sorted(topics, key=lambda s: (-topic_totals[s], topics[s]))[:max_cols]
    z = [[_cell(cells.get((c, s), 0), totals.get(c, 0), value) for s in slugs] for c in codes]
    trace = {
        "type": "heatmap",
        "x": [topics[s] for s in slugs],
        "y": [countries[c] for c in codes],
        "z": z,
        "customdata": [[cell_url(c, s) for s in slugs] for c in codes],
        "colorscale": SEQUENTIAL,
        "xgap": 2,
        "ygap": 2,
        "texttemplate": "%{z:.0%}" if value == "share" else "%{z}",
        "hovertemplate": "%{y} – %{x}: %{z" + (":.0%" if value == "share" else "") + "}"
        "<extra></extra>",
        "showscale": False,
    }
    return {"data": [trace], "layout": _heatmap_layout(len(codes), lang, "country_topic")}


def _cell(n: int, total: int, value: str) -> float | int | None:
    if n == 0:
        return None
    return round(n / total, 4) if value == "share" and total else n


def _heatmap_layout(rows: int, lang: str, kind: str) -> dict:
    layout = _base_layout(lang, height=max(300, 30 * rows + 200))
    layout["xaxis"] = {
        "side": "top",
        "tickangle": -45,
        "automargin": True,
        "fixedrange": True,
        "showgrid": False,
    }
    layout["yaxis"] = {
        "showgrid": False,
        "autorange": "reversed",
        "automargin": True,
        "fixedrange": True,
        "side": "right" if lang == "ar" else "left",
    }
    layout["margin"]["t"] = 10
    layout["meta"] = {"kind": kind}
    return layout


@in_language
def pair_heatmap_figure(
    pairs: Iterable[dict], *, lang: str, cell_url: Callable[[str, str], str]
) -> dict:
    """Leader x leader: how many contacts each pair had, between the busiest leaders (the
    caller asks for the pairs of the PAIR_LEADERS with the most contacts)."""
    cells: dict[tuple[str, str], int] = {}
    names: dict[str, str] = {}
    countries: dict[str, str] = {}
    totals = Counter()
    for row in pairs:
        a, b = row["leader__slug"], row["contact__participations__leader__slug"]
        names[a] = name(row, lang, "leader__")
        if a == b:
            continue
        cells[a, b] = row["n"]
        countries[b] = row["contact__participations__country_id"]
        totals[a] += row["n"]
    slugs = sorted(totals, key=lambda s: (-totals[s], names[s]))[:PAIR_LEADERS]
    trace = {
        "type": "heatmap",
        "x": [names[s] for s in slugs],
        "y": [names[s] for s in slugs],
        "z": [[cells.get((a, b)) for b in slugs] for a in slugs],
        "customdata": [[cell_url(a, countries.get(b, "")) for b in slugs] for a in slugs],
        "colorscale": [[0, "#f0ebf8"], [1, "#4b2a86"]],
        "xgap": 2,
        "ygap": 2,
        "texttemplate": "%{z}",
        "hovertemplate": "%{y} – %{x}: %{z}<extra></extra>",
        "showscale": False,
    }
    return {"data": [trace], "layout": _heatmap_layout(len(slugs), lang, "leader_pair")}


# --- Leader page -------------------------------------------------------------------------------


MONTH_BAR_MS = 25 * 24 * 3600 * 1000


@in_language
def activity_figure(rows: Iterable[dict], *, lang: str) -> dict:
    """Contacts per month, stacked by medium."""
    by_medium: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_medium[row["medium"]][row["month"].isoformat()] = row["n"]
    traces = [
        {
            "type": "bar",
            "name": medium_label(medium),
            "x": list(months),
            "y": list(months.values()),
            "marker": {"color": PALETTE[list(SYMBOLS).index(medium) % len(PALETTE)]},
            "hovertemplate": "%{x|%Y-%m}: %{y}<extra>" + escape(medium_label(medium)) + "</extra>",
            # A month wide (in ms) and drawn over its month: left to Plotly, one month's bar
            # is one millisecond wide, and every bar stands astride the 1st.
            "width": MONTH_BAR_MS,
            "xperiod": "M1",
            "xperiodalignment": "middle",
        }
        for medium, months in sorted(by_medium.items(), key=lambda m: list(SYMBOLS).index(m[0]))
    ]
    layout = _base_layout(lang, height=320)
    layout["barmode"] = "stack"
    layout["xaxis"] = {"type": "date", "title": {"text": _("Month")}}
    shown = sorted({month for months in by_medium.values() for month in months})
    if shown:
        # A month either side: with one month only, Plotly's own range spans a millisecond
        # and its ticks read "23:59:59.9996".
        first, last = dt.date.fromisoformat(shown[0]), dt.date.fromisoformat(shown[-1])
        layout["xaxis"]["range"] = [_month(first, -1).isoformat(), _month(last, 2).isoformat()]
        if (last - first).days <= 366:  # a tick a month, not Plotly's weeks and days
            layout["xaxis"] |= {"dtick": "M1", "tickformat": "%b %Y"}
    # Counts read the same either way; on the left the axis never meets the legend.
    layout["yaxis"] = {
        "rangemode": "tozero",
        "tickformat": "d",
        # Whole steps: with small counts Plotly would put ticks at 0.5 and print "1, 1, 2, 2".
        "dtick": _whole_step(by_medium),
        "automargin": True,
    }
    layout["meta"] = {"kind": "activity"}
    return {"data": traces, "layout": layout}


def _month(day: dt.date, shift: int) -> dt.date:
    """The first day of the month ``shift`` months from ``day``'s."""
    year, month = divmod(day.year * 12 + day.month - 1 + shift, 12)
    return dt.date(year, month + 1, 1)


def _whole_step(by_medium: dict[str, dict[str, int]]) -> int:
    """A tick step of at least 1 giving at most about six ticks for the tallest stacked bar."""
    totals: dict[str, int] = defaultdict(int)
    for months in by_medium.values():
        for month, n in months.items():
            totals[month] += n
    tallest = max(totals.values(), default=1)
    return max(1, -(-tallest // 6))
