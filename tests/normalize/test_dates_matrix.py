"""Generated matrix of date forms: parts composed (count x unit x direction, abbreviated months x dot x
year, numeric day-month, year-first numbers) and checked against values computed here with plain
`datetime` arithmetic, independently of the grammar.  Sentences are fresh press-style French."""
from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

import pytest

from pipeline.normalize.dates import find_dates

ANCHOR = date(2025, 3, 19)  # a Wednesday
NARRATIVE_DAY = date(2024, 10, 31)  # the day a story names before the offset ("le 31 octobre 2024")


def _plus_months(d0: date, n: int) -> date:
    y, m0 = divmod(d0.month - 1 + n, 12)
    y, m = d0.year + y, m0 + 1
    return date(y, m, min(d0.day, calendar.monthrange(y, m)[1]))


def _expected(base: date, n: int, unit: str) -> date:
    if unit == "day":
        return base + timedelta(days=n)
    if unit == "week":
        return base + timedelta(days=7 * n)
    if unit == "month":
        return _plus_months(base, n)
    return _plus_months(base, 12 * n)


def _at_unit_precision(day: date, unit: str) -> str:
    """Press tables keep an offset at the precision of its unit: a month, a year, else the day."""
    return {"month": day.strftime("%Y-%m"), "year": f"{day.year:04d}"}.get(unit, day.isoformat())


IDIOMS = {"quinze": 14, "huit": 7}  # day counts in words read as weeks ('dans quinze jours' = a fortnight)


def _dates(text: str, anchor: date = ANCHOR):
    return [m for m in find_dates(text, anchor=anchor) if m.value]


# --------------------------------------------------------------------------- relative offsets

# (count, words for a masculine noun, for a feminine noun)
COUNTS = [(1, "un", "une"), (2, "deux", "deux"), (3, "trois", "trois"), (10, "dix", "dix"),
          (15, "quinze", "quinze"), (17, "dix-sept", "dix-sept"), (21, "vingt et un", "vingt et une")]
# unit -> (singular, plural, feminine)
UNITS = {"day": ("jour", "jours", False), "week": ("semaine", "semaines", True),
         "month": ("mois", "mois", False), "year": ("an", "ans", False)}
# direction words -> sign; 'après'/'avant' are tested at the end of a clause
DIRECTIONS = [("plus tard", 1), ("après", 1), ("plus tôt", -1), ("avant", -1), ("auparavant", -1)]
FRAMES = [
    ("{X}, le cessez-le-feu a été rompu.", True),
    ("Le convoi humanitaire est finalement reparti {x}.", False),
]


def _offset_cases():
    for (n, masc, fem), (unit, (sg, pl, feminine)), (direction, sign), digits, (frame, initial) in itertools.product(
            COUNTS, UNITS.items(), DIRECTIONS, (False, True), FRAMES):
        if unit == "year" and n > 10:
            continue
        count = str(n) if digits else (fem if feminine else masc)
        phrase = f"{count} {sg if n == 1 else pl} {direction}"
        if initial:
            phrase = phrase[0].upper() + phrase[1:]
        text = frame.format(X=phrase, x=phrase)
        days = IDIOMS.get(count, n) if unit == "day" else n
        yield pytest.param(text, phrase, sign * days, unit, id=f"{phrase}|{'initial' if initial else 'end'}")


@pytest.mark.parametrize("text,phrase,n,unit", list(_offset_cases()))
def test_relative_offset_from_the_anchor(text, phrase, n, unit):
    found = _dates(text)
    assert [m.text for m in found] == [phrase], found
    exact = _expected(ANCHOR, n, unit)
    assert found[0].value == _at_unit_precision(exact, unit)
    assert found[0].finest == exact.isoformat()
    assert found[0].grain == {"month": "month", "year": "year"}.get(unit, "day")


@pytest.mark.parametrize("unit", list(UNITS))
@pytest.mark.parametrize("direction,sign", [("plus tard", 1), ("plus tôt", -1), ("après", 1), ("auparavant", -1)])
def test_relative_offset_from_the_day_the_story_named(unit, direction, sign):
    sg, pl, feminine = UNITS[unit]
    text = f"Le 31 octobre 2024, les négociateurs se sont retrouvés à Genève. Trois {pl} {direction}, un accord était conclu."
    found = _dates(text)
    assert len(found) == 2, found
    exact = _expected(NARRATIVE_DAY, 3 * sign, unit)
    assert found[1].value == _at_unit_precision(exact, unit) and found[1].finest == exact.isoformat()


@pytest.mark.parametrize("count,noun", [("deux", "jours"), ("une", "semaine"), ("six", "mois"), ("trois", "ans")])
@pytest.mark.parametrize("direction", ["après", "avant"])
def test_offset_before_a_noun_is_not_a_date(count, noun, direction):
    text = f"L'annonce intervient {count} {noun} {direction} la visite du ministre à Niamey."
    assert _dates(text) == []


@pytest.mark.parametrize("count,n", [("deux", 2), ("trois", 3), ("dix", 10)])
@pytest.mark.parametrize("direction,sign", [("avant", -1), ("après", 1)])
def test_offset_from_a_named_day(count, n, direction, sign):
    text = f"Les élus ont voté {count} jours {direction} le 14 juillet 2024."
    found = _dates(text)
    assert len(found) == 1, found
    assert found[0].text == f"{count} jours {direction} le 14 juillet 2024"
    assert found[0].value == (date(2024, 7, 14) + timedelta(days=sign * n)).isoformat()


def test_offset_compared_with_a_plan_is_not_a_date():
    assert _dates("Le scrutin s'est tenu deux jours plus tôt que prévu.") == []


@pytest.mark.parametrize("word,n", [("jour précédent", -1), ("jour suivant", 1), ("avant-veille", -2), ("veille", -1), ("lendemain", 1)])
def test_relative_days_without_and_with_a_named_day(word, n):
    found = _dates(f"Le {word}, les forces spéciales ont quitté la base.".replace("Le avant", "L'avant").replace("Le veille", "La veille"))
    assert [m.text for m in found] == [word] and found[0].value == (ANCHOR + timedelta(days=n)).isoformat()
    story = f"Le 31 octobre 2024, le port a rouvert. Le {word}, les navires attendaient au large."
    found = _dates(story.replace("Le avant", "L'avant").replace("Le veille", "La veille"))
    assert found[1].value == (NARRATIVE_DAY + timedelta(days=n)).isoformat()


# --------------------------------------------------------------------------- abbreviated months and weekdays

MONTH_ABBREVIATIONS = [("janv", 1), ("févr", 2), ("fév", 2), ("avr", 4), ("juil", 7), ("juill", 7),
                       ("sept", 9), ("sep", 9), ("oct", 10), ("nov", 11), ("déc", 12)]
WEEKDAY_ABBREVIATIONS = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]


def _last_on_or_before(m: int, d: int, anchor: date) -> date:
    y = anchor.year
    while True:
        try:
            c = date(y, m, d)
        except ValueError:
            y -= 1
            continue
        if c <= anchor:
            return c
        y -= 1


def _abbr_cases():
    for (abbr, m), dot, year in itertools.product(MONTH_ABBREVIATIONS, ("", "."), (None, 2023)):
        day = 28 if m == 2 else 12
        month = abbr + dot
        tail = f" {year}" if year else ""
        text = f"L'accord a été paraphé le {day} {month}{tail} à Rabat, selon un communiqué."
        expected = date(year, m, day) if year else _last_on_or_before(m, day, ANCHOR)
        yield pytest.param(text, expected.isoformat(), id=f"{day} {month}{tail}")


@pytest.mark.parametrize("text,value", list(_abbr_cases()))
def test_abbreviated_month_with_a_day(text, value):
    found = _dates(text)
    assert [m.value for m in found] == [value], found


@pytest.mark.parametrize("abbr,m", MONTH_ABBREVIATIONS)
@pytest.mark.parametrize("dot", ["", "."])
def test_abbreviated_month_with_a_year(abbr, m, dot):
    found = _dates(f"Les livraisons ont commencé en {abbr}{dot} 2021 au port de Tobrouk.")
    assert [m_.value for m_ in found] == [f"2021-{m:02d}"], found


@pytest.mark.parametrize("wd", range(7))
@pytest.mark.parametrize("dot", ["", "."])
@pytest.mark.parametrize("form", ["month", "numeric"])
def test_abbreviated_weekday_before_a_day(wd, dot, form):
    day = date(2025, 3, 10) + timedelta(days=wd)  # the week of 10 March 2025, Monday first
    written = f"{day.day} mars" if form == "month" else f"{day.day:02d}/{day.month:02d}"
    text = f"La commission se réunira {WEEKDAY_ABBREVIATIONS[wd]}{dot} {written} à huis clos."
    found = _dates(text)
    assert [m.value for m in found] == [day.isoformat()], found
    assert found[0].text.startswith(WEEKDAY_ABBREVIATIONS[wd])


@pytest.mark.parametrize("sentence", ["Il a passé sept jours en mer.", "La mer était calme.", "Le sam est un dialecte."])
def test_abbreviation_words_alone_are_not_dates(sentence):
    assert _dates(sentence) == []


# --------------------------------------------------------------------------- numeric dates


@pytest.mark.parametrize("d,m", [(14, 7), (3, 2), (1, 12), (25, 3), (19, 3), (20, 3)])
@pytest.mark.parametrize("pad", [False, True])
@pytest.mark.parametrize("lead", ["le", "lundi", "mar."])
def test_day_month_without_a_year(d, m, pad, lead):
    written = f"{d:02d}/{m:02d}" if pad else f"{d}/{m}"
    found = _dates(f"Le préavis de grève court jusqu'au {written}." if lead == "le" else f"Le vote a eu lieu {lead} {written}.")
    expected = _last_on_or_before(m, d, ANCHOR)
    if lead != "le":  # a weekday picks the year where that day is that weekday (or the nearest)
        assert [x.value[5:] for x in found] == [expected.isoformat()[5:]], found
    else:
        assert [x.value for x in found] == [expected.isoformat()], found


@pytest.mark.parametrize("y,m,d", [(2024, 3, 7), (2023, 11, 2), (2022, 1, 31), (2025, 12, 9)])
@pytest.mark.parametrize("sep", ["-", "/", "."])
@pytest.mark.parametrize("pad", [False, True])
def test_year_first_numeric_dates(y, m, d, sep, pad):
    written = sep.join([str(y), f"{m:02d}" if pad else str(m), f"{d:02d}" if pad else str(d)])
    found = _dates(f"Le décret publié le {written} fixe le calendrier.")
    assert [(x.text, x.value) for x in found] == [(written, date(y, m, d).isoformat())], found


@pytest.mark.parametrize("text", ["Le texte a été adopté par 3/5/7 des voix.", "Le score final est de 2024-13-45."])
def test_numbers_that_are_not_dates(text):
    assert _dates(text) == []


# --------------------------------------------------------------------------- "en huit", "d'après", weekday + day number

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@pytest.mark.parametrize("wd", range(7))
@pytest.mark.parametrize("words,days", [("en huit", 7), ("en quinze", 14)])
def test_weekday_en_huit(wd, words, days):
    base = ANCHOR + timedelta(days=(wd - ANCHOR.weekday()) % 7)  # the next one on or after the anchor
    found = _dates(f"Le procès reprendra {WEEKDAYS[wd]} {words} devant la cour d'appel.")
    assert [(m.text, m.value) for m in found] == [(f"{WEEKDAYS[wd]} {words}", (base + timedelta(days=days)).isoformat())]


@pytest.mark.parametrize("word,n", [("demain", 1), ("aujourd'hui", 0)])
def test_relative_day_en_huit(word, n):
    found = _dates(f"Les discussions reprendront {word} en huit à Doha.")
    assert [m.value for m in found] == [(ANCHOR + timedelta(days=n + 7)).isoformat()]


def test_en_huit_before_a_unit_is_no_date():
    assert _dates("Ils ont bouclé le trajet en huit heures.") == []


@pytest.mark.parametrize("phrase,value", [
    ("la semaine d'après", "2025-W13"), ("la semaine d'avant", "2025-W11"),
    ("le mois d'après", "2025-04"), ("le mois d'avant", "2025-02"),
    ("l'année d'après", "2026"), ("l'année d'avant", "2024"),
])
def test_unit_d_apres_d_avant(phrase, value):
    assert [m.value for m in _dates(f"Les inspecteurs sont revenus {phrase} sur le site.")] == [value]


def test_month_name_d_apres_is_according_to():
    found = _dates("Les chars sont arrivés en avril d'après le ministère.")
    assert [m.text for m in found] == ["avril"]


@pytest.mark.parametrize("d", [3, 14, 21, 28])
def test_weekday_and_day_number(d):
    # the nearest month (around the anchor) where day d is that weekday
    cands = [date(y, m, d) for y in (2024, 2025, 2026) for m in range(1, 13)]
    for wd in range(7):
        ok = [c for c in cands if c.weekday() == wd]
        expected = min(ok, key=lambda c: (abs((c - ANCHOR).days), c < ANCHOR))
        found = _dates(f"Le sommet s'est ouvert {WEEKDAYS[wd]} {d}, dans la capitale.")
        assert [(m.text, m.value) for m in found] == [(f"{WEEKDAYS[wd]} {d}", expected.isoformat())]


def test_weekday_and_a_count_is_not_a_day_number():
    assert [m.text for m in _dates("Les forces ont perdu mardi 3 hommes dans l'embuscade.")] == ["mardi"]
