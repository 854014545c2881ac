"""Generated matrix, fourth part: abbreviated weekdays on their own, dots after abbreviations, day ranges
without a month, offsets in round counts or in hours, "voilà" as "il y a", relative quarters and half-years,
their business codes ("T3 2024") and ISO week numbers.  Expected values are computed here by walking the
calendar, never read from the grammar; the sentences are fresh press-style French."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from pipeline.normalize.dates import find_dates

ANCHORS = [date(2025, 3, 19), date(2024, 12, 30), date(2026, 7, 4)]  # a Wednesday, a Monday, a Saturday
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _found(text: str, anchor: date, prefer: str = "past"):
    return [(m.text, m.value) for m in find_dates(text, anchor=anchor, prefer=prefer) if m.value]


def _walk(anchor: date, step: int, keep) -> date:
    """The first day from the anchor (included) going one way that `keep` accepts."""
    d = anchor
    while not keep(d):
        d += timedelta(days=step)
    return d


# --------------------------------------------------------------------------- abbreviated weekdays alone

SAFE_ALONE = {"lun": 0, "ven": 4, "sam": 5, "dim": 6}


def _weekday_cases():
    for (abbr, wd), anchor, (qualifier, direction) in itertools.product(
            SAFE_ALONE.items(), ANCHORS, [("", "past"), (" prochain", "next"), (" dernier", "last")]):
        if direction == "next":
            expected = _walk(anchor + timedelta(days=1), 1, lambda d: d.weekday() == wd)
        elif direction == "last":
            expected = _walk(anchor - timedelta(days=1), -1, lambda d: d.weekday() == wd)
        else:
            expected = _walk(anchor, -1, lambda d: d.weekday() == wd)
        phrase = f"{abbr}.{qualifier}"
        text = f"Réunion du comité mixte {phrase}, indique l'agenda publié par la présidence."
        yield pytest.param(text, anchor, phrase, expected.isoformat(), id=f"{phrase}-{anchor}")


@pytest.mark.parametrize("text,anchor,phrase,value", list(_weekday_cases()))
def test_a_dotted_weekday_abbreviation_stands_alone(text, anchor, phrase, value):
    assert _found(text, anchor) == [(phrase, value)]


@pytest.mark.parametrize("text", [
    "Le patrouilleur est resté trois semaines en mer.",
    "C'est la crédibilité de toute la coalition qui est en jeu.",
    "Le président a dénoncé les ingérences de l'Oncle Sam.",
    "Le contrat prévoit la livraison de deux navires de la classe Sam.",
])
def test_an_abbreviation_that_is_another_word_is_no_date(text):
    assert _found(text, ANCHORS[0]) == []


@pytest.mark.parametrize("abbr,month", [("janv.", 1), ("févr.", 2), ("avr.", 4), ("juil.", 7), ("sept.", 9),
                                        ("oct.", 10), ("nov.", 11), ("déc.", 12)])
def test_the_dot_of_an_abbreviated_month_stays_in_the_span_unless_it_ends_the_sentence(abbr, month):
    inside = _found(f"DAKAR, 3 {abbr} (APS) - La frégate a quitté le port.", ANCHORS[0])
    assert inside[0][0] == f"3 {abbr}" and inside[0][1].endswith(f"-{month:02d}-03")
    closing = _found(f"La frégate a quitté Toulon le 3 {abbr} Elle doit rallier Djibouti.", ANCHORS[0])
    assert closing[0][0] == f"3 {abbr[:-1]}" and closing[0][1].endswith(f"-{month:02d}-03")


# --------------------------------------------------------------------------- "du 10 au 12" without a month

def _bare_range_cases():
    for anchor, prefer, (d1, d2), form in itertools.product(
            ANCHORS, ["past", "future"], [(2, 4), (10, 12), (27, 29), (29, 31)], ["du {a} au {b}", "entre le {a} et le {b}"]):
        step = -1 if prefer == "past" else 1
        first = _walk(anchor, step, lambda d: d.day == d1 and (d + timedelta(days=d2 - d1)).month == d.month)
        last = first + timedelta(days=d2 - d1)
        phrase = form.format(a=d1, b=d2)
        verb = "se sont déroulées" if prefer == "past" else "se dérouleront"
        text = f"Les manœuvres navales {verb} {phrase}."
        span = phrase.split(" ", 1)[1] if phrase.startswith("du ") else phrase[len("entre le "):]
        yield pytest.param(text, anchor, prefer, span, f"{first.isoformat()}/{last.isoformat()}",
                           id=f"{phrase}-{anchor}-{prefer}")


@pytest.mark.parametrize("text,anchor,prefer,span,value", list(_bare_range_cases()))
def test_a_day_range_without_a_month_takes_the_anchor_month(text, anchor, prefer, span, value):
    assert _found(text, anchor, prefer) == [(span, value)]


@pytest.mark.parametrize("text", [
    "Le taux directeur est passé du 10 au 12 % en un an.",
    "Le club est remonté entre le 3 et le 5 du classement.",
])
def test_a_day_range_needs_the_end_of_a_clause(text):
    assert _found(text, ANCHORS[0]) == []


# --------------------------------------------------------------------------- offsets

ROUND = {"une dizaine de": 10, "une quinzaine de": 15, "une vingtaine de": 20}
DIRECTIONS = {"plus tard": 1, "après": 1, "plus tôt": -1, "auparavant": -1}


def _round_offset_cases():
    for (words, n), (direction, sign), anchor in itertools.product(ROUND.items(), DIRECTIONS.items(), ANCHORS):
        phrase = f"{words} jours {direction}"
        text = f"Le cessez-le-feu avait été signé {phrase}, selon les diplomates."
        yield pytest.param(text, anchor, phrase, (anchor + timedelta(days=sign * n)).isoformat(), id=f"{phrase}-{anchor}")


@pytest.mark.parametrize("text,anchor,phrase,value", list(_round_offset_cases()))
def test_an_offset_in_a_round_count_of_days(text, anchor, phrase, value):
    assert _found(text, anchor) == [(phrase, value)]


@pytest.mark.parametrize("hours,direction", list(itertools.product([24, 48, 72, 96], DIRECTIONS)))
def test_an_offset_in_whole_days_written_in_hours(hours, direction):
    anchor = ANCHORS[0]
    phrase = f"{hours} heures {direction}"
    text = f"Le convoi humanitaire est reparti {phrase}, a indiqué l'ONG."
    expected = anchor + timedelta(days=DIRECTIONS[direction] * hours // 24)
    assert _found(text, anchor) == [(phrase, expected.isoformat())]


@pytest.mark.parametrize("ago,n,anchor", list(itertools.product(["il y a", "voilà", "voici"], [2, 3, 10], ANCHORS)))
def test_voila_counts_back_like_il_y_a(ago, n, anchor):
    phrase = f"{ago} {n} jours"
    text = f"{phrase[0].upper()}{phrase[1:]}, le ministre de la Défense recevait son homologue à Dakar."
    assert _found(text, anchor) == [(phrase[0].upper() + phrase[1:], (anchor - timedelta(days=n)).isoformat())]


# --------------------------------------------------------------------------- relative quarters and half-years

def _period_of(anchor: date, size: int, shift: int) -> str:
    """The quarter (size 3) or half-year (size 6) `shift` periods from the anchor's, by stepping month by month."""
    first = date(anchor.year, anchor.month, 1)
    while (first.month - 1) % size:
        first = (first - timedelta(days=1)).replace(day=1)
    for _ in range(abs(shift) * size):
        first = (first + timedelta(days=32)).replace(day=1) if shift > 0 else (first - timedelta(days=1)).replace(day=1)
    last = first
    for _ in range(size - 1):
        last = (last + timedelta(days=32)).replace(day=1)
    return f"{first:%Y-%m}/{last:%Y-%m}"


def _relative_period_cases():
    nouns = {"trimestre": 3, "semestre": 6}
    forms = [("ce {n}", 0), ("le {n} prochain", 1), ("le {n} suivant", 1), ("le {n} dernier", -1),
             ("le {n} précédent", -1), ("le {n} en cours", 0)]
    for (noun, size), (form, shift), anchor in itertools.product(nouns.items(), forms, ANCHORS):
        phrase = form.format(n=noun)
        span = phrase[3:] if phrase.startswith("le ") else phrase
        text = f"Les exportations d'armement ont reculé {phrase}, selon le rapport."
        yield pytest.param(text, anchor, span, _period_of(anchor, size, shift), id=f"{phrase}-{anchor}")


@pytest.mark.parametrize("text,anchor,span,value", list(_relative_period_cases()))
def test_a_quarter_or_half_year_counted_from_the_anchor(text, anchor, span, value):
    assert _found(text, anchor) == [(span, value)]


@pytest.mark.parametrize("code,year", list(itertools.product(["T1", "T2", "T3", "T4", "S1", "S2"], [2019, 2024, 2026])))
def test_a_business_quarter_code(code, year):
    size = 3 if code[0] == "T" else 6
    first = (int(code[1]) - 1) * size + 1
    text = f"Le chiffre d'affaires de la branche défense a progressé au {code} {year}, selon le groupe."
    assert _found(text, ANCHORS[0]) == [(f"{code} {year}", f"{year}-{first:02d}/{year}-{first + size - 1:02d}")]


def test_a_lower_case_quarter_code_is_no_date():
    assert _found("Le modèle t3 2024 est sorti des chaînes.", ANCHORS[0]) == []


# --------------------------------------------------------------------------- ISO week numbers

def _iso_week(year: int, n: int) -> str:
    """Week n of `year` as ISO 8601 counts it: week 1 holds the year's first Thursday."""
    first_thursday = _walk(date(year, 1, 1), 1, lambda d: d.weekday() == 3)
    monday = first_thursday - timedelta(days=3) + timedelta(weeks=n - 1)
    return f"{year:04d}-W{(monday - (first_thursday - timedelta(days=3))).days // 7 + 1:02d}"


@pytest.mark.parametrize("n,year,form", list(itertools.product([1, 7, 12, 40, 52], [None, 2020, 2026],
                                                               ["la semaine {n}", "la semaine n° {n}"])))
def test_an_iso_week_number(n, year, form):
    anchor = ANCHORS[0]
    phrase = form.format(n=n) + (f" de {year}" if year else "")
    text = f"Les livraisons reprendront {phrase}."
    assert _found(text, anchor) == [(phrase[3:], _iso_week(year or anchor.year, n))]


def test_a_week_number_before_a_noun_is_no_date():
    assert _found("Le bilan de la semaine 12 morts a été revu.", ANCHORS[0]) == []


# --------------------------------------------------------------------------- weekday + d'après / d'avant, fin de semaine

@pytest.mark.parametrize("anchor,wd", list(itertools.product(ANCHORS, range(7))))
def test_a_weekday_d_apres_ending_a_clause_is_the_next_one(anchor, wd):
    expected = _walk(anchor + timedelta(days=1), 1, lambda d: d.weekday() == wd)
    text = f"Les négociateurs se sont revus le {WEEKDAYS[wd]} d'après."
    assert _found(text, anchor) == [(f"{WEEKDAYS[wd]} d'après", expected.isoformat())]


def test_d_apres_before_a_source_is_according_to():
    found = _found("L'attaque a eu lieu mardi d'après l'agence officielle.", ANCHORS[0])
    assert [span for span, _ in found] == ["mardi"]


@pytest.mark.parametrize("anchor", ANCHORS)
def test_en_fin_de_semaine_is_the_end_of_the_anchor_week(anchor):
    monday = anchor - timedelta(days=anchor.weekday())
    expected = f"{monday + timedelta(days=4)}/{monday + timedelta(days=6)}"
    assert _found("Le ministre est attendu à Bamako en fin de semaine.", anchor) == [("fin de semaine", expected)]


# --------------------------------------------------------------------------- ranges of periods, nights, weekday + day

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


@pytest.mark.parametrize("m1,year", list(itertools.product(range(1, 12), [2023, 2024])))
def test_end_of_a_month_to_start_of_the_next_is_one_interval(m1, year):
    """'fin février-début mars 2024': from the first period's start to the second one's end (one interval, never
    four dates)."""
    phrase = f"fin {MONTHS[m1 - 1]}-début {MONTHS[m1]} {year}"
    found = _found(f"La livraison des blindés est attendue {phrase}, selon l'industriel.", ANCHORS[0])
    assert len(found) == 1 and found[0][0] == phrase
    start, end = found[0][1].split("/")
    assert start.startswith(f"{year}-{m1:02d}-") and end == f"{year}-{m1 + 1:02d}-10"


@pytest.mark.parametrize("y1", [2019, 2023, 2025])
def test_end_of_a_year_to_start_of_the_next_is_one_interval(y1):
    phrase = f"fin {y1}-début {y1 + 1}"
    assert _found(f"Les rotations se sont poursuivies {phrase}, rappelle l'état-major.", ANCHORS[0]) == \
        [(phrase, f"{y1}-10/{y1 + 1}-03")]


@pytest.mark.parametrize("d1,month", list(itertools.product([3, 14, 27], [1, 6, 11])))
def test_a_night_across_the_two_days_of_a_range(d1, month):
    phrase = f"nuit du {d1} au {d1 + 1} {MONTHS[month - 1]} 2024"
    found = _found(f"Des tirs ont visé la base dans la {phrase}, a indiqué l'armée.", ANCHORS[0])
    assert found == [(phrase, f"2024-{month:02d}-{d1:02d}/2024-{month:02d}-{d1 + 1:02d}")]


@pytest.mark.parametrize("anchor,prefer,day", list(itertools.product(ANCHORS, ["past", "future"], [5, 18, 30])))
def test_a_weekday_and_a_day_of_month_is_the_nearest_such_day(anchor, prefer, day):
    """'le lundi 18' without a month: the nearest day that is a Monday 18th, either side of the anchor (the
    later one on a tie), whatever the reading prefers: the weekday already picks the month."""
    wd = (anchor + timedelta(days=1 if prefer == "future" else -1)).weekday()  # any weekday; take the neighbour's
    after = _walk(anchor, 1, lambda d: d.day == day and d.weekday() == wd)
    before = _walk(anchor, -1, lambda d: d.day == day and d.weekday() == wd)
    expected = after if (after - anchor) <= (anchor - before) else before
    text = f"Le ministre a fixé la date butoir au {WEEKDAYS[wd]} {day}."
    assert _found(text, anchor, prefer) == [(f"{WEEKDAYS[wd]} {day}", expected.isoformat())]


@pytest.mark.parametrize("approx", ["tout juste", "exactement", "environ", "près de"])
def test_an_approximation_before_an_ago_count(approx):
    anchor = ANCHORS[0]
    phrase = f"il y a {approx} deux semaines"
    assert _found(f"Les pourparlers ont commencé {phrase} à Lomé.", anchor) == [(phrase, (anchor - timedelta(weeks=2)).isoformat())]


@pytest.mark.parametrize("sep,day,month", list(itertools.product(["/", ".", "-"], [3, 19, 28], [2, 7, 12])))
def test_a_numeric_date_typed_with_spaces_round_its_separators(sep, day, month):
    phrase = f"{day:02d} {sep} {month:02d} {sep} 2024"
    assert _found(f"Communiqué du {phrase} : la mission est prolongée.", ANCHORS[0]) == [(phrase, f"2024-{month:02d}-{day:02d}")]
