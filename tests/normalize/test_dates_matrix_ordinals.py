"""Generated matrix, third part: a day, week or weekend counted inside a month or a year ("le dernier jour
de février 2024", "la première semaine du mois prochain", "le deuxième week-end de mai"), "d'ici" offsets
and periods "en cours".  Expected values are computed here by walking the calendar day by day, never read
from the grammar; the sentences are fresh press-style French."""
from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

import pytest

from pipeline.normalize.dates import find_dates

ANCHOR = date(2025, 3, 19)  # a Wednesday
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _dates(text: str, prefer: str = "past"):
    return [m for m in find_dates(text, anchor=ANCHOR, prefer=prefer) if m.value]


def _days_of(year: int, month: int | None) -> list[date]:
    if month is None:
        first, last = date(year, 1, 1), date(year, 12, 31)
    else:
        first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _expected(unit: str, n: int, year: int, month: int | None) -> str:
    """The n-th (n = -1: the last) unit of the period, by enumeration: a week is the one whose Thursday falls
    in the period (most of its days, as ISO 8601 counts the weeks of a year), a weekend the one whose Saturday
    does."""
    days = _days_of(year, month)
    if unit == "day":
        return days[n - 1 if n > 0 else n].isoformat()
    if unit == "week":
        thursdays = [d for d in days if d.weekday() == 3]
        monday = thursdays[n - 1 if n > 0 else n] - timedelta(days=3)
        iso = monday.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    saturdays = [d for d in days if d.weekday() == 5]
    sat = saturdays[n - 1 if n > 0 else n]
    return f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"


# (masculine form, feminine form, n)
ORDINALS = [("premier", "première", 1), ("1er", "1re", 1), ("deuxième", "deuxième", 2), ("troisième", "troisième", 3),
            ("dernier", "dernière", -1)]
# unit -> (noun, feminine)
UNITS = {"day": ("jour", False), "week": ("semaine", True), "weekend": ("week-end", False)}
# (words after the unit, year, month): months with a year, relative months, a year, "l'année" alone
PERIODS = [("de février 2024", 2024, 2), ("d'octobre 2024", 2024, 10), ("de mars 2026", 2026, 3),
           ("de juin 2025", 2025, 6), ("du mois prochain", 2025, 4), ("du mois dernier", 2025, 2),
           ("de 2026", 2026, None), ("de l'année", 2025, None)]


def _ordinal_cases():
    for (masc, fem, n), (unit, (noun, feminine)), (period, y, m) in itertools.product(ORDINALS, UNITS.items(), PERIODS):
        if n == 3 and unit == "weekend" and m is None:
            continue
        article = "la" if feminine else "le"
        phrase = f"{fem if feminine else masc} {noun} {period}"
        text = f"Les deux ministres se sont entretenus {article} {phrase}, selon un communiqué conjoint."
        yield pytest.param(text, phrase, _expected(unit, n, y, m), id=phrase)


@pytest.mark.parametrize("text,phrase,value", list(_ordinal_cases()))
def test_nth_day_week_or_weekend_of_a_period(text, phrase, value):
    found = _dates(text)
    assert [(m.text, m.value) for m in found] == [(phrase, value)]


@pytest.mark.parametrize("month", range(1, 13))
def test_last_day_of_each_month_of_a_leap_year(month):
    found = _dates(f"Le contrat expirait le dernier jour de {MONTHS[month - 1]} 2028, a précisé l'armateur.")
    assert [m.value for m in found] == [date(2028, month, calendar.monthrange(2028, month)[1]).isoformat()]


def test_a_month_named_without_a_year_takes_the_preferred_year():
    past = _dates("La brigade a été relevée la dernière semaine de juin.")
    future = _dates("La brigade sera relevée la dernière semaine de juin.", prefer="future")
    assert [m.value for m in past] == [_expected("week", -1, 2024, 6)]
    assert [m.value for m in future] == [_expected("week", -1, 2025, 6)]


@pytest.mark.parametrize("sentence", [
    "Le premier jour de sa visite, le général a inspecté la base navale.",
    "Dès la deuxième semaine de négociations, les délégations se sont opposées.",
    "Au troisième jour du sommet, aucun accord n'avait été trouvé.",
])
def test_an_ordinal_unit_of_a_non_calendar_period_is_no_date(sentence):
    assert _dates(sentence) == []


# --------------------------------------------------------------------------- "d'ici" offsets, periods "en cours"

COUNTS = [(2, "deux"), (3, "trois"), (10, "dix"), (6, "6")]


@pytest.mark.parametrize("n,count", COUNTS)
@pytest.mark.parametrize("unit,noun", [("day", "jours"), ("week", "semaines"), ("month", "mois")])
@pytest.mark.parametrize("lead", ["d'ici", "d'ici à"])
def test_d_ici_counts_forward_like_dans(n, count, unit, noun, lead):
    phrase = f"{lead} {count} {noun}"
    found = _dates(f"Le premier lot de blindés doit être livré {phrase}, selon l'état-major.")
    if unit == "month":
        y, m0 = divmod(ANCHOR.month - 1 + n, 12)
        value = f"{ANCHOR.year + y:04d}-{m0 + 1:02d}"
    else:
        value = (ANCHOR + timedelta(days=n * (7 if unit == "week" else 1))).isoformat()
    assert [(m.text, m.value) for m in found] == [(phrase, value)]


@pytest.mark.parametrize("phrase,value", [
    ("le mois en cours", "2025-03"),
    ("la semaine en cours", f"{ANCHOR.isocalendar()[0]:04d}-W{ANCHOR.isocalendar()[1]:02d}"),
    ("l'année en cours", "2025"),
])
def test_period_en_cours_is_the_anchor_period(phrase, value):
    found = _dates(f"Les premières livraisons sont attendues dans {phrase}, a indiqué le porte-parole.")
    assert [m.value for m in found] == [value]


# --------------------------------------------------------------------------- ranges of weekdays

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
CONNECTORS = [("du {a} au {b}", "{a} au {b}"), ("de {a} à {b}", "{a} à {b}"), ("entre {a} et {b}", "{a} et {b}")]


def _latest(wd: int, on_or_before: date) -> date:
    d0 = on_or_before
    while d0.weekday() != wd:
        d0 -= timedelta(days=1)
    return d0


def _earliest(wd: int, on_or_after: date) -> date:
    d0 = on_or_after
    while d0.weekday() != wd:
        d0 += timedelta(days=1)
    return d0


def _weekday_range_cases():
    others = [wd for wd in range(7) if wd != ANCHOR.weekday()]  # the anchor's own weekday is left to each reading
    for a, b, (phrase_form, span_form), prefer in itertools.product(others, others, CONNECTORS, ("past", "future")):
        if a == b:
            continue
        if prefer == "past":
            end = _latest(b, ANCHOR)
            start = _latest(a, end)
        else:
            start = _earliest(a, ANCHOR)
            end = _earliest(b, start)
        words = dict(a=WEEKDAYS[a], b=WEEKDAYS[b])
        yield pytest.param(phrase_form.format(**words), span_form.format(**words), prefer,
                           f"{start.isoformat()}/{end.isoformat()}", id=f"{phrase_form.format(**words)}|{prefer}")


@pytest.mark.parametrize("phrase,span,prefer,value", list(_weekday_range_cases()))
def test_a_range_of_weekdays_is_one_span_of_days(phrase, span, prefer, value):
    verb = "ont eu lieu" if prefer == "past" else "auront lieu"
    found = _dates(f"Les manoeuvres navales {verb} {phrase}, selon la marine.", prefer=prefer)
    assert [(m.text, m.value) for m in found] == [(span, value)]


# --------------------------------------------------------------------------- "le week-end du ..."

def _weekend_cases():
    for d in range(1, 29):
        day = date(2024, 9, d)
        if day.weekday() < 4:
            continue
        sat = day + timedelta(days=5 - day.weekday())
        word = "1er" if d == 1 else str(d)
        yield pytest.param(f"week-end du {word} septembre 2024", f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}",
                           id=f"du {d}")
        if day.weekday() == 5:
            yield pytest.param(f"week-end des {word} et {d + 1} septembre 2024",
                               f"{day.isoformat()}/{(day + timedelta(days=1)).isoformat()}", id=f"des {d} et {d + 1}")


@pytest.mark.parametrize("phrase,value", list(_weekend_cases()))
def test_the_weekend_of_a_day(phrase, value):
    found = _dates(f"Le forum de défense s'est tenu le {phrase} dans la capitale.")
    assert [(m.text, m.value) for m in found] == [(phrase, value)]


def test_le_week_end_before_a_date_in_the_week_keeps_the_day():
    found = _dates("Le forum de défense s'est tenu le week-end du 10 septembre 2024, à huis clos.")  # a Tuesday
    assert [m.value for m in found] == ["2024-09-10"]


# --------------------------------------------------------------------------- "écoulé", halves of a year

@pytest.mark.parametrize("phrase,value", [
    ("la semaine écoulée", "{0:04d}-W{1:02d}".format(*(ANCHOR - timedelta(weeks=1)).isocalendar()[:2])),
    ("le mois écoulé", "2025-02"),
    ("l'année écoulée", "2024"),
])
def test_ecoule_is_the_period_before_the_anchor(phrase, value):
    found = _dates(f"Le bilan des opérations sur {phrase} a été publié par l'état-major.")
    assert [m.value for m in found] == [value]


@pytest.mark.parametrize("ordinal,half", [("première", 1), ("seconde", 2), ("deuxième", 2)])
@pytest.mark.parametrize("period,year", [("de 2023", 2023), ("de l'année", 2025), ("de l'année prochaine", 2026)])
def test_half_of_a_year(ordinal, half, period, year):
    found = _dates(f"Les livraisons sont prévues dans la {ordinal} moitié {period}, selon le constructeur.")
    months = (1, 6) if half == 1 else (7, 12)
    assert [m.value for m in found] == [f"{year:04d}-{months[0]:02d}/{year:04d}-{months[1]:02d}"]


@pytest.mark.parametrize("sentence", [
    "La moitié des soldats du bataillon ont été rapatriés.",
    "La première moitié du contingent est arrivée par avion.",
])
def test_half_of_something_else_is_no_date(sentence):
    assert _dates(sentence) == []
