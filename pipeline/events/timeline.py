"""timeline.html: events by date (x) and country (rows), coloured by type.

A standalone page rendered from templates/timeline.html.j2 with Jinja2 autoescaping (every string
that comes from an article is HTML-escaped): the SVG is drawn there (no plotting library, no CDN)
from the geometry computed here, and hovering a mark shows the event.  Undated events cannot be placed on the axis; they are listed in the
table under the chart.
"""
from __future__ import annotations

import gettext
from datetime import date, timedelta
from pathlib import Path

import jinja2

from pipeline.records import Event
from pipeline.text import ascii_key

TYPE_COLOURS = {
    "VISIT": "#1f77b4", "MEETING": "#2ca02c", "AGREEMENT": "#9467bd", "DELEGATION": "#ff7f0e",
    "EXERCISE": "#d62728", "ARMS_TRANSFER": "#8c564b", "OTHER": "#7f7f7f",
}
TYPE_LABELS = {
    "VISIT": "Visite", "MEETING": "Rencontre", "AGREEMENT": "Accord", "DELEGATION": "Délégation",
    "EXERCISE": "Exercice", "ARMS_TRANSFER": "Transfert d'armes", "OTHER": "Autre",
}
NO_COUNTRY = "Lieu inconnu"
MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def _country_name(code: str) -> str:
    if not code:
        return NO_COUNTRY
    try:
        import pycountry
        c = pycountry.countries.get(alpha_2=code.upper())
        if c is None:
            return code
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
        return fr.gettext(getattr(c, "common_name", c.name)).split(",")[0]
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


def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """Month ticks for short spans, year ticks for long ones (at most ~12 labels)."""
    days = (hi - lo).days
    out = []
    if days <= 400:
        step = max(1, round(days / 30 / 10))
        y, m = lo.year, lo.month
        i = 0
        while date(y, m, 1) <= hi:
            if date(y, m, 1) >= lo and i % step == 0:
                out.append((date(y, m, 1), f"{MONTHS[m - 1]} {y}"))
            i += 1
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        years = hi.year - lo.year + 1
        step = max(1, -(-years // 12))
        for y in range(lo.year, hi.year + 2, step):
            if lo <= date(y, 1, 1) <= hi:
                out.append((date(y, 1, 1), str(y)))
    return out


def _event_tip(e: Event) -> str:
    parts = ", ".join(e.participants)
    bits = [f"{TYPE_LABELS.get(e.type, e.type)} — {e.date or 'date inconnue'}"]
    if e.location:
        bits.append(f"Lieu : {e.location}")
    if parts:
        bits.append(f"Participants : {parts}")
    if e.amount is not None:
        bits.append(f"Montant : {e.amount:,.0f} {e.currency}".replace(",", " "))
    if e.planned:
        bits.append("(prévu)")
    bits.append(f"Article : {e.article_id}")
    bits.append(f"« {e.evidence[:220]} »")
    return "\n".join(bits)


def _env() -> jinja2.Environment:
    """Templates ship as package data (pipeline/events/templates); autoescaping is on for every value."""
    return jinja2.Environment(loader=jinja2.PackageLoader("pipeline.events", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _amount(e: Event) -> str:
    return f"{e.amount:,.0f} {e.currency}".replace(",", " ") if e.amount is not None else ""


def timeline_context(events: list[Event], title: str = "Chronologie des événements") -> dict:
    """What timeline.html.j2 shows: the chart's geometry (numbers already formatted), legend and table rows."""
    dated = [(e, _bounds(e)) for e in events]
    placed = [(e, b) for e, b in dated if b is not None]
    rows = sorted({e.country for e, _ in placed}, key=lambda c: (c == "", _sort_key(_country_name(c))))
    left, right, top, row_h = 170, 30, 40, 34
    width = 1000
    height = top + max(1, len(rows)) * row_h + 50
    chart: dict = {"width": width, "height": height, "left": left, "top": top, "row_h": row_h,
                   "plot_w": width - left - right, "x_end": width - right, "rows": [], "ticks": [], "marks": [],
                   "empty_x": width / 2, "empty_y": top + 20}
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
                                  "name": _country_name(code)})
        axis_y = top + len(rows) * row_h
        chart.update(axis_y=axis_y, tick_end=axis_y + 5, tick_label_y=axis_y + 20)
        chart["ticks"] = [{"x": f"{x(d):.1f}", "label": label} for d, label in _ticks(lo, hi)]
        stack: dict[tuple[str, int], int] = {}
        for e, (d0, d1) in sorted(placed, key=lambda p: p[1][0]):
            i = rows.index(e.country)
            key = (e.country, int(x(d0)) // 8)
            k = stack.get(key, 0)
            stack[key] = k + 1
            cy = top + i * row_h + row_h / 2 + ((k % 3) - 1) * 8
            colour = TYPE_COLOURS.get(e.type, TYPE_COLOURS["OTHER"])
            mark = {"colour": colour, "fill": "white" if e.planned else colour, "planned": e.planned,
                    "tip": _event_tip(e)}
            x0, x1 = x(d0), x(d1 + timedelta(days=1))
            if x1 - x0 > 8:
                mark.update(shape="rect", x=f"{x0:.1f}", y=f"{cy - 5:.1f}", width=f"{x1 - x0:.1f}")
            else:
                mark.update(shape="circle", cx=f"{(x0 + x1) / 2:.1f}", cy=f"{cy:.1f}")
            chart["marks"].append(mark)
    legend = [{"colour": c, "label": TYPE_LABELS[t]}
              for t, c in TYPE_COLOURS.items() if any(e.type == t for e in events) or t != "OTHER"]
    table = [{"date": e.date or "—", "planned": e.planned, "colour": TYPE_COLOURS.get(e.type, TYPE_COLOURS["OTHER"]),
              "type": TYPE_LABELS.get(e.type, e.type), "initiator": e.initiator, "counterpart": e.counterpart,
              "participants": ", ".join(e.participants), "location": e.location, "amount": _amount(e),
              "evidence": e.evidence, "article_id": e.article_id, "confidence": f"{e.confidence:.2f}"}
             for e in sorted(events, key=lambda e: (e.date_start or "9999", e.article_id))]
    return {"title": title, "n_events": len(events), "n_articles": len({e.article_id for e in events}),
            "placed": bool(placed), "chart": chart, "legend": legend, "table": table,
            "n_undated": len(events) - len(placed)}


def render_timeline(events: list[Event], title: str = "Chronologie des événements") -> str:
    return _env().get_template("timeline.html.j2").render(**timeline_context(events, title))


def write_timeline(events: list[Event], path: str | Path, title: str = "Chronologie des événements") -> Path:
    """Write the standalone timeline page and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_timeline(events, title), encoding="utf-8")
    return path
