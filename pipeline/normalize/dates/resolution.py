"""Pass 3, resolution: each expression resolved against the anchor into ISO 8601 values.

Why a module: turning an unresolved spec ("le 22 août", "mardi prochain", "la semaine
dernière", "du 28 décembre au 3 janvier") into calendar bounds and an ISO value at its own
precision (DESIGN.md normal forms) is date arithmetic against the anchor (the publication
date) and the direction the text marks (past or future); it does not look at atoms or rules.
`_resolve` resolves one date spec, `_to_match` one composed expression into a `TemporalMatch`.
Offsets ('offset': "il y a deux ans", "trois semaines plus tard"; 'shift': "deux jours avant le 3
mai", "mardi en huit") are one day at grain day (the package docstring states the convention);
the tagger re-counts narrative offsets from the day the story last named.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pipeline.normalize.dates.specs import (
    Ctx,
    DSpec,
    Expr,
    PSpec,
    TemporalMatch,
    TSpec,
    _add_months,
    _adjust_time_by_part,
    _month_end,
    _shift_date,
    _valid,
)

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.normalize.dates.grammar import DateGrammar

# --------------------------------------------------------------------------- calendar helpers


def _easter(y: int) -> date:
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _nth_weekday(y: int, m: int, wd: int, nth: int) -> date | None:
    if nth > 0:
        d0 = date(y, m, 1)
        d0 += timedelta(days=(wd - d0.weekday()) % 7)
        d0 += timedelta(weeks=nth - 1)
        return d0 if d0.month == m else None
    d0 = _month_end(y, m)
    d0 -= timedelta(days=(d0.weekday() - wd) % 7)
    return d0


# --------------------------------------------------------------------------- resolution


@dataclass
class Res:
    start: date
    end: date
    value: str
    grain: str
    last_start: date | None = None  # start of the last element of an interval
    exact: date | None = None  # the day plain arithmetic gives, when the value is coarser ('il y a deux ans')


def _day(d0: date) -> Res:
    return Res(d0, d0, d0.isoformat(), "day")


def _month_res(y: int, m: int) -> Res:
    return Res(date(y, m, 1), _month_end(y, m), f"{y:04d}-{m:02d}", "month")


def _year_res(y: int) -> Res:
    return Res(date(y, 1, 1), date(y, 12, 31), f"{y:04d}", "year")


def _months_interval(y1: int, m1: int, y2: int, m2: int, grain: str) -> Res:
    return Res(date(y1, m1, 1), _month_end(y2, m2), f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", grain, date(y2, m2, 1))


def offset_res(d0: date, unit: str) -> Res:
    """An offset at the precision of its unit (DESIGN.md: the precision of the expression): days and weeks
    name a day, months a month ('dans deux mois'), years a year ('il y a dix ans'); the exact day is kept."""
    if unit == "month":
        return replace(_month_res(d0.year, d0.month), exact=d0)
    if unit == "year":
        return replace(_year_res(d0.year), exact=d0)
    return _day(d0)


def _week_res(monday: date) -> Res:
    iso = monday.isocalendar()
    return Res(monday, monday + timedelta(days=6), f"{iso[0]:04d}-W{iso[1]:02d}", "week")


def _interval(a: Res, b: Res) -> Res:
    return Res(a.start, b.end, f"{a.value}/{b.value}", "interval", b.start)


def _pick(cands: list[date], anchor: date, prefer: str, wd: int | None = None) -> date | None:
    cands = sorted(set(cands))
    if not cands:
        return None
    past = [c for c in cands if c <= anchor]
    fut = [c for c in cands if c >= anchor]
    p = past[-1] if past else None
    f = fut[0] if fut else None
    first, second = (p, f) if prefer == "past" else (f, p)
    if wd is not None and first is not None and first.weekday() != wd and second is not None and second.weekday() == wd:
        return second
    return first if first is not None else second


def _resolve(ds: DSpec, anchor: date | None, prefer: str) -> Res | None:
    k = ds.kind
    if k == "dmy":
        if ds.y is not None and ds.m is not None and ds.d is not None:
            return _day(date(ds.y, ds.m, ds.d)) if _valid(ds.y, ds.m, ds.d) else None
        if ds.m is not None and ds.d is not None:
            if anchor is None:
                return None
            cands = [date(y, ds.m, ds.d) for y in range(anchor.year - 8, anchor.year + 9) if _valid(y, ds.m, ds.d)]
            if ds.mode in ("next", "last"):
                cands = [c for c in cands if (c > anchor if ds.mode == "next" else c < anchor)]
            d0 = _pick(cands, anchor, prefer if not ds.mode else ("future" if ds.mode == "next" else "past"), ds.wd)
            return _day(d0) if d0 else None
        if ds.d is not None:
            if anchor is None:
                return None
            cands = []
            for k2 in range(-13, 14):
                mm = _add_months(date(anchor.year, anchor.month, 1), k2)
                if _valid(mm.year, mm.month, ds.d):
                    cands.append(date(mm.year, mm.month, ds.d))
            if ds.wd is not None:
                ok = [c for c in cands if c.weekday() == ds.wd]
                if ok:
                    return _day(min(ok, key=lambda c: (abs((c - anchor).days), c < anchor)))
            d0 = _pick(cands, anchor, prefer)
            return _day(d0) if d0 else None
        return None
    if k == "weekday":
        if anchor is None:
            return None
        wd = ds.wd
        monday = anchor - timedelta(days=anchor.weekday())
        if ds.mode == "this":
            return _day(monday + timedelta(days=wd + 7 * ds.n))
        if ds.mode == "next":
            return _day(anchor + timedelta(days=((wd - anchor.weekday() - 1) % 7) + 1))
        if ds.mode == "last":
            return _day(anchor - timedelta(days=((anchor.weekday() - wd - 1) % 7) + 1))
        if prefer == "past":
            return _day(anchor - timedelta(days=(anchor.weekday() - wd) % 7))
        return _day(anchor + timedelta(days=(wd - anchor.weekday()) % 7))
    if k == "month":
        m = ds.m
        if ds.y is not None:
            y = ds.y
        else:
            if anchor is None:
                return None
            am = anchor.month
            if ds.mode == "this":
                y = anchor.year
            elif ds.mode == "next":
                y = anchor.year if m > am else anchor.year + 1
            elif ds.mode == "last":
                y = anchor.year if m < am else anchor.year - 1
            elif prefer == "past":
                y = anchor.year if m <= am else anchor.year - 1
            else:
                y = anchor.year if m >= am else anchor.year + 1
        if ds.sub and tuple(ds.sub) != (1, 31):  # "courant avril" is the month itself
            a, b = ds.sub
            last = calendar.monthrange(y, m)[1]
            s, e = date(y, m, min(a, last)), date(y, m, min(b, last))
            return Res(s, e, f"{s.isoformat()}/{e.isoformat()}", "interval", e)
        return _month_res(y, m)
    if k == "year":
        y = ds.y
        if y is None:
            if anchor is None:
                return None
            y = anchor.year + ds.n
        if ds.sub:
            return _months_interval(y, ds.sub[0], y, ds.sub[1], "interval")
        return _year_res(y)
    if k == "yrange":
        return _interval(_year_res(ds.y), _year_res(ds.extra["y2"]))
    if k == "decade":
        return Res(date(ds.y, 1, 1), date(ds.y + 9, 12, 31), f"{ds.y:04d}/{ds.y + 9:04d}", "decade", date(ds.y + 9, 1, 1))
    if k == "week":
        if ds.y is not None or ds.extra.get("iso"):  # nth ISO week of a year (the anchor's when unnamed)
            y = ds.y if ds.y is not None else (anchor.year if anchor else None)
            if y is None:
                return None
            try:
                return _week_res(date.fromisocalendar(y, ds.n, 1))
            except ValueError:
                return None
        if anchor is None:
            return None
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=ds.n)
        if ds.sub:  # début / milieu / fin de semaine: days of that week
            s0, e0 = monday + timedelta(days=ds.sub[0]), monday + timedelta(days=ds.sub[1])
            return Res(s0, e0, f"{s0.isoformat()}/{e0.isoformat()}", "interval", e0)
        return _week_res(monday)
    if k == "weekend":
        if anchor is None:
            return None
        sat_this = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5)
        if ds.mode == "this":
            sat = sat_this
        elif ds.mode == "next":
            sat = sat_this if anchor < sat_this else sat_this + timedelta(weeks=1)
        elif ds.mode == "last":
            sat = sat_this - timedelta(weeks=1) if anchor <= sat_this + timedelta(days=1) else sat_this
            if anchor.weekday() == 6:
                sat = sat_this - timedelta(weeks=1)
        elif prefer == "past":
            sat = sat_this if anchor >= sat_this else sat_this - timedelta(weeks=1)
        else:
            sat = sat_this
        sun = sat + timedelta(days=1)
        return Res(sat, sun, f"{sat.isoformat()}/{sun.isoformat()}", "weekend", sun)
    if k == "season":
        m1, m2 = ds.extra["months"]
        if ds.y is not None:
            y = ds.y
        else:
            if anchor is None:
                return None
            am, ay = anchor.month, anchor.year
            # season "year" = year of its first month
            cur = ay if not (m1 > m2 and am <= m2) else ay - 1
            inside = (m1 <= am <= m2) if m1 <= m2 else (am >= m1 or am <= m2)
            starts_after = m1 > am if m1 <= m2 else (am < m1 and am > m2)
            if ds.mode == "this":
                y = cur
            elif ds.mode == "next":
                y = cur if starts_after else cur + 1
            elif ds.mode == "last":
                y = cur - 1 if (inside or starts_after) else cur
            elif prefer == "past":
                y = cur if (inside or not starts_after) else cur - 1
            else:
                y = cur if (inside or starts_after) else cur + 1
        y2 = y + 1 if m1 > m2 else y
        return _months_interval(y, m1, y2, m2, "season")
    if k == "quarter":
        size = ds.extra["size"]
        if "rel" in ds.extra:  # 'ce trimestre', 'le semestre dernier': counted from the anchor's own
            if anchor is None:
                return None
            per_year = 12 // size
            y, idx = divmod(anchor.year * per_year + (anchor.month - 1) // size + ds.extra["rel"], per_year)
            return _months_interval(y, idx * size + 1, y, idx * size + size, "quarter")
        y = ds.y if ds.y is not None else (anchor.year + ds.n if anchor else None)
        if y is None:
            return None
        m1 = (ds.extra["nth"] - 1) * size + 1
        m2 = m1 + size - 1
        if m2 > 12:
            return None
        return _months_interval(y, m1, y, m2, "quarter")
    if k == "holiday":
        h = ds.extra["h"]

        def on(y: int) -> date | None:
            if "easter" in h:
                return _easter(y) + timedelta(days=h["easter"])
            if "nth" in h:
                return _nth_weekday(y, h["month"], h["weekday"], h["nth"])
            return date(y, h["month"], h["day"])

        if ds.y is not None:
            d0 = on(ds.y)
            return _day(d0 + timedelta(days=ds.n)) if d0 else None
        if anchor is None:
            return None
        cands = [c for c in (on(y) for y in range(anchor.year - 1, anchor.year + 2)) if c]
        if ds.mode in ("next", "last"):  # "Noël dernier", "la Toussaint prochaine"
            cands = [c for c in cands if (c > anchor if ds.mode == "next" else c < anchor)]
            prefer = "future" if ds.mode == "next" else "past"
        d0 = _pick(cands, anchor, prefer)
        return _day(d0 + timedelta(days=ds.n)) if d0 else None
    if k == "rel":
        if anchor is None:
            return None
        return _day(anchor + timedelta(days=ds.n))
    if k == "offset":
        if anchor is None:
            return None
        d0 = _shift_date(anchor, ds.n, ds.unit)
        return offset_res(d0, ds.unit) if d0 is not None else None
    if k == "lastn":
        if anchor is None:
            return None
        n, u = ds.n, ds.unit

        def shift(d0: date, k2: int) -> date:
            if u == "day":
                return d0 + timedelta(days=k2)
            if u == "week":
                return d0 + timedelta(weeks=k2)
            if u == "month":
                return _add_months(d0, k2)
            return _add_months(d0, 12 * k2)

        if ds.mode == "last":
            s, e = shift(anchor, -n), anchor - timedelta(days=1)
        elif ds.mode == "within":
            s, e = anchor, shift(anchor, n)
        else:
            s, e = anchor + timedelta(days=1), shift(anchor, n)
        return Res(s, e, f"{s.isoformat()}/{e.isoformat()}", "interval", e)
    if k == "nthwd":
        if ds.m is None:
            return None
        if ds.y is not None:
            d0 = _nth_weekday(ds.y, ds.m, ds.wd, ds.n)
            return _day(d0) if d0 else None
        if anchor is None:
            return None
        if ds.mode == "this":
            d0 = _nth_weekday(anchor.year, ds.m, ds.wd, ds.n)
            return _day(d0) if d0 else None
        cands = [c for c in (_nth_weekday(y, ds.m, ds.wd, ds.n) for y in range(anchor.year - 1, anchor.year + 2)) if c]
        d0 = _pick(cands, anchor, prefer)
        return _day(d0) if d0 else None
    return None


# --------------------------------------------------------------------------- resolution of expressions

# a verb in the future tense before the date ("participeront du 10 au 20 mars", "se rendra en avril")
_FUTURE_TENSE_RX = re.compile(r"(?<![a-z])[a-z]{3,}(?:eront|iront|dront|eras?|iras?|dras?)(?![a-z])")
# "avait prévu de voter en février", "était programmée": a plan told in the past, not a future date
_PAST_PLAN_RX = re.compile(r"(?<![a-z])(?:avai(?:t|ent)|etai(?:t|ent))\s+(?:\S+\s+)?(?:prevu|programme)e?s?(?![a-z])")
_SINCE_RX = re.compile(r"(?<![a-z])depuis\s+(?:le\s+|la\s+|l')?$")
_PREFIX_STRIP = re.compile(r"^(?:(?:l'|d'(?!ici))\s*|(?:le|la|les|du|de|des|au|aux|en|dans|depuis|entre|a|sur|pour|vers|from)\s+)+")


def _resolve_spec(ds: DSpec, anchor: date | None, prefer: str, other: DSpec | None = None) -> Res | None:
    """The spec resolved against the anchor; None when it cannot be, including when the day it names falls
    outside the years 1-9999 a `date` can hold ('hier' published 0001-01-01, 'Noël 9999' plus a day)."""
    try:
        return _resolve_spec_in_calendar(ds, anchor, prefer)
    except (OverflowError, ValueError):
        return None


def _within(ds: DSpec, anchor: date | None, prefer: str) -> Res | None:
    """'le 6 octobre de l'année dernière', 'mercredi de la semaine d'après', 'le 15 du mois prochain': the day
    named, inside the period the complement names (resolved first, against the anchor)."""
    box = _resolve_spec(ds.extra["within"], anchor, prefer)
    if box is None:
        return None
    inner = replace(ds, extra={k: v for k, v in ds.extra.items() if k != "within"})
    if inner.kind == "weekday" and box.grain == "week":
        return _day(box.start + timedelta(days=inner.wd))
    if box.grain == "month" and inner.kind == "dmy" and inner.m is None:
        inner.y, inner.m = box.start.year, box.start.month
    elif box.grain == "year" and inner.y is None and inner.kind in ("dmy", "month", "holiday", "nthwd", "quarter", "season"):
        inner.y = box.start.year  # a winter belongs to the year of its first month
    else:
        return None
    return _resolve_spec(inner, anchor, prefer)


def _resolve_spec_in_calendar(ds: DSpec, anchor: date | None, prefer: str) -> Res | None:
    if "within" in ds.extra:
        return _within(ds, anchor, prefer)
    if ds.kind == "week_of":
        r = _resolve_spec(ds.extra["base"], anchor, prefer)
        if r is None or r.grain != "day":
            return None
        return _week_res(r.start - timedelta(days=r.start.weekday()))
    if ds.kind == "nthunit":
        box = _resolve_spec(ds.extra["box"], anchor, prefer)
        return _nth_unit_in(box, ds.n, ds.unit) if box is not None and box.grain in ("month", "year") else None
    if ds.kind == "weekend_of":
        r = _resolve_spec(ds.extra["base"], anchor, prefer)
        if r is None or r.grain != "day":
            return None
        if r.start.weekday() < 4:
            return r  # a weekday is no weekend: the day named stands
        sat = r.start + timedelta(days=5 - r.start.weekday())
        sun = sat + timedelta(days=1)
        return Res(sat, sun, f"{sat.isoformat()}/{sun.isoformat()}", "weekend", sun)
    if ds.kind == "shift":
        r = _resolve_spec(ds.extra["base"], anchor, ds.extra.get("prefer", prefer))
        if r is None or r.grain != "day":
            return None
        d0 = _shift_date(r.start, ds.n, ds.unit or "day")
        return _day(d0) if d0 else None
    if ds.kind == "month" and "rel" in ds.extra:
        if anchor is None:
            return None
        d0 = _add_months(date(anchor.year, anchor.month, 1), ds.extra["rel"])
        return _resolve(DSpec("month", y=d0.year, m=d0.month, sub=ds.sub), anchor, prefer)
    if ds.kind in ("dmy", "nthwd") and "month_offset" in ds.extra:
        if anchor is None:
            return None
        d0 = _add_months(date(anchor.year, anchor.month, 1), ds.extra["month_offset"])
        return _resolve(replace(ds, y=d0.year, m=d0.month, extra={}), anchor, prefer)
    return _resolve(ds, anchor, prefer)


def _nth_unit_in(box: Res, n: int, unit: str) -> Res | None:
    """The n-th (or, n = -1, the last) day, week or weekend of a month or year.  A week belongs to the
    period that holds its Thursday (most of its days), as ISO 8601 numbers the weeks of a year; a weekend
    to the period that holds its Saturday."""
    first, last = box.start, box.end
    if unit == "day":
        d0 = first + timedelta(days=n - 1) if n > 0 else last + timedelta(days=n + 1)
        return _day(d0) if first <= d0 <= last else None
    key_day = 3 if unit == "week" else 5  # Thursday, Saturday
    if n > 0:
        d0 = first + timedelta(days=(key_day - first.weekday()) % 7) + timedelta(weeks=n - 1)
    else:
        d0 = last - timedelta(days=(last.weekday() - key_day) % 7) + timedelta(weeks=n + 1)
    if not first <= d0 <= last:
        return None
    if unit == "week":
        return _week_res(d0 - timedelta(days=3))
    sun = d0 + timedelta(days=1)
    return Res(d0, sun, f"{d0.isoformat()}/{sun.isoformat()}", "weekend", sun)


def _resolve_range(a: DSpec, b: DSpec, anchor: date | None, prefer: str) -> tuple[Res, Res] | None:
    a = replace(a)
    b = replace(b)
    if a.kind == "dmy" and b.kind == "dmy":
        if a.m is None and b.m is not None:
            a.m = b.m
            if a.d is not None and b.d is not None and a.d > b.d:
                a.extra = {**a.extra, "prev_month": True}
        if b.m is None and a.m is not None:
            b.m = a.m
        if a.y is None and b.y is not None:
            a.y = b.y
            if a.m is not None and b.m is not None and (a.m, a.d or 0) > (b.m, b.d or 0):
                a.y = b.y - 1
        if a.extra.get("prev_month") and a.m is not None:
            a.m -= 1
            if a.m == 0:
                a.m = 12
                if a.y is not None:
                    a.y -= 1
        if a.extra.get("month_offset") is not None and b.extra.get("month_offset") is None:
            b.extra = {**b.extra, "month_offset": a.extra["month_offset"]}
    if a.kind == "month" and b.kind == "month" and b.y is not None and a.y is None:
        a.y = b.y if a.m <= b.m else b.y - 1
    ra = _resolve_spec(a, anchor, prefer)
    if ra is None:
        return None
    if a.kind == b.kind == "dmy" and a.m is None and b.m is None and b.d is not None and "month_offset" not in a.extra:
        # 'du 10 au 12': the second day in the first one's month, the nearest month that has both ('du 29 au 31')
        first = ra.start
        step = -1 if prefer == "past" else 1
        for _ in range(12):
            if _valid(first.year, first.month, b.d):
                break
            first = _add_months(first.replace(day=1), step)
            first = first.replace(day=a.d) if _valid(first.year, first.month, a.d) else first
        else:
            return None
        ra = _day(first)
        b = replace(b, y=first.year, m=first.month)
    rb = _resolve_spec(b, anchor, prefer)
    if rb is None:
        return None
    if rb.end < ra.start:
        # "du 28 décembre au 3 janvier": the end follows the start
        if b.kind in ("dmy", "month") and b.y is None:
            rb = _resolve_spec(replace(b, y=None), ra.start, "future")
        elif a.kind in ("dmy", "month") and a.y is None:
            ra = _resolve_spec(replace(a, y=None), rb.start, "past")
        elif a.kind == "weekday" and b.kind == "weekday" and not a.mode and not b.mode:
            # "du mardi au jeudi": one span of days; the past reading ends on the last such day, the future
            # one starts on the next
            if prefer == "past":
                ra = _day(rb.start - timedelta(days=(rb.start.weekday() - a.wd) % 7))
            else:
                rb = _day(ra.start + timedelta(days=(b.wd - ra.start.weekday()) % 7))
        if ra is None or rb is None or rb.end < ra.start:
            return None
    return ra, rb


def _part_hours(p: PSpec, g: "DateGrammar") -> tuple[int, int, int, int, int, int]:
    h1, h2 = g.lex.raw["part_of_day_hours"][p.code]
    if p.half == "early":
        h2 = (h1 + h2) // 2
    elif p.half == "late":
        h1 = (h1 + h2) // 2
    if h2 == 24:
        return h1, 0, 0, 23, 59, 59
    return h1, 0, 0, h2, 0, 0


def _fmt_time(t: TSpec) -> str:
    if t.prec == "second":
        return f"{t.h:02d}:{t.mi:02d}:{t.s:02d}"
    return f"{t.h:02d}:{t.mi:02d}"


def _dt_plus(d0: date | None, t: TSpec, unit_delta: timedelta | None = None) -> str:
    if d0 is None:
        return "T" + _fmt_time(t)
    return f"{d0.isoformat()}T{_fmt_time(t)}"


# after an abbreviation's dot: lower case, a bracket, a dash, a digit, a line break (a header line "mer. 12 nov.")
_SENTENCE_GOES_ON_RX = re.compile(r"[ \t]*(?:[^\sA-ZÀ-Ý]|\r?\n)")


def _to_match(e: Expr, cx: Ctx, anchor_d: date | None, anchor_dt: datetime | None, prefer: str) -> TemporalMatch | None:
    # span: strip leading prepositions/articles (DESIGN.md); keep demonstratives and modifiers
    s, t_end = e.start, e.end
    head = cx.folded[s:t_end]
    mstrip = _PREFIX_STRIP.match(head)
    keep_prefix = re.match(r"(?:il\s+y\s*a|dans\s+\S+\s+\S|dans\s+les)", head)
    if mstrip and not keep_prefix and mstrip.end() < len(head):
        s += mstrip.end()
    while t_end > s and cx.text[t_end - 1] in " ,;.:" and not cx.folded[t_end - 2: t_end].endswith("m.") \
            and not (cx.g.ABBR_DOT_END_RX.search(cx.folded, max(0, t_end - 6), t_end) and _SENTENCE_GOES_ON_RX.match(cx.text, t_end)):
        t_end -= 1  # the dot of an abbreviation ('SÉOUL, 7 févr. (Yonhap)') stays, unless it also ends the sentence
    # future marking from the text
    sent_start = max(cx.folded.rfind(".", 0, e.start), cx.folded.rfind("\n", 0, e.start), cx.folded.rfind("!", 0, e.start), cx.folded.rfind("?", 0, e.start))
    window = cx.folded[max(sent_start + 1, e.start - 120): e.start]
    cue_future = bool((cx.g.FUTURE_RX.search(window) and not _PAST_PLAN_RX.search(window)) or _FUTURE_TENSE_RX.search(window))
    eff_prefer = "future" if (prefer == "future" or cue_future) else "past"
    if e.to is None and _SINCE_RX.search(cx.folded[max(0, e.start - 12): e.start]) \
            and not re.match(r"\s*(?:au|a|et|jusqu)\b", cx.folded[e.end: e.end + 12]):
        eff_prefer = "past"  # "depuis le 2 février": a starting point already reached

    res: Res | None = None
    res_end: Res | None = None
    if e.date is not None:
        if e.to is not None and e.to.date is not None and e.kind not in ("trange",):
            pair = _resolve_range(e.date, e.to.date, anchor_d, eff_prefer)
            if pair:
                res, res_end = pair
        else:
            res = _resolve_spec(e.date, anchor_d, eff_prefer)
    value, ds_, de_, grain = "", None, None, ""
    if res is not None:
        if res_end is not None:
            # 'fin février-début mars': a range of two periods runs from the first one's start to the second one's end
            value = f"{res.value.split('/')[0]}/{res_end.value.split('/')[-1]}"
            ds_, de_, grain = res.start, res_end.end, "interval"
        else:
            value, ds_, de_, grain = res.value, res.start, res.end, res.grain
    elif e.date is not None:
        grain = {"weekday": "day", "rel": "day", "dmy": "day", "holiday": "day", "offset": "day", "shift": "day",
                 "nthwd": "day", "nthunit": "day", "lastn": "interval", "yrange": "interval"}.get(e.date.kind, e.date.kind)

    time_s, finest = "", (res.exact.isoformat() if res is not None and res.exact and res_end is None else value)
    day_for_time = ds_ if (res is not None and res.start == res.end and res_end is None) else None
    date_known = e.date is None or day_for_time is not None
    if e.date is not None and e.date.kind == "offset" and e.date.unit in ("hour", "minute", "second") and anchor_dt is not None:
        delta = {"hour": timedelta(hours=e.date.n), "minute": timedelta(minutes=e.date.n), "second": timedelta(seconds=e.date.n)}[e.date.unit]
        p = anchor_dt + delta
        value = p.date().isoformat()
        ds_ = de_ = p.date()
        time_s = p.strftime("%H:%M:%S")
        finest = f"{value}T{time_s}"
        grain = "second"
    elif e.date is not None and e.date.kind == "lastn" and e.date.unit in ("hour", "minute", "second") and anchor_dt is not None:
        delta = {"hour": timedelta(hours=e.date.n), "minute": timedelta(minutes=e.date.n), "second": timedelta(seconds=e.date.n)}[e.date.unit]
        p1, p2 = (anchor_dt - delta, anchor_dt) if e.date.mode == "last" else (anchor_dt, anchor_dt + delta)
        value = f"{p1.date().isoformat()}/{p2.date().isoformat()}" if p1.date() != p2.date() else p1.date().isoformat()
        ds_, de_ = p1.date(), p2.date()
        time_s = f"{p1:%H:%M:%S}/{p2:%H:%M:%S}"
        finest = f"{p1:%Y-%m-%dT%H:%M:%S}/{p2:%Y-%m-%dT%H:%M:%S}"
        grain = "second"
    elif e.time is not None and e.to is not None and e.kind == "trange" and e.to.time is not None:
        t1, t2 = e.time, e.to.time
        time_s = f"{_fmt_time(t1)}/{_fmt_time(t2)}"
        d2 = day_for_time
        if e.to.date is not None and e.date is not None and e.to.date is not e.date:
            r2 = _resolve_spec(e.to.date, anchor_d, eff_prefer)
            d2 = r2.start if r2 and r2.start == r2.end else None
            if r2 and day_for_time:
                de_ = r2.end
        if date_known or e.date is None:
            finest = f"{_dt_plus(day_for_time, t1)}/{_dt_plus(d2, t2)}"
        grain = "minute" if "minute" in (t1.prec, t2.prec) or t1.mi or t2.mi else "hour"
        if "second" in (t1.prec, t2.prec):
            grain = "second"
    elif e.time is not None:
        t = e.time
        if e.part is not None:
            t = _adjust_time_by_part(t, e.part, cx.g)
        time_s = _fmt_time(t)
        if date_known:
            finest = _dt_plus(day_for_time, t)
        grain = t.prec
    elif e.part is not None:
        p = e.part
        if e.date is None and p.rel is not None and anchor_d is not None:
            d0 = anchor_d + timedelta(days=p.rel)
            value, ds_, de_ = d0.isoformat(), d0, d0
            day_for_time = d0
            date_known = True
        elif e.date is None and p.rel is not None:
            date_known = False
        h1, m1, s1, h2, m2, s2 = _part_hours(p, cx.g)
        time_s = cx.g.lex.raw["part_of_day_names"][p.code]
        if res_end is not None:
            date_known = False
        if date_known:
            fmt = lambda h, mi, se: f"{h:02d}:{mi:02d}" + (f":{se:02d}" if se else "")
            pre = f"{day_for_time.isoformat()}T" if day_for_time else "T"
            finest = f"{pre}{fmt(h1, m1, s1)}/{pre}{fmt(h2, m2, s2)}"
        grain = "part_of_day"
    if not value and e.date is not None:
        finest = ""
        if e.time is not None and e.to is None and e.date.kind == "rel":
            finest = "T" + time_s
    planned = bool(e.future or cue_future or (anchor_d is not None and ds_ is not None and ds_ > anchor_d))
    return TemporalMatch(
        start=s,
        end=t_end,
        text=cx.text[s:t_end],
        value=value,
        date_start=ds_,
        date_end=de_,
        grain=grain or ("day" if value else ""),
        time=time_s,
        finest=finest or value,
        planned=planned,
    )


def _anchor(anchor) -> tuple[date | None, datetime | None]:
    if anchor is None or anchor == "":
        return None, None
    if isinstance(anchor, str):
        try:
            anchor = datetime.fromisoformat(anchor.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                anchor = date.fromisoformat(anchor.strip()[:10])
            except ValueError:
                return None, None
    if isinstance(anchor, datetime):
        return anchor.date(), anchor.replace(tzinfo=None)
    if isinstance(anchor, date):
        return anchor, datetime(anchor.year, anchor.month, anchor.day)
    return None, None
