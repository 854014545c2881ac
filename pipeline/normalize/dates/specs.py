"""The records the three passes hand each other, and the small date/time arithmetic they share.

Why a module: atoms (pass 1), composition (pass 2) and resolution (pass 3) all build or read
the same unresolved specs (`DSpec` for dates, `TSpec` for times, `PSpec` for parts of day,
`Expr` for a span holding them) and the text context `Ctx`; keeping them here lets each pass
import them without importing another pass.  `TemporalMatch` is the public output record.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.normalize.dates.grammar import DateGrammar

# --------------------------------------------------------------------------- public records


@dataclass(frozen=True)
class TemporalMatch:
    start: int  # char offsets into the input text, end exclusive
    end: int
    text: str
    value: str  # ISO 8601 at the expression's precision, '' when unresolvable
    date_start: date | None  # inclusive day bounds
    date_end: date | None
    grain: str  # day|week|weekend|month|season|quarter|year|decade|interval|hour|minute|second|part_of_day
    time: str = ""  # '15:15', '15:15:30', '05:00/07:00' or a part of day ('soir', 'matin' ...)
    finest: str = ""  # value with the time of day ('2013-02-12T15:15'); == value when no time
    planned: bool = False  # the text marks the future



# --------------------------------------------------------------------------- specs


@dataclass
class DSpec:
    """Unresolved date: what the words say, before the anchor is applied."""

    kind: str  # dmy|weekday|month|year|week|weekend|season|quarter|decade|holiday|rel|offset|lastn|nthwd|yrange
    y: int | None = None
    m: int | None = None
    d: int | None = None
    wd: int | None = None
    n: int = 0  # offset amount
    unit: str = ""  # day|week|month|year|hour|minute|second
    mode: str = ""  # ''|next|last|this
    sub: tuple[int, int] | None = None  # début/mi/fin day or month window
    extra: dict = field(default_factory=dict)


@dataclass
class TSpec:
    h: int
    mi: int = 0
    s: int = 0
    prec: str = "hour"  # hour|minute|second
    ampm: str = ""
    explicit24: bool = False


@dataclass
class PSpec:
    code: str  # MO|AF|EV|NI
    half: str = ""  # ''|early|late
    rel: int | None = None  # day offset carried by 'ce soir' (0), 'demain soir' ...


@dataclass
class Expr:
    start: int
    end: int
    date: DSpec | None = None
    time: TSpec | None = None
    part: PSpec | None = None
    to: "Expr | None" = None  # interval end
    kind: str = ""  # atom kind for composition: date|time|part|mod|relday|trange|dayonly|eod
    weak: bool = False  # dropped unless composed with something else
    bare_day: bool = False
    label: str = ""  # for relday 'veille'/'lendemain'
    mod: str = ""  # début/mi/fin for 'mod' atoms
    future: bool = False



@dataclass
class Ctx:
    text: str  # original
    low: str  # original lower-cased (accents kept), for cue words
    folded: str
    g: "DateGrammar"  # the grammar (lexicon and compiled patterns) the text is read with


# --------------------------------------------------------------------------- small helpers


def _year(s: str) -> int:
    s = s.strip().lstrip("'")
    y = int(s)
    if len(s) <= 2:
        y += 2000 if y < 50 else 1900
    return y


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _add_months(d0: date, n: int) -> date:
    y, m = divmod(d0.month - 1 + n, 12)
    y += d0.year
    m += 1
    return date(y, m, min(d0.day, calendar.monthrange(y, m)[1]))


def _shift_date(d0: date, n: int, unit: str) -> date | None:
    """`d0` moved by `n` units (day|week|month|year); months and years keep the day of month,
    clamped to the month's last day ('un mois plus tard' from 31 janvier is 28/29 février).
    None when the unit is unknown or the day falls outside the years 1-9999 a `date` can hold."""
    try:
        if unit in ("", "day"):
            return d0 + timedelta(days=n)
        if unit == "week":
            return d0 + timedelta(weeks=n)
        if unit == "month":
            return _add_months(d0, n)
        if unit == "year":
            return _add_months(d0, 12 * n)
    except (OverflowError, ValueError):  # 'le lendemain' of 31 December 9999
        return None
    return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])



def _ampm_of(s: str | None) -> str:
    if not s:
        return ""
    return "am" if s.strip().startswith("a") else "pm"


def _apply_ampm(h: int, ap: str) -> int:
    if ap == "pm" and h < 12:
        return h + 12
    if ap == "am" and h == 12:
        return 0
    return h



def _adjust_time_by_part(t: TSpec, p: PSpec, g: "DateGrammar") -> TSpec:
    """A bare hour read in a part of day: '8 heures du soir' is 20:00."""
    if t.ampm or t.explicit24:
        return t
    h = t.h
    if p.code in g.lex.raw["part_of_day_pm"] and h < 12 and not (p.code == "NI" and h <= 4):
        h += 12
    return replace(t, h=h, explicit24=True)

