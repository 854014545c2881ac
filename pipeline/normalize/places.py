"""Place names -> canonical French name, ISO country code, coordinates.

The lookups are those of a `Gazetteer` (pipeline.normalize.gazetteer: countries_fr.csv with pycountry and
French press forms, places_domain.csv with the domain's regions, bases and ports, cities.csv with GeoNames
cities and their French exonyms); the functions here are the module-level form kept for tests and callers
outside a pipeline: each takes an optional `gazetteer=` and otherwise uses `default_gazetteer()`.
Matching is case-, accent-, hyphen- and article-insensitive: "au Caire", "Le Caire" and "caire" are one key.
When a key names several places, a country beats a domain place, which beats a city with a French exonym,
which beats the most populous other city ("Tripoli" is the Libyan capital, not the Lebanese port).
"""
from __future__ import annotations

from pipeline.normalize.gazetteer import KINDS, Gazetteer, Place, default_gazetteer, place_key

__all__ = ["KINDS", "Place", "canonical_place", "capital_of", "is_capital", "is_place_name", "lookup_place",
           "place_key"]


def lookup_place(surface: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The place a surface names: "Caire"/"au Caire" -> Le Caire (EG), "Etats-Unis" -> États-Unis (US)."""
    return (gazetteer or default_gazetteer()).lookup_place(surface)


def is_place_name(surface: str, gazetteer: Gazetteer | None = None) -> bool:
    """True when the surface is a known place and not a known person or organisation.

    Used to relabel a statistical PER/ORG ("Benghazi", "Washington") as LOC.
    """
    return (gazetteer or default_gazetteer()).is_place_name(surface)


def canonical_place(surface: str, gazetteer: Gazetteer | None = None) -> str:
    """Canonical French name of a place; else the surface without a lowercase leading article or contraction
    (a capitalised one is part of the name: "La Celle-Saint-Cloud"), first letter capitalised."""
    return (gazetteer or default_gazetteer()).canonical_place(surface)


def capital_of(country_code: str, gazetteer: Gazetteer | None = None) -> str:
    """French name of a country's capital ("NE" -> "Niamey"), "" when unknown."""
    return (gazetteer or default_gazetteer()).capital_of(country_code)


def is_capital(place: Place, gazetteer: Gazetteer | None = None) -> bool:
    """The place is its country's capital city ("Moscou" for RU)."""
    return (gazetteer or default_gazetteer()).is_capital(place)
