"""People inside names (pipeline/components/people_in_names.py), on fresh press-style sentences through the real
pipeline; each family is also switched off once to show that the result comes from it."""
import pytest


@pytest.fixture(scope="module")
def mentions(mentions_with_norms):
    return mentions_with_norms


@pytest.mark.parametrize("text,span,norm", [
    ("Le ministre béninois de la Défense, Séverin Koffi ADJAKOU, a inspecté mardi la base navale.",
     "Séverin Koffi ADJAKOU", "Séverin Koffi Adjakou"),
    ("Selon DOSSOU-YOVO Armel Codjo, chef d'état-major adjoint, les patrouilles reprendront en mai.",
     "DOSSOU-YOVO Armel Codjo", "Armel Codjo Dossou-Yovo"),
])
def test_a_surname_in_capitals_belongs_to_the_person(mentions, text, span, norm):
    found = mentions(text)
    assert (span, "PER", norm) in found, found


def test_the_surname_first_comes_from_the_family(mentions):
    text = "Selon GBAGUIDI Romuald Sènan, directeur de cabinet, le contrat sera signé en juin."
    assert ("GBAGUIDI Romuald Sènan", "PER", "Romuald Sènan Gbaguidi") in mentions(text)
    without = mentions(text, off=frozenset({"caps_surname"}))
    assert ("GBAGUIDI Romuald Sènan", "PER", "Romuald Sènan Gbaguidi") not in without, without


@pytest.mark.parametrize("text,not_a_person", [
    ("La corvette TCG Beykoz a accosté à Dakar, selon l'état-major.", "TCG Beykoz"),
    ("Le groupe MBDA Italia a présenté ses missiles au salon.", "MBDA Italia"),
    ("LE CAPITAINE KOUASSI ARRIVE À ABIDJAN", "KOUASSI"),
])
def test_ship_prefixes_acronyms_and_shouted_headlines_are_no_caps_surname(mentions, text, not_a_person):
    assert not any(t == not_a_person and label == "PER" for t, label, _ in mentions(text))


def test_an_institution_named_after_a_person_is_one_organisation(mentions):
    text = "Une vingtaine d'officiers gabonais suivront les cours de l'Académie militaire Ernest Kouamé à partir d'octobre."
    found = mentions(text)
    assert ("Académie militaire Ernest Kouamé", "ORG", "Académie militaire Ernest Kouamé") in found, found
    assert not any(label == "PER" for _, label, _ in found), found
    without = mentions(text, off=frozenset({"institution_named_after_a_person"}))
    assert ("Ernest Kouamé", "PER", "Ernest Kouamé") in without, without
