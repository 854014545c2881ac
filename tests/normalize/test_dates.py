"""French temporal tagger: spans, values, bounds and grains on press-style sentences."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.normalize.dates import TemporalMatch, find_dates, fold, normalize_date

# Publication date used by most cases: Wednesday 4 February 2026.
PUB = date(2026, 2, 4)


def only(text: str, anchor=PUB, prefer: str = "past") -> TemporalMatch:
    found = find_dates(text, anchor=anchor, prefer=prefer)
    assert len(found) == 1, f"{text!r} -> {found}"
    return found[0]


# (sentence, expected span text, value, date_start, date_end, grain)
CASES = [
    # absolute and partial dates
    ("Le ministre est arrivé le 22 août 2023 à Tripoli.", "22 août 2023", "2023-08-22", "2023-08-22", "2023-08-22", "day"),
    ("La délégation est arrivée le 22 août en Libye.", "22 août", "2025-08-22", "2025-08-22", "2025-08-22", "day"),
    ("Il avait signé l'accord le 1er mars 2019.", "1er mars 2019", "2019-03-01", "2019-03-01", "2019-03-01", "day"),
    ("Les troupes sont entrées dans la ville le 3 janv. 2024.", "3 janv. 2024", "2024-01-03", "2024-01-03", "2024-01-03", "day"),
    ("Le texte a été adopté en avril 2025 par le Parlement.", "avril 2025", "2025-04", "2025-04-01", "2025-04-30", "month"),
    ("Les négociations ont échoué en 2019.", "2019", "2019", "2019-01-01", "2019-12-31", "year"),
    ("Le scrutin du 12/03/2024 a été annulé.", "12/03/2024", "2024-03-12", "2024-03-12", "2024-03-12", "day"),
    ("Selon le rapport publié le 2024-03-12, les pertes sont lourdes.", "2024-03-12", "2024-03-12", "2024-03-12", "2024-03-12", "day"),
    ("Une réunion s'est tenue le 12.03.2024 à Alger.", "12.03.2024", "2024-03-12", "2024-03-12", "2024-03-12", "day"),
    ("Le maréchal est à Moscou depuis lundi 2 février.", "lundi 2 février", "2026-02-02", "2026-02-02", "2026-02-02", "day"),
    ("Il s'était rendu au Caire le 29 novembre.", "29 novembre", "2025-11-29", "2025-11-29", "2025-11-29", "day"),
    # relative days
    ("Le président a reçu hier son homologue.", "hier", "2026-02-03", "2026-02-03", "2026-02-03", "day"),
    ("Les combats ont repris avant-hier au sud de la ville.", "avant-hier", "2026-02-02", "2026-02-02", "2026-02-02", "day"),
    ("Le sommet s'ouvre demain à Rome.", "demain", "2026-02-05", "2026-02-05", "2026-02-05", "day"),
    ("Le chef d'état-major a annoncé aujourd'hui la fin des manœuvres.", "aujourd'hui", "2026-02-04", "2026-02-04", "2026-02-04", "day"),
    ("La veille, la délégation avait rencontré le Premier ministre.", "veille", "2026-02-03", "2026-02-03", "2026-02-03", "day"),
    ("Le lendemain, les deux parties ont signé.", "lendemain", "2026-02-05", "2026-02-05", "2026-02-05", "day"),
    ("Il y a trois jours, un convoi a été attaqué.", "Il y a trois jours", "2026-02-01", "2026-02-01", "2026-02-01", "day"),
    ("Le ministre reviendra dans deux semaines.", "dans deux semaines", "2026-02-18", "2026-02-18", "2026-02-18", "day"),
    # weekdays
    ("Khalifa Haftar a rencontré mardi le commandant d'Africom.", "mardi", "2026-02-03", "2026-02-03", "2026-02-03", "day"),
    ("Le général était dimanche à Alger.", "dimanche", "2026-02-01", "2026-02-01", "2026-02-01", "day"),
    ("Il a été reçu mardi dernier à l'Élysée.", "mardi dernier", "2026-02-03", "2026-02-03", "2026-02-03", "day"),
    ("Les pourparlers reprendront mardi prochain à Genève.", "mardi prochain", "2026-02-10", "2026-02-10", "2026-02-10", "day"),
    # month and year relatives
    ("L'accord signé en septembre dernier prévoit des livraisons.", "septembre dernier", "2025-09", "2025-09-01", "2025-09-30", "month"),
    ("Les élections auront lieu le mois prochain.", "mois prochain", "2026-03", "2026-03-01", "2026-03-31", "month"),
    ("Les ventes d'armes ont doublé l'an dernier.", "an dernier", "2025", "2025-01-01", "2025-12-31", "year"),
    ("Cette année, le budget de la défense augmente.", "Cette année", "2026", "2026-01-01", "2026-12-31", "year"),
    # weeks
    ("Cette semaine, plusieurs sources évoquent un accord.", "Cette semaine", "2026-W06", "2026-02-02", "2026-02-08", "week"),
    ("Une nouvelle rencontre est prévue la semaine prochaine.", "semaine prochaine", "2026-W07", "2026-02-09", "2026-02-15", "week"),
    ("Les tirs ont cessé la semaine dernière.", "semaine dernière", "2026-W05", "2026-01-26", "2026-02-01", "week"),
    # début / mi / fin, seasons
    ("Début octobre, le président s'est rendu à Benghazi.", "Début octobre", "2025-10-01/2025-10-10", "2025-10-01", "2025-10-10", "interval"),
    ("Les premiers avions sont arrivés mi-janvier.", "mi-janvier", "2026-01-11/2026-01-20", "2026-01-11", "2026-01-20", "interval"),
    ("Le contrat avait été signé fin juillet 2017.", "fin juillet 2017", "2017-07-21/2017-07-31", "2017-07-21", "2017-07-31", "interval"),
    ("Des instructeurs sont présents depuis l'été dernier.", "été dernier", "2025-06/2025-08", "2025-06-01", "2025-08-31", "season"),
    ("Les travaux reprendront au printemps 2027.", "printemps 2027", "2027-03/2027-05", "2027-03-01", "2027-05-31", "season"),
    ("Le Caire livrera des radars d'ici la fin du mois de mai.", "fin du mois de mai", "2026-05-21/2026-05-31", "2026-05-21", "2026-05-31", "interval"),
    ("La frégate avait fait escale au début du mois d'août.", "début du mois d'août", "2025-08-01/2025-08-10", "2025-08-01", "2025-08-10", "interval"),
    # ranges
    ("Haftar a effectué ces 27 et 28 novembre 2016 une visite à Moscou.", "27 et 28 novembre 2016", "2016-11-27/2016-11-28", "2016-11-27", "2016-11-28", "interval"),
    ("Le salon se tiendra du 3 au 5 mars à Paris.", "3 au 5 mars", "2026-03-03/2026-03-05", "2026-03-03", "2026-03-05", "interval"),
    ("Les exercices auront lieu entre le 3 et le 5 mars.", "3 et le 5 mars", "2026-03-03/2026-03-05", "2026-03-03", "2026-03-05", "interval"),
    ("La capitale a été assiégée en 2019-2020.", "2019-2020", "2019/2020", "2019-01-01", "2020-12-31", "interval"),
    ("Le programme s'étend de janvier à mars 2025.", "janvier à mars 2025", "2025-01/2025-03", "2025-01-01", "2025-03-31", "interval"),
    # holidays
    ("Les prisonniers ont été libérés à Noël.", "Noël", "2025-12-25", "2025-12-25", "2025-12-25", "day"),
    ("Le cessez-le-feu a été rompu la veille du Nouvel An.", "veille du Nouvel An", "2025-12-31", "2025-12-31", "2025-12-31", "day"),
]


@pytest.mark.parametrize("text,span,value,start,end,grain", CASES, ids=[c[1] for c in CASES])
def test_press_expressions(text, span, value, start, end, grain):
    m = only(text)
    assert m.text == span
    assert text[m.start:m.end] == span
    assert m.value == value
    assert m.date_start == date.fromisoformat(start)
    assert m.date_end == date.fromisoformat(end)
    assert m.grain == grain


# Times of day stay inside the span; value stops at the day, finest keeps the time.
TIMES = [
    ("Le vote a eu lieu mercredi soir au Parlement.", "mercredi soir", "2026-02-04", "soir", "2026-02-04T16:00/2026-02-04T20:00", "part_of_day"),
    ("Il sera reçu jeudi 5 février matin par le ministre.", "jeudi 5 février matin", "2026-02-05", "matin", "2026-02-05T08:00/2026-02-05T12:00", "part_of_day"),
    ("L'explosion s'est produite mardi à 14 h 30.", "mardi à 14 h 30", "2026-02-03", "14:30", "2026-02-03T14:30", "minute"),
    ("Le convoi est reparti hier vers 20 heures.", "hier vers 20 heures", "2026-02-03", "20:00", "2026-02-03T20:00", "hour"),
    ("La conférence de presse débutera à 14h30.", "14h30", "", "14:30", "T14:30", "minute"),
    ("Ce soir, le président s'adressera à la nation.", "Ce soir", "2026-02-04", "soir", "2026-02-04T16:00/2026-02-04T20:00", "part_of_day"),
]


@pytest.mark.parametrize("text,span,value,time,finest,grain", TIMES, ids=[t[1] for t in TIMES])
def test_times_of_day(text, span, value, time, finest, grain):
    m = only(text)
    assert (m.text, m.value, m.time, m.finest, m.grain) == (span, value, time, finest, grain)


NEGATIVES = [
    "Les combattants ont été retenus pendant 48 heures.",
    "Un ultimatum de 48 h a été lancé à la milice.",
    "Il a passé trois ans en prison.",
    "Le conflit dure depuis plusieurs années.",
    "Sa délégation a récemment été reçue à Moscou.",
    "Le contrat porte sur 2000 véhicules blindés.",
    "Il a obtenu 2500 voix au premier tour.",
    "Le mouvement se réunit en boîte de nuit.",
    "La France d'aujourd'hui n'est plus celle de 1960.",
    "L'opération a duré une minute.",
    "Le taux est passé de 3,5 à 4 %.",
    "Le président de la République a été élu.",
    "Il a été blessé lors des combats.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_dates(text):
    found = [m for m in find_dates(text, anchor=PUB) if m.text not in ("1960",)]
    assert found == [], found


def test_no_anchor_no_guess():
    m = only("Il a été reçu mardi à Alger.", anchor=None)
    assert m.value == "" and m.date_start is None
    assert only("Il a été reçu le 3 mars 2021.", anchor=None).value == "2021-03-03"


def test_prefer_future_and_planned():
    assert only("Il était à Alger mardi.", prefer="future").value == "2026-02-10"
    m = only("Il se rendra à Alger mardi.")  # prefer='past', but the verb is in the future
    assert m.value == "2026-02-10" and m.planned
    m = only("La réunion aura lieu le 22 août.")  # future tense cue in the sentence
    assert m.value == "2026-08-22" and m.planned
    m = only("Je reviendrai mercredi", prefer="future", anchor=date(2016, 9, 7))
    assert m.value == "2016-09-07"
    assert only("Il était à Moscou mardi.").planned is False


def test_weekday_checks_the_calendar():
    # 2 February 2026 is a Monday: "lundi 2 février" resolves to 2026 even with prefer='future'
    assert only("lundi 2 février", prefer="future").value == "2026-02-02"


def test_anchor_accepts_datetime_and_string():
    assert only("hier", anchor=datetime(2026, 2, 4, 18, 30)).value == "2026-02-03"
    assert only("hier", anchor="2026-02-04").value == "2026-02-03"


def test_normalize_date_isolated_and_fold_keeps_offsets():
    m = normalize_date("le 22 août", anchor=PUB)
    assert m is not None and m.value == "2025-08-22"
    assert normalize_date("récemment", anchor=PUB) is None
    text = "Élysée’s réunion – été"
    assert len(fold(text)) == len(text)


def test_veille_and_lendemain_count_from_the_story_day():
    """In press prose 'la veille' is the day before the day just narrated, not before publication."""
    from datetime import date as _date

    text = ("Le ministre a été reçu jeudi 4 avril à Rabat. La veille, il avait fait escale à Alger ; "
            "le lendemain, il s'est envolé pour Nouakchott.")
    found = {m.text: m.value for m in find_dates(text, _date(2024, 4, 8))}
    assert found["jeudi 4 avril"] == "2024-04-04"
    assert found["veille"] == "2024-04-03"
    assert found["lendemain"] == "2024-04-05"
    text = ("Le général est arrivé dimanche et lundi. Il a atterri dimanche matin à Tunis ; "
            "le lendemain, il a rencontré le chef d'état-major.")
    found = {m.text: m.value for m in find_dates(text, _date(2024, 4, 9))}
    assert found["lendemain"] == "2024-04-08"  # the day after "dimanche matin", the day last narrated
    alone = find_dates("La veille, le Parlement avait rejeté le texte.", _date(2024, 4, 8))
    assert [m.value for m in alone] == ["2024-04-07"]  # nothing narrated: the day before publication


def test_month_of_a_relative_year_is_one_month():
    from datetime import date as _date

    [m] = find_dates("Le ministre s'était rendu au Caire en février de l'année dernière.", _date(2024, 6, 1))
    assert (m.text, m.value, m.grain) == ("février de l'année dernière", "2023-02", "month")
    [m] = find_dates("Les manœuvres reprendront en mars de l'an prochain.", _date(2024, 6, 1))
    assert m.value == "2025-03"


def test_same_day_counts_from_the_narrated_day():
    from datetime import date as _date

    text = "Le 3 mai, la délégation est arrivée à Niamey. Le chef de la junte l'a reçue le même jour."
    assert [m.value for m in find_dates(text, _date(2023, 5, 10))] == ["2023-05-03", "2023-05-03"]


def test_planning_words_read_a_bare_month_forward():
    from datetime import date as _date

    [m] = find_dates("Un exercice naval conjoint est prévu en Méditerranée en mars.", _date(2024, 6, 1))
    assert m.value == "2025-03"


def test_horizon_is_a_duration_not_a_date():
    from datetime import date as _date

    assert find_dates("Les deux pays veulent doubler leurs échanges dans les cinq ans.", _date(2024, 2, 15)) == []
    assert [m.value for m in find_dates("Il reviendra dans deux semaines.", _date(2024, 2, 15))] == ["2024-02-29"]


def test_future_tense_reads_a_day_month_forward():
    from datetime import date as _date

    [m] = find_dates("Les deux marines participeront du 10 au 20 mars à des manœuvres.", _date(2025, 6, 1))
    assert m.value == "2026-03-10/2026-03-20" and m.planned
    [m] = find_dates("Les deux marines ont manœuvré du 10 au 20 mars.", _date(2025, 6, 1))
    assert m.value == "2025-03-10/2025-03-20" and not m.planned


def test_names_a_month_and_target_words():
    from pipeline.normalize.dates import introduces_target, names_a_month

    assert names_a_month("mi-mars") and names_a_month("début Décembre") and names_a_month("12 au 15 octobre")
    assert not names_a_month("lundi") and not names_a_month("le lendemain") and not names_a_month("mardernier")
    assert introduces_target("un exercice annoncé pour ") and introduces_target("livrer d'ici la ")
    assert introduces_target("former des pilotes d'ici à l'") and introduces_target("est attendu pour le ")
    assert not introduces_target("signé le ") and not introduces_target("pourtant ")


def test_a_year_opening_a_chronology_line_is_a_date_a_count_is_not():
    box = "Repères\n2017 : premier accord de défense entre Lomé et Accra.\n2021 – arrivée des instructeurs.\n"
    assert [m.value for m in find_dates(box, anchor=PUB)] == ["2017", "2021"]
    assert find_dates("Chiffres\n2000 soldats sont déployés au nord.\n", anchor=PUB) == []


def test_the_middle_of_a_year_is_june_and_july_as_the_guidelines_say():
    m = only("La livraison des frégates est attendue à la mi-2027, selon le constructeur.", prefer="future")
    assert (m.value, m.date_start.isoformat(), m.date_end.isoformat()) == ("2027-06/2027-07", "2027-06-01", "2027-07-31")


def test_the_eve_and_the_day_after_a_feast_count_from_the_feast():
    assert only("Les blindés sont arrivés la veille de Noël au port de Douala.").value == "2025-12-24"
    assert only("Le ministre est reparti au lendemain de la Pentecôte.").value == "2025-06-09"


# "est attendu en juin", "s'engagent à ouvrir en février": an expected or promised event is ahead of the
# publication; "a signé en septembre" is behind it.  Months on both sides of the anchor (2025-03-19).
@pytest.mark.parametrize("month,number", [("janvier", 1), ("juin", 6), ("septembre", 9), ("décembre", 12)])
@pytest.mark.parametrize("sentence,ahead", [
    ("Le chef d'état-major de la marine est attendu à Lomé en {m}.", True),
    ("Les premiers blindés commandés à Ankara sont attendus en {m} à Bamako.", True),
    ("Les deux capitales s'engagent à ouvrir en {m} des négociations techniques.", True),
    ("Le ministre a signé en {m} un accord de coopération navale.", False),
])
def test_an_expected_event_is_ahead_and_a_told_one_behind(month, number, sentence, ahead):
    anchor = date(2025, 3, 19)
    found = [m for m in find_dates(sentence.format(m=month), anchor=anchor) if m.value]
    year = (2025 if number >= 3 else 2026) if ahead else (2025 if number <= 3 else 2024)
    assert [m.value for m in found] == [f"{year:04d}-{number:02d}"]


@pytest.mark.parametrize("text,value", [
    ("Le contrat court jusqu'en 2027.  3 questions au ministre sur ce dossier.", "2027"),
    ("Le plan a été adopté en 2023.\n09h40 : le ministre arrive à la base.", "2023"),
    ("Selon la note 2024.4 du ministère, les livraisons ont repris.", "2024-04"),
])
def test_a_year_ending_a_sentence_does_not_take_the_next_number_as_its_month(text, value):
    found = [m for m in find_dates(text, anchor=date(2025, 3, 19)) if m.value]
    assert found and found[0].value == value


@pytest.mark.parametrize("text,found", [
    ("Aucun contrat n'a été conclu à ce jour avec le chantier.", []),
    ("À ce jour, aucune unité n'a été déployée sous cette bannière.", []),
    ("Le bilan reste inchangé jusqu'à ce jour, selon la préfecture.", []),
    ("Le ministre a signé ce jour un accord de défense à Dakar.", ["ce jour"]),
])
def test_a_ce_jour_means_so_far_not_a_day(text, found):
    assert [m.text for m in find_dates(text, anchor=date(2025, 3, 19)) if m.value] == found
