"""The public functions of the temporal tagger: the three passes run in order, then two
narrative touches ('la veille' counted from the day the story last named; 'février de
l'année dernière' as one month).

Why a module: it is the only place that chains atoms (pass 1) -> composition (pass 2) ->
resolution (pass 3) and chooses the grammar (`grammar=` or `default_grammar()`).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from pipeline.normalize.dates.composition import _compose
from pipeline.normalize.dates.grammar import DateGrammar, default_grammar, default_month_name_rx
from pipeline.normalize.dates.lexicon import fold
from pipeline.normalize.dates.resolution import _anchor, _to_match, offset_res
from pipeline.normalize.dates.scan import _atoms
from pipeline.normalize.dates.specs import Ctx, TemporalMatch, _shift_date

# --------------------------------------------------------------------------- public API


def find_dates(
    text: str,
    anchor: date | datetime | str | None = None,
    prefer: str = "past",
    *,
    grammar: DateGrammar | None = None,
) -> list[TemporalMatch]:
    """All temporal expressions of `text`, resolved against `anchor` (the publication date).

    `prefer` decides bare weekdays and day-months: 'past' (press: the last one on or before
    the anchor) or 'future' (the next one on or after), unless the text marks the direction.
    `grammar` is the compiled lexicon to read with (`load_grammar(path)`); by default
    `default_grammar()`.
    """
    if not text:
        return []
    g = grammar if grammar is not None else default_grammar()
    cx = Ctx(text=text, low=text.lower() if len(text.lower()) == len(text) else text, folded=fold(text), g=g)
    anchor_d, anchor_dt = _anchor(anchor)
    out: list[TemporalMatch] = []
    last_day: TemporalMatch | None = None  # the day the story last named
    last_named: TemporalMatch | None = None  # the day, month or year it last named
    for e in _compose(cx, _atoms(cx)):
        try:
            m = _to_match(e, cx, anchor_d, anchor_dt, prefer)
        except (OverflowError, ValueError):  # 'dans 48 heures' published 9999-12-31: beyond the calendar
            m = _to_match(e, cx, None, None, prefer)  # the span, unresolved (empty value), never a guess
        if m is None or m.end <= m.start or _WITHIN_HORIZON.match(m.text):
            continue
        sequel = _SEQUEL.search(fold(m.text)) if e.kind not in ("relday", "reloffset") else None
        if e.kind == "relday" and e.label and e.time is None and last_day is not None:
            m = _relative_to_narrative(m, last_day, e.date.n)
        elif e.kind == "reloffset" and e.time is None:
            m = _offset_from_narrative(m, last_day, last_named, e.date.n, e.date.unit)
        elif sequel and m.value and e.time is None:
            m = _sequel_of_narrative(m, last_day, last_named, 1 if sequel.group("next") else -1)
        elif m.value and m.grain in {"day", "part_of_day", "month", "year"}:
            if m.grain in {"day", "part_of_day"}:  # "dimanche matin" names a day too
                last_day = m
            last_named = m
        out.append(m)
    return _merge_month_of_relative_year(text, out)


# "le lundi suivant", "la semaine d'après", "le mois précédent", "l'année suivante": after the period the
# story last named (narrative words), where "prochain"/"dernier" count from the publication (deictic words)
_SEQUEL = re.compile(r"(?:(?P<next>suivante?s?|d'apres)|precedente?s?|d'avant)\s*$")


def _offset_from_narrative(m: TemporalMatch, last_day: TemporalMatch | None, last_named: TemporalMatch | None,
                           n: int, unit: str) -> TemporalMatch:
    """'deux jours plus tard' from the day the story last named; 'deux mois plus tard', 'un an auparavant'
    from the day or month (year) it last named, at the precision of the unit."""
    if unit in ("day", "week", ""):
        return _relative_to_narrative(m, last_day, n, unit) if last_day is not None else m
    allowed = {"month": {"day", "part_of_day", "month"}, "year": {"day", "part_of_day", "month", "year"}}.get(unit)
    if allowed is None or last_named is None or last_named.grain not in allowed or last_named.date_start is None:
        return m
    day = _shift_date(last_named.date_start, n, unit)
    if day is None:
        return m
    res = offset_res(day, unit)
    exact = day.isoformat() if last_named.grain in {"day", "part_of_day"} else res.value
    return replace(m, value=res.value, date_start=res.start, date_end=res.end, grain=res.grain, finest=exact,
                   planned=m.planned and day > last_named.date_start)


def _sequel_of_narrative(m: TemporalMatch, last_day: TemporalMatch | None, last_named: TemporalMatch | None,
                         sign: int) -> TemporalMatch:
    """The day, week, month or year after (before) the one the story last named."""
    if m.grain == "day" and last_day is not None and m.date_start is not None:
        ref, wd = last_day.date_start, m.date_start.weekday()
        step = ((wd - ref.weekday() - 1) % 7 + 1) if sign > 0 else -((ref.weekday() - wd - 1) % 7 + 1)
        day = ref + timedelta(days=step)
        return replace(m, value=day.isoformat(), date_start=day, date_end=day, finest=day.isoformat(),
                       planned=m.planned and day > ref)
    if m.grain == "week" and last_day is not None:
        monday = last_day.date_start - timedelta(days=last_day.date_start.weekday()) + timedelta(weeks=sign)
        iso = monday.isocalendar()
        value = f"{iso[0]:04d}-W{iso[1]:02d}"
        return replace(m, value=value, date_start=monday, date_end=monday + timedelta(days=6), finest=value)
    if m.grain in ("month", "year") and last_named is not None and last_named.date_start is not None \
            and (m.grain == "year" or last_named.grain != "year"):
        day = _shift_date(last_named.date_start.replace(day=1), sign, m.grain)
        if day is None:
            return m
        res = offset_res(day, m.grain)
        return replace(m, value=res.value, date_start=res.start, date_end=res.end, finest=res.value)
    return m


_MONTH_OF_YEAR_LINK = re.compile(r"\s+de\s+(?:l['’]\s*)?")


def _merge_month_of_relative_year(text: str, found: list[TemporalMatch]) -> list[TemporalMatch]:
    """'février de l'année dernière', 'mars de l'an prochain': one month of the year the second part names."""
    merged: list[TemporalMatch] = []
    for m in found:
        prev = merged[-1] if merged else None
        if (prev is not None and prev.grain == "month" and m.grain == "year" and m.value and prev.date_start
                and _MONTH_OF_YEAR_LINK.fullmatch(text[prev.end:m.start])):
            year, month = int(m.value[:4]), prev.date_start.month
            first = date(year, month, 1)
            last = date(year, month, calendar.monthrange(year, month)[1])
            merged[-1] = replace(prev, end=m.end, text=text[prev.start:m.end], value=first.strftime("%Y-%m"),
                                 date_start=first, date_end=last, finest=first.strftime("%Y-%m"),
                                 planned=prev.planned or m.planned)
            continue
        merged.append(m)
    return merged


# "dans les cinq ans", "dans les six mois": a horizon (a duration), not a point in time (DESIGN.md guidelines).
_WITHIN_HORIZON = re.compile(r"dans\s+les\s+(?:\S+\s+)?(?:\S+\s+)?(?:ans|années|annees|mois)\b", re.IGNORECASE)


def _relative_to_narrative(m: TemporalMatch, reference: TemporalMatch, n: int, unit: str = "day") -> TemporalMatch:
    """'la veille', 'le lendemain', 'deux jours plus tard', 'un mois auparavant' count from the day the
    story last named, not from the publication."""
    day = _shift_date(reference.date_start, n, unit)
    if day is None:
        return m
    return replace(m, value=day.isoformat(), date_start=day, date_end=day, finest=day.isoformat(),
                   planned=m.planned and day > reference.date_start)


# "pour mi-mars", "pour le 12 mai", "d'ici à l'automne", "d'ici la fin de l'année": the text just before a date
_TARGET_RX = re.compile(r"(?:\bpour|\bd['’]ici(?:\s+(?:à|au|aux))?)\s+(?:(?:le|la|les|l['’])\s*)?$", re.IGNORECASE)


def introduces_target(text_before: str, *, grammar: DateGrammar | None = None) -> bool:
    """The words before a date make it a target ('annoncé pour début décembre'): the event is planned.

    (`grammar` is accepted for a uniform API; the target words are not in the lexicon yet.)"""
    return bool(_TARGET_RX.search(text_before))


def names_a_month(expression: str, *, grammar: DateGrammar | None = None) -> bool:
    """'mi-mars', 'début décembre': the expression names a calendar month (not a weekday, not 'hier')."""
    rx = grammar.MONTH_NAME_RX if grammar is not None else default_month_name_rx()
    return bool(rx.search(fold(expression)))


def normalize_date(expression: str, anchor=None, prefer: str = "past", *, grammar: DateGrammar | None = None) -> TemporalMatch | None:
    """The best reading of one isolated expression (the longest mention found in it)."""
    found = find_dates(expression, anchor=anchor, prefer=prefer, grammar=grammar)
    if not found:
        return None
    return max(found, key=lambda m: (m.end - m.start, -m.start))
