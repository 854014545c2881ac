"""Generated matrix: narrative words count from the period the story last named, deictic words from the
publication.  Expected values are computed here with `datetime`, independently of the grammar; the
sentences are fresh press-style French."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from pipeline.normalize.dates import find_dates

ANCHOR = date(2025, 6, 18)  # the publication, a Wednesday
NAMED_DAYS = [date(2024, 11, 2), date(2025, 1, 30), date(2025, 3, 9)]  # a Saturday, a Thursday, a Sunday
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _written(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _dates(text: str):
    return [m for m in find_dates(text, anchor=ANCHOR) if m.value]


@pytest.mark.parametrize("named,wd", list(itertools.product(NAMED_DAYS, range(7))))
@pytest.mark.parametrize("word,sign", [("suivant", 1), ("précédent", -1)])
def test_a_weekday_after_or_before_the_day_the_story_named(named, wd, word, sign):
    text = f"Arrêté le {_written(named)}, l'opposant a été entendu par le juge le {WEEKDAYS[wd]} {word}."
    step = ((wd - named.weekday() - 1) % 7 + 1) if sign > 0 else -((named.weekday() - wd - 1) % 7 + 1)
    found = _dates(text)
    assert [m.value for m in found] == [named.isoformat(), (named + timedelta(days=step)).isoformat()], found


@pytest.mark.parametrize("named", NAMED_DAYS)
@pytest.mark.parametrize("phrase,sign", [("la semaine suivante", 1), ("la semaine d'après", 1), ("la semaine précédente", -1)])
def test_the_week_after_the_day_the_story_named(named, phrase, sign):
    monday = named - timedelta(days=named.weekday()) + timedelta(weeks=sign)
    found = _dates(f"Le rapport a été remis le {_written(named)} et le ministre l'a commenté {phrase}.")
    assert len(found) == 2 and (found[1].date_start, found[1].date_end) == (monday, monday + timedelta(days=6)), found


@pytest.mark.parametrize("named", NAMED_DAYS)
@pytest.mark.parametrize("phrase,unit,sign", [("le mois suivant", "month", 1), ("le mois précédent", "month", -1),
                                              ("l'année suivante", "year", 1), ("l'année précédente", "year", -1)])
def test_the_month_or_year_after_the_day_the_story_named(named, phrase, unit, sign):
    found = _dates(f"L'accord a été paraphé le {_written(named)} ; il a été ratifié {phrase} par le Parlement.")
    if unit == "month":
        y, m = divmod(named.year * 12 + named.month - 1 + sign, 12)
        expected = f"{y:04d}-{m + 1:02d}"
    else:
        expected = f"{named.year + sign:04d}"
    assert [m.value for m in found] == [named.isoformat(), expected], found


@pytest.mark.parametrize("year,month", [(2019, 1), (2021, 7), (2023, 12)])
@pytest.mark.parametrize("count,n", [("deux", 2), ("trois", 3), ("six", 6)])
@pytest.mark.parametrize("direction,sign", [("plus tard", 1), ("plus tôt", -1)])
def test_months_counted_from_a_named_month(year, month, count, n, direction, sign):
    text = f"Le président a été renversé en {MONTHS[month - 1]} {year} et l'ambassadeur est parti {count} mois {direction}."
    y, m = divmod(year * 12 + month - 1 + sign * n, 12)
    found = _dates(text)
    assert [x.value for x in found] == [f"{year:04d}-{month:02d}", f"{y:04d}-{m + 1:02d}"], found


@pytest.mark.parametrize("year", [2012, 2017, 2020])
@pytest.mark.parametrize("phrase,delta", [("l'année suivante", 1), ("deux ans plus tard", 2), ("un an auparavant", -1)])
def test_years_counted_from_a_named_year(year, phrase, delta):
    found = _dates(f"Battu à la présidentielle de {year}, il a été élu député {phrase}, selon sa biographie officielle.")
    assert [x.value for x in found] == [str(year), str(year + delta)], found


@pytest.mark.parametrize("phrase,expected", [
    ("la semaine prochaine", "2025-W26"), ("le mois prochain", "2025-07"), ("l'année prochaine", "2026"),
    ("mardi prochain", "2025-06-24"), ("le mois dernier", "2025-05")])
def test_deictic_words_still_count_from_the_publication(phrase, expected):
    text = f"Le traité a été signé le {_written(NAMED_DAYS[0])} ; le ministre a évoqué {phrase} une révision."
    found = _dates(text)
    assert [m.value for m in found][-1] == expected, found


@pytest.mark.parametrize("phrase,days", [("Il y a quinze jours", -14), ("Dans quinze jours", 14),
                                         ("Il y a 15 jours", -15), ("Dans huit jours", 7)])
def test_a_fortnight_and_a_week_written_in_words(phrase, days):
    found = _dates(f"{phrase}, la délégation devait rencontrer le chef d'état-major à Niamey.")
    assert [m.value for m in found] == [(ANCHOR + timedelta(days=days)).isoformat()], found


@pytest.mark.parametrize("phrase,unit,n", [("il y a trois mois", "month", -3), ("dans deux mois", "month", 2),
                                           ("il y a dix ans", "year", -10), ("dans trois ans", "year", 3)])
def test_deictic_offsets_keep_the_precision_of_their_unit(phrase, unit, n):
    found = _dates(f"Selon le ministre, {phrase}, la base navale comptait deux frégates.")
    months = ANCHOR.year * 12 + ANCHOR.month - 1 + (n if unit == "month" else 12 * n)
    y, m = divmod(months, 12)
    assert [x.value for x in found] == [f"{y:04d}-{m + 1:02d}" if unit == "month" else f"{y:04d}"], found
    assert found[0].finest == date(y, m + 1, ANCHOR.day).isoformat()


@pytest.mark.parametrize("tail", ["par des tirs d'artillerie", "pour Dakar", "lors d'un incident"])
def test_after_at_the_end_of_an_offset_before_a_preposition(tail):
    found = _dates(f"Le cessez-le-feu, proclamé le {_written(NAMED_DAYS[1])}, a été rompu une semaine après {tail}.")
    assert [m.value for m in found] == [NAMED_DAYS[1].isoformat(), (NAMED_DAYS[1] + timedelta(days=7)).isoformat()], found


@pytest.mark.parametrize("prefix,sep", [("le", "."), ("le", "/"), ("du", "."), ("au", "/")])
def test_a_numeric_date_glued_to_the_word_before_it(prefix, sep):
    written = sep.join(["12", "11", "2019"])
    found = _dates(f"Mis à jour {prefix}{written} | Le Conseil d'État a validé la fermeture du centre.")
    assert [m.value for m in found] == ["2019-11-12"], found


@pytest.mark.parametrize("text", ["Le cortège est parti de la place du 8-Mai-1945 sous la pluie.",
                                  "La permanence du parti se trouve rue du 4-Septembre, à Paris.",
                                  "Les Mirage 2000-5 et les Rafale ont été déployés en Jordanie."])
def test_street_names_and_model_numbers_are_not_dates(text):
    assert _dates(text) == []


@pytest.mark.parametrize("d,m", [(7, 3), (14, 7), (1, 12), (30, 4)])
@pytest.mark.parametrize("lead", ["au", "le", "jeudi"])
def test_a_day_and_month_with_a_dot_after_a_date_word(d, m, lead):
    found = _dates(f"L'audience a été renvoyée {lead} {d:02d}.{m:02d}, selon le greffe du tribunal.")
    y = ANCHOR.year if (m, d) <= (ANCHOR.month, ANCHOR.day) else ANCHOR.year - 1
    assert [x.value[5:] for x in found] == [f"{m:02d}-{d:02d}"], found
    if lead != "jeudi":  # a weekday picks the year where that day is a Thursday
        assert found[0].value == f"{y:04d}-{m:02d}-{d:02d}"


@pytest.mark.parametrize("text", ["Le litre d'essence coûte 01.85 euro à Dakar.", "Le score était de 03.05 à la mi-temps.",
                                  "Le taux de croissance atteint 12.10 pour cent."])
def test_a_dotted_number_without_a_date_word_is_not_a_date(text):
    assert _dates(text) == []
