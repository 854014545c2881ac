"""Property-based fuzzing of the pure normalizers (pipeline.normalize.*, pipeline.text).

Any string in, no exception out; every match's offsets lie inside the text and text[start:end] is the
match's text; a DATE value is '' or ISO 8601 at its precision, with date_start <= date_end; an amount is
finite and not negative.
"""
from __future__ import annotations

import math
import re
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import text as ptext
from pipeline.normalize import names, places
from pipeline.normalize.dates import find_dates, normalize_date
from pipeline.normalize.money import find_money, money_norm, parse_money

from fuzz_strategies import anchors, french_text, is_iso_date_value, scaled

GRAINS = {"day", "week", "weekend", "month", "season", "quarter", "year", "decade", "interval", "hour",
          "minute", "second", "part_of_day"}
ISO_TIME = re.compile(r"\d{2}:\d{2}(?::\d{2})?", re.ASCII)


# -- the ISO validator itself -----------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["", "2017", "2025-09", "2023-08-22", "2020-W53", "2016-11-27/2016-11-28",
                                   "2025-06/2025-08", "2013-02-12T15:15", "2013-02-12T15:15:30", "2010/2019"])
def test_iso_validator_accepts_design_forms(value):
    assert is_iso_date_value(value)


@pytest.mark.parametrize("value", ["17", "2025-13", "2023-02-30", "2021-W53", "2023-8-22", "2023-08-22/",
                                   "a/b/c", "２０２３", "2023-08-22T25:00", "2023-08-22 15:15", "None"])
def test_iso_validator_rejects_other_strings(value):
    assert not is_iso_date_value(value)


# -- dates --------------------------------------------------------------------------------------------------
def check_date_match(text: str, m) -> None:
    assert 0 <= m.start < m.end <= len(text), (m.start, m.end, len(text))
    assert text[m.start:m.end] == m.text
    assert is_iso_date_value(m.value), m.value
    assert m.grain in GRAINS, m.grain
    if m.date_start is not None and m.date_end is not None:
        assert isinstance(m.date_start, date) and isinstance(m.date_end, date)
        assert m.date_start <= m.date_end, (m.value, m.date_start, m.date_end)
    if m.value:
        assert m.date_start is not None and m.date_end is not None, m
    if m.finest and m.finest != m.value:
        # the finest value may add a time of day, or be a time range without a day ("T05:00/T07:00")
        for part in m.finest.split("/"):
            day, _, clock = part.partition("T")
            assert (day == "" or is_iso_date_value(day)) and (clock == "" or ISO_TIME.fullmatch(clock)), m.finest


@settings(max_examples=scaled(300))
@given(text=french_text, anchor=anchors, prefer=st.sampled_from(["past", "future"]))
@example(text="du 31 février au 3 janvier", anchor=date(2024, 3, 1), prefer="past")
@example(text="le lendemain, deux mois plus tard, la veille", anchor=date(1, 1, 1), prefer="past")
@example(text="dans 9999 ans, il y a 9999 siècles, le 31/12/9999 à 23h59", anchor=date(9999, 12, 31),
         prefer="future")
def test_find_dates_any_text(text, anchor, prefer):
    found = find_dates(text, anchor=anchor, prefer=prefer)
    for m in found:
        check_date_match(text, m)
    if anchor is None or anchor == "" or anchor == "pas une date":
        # no publication date: a relative expression is never guessed (DESIGN.md); absolute ones may resolve
        pass


@settings(max_examples=scaled(100))
@given(text=st.text(max_size=300), anchor=anchors, prefer=st.sampled_from(["past", "future"]))
def test_find_dates_any_unicode(text, anchor, prefer):
    for m in find_dates(text, anchor=anchor, prefer=prefer):
        check_date_match(text, m)


@settings(max_examples=scaled(100))
@given(expression=french_text, anchor=anchors)
def test_normalize_date_is_one_of_find_dates(expression, anchor):
    best = normalize_date(expression, anchor=anchor)
    if best is not None:
        check_date_match(expression, best)
        assert best in find_dates(expression, anchor=anchor)


# -- money --------------------------------------------------------------------------------------------------
def check_money_match(text: str, m, index: int) -> None:
    assert 0 <= m.start < m.end <= len(text), (m.start, m.end, len(text))
    assert text[m.start:m.end] == m.text
    for x in (m.amount, m.amount_max):
        assert x is None or (isinstance(x, float) and math.isfinite(x) and x >= 0), (m.text, x)
    assert re.fullmatch(r"[A-Z]{3}", m.currency), m.currency
    assert m.qualifier in ("", "more_than", "less_than", "about"), m.qualifier
    assert m.linked_to is None or 0 <= m.linked_to < index
    norm = money_norm(m)
    assert norm == "" or re.fullmatch(r"\d+(\.\d+)? [A-Z]{3}", norm), norm


@settings(max_examples=scaled(300))
@given(text=french_text)
@example(text="99999999999999999999 milliards de milliards de dollars")
@example(text="1" * 400 + " euros")
@example(text="entre -5 et 4,6 milliards d'euros")
def test_find_money_any_text(text):
    found = find_money(text)
    for i, m in enumerate(found):
        check_money_match(text, m, i)
    assert [m.start for m in found] == sorted(m.start for m in found)


@settings(max_examples=scaled(100))
@given(text=st.text(max_size=300))
def test_find_money_any_unicode(text):
    for i, m in enumerate(find_money(text)):
        check_money_match(text, m, i)


@settings(max_examples=scaled(100))
@given(expression=french_text)
def test_parse_money_any_text(expression):
    m = parse_money(expression)
    if m is not None:
        check_money_match(expression, m, 10**9)


# -- names and places ---------------------------------------------------------------------------------------
surfaces = st.one_of(french_text, st.text(max_size=80))


@settings(max_examples=scaled(150))
@given(surface=surfaces, others=st.lists(surfaces, max_size=5))
def test_names_any_text(surface, others):
    assert isinstance(names.fold(surface), str)
    for lookup in (names.lookup_person, names.lookup_org):
        entry = lookup(surface)
        assert entry is None or (entry.canonical and entry.id and entry.label in ("PER", "ORG"))
    assert isinstance(names.canonical_person(surface, others), str)
    assert isinstance(names.canonical_person(surface, [surface, *others]), str)
    assert isinstance(names.canonical_org(surface), str)


@settings(max_examples=scaled(150))
@given(surface=surfaces)
def test_places_any_text(surface):
    place = places.lookup_place(surface)
    if place is not None:
        assert place.name and re.fullmatch(r"([A-Z]{2})?", place.country), place
        for x in (place.lat, place.lon):
            assert x is None or math.isfinite(x)
    assert isinstance(places.canonical_place(surface), str)
    assert isinstance(places.is_place_name(surface), bool)


# -- pipeline.text ------------------------------------------------------------------------------------------
@settings(max_examples=scaled(200))
@given(text=surfaces)
def test_fold_keeps_length(text):
    folded = ptext.fold(text)
    assert len(folded) == len(text)
    assert ptext.fold(folded) == folded or len(ptext.fold(folded)) == len(text)


@settings(max_examples=scaled(200))
@given(text=surfaces, keep=st.sampled_from(["", "-", "'", "-'", "]\\^"]), join=st.booleans())
def test_ascii_key_is_ascii(text, keep, join):
    key = ptext.ascii_key(text, keep=keep, join_apostrophes=join)
    assert key.isascii() and key == key.strip() and "  " not in key
    assert re.fullmatch(rf"[0-9a-z {re.escape(keep)}]*", key), key


@settings(max_examples=scaled(200))
@given(text=st.one_of(french_text, st.text(alphabet=st.sampled_from("ab .!?…»\n"), max_size=500)),
       limit=st.integers(1, 400))
@example(text="a" * 50, limit=1)
@example(text="\n\n\n\n\n", limit=2)
@example(text=". . . . . ", limit=1)
def test_paragraph_chunks_cover_text(text, limit):
    pieces = ptext.paragraph_chunks(text, limit)
    assert pieces, "at least one piece, even for ''"
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    for (s, e), (s2, _) in zip(pieces, pieces[1:]):
        assert e == s2
    for s, e in pieces:
        assert 0 <= s <= e <= len(text) and e - s <= limit
        assert s < e or len(text) == 0


@given(limit=st.integers(max_value=0))
@settings(max_examples=10)
def test_paragraph_chunks_rejects_bad_limit(limit):
    with pytest.raises(ValueError):
        ptext.paragraph_chunks("du texte", limit)
