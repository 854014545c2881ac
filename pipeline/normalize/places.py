"""Place names -> canonical French name, ISO country code, coordinates.

Pure functions over three gazetteers loaded once: countries_fr.csv (pycountry + French press forms),
places_domain.csv (regions, bases, ports of the domain) and cities.csv (GeoNames cities with French exonyms).
Matching is case-, accent-, hyphen- and article-insensitive: "au Caire", "Le Caire" and "caire" are one key.
When a key names several places, a country beats a domain place, which beats a city with a French exonym,
which beats the most populous other city ("Tripoli" is the Libyan capital, not the Lebanese port).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.normalize.names import GAZETTEERS, fold, lookup_org, lookup_person, read_hand_csv, strip_article

KINDS = ("country", "city", "region", "site")


@dataclass(frozen=True)
class Place:
    """A known place. lat/lon are None when the gazetteer has no coordinates (most countries)."""

    name: str
    country: str              # ISO 3166-1 alpha-2, "" for a region spanning countries
    lat: float | None
    lon: float | None
    kind: str                 # country | city | region | site
    geonameid: int | None = None
    id: str = ""


@lru_cache(maxsize=1 << 16)
def place_key(surface: str) -> str:
    """Comparison key: article/contraction dropped, then fold() ("aux États-Unis" -> "etats unis")."""
    return fold(strip_article(surface))


def _float(x: str) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _variants(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


@cache
def _index() -> dict[str, Place]:
    """key -> best place for that key; sources are added in priority order, the first claim wins."""
    idx: dict[str, Place] = {}

    def add(names: list[str], place: Place) -> None:
        for n in names:
            k = place_key(n)
            if k and k not in idx:
                idx[k] = place

    for r in read_hand_csv(GAZETTEERS / "countries_fr.csv"):
        p = Place(r["name_fr"], r["code"], _float(r["lat"]), _float(r["lon"]), "country", None,
                  f"loc:country:{r['code'].lower()}")
        add([r["name_fr"]], p)
    for r in read_hand_csv(GAZETTEERS / "countries_fr.csv"):  # variants after every canonical name
        p = Place(r["name_fr"], r["code"], _float(r["lat"]), _float(r["lon"]), "country", None,
                  f"loc:country:{r['code'].lower()}")
        add(_variants(r["variants"]), p)
    for r in read_hand_csv(GAZETTEERS / "places_domain.csv"):
        p = Place(r["name"], r["country"], _float(r["lat"]), _float(r["lon"]), r["kind"], None, r["id"])
        add([r["name"], *_variants(r["variants"])], p)
    with (GAZETTEERS / "cities.csv").open(encoding="utf-8", newline="") as fh:
        cities = list(csv.DictReader(fh))
    # exonym cities first, then the others by population (the file is sorted by population already)
    for exonym_pass in ("1", "0"):
        for r in cities:
            if r["exonym"] != exonym_pass:
                continue
            gid = int(r["geonameid"])
            p = Place(r["name_fr"], r["country"], _float(r["lat"]), _float(r["lon"]), "city", gid, f"loc:geo:{gid}")
            add([r["name_fr"], r["name"], *_variants(r["variants"])], p)
    return idx


@lru_cache(maxsize=1 << 14)
def lookup_place(surface: str) -> Place | None:
    """The place a surface names: "Caire"/"au Caire" -> Le Caire (EG), "Etats-Unis" -> États-Unis (US)."""
    k = place_key(surface)
    return _index().get(k) if k else None


@lru_cache(maxsize=1 << 14)
def is_place_name(surface: str) -> bool:
    """True when the surface is a known place and not a known person or organisation.

    Used to relabel a statistical PER/ORG ("Benghazi", "Washington") as LOC.
    """
    if lookup_place(surface) is None:
        return False
    return lookup_person(surface) is None and lookup_org(surface) is None


_LOWER_ARTICLE = re.compile(r"^(?:l'|d'|le\s+|la\s+|les\s+|au\s+|aux\s+|du\s+|des\s+)")


@lru_cache(maxsize=1 << 14)
def canonical_place(surface: str) -> str:
    """Canonical French name of a place; else the surface without a lowercase leading article or contraction
    (a capitalised one is part of the name: "La Celle-Saint-Cloud"), first letter capitalised
    ("palais Chigi" -> "Palais Chigi")."""
    p = lookup_place(surface)
    if p is not None:
        return p.name
    s = " ".join(surface.replace("\u2019", "'").split())
    s = _LOWER_ARTICLE.sub("", s, count=1)
    return s[:1].upper() + s[1:]


@cache
def _capitals() -> dict[str, str]:
    """ISO country code -> French name of its capital (GeoNames' capital flag in cities.csv)."""
    out: dict[str, str] = {}
    with (GAZETTEERS / "cities.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["capital"] == "1":
                out.setdefault(r["country"], r["name_fr"])
    return out


def capital_of(country_code: str) -> str:
    """French name of a country's capital ("NE" -> "Niamey"), "" when unknown."""
    return _capitals().get((country_code or "").upper(), "")


def is_capital(place: Place) -> bool:
    """The place is its country's capital city ("Moscou" for RU)."""
    return place.kind == "city" and capital_of(place.country) == place.name
