"""Generated matrix, second part: days inside a relative period ("le 6 octobre de l'année dernière",
"jeudi de la semaine d'après", "le 12 du mois prochain"), feast days with dernier/prochain, fortnights,
parts of a week, round counts ("une quinzaine de jours"), "la semaine du ...", lists of days.  Every
expected value is computed here with `datetime` arithmetic, never read from the grammar; the sentences
are fresh press-style French."""
from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

import pytest

from pipeline.normalize.dates import find_dates

ANCHOR = date(2025, 3, 19)  # a Wednesday
MONDAY = ANCHOR - timedelta(days=ANCHOR.weekday())
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _dates(text: str, prefer: str = "past"):
    return [m for m in find_dates(text, anchor=ANCHOR, prefer=prefer) if m.value]


def _month_shift(n: int) -> tuple[int, int]:
    y, m0 = divmod(ANCHOR.month - 1 + n, 12)
    return ANCHOR.year + y, m0 + 1


# --------------------------------------------------------------------------- a day inside a relative period

YEARS = [("de l'année dernière", -1), ("de l'an dernier", -1), ("de l'année prochaine", 1), ("de l'an prochain", 1),
         ("de cette année", 0), ("de l'année suivante", 1), ("de l'année précédente", -1)]


@pytest.mark.parametrize("period,k", YEARS)
@pytest.mark.parametrize("d,m", [(6, 10), (1, 1), (28, 2), (31, 12), (14, 7)])
def test_day_month_inside_a_relative_year(period, k, d, m):
    y = ANCHOR.year + k
    day_word = "1er" if d == 1 else str(d)
    text = f"La commission a rappelé l'incident du {day_word} {MONTHS[m - 1]} {period} à la frontière."
    found = _dates(text)
    assert [m_.value for m_ in found] == [date(y, m, d).isoformat()], found
    assert found[0].text.endswith(period.split(" ", 1)[1])


@pytest.mark.parametrize("period,k", YEARS[:4])
@pytest.mark.parametrize("m", [2, 9, 11])
def test_month_inside_a_relative_year(period, k, m):
    found = _dates(f"Les premiers blindés sont arrivés en {MONTHS[m - 1]} {period}, selon l'état-major.")
    assert [x.value for x in found] == [f"{ANCHOR.year + k}-{m:02d}"]


WEEKS = [("de la semaine prochaine", 1), ("de la semaine dernière", -1), ("de la semaine d'après", 1),
         ("de la semaine suivante", 1), ("de la semaine précédente", -1), ("de cette semaine", 0)]


@pytest.mark.parametrize("period,k", WEEKS)
@pytest.mark.parametrize("wd", range(7))
def test_weekday_inside_a_relative_week(period, k, wd):
    expected = MONDAY + timedelta(weeks=k, days=wd)
    found = _dates(f"Le chef de la diplomatie sera reçu {WEEKDAYS[wd]} {period} au palais.")
    assert [x.value for x in found] == [expected.isoformat()], found


MONTH_REFS = [("du mois prochain", 1), ("du mois dernier", -1), ("du mois suivant", 1), ("de ce mois", 0),
              ("du mois", 0), ("courant", 0)]


@pytest.mark.parametrize("ref,k", MONTH_REFS)
@pytest.mark.parametrize("d", [2, 12, 28])
def test_day_of_a_relative_month(ref, k, d):
    y, m = _month_shift(k)
    found = _dates(f"L'audience a été fixée au {d} {ref} par le tribunal militaire.")
    assert [x.value for x in found] == [date(y, m, d).isoformat()], found


# --------------------------------------------------------------------------- feast days, fortnights, quarters

FIXED_FEASTS = [("Noël", 12, 25), ("la Toussaint", 11, 1), ("le jour de l'An", 1, 1)]


@pytest.mark.parametrize("name,m,d", FIXED_FEASTS)
@pytest.mark.parametrize("word,sign", [("dernier", -1), ("dernière", -1), ("prochain", 1), ("prochaine", 1)])
def test_feast_day_with_dernier_prochain(name, m, d, word, sign):
    this_year = date(ANCHOR.year, m, d)
    if sign < 0:
        expected = this_year if this_year < ANCHOR else date(ANCHOR.year - 1, m, d)
    else:
        expected = this_year if this_year > ANCHOR else date(ANCHOR.year + 1, m, d)
    found = _dates(f"Une trêve avait été promise pour {name} {word} dans tout le pays.")
    assert [x.value for x in found] == [expected.isoformat()], found


@pytest.mark.parametrize("which,first", [("première", True), ("1re", True), ("seconde", False), ("deuxième", False),
                                         ("dernière", False)])
@pytest.mark.parametrize("m", range(1, 13))
def test_fortnight_of_a_month(which, first, m):
    y = 2024
    last = calendar.monthrange(y, m)[1]
    start, end = (date(y, m, 1), date(y, m, 15)) if first else (date(y, m, 16), date(y, m, last))
    prep = "d'" if MONTHS[m - 1][0] in "aeio" else "de "
    found = _dates(f"Les manœuvres se dérouleront durant la {which} quinzaine {prep}{MONTHS[m - 1]} {y} au large.")
    assert [(x.date_start, x.date_end) for x in found] == [(start, end)], found


@pytest.mark.parametrize("noun,size", [("trimestre", 3), ("semestre", 6)])
@pytest.mark.parametrize("year", ["2023", "de l'année dernière", ""])
def test_last_quarter_or_half(noun, size, year):
    y = 2023 if year == "2023" else (ANCHOR.year - 1 if year else ANCHOR.year)
    start, end = date(y, 13 - size, 1), date(y, 12, 31)
    text = f"Les livraisons reprendront au dernier {noun} {year}".rstrip() + ", selon le fabricant."
    found = _dates(text)
    assert [(x.date_start, x.date_end) for x in found] == [(start, end)], found


# --------------------------------------------------------------------------- parts of a week

PARTS = {"début": (0, 2), "milieu": (1, 3), "fin": (4, 6)}


def _week_part_cases():
    # "à la fin de la semaine", "au début de la semaine", "en début / milieu de semaine" ("en fin de semaine" is the weekend)
    frames = {"début": ["en {p} de semaine{q}", "au {p} de la semaine{q}"], "milieu": ["en {p} de semaine{q}", "au {p} de la semaine{q}"],
              "fin": ["à la {p} de la semaine{q}"]}
    for part, forms in frames.items():
        for frame, (q, k) in itertools.product(forms, [("", 0), (" prochaine", 1), (" dernière", -1)]):
            yield pytest.param(part, frame.format(p=part, q=q), k, id=frame.format(p=part, q=q))


@pytest.mark.parametrize("part,phrase,k", list(_week_part_cases()))
def test_part_of_a_week(part, phrase, k):
    a, b = PARTS[part]
    monday = MONDAY + timedelta(weeks=k)
    found = _dates(f"Le Parlement doit se prononcer {phrase} sur le texte.")
    assert [(x.date_start, x.date_end) for x in found] == [(monday + timedelta(days=a), monday + timedelta(days=b))], found


# --------------------------------------------------------------------------- round counts, the week of a day, lists

ROUNDS = [("huitaine", 8), ("dizaine", 10), ("quinzaine", 15), ("vingtaine", 20)]


@pytest.mark.parametrize("word,n", ROUNDS)
@pytest.mark.parametrize("lead,sign", [("dans une", 1), ("il y a une", -1)])
def test_round_count_of_days(word, n, lead, sign):
    found = _dates(f"Le navire a quitté le port {lead} {word} de jours avec sa cargaison.")
    assert [x.value for x in found] == [(ANCHOR + timedelta(days=sign * n)).isoformat()], found


@pytest.mark.parametrize("d,m", [(5, 4), (31, 3), (1, 6), (16, 2)])
def test_the_week_of_a_day(d, m):
    day = date(2025, m, d)
    monday = day - timedelta(days=day.weekday())
    found = _dates(f"La conférence des bailleurs se tiendra la semaine du {d} {MONTHS[m - 1]} 2025 à Addis-Abeba.")
    assert [(x.date_start, x.date_end) for x in found] == [(monday, monday + timedelta(days=6))], found


@pytest.mark.parametrize("days", [(3, 4, 5), (10, 11, 12, 13), (20, 22, 24)])
@pytest.mark.parametrize("m", [4, 11])
def test_a_list_of_days_is_their_span(days, m):
    listed = ", ".join(str(d) for d in days[:-1]) + f" et {days[-1]}"
    found = _dates(f"Les pourparlers se sont tenus les {listed} {MONTHS[m - 1]} 2024 à Nairobi.")
    assert [(x.date_start, x.date_end) for x in found] == [(date(2024, m, days[0]), date(2024, m, days[-1]))], found


@pytest.mark.parametrize("wd,d", list(itertools.product(range(7), (3, 17))))
def test_ce_weekday_with_its_date(wd, d):
    found = _dates(f"Ce {WEEKDAYS[wd]} {d} mars 2025, les ministres se retrouvent à Lomé.")
    assert [x.value for x in found] == [date(2025, 3, d).isoformat()], found


@pytest.mark.parametrize("a,b", [(15, 18), (3, 9)])
def test_range_of_weekdays_with_day_numbers(a, b):
    wa, wb = date(2025, 3, a).weekday(), date(2025, 3, b).weekday()
    found = _dates(f"Le salon se tient du {WEEKDAYS[wa]} {a} au {WEEKDAYS[wb]} {b} mars 2025 à Dakar.")
    assert [(x.date_start, x.date_end) for x in found] == [(date(2025, 3, a), date(2025, 3, b))], found


@pytest.mark.parametrize("text,value", [
    ("Les familles se retrouveront pour la toussaint, comme chaque année.", "2025-11-01"),
    ("Le chantier reprendra après l'ascension.", "2025-05-29"),
])
def test_a_lowercase_feast_after_its_article(text, value):
    assert [m.value for m in _dates(text, prefer="future")] == [value]


def test_a_feast_name_before_a_surname_is_a_person():
    assert _dates("Toussaint Louverture a mené la révolte de Saint-Domingue.") == []
