"""Pass 1, the atoms of dates: the smallest temporal units, found by regular expressions.

Why a module: each atom is a pattern plus a small parser turning its match into an
unresolved spec (`DSpec` ...).  Atoms are declared here with `@atom(name, pattern)` into
`ATOM_TABLE`, in the order that breaks ties between equal spans; a pattern that needs the
lexicon's words is a function of the grammar (``lambda w: rf"...{w.MONTH_ANY}..."``) and is
compiled once per `DateGrammar`.  This module holds the date atoms (numeric dates, day-month-year,
months, years, weekdays, relative words, periods, offsets, début/mi/fin); `atoms_time` holds
the times of day, parts of day and bare numbers, declared after these.  Handlers read the
lexicon through ``cx.g`` (the grammar of the text being read).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Union

from pipeline.normalize.dates.lexicon import _f, fold
from pipeline.normalize.dates.specs import Ctx, DSpec, Expr, _valid, _year

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.normalize.dates.grammar import DateGrammar

# --------------------------------------------------------------------------- fixed regex building blocks
# (the ones built from the lexicon's words are attributes of `DateGrammar`)

DAYDIG = r"(?<![\d,.])(?:0?[1-9]|[12]\d|3[01])(?:er|re|ere|e|eme)?(?![\d])"
YEAR4 = r"(?<![\d,.])(?:1[0-9]\d\d|20\d\d|21\d\d)(?![\d])"
HOURNUM = r"(?<![\d,.:])(?:[01]?\d|2[0-4])(?![\d])"
AMPM = r"(?:a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
SP = r"\s+"

# every atom starts at a word start: the look-behind makes the scan skip mid-word positions fast
ATOM_START = r"(?:(?<![a-z0-9])|(?<=\dt)|(?<=\b(?:le|du|au|en))(?=\d))"  # also "le12.11.2019", glued by scraping


# --------------------------------------------------------------------------- atoms

AtomFn = Callable[[re.Match, Ctx], "list[Expr] | Expr | None"]
AtomPattern = Union[str, Callable[["DateGrammar"], str]]
ATOM_TABLE: list[tuple[str, AtomPattern, AtomFn]] = []


def atom(name: str, pattern: AtomPattern):
    """Declare an atom: its pattern (a regex source, or a function of the grammar giving one)
    is compiled with `ATOM_START` by each `DateGrammar`."""

    def deco(fn):
        ATOM_TABLE.append((name, pattern, fn))
        return fn

    return deco


def _g(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _mode_of(cx: Ctx, word: str | None) -> str:
    if not word:
        return ""
    w = word.strip()
    if re.fullmatch(cx.g.NEXTW_UNIT, w) or w in ("d'apres",):
        return "next"
    if re.fullmatch(cx.g.LASTW_UNIT, w):
        return "last"
    if w in ("ce", "cet", "cette", "courant", "ci"):
        return "this"
    return ""


def _num(cx: Ctx, word: str) -> int | None:
    lex = cx.g.lex
    w = word.strip().rstrip(".")
    m = re.match(r"(\d+)", w)
    if m:
        return int(m.group(1))
    w = re.sub(r"\s+", " ", w)
    if w in lex.numbers:
        return lex.numbers[w]
    if w in lex.ordinals:
        return lex.ordinals[w]
    return None


def _month(cx: Ctx, word: str) -> int | None:
    return cx.g.lex.months.get(word.strip().rstrip(".").strip())


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


@atom("numdate", r"(?<![\d/.,])(?P<a>\d{1,4})(?P<s>[/.\-])(?P<b>\d{1,2})(?P=s)(?P<c>\d{4}|\d{1,2})(?![\d]|[/.\-]\d)")
def _a_numdate(m, cx):
    """'12/03/2024', '12.03.24', '2024-03-12', and year first with one-digit parts ('2024-3-7')."""
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
        if len(c) > 2:
            return None
        ds = _mk_dmy(a, b, c, year_first=True)
    elif len(a) <= 2:
        if len(c) == 1:
            return None  # "3/5/7": no year
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


@atom("mixed", lambda w: rf"(?<![\d/\-])(?P<x>{w.MONTH_ANY}|\d{{1,4}})\s?(?P<s>[/\-])\s?(?P<y>{w.MONTH_ANY}|\d{{1,4}})(?P=s)(?P<z>{w.MONTH_ANY}|\d{{1,4}})(?![\d])")
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
    y, mo, d = int(years[0]), _month(cx, mons[0]), int(days[0])
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


@atom("dm_dot", r"(?<![\d/.,])(?P<d>[0-3]\d)\.(?P<m>[01]\d)(?![\d]|[.,]\d)")
def _a_dm_dot(m, cx):
    """'renvoyée au 07.03', 'le 14.07': a day and month with a dot, only after 'le', 'au', 'du' or a
    weekday (elsewhere '12.50' is a number)."""
    if not re.search(r"(?:\b(?:le|au|du|jusqu'au)|" + cx.g.WEEKDAY_ALT + r"\.?)\s*$", cx.folded[max(0, m.start() - 14):m.start()]):
        return None
    if re.match(r"\s*(?:%|euros?|dollars?|francs?|m\b|km\b|kg\b|heures?|h\b|pour)", cx.folded[m.end():m.end() + 8]):
        return None
    ds = _mk_dmy(m.group("d"), m.group("m"), None)
    return Expr(m.start(), m.end(), date=ds, kind="date") if ds else None


@atom("ym_num", r"(?<![\d/.,\-])(?P<y>(?:19|20)\d\d)(?:[ \t]*(?P<s>[/\-])[ \t]*|(?P<dot>\.))(?P<m>\d{1,2})(?![\d]|\s*[/\-.]\s*\d)")  # "2025.3" but not "2025. 3", a sentence end
@atom("my_num", r"(?<![\d/.,\-])(?P<m>\d{1,2})\s*[/\-]\s*(?P<y>(?:19|20)\d\d)(?![\d]|\s*[/\-]\s*\d)")
def _a_month_year_num(m, cx):
    """'03/2024' and '2024-03': the same month, written either way round ('2000-5' after 'Mirage' is a model)."""
    mo = int(m.group("m"))
    if not 1 <= mo <= 12:
        return None
    if (_g(m, "s") == "-" or _g(m, "dot")) and len(m.group("m")) == 1 and re.search(r"\b[A-Z][\w-]*\s+$", cx.text[max(0, m.start() - 20):m.start()]):
        return None  # a model after its name ("Mirage 2000-5"), not March 2015 ("2015-3")
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
    lambda w: rf"(?:(?:ce\s+)?(?P<wd>{w.WEEKDAY}|{w.WD_ABBR}|{w.WD_ABBR_BARE})\s*,?\s*(?:le\s+)?)?(?P<d>{w.DAYNUM})\s*(?:-\s*)?(?:de\s+|d')?(?P<mon>{w.MONTH_ANY})"
    rf"(?:\s*,?\s*(?:de\s+|en\s+)?(?P<y>{YEAR4}|{_Y2})|\s+(?P<post>{w.NEXTW}|{w.LASTW})(?![a-z]))?",
)
def _a_dmy(m, cx):
    d = _num(cx, m.group("d"))
    mo = _month(cx, m.group("mon"))
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
        wd = cx.g.lex.weekdays.get(w, cx.g.lex.wd_abbr.get(w))
    mode = _mode_of(cx, m.group("post"))
    return Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d, wd=wd, mode=mode), kind="date", future=mode == "next")


@atom(
    "mdy",
    lambda w: rf"(?<![a-z])(?P<mon>{w.MONTH_ANY})\s*[.,]?\s*(?:[\-/]\s*)?(?P<d>{w.DAYNUM})(?:(?:\s*,?\s*(?:de\s+)?|\s*-\s*)(?P<y>{YEAR4}))?"
    rf"(?P<ok>(?=\s*(?:$|[^\w\s]|\d|(?:au|a|et|jusqu)\b|(?:pour|entre|de)\s+\d)))?",
)
def _a_mdy(m, cx):
    if not m.group("y") and m.group("ok") is None:
        return None
    if m.group("mon") in cx.g.ABBR and not m.group("d")[0].isdigit():
        return None  # "sept trente" is a time, not September 30
    if not m.group("y") and re.match(r"[/.\-]\d", cx.folded[m.end("d"): m.end("d") + 2]):
        return None  # "mar. 14/05": a weekday before a numeric date, not 14 March
    d = _num(cx, m.group("d"))
    mo = _month(cx, m.group("mon"))
    if d is None or mo is None or not 1 <= d <= 31:
        return None
    y = int(m.group("y")) if m.group("y") else None
    if y is not None and not _valid(y, mo, d):
        return None
    return Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d), kind="date")


_MREF = r"(?P<mref>(?:(?:de|du)\s+)?(?:ce|cette|le)\s+mois(?:-ci)?(?:\s+(?:prochain|dernier|passe|suivant|precedent))?|mois\s+(?:prochain|dernier|passe|suivant|precedent))"


@atom(
    "dayrange",
    lambda w: rf"(?P<d1>{w.DAYNUM})(?:\s*,\s*(?:le\s+)?{DAYDIG})*\s*(?:au|a|jusqu'(?:a|au)|jusqu au|et|-|/)\s*(?:le\s+)?(?P<d2>{w.DAYNUM})\s*(?:de\s+|d')?"
    rf"(?:(?P<mon>{w.MONTH_ANY})(?:\s*,?\s*(?P<y>{YEAR4}))?|{_MREF})",
)
def _a_dayrange(m, cx):
    d1, d2 = _num(cx, m.group("d1")), _num(cx, m.group("d2"))
    if d1 is None or d2 is None or not (1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    if m.group("mon"):
        mo = _month(cx, m.group("mon"))
        y = int(m.group("y")) if m.group("y") else None
        a = DSpec("dmy", y=y, m=mo, d=d1)
        b = DSpec("dmy", y=y, m=mo, d=d2)
        if d2 < d1:  # "30 juin - 2 juillet" cannot reach here; "28 au 3 mars" means previous month
            a.extra["prev_month"] = True
    else:
        mode = _mode_of(cx, re.search(r"(prochain|dernier|passe|suivant|precedent|ce|cette|ci)\b", m.group("mref")).group(1))
        n = {"next": 1, "last": -1}.get(mode, 0)
        a = DSpec("dmy", d=d1, extra={"month_offset": n})
        b = DSpec("dmy", d=d2, extra={"month_offset": n})
    e = Expr(m.start(), m.end(), date=a, kind="date")
    e.to = Expr(m.start(), m.end(), date=b, kind="date")
    return e


@atom(
    "mdayrange",
    lambda w: rf"(?<![a-z])(?P<mon>{w.MONTH_ANY})\s+(?:entre\s+)?(?:le\s+|du\s+)?(?P<d1>{w.DAYNUM})\s*(?:au|a|jusqu'(?:a|au)|et|-)\s*(?P<d2>{w.DAYNUM})"
    rf"(?:\s*,?\s*(?P<y>{YEAR4}))?",
)
def _a_mdayrange(m, cx):
    d1, d2 = _num(cx, m.group("d1")), _num(cx, m.group("d2"))
    mo = _month(cx, m.group("mon"))
    if d1 is None or d2 is None or mo is None or not (1 <= d1 < d2 <= 31):
        return None
    y = int(m.group("y")) if m.group("y") else None
    e = Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d1), kind="date")
    e.to = Expr(m.start(), m.end(), date=DSpec("dmy", y=y, m=mo, d=d2), kind="date")
    return e


_MONTH_CUES = re.compile(
    r"(?:\b(?:en|de|d'|du|depuis|des|dès|jusqu'en|jusqu'à|jusqu'a|avant|apres|après|mois|debut|début|fin|mi|courant|entre|et|a|à|au|ou|vers|pour|le)\s*-?\s*)$"
)


@atom(
    "month",
    lambda w: rf"(?:(?P<pre>ce|cet|cette|prochain|prochaine|dernier)\s+)?(?:mois\s+(?:de\s+|d'))?(?<![a-z])(?P<mon>{w.MONTH_ANY})"
    rf"(?:\s*,?\s*(?:de\s+)?(?P<y>{YEAR4}|'\d\d(?![\d])|\d\d(?![\d])(?![/.\-]\d)(?=\s*(?:$|[^\w\s])))|\s+(?P<post>{w.NEXTW}|{w.LASTW})(?![a-z]))?",
)
def _a_month(m, cx):
    word = m.group("mon").rstrip(".")
    mo = _month(cx, word)
    if mo is None:
        return None
    y = _year(m.group("y")) if m.group("y") else None
    has_mod = bool(m.group("pre") or m.group("post") or y is not None)
    if word in cx.g.ABBR and not has_mod and not m.group("mon").endswith("."):
        return None
    if word in cx.g.NEED_CUE and cx.text[m.start("mon")].isupper() and not re.search(r"(?:^|[.!?\n]\s*)$", cx.text[max(0, m.start("mon") - 3): m.start("mon")]):
        return None  # "Mars" mid-sentence is the planet or a name: French months are lower-case
    if word in cx.g.NEED_CUE and not has_mod:
        before = cx.low[max(0, m.start() - 25): m.start()]
        if not _MONTH_CUES.search(before):
            return None
    mode = _mode_of(cx, m.group("pre") or m.group("post"))
    return Expr(m.start(), m.end(), date=DSpec("month", y=y, m=mo, mode=mode), kind="date", future=(mode == "next"))


_YEAR_CUE = re.compile(
    r"(?:\b(?:en|de|d'|du|depuis|dès|des|jusqu'en|jusqu'à|jusqu'a|avant|après|apres|l'an|année|annee|années|entre|et|ou|à|a|au|fin|début|debut|mi|vers|printemps|été|ete|automne|hiver|courant|dans|pour|le|saison|exercice|budget|ici|horizon|l'horizon|fin d'annee|printemps de|été de)\s*-?\s*|^\s*|[(,]\s*)$"
)


# "2019 : premier accord", "2021 – arrivée des instructeurs": a year opening a line of a chronology box
_CHRONOLOGY_LINE = re.compile(r"(?:^|[\s\S]*\n)[ \t]*\x00[ \t]*[:–—-][ \t]")


@atom("year", rf"(?P<y>{YEAR4})(?!\s*[,.]\d)")
def _a_year(m, cx):
    y = int(m.group("y"))
    before = cx.low[max(0, m.start() - 30): m.start()]
    after = cx.low[m.end(): m.end() + 20]
    if not _YEAR_CUE.search(before) and not _CHRONOLOGY_LINE.match(before + "\x00" + after):
        return None
    if cx.g.YEAR_BLOCK_RX.match(fold(after)):
        return None
    return Expr(m.start(), m.end(), date=DSpec("year", y=y), kind="date")


@atom("decade", lambda w: rf"(?:les\s+)?annees\s+(?P<dec>\d{{4}}|\d0(?![\d])|{w.DECADEW}(?![a-z\-]))(?:'?s)?")
def _a_decade(m, cx):
    s = m.group("dec")
    if s.isdigit():
        y = int(s)
        if len(s) == 2:
            y += 1900
        if y % 10:
            return None
    else:
        y = 1900 + cx.g.lex.decade_words[s]
    return Expr(m.start(), m.end(), date=DSpec("decade", y=y), kind="date")


# weekdays and relative words ----------------------------------------------------


@atom(
    "weekday",
    lambda w: rf"(?:(?P<pre>ce|cette)\s+)?(?<![a-z])(?P<wd>{w.WEEKDAY})"
    rf"(?:\s+(?P<post>{w.NEXTW_UNIT}|{w.LASTW_UNIT})(?![a-z\-])|\s+(?:de\s+)?(?P<wk>(?:cette|la)\s+semaine(?:\s+(?P<wkm>{w.NEXTW_UNIT}|{w.LASTW_UNIT}))?(?![a-z])))?",
)
def _a_weekday(m, cx):
    wd = cx.g.lex.weekdays[m.group("wd")]
    before = cx.low[max(0, m.start() - 12): m.start()]
    if re.search(r"(?:chaque|tous les|les|toutes les)\s*$", before):
        return None
    ds = DSpec("weekday", wd=wd)
    fut = False
    if m.group("wk"):
        ds.mode = "this"
        ds.n = {"next": 1, "last": -1}.get(_mode_of(cx, m.group("wkm")), 0)
        fut = ds.n > 0
    elif m.group("pre"):
        ds.mode = "this"
    elif m.group("post"):
        post = m.group("post")
        if post in ("d'apres", "d'avant") and not _CLAUSE_END.match(cx.folded, m.end()):
            return Expr(m.start(), m.end("wd"), date=ds, kind="date")  # "mardi d'après l'agence": according to
        ds.mode = _mode_of(cx, post)
        fut = ds.mode == "next"
    return Expr(m.start(), m.end(), date=ds, kind="date", future=fut)


@atom("weekday_abbr", lambda w: rf"(?<![a-z])(?P<wd>{w.WD_ABBR}|{w.WD_ABBR_BARE})\s*,?\s*(?=(?:le\s+)?\d)")
def _a_weekday_abbr(m, cx):
    """'lun. 14/07', 'sam 3/5': an abbreviated weekday only counts with the date that follows (composition)."""
    wd = cx.g.lex.wd_abbr.get(m.group("wd").rstrip("."))
    if wd is None:
        return None
    return Expr(m.start(), m.end(), date=DSpec("weekday", wd=wd), kind="date", weak=True)


@atom(
    "wd_day",
    lambda w: rf"(?<![a-z])(?P<wd>{w.WEEKDAY})\s+(?P<d>(?<![\d,.])(?:0?[1-9]|[12]\d|3[01])(?:er)?)(?![\d:h]|[,.]\d)"
    rf"(?=\s*(?:$|[.;:!?)]|,\s|(?:de|entre|a|vers)\s+(?:\d|midi)|(?:au|et|jusqu'au)\s+(?:le\s+)?(?:{w.WEEKDAY}|\d)))",
)
def _a_wd_day(m, cx):
    """'vendredi 15.', 'mardi 3, à Alger': a weekday and a day of month, the month left to the anchor."""
    d = _num(cx, m.group("d"))
    if not d or d > 31:
        return None
    return Expr(m.start(), m.end(), date=DSpec("dmy", d=d, wd=cx.g.lex.weekdays[m.group("wd")]), kind="date")


@atom("week_after", lambda w: rf"(?<![a-z])(?P<w>{w.WEEK_AFTER_W})(?![a-z\-])(?!\s+(?:heures?|h|jours?|ans|mois|semaines?|minutes?|fois)(?![a-z]))")
def _a_week_after(m, cx):
    """'en huit', 'en quinze' after a day ('mardi en huit'): only with that day (composition)."""
    n = cx.g.WEEK_AFTER.get(re.sub(r"\s+", " ", m.group("w")))
    if n is None:
        return None
    return Expr(m.start(), m.end(), date=DSpec("offset", n=n, unit="day"), kind="week_after", weak=True)


@atom("relday", lambda w: rf"(?<![a-z'])(?P<art>(?:la|le)\s+)?(?P<w>{w.RELW})(?![a-z])")
def _a_relday(m, cx):
    w = re.sub(r"^(?:la|le)\s+", "", m.group("w"))
    n = cx.g.REL_DAYS.get(m.group("w"), cx.g.REL_DAYS.get(w))
    if n is None:
        return None
    if w.startswith("aujourd") or w == "ce jour":
        window = cx.folded[max(0, m.start() - 14): m.end() + 16]
        if any(p in window for p in cx.g.NOWADAYS):
            return None  # "encore aujourd'hui", "à ce jour" (so far): now as a state of affairs, no day of the story
    # 'la veille', 'le lendemain', 'le jour suivant' ... count from the day the story last named (tagger)
    label = next((name for name in cx.g.NARRATIVE_DAYS if name in w), "")
    return Expr(m.start(), m.end(), date=DSpec("rel", n=n), kind="relday", label=label, future=n > 0)


@atom("week", lambda w: rf"(?:(?P<pre>cette|la|ce)\s+)?(?<![a-z])semaine(?:-ci)?(?:\s+(?P<post>{w.NEXTW_UNIT}|{w.LASTW_UNIT}|en cours)(?![a-z]))?")
def _a_week(m, cx):
    if m.group("pre") != "cette" and not m.group("post"):
        return None
    n = {"next": 1, "last": -1}.get(_mode_of(cx, m.group("post")), 0)
    return Expr(m.start(), m.end(), date=DSpec("week", n=n), kind="date", future=n > 0)


@atom("week_of", lambda w: rf"(?:la\s+)?(?<![a-z])semaine\s+du(?=\s+(?:{w.WEEKDAY}\s+)?{w.DAYNUM})")
def _a_week_of(m, cx):
    """'la semaine du 5 avril': only with the day that follows (composition)."""
    return Expr(m.start(), m.end(), kind="week_of", weak=True)


@atom("nthweek", lambda w: rf"(?:la\s+)?(?P<o>{w.ORDW}|\d{{1,2}}(?:e|eme|ieme))\s+semaine\s+(?:de\s+l'annee\s+|de\s+|d')(?P<y>{YEAR4})")
def _a_nthweek(m, cx):
    n = _num(cx, m.group("o"))
    if not n or n > 53:
        return None
    return Expr(m.start(), m.end(), date=DSpec("week", y=int(m.group("y")), n=n), kind="date")


@atom("monthrel", lambda w: rf"(?:(?P<pre>ce|le)\s+)?(?<![a-z])mois(?P<ci>-ci)?(?:\s+(?P<post>{w.NEXTW_UNIT}|{w.LASTW_UNIT}|en cours)(?![a-z]))?")
def _a_monthrel(m, cx):
    if not (m.group("pre") == "ce" or m.group("post")):
        return None
    n = {"next": 1, "last": -1}.get(_mode_of(cx, m.group("post")), 0)
    return Expr(m.start(), m.end(), date=DSpec("month", extra={"rel": n}), kind="date", future=n > 0)


@atom(
    "yearrel",
    lambda w: rf"(?:cette\s+annee(?:-ci)?|l'annee\s+(?P<p1>{w.NEXTW_UNIT}|{w.LASTW_UNIT}|en cours)|l'an\s+(?P<p2>{w.NEXTW_UNIT}|{w.LASTW_UNIT}))(?![a-z])",
)
def _a_yearrel(m, cx):
    p = m.group("p1") or m.group("p2")
    n = {"next": 1, "last": -1}.get(_mode_of(cx, p), 0) if p and p != "en cours" else 0
    return Expr(m.start(), m.end(), date=DSpec("year", n=n), kind="date", future=n > 0)


@atom(
    "weekend",
    lambda w: rf"(?:(?P<pre>ce|le)\s+)?(?<![a-z])(?:week-?end|week end|fin de semaine)(?:\s+(?P<post>{w.NEXTW}|{w.LASTW})(?![a-z]))?",
)
def _a_weekend(m, cx):
    if not (m.group("pre") or m.group("post")):
        return None
    if not m.group("post") and re.match(r"\s+(?:du|des)\s+(?:\d|1er|premier)", cx.folded[m.end(): m.end() + 14]):
        return Expr(m.start(), m.end(), kind="weekend_of", weak=True)  # "le week-end du 12 avril": with the day (composition)
    mode = _mode_of(cx, m.group("post")) or ("this" if m.group("pre") == "ce" else "")
    return Expr(m.start(), m.end(), date=DSpec("weekend", mode=mode), kind="date", future=mode == "next")


@atom(
    "season",
    lambda w: rf"(?:(?P<pre>ce|cet|cette|l'|le|au|en|d')\s*)?(?<![a-z])(?P<s>{w.SEASON})(?![a-z])(?:\s+(?:(?P<post>{w.NEXTW}|{w.LASTW})(?![a-z])|(?:de\s+)?(?P<y>{YEAR4})))?",
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
    months = tuple(cx.g.lex.raw["seasons"][s])
    mode = _mode_of(cx, post) or ("this" if pre in ("ce", "cet", "cette") else "")
    ds = DSpec("season", y=int(y) if y else None, mode=mode, extra={"months": months})
    return Expr(m.start(), m.end(), date=ds, kind="date", future=mode == "next")


@atom(
    "quarter",
    lambda w: rf"(?P<o>{w.ORDW}|dernier|\d(?:er|e|eme|ieme))\s+(?P<q>trimestre|semestre|quart|moitie)(?:\s*(?:de\s+|d'|du\s+)?(?P<yref>cette annee|l'annee(?:\s+(?:prochaine|derniere|en cours))?(?![a-z])|l'an\s+(?:dernier|prochain))"
    rf"|\s*(?:de\s+l'annee\s+|de\s+|d'|du\s+)?(?P<y>{YEAR4}))?",
)
def _a_quarter(m, cx):
    q = m.group("q")
    if q in ("quart", "moitie") and not (m.group("y") or m.group("yref")):
        return None
    size = cx.g.lex.raw["quarters"][q]
    n = 12 // size if m.group("o") == "dernier" else _num(cx, m.group("o"))
    if not n or n * size > 12:
        return None
    y = int(m.group("y")) if m.group("y") else None
    k = 0
    if m.group("yref"):
        k = 1 if "prochain" in m.group("yref") else (-1 if "dernier" in m.group("yref") else 0)
    return Expr(m.start(), m.end(), date=DSpec("quarter", y=y, n=k, extra={"nth": n, "size": size}), kind="date")


@atom(
    "fortnight",
    lambda w: rf"(?P<o>premiere|1re|1ere|seconde|deuxieme|2e|2eme|derniere)\s+quinzaine\s+(?:de\s+|d'|du\s+mois\s+(?:de\s+|d'))?(?P<mon>{w.MONTH_ANY})"
    rf"(?:\s*,?\s*(?:de\s+)?(?P<y>{YEAR4}))?",
)
def _a_fortnight(m, cx):
    """'la première quinzaine d'avril': days 1-15 of the month; the second (or last) one: 16 to its end."""
    mo = _month(cx, m.group("mon"))
    if mo is None:
        return None
    first = m.group("o").startswith(("premiere", "1"))
    ds = DSpec("month", y=int(m.group("y")) if m.group("y") else None, m=mo, sub=(1, 15) if first else (16, 31))
    return Expr(m.start(), m.end(), date=ds, kind="date")


@atom(
    "day_this_month",
    lambda w: rf"(?P<d>{w.DAYNUM})\s+(?:(?P<cur>courant)|(?:du|de\s+ce)\s+mois(?:-ci)?(?:\s+(?P<post>{w.NEXTW_UNIT}|{w.LASTW_UNIT}))?(?!\s+(?:de\s|d')))(?![a-z])",
)
def _a_day_this_month(m, cx):
    """'le 15 courant', 'le 8 de ce mois', 'le 3 du mois prochain': a day of the anchor's month (or the next/last)."""
    d = _num(cx, m.group("d"))
    if not d or d > 31:
        return None
    n = {"next": 1, "last": -1}.get(_mode_of(cx, m.group("post")), 0)
    return Expr(m.start(), m.end(), date=DSpec("dmy", d=d, extra={"month_offset": n}), kind="date", future=n > 0)


@atom(
    "nthwd",
    lambda w: rf"(?P<o>{w.ORDW}|dernier|\d(?:er|e|eme))\s+(?P<wd>{w.WEEKDAY})\s+(?:de|du|d')\s*(?:mois\s+(?:de\s+|d'))?"
    rf"(?:(?P<mon>{w.MONTH_ANY})(?:\s+(?P<y>{YEAR4}))?|(?P<mref>ce mois|cette mois|mois prochain|mois dernier))",
)
def _a_nthwd(m, cx):
    o = m.group("o")
    n = -1 if o == "dernier" else _num(cx, o)
    if not n or n > 5:
        return None
    wd = cx.g.lex.weekdays[m.group("wd")]
    ds = DSpec("nthwd", n=n, wd=wd)
    if m.group("mon"):
        ds.m = _month(cx, m.group("mon"))
        ds.y = int(m.group("y")) if m.group("y") else None
    else:
        ds.extra["month_offset"] = 1 if "prochain" in m.group("mref") else (-1 if "dernier" in m.group("mref") else 0)
    return Expr(m.start(), m.end(), date=ds, kind="date")


@atom(
    "nth_unit",
    lambda w: rf"(?P<o>{w.ORDW}|dernier|derniere|\d(?:er|re|ere|e|eme))\s+(?P<u>jour|semaine|week-?end)(?![a-z])"
    rf"(?:(?P<year>\s+de\s+l'an(?:nee)?(?:\s+en\s+cours)?)(?!\s+(?:{w.NEXTW_UNIT}|{w.LASTW_UNIT}|\d))(?![a-z\d])|(?=\s*(?:de|du|d')))",
)
def _a_nth_unit(m, cx):
    """'le dernier jour', 'la première semaine', 'le deuxième week-end': a day, a week or a weekend counted
    inside the month or the year that follows ('de mars', 'du mois prochain', 'de 2026'; composition);
    'de l'année' alone is the anchor's year."""
    o = m.group("o")
    n = -1 if o.startswith("dernier") else _num(cx, o)
    if not n or n > 31:
        return None
    unit = {"jour": "day", "semaine": "week"}.get(m.group("u"), "weekend")
    if m.group("year"):
        ds = DSpec("nthunit", n=n, unit=unit, extra={"box": DSpec("year", n=0)})
        return Expr(m.start(), m.end(), date=ds, kind="date")
    return Expr(m.start(), m.end(), date=DSpec("nthunit", n=n, unit=unit), kind="nth_unit", weak=True)


@atom(
    "holiday",
    lambda w: rf"(?<![a-z])(?P<h>{w.HOLI})(?![a-z])(?:\s+(?:de\s+)?(?P<y>{YEAR4})|\s+(?P<post>{w.NEXTW}|{w.LASTW})(?![a-z]))?",
)
def _a_holiday(m, cx):
    """'Noël', 'la Toussaint 2019', 'Noël dernier': a feast day, its year from the text or the anchor."""
    h = m.group("h")
    need_cap = {_f(w) for w in cx.g.lex.raw["holidays_need_capital"]}
    if h in need_cap and not cx.text[m.start()].isupper() \
            and not re.search(r"(?<![a-z])(?:la|l'|l’)\s*$", cx.folded[max(0, m.start() - 4):m.start()]):
        return None  # "toussaint" alone may be a name; "la toussaint", "l'ascension" are the feasts
    if h in need_cap and re.match(r"\s+[A-ZÀ-Ý][a-zà-ÿ]", cx.text[m.end():m.end() + 3]):
        return None  # "Toussaint Louverture": a first name
    mode = _mode_of(cx, m.group("post"))
    ds = DSpec("holiday", y=int(m.group("y")) if m.group("y") else None, mode=mode, extra={"h": cx.g.lex.holidays[h]})
    return Expr(m.start(), m.end(), date=ds, kind="date", future=mode == "next")


# offsets ------------------------------------------------------------------------


_ROUND = r"(?:une\s+)?(?P<round>{})\s+(?:de\s+|d')"  # "une quinzaine de jours": the round figures are in the lexicon


def _count(cx: Ctx, m: re.Match) -> int | None:
    """The count of an offset: a number, or a round figure ('une quinzaine de jours')."""
    if _g(m, "round"):
        return cx.g.ROUND_COUNTS.get(m.group("round"))
    return _num(cx, m.group("n"))


def _idiom(cx: Ctx, m: re.Match, n: int, unit: str) -> int:
    """'quinze jours' is a fortnight (14 days), 'huit jours' a week (7): the words, not the digits."""
    words = _g(m, "n")
    if unit != "day" or not words or words.strip().isdigit():
        return n
    return cx.g.lex.raw.get("idiomatic_day_counts", {}).get(words.strip(), n)


@atom("ago", lambda w: rf"(?<![a-z])(?:{w.AGO_W})\s+(?:{w.APPROX}\s+)?(?:(?P<n>{w.NUM}|un|une)\s*|{_ROUND.format(w.ROUND)})(?P<u>{w.UNIT})")
def _a_ago(m, cx):
    n = _count(cx, m)
    if n is None:
        return None
    u = cx.g.UNITS[m.group("u")]
    return Expr(m.start(), m.end(), date=DSpec("offset", n=-_idiom(cx, m, n, u), unit=u), kind="date")


@atom("in", lambda w: rf"(?<![a-z])(?:dans|d'ici(?:\s+a)?)\s+(?:{w.APPROX}\s+)?(?:(?P<n>{w.NUM}|un|une)\s*|{_ROUND.format(w.ROUND)})(?P<u>{w.UNIT})")
def _a_in(m, cx):
    n = _count(cx, m)
    if n is None:
        return None
    u = cx.g.UNITS[m.group("u")]
    return Expr(m.start(), m.end(), date=DSpec("offset", n=_idiom(cx, m, n, u), unit=u), kind="date", future=True)


@atom(
    "lastn",
    lambda w: rf"(?:(?P<n>{w.NUM})\s+(?P<dir>(?:dernier|derniere|prochain|prochaine)s?)\s+(?P<u>{w.UNIT})"
    rf"|(?P<dir2>(?:dernier|derniere|prochain|prochaine)s?)\s+(?P<n2>{w.NUM})\s*(?P<u2>{w.UNIT})"
    rf"|dans\s+les\s+(?P<n3>{w.NUM})\s*(?P<u3>{w.UNIT}))",
)
def _a_lastn(m, cx):
    n = _num(cx, m.group("n") or m.group("n2") or m.group("n3"))
    u = cx.g.UNITS[m.group("u") or m.group("u2") or m.group("u3")]
    if not n:
        return None
    if m.group("dir") and not m.group("dir").endswith("s") and n > 1:
        return None
    if m.group("n3"):
        mode = "within"
    else:
        mode = "last" if (m.group("dir") or m.group("dir2")).startswith("dernier") else "next"
    return Expr(m.start(), m.end(), date=DSpec("lastn", n=n, unit=u, mode=mode), kind="date", future=mode != "last")


_CLAUSE_END = re.compile(r"\s*(?:$|[.,;:!?)\]\n]|[-\u2013\u2014]\s)")


@atom(
    "reloffset",
    lambda w: rf"(?<![a-z\-])(?:(?:{w.APPROX})\s+)?(?:(?P<n>{w.NUM})\s*|{_ROUND.format(w.ROUND)})(?P<u>{w.OFFSET_UNIT}|heures(?![a-z]))\s+(?P<dir>{w.OFFSET_DIR})(?!\s+que(?![a-z]))",
)
def _a_reloffset(m, cx):
    """'deux jours plus tard', 'une semaine plus tôt', 'trois mois auparavant', 'dix jours après,':
    an offset from the day the story last named, else from the publication date (tagger).  'après' and
    'avant' need the end of a clause; before a noun ('une semaine après la visite') the atom is weak and
    only counts when composition finds a date to shift ('deux jours avant le 3 mai')."""
    n = _count(cx, m)
    unit = cx.g.UNITS.get(m.group("u"))
    if unit == "hour" and n and n % 24 == 0:
        n, unit = n // 24, "day"  # '48 heures plus tard': two days
    d = re.sub(r"\s+", " ", m.group("dir"))
    sign = cx.g.OFFSET_DIRS.get(d)
    if not n or sign is None or unit not in ("day", "week", "month", "year"):
        return None
    e = Expr(m.start("n") if m.group("n") else m.start(), m.end(), date=DSpec("offset", n=sign * _idiom(cx, m, n, unit), unit=unit), kind="reloffset")
    if d in cx.g.OFFSET_NEED_END and not _CLAUSE_END.match(cx.folded, m.end()):
        following = re.match(r"\s+([a-z']+)", cx.folded[m.end():m.end() + 20])
        if not (following and following.group(1) in cx.g.lex.raw.get("offset_clause_words", ())):
            e.weak = True  # 'une semaine après la visite' (a noun follows), not 'une semaine après par des tirs'
    return e


# début / mi / fin ---------------------------------------------------------------------


@atom(
    "mod",
    lambda w: rf"(?<![a-z])(?:(?:au|a la|en)\s+)?(?P<mod>debut|mi|fin|courant|milieu)(?=\s*-?\s*(?:de\s+|d'|du\s+mois\s+(?:de\s+|d'))?(?:{w.MONTH_ANY}|{YEAR4}|l'annee|l'an\b|cette annee))",
)
def _a_mod(m, cx):
    mod = m.group("mod")
    return Expr(m.start("mod"), m.end(), kind="mod", mod="mi" if mod == "milieu" else mod, weak=True)


@atom(
    "modweek",
    lambda w: rf"(?<![a-z])(?P<mod>debut|milieu|fin)\s+(?:de\s+(?:la\s+)?|d')?semaine(?:\s+(?P<post>{w.NEXTW_UNIT}|{w.LASTW_UNIT})(?![a-z]))?",
)
def _a_modweek(m, cx):
    """'en début de semaine', 'à la fin de la semaine prochaine': part of the anchor's week (or the next/last);
    a bare 'fin de semaine' is the weekend atom's."""
    if m.group("mod") == "fin" and re.match(r"fin\s+de\s+semaine", m.group(0)) \
            and (m.group("post") or re.search(r"(?<![a-z])(?:ce|le)\s+$", cx.folded[max(0, m.start() - 4):m.start()])):
        return None
    n = {"next": 1, "last": -1}.get(_mode_of(cx, m.group("post")), 0)
    days = tuple(cx.g.lex.raw.get("week_modifier_days", {}).get(m.group("mod"), ()))
    if len(days) != 2:
        return None
    return Expr(m.start(), m.end(), date=DSpec("week", n=n, sub=days), kind="date", future=n > 0)


@atom(
    "modrel",
    lambda w: rf"(?<![a-z])(?P<mod>debut|mi|fin|milieu)\s*-?\s*(?:de\s+l'annee|d'annee|de\s+l'an|du\s+mois(?!\s+(?:de\s+|d')\s*(?:{w.MONTH_ANY}))|de\s+mois)(?:\s+(?P<post>{w.NEXTW}|{w.LASTW}|en cours)(?![a-z]))?",
)
def _a_modrel(m, cx):
    mod = "mi" if m.group("mod") == "milieu" else m.group("mod")
    n = {"next": 1, "last": -1}.get(_mode_of(cx, m.group("post")), 0) if m.group("post") != "en cours" else 0
    if "mois" in m.group(0):
        ds = DSpec("month", extra={"rel": n}, sub=tuple(cx.g.lex.raw["period_modifiers"][mod]))
    else:
        ds = DSpec("year", n=n, sub=tuple(cx.g.lex.raw["year_modifier_months"][mod]))
    return Expr(m.start(), m.end(), date=ds, kind="date", future=n > 0)


# times of day ---------------------------------------------------------------------
