"""Strategies and validators shared by the fuzz tests (tests/fuzz/conftest.py holds the hypothesis profiles)."""
from __future__ import annotations

import re
from datetime import date

from hypothesis import settings
from hypothesis import strategies as st


def scaled(n: int) -> int:
    """Examples for one test: `n` in CI, far more in the deep profile."""
    return n if settings.default.max_examples <= 100 else max(n, settings.default.max_examples)


# -- French-looking text ------------------------------------------------------------------------------
# Words the date and money grammars react to, mixed with digits, punctuation and odd unicode: random text
# alone almost never reaches the grammars' deeper paths.
FRENCH_TOKENS = [
    # dates
    "le", "la", "les", "l'", "du", "au", "de", "d'", "et", "en", "à", "vers", "depuis", "jusqu'au", "entre",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lun.", "ven.",
    "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre", "déc.", "fév.", "sept.",
    "hier", "demain", "aujourd'hui", "avant-hier", "après-demain", "la veille", "le lendemain",
    "l'avant-veille", "prochain", "prochaine", "dernier", "dernière", "passé", "suivant", "précédent",
    "semaine", "mois", "an", "ans", "année", "années", "jour", "jours", "trimestre", "siècle", "décennie",
    "début", "mi-", "fin", "courant", "été", "hiver", "printemps", "automne", "Noël", "Pâques",
    "matin", "soir", "après-midi", "nuit", "midi", "minuit", "h", "heures", "15h30", "8 h 45",
    "il y a", "dans", "plus tard", "plus tôt", "auparavant", "après", "avant", "en huit", "en quinze",
    "premier", "1er", "deux", "trois", "quinze", "vingt", "trente", "cent", "mille",
    "2023", "1999", "0000", "9999", "31", "29", "30", "00", "13", "2016-11-27", "14/07", "31/02/2024",
    "12.05.2019", "S1", "T3", "W53", "les 27 et 28", "du 3 au 5", "années 90", "XXIe",
    # money
    "milliard", "milliards", "million", "millions", "mds", "M", "Md", "k", "€", "$", "£", "¥",
    "euros", "euro", "dollars", "dollar", "dinars", "livres", "roubles", "francs CFA", "cents", "centimes",
    "USD", "EUR", "LYD", "DZD", "RUB", "EGP", "TRY", "PKR", "US$", "d'euros", "de dollars",
    "plus de", "moins de", "environ", "près de", "quelque", "jusqu'à", "entre", "soit", "(", ")",
    "4", "4,6", "3,5", "1 000", "1.000.000", "10 000 000", "0", "0,0", "-5", "1e9", "99999999999999999999",
    "1 500", "2,5", ",", ".", "'", "’", "-", "–", "/", ":", ";", "«", "»", "…", "%",
    # names and places
    "Khalifa", "Haftar", "Poutine", "ANL", "ONU", "Nations unies", "Libye", "Tripoli", "Le Caire", "Caire",
    "au", "aux", "Benghazi", "Moscou", "États-Unis", "Etats-Unis", "M.", "Mme", "maréchal", "général",
    "Al-", "ben", "ibn", "de la", "N'Djamena", "Saint-", "l'Armée", "nationale", "libyenne",
    # unicode oddities: ligatures, dotted I, combining marks, RTL, emoji, zero width, surrogates escaped
    "ǅ", "İ", "ß", "ﬁ", "œ", "Æ", "e\u0301", "\u200b", "\u202f", "\u00a0", "\u2009", "\ufeff", "ا", "١٢",
    "٣", "۲۰۲۳", "𝟐𝟎𝟐𝟑", "²", "½", "Ⅻ", "🙂", "\t", "\n", "\n\n", "\r\n", " ",
]

french_words = st.lists(st.sampled_from(FRENCH_TOKENS), max_size=40).map(" ".join)
glued_words = st.lists(st.sampled_from(FRENCH_TOKENS), max_size=25).map("".join)
long_runs = st.tuples(st.sampled_from(FRENCH_TOKENS + ["a", "1", " ", "-"]), st.integers(50, 3000)).map(
    lambda t: t[0] * t[1])
french_text = st.one_of(
    french_words, glued_words, st.text(max_size=200), long_runs,
    st.tuples(french_words, st.text(max_size=30), french_words).map("".join),
)

anchors = st.one_of(
    st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["2023-08-22", "2025-09", "2017", "", "pas une date", "2024-02-30", "0000-00-00"]),
)


# -- ISO 8601 as DESIGN.md writes DATE norms ----------------------------------------------------------------
_TIME = r"T\d{2}(?::\d{2}(?::\d{2})?)?"
_POINT = re.compile(rf"(?P<y>\d{{4}})(?:-(?P<m>\d{{2}})(?:-(?P<d>\d{{2}})(?P<t>{_TIME})?)?|-W(?P<w>\d{{2}}))?",
                    re.ASCII)


def _valid_point(p: str) -> bool:
    m = _POINT.fullmatch(p)
    if not m:
        return False
    y = int(m["y"])
    if m["w"]:
        try:
            date.fromisocalendar(y, int(m["w"]), 1)
        except ValueError:
            return False
        return True
    if m["m"] and not 1 <= int(m["m"]) <= 12:
        return False
    if m["d"]:
        try:
            date(y, int(m["m"]), int(m["d"]))
        except ValueError:
            return False
    if m["t"]:
        hh, *rest = m["t"][1:].split(":")
        if not (0 <= int(hh) <= 24 and all(0 <= int(x) <= 59 for x in rest)):
            return False
    return True


def is_iso_date_value(value: str) -> bool:
    """'' or an ISO 8601 value at its precision: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, each optionally with a
    time (THH, THH:MM, THH:MM:SS) after a day, or an interval A/B of two such values."""
    if value == "":
        return True
    parts = value.split("/")
    return len(parts) in (1, 2) and all(_valid_point(p) for p in parts)
