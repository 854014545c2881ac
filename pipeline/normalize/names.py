"""People and organisation names -> canonical name and stable entity id.

The lookups are those of a `Gazetteer` (pipeline.normalize.gazetteer: people.csv and organisations.csv,
with the places); the functions here are the module-level form kept for tests and callers outside a
pipeline: each takes an optional `gazetteer=` and otherwise uses `default_gazetteer()` (models/gazetteers).
Inside the spaCy pipeline the components pass the object their pipeline owns.
Transliterations of one person ("Choïgou", "Shoigu") fold to one gazetteer entry, hence one id; acronyms and
full names of an organisation ("ANL", "l'Armée nationale libyenne") likewise. Unknown names still get a
stable id: a slug of the folded name.
"""
from __future__ import annotations

from pipeline.normalize.gazetteer import (
    PARTICLES,
    Gazetteer,
    GazetteerEntry,
    clean_name,
    default_gazetteer,
    fold,
    parse_hand_csv,
    read_hand_csv,
    slug,
    strip_article,
    translit_key,
)

__all__ = ["PARTICLES", "Gazetteer", "GazetteerEntry", "canonical_org", "canonical_person", "clean_name", "fold",
           "lookup_org", "lookup_person", "organisations", "parse_hand_csv", "people", "read_hand_csv", "slug",
           "strip_article", "translit_key"]


def people(gazetteer: Gazetteer | None = None) -> tuple[GazetteerEntry, ...]:
    """Every person of the gazetteer (default: default_gazetteer())."""
    return (gazetteer or default_gazetteer()).people


def organisations(gazetteer: Gazetteer | None = None) -> tuple[GazetteerEntry, ...]:
    """Every organisation of the gazetteer (default: default_gazetteer())."""
    return (gazetteer or default_gazetteer()).organisations


def lookup_person(surface: str, gazetteer: Gazetteer | None = None) -> GazetteerEntry | None:
    """The gazetteer person a surface form names ("Serguei Shoigu", "M. Choïgou"), None if unknown/ambiguous."""
    return (gazetteer or default_gazetteer()).lookup_person(surface)


def lookup_org(surface: str, gazetteer: Gazetteer | None = None) -> GazetteerEntry | None:
    """The gazetteer organisation of an acronym or any name variant ("l'ANL", "FAAL", "Nations unies")."""
    return (gazetteer or default_gazetteer()).lookup_org(surface)


def canonical_person(surface: str, names_in_article: list[str], gazetteer: Gazetteer | None = None) -> str:
    """The person's full name as the article establishes it (Gazetteer.canonical_person): "Haftar" beside
    "Khalifa Haftar" -> "Khalifa Haftar"; a partial name the gazetteer knows ("Poutine") -> its canonical name."""
    return (gazetteer or default_gazetteer()).canonical_person(surface, names_in_article)


def canonical_org(surface: str, gazetteer: Gazetteer | None = None) -> str:
    """Full canonical name of an organisation ("ANL" -> "Armée nationale libyenne"), else the surface without
    its leading article."""
    return (gazetteer or default_gazetteer()).canonical_org(surface)
