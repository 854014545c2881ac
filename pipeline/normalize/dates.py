"""French temporal tagger and normalizer (pure Python, no spaCy).

Why a grammar and not dateparser: dateparser finds dates in "sa" or "48 h à";
press needs spans that follow our guidelines and values anchored on the
publication date.  The tagger works in three passes over an accent- and
case-folded copy of the text (same length, so offsets stay valid):

1. *atoms*: compiled regular expressions find the smallest temporal units
   (day-month-year, weekday, month, year, relative words, periods, times of
   day, parts of day ...), each parsed into a small unresolved spec;
2. *composition*: adjacent atoms are merged by the grammar of French dates
   (date + time, time + part of day, "du X au Y", "les 27 et 28 novembre",
   "la veille de X", "début octobre" ...);
3. *resolution*: each expression is resolved against the anchor (publication
   date) into an ISO 8601 value at its own precision (DESIGN.md normal forms).

The French words live in ``models/lexicon/temporal_fr.json``; the functions are
pure (the lexicon is loaded once, a module constant).  Pass 1 does not run every
atom regex over the whole text: a prefilter derived from the patterns themselves
tries each atom only where its matches can start (section "atom prefilter").
"""
from __future__ import annotations

import calendar
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

LEXICON_PATH = Path(__file__).resolve().parents[2] / "models" / "lexicon" / "temporal_fr.json"


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


# --------------------------------------------------------------------------- folding


def _fold_char(ch: str) -> str:
    if ch in "\u2019\u02bc\u2018`\u00b4":
        return "'"
    if ch in "\u00a0\u202f\u2009\u2007\t":
        return " "
    if ch in "\u2010\u2011\u2012\u2013\u2014\u2212":
        return "-"
    low = ch.lower()
    if len(low) != 1:
        return ch
    base = unicodedata.normalize("NFD", low)[0]
    if base.isascii():
        return base
    return {"œ": "o", "æ": "a", "ß": "s"}.get(low, low)


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character (translate runs in C)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents, normalise apostrophes/dashes/spaces; same length as `text`."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def _f(s: str) -> str:
    return fold(s)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    raw: dict
    months: dict[str, int]
    weekdays: dict[str, int]
    wd_abbr: dict[str, int]
    numbers: dict[str, int]  # folded number words 0..59
    ordinals: dict[str, int]  # folded ordinal words 1..31
    parts: dict[str, str]
    holidays: dict[str, dict]
    decade_words: dict[str, int]


def _number_words(units: dict[str, int], tens: dict[str, int]) -> dict[str, int]:
    words: dict[str, int] = {}
    for w, n in units.items():
        words[_f(w)] = n
    for u in ("sept", "huit", "neuf"):
        for sep in ("-", " "):
            words[f"dix{sep}{u}"] = 10 + units[u]
    for tw, t in tens.items():
        if t < 20:
            continue
        words[_f(tw)] = t
        for sep in ("-", " "):
            words[f"{tw}{sep}et{sep}un"] = t + 1
            words[f"{tw}{sep}et{sep}une"] = t + 1
            for uw, u in units.items():
                if 2 <= u <= 9:
                    words[f"{tw}{sep}{_f(uw)}"] = t + u
    return words


def _ordinal_of(word: str) -> list[str]:
    last = re.split(r"[- ]", word)[-1]
    stem = word[: len(word) - len(last)]
    if last == "un" and stem:
        tail = "unieme"
    elif last == "cinq":
        tail = "cinquieme"
    elif last == "neuf":
        tail = "neuvieme"
    elif last.endswith("e"):
        tail = last[:-1] + "ieme"
    else:
        tail = last + "ieme"
    return [stem + tail]


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    numbers = _number_words(raw["units"], raw["tens"])
    numbers.pop("zero", None)
    ordinals = {_f(k): v for k, v in raw["ordinals"].items() if v > 0}
    for w, n in list(numbers.items()):
        if 2 <= n <= 31 and w not in ("une",):
            for o in _ordinal_of(w):
                ordinals.setdefault(o, n)
    decade_words = {_f(k): v for k, v in {**raw["tens"], **raw["tens_more"]}.items() if v >= 20}
    return Lexicon(
        raw=raw,
        months={_f(k): v for k, v in raw["months"].items()},
        weekdays={_f(k): v for k, v in raw["weekdays"].items()},
        wd_abbr={_f(k): v for k, v in raw["weekday_abbreviations"].items()},
        numbers=numbers,
        ordinals=ordinals,
        parts={_f(k): v for k, v in raw["parts_of_day"].items()},
        holidays={_f(k): v for k, v in raw["holidays"].items()},
        decade_words=decade_words,
    )


LEX = load_lexicon()


def _trie_regex(words: Iterable[str]) -> str:
    """Alternation compiled as a trie ('vingt(?:-(?:deux|trois)|...)'): the regex engine then
    rejects a position after one character instead of trying hundreds of words; longest first."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return "(?:" + build(trie) + ")"


def _alt(words: Iterable[str], escape: bool = True) -> str:
    return _trie_regex(words)


# --------------------------------------------------------------------------- regex building blocks

_ABBR = {_f(a) for a in LEX.raw["month_abbreviations_need_context"]}
_MONTH_FULL_WORDS = [m for m in LEX.months if m not in _ABBR]
MONTH_FULL = _alt(_MONTH_FULL_WORDS)
MONTH_ABBR = "(?:" + _alt(_ABBR) + r"\.?)"
MONTH_ANY = rf"(?:{MONTH_FULL}|{MONTH_ABBR})(?![a-z])"
WEEKDAY = _alt(LEX.weekdays) + "(?![a-z])"
WD_ABBR = _alt(LEX.wd_abbr) + r"(?:\.|(?=\s*,))"
NUMW = _alt(LEX.numbers)
HOURW = _alt([w for w, n in LEX.numbers.items() if 0 < n <= 24])
MINW = _alt([w for w, n in LEX.numbers.items() if 1 <= n <= 59])
MINW10 = _alt([w for w, n in LEX.numbers.items() if 10 <= n <= 59])
DAYW = _alt([w for w, n in LEX.numbers.items() if 1 <= n <= 31 and w != "une"])
ORDW = _alt(LEX.ordinals)
DAYDIG = r"(?<![\d,.])(?:0?[1-9]|[12]\d|3[01])(?:er|re|ere|e|eme)?(?![\d])"
DAYNUM = rf"(?:{DAYDIG}|{ORDW}(?![a-z])|{DAYW}(?![a-z\-]))"
YEAR4 = r"(?<![\d,.])(?:1[0-9]\d\d|20\d\d|21\d\d)(?![\d])"
HOURNUM = r"(?<![\d,.:])(?:[01]?\d|2[0-4])(?![\d])"
UNIT = _alt([_f(u) for u in LEX.raw["duration_units"]]) + "(?![a-z])"
NUM = rf"(?:\d{{1,3}}(?![\d,.])|{NUMW}(?![a-z]))"
PARTW = _alt(LEX.parts) + "s?(?![a-z])"
AMPM = r"(?:a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
NEXTW = _alt([_f(w) for w in LEX.raw["next_words"]])
LASTW = _alt([_f(w) for w in LEX.raw["last_words"]])
HOLI = _alt(LEX.holidays)
REL_DAYS = {_f(k): v for k, v in LEX.raw["relative_days"].items()}
RELW = _alt(REL_DAYS)
SEASON = _alt([_f(s) for s in LEX.raw["seasons"]])
SP = r"\s+"


def _c(p: str) -> re.Pattern:
    return re.compile(p)


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


# --------------------------------------------------------------------------- small helpers


def _num(word: str) -> int | None:
    w = word.strip().rstrip(".")
    m = re.match(r"(\d+)", w)
    if m:
        return int(m.group(1))
    w = re.sub(r"\s+", " ", w)
    if w in LEX.numbers:
        return LEX.numbers[w]
    if w in LEX.ordinals:
        return LEX.ordinals[w]
    return None


def _month(word: str) -> int | None:
    return LEX.months.get(word.strip().rstrip(".").strip())


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


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


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


def _day(d0: date) -> Res:
    return Res(d0, d0, d0.isoformat(), "day")


def _month_res(y: int, m: int) -> Res:
    return Res(date(y, m, 1), _month_end(y, m), f"{y:04d}-{m:02d}", "month")


def _year_res(y: int) -> Res:
    return Res(date(y, 1, 1), date(y, 12, 31), f"{y:04d}", "year")


def _months_interval(y1: int, m1: int, y2: int, m2: int, grain: str) -> Res:
    return Res(date(y1, m1, 1), _month_end(y2, m2), f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}", grain, date(y2, m2, 1))


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
        if ds.sub:
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
        if ds.y is not None:  # nth ISO week of a year
            try:
                return _week_res(date.fromisocalendar(ds.y, ds.n, 1))
            except ValueError:
                return None
        if anchor is None:
            return None
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=ds.n)
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
        y = ds.y if ds.y is not None else (anchor.year + ds.n if anchor else None)
        if y is None:
            return None
        size = ds.extra["size"]
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
        d0 = _pick(cands, anchor, prefer)
        return _day(d0 + timedelta(days=ds.n)) if d0 else None
    if k == "rel":
        if anchor is None:
            return None
        return _day(anchor + timedelta(days=ds.n))
    if k == "offset":
        if anchor is None:
            return None
        if ds.unit == "day":
            d0 = anchor + timedelta(days=ds.n)
        elif ds.unit == "week":
            d0 = anchor + timedelta(weeks=ds.n)
        elif ds.unit == "month":
            d0 = _add_months(anchor, ds.n)
        elif ds.unit == "year":
            d0 = _add_months(anchor, 12 * ds.n)
        else:
            return None
        return _day(d0)
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


# --------------------------------------------------------------------------- atoms

ATOMS: list[tuple[str, re.Pattern, Callable[[re.Match, "Ctx"], list[Expr] | Expr | None]]] = []


@dataclass
class Ctx:
    text: str  # original
    low: str  # original lower-cased (accents kept), for cue words
    folded: str


def atom(name: str, pattern: str):
    # every atom starts at a word start: the look-behind makes the scan skip mid-word positions fast
    rx = _c(r"(?:(?<![a-z0-9])|(?<=\dt))" + pattern)

    def deco(fn):
        ATOMS.append((name, rx, fn))
        return fn

    return deco


def _g(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _mode_of(word: str | None) -> str:
    if not word:
        return ""
    w = word.strip()
    if re.fullmatch(NEXTW, w) or w in ("d'apres",):
        return "next"
    if re.fullmatch(LASTW, w):
        return "last"
    if w in ("ce", "cet", "cette", "courant", "ci"):
        return "this"
    return ""


# numeric dates ---------------------------------------------------------------


def _mk_dmy(a: str, b: str, c: str | None, year_first: bool = False) -> DSpec | None:
    if year_first:
        y, m, d = int(a), int(b), int(c)
    else:
        d, m = int(a), int(b)
        y = _year(c) if c is not None else None
        if m > 12 and d <= 12:
            d, m = m, d
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if y is not None and not _valid(y, m, d):
        return None
    if y is None and not any(_valid(yy, m, d) for yy in (2000, 2001)):
        return None
    return DSpec("dmy", y=y, m=m, d=d)


@atom("numdate", r"(?<![\d/.,])(?P<a>\d{1,4})(?P<s>[/.\-])(?P<b>\d{1,2})(?P=s)(?P<c>\d{4}|\d{2})(?![\d]|[/.\-]\d)")
def _a_numdate(m, cx):
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
        ds = _mk_dmy(a, b, c, year_first=True)
    elif len(a) <= 2:
        ds = _mk_dmy(a, b, c)
    else:
        return None
    return Expr(m.start(), m.end(), date=ds, kind="date") if ds else Expr(m.start(), m.end(), kind="invalid")


@atom("numdate_comma", r"(?<![\d/.\-,])(?P<a>\d{1,2})/(?P<b>\d{1,2}),\s?(?P<c>\d{4}|\d{2})(?![\d])")
def _a_numdate_comma(m, cx):
    ds = _mk_dmy(m.group("a"), m.group("b"), m.group("c"))
    return Expr(m.start(), m.end(), date=ds, kind="date") if ds else None


@atom("numdate_space", r"(?<![\d,.]\s)(?<![\d,.])(?P<a>\d{1,2}) (?P<b>\d{1,2}) (?P<c>(?:19|20)\d\d|\d\d)(?![\d]|\s\d|,\d)")
def _a_numdate_space(m, cx):
    ds = _mk_dmy(m.group("a"), m.group("b"), m.group("c"))
    return Expr(m.start(), m.end(), date=ds, kind="date") if ds else None


@atom("mixed", rf"(?<![\d/\-])(?P<x>{MONTH_ANY}|\d{{1,4}})\s?(?P<s>[/\-])\s?(?P<y>{MONTH_ANY}|\d{{1,4}})(?P=s)(?P<z>{MONTH_ANY}|\d{{1,4}})(?![\d])")
def _a_mixed(m, cx):
    parts = [m.group("x"), m.group("y"), m.group("z")]
    mons = [p for p in parts if not p[0].isdigit()]
    if len(mons) != 1:
        return None
    nums = [p for p in parts if p[0].isdigit()]
    years = [p for p in nums if len(p) == 4]
    days = [p for p in nums if len(p) <= 2]
    if len(years) != 1 or len(days) != 1:
        return None
    y, mo, d = int(years[0]), _month(mons[0]), int(days[0])
    if mo is None or not _valid(y, mo, d):
        return None
    return Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d), kind="date")


@atom("dm_slash", r"(?<![\d/.,])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/]|,\d|\s?[jh]\b)")
def _a_dm_slash(m, cx):
    d, mo = int(m.group("d")), int(m.group("m"))
    if (d, mo) == (24, 7) or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if re.match(r"\s*(?:des|de|du|d')\b", cx.folded[m.end():m.end() + 5]):
        return None
    ds = _mk_dmy(m.group("d"), m.group("m"), None)
    return Expr(m.start(), m.end(), date=ds, kind="date") if ds else None


@atom("ym_num", r"(?<![\d/.,\-])(?P<y>(?:19|20)\d\d)\s*(?P<s>[/\-.])\s*(?P<m>\d{1,2})(?![\d]|\s*[/\-.]\s*\d)")
@atom("my_num", r"(?<![\d/.,\-])(?P<m>\d{1,2})\s*[/\-]\s*(?P<y>(?:19|20)\d\d)(?![\d]|\s*[/\-]\s*\d)")
def _a_month_year_num(m, cx):
    """'03/2024' and '2024-03': the same month, written either way round."""
    mo = int(m.group("m"))
    if not 1 <= mo <= 12:
        return None
    return Expr(m.start(), m.end(), date=DSpec("month", y=int(m.group("y")), m=mo), kind="date")


@atom("yrange", r"(?<![\d,.])(?P<y1>(?:1[5-9]|20)\d\d)\s*[-/]\s*(?P<y2>(?:1[5-9]|20)\d\d|\d\d)(?![\d]|\s*[/\-.]\s*\d)")
def _a_yrange(m, cx):
    y1, s2 = int(m.group("y1")), m.group("y2")
    y2 = int(s2) if len(s2) == 4 else (y1 // 100) * 100 + int(s2)
    if not y1 < y2 <= y1 + 50:
        return None
    return Expr(m.start(), m.end(), date=DSpec("yrange", y=y1, extra={"y2": y2}), kind="date")


# day month year ---------------------------------------------------------------

_Y2 = r"(?:'\d\d|\d\d(?![\d:h])(?!\s*[a-z%]))"


@atom(
    "dmy",
    rf"(?:(?P<wd>{WEEKDAY}|{WD_ABBR})\s*,?\s*(?:le\s+)?)?(?P<d>{DAYNUM})\s*(?:-\s*)?(?:de\s+|d')?(?P<mon>{MONTH_ANY})"
    rf"(?:\s*,?\s*(?:de\s+|en\s+)?(?P<y>{YEAR4}|{_Y2})|\s+(?P<post>{NEXTW}|{LASTW})(?![a-z]))?",
)
def _a_dmy(m, cx):
    d = _num(m.group("d"))
    mo = _month(m.group("mon"))
    if d is None or mo is None or not 1 <= d <= 31:
        return None
    y = _year(m.group("y")) if m.group("y") else None
    if y is not None and not _valid(y, mo, d):
        return None
    if y is None and not _valid(2000, mo, d):
        return None
    wd = None
    if m.group("wd"):
        w = m.group("wd").rstrip(".")
        wd = LEX.weekdays.get(w, LEX.wd_abbr.get(w))
    mode = _mode_of(m.group("post"))
    return Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d, wd=wd, mode=mode), kind="date", future=mode == "next")


@atom(
    "mdy",
    rf"(?<![a-z])(?P<mon>{MONTH_ANY})\s*[.,]?\s*(?:[\-/]\s*)?(?P<d>{DAYNUM})(?:(?:\s*,?\s*(?:de\s+)?|\s*-\s*)(?P<y>{YEAR4}))?"
    rf"(?P<ok>(?=\s*(?:$|[^\w\s]|\d|(?:au|a|et|jusqu)\b|(?:pour|entre|de)\s+\d)))?",
)
def _a_mdy(m, cx):
    if not m.group("y") and m.group("ok") is None:
        return None
    if m.group("mon") in _ABBR and not m.group("d")[0].isdigit():
        return None  # "sept trente" is a time, not September 30
    d = _num(m.group("d"))
    mo = _month(m.group("mon"))
    if d is None or mo is None or not 1 <= d <= 31:
        return None
    y = int(m.group("y")) if m.group("y") else None
    if y is not None and not _valid(y, mo, d):
        return None
    return Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d), kind="date")


_MREF = r"(?P<mref>(?:(?:de|du)\s+)?(?:ce|cette|le)\s+mois(?:-ci)?(?:\s+(?:prochain|dernier|passe|suivant|precedent))?|mois\s+(?:prochain|dernier|passe|suivant|precedent))"


@atom(
    "dayrange",
    rf"(?P<d1>{DAYNUM})\s*(?:au|a|jusqu'(?:a|au)|jusqu au|et|-|/)\s*(?:le\s+)?(?P<d2>{DAYNUM})\s*(?:de\s+|d')?"
    rf"(?:(?P<mon>{MONTH_ANY})(?:\s*,?\s*(?P<y>{YEAR4}))?|{_MREF})",
)
def _a_dayrange(m, cx):
    d1, d2 = _num(m.group("d1")), _num(m.group("d2"))
    if d1 is None or d2 is None or not (1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    if m.group("mon"):
        mo = _month(m.group("mon"))
        y = int(m.group("y")) if m.group("y") else None
        a = DSpec("dmy", y=y, m=mo, d=d1)
        b = DSpec("dmy", y=y, m=mo, d=d2)
        if d2 < d1:  # "30 juin - 2 juillet" cannot reach here; "28 au 3 mars" means previous month
            a.extra["prev_month"] = True
    else:
        mode = _mode_of(re.search(r"(prochain|dernier|passe|suivant|precedent|ce|cette|ci)\b", m.group("mref")).group(1))
        n = {"next": 1, "last": -1}.get(mode, 0)
        a = DSpec("dmy", d=d1, extra={"month_offset": n})
        b = DSpec("dmy", d=d2, extra={"month_offset": n})
    e = Expr(m.start(), m.end(), date=a, kind="date")
    e.to = Expr(m.start(), m.end(), date=b, kind="date")
    return e


@atom(
    "mdayrange",
    rf"(?<![a-z])(?P<mon>{MONTH_ANY})\s+(?:entre\s+)?(?:le\s+|du\s+)?(?P<d1>{DAYNUM})\s*(?:au|a|jusqu'(?:a|au)|et|-)\s*(?P<d2>{DAYNUM})"
    rf"(?:\s*,?\s*(?P<y>{YEAR4}))?",
)
def _a_mdayrange(m, cx):
    d1, d2 = _num(m.group("d1")), _num(m.group("d2"))
    mo = _month(m.group("mon"))
    if d1 is None or d2 is None or mo is None or not (1 <= d1 < d2 <= 31):
        return None
    y = int(m.group("y")) if m.group("y") else None
    e = Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d1), kind="date")
    e.to = Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d2), kind="date")
    return e


_NEED_CUE = {_f(w) for w in LEX.raw["month_names_need_cue"]}
_MONTH_CUES = re.compile(
    r"(?:\b(?:en|de|d'|du|depuis|des|dès|jusqu'en|jusqu'à|jusqu'a|avant|apres|après|mois|debut|début|fin|mi|courant|entre|et|a|à|au|ou|vers|pour|le)\s*-?\s*)$"
)


@atom(
    "month",
    rf"(?:(?P<pre>ce|cet|cette|prochain|prochaine|dernier)\s+)?(?:mois\s+(?:de\s+|d'))?(?<![a-z])(?P<mon>{MONTH_ANY})"
    rf"(?:\s*,?\s*(?:de\s+)?(?P<y>{YEAR4}|'\d\d(?![\d])|\d\d(?![\d])(?=\s*(?:$|[^\w\s])))|\s+(?P<post>{NEXTW}|{LASTW})(?![a-z]))?",
)
def _a_month(m, cx):
    word = m.group("mon").rstrip(".")
    mo = _month(word)
    if mo is None:
        return None
    y = _year(m.group("y")) if m.group("y") else None
    has_mod = bool(m.group("pre") or m.group("post") or y is not None)
    if word in _ABBR and not has_mod and not m.group("mon").endswith("."):
        return None
    if word in _NEED_CUE and cx.text[m.start("mon")].isupper() and not re.search(r"(?:^|[.!?\n]\s*)$", cx.text[max(0, m.start("mon") - 3): m.start("mon")]):
        return None  # "Mars" mid-sentence is the planet or a name: French months are lower-case
    if word in _NEED_CUE and not has_mod:
        before = cx.low[max(0, m.start() - 25): m.start()]
        if not _MONTH_CUES.search(before):
            return None
    mode = _mode_of(m.group("pre") or m.group("post"))
    return Expr(m.start(), m.end(), date=DSpec("month", y=y, m=mo, mode=mode), kind="date", future=(mode == "next"))


_YEAR_BLOCK = re.compile(r"\s*" + _alt([_f(w) for w in LEX.raw["year_blockers"]]) + r"(?![a-z])")
_YEAR_CUE = re.compile(
    r"(?:\b(?:en|de|d'|du|depuis|dès|des|jusqu'en|jusqu'à|jusqu'a|avant|après|apres|l'an|année|annee|années|entre|et|ou|à|a|au|fin|début|debut|mi|vers|printemps|été|ete|automne|hiver|courant|dans|pour|le|saison|exercice|budget|ici|horizon|l'horizon|fin d'annee|printemps de|été de)\s*-?\s*|^\s*|[(,]\s*)$"
)


@atom("year", rf"(?P<y>{YEAR4})(?!\s*[,.]\d)")
def _a_year(m, cx):
    y = int(m.group("y"))
    before = cx.low[max(0, m.start() - 30): m.start()]
    after = cx.low[m.end(): m.end() + 20]
    if not _YEAR_CUE.search(before):
        return None
    if _YEAR_BLOCK.match(fold(after)):
        return None
    return Expr(m.start(), m.end(), date=DSpec("year", y=y), kind="date")


@atom("decade", rf"(?:les\s+)?annees\s+(?P<dec>\d{{4}}|\d0(?![\d])|{_alt(LEX.decade_words)}(?![a-z\-]))(?:'?s)?")
def _a_decade(m, cx):
    s = m.group("dec")
    if s.isdigit():
        y = int(s)
        if len(s) == 2:
            y += 1900
        if y % 10:
            return None
    else:
        y = 1900 + LEX.decade_words[s]
    return Expr(m.start(), m.end(), date=DSpec("decade", y=y), kind="date")


# weekdays and relative words ----------------------------------------------------


@atom(
    "weekday",
    rf"(?:(?P<pre>ce|cette)\s+)?(?<![a-z])(?P<wd>{WEEKDAY})"
    rf"(?:\s+(?P<post>{NEXTW}|{LASTW})(?![a-z])|\s+(?:de\s+)?(?P<wk>(?:cette|la)\s+semaine(?:\s+(?P<wkm>{NEXTW}|{LASTW}))?(?![a-z])))?",
)
def _a_weekday(m, cx):
    wd = LEX.weekdays[m.group("wd")]
    before = cx.low[max(0, m.start() - 12): m.start()]
    if re.search(r"(?:chaque|tous les|les|toutes les)\s*$", before):
        return None
    ds = DSpec("weekday", wd=wd)
    fut = False
    if m.group("wk"):
        ds.mode = "this"
        ds.n = {"next": 1, "last": -1}.get(_mode_of(m.group("wkm")), 0)
        fut = ds.n > 0
    elif m.group("pre"):
        ds.mode = "this"
    elif m.group("post"):
        ds.mode = _mode_of(m.group("post"))
        fut = ds.mode == "next"
    return Expr(m.start(), m.end(), date=ds, kind="date", future=fut)


_NOWADAYS = [_f(w) for w in LEX.raw["today_nowadays_contexts"]]


@atom("relday", rf"(?<![a-z'])(?P<art>(?:la|le)\s+)?(?P<w>{RELW})(?![a-z])")
def _a_relday(m, cx):
    w = re.sub(r"^(?:la|le)\s+", "", m.group("w"))
    n = REL_DAYS.get(m.group("w"), REL_DAYS.get(w))
    if n is None:
        return None
    if w.startswith("aujourd"):
        window = cx.folded[max(0, m.start() - 14): m.end() + 16]
        if any(p in window for p in _NOWADAYS):
            return None
    label = next((name for name in ("veille", "lendemain", "meme jour", "jour meme") if name in w), "")
    if label and not m.group("art") and re.search(r"\b(?:la|le|du|au)\s*$", cx.folded[max(0, m.start() - 4): m.start()]) is None:
        # bare "veille"/"lendemain" without article is rare prose; keep it (assistant style) only at end of clause
        pass
    return Expr(m.start(), m.end(), date=DSpec("rel", n=n), kind="relday", label=label, future=n > 0)


@atom("week", rf"(?:(?P<pre>cette|la|ce)\s+)?(?<![a-z])semaine(?:-ci)?(?:\s+(?P<post>{NEXTW}|{LASTW})(?![a-z]))?")
def _a_week(m, cx):
    if m.group("pre") != "cette" and not m.group("post"):
        return None
    n = {"next": 1, "last": -1}.get(_mode_of(m.group("post")), 0)
    return Expr(m.start(), m.end(), date=DSpec("week", n=n), kind="date", future=n > 0)


@atom("nthweek", rf"(?:la\s+)?(?P<o>{ORDW}|\d{{1,2}}(?:e|eme|ieme))\s+semaine\s+(?:de\s+l'annee\s+|de\s+|d')(?P<y>{YEAR4})")
def _a_nthweek(m, cx):
    n = _num(m.group("o"))
    if not n or n > 53:
        return None
    return Expr(m.start(), m.end(), date=DSpec("week", y=int(m.group("y")), n=n), kind="date")


@atom("monthrel", rf"(?:(?P<pre>ce|le)\s+)?(?<![a-z])mois(?P<ci>-ci)?(?:\s+(?P<post>{NEXTW}|{LASTW})(?![a-z]))?")
def _a_monthrel(m, cx):
    if not (m.group("pre") == "ce" or m.group("post")):
        return None
    n = {"next": 1, "last": -1}.get(_mode_of(m.group("post")), 0)
    return Expr(m.start(), m.end(), date=DSpec("month", extra={"rel": n}), kind="date", future=n > 0)


@atom(
    "yearrel",
    rf"(?:cette\s+annee(?:-ci)?|l'annee\s+(?P<p1>{NEXTW}|{LASTW}|en cours)|l'an\s+(?P<p2>{NEXTW}|{LASTW}))(?![a-z])",
)
def _a_yearrel(m, cx):
    p = m.group("p1") or m.group("p2")
    n = {"next": 1, "last": -1}.get(_mode_of(p), 0) if p and p != "en cours" else 0
    return Expr(m.start(), m.end(), date=DSpec("year", n=n), kind="date", future=n > 0)


@atom(
    "weekend",
    rf"(?:(?P<pre>ce|le)\s+)?(?<![a-z])(?:week-?end|week end|fin de semaine)(?:\s+(?P<post>{NEXTW}|{LASTW})(?![a-z]))?",
)
def _a_weekend(m, cx):
    if not (m.group("pre") or m.group("post")):
        return None
    mode = _mode_of(m.group("post")) or ("this" if m.group("pre") == "ce" else "")
    return Expr(m.start(), m.end(), date=DSpec("weekend", mode=mode), kind="date", future=mode == "next")


@atom(
    "season",
    rf"(?:(?P<pre>ce|cet|cette|l'|le|au|en|d')\s*)?(?<![a-z])(?P<s>{SEASON})(?![a-z])(?:\s+(?:(?P<post>{NEXTW}|{LASTW})(?![a-z])|(?:de\s+)?(?P<y>{YEAR4})))?",
)
def _a_season(m, cx):
    s = m.group("s")
    pre, post, y = m.group("pre"), m.group("post"), m.group("y")
    if not (pre or post or y):
        return None
    if s == "ete" and not (post or y or pre in ("cet", "l'", "en", "d'", "ce", "cette")):
        return None
    if pre == "d'" and not (post or y):
        return None
    months = tuple(LEX.raw["seasons"][s])
    mode = _mode_of(post) or ("this" if pre in ("ce", "cet", "cette") else "")
    ds = DSpec("season", y=int(y) if y else None, mode=mode, extra={"months": months})
    return Expr(m.start(), m.end(), date=ds, kind="date", future=mode == "next")


@atom(
    "quarter",
    rf"(?P<o>{ORDW}|\d(?:er|e|eme|ieme))\s+(?P<q>trimestre|semestre|quart)\s*(?:de\s+l'annee\s+|de\s+|d'|du\s+)?(?:(?P<y>{YEAR4})|(?P<yref>cette annee|l'annee\s+(?:prochaine|derniere|en cours)|l'an\s+(?:dernier|prochain)))?",
)
def _a_quarter(m, cx):
    n = _num(m.group("o"))
    q = m.group("q")
    if q == "quart" and not (m.group("y") or m.group("yref")):
        return None
    size = LEX.raw["quarters"][q]
    if not n or n * size > 12:
        return None
    y = int(m.group("y")) if m.group("y") else None
    k = 0
    if m.group("yref"):
        k = 1 if "prochain" in m.group("yref") else (-1 if "dernier" in m.group("yref") else 0)
    return Expr(m.start(), m.end(), date=DSpec("quarter", y=y, n=k, extra={"nth": n, "size": size}), kind="date")


@atom(
    "nthwd",
    rf"(?P<o>{ORDW}|dernier|\d(?:er|e|eme))\s+(?P<wd>{WEEKDAY})\s+(?:de|du|d')\s*(?:mois\s+(?:de\s+|d'))?"
    rf"(?:(?P<mon>{MONTH_ANY})(?:\s+(?P<y>{YEAR4}))?|(?P<mref>ce mois|cette mois|mois prochain|mois dernier))",
)
def _a_nthwd(m, cx):
    o = m.group("o")
    n = -1 if o == "dernier" else _num(o)
    if not n or n > 5:
        return None
    wd = LEX.weekdays[m.group("wd")]
    ds = DSpec("nthwd", n=n, wd=wd)
    if m.group("mon"):
        ds.m = _month(m.group("mon"))
        ds.y = int(m.group("y")) if m.group("y") else None
    else:
        ds.extra["month_offset"] = 1 if "prochain" in m.group("mref") else (-1 if "dernier" in m.group("mref") else 0)
    return Expr(m.start(), m.end(), date=ds, kind="date")


@atom(
    "holiday",
    rf"(?<![a-z])(?P<h>{HOLI})(?![a-z])(?:\s+(?:de\s+)?(?P<y>{YEAR4}))?",
)
def _a_holiday(m, cx):
    h = m.group("h")
    need_cap = {_f(w) for w in LEX.raw["holidays_need_capital"]}
    if h in need_cap and not cx.text[m.start()].isupper():
        return None
    ds = DSpec("holiday", y=int(m.group("y")) if m.group("y") else None, extra={"h": LEX.holidays[h]})
    return Expr(m.start(), m.end(), date=ds, kind="date")


# offsets ------------------------------------------------------------------------
_APPROX = _alt([_f(w) for w in LEX.raw["approx_words"]])
_UNITS = {_f(k): v for k, v in LEX.raw["duration_units"].items()}


@atom("ago", rf"(?<![a-z])il\s+y\s*a\s+(?:{_APPROX}\s+)?(?P<n>{NUM}|un|une)\s*(?P<u>{UNIT})")
def _a_ago(m, cx):
    n = _num(m.group("n"))
    if n is None:
        return None
    u = _UNITS[m.group("u")]
    return Expr(m.start(), m.end(), date=DSpec("offset", n=-n, unit=u), kind="date")


@atom("in", rf"(?<![a-z])dans\s+(?:{_APPROX}\s+)?(?P<n>{NUM}|un|une)\s*(?P<u>{UNIT})")
def _a_in(m, cx):
    n = _num(m.group("n"))
    if n is None:
        return None
    u = _UNITS[m.group("u")]
    return Expr(m.start(), m.end(), date=DSpec("offset", n=n, unit=u), kind="date", future=True)


@atom(
    "lastn",
    rf"(?:(?P<n>{NUM})\s+(?P<dir>(?:dernier|derniere|prochain|prochaine)s?)\s+(?P<u>{UNIT})"
    rf"|(?P<dir2>(?:dernier|derniere|prochain|prochaine)s?)\s+(?P<n2>{NUM})\s*(?P<u2>{UNIT})"
    rf"|dans\s+les\s+(?P<n3>{NUM})\s*(?P<u3>{UNIT}))",
)
def _a_lastn(m, cx):
    n = _num(m.group("n") or m.group("n2") or m.group("n3"))
    u = _UNITS[m.group("u") or m.group("u2") or m.group("u3")]
    if not n:
        return None
    if m.group("dir") and not m.group("dir").endswith("s") and n > 1:
        return None
    if m.group("n3"):
        mode = "within"
    else:
        mode = "last" if (m.group("dir") or m.group("dir2")).startswith("dernier") else "next"
    return Expr(m.start(), m.end(), date=DSpec("lastn", n=n, unit=u, mode=mode), kind="date", future=mode != "last")


# début / mi / fin ---------------------------------------------------------------------


@atom(
    "mod",
    rf"(?<![a-z])(?:(?:au|a la|en)\s+)?(?P<mod>debut|mi|fin|courant|milieu)(?=\s*-?\s*(?:de\s+|d'|du\s+mois\s+(?:de\s+|d'))?(?:{MONTH_ANY}|{YEAR4}|l'annee|l'an\b|cette annee))",
)
def _a_mod(m, cx):
    mod = m.group("mod")
    return Expr(m.start("mod"), m.end(), kind="mod", mod="mi" if mod == "milieu" else mod, weak=True)


@atom(
    "modrel",
    rf"(?<![a-z])(?P<mod>debut|mi|fin|milieu)\s*-?\s*(?:de\s+l'annee|d'annee|de\s+l'an|du\s+mois(?!\s+(?:de\s+|d')\s*(?:{MONTH_ANY}))|de\s+mois)(?:\s+(?P<post>{NEXTW}|{LASTW}|en cours)(?![a-z]))?",
)
def _a_modrel(m, cx):
    mod = "mi" if m.group("mod") == "milieu" else m.group("mod")
    n = {"next": 1, "last": -1}.get(_mode_of(m.group("post")), 0) if m.group("post") != "en cours" else 0
    if "mois" in m.group(0):
        ds = DSpec("month", extra={"rel": n}, sub=tuple(LEX.raw["period_modifiers"][mod]))
    else:
        ds = DSpec("year", n=n, sub=tuple(LEX.raw["year_modifier_months"][mod]))
    return Expr(m.start(), m.end(), date=ds, kind="date", future=n > 0)


# times of day ---------------------------------------------------------------------

_AMPM_RX = re.compile(AMPM)
_FRAC = {_f(k): v for k, v in LEX.raw["time_fractions"].items()}
FRACW = _alt(_FRAC)


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


@atom(
    "time_hm",
    rf"(?<![\d.,:/])(?P<h>[01]?\d|2[0-3])\s?(?P<sep>:|h|\s?h\s?)\s?(?P<mi>[0-5]\d)(?:\s?[:m]\s?(?P<s>[0-5]\d))?(?![\d]|\s?[/.,]\d)(?:\s*(?P<ap>{AMPM}))?",
)
def _a_time_hm(m, cx):
    h, mi = int(m.group("h")), int(m.group("mi"))
    s = m.group("s")
    ap = _ampm_of(m.group("ap"))
    if ap and h > 12:
        return None
    t = TSpec(_apply_ampm(h, ap), mi, int(s) if s else 0, "second" if s else "minute", ap, explicit24=h > 12 or h == 0 or (m.group("sep") == ":" and len(m.group("h")) == 2 and h < 10 and m.group("h")[0] == "0"))
    e = Expr(m.start(), m.end(), time=t, kind="time")
    if _duration_context(cx, m.start(), m.end()):
        return None
    return e


@atom("time_ap", rf"(?<![\d.,:/])(?P<h>1[0-2]|0?\d)(?::(?P<mi>[0-5]\d))?(?::(?P<s>[0-5]\d))?\s*(?P<ap>{AMPM})(?:\s*(?P<frac>{FRACW})(?![a-z]))?")
def _a_time_ap(m, cx):
    h = int(m.group("h"))
    ap = _ampm_of(m.group("ap"))
    mi, s = m.group("mi"), m.group("s")
    prec = "second" if s else ("minute" if mi else "hour")
    mi = int(mi or 0)
    if m.group("frac") and not m.group("mi"):
        mi = _FRAC[m.group("frac")]
        prec = "minute"
        if mi < 0:
            h, mi = h - 1, 60 + mi
    return Expr(m.start(), m.end(), time=TSpec(_apply_ampm(h, ap), mi, int(s or 0), prec, ap), kind="time")


@atom("time_ap4", rf"(?<![\d.,:/])(?P<hm>\d{{3,4}})\s*(?P<ap>{AMPM})")
def _a_time_ap4(m, cx):
    hm = m.group("hm")
    h, mi = int(hm[:-2]), int(hm[-2:])
    if not (1 <= h <= 12 and mi < 60):
        return None
    ap = _ampm_of(m.group("ap"))
    return Expr(m.start(), m.end(), time=TSpec(_apply_ampm(h, ap), mi, 0, "minute", ap), kind="time")



@atom(
    "time_h",
    rf"(?<![\d.,:/])(?P<h>[01]?\d|2[0-4]|{HOURW}(?![a-z\-]))\s*(?P<hw>heures?|h)(?![a-z])"
    rf"(?:\s*(?P<frac>{FRACW})(?![a-z])|\s*moins\s+(?P<minus>[0-5]?\d|{MINW}(?![a-z\-]))(?:\s*minutes?)?|\s*(?:et\s+)?(?P<mi>[0-5]?\d|{MINW}(?![a-z\-]))(?![\d])(?:\s*(?:minutes?|min|mn)(?![a-z]))?)?"
    rf"(?:\s*(?P<ap>{AMPM}))?",
)
def _a_time_h(m, cx):
    h = _num(m.group("h"))
    if h is None or h > 24:
        return None
    mi, prec = 0, "hour"
    if m.group("frac"):
        mi = _FRAC[m.group("frac")]
        prec = "minute"
    elif m.group("minus"):
        mi = -_num(m.group("minus"))
        prec = "minute"
    elif m.group("mi"):
        v = _num(m.group("mi"))
        if v is None or v > 59:
            return None
        mi, prec = v, "minute"
    if mi < 0:
        h, mi = (h - 1) % 24, 60 + mi
    ap = _ampm_of(m.group("ap"))
    h = _apply_ampm(h % 24, ap)
    word_form = m.group("hw").startswith("heure") or not m.group("h")[0].isdigit()
    if _duration_context(cx, m.start(), m.end()):
        return None
    e = Expr(m.start(), m.end(), time=TSpec(h, mi, 0, prec, ap, explicit24=h >= 13), kind="time")
    if word_form and prec == "hour" and not _time_cue(cx, m.start()):
        e.weak = True
    return e


@atom(
    "time_words",
    rf"(?<![\w])(?P<h>{HOURW}(?![a-z\-])|[01]?\d(?![\d])|2[0-3](?![\d]))\s+(?:(?P<frac>{FRACW})|(?P<mi>{MINW10})(?:\s+(?P<mi2>un|deux|trois|quatre|cinq|six|sept|huit|neuf)(?![a-z]))?)(?![a-z\-])(?P<hw>\s*heures?)?"
    rf"(?=\s*(?:$|[^\w\s]|{AMPM}|{PARTW}|(?:du|de|dans|ce|cette|a|vers|le|la)\s|heure))(?:\s*(?P<ap>{AMPM}))?",
)
def _a_time_words(m, cx):
    h = _num(m.group("h"))
    if h is None or h > 23:
        return None
    if m.group("frac"):
        mi = _FRAC[m.group("frac")]
        if mi < 0:
            h, mi = (h - 1) % 24, 60 + mi
    else:
        if m.group("h")[0].isdigit():
            return None
        mi = _num(m.group("mi"))
        if m.group("mi2"):
            mi += _num(m.group("mi2"))
        if mi is None or mi > 59:
            return None
    ap = _ampm_of(m.group("ap"))
    return Expr(m.start(), m.end(), time=TSpec(_apply_ampm(h, ap), mi, 0, "minute", ap), kind="time")


@atom("named_time", r"(?<![a-z\-])(?<!apres )(?<!apres-)(?P<t>midi|minuit)(?![a-z\-])")
def _a_named_time(m, cx):
    h, mi = LEX.raw["named_times"][m.group("t")]
    e = Expr(m.start(), m.end(), time=TSpec(h, mi, 0, "hour", explicit24=True), kind="time")
    if not (_time_cue(cx, m.start()) or m.start() == 0):
        e.weak = True
    return e


@atom("mid_part", rf"(?<![a-z])milieu\s+(?:du|de|d')\s*(?:la\s+|l')?(?P<p>{PARTW}|jour|journee|midi)")
def _a_mid_part(m, cx):
    p = m.group("p").rstrip("s")
    code = LEX.parts.get(p, "JOUR")
    h = LEX.raw["part_of_day_mid_hour"][code]
    return Expr(m.start(), m.end(), time=TSpec(h, 0, 0, "hour", explicit24=True), kind="time")


@atom(
    "hour_part",
    rf"(?<![\d.,:/\w])(?P<h>[01]?\d(?![\d])|2[0-3](?![\d])|{HOURW}(?![a-z\-]))\s*,?\s*(?P<pp>(?:du|de la|de l'|de|dans la|dans le|dans l'|ce|cette|cet)\s*)?(?P<p>{PARTW})",
)
def _a_hour_part(m, cx):
    h = _num(m.group("h"))
    if h is None or h > 23:
        return None
    if not m.group("pp") and m.group("p").endswith("s"):
        return None
    code = LEX.parts[m.group("p").rstrip("s") if m.group("p").rstrip("s") in LEX.parts else m.group("p")]
    if code in LEX.raw["part_of_day_pm"] and h < 12 and not (code == "NI" and h <= 5):
        h += 12
    e = Expr(m.start(), m.end(), time=TSpec(h, 0, 0, "hour", explicit24=True), kind="time")
    if (m.group("pp") or "").strip() in ("ce", "cette", "cet"):
        e.date = DSpec("rel", n=0)
    return e


# parts of day ------------------------------------------------------------------------
_EARLY = {_f(w) for w in LEX.raw["part_of_day_early"]}
_TEMPORAL_WORD = re.compile(WEEKDAY + "|" + NEXTW + "|" + LASTW + "|" + RELW)
_LATE = {_f(w) for w in LEX.raw["part_of_day_late"]}


@atom(
    "part",
    rf"(?:(?P<demo>ce|cette|cet)\s+(?:l'\s*|la\s+|le\s+)?|(?P<rel>prochaine|prochain|derniere|dernier)\s+)?"
    rf"(?:(?P<pre>dans|de|du|en|durant|pendant|au cours de|au|d')\s*)?(?:(?P<art>la|le|l')\s*)?"
    rf"(?:(?P<mod>tot|tard|debut|fin|petit)\s*(?:de\s+|d'|du\s+|dans\s+)?(?:(?:la|le|l')\s*)?)?"
    rf"(?<![a-z\-])(?P<p>{PARTW})(?:\s+(?P<mod2>tot|tard)(?![a-z])|\s+(?P<rel2>derniere|dernier|prochaine|prochain)(?![a-z]))?",
)
def _a_part(m, cx):
    pw = m.group("p")
    code = LEX.parts.get(pw, LEX.parts.get(pw.rstrip("s")))
    if code is None:
        return None
    mod = m.group("mod") or m.group("mod2")
    half = "early" if mod in _EARLY else ("late" if mod in _LATE else "")
    ps = PSpec(code, half)
    if m.group("demo"):
        ps.rel = 0
    elif m.group("rel") or m.group("rel2"):
        ps.rel = 1 if (m.group("rel") or m.group("rel2")).startswith("prochain") else -1
    pre = m.group("pre")
    if pre in ("de", "d'") and not (m.group("art") or mod or m.group("demo")):
        prev = re.search(r"([a-z'\-]+)\s*$", cx.folded[max(0, m.start() - 20): m.start()])
        temporal_prev = prev and _TEMPORAL_WORD.fullmatch(prev.group(1))
        if prev and not temporal_prev:
            # "boîte de nuit", "vol de nuit": adjectival, not a time
            return None
    starts = [m.start(g) for g in ("demo", "rel", "mod", "p") if m.group(g)]
    e = Expr(min(starts), m.end(), part=ps, kind="part")
    if not (m.group("demo") or m.group("rel") or m.group("rel2") or mod or pre or m.group("art")):
        e.weak = True
    return e


@atom("eod", r"(?<![a-z])(?:la\s+)?fin\s+(?:de\s+(?:la\s+)?|du\s+)?(?=(?:demain|aujourd'hui|journee|jour|ce jour|cette\s+\w+|" + _alt(LEX.weekdays)[3:-1] + r")(?![a-z]))")
def _a_eod(m, cx):
    e = Expr(m.start(), m.end(), time=TSpec(23, 59, 59, "second", explicit24=True), kind="eod", weak=True)
    if cx.folded.startswith("journee", m.end()) or cx.folded.startswith("jour", m.end()):
        e.date = DSpec("rel", n=0)
        e.end = m.end() + (7 if cx.folded.startswith("journee", m.end()) else 4)
        e.weak = False
    return e


# bare numbers that only count with a neighbour ------------------------------------------


@atom(
    "dayonly",
    rf"(?<![a-z])(?:le|du|au)\s+(?P<d>(?<![\d,.])(?:0?[1-9]|[12]\d|3[01])(?:er)?(?![\d:h]|[,.]\d)|{DAYW}(?![a-z\-]))"
    rf"(?=\s*(?:$|[.;:!?)]|,\s|{WEEKDAY}|(?:de|entre|a|à|vers)\s+(?:\d|midi|{HOURW}\s+h)|pour\b(?!\s+cent)))",
)
def _a_dayonly(m, cx):
    d = _num(m.group("d"))
    if not d or d > 31:
        return None
    return Expr(m.start("d"), m.end(), date=DSpec("dmy", d=d), kind="date", bare_day=True)


@atom(
    "hrange",
    rf"(?<![\w.,:/])(?P<h1>[01]?\d(?![\d])|2[0-4](?![\d])|{HOURW}(?![a-z\-]))(?P<hw1>\s*(?:heures?|h)(?![a-z]))?(?P<ap1>\s*{AMPM})?"
    rf"\s*(?:a|à|au|jusqu'a|jusqu'au|et|-)\s*"
    rf"(?P<h2>[01]?\d(?![\d])|2[0-4](?![\d])|{HOURW}(?![a-z\-]))(?P<hw2>\s*(?:heures|h)(?![a-z]))?(?P<ap2>\s*{AMPM})?",
)
def _a_hrange(m, cx):
    h1, h2 = _num(m.group("h1")), _num(m.group("h2"))
    if h1 is None or h2 is None or h1 > 24 or h2 > 24:
        return None
    a1, a2 = _ampm_of(m.group("ap1")), _ampm_of(m.group("ap2"))
    if a2 and not a1 and h1 <= 12:
        a1 = a2 if h1 < h2 or a2 == "am" else "am"
    t1 = TSpec(_apply_ampm(h1, a1), 0, 0, "hour", a1)
    t2 = TSpec(_apply_ampm(h2, a2), 0, 0, "hour", a2)
    strong = bool(m.group("hw2") or a2 or a1 or m.group("hw1"))
    if re.search(r"\bet\b", m.group(0)) and not re.search(r"entre\s+$", cx.folded[max(0, m.start() - 8): m.start()]):
        return None
    if _duration_context(cx, m.start(), m.end()):
        return None
    e = Expr(m.start(), m.end(), time=t1, kind="trange", weak=not strong)
    e.to = Expr(m.start(), m.end(), time=t2, kind="time")
    return e


@atom("bare_hour", rf"(?<![\w'])(?P<cue>a|vers|(?:a\s+)?peu\s+pres)\s+(?P<h>[01]?\d(?![\d])|2[0-3](?![\d])|{HOURW}(?![a-z\-]))(?![\d:,.]|\s*(?:h|heures?)(?![a-z]))")
def _a_bare_hour(m, cx):
    """"à 7", "vers sept": a time only next to a day or a part of day ("demain matin à 7")."""
    h = _num(m.group("h"))
    if h is None or h > 23:
        return None
    if re.match(r"\s*(?:[a-z]{3,}|%|€|\$)", cx.folded[m.end(): m.end() + 6]) and not re.match(r"\s*(?:ce|cette|du|de|dans|le|la)\b", cx.folded[m.end(): m.end() + 6]):
        return None
    strong = m.group("cue") != "a" and re.match(r"\s*(?:$|[.;!?])", cx.folded[m.end(): m.end() + 2]) is not None
    return Expr(m.start("h") if not strong else m.start(), m.end(), time=TSpec(h, 0, 0, "hour"), kind="time", weak=not strong)


@atom("part_hour", rf"(?<![a-z\-])(?P<p>{PARTW})\s+(?P<h>[01]?\d(?![\d])|2[0-3](?![\d])|{HOURW}(?![a-z\-]))(?=\s*(?:$|[.;!?,]))")
def _a_part_hour(m, cx):
    """"l'après-midi sept": part of day then a bare hour."""
    h = _num(m.group("h"))
    code = LEX.parts.get(m.group("p"), LEX.parts.get(m.group("p").rstrip("s")))
    if h is None or h > 23 or code is None:
        return None
    t = _adjust_time_by_part(TSpec(h, 0, 0, "hour"), PSpec(code))
    return Expr(m.start(), m.end(), time=t, kind="time")


# context cues ---------------------------------------------------------------------

_TIME_CUES = sorted({w.lower() for w in LEX.raw["time_cues_before"]}, key=len, reverse=True)
_DUR_BEFORE = sorted({w.lower() for w in LEX.raw["duration_cues_before"]}, key=len, reverse=True)
_DUR_AFTER = sorted({_f(w) for w in LEX.raw["duration_cues_after"]}, key=len, reverse=True)
_TIME_CUE_RX = re.compile(r"(?:^|[\s'(])(?:" + "|".join(re.escape(w) for w in _TIME_CUES) + r")\s*$")
_DUR_BEFORE_RX = re.compile(r"(?:^|[\s'(])(?:" + "|".join(re.escape(w) for w in _DUR_BEFORE) + r")\s*$")
_DUR_AFTER_RX = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in _DUR_AFTER) + r")(?![a-z])")


def _time_cue(cx: Ctx, start: int) -> bool:
    before = cx.low[max(0, start - 25): start]
    return bool(_TIME_CUE_RX.search(before)) or bool(re.search(r"(?:^|[.;:!?\n])\s*$", before))


def _duration_context(cx: Ctx, start: int, end: int) -> bool:
    before = cx.low[max(0, start - 25): start]
    if _DUR_BEFORE_RX.search(before) and not re.search(r"(?:à|a|vers)\s+(?:environ\s+)?$", before):
        return True
    return bool(_DUR_AFTER_RX.search(cx.folded[end: end + 30]))


# --------------------------------------------------------------------------- atom prefilter
#
# Every atom regex starts with a look-behind, which keeps Python's `re` from using its fast
# first-character skip: each of the ~45 patterns was tried at every position of the text
# (95% of find_dates' time).  Instead, from each pattern's parse tree we derive the character
# classes its matches can start with (a superset: look-arounds are ignored, constructs we do
# not model cut the prefix short).  One regex over the text then finds the word starts where
# some atom may begin (_CANDIDATE_RX, checked in C), a cached table keyed by the next few
# characters says which atoms may begin there, and only those are tried with
# `rx.match(text, p)`.  Trying positions in order and resuming after each match gives exactly
# the matches of `rx.finditer(text)`, so the output does not change.

try:  # Python 3.11+
    from re import _constants as _sre_c, _parser as _sre_p
except ImportError:  # pragma: no cover
    import sre_constants as _sre_c
    import sre_parse as _sre_p

_PREFIX_LEN = 5  # characters checked (in C) before a position becomes a candidate
_DISPATCH_LEN = 3  # characters keying the (cached) choice of atoms to try at a candidate
_CATEGORY_CLASS = {
    _sre_c.CATEGORY_DIGIT: r"\d", _sre_c.CATEGORY_NOT_DIGIT: r"\D",
    _sre_c.CATEGORY_SPACE: r"\s", _sre_c.CATEGORY_NOT_SPACE: r"\S",
    _sre_c.CATEGORY_WORD: r"\w", _sre_c.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = {_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT}
_REPEATS = {_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", _sre_c.MAX_REPEAT)}

Heads = set[tuple[tuple[str, ...], bool]]  # (prefix as character classes, sub-pattern ended there)


def _char_class(op, av) -> str | None:
    """One-character item as a regex class, None if not a one-character item."""
    if op is _sre_c.LITERAL:
        return re.escape(chr(av))
    if op is _sre_c.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is _sre_c.ANY:
        return r"[\s\S]"
    if op is _sre_c.IN:
        parts = []
        for iop, iav in av:
            if iop is _sre_c.NEGATE:
                parts.insert(0, "^")
            elif iop is _sre_c.LITERAL:
                parts.append(re.escape(chr(iav)))
            elif iop is _sre_c.RANGE:
                parts.append(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
            elif iop is _sre_c.CATEGORY and iav in _CATEGORY_CLASS:
                parts.append(_CATEGORY_CLASS[iav])
            else:
                return r"[\s\S]"
        return "[" + "".join(parts) + "]"
    return None


def _seq_heads(items, m: int) -> Heads:
    out: Heads = set()
    cur = {()}
    for item in items:
        nxt = set()
        for p in cur:
            for t, ended in _item_heads(item, m - len(p)):
                q = p + t
                if ended and len(q) < m:
                    nxt.add(q)
                else:
                    out.add((q, False))
        cur = nxt
    out |= {(p, True) for p in cur}
    return out


def _item_heads(item, m: int) -> Heads:
    op, av = item
    if m <= 0:
        return {((), False)}
    cls = _char_class(op, av)
    if cls is not None:
        return {((cls,), True)}
    if op in _ZERO_WIDTH:
        return {((), True)}
    if op is _sre_c.SUBPATTERN and not av[1] and not av[2]:
        return _seq_heads(av[3], m)
    if op is _sre_c.BRANCH:
        return set().union(*(_seq_heads(alt, m) for alt in av[1]))
    if op in _REPEATS:
        lo, hi, sub = av
        out: Heads = {((), True)} if lo == 0 else set()
        cur = {()}
        i = 0
        while cur and i < hi and i <= lo + m:
            i += 1
            nxt = set()
            for p in cur:
                for t, ended in _seq_heads(sub, m - len(p)):
                    q = p + t
                    if not ended or len(q) >= m:
                        out.add((q, False))
                    elif t or i <= lo:
                        nxt.add(q)
                        if i >= lo:
                            out.add((q, True))
            cur = nxt
        out |= {(p, False) for p in cur if i < lo}
        return out
    return {((), False)}  # group reference, conditional, flags ...: the prefix stops here


def _trie_alt(seqs: Iterable[tuple[str, ...]]) -> str:
    """Alternation of class sequences, shared heads factored; '' when a sequence may stop here."""
    trie: dict = {}
    for s in seqs:
        node = trie
        for c in s:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node:
            return ""  # a shorter prefix already suffices
        return "(?:" + "|".join(c + build(sub) for c, sub in sorted(node.items())) + ")"

    return build(trie)


def _match_heads(rx: re.Pattern, length: int) -> set[tuple[str, ...]] | None:
    """Character classes of the first `length` characters of any match of `rx`;
    None when they would not narrow the search."""
    parsed = _sre_p.parse(rx.pattern)
    if parsed.getwidth()[0] == 0:
        return None  # finditer's rule for empty matches is not worth emulating
    heads = {t for t, _ in _seq_heads(parsed.data, length)}
    if not heads or any(not t or t[0].startswith("[^") or t[0] == r"[\s\S]" for t in heads):
        return None
    return heads


def _candidate_regex(heads: set[tuple[str, ...]]) -> re.Pattern:
    """Word starts (as in `atom`) where one of `heads` begins.  The pattern consumes one
    character, from a class `re` can skip to in C, and checks the rest by look-arounds."""
    firsts = sorted({t[0] for t in heads})
    word_start = r"(?:(?<![a-z0-9][\s\S])|(?<=\dt[\s\S]))"
    rests = "|".join(f"(?<={c})(?={_trie_alt(t[1:] for t in heads if t[0] == c)})" for c in firsts)
    return re.compile(f"(?:{'|'.join(firsts)}){word_start}(?:{rests})")


# all atoms are declared above
_ATOM_RX = [rx for _, rx, _ in ATOMS]
_HEADS = [_match_heads(rx, _DISPATCH_LEN) for rx in _ATOM_RX]
_LONG_HEADS = [_match_heads(rx, _PREFIX_LEN) for rx in _ATOM_RX]
_UNSELECTIVE = tuple(i for i, (h, lh) in enumerate(zip(_HEADS, _LONG_HEADS)) if h is None or lh is None)
_SELECTIVE = [i for i in range(len(ATOMS)) if i not in _UNSELECTIVE]
_CANDIDATE_RX = _candidate_regex(set().union(*(_LONG_HEADS[i] for i in _SELECTIVE)))
# which atoms may start with a given _DISPATCH_LEN-character string: one optional lookahead each
_DISPATCH_RX = re.compile("".join(f"(?=(?P<a{i}>{_trie_alt(_HEADS[i])}))?" for i in _SELECTIVE))
_dispatch_cache: dict[str, tuple[int, ...]] = {}


def _atoms_at(key: str) -> tuple[int, ...]:
    """Indexes of the atoms whose matches may start with `key` (cached: keys repeat a lot)."""
    hit = _dispatch_cache.get(key)
    if hit is None:
        if len(_dispatch_cache) > 100_000:
            _dispatch_cache.clear()
        m = _DISPATCH_RX.match(key)
        hit = _dispatch_cache[key] = tuple(int(g[1:]) for g, v in m.groupdict().items() if v is not None)
    return hit


def _scan(text: str) -> list[list[re.Match]]:
    """Per atom, the same matches as `rx.finditer(text)`, trying `rx` only where a match may start."""
    found: list[list[re.Match]] = [[] for _ in ATOMS]
    resume = [0] * len(ATOMS)
    n, cache, patterns = _DISPATCH_LEN, _dispatch_cache, _ATOM_RX
    for c in _CANDIDATE_RX.finditer(text):
        p = c.start()
        key = text[p:p + n]
        atoms = cache.get(key)
        if atoms is None:
            atoms = _atoms_at(key)
        for i in atoms:
            if p >= resume[i]:
                m = patterns[i].match(text, p)
                if m is not None:
                    found[i].append(m)
                    resume[i] = m.end()
    for i in _UNSELECTIVE:
        found[i] = list(ATOMS[i][1].finditer(text))
    return found


# --------------------------------------------------------------------------- atom selection


_LEAD = re.compile(r"^(?:(?:l'|d')\s*|(?:le|la|les|du|de|des|au|aux|en|depuis|entre|a|sur|pour|vers|from)\s+)+")


def _strip_start(cx: Ctx, e: Expr) -> None:
    """Atoms start after a leading article or preposition (DESIGN.md span rule)."""
    if e.kind in ("trange",):
        return
    m = _LEAD.match(cx.folded, e.start, e.end)
    if m and m.end() < e.end:
        e.start = m.end()


def _atoms(cx: Ctx) -> list[Expr]:
    """All atoms, then leftmost-longest selection of non-overlapping ones."""
    found: list[tuple[int, int, int, Expr]] = []
    matches = _scan(cx.folded)
    for order, (name, rx, fn) in enumerate(ATOMS):
        for m in matches[order]:
            if m.end() == m.start():
                continue
            r = fn(m, cx)
            if r is None:
                continue
            for e in r if isinstance(r, list) else [r]:
                _strip_start(cx, e)
                if e.end > e.start:
                    found.append((e.start, -(e.end - e.start), order, e))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    chosen: list[Expr] = []
    last_end = -1
    for s, neglen, order, e in found:
        if s < last_end:
            continue
        chosen.append(e)
        last_end = e.end
    return [e for e in chosen if e.kind != "invalid"]


# --------------------------------------------------------------------------- composition

_R_RANGE = re.compile(r"^\s*(?:au|a|à|jusqu'(?:a|au|à)|jusqu au|et|-|–)\s*(?:le\s+|l')?$")
_R_DT = re.compile(r"^(?:t|\s*,?\s*(?:a|à|vers|le|de|pour|sur|des|en|avant|apres|apres\s+|au|dans la|dans le|dans l')?\s*,?\s*)$")
_R_TD = re.compile(r"^\s*,?\s*(?:le|sur|de|du|sur la|la|pour)?\s*,?\s*$")
_R_DP = re.compile(r"^\s*,?\s*(?:en|dans la|dans le|dans l'|au|a|à|d'|de|du|le|la|l'|de la|en fin de|en debut de)?\s*$")
_R_PD = re.compile(r"^\s*,?\s*(?:de|du|d'|le|la)?\s*$")
_R_TP = re.compile(r"^\s*,?\s*(?:ce|cette|du|de|dans|de la|dans la|dans le)?\s*$")
_R_PT = re.compile(r"^\s*,?\s*(?:a|à|vers|sur|,)?\s*$")


def _has_date(e: Expr) -> bool:
    return e.date is not None and e.kind not in ("mod",)


def _gap(cx: Ctx, a: Expr, b: Expr) -> str:
    return cx.folded[a.end: b.start]


def _part_hours(p: PSpec) -> tuple[int, int, int, int, int, int]:
    h1, h2 = LEX.raw["part_of_day_hours"][p.code]
    if p.half == "early":
        h2 = (h1 + h2) // 2
    elif p.half == "late":
        h1 = (h1 + h2) // 2
    if h2 == 24:
        return h1, 0, 0, 23, 59, 59
    return h1, 0, 0, h2, 0, 0


def _adjust_time_by_part(t: TSpec, p: PSpec) -> TSpec:
    if t.ampm or t.explicit24:
        return t
    h = t.h
    if p.code in LEX.raw["part_of_day_pm"] and h < 12 and not (p.code == "NI" and h <= 4):
        h += 12
    return replace(t, h=h, explicit24=True)


def _merge_pair(cx: Ctx, a: Expr, b: Expr) -> Expr | None:
    g = _gap(cx, a, b)
    if len(g) > 22 or "\n" in g:
        return None
    # la veille / le lendemain de X
    if a.kind == "relday" and a.label and re.fullmatch(r"\s*(?:de|du|d')\s*(?:la\s+|l')?", g) and _has_date(b) and b.to is None and b.time is None:
        ds = DSpec("shift", n=a.date.n, extra={"base": b.date})
        return Expr(a.start, b.end, date=ds, kind="date")
    # début / mi / fin + month/year
    if a.kind == "mod" and _has_date(b) and b.date.kind in ("month", "year") and b.to is None:
        ds = replace(b.date)
        if ds.kind == "month":
            ds.sub = tuple(LEX.raw["period_modifiers"][a.mod])
        else:
            ds.sub = tuple(LEX.raw["year_modifier_months"][a.mod])
        return Expr(a.start, b.end, date=ds, kind="date")
    # ranges
    if _R_RANGE.match(g) and a.to is None and b.to is None:
        if _has_date(a) and _has_date(b) and a.time is None and b.time is None and a.part is None and b.part is None:
            if "et" in g.split() and not a.bare_day:
                before = cx.folded[max(0, a.start - 10): a.start]
                if not re.search(r"entre\s+(?:le\s+|la\s+|l')?$", before):
                    return None
            e = Expr(a.start, b.end, date=a.date, kind="date")
            e.to = b
            return e
        if a.time is not None and b.time is not None and a.part is None:
            if "et" in g.split() and not re.search(r"entre\s+$", cx.folded[max(0, a.start - 8): a.start]):
                return None
            t1 = a.time
            if b.time.ampm and not t1.ampm and not t1.explicit24 and t1.h < 12:
                t1 = replace(t1, h=_apply_ampm(t1.h, b.time.ampm))
            e = Expr(a.start, b.end, time=t1, date=a.date, kind="trange")
            e.to = replace(b)
            return e
    # "dans la nuit de samedi à dimanche": a night across two days
    if _R_RANGE.match(g) and a.part is not None and _has_date(a) and a.time is None and a.to is None and _has_date(b) and b.time is None and b.part is None and b.to is None:
        e = Expr(a.start, b.end, date=a.date, part=a.part, kind="date")
        e.to = b
        return e
    # time range + date  /  date + time range
    if a.kind == "trange" and a.to is not None and _has_date(b) and a.date is None and re.fullmatch(r"\s*(?:,|de|du|le|la)?\s*", g):
        e = replace(a, end=b.end, date=b.date, weak=False)
        return e
    if _has_date(a) and a.time is None and a.to is None and b.kind == "trange" and b.to is not None and b.date is None and re.fullmatch(r"\s*,?\s*(?:de|entre|,|le)?\s*", g):
        return replace(b, start=a.start, date=a.date, weak=False)
    # time range + part of day ("entre 17 et 18 heures de l'après-midi", "5 au 6 ce soir")
    if a.kind == "trange" and a.to is not None and a.to.time is not None and b.part is not None and b.date is None and _R_TP.match(g):
        e = replace(a, end=b.end, time=_adjust_time_by_part(a.time, b.part), weak=False)
        e.to = replace(a.to, time=_adjust_time_by_part(a.to.time, b.part))
        if b.part.rel is not None and e.date is None:
            e.date = DSpec("rel", n=b.part.rel)
        return e
    # time + part of day
    if a.time is not None and a.to is None and b.part is not None and b.date is None and a.part is None and _R_TP.match(g):
        e = replace(a, end=b.end, time=_adjust_time_by_part(a.time, b.part), weak=False)
        if b.part.rel is not None and e.date is None:
            e.date = DSpec("rel", n=b.part.rel)
        return e
    if a.part is not None and a.time is None and b.time is not None and b.to is None and b.kind != "eod" and _R_PT.match(g):
        e = replace(b, start=a.start, time=_adjust_time_by_part(b.time, a.part), weak=False, part=None)
        if e.date is None:
            if a.date is not None:
                e.date = a.date
            elif a.part.rel is not None:
                e.date = DSpec("rel", n=a.part.rel)
        return e
    # date + time / time + date
    if _has_date(a) and a.time is None and a.to is None and b.time is not None and b.to is None and b.date is None and b.kind != "eod" and _R_DT.match(g):
        return Expr(a.start, b.end, date=a.date, time=b.time, part=a.part, kind="dt", future=a.future)
    if a.time is not None and a.to is None and _has_date(b) and b.time is None and b.to is None and (a.date is None or a.kind == "eod" or (a.date.kind == "rel" and a.date.n == 0)) and (_R_TD.match(g) or a.kind == "eod"):
        return Expr(a.start, b.end, date=b.date, time=a.time, part=b.part, kind="dt", future=b.future)
    # date + part / part + date
    if _has_date(a) and a.part is None and a.to is None and b.part is not None and b.date is None and b.part.rel is None and _R_DP.match(g):
        return Expr(a.start, b.end, date=a.date, part=b.part, time=a.time, kind="dp", future=a.future)
    if a.part is not None and a.date is None and a.part.rel is None and _has_date(b) and b.part is None and b.to is None and b.kind != "relday-only" and _R_PD.match(g):
        return Expr(a.start, b.end, date=b.date, part=a.part, time=b.time, kind="dp", future=b.future)
    # weekday + numeric date ("samedi 23/06/18"), day number + weekday ("le 25 mardi")
    if _has_date(a) and _has_date(b) and re.fullmatch(r"\s*,?\s*(?:le\s+)?", g) and a.time is None and b.time is None:
        if a.date.kind == "weekday" and not a.date.mode and b.date.kind == "dmy" and b.date.wd is None:
            return Expr(a.start, b.end, date=replace(b.date, wd=a.date.wd), kind="date")
        if a.date.kind == "dmy" and a.date.m is None and b.date.kind == "weekday" and not b.date.mode:
            return Expr(a.start, b.end, date=replace(a.date, wd=b.date.wd), kind="date")
        if a.date.kind == "weekday" and b.date.kind == "rel" and b.date.n == 0:
            return Expr(a.start, b.end, date=a.date, kind="date")
    # "huit ce soir aujourd'hui": a time already dated 'today' + aujourd'hui
    if a.date is not None and a.date.kind == "rel" and b.kind == "relday" and b.date.n == a.date.n and re.fullmatch(r"\s*,?\s*", g):
        return replace(a, end=b.end)
    return None


def _compose(cx: Ctx, atoms: list[Expr]) -> list[Expr]:
    items = atoms[:]
    changed = True
    while changed:
        changed = False
        out: list[Expr] = []
        i = 0
        while i < len(items):
            if i + 1 < len(items):
                merged = _merge_pair(cx, items[i], items[i + 1])
                if merged is not None:
                    merged.future = merged.future or items[i].future or items[i + 1].future
                    out.append(merged)
                    i += 2
                    changed = True
                    continue
            out.append(items[i])
            i += 1
        items = out
    return [e for e in items if not e.weak and e.kind not in ("mod",)]


# --------------------------------------------------------------------------- resolution of expressions

_FUTURE_RX = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(_f(w)) for w in LEX.raw["future_cues"]) + r")(?![a-z])")
# a verb in the future tense before the date ("participeront du 10 au 20 mars", "se rendra en avril")
_FUTURE_TENSE_RX = re.compile(r"(?<![a-z])[a-z]{3,}(?:eront|iront|dront|eras?|iras?|dras?)(?![a-z])")
# "avait prévu de voter en février", "était programmée": a plan told in the past, not a future date
_PAST_PLAN_RX = re.compile(r"(?<![a-z])(?:avai(?:t|ent)|etai(?:t|ent))\s+(?:\S+\s+)?(?:prevu|programme)e?s?(?![a-z])")
_PREFIX_STRIP = re.compile(r"^(?:(?:l'|d')\s*|(?:le|la|les|du|de|des|au|aux|en|dans|depuis|entre|a|sur|pour|vers|from)\s+)+")


def _resolve_spec(ds: DSpec, anchor: date | None, prefer: str, other: DSpec | None = None) -> Res | None:
    if ds.kind == "shift":
        r = _resolve_spec(ds.extra["base"], anchor, prefer)
        if r is None or r.grain != "day":
            return None
        return _day(r.start + timedelta(days=ds.n))
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
    rb = _resolve_spec(b, anchor, prefer)
    if rb is None:
        return None
    if rb.end < ra.start:
        # "du 28 décembre au 3 janvier": the end follows the start
        if b.kind in ("dmy", "month") and b.y is None:
            rb = _resolve_spec(replace(b, y=None), ra.start, "future")
        elif a.kind in ("dmy", "month") and a.y is None:
            ra = _resolve_spec(replace(a, y=None), rb.start, "past")
        if ra is None or rb is None or rb.end < ra.start:
            return None
    return ra, rb


def _fmt_time(t: TSpec) -> str:
    if t.prec == "second":
        return f"{t.h:02d}:{t.mi:02d}:{t.s:02d}"
    return f"{t.h:02d}:{t.mi:02d}"


def _dt_plus(d0: date | None, t: TSpec, unit_delta: timedelta | None = None) -> str:
    if d0 is None:
        return "T" + _fmt_time(t)
    return f"{d0.isoformat()}T{_fmt_time(t)}"


def _to_match(e: Expr, cx: Ctx, anchor_d: date | None, anchor_dt: datetime | None, prefer: str) -> TemporalMatch | None:
    # span: strip leading prepositions/articles (DESIGN.md); keep demonstratives and modifiers
    s, t_end = e.start, e.end
    head = cx.folded[s:t_end]
    mstrip = _PREFIX_STRIP.match(head)
    keep_prefix = re.match(r"(?:il\s+y\s*a|dans\s+\S+\s+\S|dans\s+les)", head)
    if mstrip and not keep_prefix and mstrip.end() < len(head):
        s += mstrip.end()
    while t_end > s and cx.text[t_end - 1] in " ,;.:" and not cx.folded[t_end - 2: t_end].endswith(("m.", "v.")):
        t_end -= 1
    # future marking from the text
    sent_start = max(cx.folded.rfind(".", 0, e.start), cx.folded.rfind("\n", 0, e.start), cx.folded.rfind("!", 0, e.start), cx.folded.rfind("?", 0, e.start))
    window = cx.folded[max(sent_start + 1, e.start - 120): e.start]
    cue_future = bool((_FUTURE_RX.search(window) and not _PAST_PLAN_RX.search(window)) or _FUTURE_TENSE_RX.search(window))
    eff_prefer = "future" if (prefer == "future" or cue_future) else "past"

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
            value = f"{res.value}/{res_end.value}"
            ds_, de_, grain = res.start, res_end.end, "interval"
        else:
            value, ds_, de_, grain = res.value, res.start, res.end, res.grain
    elif e.date is not None:
        grain = {"weekday": "day", "rel": "day", "dmy": "day", "holiday": "day", "offset": "day"}.get(e.date.kind, e.date.kind)

    time_s, finest = "", value
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
            t = _adjust_time_by_part(t, e.part)
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
        h1, m1, s1, h2, m2, s2 = _part_hours(p)
        time_s = LEX.raw["part_of_day_names"][p.code]
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


# --------------------------------------------------------------------------- public API


def find_dates(text: str, anchor: date | datetime | str | None = None, prefer: str = "past") -> list[TemporalMatch]:
    """All temporal expressions of `text`, resolved against `anchor` (the publication date).

    `prefer` decides bare weekdays and day-months: 'past' (press: the last one on or before
    the anchor) or 'future' (the next one on or after), unless the text marks the direction.
    """
    if not text:
        return []
    cx = Ctx(text=text, low=text.lower() if len(text.lower()) == len(text) else text, folded=fold(text))
    anchor_d, anchor_dt = _anchor(anchor)
    out: list[TemporalMatch] = []
    last_day: TemporalMatch | None = None
    for e in _compose(cx, _atoms(cx)):
        m = _to_match(e, cx, anchor_d, anchor_dt, prefer)
        if m is None or m.end <= m.start or _WITHIN_HORIZON.match(m.text):
            continue
        if e.kind == "relday" and e.label and e.time is None and last_day is not None:
            m = _relative_to_narrative(m, last_day, e.date.n)
        elif m.grain in {"day", "part_of_day"} and m.value and e.kind != "relday":  # "dimanche matin" names a day too
            last_day = m
        out.append(m)
    return _merge_month_of_relative_year(text, out)


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


def _relative_to_narrative(m: TemporalMatch, reference: TemporalMatch, days: int) -> TemporalMatch:
    """'la veille', 'le lendemain' count from the day the story last named, not from the publication."""
    day = reference.date_start + timedelta(days=days)
    return replace(m, value=day.isoformat(), date_start=day, date_end=day, finest=day.isoformat(),
                   planned=m.planned and day > reference.date_start)


_MONTH_NAME_RX = re.compile(rf"(?<![a-z]){MONTH_FULL}(?![a-z])")
# "pour mi-mars", "pour le 12 mai", "d'ici à l'automne", "d'ici la fin de l'année": the text just before a date
_TARGET_RX = re.compile(r"(?:\bpour|\bd['’]ici(?:\s+(?:à|au|aux))?)\s+(?:(?:le|la|les|l['’])\s*)?$", re.IGNORECASE)


def introduces_target(text_before: str) -> bool:
    """The words before a date make it a target ('annoncé pour début décembre'): the event is planned."""
    return bool(_TARGET_RX.search(text_before))


def names_a_month(expression: str) -> bool:
    """'mi-mars', 'début décembre': the expression names a calendar month (not a weekday, not 'hier')."""
    return bool(_MONTH_NAME_RX.search(fold(expression)))


def normalize_date(expression: str, anchor=None, prefer: str = "past") -> TemporalMatch | None:
    """The best reading of one isolated expression (the longest mention found in it)."""
    found = find_dates(expression, anchor=anchor, prefer=prefer)
    if not found:
        return None
    return max(found, key=lambda m: (m.end - m.start, -m.start))
