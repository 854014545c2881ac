"""Boilerplate and metadata are marked as regions, never cut out of the text."""
from pipeline.ingest.boilerplate import find_skip_regions

ARTICLE = """Niger Russie

Niamey accueille une délégation russe

© AFP/Archives
Le vice-ministre russe de la Défense est arrivé lundi à Niamey. Les Russes ont promis des instructeurs.

Lire aussi : Au Sahel, la Russie avance ses pions
Partager
Abonnez-vous à notre newsletter pour ne rien manquer.
Laisser un commentaire
"""


def _marked(text):
    return [text[s:e] for s, e in find_skip_regions(text)]


def test_credits_prompts_and_tags_are_marked_the_story_is_not():
    marked = _marked(ARTICLE)
    for junk in ("Niger Russie", "© AFP/Archives", "Lire aussi : Au Sahel, la Russie avance ses pions", "Partager",
                 "Abonnez-vous à notre newsletter pour ne rien manquer.", "Laisser un commentaire"):
        assert junk in marked, junk
    assert not any("vice-ministre" in m or "Niamey accueille" in m for m in marked)


def test_metadata_header_and_publication_line():
    text = "date 2026-02-04 Le maréchal est à Islamabad.\nPublié le 23 août 2023 Lecture : 1 minute.\nSuite."
    marked = _marked(text)
    assert marked[0].strip() == "date 2026-02-04" and "Publié le 23 août 2023 Lecture : 1 minute." in marked


def test_credit_after_a_caption_keeps_the_caption():
    text = "Le chef militaire à Benghazi le 24 décembre 2022. © Abdullah Doma / AFP\nSuite du texte."
    assert _marked(text) == ["© Abdullah Doma / AFP"]


def test_capitalised_line_later_in_the_text_is_not_a_tag_line():
    text = "Un long premier paragraphe " * 10 + "\n\nKhalifa Haftar\n\nsuite"
    assert "Khalifa Haftar" not in _marked(text)


def test_header_line_with_a_month_or_year_only_is_metadata():
    for header in ("date 2023-09", "date 2021", "Date 2024-3-7"):
        text = f"{header}\nLe ministre est arrivé mardi à Ouagadougou."
        [(start, end)] = find_skip_regions(text)
        assert text[start:end].strip() == header
    assert find_skip_regions("date 2023-09-bis n'est pas un en-tête") == []


def test_scraped_navigation_tags_and_glued_cross_links_are_boilerplate():
    text = ("Accueil › Monde › Afrique › Sahel\n"
            "Sahel : Niamey reçoit de nouveaux drones\n"
            "Lire aussiMali : l'armée réceptionne deux hélicoptères\n"
            "Suivez Radio Sahel sur WhatsApp pour ne rien manquer.\n"
            "Tags : Niger, Turquie, drones\n"
            "Le ministre a déclaré que 3 > 2 et que les livraisons > 10 unités > prévues.\n")
    cut = [text[a:b] for a, b in find_skip_regions(text)]
    assert "Accueil › Monde › Afrique › Sahel" in cut
    assert any(c.startswith("Lire aussiMali") for c in cut)
    assert any(c.startswith("Suivez Radio Sahel") for c in cut)
    assert any(c.startswith("Tags :") for c in cut)
    assert not any("Le ministre" in c or "Niamey reçoit" in c for c in cut)


def test_a_closing_agency_credit_is_skipped_but_an_acronym_in_the_sentence_is_not():
    text = ("Le ministre a reçu son homologue mardi. (MAP)\n"
            "Les troupes de l'Armée nationale libyenne (ANL).\n"
            "(TAP)\n")
    cut = [text[a:b].strip() for a, b in find_skip_regions(text)]
    assert "(MAP)" in cut and "(TAP)" in cut and "(ANL)" not in " ".join(cut)


def test_wire_and_photo_credits_are_skipped_but_slashes_in_prose_are_not():
    text = ("Le navire à quai au port de Dakar. (Xinhua/Li Ming)\n"
            "WAM/Karim Saleh\n"
            "(Reportage Ravi Kumar ; version française Anne Martin, édité par Paul Roux)\n"
            "Les forces (ONU/UA) patrouillent dans la zone.\n")
    cut = [text[a:b] for a, b in find_skip_regions(text)]
    assert "(Xinhua/Li Ming)" in cut and "WAM/Karim Saleh" in cut
    assert any(c.startswith("(Reportage Ravi Kumar") for c in cut)
    assert not any("ONU/UA" in c for c in cut)


def test_a_photo_caption_line_is_text_and_only_its_credit_is_cut():
    text = "Photo : la frégate à quai dans le port de Dakar. © AFP\nCrédit photo : Marine nationale\n"
    cut = [text[a:b] for a, b in find_skip_regions(text)]
    assert "© AFP" in cut and "Crédit photo : Marine nationale" in cut
    assert not any("Dakar" in c for c in cut)


def test_bylines_page_metadata_and_a_closing_signature_are_skipped():
    text = ("Sahel Hebdo | Défense | 04/03/2025 | 5 min de lecture\n"
            "Par Odile Kaboré et Jean-Luc Ferrand\n"
            "Nadia Benali |04.03.2025 - Mise à jour : 05.03.2025\n"
            "Le chef d'état-major togolais, le général Dadja Maganawé, a reçu mardi à Lomé une délégation béninoise.\n"
            "Par ailleurs, Cotonou attend la visite du ministre ghanéen.\n"
            "Photo : les deux délégations à Lomé. (Kossi Agbéko - Agence Togo Presse)\n"
            "Yaw Mensah / AFP\n"
            "Des blindés sur le tarmac de Lomé, jeudi. Crédit photo : Koffi Ayité / Le Quotidien\n"
            "Ibrahim Touré\n"
            "Partager\n")
    cut = [text[a:b] for a, b in find_skip_regions(text)]
    for junk in ("Sahel Hebdo | Défense | 04/03/2025 | 5 min de lecture", "Par Odile Kaboré et Jean-Luc Ferrand",
                 "Nadia Benali |04.03.2025 - Mise à jour : 05.03.2025", "(Kossi Agbéko - Agence Togo Presse)",
                 "Yaw Mensah / AFP", "Ibrahim Touré"):
        assert any(junk in c for c in cut), junk
    assert any(c.strip().startswith("Crédit photo : Koffi Ayité") for c in cut)
    assert not any("Par ailleurs" in c or "Dadja Maganawé" in c or "Photo : les deux" in c or "Des blindés" in c
                   for c in cut)


def test_a_last_line_that_is_a_sentence_or_a_short_text_is_kept():
    text = "Le ministre est arrivé à Lomé.\nIl repart jeudi.\nLa visite se poursuit."
    assert find_skip_regions(text) == []
    two_lines = "Le ministre est arrivé à Lomé pour une visite de travail. " * 4 + "\nJean Dupont"
    assert find_skip_regions(two_lines) == []  # too short to have a signature


def test_a_rubric_line_with_one_bar_is_page_metadata():
    text = "Défense | Asie centrale\nLe ministre est arrivé à Tachkent. Il a rencontré son homologue | selon la presse.\n"
    cut = [text[a:b] for a, b in find_skip_regions(text)]
    assert cut == ["Défense | Asie centrale"], cut


def test_a_breadcrumb_with_angle_brackets_and_a_byline_with_its_place_are_skipped():
    text = ("Accueil > Monde > Océan Indien\nMaurice reçoit un patrouilleur indien\n"
            "Par Priya Ramsamy, avec notre correspondant à Port-Louis\n"
            "Le patrouilleur est arrivé jeudi à Port-Louis, selon le ministère.\n"
            "Par la suite, le navire a rejoint Agaléga.\n")
    marked = _marked(text)
    assert "Accueil > Monde > Océan Indien" in marked
    assert "Par Priya Ramsamy, avec notre correspondant à Port-Louis" in marked
    assert not any("arrivé jeudi" in m or "Par la suite" in m or "Maurice reçoit" in m for m in marked), marked


def test_photo_credits_and_translator_lines_are_skipped_a_captioned_photo_is_not():
    text = ("Le patrouilleur est arrivé jeudi à Port-Louis.\nPhoto : Kessen Dorasami / AFP\n"
            "Texte : Awa Sow ; photos : Ibrahima Fall\nTraduit de l'anglais par Marc Lenoir\n"
            "Photo : Le patrouilleur à quai, jeudi à Port-Louis.\n")
    marked = _marked(text)
    for junk in ("Photo : Kessen Dorasami / AFP", "Texte : Awa Sow ; photos : Ibrahima Fall",
                 "Traduit de l'anglais par Marc Lenoir"):
        assert junk in marked, marked
    assert not any("à quai" in m or "arrivé jeudi" in m for m in marked), marked


def test_author_lines_reporter_posts_and_parenthesised_photo_credits_are_skipped():
    text = ("Les deux ministres à l'issue de la signature, jeudi à Lomé. (Photo : Présidence/Kodjo Amenyo)\n"
            "Auteur : Sékou Diabaté, chercheur associé\n"
            "Note rédigée par Awa Sissoko et Malick Fall, chercheurs au centre d'études.\n"
            "Par Agnès Leroux (Tirana, envoyée spéciale)\n"
            "Propos recueillis à Dakar par Omar Sy Ndoye\n"
            "Le texte rédigé par les deux parties sera signé mardi par le ministre.")
    marked = _marked(text)
    assert "(Photo : Présidence/Kodjo Amenyo)" in marked
    assert "Les deux ministres à l'issue de la signature, jeudi à Lomé." not in " ".join(marked)
    assert {"Auteur : Sékou Diabaté, chercheur associé", "Par Agnès Leroux (Tirana, envoyée spéciale)",
            "Propos recueillis à Dakar par Omar Sy Ndoye"} <= set(marked)
    assert any(m.startswith("Note rédigée par Awa Sissoko") for m in marked)
    assert not any("sera signé mardi" in m for m in marked)


def test_issue_lines_date_stamps_and_closing_formulas_are_metadata_but_prose_with_a_number_is_not():
    text = ("Note de conjoncture n° 47 – mars 2025\n"
            "Publié vendredi 14 mars 2025 à 09:30, modifié à 10:02\n"
            "14.03.2025\n"
            "Le bataillon n° 4 a été déployé le 12 mars à Kidal, a indiqué l'état-major.\n"
            "Les deux ministres ont signé à Bissau l'accord n° 9 sur la formation des officiers.\n"
            "Fait à Bissau, le 13 mars 2025\n"
            "13 mars 2025 · 5 commentaires")
    marked = _marked(text)
    assert {"Note de conjoncture n° 47 – mars 2025", "14.03.2025", "Fait à Bissau, le 13 mars 2025"} <= set(marked)
    assert any(m.startswith("Publié vendredi 14 mars 2025") for m in marked)
    assert any("5 commentaires" in m for m in marked)
    assert not any("bataillon" in m or "accord n° 9" in m for m in marked)


def test_a_share_bar_glued_into_one_word_is_boilerplate():
    text = ("Le patrouilleur a été remis mardi à la marine sénégalaise.\n"
            "PartagerTwitterFacebookCopier le lien\n"
            "Partagez-vous cet avis ? Les lecteurs répondent.\n")
    cut = _marked(text)
    assert "PartagerTwitterFacebookCopier le lien" in cut
    assert not any("patrouilleur" in c for c in cut)
