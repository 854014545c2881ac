"""Repairs on the statistical model's entities, on sentences written for the purpose (press style)."""
import pytest

from pipeline.annotate import doc_to_mentions
from pipeline.records import Article


@pytest.fixture(scope="module")
def ents(press):
    def run(text: str, published=None) -> set[tuple[str, str]]:
        article = Article(id="t", text=text, published=published)
        [(article, doc)] = list(press.docs([article]))
        return {(m.text, m.label) for m in doc_to_mentions(doc, article)}
    return run


def test_title_inside_a_name_span_is_split_off(press):
    article = Article(id="t", text="À Moscou, il a rencontré le ministre de la Défense Andreï Belooussov et le chef d'état-major.")
    [(article, doc)] = list(press.docs([article]))
    [person] = [m for m in doc_to_mentions(doc, article) if m.label == "PER"]
    assert person.text == "Andreï Belooussov" and person.title == "ministre de la Défense"


def test_demonyms_and_generic_descriptions_are_not_entities(ents):
    found = ents("Les Algériens ont posé leurs conditions, a indiqué le ministre turc de la Défense. "
                 "L'État turc et les Russes observent le gouvernement de l'Est.")
    texts = {t for t, _ in found}
    for generic in ("Algériens", "Russes", "État turc", "Est", "ministre turc de la Défense"):
        assert generic not in texts, found


def test_known_places_are_never_people(ents):
    found = ents("Le maréchal a quitté Benghazi pour Washington, où il a été reçu par le secrétaire d'État.")
    assert ("Benghazi", "LOC") in found and ("Washington", "LOC") in found


def test_seat_of_power_is_a_place_when_visited_an_organisation_when_acting(ents):
    found = ents("Le président nigérien a été reçu au Kremlin mardi. Le Kremlin a salué « une visite historique ».")
    assert ("Kremlin", "LOC") in found and ("Kremlin", "ORG") in found


def test_ministries_are_organisations(ents):
    found = ents("Selon le ministère malien de la Défense, les drones ont été livrés à Bamako.")
    assert ("ministère malien de la Défense", "ORG") in found


def test_descriptive_head_of_a_place_is_dropped(ents):
    found = ents("Les avions ont atterri sur la base aérienne de Kufra, dans le sud-est libyen.")
    assert ("Kufra", "LOC") in found
    assert not any(t.startswith("base") for t, _ in found)


def test_lowercase_group_name_is_not_an_organisation(ents):
    found = ents("Les houthis ont revendiqué l'attaque, tandis que les Houthis du Yémen démentent.")
    assert ("houthis", "ORG") not in found


def test_acronym_expansion_sets_the_norm(press):
    text = "Les Forces armées maliennes (FAMa) ont reçu des drones. Les FAMa les ont déployés à Gao."
    article = Article(id="t", text=text)
    [(article, doc)] = list(press.docs([article]))
    fama = [m for m in doc_to_mentions(doc, article) if m.text == "FAMa"]
    assert fama and all(m.norm == "Forces armées maliennes" and m.label == "ORG" for m in fama)


@pytest.mark.parametrize("text,acronym,full", [
    ("Le BRT (Bataillon de reconnaissance tactique) a quitté la caserne. Le BRT rejoindra Tillabéri.",
     "BRT", "Bataillon de reconnaissance tactique"),
    # an acronym of the name in another language: the same initials in another order
    ("L'IMSC, le Centre international de sécurité maritime, a publié son bilan. L'IMSC signale une hausse des incidents.",
     "IMSC", "Centre international de sécurité maritime"),
    ("Le chef du CCMO (Centre de coordination maritime de l'Ouest) est arrivé mardi. Le CCMO coordonne six marines.",
     "CCMO", "Centre de coordination maritime de l'Ouest"),
])
def test_acronym_defined_after_it_sets_the_norm(press, text, acronym, full):
    article = Article(id="t", text=text)
    [(article, doc)] = list(press.docs([article]))
    found = [m for m in doc_to_mentions(doc, article) if m.text == acronym]
    assert len(found) == 2 and all(m.norm == full for m in found), found


def test_an_apposition_that_does_not_spell_the_acronym_is_no_expansion(press):
    text = "La CEMAC, principal bloc de la sous-région, a salué l'accord signé à Malabo par le Groupe Oyono."
    article = Article(id="t", text=text)
    [(article, doc)] = list(press.docs([article]))
    assert all(m.norm != "Groupe Oyono" for m in doc_to_mentions(doc, article) if m.text == "CEMAC")


def test_a_full_name_before_its_acronym_keeps_its_own_norm(press):
    text = "Selon l'Institut d'analyse des conflits de Niamey (IACN), les attaques ont doublé. L'IACN recommande un dialogue."
    article = Article(id="t", text=text)
    [(article, doc)] = list(press.docs([article]))
    norms = {m.text: m.norm for m in doc_to_mentions(doc, article) if m.label == "ORG"}
    assert norms.get("IACN") == norms.get("Institut d'analyse des conflits de Niamey") == "Institut d'analyse des conflits de Niamey", norms


def test_transliteration_variants_share_one_entity_id(press):
    a1 = Article(id="a", text="Le maréchal Khalifa Hafter a reçu l'émissaire onusien à Benghazi.")
    a2 = Article(id="b", text="Khalifa Haftar s'est rendu au Caire jeudi.")
    ids = set()
    for article, doc in press.docs([a1, a2]):
        ids |= {m.entity_id for m in doc_to_mentions(doc, article) if m.label == "PER"}
    assert len(ids) == 1


def test_words_of_a_quoted_exercise_name_are_not_entities(ents):
    found = ents("Les marines ont mené un exercice baptisé « Bouclier du Golfe 2022 » au large de Doha, "
                 "« une réussite pour le Qatar », selon le ministère.")
    assert ("Golfe", "LOC") not in found
    assert ("Doha", "LOC") in found and ("Qatar", "LOC") in found  # a quoted sentence is still text


def test_exercise_names_after_an_exercise_noun_are_not_entities(ents):
    found = ents("Les militaires libyens participeront à l'exercice Longbow au Ghana. Les deux armées ont annoncé "
                 "un exercice naval conjoint, « Trident Sahara », prévu au large de Tobrouk.")
    assert not {text for text, _label in found} & {"Longbow", "Trident Sahara", "Trident", "Sahara"}, found
    assert ("Ghana", "LOC") in found and ("Tobrouk", "LOC") in found


def test_person_after_a_title_with_an_office_and_a_hyphenated_surname(ents):
    found = ents("Bamako a reçu mardi une délégation polonaise conduite par le ministre de la Défense "
                 "Władysław Kosiniak-Kamysz, selon la présidence malienne.")
    assert ("Władysław Kosiniak-Kamysz", "PER") in found, found


def test_acronym_defined_in_the_article_is_an_organisation(press):
    text = ("Le Front de libération de l'Azawad (FLA) a repris Anefis. Selon un porte-parole du FLA, "
            "les combats ont duré deux jours.")
    article = Article(id="t", text=text)
    [(article, doc)] = list(press.docs([article]))
    found = [(m.text, m.label, m.norm) for m in doc_to_mentions(doc, article) if m.label == "ORG"]
    assert ("Front de libération de l'Azawad", "ORG", "Front de libération de l'Azawad") in found
    assert [f for f in found if f[0] == "FLA"] == [("FLA", "ORG", "Front de libération de l'Azawad")] * 2


def test_capitalised_words_after_a_title_are_a_person(ents):
    found = ents("Le Premier ministre Ousmane Sonko a reçu jeudi le colonel Abdoulaye Maïga à Dakar.")
    assert ("Ousmane Sonko", "PER") in found and ("Abdoulaye Maïga", "PER") in found
    assert not any(label == "PER" and "Dakar" in text for text, label in found)


def test_gazetteer_name_cut_short_is_extended(ents):
    found = ents("Le général Mahamat Déby Itno a atterri à l'aéroport de Bamako-Sénou, puis a rejoint Kati.")
    assert ("Mahamat Déby Itno", "PER") in found and ("Bamako-Sénou", "LOC") in found


def test_a_name_cut_in_two_by_a_new_transliteration_is_one_person(press):
    """'Iounus-Bek Yevkurov': an unknown spelling of the first name and a known variant of the surname came out
    as two PER spans; back to back with only a space between, they are one name, normalized to the gazetteer's."""
    article = Article(id="t", text="Le vice-ministre russe Iounus-Bek Yevkurov est arrivé mardi à Benghazi.")
    [(article, doc)] = list(press.docs([article]))
    people = [(m.text, m.norm) for m in doc_to_mentions(doc, article) if m.label == "PER"]
    assert people == [("Iounus-Bek Yevkurov", "Iounous-Bek Ievkourov")]
    # two people named one after the other keep their commas: "Khalifa Haftar, Saddam Haftar"
    article2 = Article(id="t2", text="Le maréchal a reçu mardi ses fils, Saddam Haftar, Khaled Haftar, à Benghazi.")
    [(article2, doc2)] = list(press.docs([article2]))
    assert len([m for m in doc_to_mentions(doc2, article2) if m.label == "PER"]) == 2


@pytest.mark.parametrize("text,name,title", [
    ("Selon le général Ousmane, Moussa et Ibrahim Traoré ont quitté Ouagadougou.", "Ibrahim Traoré", ""),
    ("Le colonel Amadou Diallo et Moussa Koné ont reçu les émissaires.", "Moussa Koné", ""),
    ("Le ministre des Affaires étrangères du Niger, Bakary Yaou Sangaré, a reçu son homologue.", "Bakary Yaou Sangaré",
     "ministre des Affaires étrangères du Niger"),
])
def test_a_title_never_reaches_across_another_person(press, text, name, title):
    [(article, doc)] = list(press.docs([Article(id="t", text=text)]))
    people = {m.text: m.title for m in doc_to_mentions(doc, article) if m.label == "PER"}
    assert people[name] == title


def test_a_name_in_apposition_after_a_title_is_a_person(press):
    text = "La ministre portugaise de la Défense, Helena Carreiras, a rencontré son homologue angolais."
    [(article, doc)] = list(press.docs([Article(id="t", text=text)]))
    found = {m.text: (m.label, m.title) for m in doc_to_mentions(doc, article)}
    assert found["Helena Carreiras"] == ("PER", "ministre portugaise de la Défense")



@pytest.mark.parametrize("text,org", [
    ("La Marine nationale gabonaise a reçu mardi un patrouilleur à Libreville.", "Marine nationale gabonaise"),
    ("Le ministère grec de la Défense nationale a confirmé la commande.", "ministère grec de la Défense nationale"),
])
def test_an_organisation_keeps_its_qualifier(press, text, org):
    [(article, doc)] = list(press.docs([Article(id="t", text=text)]))
    assert org in {m.text for m in doc_to_mentions(doc, article) if m.label == "ORG"}


def test_a_one_state_body_does_not_take_the_adjective(press):
    text = "Le département d'État américain a approuvé la vente de radars au Maroc."
    [(article, doc)] = list(press.docs([Article(id="t", text=text)]))
    orgs = {m.text for m in doc_to_mentions(doc, article) if m.label == "ORG"}
    assert "département d'État américain" not in orgs


@pytest.mark.parametrize("text,outlet", [
    ("Le porte-parole s'est exprimé sur la télévision d'État Télé Tchad, jeudi soir.", "Télé Tchad"),
    ("Selon l'hebdomadaire Le Témoin, la base a été évacuée.", "Le Témoin"),
    ("LIBREVILLE, 2 mai (AGP) - Le ministre gabonais a reçu son homologue.", "AGP"),
])
def test_news_outlets_are_organisations(press, text, outlet):
    [(article, doc)] = list(press.docs([Article(id="t", text=text)]))
    labels = {m.text: m.label for m in doc_to_mentions(doc, article)}
    assert labels.get(outlet) == "ORG"


def test_a_ministry_named_without_its_country_is_not_given_another_states(press):
    """An article about Spain and Mauritania: 'le ministère de la Défense nationale' is not Algeria's."""
    text = ("Le ministère de la Défense nationale a confirmé la livraison de deux patrouilleurs espagnols "
            "à Nouadhibou, en Mauritanie, et une visite à Madrid en juin.")
    [(article, doc)] = list(press.docs([Article(id="t", text=text)]))
    [ministry] = [m for m in doc_to_mentions(doc, article) if m.label == "ORG" and m.text.startswith("ministère")]
    assert ministry.country in ("", "MR", "ES") and "alg" not in ministry.norm.lower()


@pytest.mark.parametrize("text, name, title", [
    ("Le Général de Division Oumar Sangaré a reçu mardi une délégation nigérienne à Bamako.", "Oumar Sangaré",
     "Général de Division"),
    ("Madame Lucía Ferrer, ministre de la Défense, est arrivée lundi à Dakar.", "Lucía Ferrer", "Madame"),
    ("Le chef de l'État a reçu l'Amiral Tariq Qureshi, chef d'état-major de la Marine.", "Tariq Qureshi", "Amiral"),
    ("Le ministre de l'Énergie Selim Aydogan a signé l'accord à Niamey.", "Selim Aydogan", "ministre de l'Énergie"),
])
def test_capitalised_titles_of_official_prose_are_split_off_the_name(press, text, name, title):
    """Official communiqués capitalise titles; the name is still only the name."""
    article = Article(id="t", text=text)
    [(article, doc)] = list(press.docs([article]))
    people = {m.text: m.title for m in doc_to_mentions(doc, article) if m.label == "PER"}
    assert name in people and title in people[name], people


def test_a_title_alone_or_with_what_it_commands_is_nobody(ents):
    found = ents("Le Président du Faso a reçu le Commandant la Région Nord, sur instructions du Chef Suprême "
                 "des armées, en présence de Son Excellence.")
    assert not any(label == "PER" for _, label in found), found
    assert not any("Excellence" in text for text, _ in found), found


@pytest.mark.parametrize("text,name", [
    ("Le président brésilien Luiz Carlos Braga da Silva a reçu son homologue à Brasilia.", "Luiz Carlos Braga da Silva"),
    ("L'amiral Henrique Sousa e Costa a signé l'accord à Lisbonne.", "Henrique Sousa e Costa"),
    ("Le général João Ernesto dos Santos a rencontré mardi le ministre angolais.", "João Ernesto dos Santos"),
    ("Le président Ferdinand Reyes Jr. a reçu la délégation à Manille.", "Ferdinand Reyes Jr."),
])
def test_a_name_goes_on_through_its_particles_and_suffix(ents, text, name):
    assert (name, "PER") in ents(text), ents(text)


def test_a_preposition_before_a_city_is_not_a_particle(ents):
    found = ents("Le général Amadou Diallo de Bamako a quitté la réunion.")
    assert ("Bamako", "LOC") in found and not any("de Bamako" in t for t, _ in found), found


@pytest.mark.parametrize("text,person", [
    ("Le ministre mozambicain de la Défense, Armando Tomás da Silva, a quitté Maputo dimanche.", "Armando Tomás da Silva"),
    ("Le ministre angolais de l'Intérieur, Eugénio Mateus dos Santos, a reçu ses homologues.", "Eugénio Mateus dos Santos"),
    ("Le vice-ministre sud-coréen de la Défense, Lee Sung-min, est arrivé à Lima mardi.", "Lee Sung-min"),
])
def test_a_name_with_a_particle_or_a_hyphenated_given_name_is_one_person(ents, text, person):
    """'dos Santos' is not the Brazilian port, 'Sung-min' is a given name, not a lowercase word."""
    found = ents(text)
    assert (person, "PER") in found, found
    assert not any(label == "LOC" and t in person for t, label in found), found


def test_function_words_the_model_took_into_a_name_are_dropped(ents):
    found = ents("Le vice-ministre philippin de la Défense, Ramon Castillo, a signé mardi.")
    assert not any(t.startswith("de la") for t, _ in found), found


@pytest.mark.parametrize("text,site", [
    ("La cérémonie s'est tenue au camp Général Sangoulé Lamizana, en présence des attachés.", "Général Sangoulé Lamizana"),
    ("L'avion s'est posé à l'aéroport Modibo Kéita avant midi.", "Modibo Kéita"),
])
def test_a_camp_or_airport_named_after_a_person_is_a_place(ents, text, site):
    assert (site, "LOC") in ents(text)


def test_a_name_the_model_called_misc_after_a_title_and_a_comma_is_a_person(ents):
    found = ents("Le navire est arrivé à Port-Louis.Le ministre mauricien de la Défense, Devanand Ramjuttun, "
                 "l'a inspecté samedi.")
    assert ("Devanand Ramjuttun", "PER") in found, found


def test_a_quoted_ship_name_after_a_vessel_noun_holds_no_place_or_holiday(ents):
    found = {t for t, _ in ents("MARINE : LE PATROUILLEUR « TOUSSAINT LOUVERTURE » ACCUEILLI À PORT-LOUIS\n\n"
                                "La frégate « Nouvelle-Calédonie » a appareillé lundi.")}
    assert not any(t.upper() in ("TOUSSAINT", "LOUVERTURE", "NOUVELLE-CALÉDONIE") for t in found), found


def test_interview_initials_are_nobody_and_a_full_name_keeps_a_gazetteer_word(ents):
    found = ents("Radio Kivu : Madame la ministre, que retenez-vous de Doha ?\n"
                 "Thérèse Kayikwamba Wagner : Nous avons avancé.\nR. K. : Et ensuite ?\nT. K. W. : Kigali.")
    assert ("Thérèse Kayikwamba Wagner", "PER") in found, found
    assert not any(label == "PER" and t.replace(" ", "").replace(".", "").isupper() and len(t) <= 8
                   for t, label in found), found


def test_a_given_name_the_model_tagged_alone_takes_the_surname_after_it(ents):
    found = ents("« Nous voulons la paix », a déclaré à la presse Nangolo Mbumba, le vice-président namibien.")
    assert ("Nangolo Mbumba", "PER") in found, found


@pytest.mark.parametrize("text,people", [
    ("L'accord sur les patrouilles fluviales a été signé par leurs ministres de l'Intérieur, Fidèle Kouassi Dagbo et "
     "Prosper Nzeyimana.", {"Fidèle Kouassi Dagbo", "Prosper Nzeyimana"}),
    ("À l'escale de Toamasina, le second du navire, le capitaine de corvette Gwendal Kerjean, a salué les autorités.",
     {"Gwendal Kerjean"}),
])
def test_names_after_a_plural_or_a_long_title(ents, text, people):
    found = {t for t, label in ents(text) if label == "PER"}
    assert people <= found, found


def test_a_place_after_a_title_and_a_comma_is_no_person(ents):
    found = ents("Le ministre de la Défense, Paris souhaitant un accord rapide, a tranché.")
    assert ("Paris", "PER") not in found


def test_a_two_word_particle_stays_in_the_name_but_an_office_does_not(ents):
    found = ents("Le ministre péruvien de la Défense, Julián Esteban Cárdenas de la Rúa, a signé le contrat mardi. "
                 "Le ministre Jean Dupuis de la Défense a confirmé l'achat.")
    assert ("Julián Esteban Cárdenas de la Rúa", "PER") in found
    assert not any(text.endswith("de la Défense") for text, label in found if label == "PER"), found
