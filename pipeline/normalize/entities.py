"""Stable entity ids for PER, ORG and LOC, over both gazetteers (names and places).

Its own module because it needs both: names.py and places.py must not import each other both ways.
"""
from __future__ import annotations

from functools import lru_cache

from pipeline.normalize.names import clean_name, lookup_org, lookup_person, slug, strip_article
from pipeline.normalize.places import lookup_place


@lru_cache(maxsize=1 << 14)
def entity_id(label: str, canonical: str) -> str:
    """Stable id: the gazetteer id when the name is known (so variants share it), else '<label>:' + slug."""
    label = label.upper()
    if label == "PER":
        e = lookup_person(canonical)
        return e.id if e else f"per:{slug(clean_name(canonical))}"
    if label == "ORG":
        e = lookup_org(canonical)
        return e.id if e else f"org:{slug(strip_article(canonical))}"
    if label == "LOC":
        p = lookup_place(canonical)
        return p.id if p else f"loc:{slug(strip_article(canonical))}"
    return f"{label.lower()}:{slug(canonical)}"
