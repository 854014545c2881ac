"""Places: canonical French names, country codes, coordinates; the generated EntityRuler patterns."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.normalize.places import Place, canonical_place, is_place_name, lookup_place

REPO = Path(__file__).resolve().parents[2]
PATTERNS_LOWER = REPO / "models" / "patterns" / "entities_lower.jsonl"
PATTERNS_EXACT = REPO / "models" / "patterns" / "entities_exact.jsonl"


@pytest.mark.parametrize("surface, name, country, kind", [
    ("Caire", "Le Caire", "EG", "city"),
    ("Le Caire", "Le Caire", "EG", "city"),
    ("au Caire", "Le Caire", "EG", "city"),
    ("Egypte", "Égypte", "EG", "country"),
    ("l’Égypte", "Égypte", "EG", "country"),
    ("Moscou", "Moscou", "RU", "city"),
    ("MOSCOU", "Moscou", "RU", "city"),
    ("Washington", "Washington", "US", "city"),
    ("Etats-Unis", "États-Unis", "US", "country"),
    ("aux États-Unis", "États-Unis", "US", "country"),
    ("USA", "États-Unis", "US", "country"),
    ("Russie", "Russie", "RU", "country"),
    ("Fédération de Russie", "Russie", "RU", "country"),
    ("Syrie", "Syrie", "SY", "country"),
    ("Corée du Nord", "Corée du Nord", "KP", "country"),
    ("Emirats arabes unis", "Émirats arabes unis", "AE", "country"),
    ("EAU", "Émirats arabes unis", "AE", "country"),
    ("Tripoli", "Tripoli", "LY", "city"),
    ("Sirte", "Syrte", "LY", "city"),
    ("Tobruk", "Tobrouk", "LY", "city"),
    ("Sabha", "Sebha", "LY", "city"),
    ("Misurata", "Misrata", "LY", "city"),
    ("Abu Dhabi", "Abou Dhabi", "AE", "city"),
    ("Kyiv", "Kiev", "UA", "city"),
    ("N’Djaména", "N'Djamena", "TD", "city"),
    ("Rostov-sur-le-Don", "Rostov-sur-le-Don", "RU", "city"),
    ("Rajma", "Rajma", "LY", "site"),
    ("Al-Jufra", "Al-Joufra", "LY", "site"),
    ("la base d'al-Watiya"[8:], "Al-Watiya", "LY", "site"),
    ("Ras Lanuf", "Ras Lanouf", "LY", "site"),
    ("la Cyrénaïque", "Cyrénaïque", "LY", "region"),
    ("Croissant pétrolier", "Croissant pétrolier", "LY", "region"),
    ("Ingouchie", "Ingouchie", "RU", "region"),
    ("Khmeimim", "Hmeimim", "SY", "site"),
    ("Afrique du Nord", "Afrique du Nord", "", "region"),
    ("Sahel", "Sahel", "", "region"),
])
def test_lookup_place(surface, name, country, kind):
    p = lookup_place(surface)
    assert p is not None, surface
    assert (p.name, p.country, p.kind) == (name, country, kind)


def test_cities_have_coordinates_and_geonameid():
    cairo = lookup_place("au Caire")
    assert isinstance(cairo, Place)
    assert cairo.geonameid is not None
    assert 29.5 < cairo.lat < 30.5 and 31.0 < cairo.lon < 31.6
    islamabad = lookup_place("Islamabad")
    assert islamabad.country == "PK" and 33 < islamabad.lat < 34.5


def test_domain_place_coordinates_are_roughly_right():
    rajma = lookup_place("Rajma")
    benghazi = lookup_place("Benghazi")
    assert abs(rajma.lat - benghazi.lat) < 1 and abs(rajma.lon - benghazi.lon) < 1


def test_countries_beat_homonymous_cities():
    assert lookup_place("Djibouti").kind == "country"
    assert lookup_place("Koweït").kind == "country"


def test_unknown_place():
    assert lookup_place("Oued Zigzaou") is None
    assert lookup_place("") is None
    assert canonical_place("au Caire") == "Le Caire"
    assert canonical_place("à Oued Zigzaou"[2:]) == "Oued Zigzaou"
    assert canonical_place("palais Chigi") == "Palais Chigi"             # unknown: first letter capitalised
    assert canonical_place("La Celle-Saint-Cloud") == "La Celle-Saint-Cloud"   # capitalised article is the name


@pytest.mark.parametrize("surface, expected", [
    ("Benghazi", True),
    ("Washington", True),
    ("Islamabad", True),
    ("Haftar", False),
    ("Kremlin", False),          # an organisation when it acts; the lead decides from context
    ("Washington Post", False),
    ("Armée nationale libyenne", False),
])
def test_is_place_name(surface, expected):
    assert is_place_name(surface) is expected


# ----------------------------------------------------------------- generated patterns in spaCy's entity_ruler

@pytest.fixture(scope="module")
def ruler_nlp():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("fr")
    nlp.add_pipe("entity_ruler", name="exact", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True}).from_disk(PATTERNS_EXACT)
    nlp.add_pipe("entity_ruler", name="lower", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True}).from_disk(PATTERNS_LOWER)
    return nlp


def _ents(nlp, text):
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_patterns_file_format():
    rows = []
    for path in (PATTERNS_LOWER, PATTERNS_EXACT):
        with path.open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh]
    assert len(rows) > 1000
    assert {r["label"] for r in rows} == {"PER", "ORG", "LOC"}
    for r in rows:
        assert isinstance(r["pattern"], str) and r["pattern"].strip() and r["id"]


def test_ruler_finds_people_orgs_places(ruler_nlp):
    ents = _ents(ruler_nlp, "TRIPOLI, 12 mars (AFP) - Le maréchal Khalifa Hafter a reçu au Caire le ministre "
                            "Sergueï Choïgou et des officiers de l’Armée nationale libyenne (ANL).")
    assert {("TRIPOLI", "LOC"), ("AFP", "ORG"), ("Khalifa Hafter", "PER"), ("Caire", "LOC"),
            ("Sergueï Choïgou", "PER"), ("Armée nationale libyenne", "ORG"), ("ANL", "ORG")} <= ents


def test_ruler_ids_fold_variants(ruler_nlp):
    doc = ruler_nlp("Serguei Shoigu puis Sergueï Choïgou ont parlé à Yunus-Bek Yevkurov.")
    ids = [e.ent_id_ for e in doc.ents if e.label_ == "PER"]
    assert ids[0] == ids[1] == "per:sergei-choigou"
    assert ids[2] == "per:iounous-bek-ievkourov"


def test_ruler_domain_places_and_hyphenated_names(ruler_nlp):
    ents = _ents(ruler_nlp, "Le vice-ministre, ex-dirigeant de l'Ingouchie, était retenu à Rostov-sur-le-Don "
                            "avant de rejoindre Rajma, près de Benghazi, et la Cyrénaïque.")
    assert {("Ingouchie", "LOC"), ("Rostov-sur-le-Don", "LOC"), ("Rajma", "LOC"), ("Benghazi", "LOC"),
            ("Cyrénaïque", "LOC")} <= ents


def test_ruler_acronyms_are_case_sensitive(ruler_nlp):
    assert ("ANL", "ORG") in _ents(ruler_nlp, "Les forces de l'ANL avancent.")
    assert not _ents(ruler_nlp, "Un anl, une ua et un ei ne sont pas des sigles.")


def test_ruler_ignores_ordinary_french_words(ruler_nlp):
    text = ("La police a confié une mission à la société ; le total des ventes a baissé, "
            "le golfe est calme et la ville reste salée.")
    assert not _ents(ruler_nlp, text)


def test_ruler_prefers_the_longer_council(ruler_nlp):
    ents = _ents(ruler_nlp, "Le Conseil de sécurité nationale russe et le Conseil de sécurité de l'ONU.")
    assert ("Conseil de sécurité nationale russe", "ORG") in ents
    assert ("Conseil de sécurité de l'ONU", "ORG") in ents


def test_ruler_group_name_span_is_the_name(ruler_nlp):
    doc = ruler_nlp("Le groupe Wagner et l'Africa Corps opèrent au Sahel et au Mali, selon RIA Novosti.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("Wagner", "ORG"), ("Africa Corps", "ORG"), ("Sahel", "LOC"), ("Mali", "LOC"),
            ("RIA Novosti", "ORG")} <= ents
