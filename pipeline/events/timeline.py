"""timeline.html: events by date (x) and country (rows), coloured by type.

A standalone page: the SVG is drawn here (no plotting library, no CDN), every
string that comes from an article is HTML-escaped, and hovering a mark shows
the event.  Undated events cannot be placed on the axis; they are listed in the
table under the chart.
"""
from __future__ import annotations

import gettext
import unicodedata
from datetime import date, timedelta
from html import escape
from pathlib import Path

from pipeline.records import Event

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
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


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


def render_timeline(events: list[Event], title: str = "Chronologie des événements") -> str:
    dated = [(e, _bounds(e)) for e in events]
    placed = [(e, b) for e, b in dated if b is not None]
    rows = sorted({e.country for e, _ in placed}, key=lambda c: (c == "", _sort_key(_country_name(c))))
    left, right, top, row_h = 170, 30, 40, 34
    width = 1000
    height = top + max(1, len(rows)) * row_h + 50
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'role="img" aria-label="{escape(title)}">']
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
            if i % 2 == 0:
                svg.append(f'<rect x="{left}" y="{y}" width="{width - left - right}" height="{row_h}" fill="#f6f7f9"/>')
            svg.append(f'<text x="{left - 10}" y="{y + row_h / 2 + 4}" text-anchor="end" class="row">'
                       f'{escape(_country_name(code))}</text>')
        axis_y = top + len(rows) * row_h
        svg.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="#888"/>')
        for d, label in _ticks(lo, hi):
            xx = x(d)
            svg.append(f'<line x1="{xx:.1f}" y1="{top}" x2="{xx:.1f}" y2="{axis_y + 5}" stroke="#ddd"/>')
            svg.append(f'<text x="{xx:.1f}" y="{axis_y + 20}" text-anchor="middle" class="tick">{escape(label)}</text>')
        stack: dict[tuple[str, int], int] = {}
        for e, (d0, d1) in sorted(placed, key=lambda p: p[1][0]):
            i = rows.index(e.country)
            key = (e.country, int(x(d0)) // 8)
            k = stack.get(key, 0)
            stack[key] = k + 1
            cy = top + i * row_h + row_h / 2 + ((k % 3) - 1) * 8
            colour = TYPE_COLOURS.get(e.type, TYPE_COLOURS["OTHER"])
            dash = ' stroke-dasharray="3,2"' if e.planned else ""
            fill = "white" if e.planned else colour
            tip = f"<title>{escape(_event_tip(e))}</title>"
            x0, x1 = x(d0), x(d1 + timedelta(days=1))
            if x1 - x0 > 8:
                svg.append(f'<g class="ev"><rect x="{x0:.1f}" y="{cy - 5:.1f}" width="{x1 - x0:.1f}" height="10" rx="4" '
                           f'fill="{fill}" fill-opacity="0.75" stroke="{colour}" stroke-width="2"{dash}/>{tip}</g>')
            else:
                svg.append(f'<g class="ev"><circle cx="{(x0 + x1) / 2:.1f}" cy="{cy:.1f}" r="6" fill="{fill}" '
                           f'stroke="{colour}" stroke-width="2"{dash}/>{tip}</g>')
    else:
        svg.append(f'<text x="{width / 2}" y="{top + 20}" text-anchor="middle" class="tick">'
                   'Aucun événement daté</text>')
    svg.append("</svg>")

    legend = "".join(
        f'<span class="key"><span class="sw" style="background:{c}"></span>{escape(TYPE_LABELS[t])}</span>'
        for t, c in TYPE_COLOURS.items() if any(e.type == t for e in events) or t != "OTHER")
    legend += '<span class="key"><span class="sw planned"></span>prévu</span>'

    body_rows = []
    for e in sorted(events, key=lambda e: (e.date_start or "9999", e.article_id)):
        amount = f"{e.amount:,.0f} {escape(e.currency)}".replace(",", " ") if e.amount is not None else ""
        colour = TYPE_COLOURS.get(e.type, TYPE_COLOURS["OTHER"])
        body_rows.append(
            "<tr>"
            f"<td>{escape(e.date or '—')}{' <em>(prévu)</em>' if e.planned else ''}</td>"
            f'<td><span class="sw" style="background:{colour}"></span>{escape(TYPE_LABELS.get(e.type, e.type))}</td>'
            f"<td>{escape(e.initiator)}</td><td>{escape(e.counterpart)}</td>"
            f"<td>{escape(', '.join(e.participants))}</td>"
            f"<td>{escape(e.location)}</td><td>{amount}</td>"
            f"<td class='ev-text'>{escape(e.evidence)}</td>"
            f"<td>{escape(e.article_id)}</td><td>{e.confidence:.2f}</td>"
            "</tr>")
    n_undated = len(events) - len(placed)
    note = (f"<p class='note'>{n_undated} événement(s) sans date précise ne figurent que dans le tableau.</p>"
            if n_undated else "")
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
 body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px;
        color: #222; padding: 0 1rem; }}
 h1 {{ font-size: 1.5rem; margin-bottom: .2rem; }}
 .sub {{ color: #666; margin-top: 0; }}
 .legend {{ margin: .8rem 0; display: flex; flex-wrap: wrap; gap: 1rem; font-size: .9rem; }}
 .sw {{ display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 5px; vertical-align: -1px; }}
 .sw.planned {{ border: 2px dashed #555; background: white; width: 9px; height: 9px; }}
 svg text.row {{ font-size: 13px; fill: #333; }}
 svg text.tick {{ font-size: 11px; fill: #666; }}
 svg .ev:hover circle, svg .ev:hover rect {{ stroke-width: 4; }}
 .tbl {{ overflow-x: auto; }}
 table {{ border-collapse: collapse; width: 100%; font-size: .85rem; margin-top: 1.5rem; }}
 th, td {{ border-bottom: 1px solid #e3e3e3; padding: .4rem .5rem; text-align: left; vertical-align: top; }}
 th {{ background: #f0f2f5; position: sticky; top: 0; }}
 td.ev-text {{ color: #555; max-width: 380px; }}
 .note {{ color: #666; font-size: .85rem; }}
</style></head>
<body>
<h1>{escape(title)}</h1>
<p class="sub">{len(events)} événement(s), {len({e.article_id for e in events})} article(s) — par date et par pays du lieu ;
survoler un point pour le détail.</p>
<div class="legend">{legend}</div>
{''.join(svg)}
{note}
<div class="tbl"><table>
<thead><tr><th>Date</th><th>Type</th><th>Initiateur</th><th>Contrepartie</th><th>Participants</th><th>Lieu</th>
<th>Montant</th><th>Phrase</th><th>Article</th><th>Confiance</th></tr></thead>
<tbody>
{''.join(body_rows)}
</tbody></table></div>
</body></html>
"""


def write_timeline(events: list[Event], path: str | Path, title: str = "Chronologie des événements") -> Path:
    """Write the standalone timeline page and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_timeline(events, title), encoding="utf-8")
    return path
