"""timeline.html: events by date (x) and country (rows), coloured by type.

A standalone page rendered from templates/timeline.html.j2 with Jinja2 autoescaping (every string
that comes from an article is HTML-escaped): the SVG is drawn there (no plotting library, no CDN)
from the geometry computed here, and hovering a mark shows the event. Events without a place get the
"Lieu inconnu" row; events without a date cannot be placed on the axis and get a lane of their own
("Date inconnue") under it, so none is left off the chart.

Labels come from the review app's message catalogue (pipeline/review/static/messages.json, read as package
data, not imported): one catalogue for the review page and this page, French by default.
"""
from __future__ import annotations

import gettext
import json
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from pipeline.records import Event
from pipeline.text import ascii_key

TYPE_COLOURS = {
    "VISIT": "#1f77b4", "MEETING": "#2ca02c", "AGREEMENT": "#9467bd", "DELEGATION": "#ff7f0e",
    "EXERCISE": "#d62728", "ARMS_TRANSFER": "#8c564b", "OTHER": "#7f7f7f",
}
LANGS = ("fr", "en")


@lru_cache(maxsize=4)
def messages(lang: str = "fr") -> dict[str, str]:
    """The catalogue's table for `lang` (French where a key lacks a translation)."""
    path = resources.files("pipeline") / "review" / "static" / "messages.json"
    cat = json.loads(path.read_text(encoding="utf-8"))
    return {**cat["fr"], **cat.get(lang if lang in LANGS else "fr", {})}


def _t(key: str, lang: str = "fr", **params) -> str:
    text = messages(lang).get(key, key)
    return text.format(**params) if params else text


TYPE_LABELS = {t: _t(f"type.{t}") for t in TYPE_COLOURS}
NO_COUNTRY = _t("tl.noplace")
MONTHS = [_t(f"month.{m}") for m in range(1, 13)]


def _country_name(code: str, lang: str = "fr") -> str:
    if not code:
        return _t("tl.noplace", lang)
    try:
        import pycountry
        c = pycountry.countries.get(alpha_2=code.upper())
        if c is None:
            return code
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        return tr.gettext(getattr(c, "common_name", c.name)).split(",")[0]
    except Exception:  # noqa: BLE001 - a name is cosmetic; the code is enough
        return code


def _sort_key(name: str) -> str:
    """Alphabetical order that puts 'Égypte' among the E."""
    return ascii_key(name)


def _bounds(e: Event) -> tuple[date, date] | None:
    try:
        if e.date_start and e.date_end:
            return date.fromisoformat(e.date_start[:10]), date.fromisoformat(e.date_end[:10])
    except ValueError:
        return None
    return None


def _ticks(lo: date, hi: date, lang: str = "fr") -> list[tuple[date, str]]:
    """Month ticks for short spans, year ticks for long ones (at most ~12 labels)."""
    days = (hi - lo).days
    out = []
    if days <= 400:
        step = max(1, round(days / 30 / 10))
        y, m = lo.year, lo.month
        i = 0
        while date(y, m, 1) <= hi:
            if date(y, m, 1) >= lo and i % step == 0:
                out.append((date(y, m, 1), f"{_t(f'month.{m}', lang)} {y}"))
            i += 1
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        years = hi.year - lo.year + 1
        step = max(1, -(-years // 12))
        for y in range(lo.year, hi.year + 2, step):
            if lo <= date(y, 1, 1) <= hi:
                out.append((date(y, 1, 1), str(y)))
    return out


def _type_label(t: str, lang: str = "fr") -> str:
    return messages(lang).get(f"type.{t}", t)


def _event_tip(e: Event, lang: str = "fr") -> str:
    parts = ", ".join(e.participants)
    bits = [f"{_type_label(e.type, lang)} — {e.date or _t('unknown.date', lang)}"]
    bits.append(_t("tl.place", lang, v=e.location or _t("unknown.place", lang)))
    if parts:
        bits.append(_t("tl.participants", lang, v=parts))
    if e.amount is not None:
        bits.append(_t("tl.amount", lang, v=_amount(e)))
    if e.planned:
        bits.append(_t("tl.planned", lang))
    bits.append(_t("tl.article", lang, v=e.article_id))
    bits.append(f"« {e.evidence[:220]} »")
    return "\n".join(bits)


def _env() -> jinja2.Environment:
    """Templates ship as package data (pipeline/events/templates); autoescaping is on for every value."""
    return jinja2.Environment(loader=jinja2.PackageLoader("pipeline.events", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _amount(e: Event) -> str:
    return f"{e.amount:,.0f} {e.currency}".replace(",", " ") if e.amount is not None else ""


def _mark(e: Event, lang: str) -> dict:
    colour = TYPE_COLOURS.get(e.type, TYPE_COLOURS["OTHER"])
    return {"colour": colour, "fill": "white" if e.planned else colour, "planned": e.planned,
            "tip": _event_tip(e, lang), "event_id": e.event_id}


def _undated_lane(undated: list[Event], y0: float, left: int, width: int, right: int, lang: str) -> dict:
    """Events without a date: a lane under the axis, one mark each in reading order (not on the time scale)."""
    step, row_h = 18, 20
    per_row = max(1, int((width - left - right - 12) // step))
    marks = []
    for i, e in enumerate(sorted(undated, key=lambda e: (e.country == "", e.country, e.article_id, e.event_id))):
        m = _mark(e, lang)
        m.update(shape="circle", cx=f"{left + 12 + (i % per_row) * step:.1f}", cy=f"{y0 + 16 + (i // per_row) * row_h:.1f}")
        marks.append(m)
    n_rows = max(1, -(-len(undated) // per_row))
    height = 12 + n_rows * row_h
    return {"y": y0, "height": height, "label_x": left - 10, "label_y": y0 + 20, "name": _t("tl.undated.lane", lang),
            "marks": marks, "bottom": y0 + height}


def timeline_context(events: list[Event], title: str | None = None, lang: str = "fr") -> dict:
    """What timeline.html.j2 shows: the chart's geometry (numbers already formatted), legend and table rows."""
    title = title or _t("tl.title", lang)
    dated = [(e, _bounds(e)) for e in events]
    placed = [(e, b) for e, b in dated if b is not None]
    undated = [e for e, b in dated if b is None]
    rows = sorted({e.country for e, _ in placed}, key=lambda c: (c == "", _sort_key(_country_name(c, lang))))
    left, right, top, row_h = 170, 30, 40, 34
    width = 1000
    axis_y = top + (len(rows) * row_h if placed else 30)
    chart: dict = {"width": width, "left": left, "top": top, "row_h": row_h,
                   "plot_w": width - left - right, "x_end": width - right, "rows": [], "ticks": [], "marks": [],
                   "empty_x": width / 2, "empty_y": top + 20, "undated": None}
    if placed:
        lo = min(b[0] for _, b in placed)
        hi = max(b[1] for _, b in placed)
        pad = max(15, (hi - lo).days // 20)
        lo, hi = lo - timedelta(days=pad), hi + timedelta(days=pad)
        span = max(1, (hi - lo).days)

        def x(d: date) -> float:
            return left + (width - left - right) * (d - lo).days / span

        for i, code in enumerate(rows):
            y = top + i * row_h
            chart["rows"].append({"y": y, "band": i % 2 == 0, "label_x": left - 10, "label_y": y + row_h / 2 + 4,
                                  "name": _country_name(code, lang)})
        chart.update(axis_y=axis_y, tick_end=axis_y + 5, tick_label_y=axis_y + 20)
        chart["ticks"] = [{"x": f"{x(d):.1f}", "label": label} for d, label in _ticks(lo, hi, lang)]
        stack: dict[tuple[str, int], int] = {}
        for e, (d0, d1) in sorted(placed, key=lambda p: p[1][0]):
            i = rows.index(e.country)
            key = (e.country, int(x(d0)) // 8)
            k = stack.get(key, 0)
            stack[key] = k + 1
            cy = top + i * row_h + row_h / 2 + ((k % 3) - 1) * 8
            mark = _mark(e, lang)
            x0, x1 = x(d0), x(d1 + timedelta(days=1))
            if x1 - x0 > 8:
                mark.update(shape="rect", x=f"{x0:.1f}", y=f"{cy - 5:.1f}", width=f"{x1 - x0:.1f}")
            else:
                mark.update(shape="circle", cx=f"{(x0 + x1) / 2:.1f}", cy=f"{cy:.1f}")
            chart["marks"].append(mark)
    bottom = axis_y + 30
    if undated:
        chart["undated"] = _undated_lane(undated, bottom + 6, left, width, right, lang)
        bottom = chart["undated"]["bottom"]
    chart["height"] = bottom + 20
    legend = [{"colour": c, "label": _type_label(t, lang)}
              for t, c in TYPE_COLOURS.items() if any(e.type == t for e in events) or t != "OTHER"]
    table = [{"date": e.date or _t("unknown.date", lang), "undated": not e.date, "planned": e.planned,
              "colour": TYPE_COLOURS.get(e.type, TYPE_COLOURS["OTHER"]),
              "type": _type_label(e.type, lang), "initiator": e.initiator, "counterpart": e.counterpart,
              "participants": ", ".join(e.participants), "location": e.location, "amount": _amount(e),
              "evidence": e.evidence, "article_id": e.article_id, "confidence": f"{e.confidence:.2f}"}
             for e in sorted(events, key=lambda e: (e.date_start or "9999", e.article_id))]
    msg = messages(lang)
    labels = {k: msg[k] for k in ("planned", "tl.nodated", "tl.col.initiator", "tl.col.counterpart",
                                  "tl.col.evidence", "tl.col.conf", "col.date", "col.type", "col.participants",
                                  "col.location", "col.amount", "col.article")}
    return {"title": title, "lang": lang if lang in LANGS else "fr", "n_events": len(events),
            "n_articles": len({e.article_id for e in events}), "placed": bool(placed), "chart": chart,
            "legend": legend, "table": table, "n_undated": len(undated), "labels": labels,
            "subtitle": _t("tl.sub", lang, n=len(events), a=len({e.article_id for e in events})),
            "undated_note": _t("tl.undated.note", lang, n=len(undated)) if undated else ""}


def render_timeline(events: list[Event], title: str | None = None, lang: str = "fr") -> str:
    return _env().get_template("timeline.html.j2").render(**timeline_context(events, title, lang))


# A page a browser opens: past this many events the timeline shows the most recent ones and says so.
TIMELINE_EVENTS = 5000


def write_timeline(events: list[Event], path: str | Path, title: str | None = None, lang: str = "fr",
                   max_events: int = TIMELINE_EVENTS) -> Path:
    """Write the standalone timeline page (French unless `lang="en"`) and return its path."""
    if len(events) > max_events:
        total = len(events)
        events = sorted(events, key=lambda e: (e.date_start or "", e.article_id, e.event_id))[-max_events:]
        title = _t("tl.truncated", lang, title=title or _t("tl.title", lang), shown=f"{max_events:,}", total=f"{total:,}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_timeline(events, title, lang), encoding="utf-8")
    return path
