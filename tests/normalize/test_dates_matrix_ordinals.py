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
