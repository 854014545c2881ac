"""Events on a map of the region, with no network: a base map shipped as package data and a fixed projection.

`static/basemap.json` holds country outlines as SVG paths, simplified from Natural Earth's public-domain
1:110m "admin 0 countries" (the `naturalearth_lowres` shapefile that geopandas 0.14 shipped), projected
here with `project` — the same function places the events, so points and outlines agree. `build_basemap`
regenerates the file (needs `pyshp` and that shapefile; run by hand, not at run time).

An event's coordinates are those of the LOC mention naming its place (same article first, else any
article), since the gazetteer puts lat/lon on mentions.
"""
from __future__ import annotations

import json
import math
import sqlite3
from functools import lru_cache
from importlib import resources
from pathlib import Path

# The region of the corpus: West Africa to South Asia, the Sahel to Moscow (equirectangular, scaled at 35°N).
LON0, LON1, LAT0, LAT1 = -20.0, 80.0, 5.0, 62.0
WIDTH = 1000.0
_K = WIDTH / ((LON1 - LON0) * math.cos(math.radians(35)))
HEIGHT = round((LAT1 - LAT0) * _K, 1)
TYPE_COLOURS = {"VISIT": "#1f77b4", "MEETING": "#2ca02c", "AGREEMENT": "#9467bd", "DELEGATION": "#ff7f0e",
                "EXERCISE": "#d62728", "ARMS_TRANSFER": "#8c564b", "OTHER": "#7f7f7f"}


def project(lat: float, lon: float) -> tuple[float, float]:
    """(x, y) in the base map's viewBox (0 0 WIDTH HEIGHT) for a latitude and longitude in degrees."""
    x = (lon - LON0) * _K * math.cos(math.radians(35))
    y = (LAT1 - lat) * _K
    return round(x, 1), round(y, 1)


def inside(x: float, y: float) -> bool:
    return 0 <= x <= WIDTH and 0 <= y <= HEIGHT


@lru_cache(maxsize=1)
def basemap() -> dict:
    """{'width', 'height', 'countries': [{'iso', 'name', 'd'}]} read from the package."""
    return json.loads((resources.files("pipeline.review") / "static" / "basemap.json").read_text(encoding="utf-8"))


def event_places(conn: sqlite3.Connection) -> dict[str, tuple[float, float]]:
    """event_id -> (lat, lon) of its place, for events whose place a LOC mention locates."""
    by_article: dict[tuple[str, str], tuple[float, float]] = {}
    anywhere: dict[str, tuple[float, float]] = {}
    for r in conn.execute("SELECT article_id, norm, text, lat, lon FROM mentions WHERE label = 'LOC' AND "
                          "lat IS NOT NULL AND lon IS NOT NULL AND review_status != 'rejected'"):
        for name in {r["norm"], r["text"]}:
            if name:
                by_article.setdefault((r["article_id"], name), (r["lat"], r["lon"]))
                anywhere.setdefault(name, (r["lat"], r["lon"]))
    out = {}
    for e in conn.execute("SELECT event_id, article_id, location FROM events WHERE location != ''"):
        ll = by_article.get((e["article_id"], e["location"])) or anywhere.get(e["location"])
        if ll is not None:
            out[e["event_id"]] = ll
    return out


def map_points(conn: sqlite3.Connection, events: list[dict]) -> tuple[list[dict], int]:
    """Points for these events (one per event, coloured by type, `planned` drawn dashed) and how many are off the map."""
    places = event_places(conn)
    points, off = [], 0
    stack: dict[tuple[float, float], int] = {}
    for e in events:
        ll = places.get(e["event_id"])
        if ll is None:
            off += 1
            continue
        x, y = project(*ll)
        if not inside(x, y):
            off += 1
            continue
        k = stack.get((x, y), 0)  # events of one place fan out around it instead of hiding each other
        stack[(x, y)] = k + 1
        angle = k * 2.4
        dx, dy = (0.0, 0.0) if k == 0 else (round(15 * math.cos(angle), 1), round(15 * math.sin(angle), 1))
        points.append({"event_id": e["event_id"], "type": e["type"], "planned": bool(e.get("planned")),
                       "location": e["location"], "country": e.get("country", ""), "lat": ll[0], "lon": ll[1],
                       "x": x + dx, "y": y + dy, "colour": TYPE_COLOURS.get(e["type"], TYPE_COLOURS["OTHER"]),
                       "review_status": e.get("review_status", "pending"), "date": e.get("date", "")})
    return points, off


# -- building the base map (by hand) ----------------------------------------------------------------
def _simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on a ring, in map units."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-9
        best, idx = 0.0, -1
        for i in range(a + 1, b):
            x0, y0 = pts[i]
            d = abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm if (dx or dy) else math.hypot(x0 - x1, y0 - y1)
            if d > best:
                best, idx = d, i
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]


def build_basemap(shapefile: Path | str, out: Path | str, tol: float = 0.8) -> Path:
    """Write basemap.json from Natural Earth's naturalearth_lowres shapefile (pip: pyshp)."""
    import shapefile as shp  # pyshp: a build-time tool only

    reader = shp.Reader(str(shapefile))
    fields = [f[0] for f in reader.fields[1:]]
    countries = []
    for rec, shape in zip(reader.records(), reader.shapes()):
        attrs = dict(zip(fields, rec))
        lon_a, lat_a, lon_b, lat_b = shape.bbox
        if lon_b < LON0 - 5 or lon_a > LON1 + 5 or lat_b < LAT0 - 5 or lat_a > LAT1 + 5:
            continue
        parts = list(shape.parts) + [len(shape.points)]
        d = []
        for a, b in zip(parts, parts[1:]):
            ring = [project(lat, lon) for lon, lat in shape.points[a:b]]
            ring = _simplify(ring, tol)
            if len(ring) < 4:
                continue
            d.append("M" + "L".join(f"{x:g},{y:g}" for x, y in ring) + "Z")
        if d:
            countries.append({"iso": attrs.get("iso_a3", ""), "name": attrs.get("name", ""), "d": "".join(d)})
    data = {"source": "Natural Earth 1:110m admin 0 countries (public domain), via geopandas 0.14 naturalearth_lowres",
            "projection": f"equirectangular, lon {LON0}..{LON1}, lat {LAT0}..{LAT1}, scaled at 35N",
            "width": WIDTH, "height": HEIGHT, "countries": countries}
    out = Path(out)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return out
