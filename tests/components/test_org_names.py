"""Organisations the model takes for places (pipeline/components/org_names.py), on fresh press-style sentences
through the real pipeline; each family is also switched off once to show that the result comes from it."""
import pytest


@pytest.fixture(scope="module")
def mentions(mentions_with_norms):
    def run(text: str, off: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
        return {(t, label) for t, label, _norm in mentions_with_norms(text, off)}
    return run


@pytest.mark.parametrize("text,name", [
    ("Les obus seront produits sous licence par VEKTOR France à Bourges, a précisé le ministère.", "VEKTOR France"),
    ("Le radar a été livré par le groupe HENSA Maroc la semaine dernière.", "HENSA Maroc"),
])
def test_a_brand_before_a_country_is_the_company_branch(mentions, text, name):
    found = mentions(text)
    assert (name, "ORG") in found, found
    country = name.split()[-1]
    assert (country, "LOC") not in found
    assert (country, "LOC") in mentions(text, off=frozenset({"acronym_with_its_country"}))


@pytest.mark.parametrize("text,place", [
    ("Le ministre a quitté Niamey pour le sommet UE Afrique-Asie de Bruxelles.", "Bruxelles"),
    ("DAKAR ACCUEILLE LES CHEFS D'ÉTAT-MAJOR SÉNÉGAL", "DAKAR"),
])
def test_no_branch_in_a_compound_or_a_line_in_capitals(mentions, text, place):
    assert not any(label == "ORG" and len(t.split()) == 2 and t.split()[0].isupper() for t, label in mentions(text))


def test_a_media_noun_opening_a_name_makes_it_an_outlet(mentions):
    text = "Interrogée par Radio Kanem, la porte-parole de l'armée a démenti toute livraison de blindés."
    found = mentions(text)
    assert ("Radio Kanem", "ORG") in found and not any(t == "Kanem" for t, _ in found), found
    assert ("Radio Kanem", "ORG") not in mentions(text, off=frozenset({"media_named_with_its_noun"}))
